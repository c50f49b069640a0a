"""What only the SQLite backend has: the file, WAL, FTS5 tables, and adopting pre-Alembic files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sample_results import sample_results

from eventwire.errors import ConfigError, StoreError
from eventwire.store import EventFilter, open_store
from eventwire.store.migrate import head_revision
from eventwire.store.sql import SqlStore, database_url
from eventwire.store.sqlite import SQLiteStore

LEGACY_SCHEMA = Path(__file__).with_name("legacy_schema_v1.sql")


def test_new_file_gets_wal_foreign_keys_and_fts5(tmp_path: Path) -> None:
    path = tmp_path / "fresh.sqlite"
    SqlStore(path).close()
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"alembic_version", "articles", "events", "event_actors", "quotes", "rejects", "article_search",
            "event_search", "quote_search"} <= tables
    assert "meta" not in tables
    connection.close()


def _legacy_store(path: Path) -> None:
    """A file exactly as the store before Alembic wrote it, with one article, event and quote."""
    connection = sqlite3.connect(path)
    connection.executescript(LEGACY_SCHEMA.read_text(encoding="utf-8"))
    connection.execute("INSERT INTO meta (key, value) VALUES ('schema_version', '1')")
    connection.execute(
        "INSERT INTO articles (id, title, text, ingested_at) VALUES ('a1', 'Old', 'Old text here.', 'x')")
    connection.execute(
        "INSERT INTO events (id, article_id, position, type, country, event_date, killed, data) VALUES"
        " ('e1', 'a1', 0, 'ASSAULT', 'VEN', '2025-01-02', 3, '{\"id\": \"e1\", \"sentence\": {\"text\":"
        " \"Gunmen killed three guards.\"}, \"actors\": [{\"role\": \"source\", \"text\": \"Gunmen\","
        " \"name\": null}]}')")
    connection.execute(
        "INSERT INTO quotes (article_id, position, speaker, text, start_offset, end_offset, data) VALUES"
        " ('a1', 0, 'Interior Minister Ana Ruiz', 'We will find them.', 0, 5, '{\"speaker\": \"Interior Minister Ana Ruiz\", \"text\": \"We will find them.\"}')")
    connection.execute("INSERT INTO article_search (article_id, title, text) VALUES ('a1', 'Old', 'Old text')")
    connection.commit()
    connection.close()


def test_pre_alembic_file_is_adopted_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _legacy_store(path)
    with SqlStore(path) as store:
        assert store.migration.from_revision == "0001_initial"
        assert store.counts() == {"articles": 1, "events": 1, "quotes": 1, "rejects": 0}
        assert [e["id"] for e in store.query_events(EventFilter(q="guards"))] == ["e1"]
        assert [e["id"] for e in store.query_events(EventFilter(actor="gunm"))] == ["e1"]
        assert [e["id"] for e in store.query_events(EventFilter(min_outlets=1))] == ["e1"]
        assert [q["text"] for q in store.query_quotes(speaker="Ruiz").quotes] == ["We will find them."]
        assert store.add_result(sample_results()[0]) is True
    with SqlStore(path) as again:
        assert again.migration.from_revision == again.revision() == head_revision()


def test_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("this is a text file, not SQLite " * 200, encoding="utf-8")
    with pytest.raises(StoreError, match="is not an eventwire database"):
        SqlStore(path)


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE people (name TEXT)")
    connection.commit()
    connection.close()
    with pytest.raises(StoreError, match="is not an eventwire database"):
        SqlStore(path)


def test_unknown_revision_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    SqlStore(path).close()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '0099_future'")
    connection.commit()
    connection.close()
    with pytest.raises(StoreError, match="'0099_future', unknown to this eventwire"):
        SqlStore(path)


def test_missing_parent_folder(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        SqlStore(tmp_path / "no" / "such" / "events.sqlite")


def test_in_memory_store() -> None:
    with SQLiteStore(":memory:") as store:
        assert store.add_result(sample_results()[0]) is True
        assert store.counts()["articles"] == 1


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("events.sqlite", "sqlite:///events.sqlite"),
        ("/data/events.sqlite", "sqlite:////data/events.sqlite"),
        ("sqlite:///x.sqlite", "sqlite:///x.sqlite"),
        ("postgresql://u@db.example.org/ev", "postgresql+psycopg://u@db.example.org/ev"),
        ("postgres://u@db.example.org/ev", "postgresql+psycopg://u@db.example.org/ev"),
        ("postgresql+psycopg://u@h/ev", "postgresql+psycopg://u@h/ev"),
    ],
)
def test_database_url(given: str, expected: str) -> None:
    assert database_url(given) == expected


def test_open_store_urls(tmp_path: Path) -> None:
    from_url = open_store(f"sqlite:///{tmp_path / 'b.sqlite'}")
    assert isinstance(from_url, SqlStore) and from_url.path == tmp_path / "b.sqlite"
    from_url.close()
    with pytest.raises(ConfigError, match="unknown store URL scheme 'mysql'"):
        open_store("mysql://localhost/events")
    with pytest.raises(ConfigError, match="no store given"):
        open_store("")
    with pytest.raises(ConfigError, match="no SQLite file"):
        open_store("sqlite:///")
    with pytest.raises(StoreError, match="cannot open store postgresql"):
        open_store("postgresql://nobody:secret@127.0.0.1:1/events")
    try:
        open_store("postgresql://nobody:secret@127.0.0.1:1/events")
    except StoreError as error:
        assert "secret" not in error.message
