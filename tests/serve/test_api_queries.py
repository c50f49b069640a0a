"""Every /api/events filter, sorting and cursors, /api/stats, event and article detail shapes."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sample_results import STRIKE_TEXT

ALL_IDS = ["strike-1", "protest-1", "protest-2", "talks-2", "talks-1"]


@pytest.mark.parametrize(
    ("query", "expected_ids"),
    [
        ("mode=aerial", ["strike-1"]),
        ("mode=DEMO", ["protest-1"]),
        ("acled_type=explosions/remote violence", ["strike-1"]),
        ("admin1=Distrito Capital", ["strike-1"]),
        ("bbox=-67.5,10,-66,11", ["strike-1"]),
        ("radius=10.63,-71.64,25", ["protest-1", "protest-2"]),
        ("actor=quintero", []),
        ("outlet=example wire", ["protest-1", "protest-2"]),
        ("min_killed=1", ["strike-1"]),
        ("min_outlets=1", ALL_IDS),
        ("min_outlets=2", []),
        ("claim=claimed", ["protest-2"]),
        ("q=tear gas", ["protest-1", "protest-2"]),
        ("q=fuel depot&type=ASSAULT", ["strike-1"]),
        ("sort=date&order=asc", ["talks-1", "talks-2", "protest-1", "protest-2", "strike-1"]),
        ("sort=killed&order=desc&limit=1", ["strike-1"]),
    ],
)
def test_every_filter(client: TestClient, query: str, expected_ids: list[str]) -> None:
    response = client.get(f"/api/events?{query}")
    assert response.status_code == 200, response.text
    assert [event["id"] for event in response.json()["events"]] == expected_ids


def test_cursor_pages_cover_everything_once(client: TestClient) -> None:
    seen, cursor = [], None
    for _ in range(10):
        url = "/api/events?limit=2" + (f"&cursor={cursor}" if cursor else "")
        body = client.get(url).json()
        seen += [event["id"] for event in body["events"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == ALL_IDS
    other_order = client.get(f"/api/events?limit=2&order=asc&cursor={client.get('/api/events?limit=2').json()['next_cursor']}")
    assert other_order.status_code == 400
    assert other_order.json()["error"]["parameter"] == "cursor"


@pytest.mark.parametrize(
    ("query", "status", "parameter"),
    [
        ("bbox=1,2,3", 400, "bbox"),
        ("bbox=10,0,5,1", 400, "bbox"),
        ("radius=10,10,-1", 400, "radius"),
        ("mode=bombing", 400, "mode"),
        ("claim=maybe", 400, "claim"),
        ("sort=rank", 422, "sort"),
        ("order=sideways", 422, "order"),
        ("min_killed=-2", 422, "min_killed"),
        ("min_outlets=x", 422, "min_outlets"),
        ("cursor=garbage", 400, "cursor"),
        ("actor=" + "a" * 201, 400, "actor"),
        ("since=2025-13-01", 400, "since"),
    ],
)
def test_bad_values_name_their_parameter(client: TestClient, query: str, status: int, parameter: str) -> None:
    response = client.get(f"/api/events?{query}")
    assert response.status_code == status
    error = response.json()["error"]
    assert error["parameter"] == parameter
    assert error["message"]


def test_stats_counts_by_day_type_country(client: TestClient) -> None:
    stats = client.get("/api/stats").json()
    assert stats["total"] == 5
    assert stats["by_type"] == [{"value": "ACCUSE", "count": 1}, {"value": "ASSAULT", "count": 1},
                                {"value": "COERCE", "count": 1}, {"value": "CONSULT", "count": 1},
                                {"value": "PROTEST", "count": 1}]
    assert stats["by_country"] == [{"value": "COL", "count": 1}, {"value": "VEN", "count": 3},
                                   {"value": None, "count": 1}]
    assert sum(row["count"] for row in stats["by_day"]) == 5
    assert client.get("/api/stats?country=VEN").json()["total"] == 3
    assert client.get("/api/stats?country=VEN&since=2025-11-13").json()["by_day"] == [
        {"value": "2025-11-13", "count": 1}]
    assert client.get("/api/stats?type=nope").json()["error"]["parameter"] == "type"


def test_event_detail_has_reports_spans_quotes_and_ranges(client: TestClient) -> None:
    event = client.get("/api/events/strike-1").json()
    assert event["type"] == "ASSAULT" and event["fatalities"]["killed"] == 11
    assert event["casualties"]["killed"] == {"best": 11, "min": 11, "max": 11}
    assert event["corroboration"] == {"outlets": 1, "outlets_with_copies": 1, "articles": 1,
                                      "independent_documents": 1, "mentions": 1}
    assert event["conflicts"] == []
    [report] = event["reports"]
    assert report["article_id"] == "article-strike" and report["outlet"] == "Example Daily"
    assert report["mention_ids"] == ["strike-1"] and report["killed"] == 11
    kinds = {span["kind"]: span for span in report["spans"]}
    assert kinds["trigger"]["text"] == "struck"
    assert STRIKE_TEXT[kinds["place"]["start"]:kinds["place"]["end"]] == "Caracas"
    assert kinds["casualties"]["text"] == "eleven people dead and four injured"
    assert report["quotes"][0]["speaker"] == "Mara Quintero"


def test_article_detail_lists_spans_to_highlight(client: TestClient) -> None:
    body = client.get("/api/articles/article-strike").json()
    text = body["text"]
    assert all(text[span["start"]:span["end"]] == span["text"] for span in body["spans"])
    kinds = [span["kind"] for span in body["spans"]]
    assert "trigger" in kinds and "quote" in kinds
    quote = next(span for span in body["spans"] if span["kind"] == "quote")
    assert quote["text"] == "We will answer this attack,"


def test_geojson_and_csv_follow_filters_and_pages(client: TestClient) -> None:
    geo = client.get("/api/events?format=geojson&min_killed=1")
    assert [feature["id"] for feature in geo.json()["features"]] == ["strike-1"]
    paged = client.get("/api/events?format=csv&limit=2")
    assert paged.headers["x-next-cursor"]
    assert len(paged.text.strip().splitlines()) == 3  # header + 2 rows
