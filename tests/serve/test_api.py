"""The HTTP API through create_app + TestClient: values, filters, formats, the error envelope, one-shot."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sample_results import TALKS_TEXT, strike_result

from eventwire.errors import BadInputError, ConfigError, StoreError
from eventwire.model import event_to_dict
from eventwire.serve import answer_once, create_app
from eventwire.settings import Settings


def test_events_default_lists_all_newest_first(client: TestClient) -> None:
    response = client.get("/api/events")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 5
    assert [event["id"] for event in body["events"]] == [
        "strike-1", "protest-1", "protest-2", "talks-2", "talks-1"
    ]
    strike = body["events"][0]
    assert {key: value for key, value in strike.items() if key != "article"} == event_to_dict(
        strike_result().events[0]
    )
    assert strike["article"]["outlet"] == "Example Daily"


@pytest.mark.parametrize(
    ("query", "expected_ids"),
    [
        ("country=VEN", ["strike-1", "protest-1", "protest-2"]),
        ("country=col", ["talks-1"]),
        ("type=protest", ["protest-1"]),
        ("since=2025-11-10&until=2025-11-12", ["protest-1", "protest-2"]),
        ("until=2025-10-31", ["talks-1"]),
        ("limit=1&offset=1", ["protest-1"]),
        ("country=VEN&type=ASSAULT&since=2025-11-13", ["strike-1"]),
        ("country=&type=", ["strike-1", "protest-1", "protest-2", "talks-2", "talks-1"]),
    ],
)
def test_event_filters(client: TestClient, query: str, expected_ids: list[str]) -> None:
    body = client.get(f"/api/events?{query}").json()
    assert [event["id"] for event in body["events"]] == expected_ids
    assert body["count"] == len(expected_ids)


@pytest.mark.parametrize(
    ("query", "status", "code", "message_part"),
    [
        ("since=13/11/2025", 400, "bad_input", "since must be a date as YYYY-MM-DD"),
        ("until=2025-02-30", 400, "bad_input", "until is not a valid date"),
        ("since=2025-11-20&until=2025-11-01", 400, "bad_input", "is after until"),
        ("country=Venezuela", 400, "bad_input", "ISO 3166-1 alpha-3"),
        ("type=BOMBING", 400, "bad_input", "PLOVER event type"),
        ("limit=0", 422, "invalid_request", "limit"),
        ("limit=5001", 422, "invalid_request", "limit"),
        ("limit=many", 422, "invalid_request", "limit"),
        ("offset=-1", 422, "invalid_request", "offset"),
        ("format=xml", 422, "invalid_request", "format"),
    ],
)
def test_bad_parameters_get_the_error_envelope(
    client: TestClient, query: str, status: int, code: str, message_part: str
) -> None:
    response = client.get(f"/api/events?{query}")
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert message_part in body["error"]["message"]


def test_limit_bounds_are_accepted(client: TestClient) -> None:
    assert client.get("/api/events?limit=1").json()["count"] == 1
    assert client.get("/api/events?limit=5000").json()["count"] == 5


def test_geojson_format(client: TestClient) -> None:
    response = client.get("/api/events?format=geojson&country=VEN")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/geo+json")
    collection = response.json()
    assert [feature["id"] for feature in collection["features"]] == ["strike-1", "protest-1", "protest-2"]
    assert collection["features"][1]["geometry"]["coordinates"] == [-71.64, 10.63]


def test_csv_format(client: TestClient) -> None:
    response = client.get("/api/events?format=csv&type=ASSAULT")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 1
    assert rows[0]["event_id"] == "VEN-strike-1"
    assert rows[0]["fatalities"] == "11"
    assert rows[0]["sub_event_type"] == "Air/drone strike"


def test_one_event(client: TestClient) -> None:
    event = client.get("/api/events/talks-1").json()
    assert event["type"] == "CONSULT"
    start = TALKS_TEXT.index("October")
    assert event["date"] == {"text": "October", "value": "2025-10-01", "precision": "month", "source": "text",
                             "start": start, "end": start + len("October")}
    missing = client.get("/api/events/nope")
    assert missing.status_code == 404
    assert missing.json() == {"error": {"code": "not_found", "message": "no event with id 'nope'"}}


def test_article_has_text_events_and_quotes(client: TestClient) -> None:
    body = client.get("/api/articles/article-strike").json()
    text = body["text"]
    event = body["events"][0]
    assert text[event["trigger"]["start"]:event["trigger"]["end"]] == "struck"
    assert text[event["location"]["start"]:event["location"]["end"]] == "Caracas"
    assert body["quotes"][0]["speaker"] == "Mara Quintero"
    assert body["article"]["url"] == "https://news.example.org/depot-struck"
    assert client.get("/api/articles/unknown").json()["error"]["code"] == "not_found"


def test_unknown_path_and_method_use_the_envelope(client: TestClient) -> None:
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "no such path: /api/nothing-here"}}
    response = client.post("/api/events")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_health_and_config(client: TestClient) -> None:
    health = client.get("/api/health").json()
    assert health["status"] == "ok"
    assert health["counts"] == {"articles": 3, "events": 5, "quotes": 1, "rejects": 0}
    config = client.get("/api/config").json()
    assert config["tile_url"] is None
    assert len(config["event_types"]) == 16 and "ASSAULT" in config["event_types"]


def test_tile_url_setting_reaches_the_page(sample_store_path: Path) -> None:
    app = create_app(str(sample_store_path), Settings(tile_url="https://tiles.example.org/{z}/{x}/{y}.png"))
    with TestClient(app) as client:
        assert client.get("/api/config").json()["tile_url"] == "https://tiles.example.org/{z}/{x}/{y}.png"


def test_page_and_static_files(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert '<div id="map"' in page.text and "/static/app.js" in page.text
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/style.css").status_code == 200
    assert client.get("/static/missing.js").json()["error"]["code"] == "not_found"


def test_cors_allows_configured_origin_only(client: TestClient) -> None:
    allowed = client.get("/api/health", headers={"Origin": "https://maps.example.org"})
    assert allowed.headers["access-control-allow-origin"] == "https://maps.example.org"
    other = client.get("/api/health", headers={"Origin": "https://elsewhere.example.org"})
    assert "access-control-allow-origin" not in other.headers


def test_store_failure_is_a_500_envelope(sample_store_path: Path) -> None:
    app = create_app(str(sample_store_path), Settings())
    app.state.store.close()  # every store call now raises StoreError
    status, text = answer_once(app, "/api/health")
    assert status == 500
    assert json.loads(text)["error"]["code"] == StoreError.code


def test_openapi_is_published(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    parameters = {parameter["name"] for parameter in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert parameters == {
        "type", "mode", "acled_type", "country", "admin1", "bbox", "radius", "since", "until", "actor", "outlet",
        "min_outlets", "min_killed", "claim", "q", "sort", "order", "limit", "offset", "cursor", "format",
        "as_of",
    }
    assert "post" in spec["paths"]["/api/ingest"]
    assert {"/api/stats", "/api/events/{event_id}", "/api/articles/{article_id}"} <= set(spec["paths"])
    assert client.get("/docs").status_code == 200


def test_answer_once(sample_store_path: Path) -> None:
    status, text = answer_once(create_app(str(sample_store_path)), "/api/events?country=VEN&type=PROTEST")
    assert status == 200
    assert [event["id"] for event in json.loads(text)["events"]] == ["protest-1"]
    status, text = answer_once(create_app(str(sample_store_path)), "/api/events?since=yesterday")
    assert status == 400 and json.loads(text)["error"]["code"] == "bad_input"
    with pytest.raises(BadInputError):
        answer_once(create_app(str(sample_store_path)), "api/events")


def test_create_app_refuses_unreachable_postgres_and_bad_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        create_app("mysql://localhost/events")
    with pytest.raises(StoreError, match="cannot open store postgresql"):
        create_app("postgresql://eventwire@127.0.0.1:1/events")
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"\x00not sqlite at all" * 100)
    with pytest.raises(StoreError, match="is not an eventwire database"):
        create_app(str(junk))
