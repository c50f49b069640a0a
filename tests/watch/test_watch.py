"""eventwire watch against a real HTTP server on 127.0.0.1: conditional requests, new items only,
merging into existing events, errors and malformed feeds survived, state kept in the store."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli.main import app
from eventwire.settings import Settings
from eventwire.store.sql import SqlStore
from eventwire.watch import Watcher, WatchOptions, expand_sources, parse_interval, run_watch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from feed_server import FeedServer, demo_articles

WATCH_ENV = {"EVENTWIRE_ALLOW_PRIVATE_ADDRESSES": "1", "EVENTWIRE_FETCH_RETRIES": "0",
             "EVENTWIRE_RESPECT_ROBOTS": "0", "EVENTWIRE_FEED_FULL_CONTENT_WORDS": "40",
             "EVENTWIRE_FETCH_PER_HOST_INTERVAL": "0"}


@pytest.fixture
def server() -> FeedServer:
    running = FeedServer()
    yield running  # type: ignore[misc]
    running.close()


def _settings(db: Path) -> Settings:
    return Settings(db=str(db), allow_private_addresses=True, fetch_retries=0, respect_robots=False,
                    feed_full_content_words=40, fetch_per_host_interval=0)


def test_polls_ingest_only_what_is_new_and_survive_errors(tmp_path: Path, server: FeedServer) -> None:
    feed = f"{server.url}/feed.xml"
    articles = demo_articles(3)  # El Obeid strike: three outlets, a rising toll
    server.items = articles[:2]
    with SqlStore(tmp_path / "w.sqlite") as store:
        watcher = Watcher(store, _settings(tmp_path / "w.sqlite"))
        first = watcher.poll([feed], 1)
        assert (first.new_articles, first.not_modified, first.errors) == (2, 0, ())
        assert first.new_events >= 1
        stored = store.counts()["articles"]
        state = store.watch_state(feed)
        assert state is not None and state["etag"] and state["last_modified"] and state["status"] == "200"

        same = watcher.poll([feed], 2)
        assert (same.not_modified, same.new_articles) == (1, 0)
        assert server.requests[-1][1]["if-none-match"] == state["etag"]

        server.items = articles[:3]  # a third outlet reports the same strike with a higher toll
        before = store.version_info()["version"]
        grown = watcher.poll([feed], 3)
        assert (grown.new_articles, grown.not_modified, grown.errors) == (1, 0, ())
        assert grown.updated_events >= 1
        assert store.counts()["articles"] == stored + 1
        assert {"article_added", "report_added"} <= {c["kind"] for c in store.changes(since=before)}

        etag = store.watch_state(feed)["etag"]
        server.mode = "error"
        failed = watcher.poll([feed], 4)
        assert len(failed.errors) == 1 and "HTTP 500" in failed.errors[0]
        assert store.watch_state(feed)["etag"] == etag != state["etag"] and store.watch_state(feed)["failures"] == 1
        server.mode = "garbage"  # a feed cut short: an error of this poll, and the watch goes on
        broken = watcher.poll([feed], 5)
        assert broken.new_articles == 0 and len(broken.errors) == 1 and "malformed feed" in broken.errors[0]
        assert store.watch_state(feed)["etag"] is None  # read again next time, not a 304
        server.mode = "ok"
        server.items = articles[:3] + demo_articles(4)[3:]
        back = watcher.poll([feed], 6)
        assert back.new_articles == 1 and back.errors == ()
        watcher.close()
        assert store.counts()["articles"] == stored + 2
        assert len([c for c in store.changes() if c["kind"] == "article_added"]) == stored + 2


def test_cli_once_logs_one_line_and_a_restart_resumes(tmp_path: Path, server: FeedServer,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in WATCH_ENV.items():
        monkeypatch.setenv(key, value)
    server.items = demo_articles(2)
    db = str(tmp_path / "cli.sqlite")
    runner = CliRunner()
    sources = tmp_path / "sources.txt"
    sources.write_text(f"# invented wire\n{server.url}/feed.xml\n", encoding="utf-8")
    first = runner.invoke(app, ["watch", "--sources-file", str(sources), "--db", db, "--once"])
    assert first.exit_code == 0, first.output
    (line,) = first.stdout.splitlines()
    assert "poll 1: 1 sources (0 not modified), 2 new articles" in line and line.endswith("0 errors")
    # A new process (restart): the stored ETag makes the server answer 304, nothing is read again.
    again = runner.invoke(app, ["watch", f"{server.url}/feed.xml", "--db", db, "--max-polls", "2", "--every", "0.01s"])
    assert again.exit_code == 0
    assert [line.split(": ", 1)[1] for line in again.stdout.splitlines()] == [
        "1 sources (1 not modified), 0 new articles, 0 new events, 0 updated events, 0 rejected, 0 errors"] * 2
    with SqlStore(db) as store:
        assert store.counts()["articles"] == 2


def test_schedule_and_inputs() -> None:
    assert [parse_interval(v) for v in ("90", "30s", "15m", "1h", "0.5d")] == [90, 30, 900, 3600, 43200]
    for bad in ("", "0", "-5m", "15 minutes", "m"):
        with pytest.raises(Exception, match="--every"):
            parse_interval(bad)
    slept: list[float] = []
    times = iter([0.0, 2.0, 10.0, 13.0, 20.0])

    class Quiet:
        def __init__(self) -> None:
            self.polls = 0

    lines: list[str] = []
    import eventwire.watch as watch_module

    class FakeWatcher:
        def __init__(self, *args: object) -> None:
            pass

        def poll(self, sources: list[str], number: int) -> watch_module.PollReport:
            return watch_module.PollReport(number, len(sources), 0, 0, 0, 0, 0, ())

        def close(self) -> None:
            pass

    original = watch_module.Watcher
    watch_module.Watcher = FakeWatcher  # type: ignore[misc,assignment]
    try:
        polls = run_watch(None, Settings(), WatchOptions(["http://a.example.org/feed"], 10.0, 3),  # type: ignore[arg-type]
                          lines.append, sleep=slept.append, clock=lambda: next(times))
    finally:
        watch_module.Watcher = original  # type: ignore[misc]
    assert polls == 3 and len(lines) == 3 and slept == [8.0, 7.0]


def test_url_list_files_expand(tmp_path: Path) -> None:
    listed = tmp_path / "urls.txt"
    listed.write_text("https://a.example.org/feed\n\nhttps://b.example.org/sitemap.xml\n", encoding="utf-8")
    prose = tmp_path / "story.txt"
    prose.write_text("Gunmen attacked a village on Monday.\n", encoding="utf-8")
    assert expand_sources([str(listed), str(prose), "https://a.example.org/feed"]) == [
        "https://a.example.org/feed", "https://b.example.org/sitemap.xml", str(prose)]
