"""SIGKILL a watch in the middle of a poll: after a restart nothing is lost and nothing is stored twice."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from feed_server import FeedServer, demo_articles

from eventwire.store.sql import SqlStore

ROOT = Path(__file__).resolve().parents[2]
ITEMS = 6


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src"), "EVENTWIRE_ALLOW_PRIVATE_ADDRESSES": "1",
            "EVENTWIRE_FETCH_RETRIES": "0", "EVENTWIRE_RESPECT_ROBOTS": "0", "EVENTWIRE_BATCH_SIZE": "1",
            "EVENTWIRE_FETCH_PER_HOST_INTERVAL": "0", "EVENTWIRE_FETCH_PER_HOST_CONCURRENCY": "1"}


def _watch(feed: str, db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "eventwire.cli.main", "watch", feed, "--db", str(db), "--once"],
                            env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _articles(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as connection:
            return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # tables not created yet


def _summary(db: Path) -> dict[str, object]:
    with SqlStore(db) as store:
        added = [c["article_id"] for c in store.changes() if c["kind"] == "article_added"]
        with sqlite3.connect(db) as connection:
            mentions = connection.execute("SELECT count(*) FROM events").fetchone()[0]
            links = connection.execute("SELECT count(*) FROM merged_event_links").fetchone()[0]
            merged = connection.execute("SELECT count(*) FROM merged_events").fetchone()[0]
            ids = sorted(row[0] for row in connection.execute("SELECT id FROM articles"))
        assert store.unmerged_results() == []
    assert sorted(added) == ids, "each article logged exactly once"
    return {"ids": ids, "mentions": mentions, "links": links, "merged": merged}


def test_sigkill_during_a_poll_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    server = FeedServer(page_delay=0.4)
    server.full_text = False  # every item's page is fetched: the poll takes a while
    server.items = demo_articles(ITEMS)
    feed = f"{server.url}/feed.xml"
    try:
        killed_db = tmp_path / "killed.sqlite"
        process = _watch(feed, killed_db)
        deadline = time.monotonic() + 120
        while _articles(killed_db) < 2 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
        process.send_signal(signal.SIGKILL)
        process.wait()
        at_kill = _articles(killed_db)
        assert 2 <= at_kill < ITEMS, "the kill must land inside the poll"

        restarted = _watch(feed, killed_db)
        out, err = restarted.communicate(timeout=300)
        assert restarted.returncode == 0, err.decode()
        assert f"{ITEMS - at_kill} new articles" in out.decode()

        clean_db = tmp_path / "clean.sqlite"
        clean = _watch(feed, clean_db)
        clean_out, clean_err = clean.communicate(timeout=300)
        assert clean.returncode == 0, clean_err.decode()
        assert f"{ITEMS} new articles" in clean_out.decode()
    finally:
        server.close()
    after = _summary(killed_db)
    assert len(after["ids"]) == ITEMS  # type: ignore[arg-type]
    assert after == _summary(clean_db)
