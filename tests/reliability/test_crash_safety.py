"""SIGKILL at random points: `eventwire ingest` is killed again and again (one seeded random point per
run) and the store is checked after each kill, then a last run completes. The database stays intact,
every stored article has exactly the events and quotes a clean run gives it, nothing is orphaned or
duplicated, and the final store equals an uninterrupted run's."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hostile import invented_dump

from eventwire.pipeline import ingest
from eventwire.settings import Settings
from eventwire.store import open_store

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = 100
SEEDS = range(5)


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def per_article(db: Path) -> dict[str, tuple[int, int]]:
    """article id -> (events, quotes) as stored."""
    found = rows(db, "SELECT a.id, (SELECT count(*) FROM events e WHERE e.article_id = a.id),"
                     " (SELECT count(*) FROM quotes q WHERE q.article_id = a.id) FROM articles a")
    return {article: (events, quotes) for article, events, quotes in found}


def stored_articles(db: Path) -> int:
    try:
        return int(rows(db, "SELECT count(*) FROM articles")[0][0])
    except sqlite3.OperationalError:
        return 0  # not created yet, or the schema is being written


def check_store(db: Path, clean: dict[str, tuple[int, int]]) -> list[str]:
    """Everything wrong with the store after a kill (empty when it is whole)."""
    problems = []
    if rows(db, "PRAGMA integrity_check") != [("ok",)]:
        problems.append("integrity_check failed")
    if rows(db, "PRAGMA foreign_key_check"):
        problems.append("foreign key violations")
    for article, counts in per_article(db).items():
        if counts != clean.get(article):
            problems.append(f"article {article}: (events, quotes) {counts}, a clean run stores {clean.get(article)}")
    orphans = {
        "events": "SELECT count(*) FROM events WHERE article_id NOT IN (SELECT id FROM articles)",
        "quotes": "SELECT count(*) FROM quotes WHERE article_id NOT IN (SELECT id FROM articles)",
        "event_actors": "SELECT count(*) FROM event_actors WHERE event_id NOT IN (SELECT id FROM events)",
        "links": "SELECT count(*) FROM merged_event_links WHERE mention_id NOT IN (SELECT id FROM events)",
    }
    for name, sql in orphans.items():
        if rows(db, sql)[0][0]:
            problems.append(f"orphaned {name}")
    return problems


def linked_mentions(db: Path) -> int:
    return int(rows(db, "SELECT count(*) FROM merged_event_links")[0][0])


@pytest.mark.slow
def test_sigkill_at_random_points_then_rerun(pipeline: Any, tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    invented_dump(dump, ARTICLES)
    clean_db = tmp_path / "clean.sqlite"
    with open_store(clean_db) as store:  # type: ignore[attr-defined]
        ingest([str(dump)], store, Settings(db=str(clean_db)), runner=pipeline.process)
    clean = per_article(clean_db)
    assert len(clean) == ARTICLES and sum(events for events, _ in clean.values()) > ARTICLES

    db = tmp_path / "killed.sqlite"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "eventwire.cli.main", "ingest", str(dump), "--db", str(db)]
    kills = 0
    for seed in SEEDS:
        rng = random.Random(seed)
        before = stored_articles(db)
        wanted = before + rng.randint(1, 12)  # kill once this run has stored a few articles ...
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 180
        while process.poll() is None and time.monotonic() < deadline and stored_articles(db) < wanted:
            time.sleep(0.05)
        time.sleep(rng.uniform(0, 0.4))  # ... and at a random moment after that
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait()
        problems = check_store(db, clean)
        assert problems == [], f"after the kill of seed {seed}: {problems[:5]}"
    assert kills == len(SEEDS), "a run ended before its kill: make the dump bigger"
    assert stored_articles(db) < ARTICLES

    finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert finished.returncode == 0, finished.stderr[-2000:]
    assert check_store(db, clean) == []
    assert per_article(db) == clean
    assert rows(db, "SELECT count(*), count(DISTINCT id) FROM articles") == [(ARTICLES, ARTICLES)]
    # every mention a clean run merges is merged after the kills too (none left behind by a kill
    # between storing an article and merging its batch)
    assert linked_mentions(db) == linked_mentions(clean_db)
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=True)
    assert "0 articles added" in again.stdout, again.stdout
    assert per_article(db) == clean
