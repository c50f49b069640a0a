"""SQLite page plans (store/filters.py SqlitePlan): walking in sort order and collecting from the FTS5 /
R*Tree indexes give the same pages; the indexes stay keyed by rowid through writes, VACUUM and 0005."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sample_results import sample_results

from eventwire.model import ArticleResult
from eventwire.store import EventFilter, filters
from eventwire.store.sql import SqlStore

COPIES = 12


def copies() -> list[ArticleResult]:
    """The three sample articles twelve times over, with their own ids, dates and places."""
    results = []
    for number in range(COPIES):
        for result in sample_results():
            events = tuple(
                dataclasses.replace(
                    event, id=f"{event.id}-{number}",
                    date=dataclasses.replace(event.date, value=event.date.value - dt.timedelta(days=number))
                    if event.date else None,
                    location=dataclasses.replace(event.location, lat=event.location.lat + number * 0.5,
                                                 lon=event.location.lon + number * 0.5)
                    if event.location and event.location.lat is not None else event.location,
                )
                for event in result.events
            )
            article = dataclasses.replace(result.article, id=f"{result.article.id}-{number}")
            results.append(ArticleResult(article, events, result.quotes))
    return results


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqlStore]:
    with SqlStore(tmp_path_factory.mktemp("plans") / "events.sqlite") as opened:
        for result in copies():
            opened.add_result(result)
        yield opened


def page_ids(store: SqlStore, event_filter: EventFilter, plan: filters.SqlitePlan) -> list[str]:
    with store._read() as connection:
        rows = connection.execute(store._events_select(event_filter, plan).limit(event_filter.limit)).all()
    return [row.id for row in rows]


FILTERS = [
    EventFilter(q="tear gas", limit=5),
    EventFilter(q="caracas", sort="killed", limit=7),
    EventFilter(q="envoys stalling", country="COL", limit=100),
    EventFilter(q="nowhere-word", limit=10),
    EventFilter(bbox=(-70.0, 9.0, -63.0, 14.0), limit=6),
    EventFilter(bbox=(-70.0, 9.0, -63.0, 14.0), q="depot", order="asc", limit=100),
    EventFilter(bbox=(-66.88, 10.49, -66.88, 10.49), limit=100),  # one point exactly on the box's edges
    EventFilter(radius=(10.49, -66.88, 150), limit=4),
    EventFilter(radius=(10.49, -66.88, 1500), sort="killed", limit=100),
    EventFilter(radius=(10.49, -66.88, 20_000), limit=100),  # the whole earth: box is the full range
    EventFilter(radius=(10.49, -66.88, 150), bbox=(-70.0, 9.0, -63.0, 14.0), q="caracas", limit=100),
]


@pytest.mark.parametrize("event_filter", FILTERS,
                         ids=lambda f: f"q={f.q},bbox={f.bbox},radius={f.radius},sort={f.sort}")
def test_walking_and_collecting_give_the_same_page(store: SqlStore, event_filter: EventFilter) -> None:
    collected = page_ids(store, event_filter, filters.SqlitePlan())
    walked = page_ids(store, event_filter, filters.SqlitePlan(walk_text=True, walk_place=True))
    assert walked == collected
    # The page also equals a filter on plain columns and event JSON, computed here without any index.
    assert collected == [event["id"] for event in store.query_events(event_filter)]


@pytest.mark.parametrize("radius", [(10.0, 20.0, 500.0), (80.0, 10.0, 1500.0), (-45.0, 179.5, 300.0),
                                    (0.0, -179.9, 50.0), (60.0, 0.0, 5000.0)])
def test_radius_box_holds_the_circle(radius: tuple[float, float, float]) -> None:
    min_lon, min_lat, max_lon, max_lat = filters.radius_box(radius)
    lat, lon, km = radius
    for bearing in range(0, 360, 5):
        # The point km away on this bearing (spherical destination formula).
        angle, theta, phi = km / filters.EARTH_RADIUS_KM, math.radians(bearing), math.radians(lat)
        end_phi = math.asin(math.sin(phi) * math.cos(angle) + math.cos(phi) * math.sin(angle) * math.cos(theta))
        end_lon = lon + math.degrees(math.atan2(math.sin(theta) * math.sin(angle) * math.cos(phi),
                                                math.cos(angle) - math.sin(phi) * math.sin(end_phi)))
        end_lon = (end_lon + 540.0) % 360.0 - 180.0
        assert min_lat <= math.degrees(end_phi) <= max_lat
        assert min_lon <= end_lon <= max_lon


def test_expected_matches(store: SqlStore) -> None:
    assert len(page_ids(store, FILTERS[0], filters.SqlitePlan())) == 5  # the protest article, 12 copies
    assert page_ids(store, FILTERS[3], filters.SqlitePlan()) == []
    # The R*Tree keeps 32-bit floats rounded outwards; the exact test keeps the point on the edge.
    assert page_ids(store, FILTERS[6], filters.SqlitePlan()) == ["strike-1-0"]
    # Copies move 0.5 degrees north-east each (~78 km): two lie within 150 km of the first.
    assert page_ids(store, FILTERS[7], filters.SqlitePlan()) == ["strike-1-0", "strike-1-1"]
    assert page_ids(store, FILTERS[10], filters.SqlitePlan())  # radius, bbox and q together


def test_broad_queries_walk(store: SqlStore, monkeypatch: pytest.MonkeyPatch) -> None:
    with store._read() as connection:
        assert store._page_plan(connection, EventFilter(q="tear gas")) == filters.SqlitePlan()
        monkeypatch.setattr(filters, "BROAD_MATCHES", 3)
        monkeypatch.setattr(filters, "BROAD_TEXT_SHARE", 1000)
        monkeypatch.setattr(filters, "BROAD_BBOX_SHARE", 1000)
        assert store._page_plan(connection, EventFilter(q="tear gas")).walk_text  # type: ignore[union-attr]
        assert not store._page_plan(connection, EventFilter(q="nowhere-word")).walk_text  # type: ignore[union-attr]
        assert store._page_plan(connection, EventFilter(bbox=(-70.0, 9.0, -63.0, 14.0))).walk_place  # type: ignore[union-attr]
        assert not store._page_plan(connection, EventFilter(bbox=(0.0, 0.0, 1.0, 1.0))).walk_place  # type: ignore[union-attr]
    # Broad or not, the page is the same.
    assert [e["id"] for e in store.query_events(EventFilter(q="tear gas", limit=5))] == page_ids(
        store, EventFilter(q="tear gas", limit=5), filters.SqlitePlan())


def _index_rows(path: Path) -> tuple[set[int], set[int], set[int], set[int]]:
    connection = sqlite3.connect(path)
    try:
        events = {row[0] for row in connection.execute("SELECT rowid FROM events")}
        places = {row[0] for row in connection.execute("SELECT rowid FROM events WHERE lat IS NOT NULL")}
        search = {row[0] for row in connection.execute(
            "SELECT s.rowid FROM event_search s JOIN events e ON e.rowid = s.rowid AND e.id = s.event_id")}
        tree = {row[0] for row in connection.execute(
            "SELECT p.id FROM event_places p JOIN events e ON e.rowid = p.id"
            " AND e.lat BETWEEN p.min_lat AND p.max_lat AND e.lon BETWEEN p.min_lon AND p.max_lon")}
        return events, search, places, tree
    finally:
        connection.close()


def test_indexes_follow_writes_and_vacuum(tmp_path: Path) -> None:
    path = tmp_path / "events.sqlite"
    with SqlStore(path) as store:
        for result in copies()[:9]:
            store.add_result(result)
    events, search, places, tree = _index_rows(path)
    assert events == search and places == tree and len(tree) > 0
    connection = sqlite3.connect(path)
    connection.execute("VACUUM")  # must keep the rowids the indexes are keyed by
    connection.close()
    assert _index_rows(path) == (events, search, places, tree)
    with SqlStore(path) as store:
        assert len(store.query_events(EventFilter(q="tear gas"))) == 6  # two events in each protest article


def test_0005_rekeys_an_0004_store(tmp_path: Path) -> None:
    path = tmp_path / "events.sqlite"
    with SqlStore(path) as store:
        for result in copies()[:9]:
            store.add_result(result)
    # As 0004 left it: FTS rows in their own rowid order (here reversed), no R*Tree, no 0005 indexes.
    connection = sqlite3.connect(path)
    connection.executescript("""
        DROP TABLE event_places;
        DROP INDEX articles_visible;
        DROP INDEX events_country_type_date;
        DROP TABLE article_search;
        DROP TABLE event_search;
        CREATE VIRTUAL TABLE article_search USING fts5(article_id UNINDEXED, title, text);
        CREATE VIRTUAL TABLE event_search USING fts5(event_id UNINDEXED, evidence);
        INSERT INTO article_search (article_id, title, text)
            SELECT id, coalesce(title, ''), text FROM articles ORDER BY rowid DESC;
        INSERT INTO event_search (event_id, evidence)
            SELECT id, coalesce(evidence, '') FROM events ORDER BY rowid DESC;
        UPDATE alembic_version SET version_num = '0004_versions';
    """)
    connection.commit()
    connection.close()
    with SqlStore(path) as store:
        assert store.migration.from_revision == "0004_versions"
        found = [e["article"]["id"] for e in store.query_events(EventFilter(q="tear gas"))]
        assert sorted(set(found)) == ["article-protest-0", "article-protest-1", "article-protest-2"]
        assert len(found) == 6
        assert len(store.query_events(EventFilter(bbox=(-70.0, 9.0, -63.0, 14.0)))) > 0
    events, search, places, tree = _index_rows(path)
    assert events == search and places == tree


def test_in_memory_store_pages_with_as_of_and_q() -> None:
    """The plan's read and the as_of lookup each take the one in-memory connection in turn."""
    with SqlStore(":memory:") as store:
        for result in copies()[:3]:
            store.add_result(result)
        assert len(store.query_events(EventFilter(q="tear gas", as_of=3))) == 2
        assert store.query_events(EventFilter(q="tear gas", as_of=1)) == []  # the strike article only
        assert len(store.query_events(EventFilter(bbox=(-70.0, 9.0, -63.0, 14.0), as_of=3))) == 1  # Caracas
