"""Ingest into a real store: stored once, syndicated copies linked across runs, rejects listed,
idempotent re-runs (SIGKILL mid-run: tests/reliability/test_crash_safety.py)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from invented import page, story
from typer.testing import CliRunner

from eventwire.cli.main import app
from eventwire.pipeline import ingest
from eventwire.settings import Settings
from eventwire.store import open_store

SYNDICATION = Path(__file__).parent / "data" / "syndication"
runner = CliRunner()


def rows(db: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(db)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("wire", "copy_light", "same_event"):
        (folder / f"{name}.txt").write_text((SYNDICATION / f"{name}.txt").read_text())
    # the wire text again with other spacing and quotes: the same normalized text
    wire = (SYNDICATION / "wire.txt").read_text()
    (folder / "wire_again.txt").write_text(wire.replace("\n\n", "\n").replace('"', "'").upper())
    # two pages with one canonical URL but different words
    (folder / "page_a.html").write_text(page(story(31), canonical="https://news.example.org/one?utm_source=x"))
    (folder / "page_b.html").write_text(page(story(32), canonical="http://NEWS.example.org/one/"))
    (folder / "german.txt").write_text(
        "Die Hafenarbeiter in Varnholt legten am Donnerstag die Arbeit nieder und stoppten den Frachtverkehr "
        "an den drei wichtigsten Terminals der Stadt, teilten Gewerkschaftsvertreter mit."
    )
    return folder


def test_ingest_dedups_links_copies_and_is_idempotent(pipeline: object, corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite"
    settings = Settings(db=str(db))
    store = open_store(db)
    try:
        first = ingest([str(corpus)], store, settings)
        second = ingest([str(corpus)], store, settings)
        counts = store.counts()
    finally:
        store.close()
    # files are read in path order: copy_light, german, page_a, page_b, same_event, wire, wire_again
    assert first.articles_added == 4  # copy_light, page_a, same_event, wire
    reasons = sorted((Path(r.source).name, r.reason) for r in first.rejects)
    assert reasons == [("german.txt", "language:de"), ("page_b.html", "duplicate"), ("wire_again.txt", "duplicate")]
    assert first.copies_linked == 1
    assert second.articles_added == 0 and second.already_stored == 4
    assert counts["articles"] == 4
    assert counts["rejects"] == 3  # the second run's rejects were already stored
    # the first stored text of a syndication group is its root
    linked = rows(db, "SELECT a.source, root.source FROM articles a JOIN articles root ON root.id = a.copy_of")
    assert [(Path(a).name, Path(b).name) for a, b in linked] == [("wire.txt", "copy_light.txt")]
    assert rows(db, "SELECT count(*) FROM article_signatures")[0][0] == counts["articles"]


def test_copies_are_linked_in_a_later_run(pipeline: object, tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite"
    settings = Settings(db=str(db))
    with open_store(db) as store:  # type: ignore[attr-defined]
        ingest([str(SYNDICATION / "wire.txt")], store, settings)
    with open_store(db) as store:  # type: ignore[attr-defined]
        report = ingest([str(SYNDICATION / "copy_heavy.txt")], store, settings)
    assert report.copies_linked == 1
    ((copy_of, root_id),) = rows(
        db, "SELECT a.copy_of, root.id FROM articles a, articles root WHERE a.source LIKE '%copy_heavy.txt'"
        " AND root.source LIKE '%wire.txt'"
    )
    assert copy_of == root_id


def test_cli_rejects_lists_them(pipeline: object, corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite"
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "--progress"])
    assert result.exit_code == 1  # some documents were rejected
    assert "documents" in result.stderr and "docs/s" in result.stderr
    listed = runner.invoke(app, ["rejects", "--db", str(db)])
    assert listed.exit_code == 0
    reasons = sorted(line.split("\t")[1] for line in listed.stdout.strip().splitlines())
    assert reasons == ["duplicate", "duplicate", "language:de"]
    missing = runner.invoke(app, ["rejects", "--db", str(tmp_path / "nope.sqlite")])
    assert missing.exit_code == 1 and "no such database" in missing.stderr


def test_cli_map_option(pipeline: object, tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({"body": story(33), "site": "Mapped Courier"}) + "\n")
    db = tmp_path / "store.sqlite"
    result = runner.invoke(app, ["ingest", str(dump), "--db", str(db), "--map", "text=body,outlet=site"])
    assert result.exit_code == 0, result.output
    assert rows(db, "SELECT outlet FROM articles") == [("Mapped Courier",)]
    bad = runner.invoke(app, ["ingest", str(dump), "--db", str(db), "--map", "body"])
    assert bad.exit_code == 1 and "field=column" in bad.stderr



def test_cli_bad_inputs_are_clear_lines_not_tracebacks(pipeline: object, tmp_path: Path) -> None:
    import gzip

    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "zero.txt").write_bytes(b"")
    (folder / "cut.jsonl.gz").write_bytes(gzip.compress(b'{"text": "x"}\n' * 500)[:40])
    (folder / "feed.xml").write_text('<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</ti')
    (folder / "dump.jsonl").write_text(json.dumps({"text": story(50)}) + "\n{oops\n")
    (folder / "legacy.html").write_bytes(page(story(51), charset="windows-1252").replace("residents", "résidents").encode("cp1252"))
    db = tmp_path / "store.sqlite"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--no-progress"])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # no exception escaped the command
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    reasons = sorted(line.rsplit("(", 1)[1].rstrip(")") for line in errors)
    # zero.txt is empty; the broken feed's one recovered item is empty, and the feed is reported broken
    assert reasons == ["bad-feed", "bad-json", "empty", "empty", "truncated"]
    assert any(":2:" in line and "line 2" in line for line in errors)  # the bad JSONL line is named
    assert "Traceback" not in result.output
    assert rows(db, "SELECT count(*) FROM articles") == [(2,)]  # the dump's good line and the legacy page
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert any("résidents" in text for (text,) in rows(db, "SELECT text FROM articles"))


def test_rerun_does_not_fetch_stored_pages_again(pipeline: object, tmp_path: Path) -> None:
    from invented import web

    urls = tmp_path / "urls.txt"
    urls.write_text("https://news.example.org/r1\nhttps://news.example.org/r2?utm_source=feed\n")
    pages = {
        "https://news.example.org/r1": page(story(60), canonical=None),
        "https://news.example.org/r2?utm_source=feed": page(story(61), canonical="https://news.example.org/r2"),
    }
    db = tmp_path / "store.sqlite"
    settings = Settings(db=str(db))
    with open_store(db) as store:  # type: ignore[attr-defined]
        fetcher, requested = web(pages)
        first = ingest([str(urls)], store, settings, fetcher=fetcher)
        assert first.articles_added == 2 and len([u for u in requested if "robots" not in u]) == 2
        fetcher, requested = web(pages)
        second = ingest([str(urls)], store, settings, fetcher=fetcher)
    assert second.articles_added == 0 and second.already_stored == 2
    assert requested == []  # neither page (nor its robots.txt) was fetched again


def test_an_ingest_loads_the_language_model_when_it_starts(tmp_path: Path) -> None:
    """The model is loaded before the first article, not at the first one the English fast path
    leaves open, so a long run's memory does not jump partway (docs/scaling.md, "Memory")."""
    from eventwire.ingest import language
    from eventwire.pipeline import ingest_items
    from eventwire.store import open_store

    language._identifier.cache_clear()
    with open_store(tmp_path / "store.sqlite") as store:
        report = ingest_items(lambda skip_page: [], store)
    assert report.articles_added == 0
    assert language._identifier.cache_info().currsize == 1
