"""PostgreSQL with PostGIS installed: the generated geom column and its GiST index answer bbox and radius."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sample_results import sample_results
from sqlalchemy import text

from eventwire.store import EventFilter, open_store
from eventwire.store.sql import SqlStore

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def store(postgis_url: str) -> Iterator[SqlStore]:
    opened = open_store(postgis_url)
    for result in sample_results():
        assert opened.add_result(result)
    yield opened
    opened.close()


def test_geom_column_and_index(store: SqlStore) -> None:
    assert store.has_geom
    with store._engine.connect() as connection:
        indexes = connection.execute(text(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'events' AND indexdef LIKE '%gist%'")).scalars()
        assert list(indexes) == ["events_geom"]
        assert connection.execute(text("SELECT count(geom) FROM events")).scalar() == 4


@pytest.mark.parametrize(
    ("event_filter", "expected"),
    [
        (EventFilter(bbox=(-72.0, 10.0, -66.0, 11.0)), ["strike-1", "protest-1", "protest-2"]),
        (EventFilter(bbox=(-67.0, 10.0, -66.0, 11.0)), ["strike-1"]),
        (EventFilter(radius=(10.49, -66.88, 100)), ["strike-1"]),
        (EventFilter(radius=(10.49, -66.88, 600)), ["strike-1", "protest-1", "protest-2"]),
        (EventFilter(radius=(4.6, -74.1, 5)), ["talks-1"]),
        # Near Caracas's antipode: Caracas is ~20,015 km away, Maracaibo and Bogotá closer.
        (EventFilter(radius=(-10.49, 113.12, 20_000)), ["protest-1", "protest-2", "talks-1"]),
    ],
)
def test_spatial_filters_match_the_plain_columns(store: SqlStore, event_filter: EventFilter,
                                                 expected: list[str]) -> None:
    assert [event["id"] for event in store.query_events(event_filter)] == expected
    assert store.stats(event_filter)["total"] == len(expected)
