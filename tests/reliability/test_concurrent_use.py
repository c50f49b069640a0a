"""The API serves reads while an ingest writes: a real uvicorn on 127.0.0.1, `eventwire ingest` in a
subprocess, reader threads hammering /api/events; every answer is a 200 (never "database is locked")."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
import uvicorn
from hostile import invented_dump

from eventwire.serve.app import create_app
from eventwire.settings import Settings
from eventwire.store import open_store

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = 30
READERS = 4


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _Server:
    """uvicorn in a thread of this process, bound to loopback only."""

    def __init__(self, store_url: str) -> None:
        self.port = _free_port()
        app = create_app(store_url, Settings(db=store_url))
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", workers=1)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc_info: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)


@pytest.mark.slow
def test_reads_succeed_while_an_ingest_writes(backend_url: str, tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    invented_dump(dump, ARTICLES)
    open_store(backend_url).close()  # the schema exists before the server opens it
    statuses: Counter[int] = Counter()
    failures: list[str] = []
    seen_counts: set[int] = set()
    stop = threading.Event()

    def read(base: str, number: int) -> None:
        paths = ["/api/events?limit=100", "/api/health", f"/api/events?limit=5&offset={number}"]
        with httpx.Client(base_url=base, timeout=30) as client:
            while not stop.is_set():
                for path in paths:
                    response = client.get(path)
                    statuses[response.status_code] += 1
                    if response.status_code != 200:
                        failures.append(f"{path}: {response.status_code} {response.text[:300]}")
                    elif path == paths[0]:
                        seen_counts.add(len(response.json()["events"]))

    with _Server(backend_url) as base:
        readers = [threading.Thread(target=read, args=(base, number)) for number in range(READERS)]
        for reader in readers:
            reader.start()
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        command = [sys.executable, "-m", "eventwire.cli.main", "ingest", str(dump), "--db", backend_url]
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)
        finally:
            stop.set()
            for reader in readers:
                reader.join(60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert failures == [], failures[:5]
    assert statuses[200] > 20
    # the readers really overlapped the writes: they saw the store grow
    assert len(seen_counts) > 2, seen_counts
    with open_store(backend_url) as store:
        assert store.counts()["articles"] == ARTICLES
