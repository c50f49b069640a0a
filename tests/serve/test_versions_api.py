"""as_of on the read endpoints, /api/changes polling and last_changed in /api/health."""

from __future__ import annotations

import sys
from pathlib import Path

from fastapi.testclient import TestClient

from eventwire.pipeline import merge_stored, retract
from eventwire.serve.app import create_app
from eventwire.settings import Settings
from eventwire.store.sql import SqlStore

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from test_versions import STRIKE_A, STRIKE_B, _result  # tests/store/test_versions.py


def test_as_of_and_changes_over_http(tmp_path: Path) -> None:
    db = str(tmp_path / "events.sqlite")
    with SqlStore(db) as store:
        first = [_result([STRIKE_A])]
        store.add_result(first[0])
        merge_stored(store, first)
        store.snapshot("first")
    with TestClient(create_app(db, Settings())) as client:
        health = client.get("/api/health").json()
        start = health["last_changed"]["version"]
        assert start >= 2 and health["last_changed"]["at"]
        assert client.get(f"/api/changes?since={start}").json() == {
            "changes": [], "count": 0, "version": start, "at": health["last_changed"]["at"]}
        # Data arrives while the page is open: the next poll sees it.
        with SqlStore(db) as store:
            second = [_result([STRIKE_B])]
            store.add_result(second[0])
            merge_stored(store, second)
            retract(store, "art-a", "test")
        polled = client.get(f"/api/changes?since={start}").json()
        assert polled["version"] > start and polled["count"] == len(polled["changes"]) > 0
        assert {c["kind"] for c in polled["changes"]} >= {"article_added", "report_added", "article_retracted"}
        assert [e["id"] for e in client.get("/api/events").json()["events"]] == ["b1"]
        assert [e["id"] for e in client.get("/api/events?as_of=first").json()["events"]] == ["a1"]
        assert client.get("/api/events/a1").status_code == 404
        assert client.get("/api/events/a1?as_of=first").json()["id"] == "a1"
        assert client.get("/api/articles/art-a?as_of=first").json()["article"]["id"] == "art-a"
        assert client.get("/api/quotes?as_of=first").status_code == 200
        bad = client.get("/api/events?as_of=yesterday-ish")
        assert bad.status_code == 400 and "not a version number" in bad.json()["error"]["message"]
        assert client.get("/api/changes?since=99999").status_code == 400
        # A page ends on a whole version: its version is where the next page starts, nothing skipped.
        seen: list[int] = []
        since_version = start
        while True:
            page = client.get(f"/api/changes?since={since_version}&limit=1").json()
            if page["count"] == 0:
                break
            assert len({c["version"] for c in page["changes"]}) == 1
            seen += [c["id"] for c in page["changes"]]
            since_version = page["version"]
        assert seen == [c["id"] for c in polled["changes"]]
