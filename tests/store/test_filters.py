"""Every EventFilter field, sorting, cursor pagination, stats and SQL injection, on both backends."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

import pytest
from sample_results import sample_results, strike_result

from eventwire.errors import BadInputError
from eventwire.store import EventFilter, open_store
from eventwire.store.sql import SqlStore

ALL = ["strike-1", "protest-1", "protest-2", "talks-2", "talks-1"]


@pytest.fixture(scope="module")
def store(module_store_url: str) -> Iterator[SqlStore]:
    """The sample store, shared: tests that write use `fresh_store`."""
    opened = open_store(module_store_url)
    for result in sample_results():
        assert opened.add_result(result)
    yield opened
    opened.close()


@pytest.fixture()
def fresh_store(store_url: str) -> Iterator[SqlStore]:
    opened = open_store(store_url)
    for result in sample_results():
        assert opened.add_result(result)
    yield opened
    opened.close()


def ids(store: SqlStore, event_filter: EventFilter) -> list[str]:
    return [event["id"] for event in store.query_events(event_filter)]


@pytest.mark.parametrize(
    ("event_filter", "expected"),
    [
        (EventFilter(mode="aerial"), ["strike-1"]),
        (EventFilter(mode="DEMO"), ["protest-1"]),
        (EventFilter(acled_event_type="Protests"), ["protest-1", "protest-2"]),
        (EventFilter(acled_event_type="protests", type="COERCE"), ["protest-2"]),
        (EventFilter(admin1="zulia"), ["protest-1", "protest-2"]),
        (EventFilter(admin1="Bogota D.C."), ["talks-1"]),
        # Caracas and Maracaibo are in the box; Bogotá is south-west of it.
        (EventFilter(bbox=(-72.0, 10.0, -66.0, 11.0)), ["strike-1", "protest-1", "protest-2"]),
        (EventFilter(bbox=(-67.0, 10.0, -66.0, 11.0)), ["strike-1"]),
        # Maracaibo is ~520 km from Caracas: 100 km keeps Caracas only, 600 km takes both, not Bogotá.
        (EventFilter(radius=(10.49, -66.88, 100)), ["strike-1"]),
        (EventFilter(radius=(10.49, -66.88, 600)), ["strike-1", "protest-1", "protest-2"]),
        (EventFilter(radius=(4.6, -74.1, 5)), ["talks-1"]),
        # Near Caracas's antipode: Caracas is ~20,015 km away, Maracaibo and Bogotá closer.
        (EventFilter(radius=(-10.49, 113.12, 20_000)), ["protest-1", "protest-2", "talks-1"]),
        (EventFilter(radius=(-10.49, 113.12, 20_050)), ["strike-1", "protest-1", "protest-2", "talks-1"]),
        (EventFilter(actor="police"), ["protest-2"]),
        (EventFilter(actor="PORT work"), ["talks-2"]),
        (EventFilter(actor="invented union"), ["talks-2"]),  # the actor's text, not only its name
        (EventFilter(actor="100%"), []),  # LIKE wildcards are matched literally
        (EventFilter(actor="_"), []),
        (EventFilter(outlet="example wire"), ["protest-1", "protest-2"]),
        (EventFilter(outlet="Example"), []),  # outlet is the whole name, not a substring
        (EventFilter(min_killed=11), ["strike-1"]),
        (EventFilter(min_killed=12), []),
        (EventFilter(claim_status="claimed"), ["protest-2"]),
        (EventFilter(claim_status="reported"), ["strike-1", "talks-2", "talks-1"]),
        (EventFilter(q="tear gas"), ["protest-1", "protest-2"]),  # words of the article match its events
        (EventFilter(q="maracaibo teachers"), ["protest-1", "protest-2"]),  # article text: both its events
        (EventFilter(q="depot"), ["strike-1"]),
        (EventFilter(q="stalling"), ["talks-2", "talks-1"]),
        (EventFilter(q="elephants"), []),
        (EventFilter(q="...."), ALL),  # no words: no text filter
        (EventFilter(min_outlets=1), ALL),
        (EventFilter(min_outlets=2), []),
        (EventFilter(country="VEN", min_killed=1, q="aircraft", bbox=(-180, -90, 180, 90)), ["strike-1"]),
    ],
)
def test_filters(store: SqlStore, event_filter: EventFilter, expected: list[str]) -> None:
    assert ids(store, event_filter) == expected


@pytest.mark.parametrize(
    ("sort", "order", "expected"),
    [
        ("date", "desc", ALL),
        ("date", "asc", ["talks-1", "talks-2", "protest-1", "protest-2", "strike-1"]),
        # Unknown killed counts sort as lowest; ties by id ascending.
        ("killed", "desc", ["strike-1", "protest-1", "protest-2", "talks-1", "talks-2"]),
        ("killed", "asc", ["protest-1", "protest-2", "talks-1", "talks-2", "strike-1"]),
        ("published", "desc", ["strike-1", "protest-1", "protest-2", "talks-1", "talks-2"]),
        ("published", "asc", ["talks-1", "talks-2", "protest-1", "protest-2", "strike-1"]),
    ],
)
def test_sorting(store: SqlStore, sort: str, order: str, expected: list[str]) -> None:
    assert ids(store, EventFilter(sort=sort, order=order)) == expected


@pytest.mark.parametrize("sort", ["date", "killed", "published"])
@pytest.mark.parametrize("order", ["asc", "desc"])
@pytest.mark.parametrize("page_size", [1, 2, 3])
def test_cursor_pages_cover_everything_once(store: SqlStore, sort: str, order: str, page_size: int) -> None:
    whole = ids(store, EventFilter(sort=sort, order=order))
    seen: list[str] = []
    cursor = None
    for _ in range(10):
        page = store.page_events(EventFilter(sort=sort, order=order, limit=page_size, cursor=cursor))
        seen.extend(event["id"] for event in page.events)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == whole


def test_cursor_is_stable_when_rows_arrive(fresh_store: SqlStore) -> None:
    """Keyset paging: an event stored before the cursor between two pages does not shift the next page."""
    first = fresh_store.page_events(EventFilter(limit=2))
    assert [event["id"] for event in first.events] == ["strike-1", "protest-1"]
    base = strike_result()
    late = dataclasses.replace(base, article=dataclasses.replace(base.article, id="late"),
                               events=(dataclasses.replace(base.events[0], id="late-1"),), quotes=())
    assert fresh_store.add_result(late)
    second = fresh_store.page_events(EventFilter(limit=2, cursor=first.next_cursor))
    assert [event["id"] for event in second.events] == ["protest-2", "talks-2"]
    assert ids(fresh_store, EventFilter(limit=2)) == ["late-1", "strike-1"]


@pytest.mark.parametrize(
    ("event_filter", "message"),
    [
        (EventFilter(cursor="not-a-cursor"), "cursor is not valid"),
        (EventFilter(cursor="WyJldmVudHMiXQ"), "cursor is not valid"),  # base64 of ["events"]
        (EventFilter(sort="killed", cursor="WyJldmVudHMiLCJkYXRlIiwiZGVzYyIsIjIwMjUiLCJ4Il0"), "another query"),
        (EventFilter(sort="rank"), "sort must be one of"),
        (EventFilter(order="sideways"), "order must be asc or desc"),
        (EventFilter(bbox=(10, 0, 5, 1)), "bbox"),
        (EventFilter(radius=(0, 0, 0)), "radius"),
        (EventFilter(radius=(95, 0, 5)), "radius"),
        (EventFilter(min_killed=-1), "min_killed"),
        (EventFilter(since=dt.date(2025, 2, 1), until=dt.date(2025, 1, 1)), "after until"),
    ],
)
def test_bad_filters_are_bad_input(store: SqlStore, event_filter: EventFilter, message: str) -> None:
    with pytest.raises(BadInputError, match=message):
        store.query_events(event_filter)


def test_stats_follow_the_filter(store: SqlStore) -> None:
    assert store.stats(EventFilter()) == {
        "total": 5,
        "by_day": [{"value": "2025-10-01", "count": 1}, {"value": "2025-11-02", "count": 1},
                   {"value": "2025-11-10", "count": 2}, {"value": "2025-11-13", "count": 1}],
        "by_type": [{"value": "ACCUSE", "count": 1}, {"value": "ASSAULT", "count": 1},
                    {"value": "COERCE", "count": 1}, {"value": "CONSULT", "count": 1},
                    {"value": "PROTEST", "count": 1}],
        "by_country": [{"value": "COL", "count": 1}, {"value": "VEN", "count": 3}, {"value": None, "count": 1}],
    }
    zulia = store.stats(EventFilter(admin1="Zulia", limit=1))
    assert zulia["total"] == 2 and zulia["by_day"] == [{"value": "2025-11-10", "count": 2}]


def test_iter_events_streams_every_match(store: SqlStore) -> None:
    assert [event["id"] for event in store.iter_events(EventFilter(limit=1))] == ALL
    assert [event["id"] for event in store.iter_events(EventFilter(country="VEN", sort="date", order="asc"))] == [
        "protest-1", "protest-2", "strike-1"]


INJECTIONS = [
    "' OR '1'='1",
    "'; DROP TABLE events; --",
    "\" OR 1=1 --",
    "VEN') OR ('a'='a",
    "%' UNION SELECT data FROM events --",
    "* OR NEAR(a b)",
    "\\'; DELETE FROM articles; --",
]


@pytest.mark.parametrize("attack", INJECTIONS)
def test_injection_strings_are_only_values(store: SqlStore, attack: str) -> None:
    text_fields = ["country", "type", "mode", "acled_event_type", "admin1", "actor", "outlet", "claim_status", "q"]
    for field in text_fields:
        assert ids(store, EventFilter(**{field: attack})) == [], field
        assert store.stats(EventFilter(**{field: attack}))["total"] == 0, field
    with pytest.raises(BadInputError):
        store.query_events(EventFilter(cursor=attack))
    with pytest.raises(BadInputError):
        store.query_events(EventFilter(sort=attack))
    assert store.query_quotes(speaker=attack).quotes == []
    assert store.query_quotes(q=attack).quotes == []
    assert store.search_articles(attack) == []
    assert store.counts() == {"articles": 3, "events": 5, "quotes": 1, "rejects": 0}
    assert ids(store, EventFilter()) == ALL
