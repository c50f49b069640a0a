"""SQLiteStore: schema, atomic writes, filters, ordering, article lookups and error translation."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sample_results import protest_result, sample_results, strike_result, talks_result

from eventwire.errors import ConfigError, StoreError
from eventwire.model import Reject, event_to_dict
from eventwire.store import EventFilter, open_store
from eventwire.store.sqlite import SQLiteStore, load_migrations


@pytest.fixture()
def store(tmp_path: Path) -> SQLiteStore:
    opened = SQLiteStore(tmp_path / "events.sqlite")
    for result in sample_results():
        assert opened.add_result(result) is True
    yield opened
    opened.close()


def test_new_file_gets_schema_wal_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "fresh.sqlite"
    with SQLiteStore(path) as store:
        assert store.schema_version() == len(load_migrations()) == 1
        assert store.counts() == {"articles": 0, "events": 0, "quotes": 0, "rejects": 0}
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"meta", "articles", "events", "quotes", "rejects", "article_search"} <= tables
    connection.close()


def test_reopening_keeps_data_and_version(store: SQLiteStore) -> None:
    path = store.path
    store.close()
    with SQLiteStore(path) as again:
        assert again.schema_version() == 1
        assert again.counts() == {"articles": 3, "events": 5, "quotes": 1, "rejects": 0}


def test_counts_and_duplicate_article_is_skipped(store: SQLiteStore) -> None:
    assert store.counts() == {"articles": 3, "events": 5, "quotes": 1, "rejects": 0}
    assert store.add_result(strike_result()) is False
    assert store.counts() == {"articles": 3, "events": 5, "quotes": 1, "rejects": 0}
    assert store.has_article("article-strike")
    assert not store.has_article("nope")


def test_failed_insert_leaves_store_unchanged(store: SQLiteStore) -> None:
    """A duplicate event id inside one article fails midway: the article and its events roll back."""
    base = talks_result()
    article = dataclasses.replace(base.article, id="article-broken")
    first = dataclasses.replace(base.events[0], id="broken-1")
    broken = dataclasses.replace(base, article=article, events=(first, first))
    before = store.counts()
    with pytest.raises(StoreError, match="UNIQUE"):
        store.add_result(broken)
    assert store.counts() == before
    assert not store.has_article("article-broken")
    assert store.get_event("broken-1") is None
    hits = store.search_articles("Delegates")
    assert [hit["article_id"] for hit in hits] == ["article-talks"]
    assert hits[0]["snippet"].startswith("[Delegates] from Colombia met")
    # The store still takes writes after the rollback.
    assert store.add_result(dataclasses.replace(broken, events=(first,))) is True
    assert store.counts()["events"] == before["events"] + 1


def test_event_id_clash_with_another_article_rolls_back(store: SQLiteStore) -> None:
    clash = dataclasses.replace(protest_result(), article=dataclasses.replace(
        protest_result().article, id="article-other"))
    with pytest.raises(StoreError):
        store.add_result(clash)
    assert not store.has_article("article-other")
    assert store.counts()["quotes"] == 1


def test_query_all_newest_first_with_article_summary(store: SQLiteStore) -> None:
    events = store.query_events(EventFilter())
    assert [event["id"] for event in events] == ["strike-1", "protest-1", "protest-2", "talks-2", "talks-1"]
    strike = events[0]
    assert strike["article"] == {
        "id": "article-strike", "url": "https://news.example.org/depot-struck", "outlet": "Example Daily",
        "title": "Depot struck near Caracas", "published": "2025-11-14T06:30:00+00:00",
    }
    expected = event_to_dict(strike_result().events[0])
    assert {key: value for key, value in strike.items() if key != "article"} == expected


@pytest.mark.parametrize(
    ("event_filter", "expected_ids"),
    [
        (EventFilter(country="VEN"), ["strike-1", "protest-1", "protest-2"]),
        (EventFilter(country="ven"), ["strike-1", "protest-1", "protest-2"]),
        (EventFilter(country="COL"), ["talks-1"]),
        (EventFilter(country="FRA"), []),
        (EventFilter(type="PROTEST"), ["protest-1"]),
        (EventFilter(type="assault", country="VEN"), ["strike-1"]),
        (EventFilter(since=dt.date(2025, 11, 10)), ["strike-1", "protest-1", "protest-2"]),
        (EventFilter(until=dt.date(2025, 11, 10)), ["protest-1", "protest-2", "talks-2", "talks-1"]),
        (EventFilter(since=dt.date(2025, 11, 2), until=dt.date(2025, 11, 2)), ["talks-2"]),
        (EventFilter(since=dt.date(2025, 11, 13), until=dt.date(2025, 11, 13)), ["strike-1"]),
        (EventFilter(limit=2), ["strike-1", "protest-1"]),
        (EventFilter(limit=2, offset=2), ["protest-2", "talks-2"]),
        (EventFilter(offset=4), ["talks-1"]),
        (EventFilter(limit=0), []),
    ],
)
def test_query_filters(store: SQLiteStore, event_filter: EventFilter, expected_ids: list[str]) -> None:
    assert [event["id"] for event in store.query_events(event_filter)] == expected_ids


def test_negative_limit_is_a_store_error(store: SQLiteStore) -> None:
    with pytest.raises(StoreError):
        store.query_events(EventFilter(limit=-1))


def test_get_article_returns_text_events_and_quotes(store: SQLiteStore) -> None:
    stored = store.get_article("article-strike")
    assert stored is not None
    result = strike_result()
    assert stored["text"] == result.article.text
    assert stored["article"]["published_source"] == "json-ld"
    assert stored["article"]["title"] == "Depot struck near Caracas"
    assert stored["events"] == [event_to_dict(event) for event in result.events]
    quote = stored["quotes"][0]
    assert quote["speaker"] == "Mara Quintero"
    assert stored["text"][quote["start"]:quote["end"]] == "We will answer this attack,"
    assert store.get_article("unknown") is None


def test_get_article_keeps_event_order(store: SQLiteStore) -> None:
    stored = store.get_article("article-protest")
    assert [event["id"] for event in stored["events"]] == ["protest-1", "protest-2"]


def test_get_event(store: SQLiteStore) -> None:
    event = store.get_event("talks-1")
    assert event["location"]["name"] == "Bogotá"
    assert event["article"]["url"] is None
    assert store.get_event("missing") is None


def test_rejects_are_counted(store: SQLiteStore) -> None:
    store.add_reject(Reject("feed.xml#3", "empty", "no text after extraction"))
    assert store.counts()["rejects"] == 1


def test_full_text_search(store: SQLiteStore) -> None:
    hits = store.search_articles("tear gas")
    assert [hit["article_id"] for hit in hits] == ["article-protest"]
    with pytest.raises(StoreError, match="bad search query"):
        store.search_articles('"unbalanced')


def test_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("this is a text file, not SQLite " * 200, encoding="utf-8")
    with pytest.raises(StoreError, match="is not an eventwire database"):
        SQLiteStore(path)


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE people (name TEXT)")
    connection.commit()
    connection.close()
    with pytest.raises(StoreError, match="is not an eventwire database"):
        SQLiteStore(path)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    SQLiteStore(path).close()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    connection.commit()
    connection.close()
    with pytest.raises(StoreError, match="schema version 99"):
        SQLiteStore(path)


def test_missing_parent_folder(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        SQLiteStore(tmp_path / "no" / "such" / "events.sqlite")


def test_closed_store_raises(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "x.sqlite")
    store.close()
    store.close()  # idempotent
    with pytest.raises(StoreError, match="closed"):
        store.counts()


def test_open_store(tmp_path: Path) -> None:
    plain = open_store(str(tmp_path / "a.sqlite"))
    assert isinstance(plain, SQLiteStore)
    plain.close()
    from_url = open_store(f"sqlite:///{tmp_path / 'b.sqlite'}")
    assert isinstance(from_url, SQLiteStore) and from_url.path == tmp_path / "b.sqlite"
    from_url.close()
    with pytest.raises(ConfigError, match="PostgreSQL stores are not supported yet"):
        open_store("postgresql://user@localhost/events")
    with pytest.raises(ConfigError, match="unknown store URL scheme 'mysql'"):
        open_store("mysql://localhost/events")
