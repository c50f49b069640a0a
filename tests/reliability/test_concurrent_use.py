"""The API serves reads while an ingest writes: a real uvicorn on 127.0.0.1, `eventwire ingest` in a
subprocess, reader threads hammering /api/events; every answer is a 200 (never "database is locked")."""

from __future__ import annotations

from pathlib import Path

import pytest
from faults import reads_during_ingest
from hostile import invented_dump

from eventwire.store import open_store

ARTICLES = 30
READERS = 4


@pytest.mark.slow
def test_reads_succeed_while_an_ingest_writes(backend_url: str, tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    invented_dump(dump, ARTICLES)
    report = reads_during_ingest(backend_url, dump, READERS)
    assert report.ingest_returncode == 0, report.ingest_stderr[-2000:]
    assert report.failures == [], report.failures[:5]
    assert report.statuses[200] > 20
    # the readers really overlapped the writes: they saw the store grow
    assert len(report.event_counts_seen) > 2, report.event_counts_seen
    with open_store(backend_url) as store:
        assert store.counts()["articles"] == ARTICLES
