"""SIGKILL at random points: `eventwire ingest` is killed again and again (one seeded random point per
run) and the store is checked after each kill, then a last run completes. The database stays intact,
every stored article has exactly the events and quotes a clean run gives it, nothing is orphaned or
duplicated, and the final store equals an uninterrupted run's. (This replaces the single-kill test
tests/ingest/test_ingest_run.py had, with all of its checks.)"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from faults import ingest_command, kill_repeatedly, linked_mentions, per_article, rows, store_problems
from hostile import invented_dump

from eventwire.pipeline import ingest
from eventwire.settings import Settings
from eventwire.store import open_store

ARTICLES = 100
SEEDS = range(5)


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
    report = kill_repeatedly(dump, db, clean, SEEDS)
    assert report.problems == [], report.problems[:5]
    assert report.kills == len(SEEDS), "a run ended before its kill: make the dump bigger"
    assert 0 < report.articles_at_kills[-1] < ARTICLES

    command, env = ingest_command(dump, str(db))
    finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert finished.returncode == 0, finished.stderr[-2000:]
    assert f"{ARTICLES - report.articles_at_kills[-1]} articles added" in finished.stdout, finished.stdout
    assert store_problems(db, clean) == []
    assert per_article(db) == clean
    assert rows(db, "SELECT count(*), count(DISTINCT id) FROM articles") == [(ARTICLES, ARTICLES)]
    # every mention a clean run merges is merged after the kills too (none left behind by a kill
    # between storing an article and merging its batch)
    assert linked_mentions(db) == linked_mentions(clean_db)
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=True)
    assert "0 articles added" in again.stdout and f"{ARTICLES} already stored" in again.stdout, again.stdout
    assert per_article(db) == clean
