"""GET /api/quotes: speaker in any form, words, since, cursor pages, and the error envelope."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from quote_samples import quote_results

from eventwire.serve import create_app
from eventwire.settings import Settings
from eventwire.store import open_store


@pytest.fixture(scope="module")
def quotes_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path: Path = tmp_path_factory.mktemp("quotes") / "quotes.sqlite"
    store = open_store(path)
    for result in quote_results():
        store.add_result(result)
    store.close()
    with TestClient(create_app(str(path), Settings())) as client:
        yield client


def test_speaker_forms_are_one_speaker(quotes_client: TestClient) -> None:
    answers = [quotes_client.get("/api/quotes", params={"speaker": name}).json()
               for name in ("Mara Quintero", "Defense Minister Mara Quintero", "Minister Mara Quintero")]
    assert answers[0] == answers[1] == answers[2]
    assert answers[0]["count"] == 4 and answers[0]["next_cursor"] is None
    first = answers[0]["quotes"][0]
    assert first["text"] == "No convoy has been stopped at the border."
    assert first["speaker_key"] == "quintero"
    assert first["article"]["outlet"] == "Example Daily"


def test_words_since_and_pages(quotes_client: TestClient) -> None:
    body = quotes_client.get("/api/quotes?q=convoy&since=2025-11-04").json()
    assert [quote["text"] for quote in body["quotes"]] == [
        "No convoy has been stopped at the border.", "We expect the convoy to be escorted by the navy."]
    page = quotes_client.get("/api/quotes?limit=5").json()
    assert page["count"] == 5 and page["next_cursor"]
    rest = quotes_client.get("/api/quotes", params={"limit": 5, "cursor": page["next_cursor"]}).json()
    assert rest["count"] == 3 and rest["next_cursor"] is None
    texts = [quote["text"] for quote in page["quotes"] + rest["quotes"]]
    assert len(set(texts)) == 8


@pytest.mark.parametrize(("query", "status", "message"), [
    ("speaker=the+minister", 400, "names no one"),
    ("since=last+week", 400, "since must be a date"),
    ("cursor=abc", 400, "cursor is not valid"),
    ("limit=0", 422, "limit"),
])
def test_bad_requests_use_the_envelope(quotes_client: TestClient, query: str, status: int, message: str) -> None:
    response = quotes_client.get(f"/api/quotes?{query}")
    assert response.status_code == status
    error = response.json()["error"]
    assert message in error["message"] and error["code"] in ("bad_input", "invalid_request")


def test_quotes_are_in_the_openapi_contract(quotes_client: TestClient) -> None:
    spec = quotes_client.get("/openapi.json").json()
    parameters = {p["name"] for p in spec["paths"]["/api/quotes"]["get"]["parameters"]}
    assert {"speaker", "q", "since", "limit", "cursor"} <= parameters
