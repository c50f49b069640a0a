"""Fault injection shared by tests/reliability and bench/reliability.py: SIGKILL an `eventwire ingest`
at seeded random points and check the store after each kill; hammer a real API server with reads while
an ingest subprocess writes."""

from __future__ import annotations

import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def ingest_command(dump: Path, db: str, batch_size: int = 4) -> tuple[list[str], dict[str, str]]:
    """`eventwire ingest DUMP --db DB` as a subprocess of this checkout, and its environment.

    Small batches: articles are stored (and merged) a batch at a time, so with the default 32 a kill
    could only land every 32 articles."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "EVENTWIRE_BATCH_SIZE": str(batch_size)}
    return [sys.executable, "-m", "eventwire.cli.main", "ingest", str(dump), "--db", db], env


# -- SIGKILL ----------------------------------------------------------------------------------------


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


def linked_mentions(db: Path) -> int:
    return int(rows(db, "SELECT count(*) FROM merged_event_links")[0][0])


def store_problems(db: Path, clean: dict[str, tuple[int, int]]) -> list[str]:
    """Everything wrong with a store after a kill, against a clean run's per-article counts."""
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
        "duplicate texts": "SELECT count(*) - count(DISTINCT text_hash) FROM articles",
        # each article's search row and dedup signature go in with it (ingest/dedup.py, store/search.py)
        "search rows": "SELECT abs((SELECT count(*) FROM article_search) - (SELECT count(*) FROM articles))",
        "signatures": "SELECT abs((SELECT count(*) FROM article_signatures) - (SELECT count(*) FROM articles))",
    }
    for name, sql in orphans.items():
        if rows(db, sql)[0][0]:
            problems.append(f"orphaned or duplicated {name}")
    return problems


@dataclass
class KillReport:
    kills: int = 0
    finished_before_kill: int = 0
    articles_at_kills: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def kill_repeatedly(dump: Path, db: Path, clean: dict[str, tuple[int, int]], seeds: range) -> KillReport:
    """One `eventwire ingest` per seed, killed with SIGKILL once it stored 1-12 more articles plus a
    random 0-0.4 s; the store is checked after each kill."""
    command, env = ingest_command(dump, str(db))
    report = KillReport()
    for seed in seeds:
        rng = random.Random(seed)
        wanted = stored_articles(db) + rng.randint(1, 12)
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 180
        while process.poll() is None and time.monotonic() < deadline and stored_articles(db) < wanted:
            time.sleep(0.05)
        time.sleep(rng.uniform(0, 0.4))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            report.kills += 1
        else:
            report.finished_before_kill += 1
        process.wait()
        report.articles_at_kills.append(stored_articles(db))
        report.problems += [f"seed {seed}: {problem}" for problem in store_problems(db, clean)]
    return report


# -- reads during writes ----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ApiServer:
    """uvicorn serving create_app(store) in a thread of this process, bound to loopback only."""

    def __init__(self, store_url: str) -> None:
        import uvicorn

        from eventwire.serve.app import create_app
        from eventwire.settings import Settings

        self.port = _free_port()
        app = create_app(store_url, Settings(db=store_url))
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc_info: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)


@dataclass
class ReadReport:
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    event_counts_seen: set[int] = field(default_factory=set)
    ingest_returncode: int | None = None
    ingest_stderr: str = ""


def reads_during_ingest(store_url: str, dump: Path, readers: int) -> ReadReport:
    """Reader threads GET /api/events and /api/health from a real server until an ingest subprocess
    writing the same store ends."""
    import httpx

    from eventwire.store import open_store

    open_store(store_url).close()  # the schema exists before the server opens it
    report = ReadReport()
    stop = threading.Event()

    def read(base: str, number: int) -> None:
        paths = ["/api/events?limit=100", "/api/health", f"/api/events?limit=5&offset={number}"]
        with httpx.Client(base_url=base, timeout=60) as client:
            while not stop.is_set():
                for path in paths:
                    try:
                        response = client.get(path)
                    except httpx.HTTPError as error:
                        report.failures.append(f"{path}: {type(error).__name__} {error}")
                        continue
                    report.statuses[response.status_code] += 1
                    if response.status_code != 200:
                        report.failures.append(f"{path}: {response.status_code} {response.text[:300]}")
                    elif path == paths[0]:
                        report.event_counts_seen.add(len(response.json()["events"]))

    command, env = ingest_command(dump, store_url)
    with ApiServer(store_url) as base:
        threads = [threading.Thread(target=read, args=(base, number)) for number in range(readers)]
        for thread in threads:
            thread.start()
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)
            report.ingest_returncode, report.ingest_stderr = done.returncode, done.stderr
        finally:
            stop.set()
            for thread in threads:
                thread.join(60)
    return report


# -- API fuzzing ------------------------------------------------------------------------------------


@dataclass
class ApiFuzzReport:
    cases: Counter[str] = field(default_factory=Counter)  # operation label -> examples sent
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)


def fuzz_api(app: Any, max_examples: int, headers: dict[str, str] | None = None) -> ApiFuzzReport:
    """Schemathesis over every operation of the app's OpenAPI spec, in process (ASGI), derandomized:
    each case is sent and checked with the default checks (no 5xx; status code, content type, headers
    and body conform to the spec; invalid data is rejected) except positive_data_acceptance (below).
    Failures are collected, not raised."""
    import schemathesis
    from hypothesis import HealthCheck, given, settings

    # Left out: a 4xx for a value the spec allows. Cursors are opaque tokens (a random string is a
    # well-typed but unknown cursor, rightly a 400), so the check cannot hold for them.
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    report = ApiFuzzReport()

    def sender(label: str) -> Callable[[Any], None]:
        def send(case: Any) -> None:
            report.cases[label] += 1
            response = case.call(headers=headers)
            report.statuses[response.status_code] += 1
            case.validate_response(response, excluded_checks=[positive_data_acceptance])

        return send

    for found in schema.get_all_operations():
        operation = found.ok()
        run = settings(max_examples=max_examples, derandomize=True, database=None, deadline=None,
                       suppress_health_check=list(HealthCheck))(given(case=operation.as_strategy())(sender(operation.label)))
        try:
            run()
        except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - schemathesis failure groups: collect them
            report.failures.append(f"{operation.label}: {type(error).__name__}: {str(error)[:600]}")
    return report
