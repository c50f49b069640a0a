"""SqlStore on SQLite and PostgreSQL: schema, atomic writes, filters, ordering, lookups, search."""

from __future__ import annotations

import dataclasses
import datetime as dt
import warnings
from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sample_results import protest_result, sample_results, strike_result, talks_result
from sqlalchemy import text
from sqlalchemy.exc import SAWarning

from eventwire.errors import BadInputError, StoreError
from eventwire.model import Reject, event_to_dict
from eventwire.store import EventFilter, open_store
from eventwire.store.migrate import head_revision
from eventwire.store.schema import SQLITE_SEARCH_TABLES, metadata
from eventwire.store.sql import SqlStore

EMPTY = {"articles": 0, "events": 0, "quotes": 0, "rejects": 0}
FILLED = {"articles": 3, "events": 5, "quotes": 1, "rejects": 0}


@pytest.fixture()
def store(store_url: str) -> Iterator[SqlStore]:
    opened = open_store(store_url)
    for result in sample_results():
        assert opened.add_result(result) is True
    yield opened
    opened.close()


def test_new_store_is_at_head_and_empty(store_url: str) -> None:
    with SqlStore(store_url) as store:
        assert store.migration.from_revision is None
        assert store.revision() == head_revision() == store.migration.to_revision
        assert store.counts() == EMPTY


def test_migrated_schema_matches_schema_module(store_url: str) -> None:
    """The migrations and schema.py describe the same tables, columns and indexes."""
    with SqlStore(store_url) as store, store._engine.connect() as connection, warnings.catch_warnings():
        # SQLite reflection skips expression indexes (with a warning): test_sort_indexes checks those.
        warnings.simplefilter("ignore", SAWarning)
        warnings.filterwarnings("ignore", "autogenerate skipping metadata-specified expression-based index")
        context = MigrationContext.configure(connection)
        differences = [
            difference for difference in compare_metadata(context, metadata)
            # FTS5 and R*Tree shadow tables, the PostGIS column and expression indexes are dialect extras
            # by design.
            if not (difference[0] == "remove_table" and difference[1].name.startswith(
                tuple(SQLITE_SEARCH_TABLES) + ("event_places",)))
            and not (difference[0] == "remove_index" and difference[1].name.endswith(("_search", "_geom")))
            and not (difference[0] == "remove_column" and difference[3].name == "geom")
        ]
    assert differences == []


def test_sort_indexes_exist_and_serve_the_default_page(store_url: str) -> None:
    with SqlStore(store_url) as store, store._engine.connect() as connection:
        if store.dialect == "sqlite":
            names = connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'index'")).scalars()
            plan = " ".join(str(row[-1]) for row in connection.execute(
                text("EXPLAIN QUERY PLAN " + str(store._events_select(EventFilter()).limit(100).compile(
                    compile_kwargs={"literal_binds": True})))))
            assert "USING INDEX events_sort_date_desc" in plan and "TEMP B-TREE" not in plan, plan
        else:
            names = connection.execute(text(
                "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")).scalars()
        assert {"events_sort_date_desc", "events_sort_date_asc", "events_sort_killed_desc"} <= set(names)


def test_reopening_keeps_data_and_revision(store: SqlStore, store_url: str) -> None:
    store.close()
    with SqlStore(store_url) as again:
        assert again.migration.from_revision == again.migration.to_revision == head_revision()
        assert again.counts() == FILLED


def test_counts_and_duplicate_article_is_skipped(store: SqlStore) -> None:
    assert store.counts() == FILLED
    assert store.add_result(strike_result()) is False
    assert store.counts() == FILLED
    assert store.has_article("article-strike")
    assert not store.has_article("nope")


def test_failed_insert_leaves_store_unchanged(store: SqlStore) -> None:
    """A duplicate event id inside one article fails midway: the article and its events roll back."""
    base = talks_result()
    article = dataclasses.replace(base.article, id="article-broken")
    first = dataclasses.replace(base.events[0], id="broken-1")
    broken = dataclasses.replace(base, article=article, events=(first, first))
    before = store.counts()
    with pytest.raises(StoreError, match="(?i)unique|duplicate key"):
        store.add_result(broken)
    assert store.counts() == before
    assert not store.has_article("article-broken")
    assert store.get_event("broken-1") is None
    hits = store.search_articles("Delegates")
    assert [hit["article_id"] for hit in hits] == ["article-talks"]
    assert "[Delegates] from Colombia met" in hits[0]["snippet"]
    # The store still takes writes after the rollback.
    assert store.add_result(dataclasses.replace(broken, events=(first,))) is True
    assert store.counts()["events"] == before["events"] + 1


def test_event_id_clash_with_another_article_rolls_back(store: SqlStore) -> None:
    clash = dataclasses.replace(protest_result(), article=dataclasses.replace(
        protest_result().article, id="article-other"))
    with pytest.raises(StoreError):
        store.add_result(clash)
    assert not store.has_article("article-other")
    assert store.counts()["quotes"] == 1


def test_query_all_newest_first_with_article_summary(store: SqlStore) -> None:
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
def test_query_filters(store: SqlStore, event_filter: EventFilter, expected_ids: list[str]) -> None:
    assert [event["id"] for event in store.query_events(event_filter)] == expected_ids


def test_negative_limit_is_bad_input(store: SqlStore) -> None:
    with pytest.raises(BadInputError):
        store.query_events(EventFilter(limit=-1))


def test_get_article_returns_text_events_and_quotes(store: SqlStore) -> None:
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


def test_get_article_keeps_event_order(store: SqlStore) -> None:
    stored = store.get_article("article-protest")
    assert [event["id"] for event in stored["events"]] == ["protest-1", "protest-2"]


def test_get_event(store: SqlStore) -> None:
    event = store.get_event("talks-1")
    assert event["location"]["name"] == "Bogotá"
    assert event["article"]["url"] is None
    assert store.get_event("missing") is None


def test_rejects_are_counted(store: SqlStore) -> None:
    store.add_reject(Reject("feed.xml#3", "empty", "no text after extraction"))
    assert store.counts()["rejects"] == 1


def test_full_text_search_needs_every_word(store: SqlStore) -> None:
    assert [hit["article_id"] for hit in store.search_articles("tear gas")] == ["article-protest"]
    assert store.search_articles("tear elephants") == []
    # FTS syntax in the query is only words: an unbalanced quote is no error and matches nothing odd.
    assert [hit["article_id"] for hit in store.search_articles('"teachers')] == ["article-protest"]
    assert store.search_articles('"" ) OR *') == []


def test_closed_store_raises(store_url: str) -> None:
    store = open_store(store_url)
    store.close()
    store.close()  # idempotent
    with pytest.raises(StoreError, match="closed"):
        store.counts()


def test_one_head() -> None:
    """Revisions form one line: two revisions on the same parent (e.g. after merging branches) fail here."""
    from alembic.script import ScriptDirectory

    from eventwire.store.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1
    assert script.get_base() == "0001_initial"
