"""API latency over 100k events beside the bare SQL of the same queries, measured in one run (`make bench`).

    PYTHONPATH=src python bench/api.py [--events 100000] [--repeat 60] [--keep var/bench/api.sqlite]

Loads seeded synthetic events (bench/common.py) into a fresh SQLite store (bulk insert through SqlStore's
engine and its own row builder, FTS5 rows included), then times typical requests sent straight into the
ASGI app (middleware, routing, validation, store, response body; no HTTP client or socket) and the
hand-written SQL that answers the same question on the same file through the stdlib sqlite3 module: the
same columns the answer carries, fetched but not decoded. The API request, the SQL and the store call
alone are timed in turn in each round, so that on a shared machine all three see the same load. Before timing, each query's SQL answer is
checked against the API's (same event ids in the same order; same counts). Prints p50/p95 of both and
their ratio. Targets: p95 <= 50 ms for a filtered page of 100 events;
API p50 <= 3x the bare SQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import BenchRow, country_centres, percentile, save, synthetic_results, time_ms

from eventwire.model import ArticleResult


def bulk_load(path: Path, results: list[ArticleResult]) -> None:
    """All results in one transaction through SqlStore's engine, with the store's own row builders."""
    from eventwire.store.schema import articles, event_actors, events
    from eventwire.store.sql import SqlStore, _event_row

    store = SqlStore(path)
    try:
        with store._write() as connection:
            now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            article_rows, event_rows, actor_rows = [], [], []
            for result in results:
                a = result.article
                article_rows.append({"id": a.id, "url": a.url, "outlet": a.outlet, "title": a.title,
                                     "published": a.published.isoformat() if a.published else None,
                                     "published_source": a.published_source, "language": a.language,
                                     "source": a.source, "text": a.text, "ingested_at": now})
                rows = [_event_row(a.id, index, mention) for index, mention in enumerate(result.events)]
                event_rows.extend(rows)
                actor_rows.extend({"event_id": m.id, "role": actor.role.value, "name": actor.name,
                                   "text": actor.text, "country": actor.country, "sector": actor.sector}
                                  for m in result.events for actor in m.actors)
            connection.execute(articles.insert(), article_rows)
            connection.execute(events.insert(), event_rows)
            connection.execute(event_actors.insert(), actor_rows)
            # The search and place indexes as the store fills them (sql._index_sqlite_rows), all at once.
            connection.exec_driver_sql("INSERT INTO article_search (rowid, article_id, title, text)"
                                       " SELECT rowid, id, coalesce(title, ''), text FROM articles")
            connection.exec_driver_sql("INSERT INTO event_search (rowid, event_id, evidence)"
                                       " SELECT rowid, id, coalesce(evidence, '') FROM events")
            connection.exec_driver_sql("INSERT INTO event_places (id, min_lon, max_lon, min_lat, max_lat)"
                                       " SELECT rowid, lon, lon, lat, lat FROM events"
                                       " WHERE lat IS NOT NULL AND lon IS NOT NULL")
        with store._write() as connection:
            connection.exec_driver_sql("ANALYZE")
    finally:
        store.close()


#: (name, API path, bare SQL, SQL parameters). The SQL is what a person would write for the same answer:
#: every column the API's answer carries (the stored event JSON, the article summary, the id and sort value
#: the next cursor is made of), the same visibility rule (retracted articles hidden), the same order, and
#: the same use of the indexes (store/filters.py SqlitePlan: a broad bbox or word walks the date order,
#: a narrow one collects rowids from the R*Tree or FTS5 table), so the ratio is the API's own cost.
PAGE = ("SELECT e.data, e.article_id, a.url, a.outlet, a.title, a.published, e.id, e.event_date"
        " FROM events e JOIN articles a ON a.id = e.article_id"
        " WHERE {where} AND a.retracted_version IS NULL ORDER BY {order} DESC, e.id LIMIT 100")
BY_DATE, BY_DATE_KEY = "e.event_date", "coalesce(e.event_date, '')"
#: A box around one country's centre (its events scatter 4 degrees around it): ~1% of the events there.
_UKR = country_centres(7)["UKR"]
SMALL_BOX = (round(_UKR[1] - 0.5, 2), round(_UKR[0] - 0.5, 2), round(_UKR[1] + 0.5, 2), round(_UKR[0] + 0.5, 2))
#: /api/stats answers four questions; the bare SQL asks the same four (total, by day, by type, by country).
STATS = [
    ("SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id"
     " WHERE e.country = ? AND a.retracted_version IS NULL"),
    *(f"SELECT e.{column}, count(*) FROM events e JOIN articles a ON a.id = e.article_id"
      f" WHERE e.country = ? AND a.retracted_version IS NULL GROUP BY e.{column} ORDER BY e.{column} NULLS LAST"
      for column in ("event_date", "type", "country")),
]
QUERIES: list[tuple[str, str, str | list[str], tuple[Any, ...]]] = [
    ("page of 100, type", "/api/events?type=PROTEST&limit=100",
     PAGE.format(where="e.type = ?", order=BY_DATE), ("PROTEST",)),
    ("country+type+dates", "/api/events?country=UKR&type=ASSAULT&since=2024-06-01&until=2024-12-31&limit=100",
     PAGE.format(where="e.country = ? AND e.type = ? AND e.event_date >= ? AND e.event_date <= ?", order=BY_DATE),
     ("UKR", "ASSAULT", "2024-06-01", "2024-12-31")),
    ("bbox, a quarter of the map", "/api/events?bbox=-30,0,60,40&limit=100",
     PAGE.format(where="e.lon + 0 BETWEEN ? AND ? AND e.lat + 0 BETWEEN ? AND ?", order=BY_DATE_KEY),
     (-30, 60, 0, 40)),
    ("bbox, 1 degree", "/api/events?bbox={},{},{},{}&limit=100".format(*SMALL_BOX),
     PAGE.format(where="e.rowid IN (SELECT id FROM event_places WHERE max_lon >= ? AND min_lon <= ?"
                 " AND max_lat >= ? AND min_lat <= ?) AND e.lon + 0 BETWEEN ? AND ? AND e.lat + 0 BETWEEN ? AND ?",
                 order=BY_DATE_KEY),
     (SMALL_BOX[0], SMALL_BOX[2], SMALL_BOX[1], SMALL_BOX[3]) * 2),
    ("full text, rare words", "/api/events?q=convoy%20kalo7&limit=100",
     PAGE.format(where="(e.rowid IN (SELECT rowid FROM event_search WHERE event_search MATCH ?)"
                 " OR e.article_id IN (SELECT article_id FROM article_search WHERE article_search MATCH ?))",
                 order=BY_DATE_KEY),
     ('"convoy" "kalo7"', '"convoy" "kalo7"')),
    ("full text, common word", "/api/events?q=village&limit=100",
     PAGE.format(where="(EXISTS (SELECT 1 FROM article_search WHERE article_search MATCH ?"
                 " AND article_search.rowid = a.rowid) OR EXISTS (SELECT 1 FROM event_search"
                 " WHERE event_search MATCH ? AND event_search.rowid = e.rowid))", order=BY_DATE_KEY),
     ('"village"', '"village"')),
    ("stats, one country", "/api/stats?country=UKR", STATS, ("UKR",)),
]


def store_call(store: Any, url: str) -> Any:
    """The store method the API calls for ``url`` (same filter), to time it without the HTTP layer."""
    from urllib.parse import parse_qsl

    from eventwire.serve.params import build_event_filter

    path, _, query = url.partition("?")
    values: dict[str, Any] = dict(parse_qsl(query))
    if "type" in values:
        values["type_"] = values.pop("type")
    if "limit" in values:
        values["limit"] = int(values["limit"])
    event_filter = build_event_filter(**values)
    if path == "/api/stats":
        return lambda: store.stats(event_filter)
    return lambda: store.page_event_documents(event_filter)


def run_sql(connection: sqlite3.Connection, sql: str | list[str], parameters: tuple[Any, ...]) -> list[Any]:
    """The rows of one query, or of each query of a list (fetched, not decoded)."""
    if isinstance(sql, str):
        return connection.execute(sql, parameters).fetchall()
    return [connection.execute(one, parameters).fetchall() for one in sql]


def same_answer(name: str, answer: dict[str, Any], rows: list[Any]) -> int:
    """Check the bare SQL found what the API answered (same events in the same order, same counts); the
    number of results."""
    if "events" in answer:
        api_ids = [event["id"] for event in answer["events"]]
        assert api_ids == [row[6] for row in rows], (name, api_ids[:3], [row[6] for row in rows[:3]])
        return len(api_ids)
    total, *groups = rows
    assert answer["total"] == total[0][0], (name, answer["total"], total)
    for key, group in zip(("by_day", "by_type", "by_country"), groups, strict=True):
        assert [(row["value"], row["count"]) for row in answer[key]] == [tuple(row) for row in group], (name, key)
    return int(answer["total"])


class AsgiCaller:
    """GET straight into the ASGI app, as a server hands it a parsed request: middleware, routing,
    validation, the store and the response body, with no HTTP client or socket in the timing."""

    def __init__(self, app: Any) -> None:
        import asyncio

        self.app = app
        self.loop = asyncio.new_event_loop()

    async def _get(self, url: str) -> tuple[int, bytes]:
        path, _, query = url.partition("?")
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
                 "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": query.encode(),
                 "root_path": "", "headers": [(b"host", b"bench.local")], "client": ("127.0.0.1", 50000),
                 "server": ("bench.local", 80)}
        status, body = 0, bytearray()

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                body.extend(message.get("body", b""))

        await self.app(scope, receive, send)
        return status, bytes(body)

    def get(self, url: str) -> tuple[int, bytes]:
        return self.loop.run_until_complete(self._get(url))

    def time_interleaved_ms(self, url: str, others: list[Any], repeat: int) -> list[list[float]]:
        """Milliseconds of ``repeat`` GETs of ``url`` and of each call in ``others`` (the bare SQL, the
        store call), taken in turn within each round so that all of them see the same load on a shared
        machine, inside one long-running task as under a server (anyio keeps its worker threads for the
        life of the root task). One untimed round first."""

        def clock(call: Any) -> float:
            started = time.perf_counter()
            call()
            return (time.perf_counter() - started) * 1000

        async def run() -> list[list[float]]:
            await self._get(url)
            for call in others:
                call()
            samples: list[list[float]] = [[] for _ in range(len(others) + 1)]
            for _ in range(repeat):
                started = time.perf_counter()
                await self._get(url)
                samples[0].append((time.perf_counter() - started) * 1000)
                for index, call in enumerate(others, start=1):
                    samples[index].append(clock(call))
            return samples

        return self.loop.run_until_complete(run())

    def time_hand_off_ms(self, call: Any, repeat: int) -> list[float]:
        """Milliseconds of ``call`` handed to a worker thread the way FastAPI runs a ``def`` endpoint
        (anyio's thread pool), inside one long-running task."""
        import anyio.to_thread

        async def run() -> list[float]:
            await anyio.to_thread.run_sync(call)
            samples = []
            for _ in range(repeat):
                started = time.perf_counter()
                await anyio.to_thread.run_sync(call)
                samples.append((time.perf_counter() - started) * 1000)
            return samples

        return self.loop.run_until_complete(run())

    def close(self) -> None:
        self.loop.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="Write the database here and keep it (default: a temp dir).")
    parser.add_argument("--reuse", action="store_true", help="With --keep: time the kept database, no reload.")
    args = parser.parse_args(argv)

    from eventwire.serve import create_app
    from eventwire.settings import Settings

    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "api.sqlite"
        rows = []
        if not (args.reuse and path.exists()):
            if path.exists():
                path.unlink()
            started = time.perf_counter()
            bulk_load(path, synthetic_results(args.events, args.seed))
            load_seconds = time.perf_counter() - started
            print(f"loaded {args.events} events into {path} in {load_seconds:.1f} s", flush=True)
            rows.append(BenchRow("api", "load events/s", args.events / load_seconds, "/s",
                                 detail=f"{args.events} events"))
        bare = sqlite3.connect(path)
        app = create_app(str(path), Settings())
        caller = AsgiCaller(app)
        try:
            for name, url, sql, parameters in QUERIES:
                status, body = caller.get(url)
                assert status == 200, body[:500]
                found = same_answer(name, json.loads(body), run_sql(bare, sql, parameters))
                api, sql_ms, store_ms = caller.time_interleaved_ms(
                    url, [lambda sql=sql, parameters=parameters: run_sql(bare, sql, parameters),
                          store_call(app.state.store, url)], args.repeat)
                api_p50, api_p95 = percentile(api, 0.5), percentile(api, 0.95)
                sql_p50, sql_p95 = percentile(sql_ms, 0.5), percentile(sql_ms, 0.95)
                ratio = api_p50 / sql_p50 if sql_p50 else float("inf")
                is_page = url.startswith("/api/events")
                rows.append(BenchRow("api", f"{name} API p50", api_p50, "ms",
                                     detail=f"{found} results, {len(body) / 1000:.0f} kB"))
                rows.append(BenchRow("api", f"{name} API p95", api_p95, "ms", "<= 50" if is_page else "",
                                     api_p95 <= 50 if is_page else None))
                rows.append(BenchRow("api", f"{name} SQL p50/p95", sql_p50, "ms",
                                     detail=f"p95 {sql_p95:.2f} ms; store call alone p50"
                                     f" {percentile(store_ms, 0.5):.2f} ms"))
                rows.append(BenchRow("api", f"{name} API/SQL p50", ratio, "x", "<= 3", ratio <= 3))
            # What the thread hand-off itself costs on this machine now: an empty call, and the store call of
            # the first query run directly and through the hand-off.
            call = store_call(app.state.store, QUERIES[0][1])
            empty = caller.time_hand_off_ms(lambda: None, args.repeat)
            direct = time_ms(call, args.repeat, warm_up=True)
            handed = caller.time_hand_off_ms(call, args.repeat)
            rows.append(BenchRow("api", "thread hand-off, empty call p50", percentile(empty, 0.5), "ms",
                                 detail=f"p95 {percentile(empty, 0.95):.2f} ms"))
            rows.append(BenchRow("api", "store call via hand-off p50", percentile(handed, 0.5), "ms",
                                 detail=f"called directly: p50 {percentile(direct, 0.5):.2f} ms ({QUERIES[0][0]})"))
        finally:
            caller.close()
            app.state.store.close()
        bare.close()
        save("api", rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
