"""Schemathesis against the app's own OpenAPI spec, in process (ASGI), over a store of demo articles:
no 5xx and every answer matches the spec, for a bounded, derandomized set of examples per operation.
Writes need the token whatever the Authorization header says, and request bodies have a size limit."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from faults import fuzz_api
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

DEMO = Path(__file__).resolve().parents[2] / "src" / "eventwire" / "demo" / "articles.jsonl"
DEMO_ARTICLES = 12
EXAMPLES = 25


@pytest.fixture(scope="module")
def demo_store(pipeline: Any, tmp_path_factory: pytest.TempPathFactory) -> str:
    from eventwire.pipeline import ingest
    from eventwire.settings import Settings
    from eventwire.store import open_store

    folder = tmp_path_factory.mktemp("api-fuzz")
    dump = folder / "demo.jsonl"
    dump.write_text("".join(DEMO.read_text(encoding="utf-8").splitlines(keepends=True)[:DEMO_ARTICLES]))
    db = folder / "demo.sqlite"
    with open_store(db) as store:  # type: ignore[attr-defined]
        report = ingest([str(dump)], store, Settings(db=str(db)), runner=pipeline.process)
    assert report.events_added > 10
    return str(db)


@pytest.mark.slow
def test_api_conforms_to_its_spec(demo_store: str) -> None:
    from eventwire.serve import create_app
    from eventwire.settings import Settings

    report = fuzz_api(create_app(demo_store, Settings(db=demo_store)), EXAMPLES)
    assert report.failures == [], json.dumps(report.failures[:5], indent=1)
    assert len(report.cases) >= 5 and all(count >= 1 for count in report.cases.values())
    assert report.statuses and max(report.statuses) < 500


@pytest.fixture(scope="module")
def guarded_client(demo_store: str) -> Any:
    from fastapi.testclient import TestClient

    from eventwire.serve import create_app
    from eventwire.settings import Settings

    app = create_app(demo_store, Settings(db=demo_store, api_token="s3cret-token-for-tests", max_body_bytes=4096))
    with TestClient(app) as client:
        yield client


@settings(max_examples=60, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck))
@given(header=st.one_of(st.none(), st.text(max_size=60), st.text(max_size=40).map("Bearer {}".format),
                        st.sampled_from(["Bearer", "Bearer ", "Basic czNjcmV0", "Token s3cret-token-for-tests",
                                         "Bearer s3cret-token-for-test", "Bearer s3cret-token-for-tests2"])))
def test_writes_need_the_token(guarded_client: Any, header: str | None) -> None:
    headers = {} if header is None else {"Authorization": header}
    try:
        response = guarded_client.post("/api/ingest", json={"text": "Police arrested 12 protesters."}, headers=headers)
    except UnicodeEncodeError:
        return  # httpx refuses a header it cannot send: nothing reached the server
    assert response.status_code in (401, 403), (header, response.status_code, response.text[:200])
    assert response.json()["error"]["code"] in ("unauthorized", "forbidden")


@pytest.mark.parametrize("chunked", [False, True])
def test_request_bodies_have_a_size_limit(guarded_client: Any, chunked: bool) -> None:
    body = b'{"text": "' + b"a" * 10_000 + b'"}'
    headers = {"Authorization": "Bearer s3cret-token-for-tests", "Content-Type": "application/json"}
    content: Any = iter([body[:5000], body[5000:]]) if chunked else body
    response = guarded_client.post("/api/ingest", content=content, headers=headers)
    assert response.status_code == 413 and response.json()["error"]["code"] == "body_too_large"
