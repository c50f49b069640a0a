"""Injection strings in every /api/events, /api/stats and /api/quotes parameter are only values, on
SQLite and (with EVENTWIRE_TEST_POSTGRES_URL) PostgreSQL; nothing is changed by them."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sample_results import sample_results

from eventwire.serve import create_app
from eventwire.settings import Settings
from eventwire.store import open_store

INJECTIONS = [
    "' OR '1'='1",
    "'; DROP TABLE events; --",
    "\" OR 1=1 --",
    "VEN') OR ('a'='a",
    "%' UNION SELECT data FROM events --",
    "* OR NEAR(a b)",
    "\\'; DELETE FROM articles; --",
    "1; SELECT pg_sleep(5)",
    "<script>alert(1)</script>",
]
#: Parameters that take free text: an injection is a value that matches nothing.
TEXT_PARAMETERS = ["acled_type", "admin1", "actor", "outlet", "q"]
#: Parameters with a fixed vocabulary or format: an injection is a 4xx naming the parameter.
CHECKED_PARAMETERS = ["type", "mode", "country", "claim", "since", "until", "bbox", "radius", "cursor",
                      "min_killed", "min_outlets", "sort", "order", "limit", "offset"]
COUNTS = {"articles": 3, "events": 5, "quotes": 1, "rejects": 0}

POSTGRES_URL = os.environ.get("EVENTWIRE_TEST_POSTGRES_URL", "")


def _postgres_schema_url() -> Iterator[str]:
    import psycopg

    if not POSTGRES_URL:
        reason = "no PostgreSQL server: set EVENTWIRE_TEST_POSTGRES_URL (make test starts one, docs/store.md)"
        if os.environ.get("EVENTWIRE_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    schema = "test_" + uuid.uuid4().hex[:12]
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
        separator = "&" if "?" in POSTGRES_URL else "?"
        try:
            yield f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
        finally:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    if request.param == "sqlite":
        urls: Iterator[str] = iter([str(tmp_path_factory.mktemp("security") / "events.sqlite")])
    else:
        urls = _postgres_schema_url()
    url = next(urls)
    store = open_store(url)
    try:
        for result in sample_results():
            assert store.add_result(result)
    finally:
        store.close()
    with TestClient(create_app(url, Settings())) as test_client:
        yield test_client
    for _ in urls:  # finish the generator: drops the PostgreSQL schema
        pass


@pytest.mark.parametrize("attack", INJECTIONS)
def test_injections_are_only_values(client: TestClient, attack: str) -> None:
    value = quote(attack, safe="")
    for parameter in TEXT_PARAMETERS:
        for path in ("/api/events", "/api/stats"):
            response = client.get(f"{path}?{parameter}={value}")
            assert response.status_code == 200, (parameter, response.text)
            body = response.json()
            assert body.get("events", []) == [] and body.get("total", 0) == 0, parameter
    for parameter in CHECKED_PARAMETERS:
        response = client.get(f"/api/events?{parameter}={value}")
        assert 400 <= response.status_code < 500, (parameter, response.text)
        assert response.json()["error"]["parameter"] == parameter
    for parameter in ("speaker", "q"):
        response = client.get(f"/api/quotes?{parameter}={value}")
        assert response.status_code == 200 and response.json()["quotes"] == [], parameter
    for path in ("/api/events/", "/api/articles/"):
        assert client.get(path + value).status_code == 404
    assert client.get("/api/health").json()["counts"] == COUNTS
    assert client.get("/api/events").json()["count"] == 5
