"""POST /api/ingest: the bearer token, read-only mode, the body limit, and a real extraction."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from eventwire.serve import create_app
from eventwire.settings import Settings

TOKEN = "test-token-5f1c"
ARTICLE = (
    "Gunmen attacked a police checkpoint in the invented town of Lorvale near Kaduna, Nigeria, on Tuesday, "
    "killing three officers, the state police spokesman Ade Obiora said on Wednesday."
)


@pytest.fixture()
def store_copy(sample_store_path: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "events.sqlite"
    shutil.copy(sample_store_path, copy)
    return copy


def client_for(path: Path, **settings: object) -> TestClient:
    return TestClient(create_app(str(path), Settings(**settings)))


@pytest.fixture()
def writer(store_copy: Path) -> Iterator[TestClient]:
    with client_for(store_copy, api_token=SecretStr(TOKEN)) as client:
        yield client


def test_writes_are_off_without_a_token(store_copy: Path) -> None:
    with client_for(store_copy) as client:
        response = client.post("/api/ingest", json={"text": ARTICLE})
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "writes_disabled"
        assert "EVENTWIRE_API_TOKEN" in response.json()["error"]["message"]
        assert client.get("/api/config").json()["writes"] is False


@pytest.mark.parametrize("header", [None, "Bearer wrong", f"Basic {TOKEN}", TOKEN, "Bearer "])
def test_a_missing_or_wrong_token_is_401(writer: TestClient, header: str | None) -> None:
    headers = {"Authorization": header} if header is not None else {}
    response = writer.post("/api/ingest", json={"text": ARTICLE}, headers=headers)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert writer.get("/api/health").json()["counts"]["articles"] == 3


def test_read_only_refuses_writes_even_with_the_token(store_copy: Path) -> None:
    with client_for(store_copy, api_token=SecretStr(TOKEN), read_only=True) as client:
        response = client.post("/api/ingest", json={"text": ARTICLE}, headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "read_only"
        assert client.get("/api/config").json()["writes"] is False


def test_the_token_comes_from_the_environment(store_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from eventwire.settings import load_settings

    monkeypatch.setenv("EVENTWIRE_API_TOKEN", TOKEN)
    settings = load_settings()
    assert settings.api_token is not None and settings.api_token.get_secret_value() == TOKEN
    assert TOKEN not in repr(settings)
    with TestClient(create_app(str(store_copy), settings)) as client:
        assert client.get("/api/config").json()["writes"] is True


def test_body_limit(store_copy: Path) -> None:
    with client_for(store_copy, api_token=SecretStr(TOKEN), max_body_bytes=1000) as client:
        headers = {"Authorization": f"Bearer {TOKEN}"}
        response = client.post("/api/ingest", json={"text": "word " * 500}, headers=headers)
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "body_too_large"

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted while reading
            yield b'{"text": "'
            for _ in range(100):
                yield b"word " * 10
            yield b'"}'

        response = client.post("/api/ingest", content=chunks(), headers={**headers, "Content-Type": "application/json"})
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "body_too_large"


@pytest.mark.parametrize(
    ("body", "status", "parameter"),
    [
        ({}, 400, "text"),
        ({"text": "a", "html": "<p>b</p>"}, 400, "html"),
        ({"url": "ftp://example.org/a"}, 400, "url"),
        ({"text": ARTICLE, "published": "last week"}, 400, "published"),
        ({"text": ARTICLE, "colour": "red"}, 422, "colour"),
        ({"text": 5}, 422, "text"),
    ],
)
def test_bad_ingest_bodies(writer: TestClient, body: dict[str, object], status: int, parameter: str) -> None:
    response = writer.post("/api/ingest", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == status, response.text
    assert response.json()["error"]["parameter"] == parameter


def test_ingest_text_and_html_with_the_token(writer: TestClient) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    response = writer.post("/api/ingest", headers=headers, json={
        "text": ARTICLE, "title": "Checkpoint attacked", "outlet": "Example Herald",
        "published": "2025-11-19T08:00:00+00:00"})
    assert response.status_code == 201, response.text
    answer = response.json()
    assert answer["articles_added"] == 1 and answer["events_added"] >= 1
    [article_id] = answer["article_ids"]
    stored = writer.get(f"/api/articles/{article_id}").json()
    assert stored["text"] == ARTICLE and stored["article"]["outlet"] == "Example Herald"
    assault = next(event for event in stored["events"] if event["type"] == "ASSAULT")
    assert assault["fatalities"]["killed"] == 3
    again = writer.post("/api/ingest", headers=headers, json={"text": ARTICLE}).json()
    assert again["articles_added"] == 0 and again["already_stored"] == 1

    html = f"<html><head><title>Checkpoint</title></head><body><article><p>{ARTICLE} Residents fled.</p></article></body></html>"
    answer = writer.post("/api/ingest", headers=headers, json={"html": html, "outlet": "Example Gazette"}).json()
    assert answer["articles_added"] == 1
    stored = writer.get(f"/api/articles/{answer['article_ids'][0]}").json()
    assert "<p>" not in stored["text"] and "Gunmen attacked" in stored["text"]
    empty = writer.post("/api/ingest", headers=headers, json={"text": "   "}).json()
    assert empty["articles_added"] == 0 and empty["rejects"][0]["reason"] == "empty"
