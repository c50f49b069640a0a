"""Benchmark: store query latency (p50/p95) for typical filtered pages, beside the bare SQL, in one run.

Usage: python bench/bench_store.py [--events 100000] [--db PATH_OR_URL]
Without --db, uses a temporary SQLite file. An empty store (new file, or an empty PostgreSQL schema) is
first loaded with invented events (the load is timed too); a filled one is queried as it is. Each
query runs --repeat times through SqlStore.page_events (filter -> SQL -> event dicts) and as the bare SQL
SQLAlchemy compiles for it (rows only), so the ratio shows the store's own overhead.
"""

from __future__ import annotations

import sys as _sys
from pathlib import Path as _Path

_sys.path.insert(0, str(_Path(__file__).parent))
import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path

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
from eventwire.store import EventFilter, open_store
from eventwire.store.sql import SqlStore

COUNTRIES = [("VEN", 8.0, -66.0), ("COL", 4.6, -74.1), ("SDN", 15.5, 32.5), ("UKR", 49.0, 32.0),
             ("MLI", 17.0, -4.0), ("MMR", 21.0, 96.0), ("COD", -2.0, 23.0), ("SYR", 35.0, 38.0)]
EVENTS_PER_ARTICLE = 4
#: One of these in each text, so a full-text query matches about one article in eight.
PLACE_WORDS = ["village", "market", "checkpoint", "convoy", "school", "depot", "bridge", "harbour"]


def invented_results(count: int, seed: int = 7) -> list[ArticleResult]:
    """``count`` invented events, four per article, spread over 2025 and eight countries."""
    rng = random.Random(seed)
    results = []
    types = list(EventType)
    for number in range(0, count, EVENTS_PER_ARTICLE):
        place = rng.choice(PLACE_WORDS)
        text = f"Invented report {number}: fighters attacked a {place}; officials said several died."
        day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(365))
        events = []
        for index in range(min(EVENTS_PER_ARTICLE, count - number)):
            country, lat, lon = rng.choice(COUNTRIES)
            killed = rng.choice([None, None, 0, 1, 2, 5, 11, 30])
            events.append(EventMention(
                id=f"e{number + index}", type=rng.choice(types), mode=None,
                acled=AcledType("Battles", "Armed clash") if rng.random() < 0.3 else None,
                trigger=TextSpan("attacked", 36, 44), sentence=TextSpan(text, 0, len(text)),
                actors=(Actor(ActorRole.SOURCE, "fighters", f"Invented Front {rng.randrange(50)}", country,
                              "rebels", 27, 35),),
                location=Place("village", f"Village {rng.randrange(500)}", None, country, f"Region {rng.randrange(9)}",
                               lat + rng.uniform(-3, 3), lon + rng.uniform(-3, 3), LocationPrecision.CITY, 47, 54),
                date=TimeExpr(None, day, DatePrecision.DAY, DateSource.PUBLISHED_FALLBACK, None, None),
                fatalities=Casualties(killed, None, "several died", 70, 82) if killed is not None else None,
                claim=Claim(rng.choice(list(ClaimStatus))),
            ))
        published = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
        article = Article(f"a{number}", text, title=f"Report {number}", outlet=f"Outlet {rng.randrange(20)}",
                          published=published)
        results.append(ArticleResult(article, tuple(events), ()))
    return results


QUERIES = {
    "page of 100, newest": EventFilter(limit=100),
    "country + type, 100": EventFilter(country="SDN", type="ASSAULT", limit=100),
    "date range + country": EventFilter(country="UKR", since=dt.date(2025, 3, 1), until=dt.date(2025, 5, 31),
                                        limit=100),
    "bbox, 100": EventFilter(bbox=(30.0, 45.0, 35.0, 52.0), limit=100),
    "radius 200 km, 100": EventFilter(radius=(15.5, 32.5, 200), limit=100),
    "min killed, by killed": EventFilter(min_killed=5, sort="killed", limit=100),
    "actor substring, 100": EventFilter(actor="front 7", limit=100),
    "full text q, 100": EventFilter(q="village", country="MLI", limit=100),
}


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--db", help="store path or URL (loaded first when empty)")
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        target = args.db or str(Path(tmp) / "bench.sqlite")
        store = open_store(target)
        assert isinstance(store, SqlStore)
        if store.counts()["events"] == 0:
            results = invented_results(args.events)
            start = time.perf_counter()
            for result in results:
                store.add_result(result)
            seconds = time.perf_counter() - start
            print(f"loaded {args.events} events ({len(results)} articles) in {seconds:.1f} s:"
                  f" {args.events / seconds:.0f} events/s")
            # Planner statistics, as a served store has them: closing a SQLite store runs ANALYZE/optimize;
            # PostgreSQL's autovacuum would analyze the new rows a little later, so do it now.
            store.close()
            store = open_store(target)
            assert isinstance(store, SqlStore)
            if store.dialect == "postgresql":
                with store._engine.begin() as connection:
                    connection.exec_driver_sql("ANALYZE")
        print(f"store: {store.dialect}, {store.counts()['events']} events, {args.repeat} runs per query")
        worst: list[tuple[float, float, str]] = []
        print(f"{'query':26} {'rows':>5} {'p50 ms':>8} {'p95 ms':>8} {'bare p50':>9} {'bare p95':>9} {'ratio p95':>9}")
        for name, event_filter in QUERIES.items():
            rows = len(store.query_events(event_filter))
            through_store = time_ms(lambda f=event_filter: store.page_events(f), args.repeat)
            statement = store._events_select(event_filter).limit(event_filter.limit)

            def bare(statement=statement) -> None:
                with store._engine.connect() as connection:
                    connection.execute(statement).all()

            bare_sql = time_ms(bare, args.repeat)
            print(f"{name:26} {rows:5d} {statistics.median(through_store):8.2f} {_p95(through_store):8.2f}"
                  f" {statistics.median(bare_sql):9.2f} {_p95(bare_sql):9.2f}"
                  f" {_p95(through_store) / _p95(bare_sql):9.2f}")
            worst.append((_p95(through_store), _p95(through_store) / _p95(bare_sql), name))
        dialect, events = store.dialect, store.counts()["events"]
        store.close()
    slowest, highest = max(worst), max(worst, key=lambda item: item[1])
    save(f"store-{dialect}", [
        BenchRow("store", f"{dialect} slowest page of 100, p95", slowest[0], "ms", "<= 50", slowest[0] <= 50,
                 f"{slowest[2]}, {events} events"),
        BenchRow("store", f"{dialect} store / bare SQL, p95", highest[1], "x", "<= 3", highest[1] <= 3, highest[2]),
    ])


if __name__ == "__main__":
    main()
