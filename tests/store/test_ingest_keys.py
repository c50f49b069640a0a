"""Revision 0002_ingest on both backends: dedup keys stored with the article, duplicate lookups,
signatures read back, rejects stored once and listed; a 0001 SQLite file upgraded with its rejects."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

from sample_results import protest_result, strike_result

from eventwire.model import ArticleKeys, Reject
from eventwire.store import open_store
from eventwire.store.migrate import head_revision
from eventwire.store.sql import SqlStore


def test_keys_are_stored_and_found(store_url: str) -> None:
    result = strike_result()
    article = dataclasses.replace(
        result.article, authors=("Ilka Fennimore", "Dario Vellacott"), canonical_url="https://news.example.org/a"
    )
    copy = dataclasses.replace(protest_result().article, copy_of=article.id)
    with open_store(store_url) as store:  # type: ignore[attr-defined]
        keys = ArticleKeys("hash-a", "https://news.example.org/a", b"\x01" * 1024)
        assert store.add_result(dataclasses.replace(result, article=article), keys) is True
        assert store.add_result(dataclasses.replace(protest_result(), article=copy), ArticleKeys("hash-b", None, b"\x02" * 1024))
        assert store.find_duplicate("https://news.example.org/a", None) == article.id
        assert store.find_duplicate(None, "hash-a") == article.id
        assert store.find_duplicate("https://news.example.org/other", "hash-other") is None
        assert store.find_duplicate(None, None) is None
        signatures = {article_id: (root, blob) for article_id, root, blob in store.iter_signatures()}
        assert signatures == {article.id: (None, b"\x01" * 1024), copy.id: (article.id, b"\x02" * 1024)}


def test_rejects_are_stored_once_and_listed_latest_first(store_url: str) -> None:
    with open_store(store_url) as store:  # type: ignore[attr-defined]
        store.add_reject(Reject("a.html", "no-text", "3 words"))
        store.add_reject(Reject("b.jsonl:4", "bad-json", "line 4"))
        store.add_reject(Reject("a.html", "no-text", "3 words, again"))
        listed = store.list_rejects(10)
        assert [(row["source"], row["reason"]) for row in listed] == [("b.jsonl:4", "bad-json"), ("a.html", "no-text")]
        assert store.counts()["rejects"] == 2
        assert len(store.list_rejects(1)) == 1


def test_0001_sqlite_file_is_upgraded_with_its_rejects_deduplicated(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    with SqlStore(path):
        pass
    connection = sqlite3.connect(path)
    connection.execute("DROP INDEX rejects_key")
    connection.execute("ALTER TABLE rejects DROP COLUMN key")
    # Tables of later revisions (0003_merge and on) go too: the file is as 0001_initial left it.
    for table in ("article_signatures", "merged_events", "merged_event_links", "merged_event_aliases",
                  "changes", "versions", "snapshots", "merged_event_history", "watch_sources", "event_places"):
        connection.execute(f"DROP TABLE {table}")
    connection.execute("DROP INDEX articles_url_key")
    connection.execute("DROP INDEX articles_text_hash")
    connection.execute("DROP INDEX articles_copy_of")
    connection.execute("DROP INDEX articles_version")
    connection.execute("DROP INDEX articles_visible")
    connection.execute("DROP INDEX events_country_type_date")
    for column in ("copy_of", "text_hash", "authors", "url_key", "canonical_url", "version", "retracted_version"):
        connection.execute(f"ALTER TABLE articles DROP COLUMN {column}")
    connection.executemany(
        "INSERT INTO rejects (source, reason, detail, at) VALUES (?, ?, '', '2025-11-14T00:00:00+00:00')",
        [("a", "empty"), ("a", "empty"), ("b", "empty")],
    )
    connection.execute("UPDATE alembic_version SET version_num = '0001_initial'")
    connection.commit()
    connection.close()
    with SqlStore(path) as store:
        assert store.migration.from_revision == "0001_initial"
        assert store.revision() == head_revision()
        assert store.counts()["rejects"] == 2
        store.add_reject(Reject("a", "empty"))
        assert store.counts()["rejects"] == 2


def test_get_article_shows_ingest_metadata(store_url: str) -> None:
    result = strike_result()
    article = dataclasses.replace(result.article, authors=("Ilka Fennimore",), canonical_url="https://news.example.org/a")
    with open_store(store_url) as store:  # type: ignore[attr-defined]
        store.add_result(dataclasses.replace(result, article=article))
        shown = store.get_article(article.id)
    assert shown is not None
    assert shown["article"]["authors"] == ["Ilka Fennimore"]
    assert shown["article"]["canonical_url"] == "https://news.example.org/a"
    assert shown["article"]["copy_of"] is None
