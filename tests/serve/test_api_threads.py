"""Where /api/events reads: bounded SQLite JSON pages on the event loop, everything else in the thread pool."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from eventwire.serve import create_app
from eventwire.serve.app import ON_LOOP_MAX_LIMIT, reads_on_loop
from eventwire.settings import Settings
from eventwire.store import EventFilter


def _on_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _recording(method: Callable[..., Any], seen: list[bool]) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        seen.append(_on_loop())
        return method(*args, **kwargs)

    return call


@pytest.mark.parametrize(("query", "on_loop"), [
    ("limit=100", True),
    ("type=PROTEST&limit=10", True),
    (f"limit={ON_LOOP_MAX_LIMIT}", True),
    (f"limit={ON_LOOP_MAX_LIMIT + 1}", False),
    ("limit=100&offset=5", False),
    ("actor=police", False),
    ("as_of=1", False),
])
def test_sqlite_pages_read_on_the_loop_only_when_bounded(sample_store_path: Path, query: str,
                                                         on_loop: bool) -> None:
    app = create_app(str(sample_store_path), Settings())
    store = app.state.store
    seen: list[bool] = []
    store.page_event_documents = _recording(store.page_event_documents, seen)
    with TestClient(app) as client:
        direct = client.get(f"/api/events?{query}")
    assert direct.status_code == 200, direct.text
    assert seen == [on_loop]


def test_other_formats_and_stats_stay_in_the_thread_pool(sample_store_path: Path) -> None:
    app = create_app(str(sample_store_path), Settings())
    store = app.state.store
    seen: list[bool] = []
    store.page_events = _recording(store.page_events, seen)
    store.stats = _recording(store.stats, seen)
    with TestClient(app) as client:
        assert client.get("/api/events?format=csv&limit=5").status_code == 200
        assert client.get("/api/events?format=geojson&limit=5").status_code == 200
        assert client.get("/api/stats").status_code == 200
    assert seen == [False, False, False]


def test_answers_are_the_same_on_and_off_the_loop(sample_store_path: Path) -> None:
    app = create_app(str(sample_store_path), Settings())
    with TestClient(app) as client:
        on_loop = client.get("/api/events?limit=3").json()
        handed = client.get("/api/events?limit=3&offset=0&as_of=").json()
        assert on_loop == handed
        following = client.get("/api/events", params={"limit": 3, "cursor": on_loop["next_cursor"]}).json()
    assert following["events"] and following["events"][0]["id"] not in {e["id"] for e in on_loop["events"]}


def test_only_sqlite_reads_on_the_loop() -> None:
    class Remote:
        dialect = "postgresql"

    class Unknown:
        pass

    page = EventFilter(limit=100)
    assert not reads_on_loop(Remote(), page)  # type: ignore[arg-type]
    assert not reads_on_loop(Unknown(), page)  # type: ignore[arg-type]
