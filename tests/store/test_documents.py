"""Events served as stored JSON texts: each document decodes to exactly the event `page_events` returns."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from sample_results import sample_results

from eventwire.store import EventFilter, open_store
from eventwire.store.sql import SqlStore, _event_document, _joined_document


@pytest.fixture(scope="module")
def filled_store(module_store_url: str) -> Iterator[SqlStore]:
    store = open_store(module_store_url)
    assert isinstance(store, SqlStore)
    results = sample_results()
    # An outlet and title needing JSON escapes, and no outlet at all: the summary is written by hand.
    first = results[0]
    results[0] = replace(first, article=replace(first.article, outlet='The "Quoted" \\ Wire\n', title="Café ☕ \u2028"))
    second = results[1]
    results[1] = replace(second, article=replace(second.article, outlet=None, title=None))
    for result in results:
        store.add_result(result)
    yield store
    store.close()


@pytest.mark.parametrize("event_filter", [
    EventFilter(limit=100), EventFilter(limit=1), EventFilter(country="VEN", sort="killed", order="asc"),
    EventFilter(q="tear gas"), EventFilter(bbox=(-180, -90, 180, 90), since=dt.date(2000, 1, 1)),
    EventFilter(limit=2, offset=1),
], ids=["all", "one", "killed", "full-text", "bbox-dates", "offset"])
def test_documents_decode_to_the_page(filled_store: SqlStore, event_filter: EventFilter) -> None:
    page = filled_store.page_events(event_filter)
    documents = filled_store.page_event_documents(event_filter)
    assert page.events, "the filter should match sample events"
    assert [json.loads(document) for document in documents.documents] == page.events
    assert documents.next_cursor == page.next_cursor


def test_next_pages_and_batches_read_the_same(filled_store: SqlStore) -> None:
    # The SQLite documents page is read through the sqlite3 cursor (outside batch()) or through the batch's
    # transaction (inside it); page_events always through SQLAlchemy: every way must agree.
    first = filled_store.page_event_documents(EventFilter(limit=2))
    assert first.next_cursor
    following = EventFilter(limit=2, cursor=first.next_cursor)
    documents = filled_store.page_event_documents(following)
    assert [json.loads(document) for document in documents.documents] == filled_store.page_events(following).events
    with filled_store.batch():
        inside = filled_store.page_event_documents(following)
    assert inside == documents


def test_escaped_summary_values_survive(filled_store: SqlStore) -> None:
    outlets = {event["article"]["outlet"] for event in filled_store.query_events(EventFilter(limit=100))}
    assert 'The "Quoted" \\ Wire\n' in outlets and None in outlets


class _Row:
    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)


@pytest.mark.parametrize("data", [
    '{"id": "e1", "type": "ASSAULT"}',  # written with json.dumps' default separators (before compact ones)
    '{"id":"e1","type":"ASSAULT"}\n',
    "{}",
])
def test_document_of_any_stored_form(data: str) -> None:
    row = _Row(data=data, article_id="a1", url=None, outlet="Example Wire", title="T", published="2025-11-14")
    document = json.loads(_event_document(row))  # type: ignore[arg-type]
    assert document == json.loads(data) | {"article": {"id": "a1", "url": None, "outlet": "Example Wire",
                                                      "title": "T", "published": "2025-11-14"}}


@pytest.mark.parametrize("data", ['{"id": "e1", "type": "ASSAULT"}', '{"id":"e1"}\n', "{}"])
def test_sqlite_summary_joins_any_stored_form(data: str) -> None:
    summary = '{"id":"a1","url":null,"outlet":"Example Wire","title":"T","published":"2025-11-14"}'
    document = json.loads(_joined_document(data, summary))
    assert document == json.loads(data) | {"article": json.loads(summary)}
