"""API latency over 100k events beside the bare SQL of the same queries, measured in one run (`make bench`).

    PYTHONPATH=src python bench/api.py [--events 100000] [--repeat 60] [--keep var/bench/api.sqlite]

Loads seeded synthetic events into a fresh SQLite store (bulk insert through SqlStore's engine and its own
row builder, FTS5 rows included), then times typical requests through an in-process ASGI client
(httpx's ASGI transport: routing, validation, store, JSON) and the hand-written SQL that answers
the same question on the same file through the stdlib sqlite3 module (rows fetched, nothing decoded).
Prints p50/p95 of both and their ratio. Targets: p95 <= 50 ms for a filtered page of 100 events;
API p50 <= 3x the bare SQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import BenchRow, save, time_ms

from eventwire.model import (
    AcledType,
    Actor,
    ActorRole,
    Article,
    ArticleResult,
    Casualties,
    Claim,
    ClaimStatus,
    DatePrecision,
    DateSource,
    EventMention,
    EventType,
    LocationPrecision,
    Place,
    TextSpan,
    TimeExpr,
)

EVENTS_PER_ARTICLE = 4
COUNTRIES = ["AFG", "BFA", "BRA", "CMR", "COD", "COL", "ETH", "HTI", "IND", "IRQ", "ISR", "KEN", "LBN", "LBY",
             "MEX", "MLI", "MMR", "MOZ", "NER", "NGA", "PAK", "PHL", "PSE", "RUS", "SDN", "SOM", "SSD", "SYR",
             "TCD", "TUR", "UKR", "USA", "VEN", "YEM", "ZAF", "EGY", "IRN", "GEO", "PER", "ECU"]
TYPES = [EventType.ASSAULT] * 6 + [EventType.PROTEST] * 3 + [EventType.COERCE] * 2 + list(EventType)
WORDS = ["market", "convoy", "village", "checkpoint", "militia", "police", "protesters", "ministry", "border", "shelling", "drone", "raid", "clashes", "strike", "curfew", "talks", "ceasefire", "aid", "delegation", "students", "workers", "harbour", "bridge", "district", "governor", "council", "rebels", "army", "airport", "fuel", "depot", "hospital", "school", "election", "court"]
SYLLABLES = ["ka", "lo", "mer", "tan", "vi", "dor", "sa", "ur"]
NAME_COUNT = 400
OUTLETS = [f"Outlet {index} Example" for index in range(60)]


def synthetic_results(count: int, seed: int) -> list[ArticleResult]:
    """``count`` events in count/4 articles: seeded types, countries, dates over two years, places, tolls."""
    rng = random.Random(seed)
    centres = {country: (rng.uniform(-35, 55), rng.uniform(-100, 120)) for country in COUNTRIES}
    start = dt.date(2024, 1, 1)
    results = []
    for article_index in range(count // EVENTS_PER_ARTICLE):
        # Common words plus names from a long synthetic vocabulary, so a full-text query is selective
        # the way real news is (a place or person name matches a few articles, not all of them).
        words = [rng.choice(WORDS) for _ in range(50)]
        words += [f"{rng.choice(SYLLABLES)}{rng.choice(SYLLABLES)}{rng.randrange(NAME_COUNT)}" for _ in range(10)]
        text = " ".join(words) + "."
        country = rng.choice(COUNTRIES)
        lat0, lon0 = centres[country]
        published = dt.datetime.combine(start + dt.timedelta(days=rng.randrange(730)), dt.time(8), dt.UTC)
        events = []
        for position in range(EVENTS_PER_ARTICLE):
            word_start = text.index(words[position * 10])
            trigger = TextSpan(words[position * 10], word_start, word_start + len(words[position * 10]))
            event_type = rng.choice(TYPES)
            day = published.date() - dt.timedelta(days=rng.randrange(4))
            killed = rng.choice([None, None, 0, 1, 2, 3, 5, 8, 12, 30]) if event_type is EventType.ASSAULT else None
            events.append(EventMention(
                id=f"e{article_index:06d}-{position}", type=event_type, mode=None,
                acled=AcledType("Battles", "Armed clash") if event_type is EventType.ASSAULT else None,
                trigger=trigger, sentence=TextSpan(text[:80], 0, 80),
                actors=(Actor(ActorRole.SOURCE, "militia", f"{rng.choice(WORDS).title()} Militia", country,
                              "militia", 0, 7),),
                location=Place("place", f"Town {rng.randrange(500)}", None, country, f"Region {rng.randrange(8)}",
                               lat0 + rng.uniform(-4, 4), lon0 + rng.uniform(-4, 4), LocationPrecision.CITY, 0, 5),
                date=TimeExpr("on Monday", day, DatePrecision.DAY, DateSource.TEXT, 0, 9),
                fatalities=Casualties(killed, None, "killed", 0, 6) if killed is not None else None,
                claim=Claim(rng.choice(list(ClaimStatus)), None, (), None, None), confidence=0.7,
            ))
        article = Article(id=f"a{article_index:06d}", text=text, title=" ".join(words[:6]), url=None,
                          outlet=rng.choice(OUTLETS), published=published, published_source="bench",
                          language="en", source="bench")
        results.append(ArticleResult(article, tuple(events), ()))
    return results


def bulk_load(path: Path, results: list[ArticleResult]) -> None:
    """All results in one transaction through SqlStore's engine, with the store's own row builders."""
    from eventwire.store.schema import articles, event_actors, events
    from eventwire.store.sql import SqlStore, _event_row, _index_sqlite_search

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
                _index_sqlite_search(connection, a.id, a.title or "", a.text, rows, [])
            connection.execute(articles.insert(), article_rows)
            connection.execute(events.insert(), event_rows)
            connection.execute(event_actors.insert(), actor_rows)
        with store._write() as connection:
            connection.exec_driver_sql("ANALYZE")
    finally:
        store.close()


#: (name, API path, bare SQL, SQL parameters). The SQL is what a person would write for the same answer.
PAGE = ("SELECT e.data, e.article_id, a.url, a.outlet, a.title, a.published FROM events e JOIN articles a"
        " ON a.id = e.article_id WHERE {where} ORDER BY e.event_date DESC, e.id LIMIT 100")
QUERIES: list[tuple[str, str, str, tuple[Any, ...]]] = [
    ("page of 100, type", "/api/events?type=PROTEST&limit=100",
     PAGE.format(where="e.type = ?"), ("PROTEST",)),
    ("country+type+dates", "/api/events?country=UKR&type=ASSAULT&since=2024-06-01&until=2024-12-31&limit=100",
     PAGE.format(where="e.country = ? AND e.type = ? AND e.event_date >= ? AND e.event_date <= ?"),
     ("UKR", "ASSAULT", "2024-06-01", "2024-12-31")),
    ("bbox", "/api/events?bbox=-30,0,60,40&limit=100",
     PAGE.format(where="e.lat BETWEEN ? AND ? AND e.lon BETWEEN ? AND ?"), (0, 40, -30, 60)),
    ("full text", "/api/events?q=convoy%20kalo7&limit=100",
     PAGE.format(where="(e.id IN (SELECT event_id FROM event_search WHERE event_search MATCH ?)"
                 " OR e.article_id IN (SELECT article_id FROM article_search WHERE article_search MATCH ?))"),
     ('"convoy" "kalo7"', '"convoy" "kalo7"')),
    ("stats, one country", "/api/stats?country=UKR",
     ("SELECT (SELECT count(*) FROM events WHERE country = ?),"
     " (SELECT json_group_array(n) FROM (SELECT count(*) n FROM events WHERE country = ? GROUP BY event_date)),"
     " (SELECT json_group_array(n) FROM (SELECT count(*) n FROM events WHERE country = ? GROUP BY type)),"
     " (SELECT json_group_array(n) FROM (SELECT count(*) n FROM events WHERE country = ? GROUP BY country))"),
     ("UKR",) * 4),
]


class InProcessClient:
    """GET through the ASGI app in this process (httpx's ASGI transport on one event loop): routing,
    validation, the store, JSON, as uvicorn would run them, without sockets."""

    def __init__(self, app: Any) -> None:
        import asyncio

        import httpx

        self.loop = asyncio.new_event_loop()
        self.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench.local")

    def get(self, url: str) -> Any:
        return self.loop.run_until_complete(self.client.get(url))

    def close(self) -> None:
        self.loop.run_until_complete(self.client.aclose())
        self.loop.close()


def percentile(samples: list[float], share: float) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[int(share * 100) - 1]


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
        client = InProcessClient(app)
        try:
            for name, url, sql, parameters in QUERIES:
                answer = client.get(url)
                assert answer.status_code == 200, answer.text
                found = len(answer.json().get("events", ())) or answer.json().get("total", 0)
                expected = bare.execute(sql, parameters).fetchall()
                if "events" in answer.json():
                    assert len(expected) == found, (name, len(expected), found)
                api = time_ms(lambda url=url: client.get(url), args.repeat, warm_up=True)
                sql_ms = time_ms(lambda sql=sql, parameters=parameters: bare.execute(sql, parameters).fetchall(),
                               args.repeat, warm_up=True)
                api_p50, api_p95 = percentile(api, 0.5), percentile(api, 0.95)
                sql_p50, sql_p95 = percentile(sql_ms, 0.5), percentile(sql_ms, 0.95)
                ratio = api_p50 / sql_p50 if sql_p50 else float("inf")
                is_page = name.startswith("page")
                rows.append(BenchRow("api", f"{name} API p50", api_p50, "ms", detail=f"{found} results"))
                rows.append(BenchRow("api", f"{name} API p95", api_p95, "ms", "<= 50" if is_page else "",
                                     api_p95 <= 50 if is_page else None))
                rows.append(BenchRow("api", f"{name} SQL p50/p95", sql_p50, "ms", detail=f"p95 {sql_p95:.2f} ms"))
                rows.append(BenchRow("api", f"{name} API/SQL p50", ratio, "x", "<= 3", ratio <= 3))
        finally:
            client.close()
            app.state.store.close()
        bare.close()
        save("api", rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
