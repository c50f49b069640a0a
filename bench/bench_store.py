"""Benchmark: store query latency (p50/p95) for typical filtered pages, beside the bare SQL, in one run.

Usage: python bench/bench_store.py [--events 100000] [--db PATH_OR_URL]
Without --db, uses a temporary SQLite file. An empty store (new file, or an empty PostgreSQL schema) is
first loaded with the seeded synthetic events of bench/common.py (the load is timed too); a filled one is queried as it is. Each
query runs --repeat times through SqlStore.page_event_documents (filter -> plan -> SQL -> event JSON texts,
what the API serves), through SqlStore.page_events (decoded dicts, as the CLI and exports use them) and as
the bare SQL SQLAlchemy compiles for it with the same plan (rows only), so the ratio shows the store's
own overhead.
"""

from __future__ import annotations

import sys as _sys
from pathlib import Path as _Path

_sys.path.insert(0, str(_Path(__file__).parent))
import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from common import BenchRow, country_centres, percentile, save, synthetic_results, time_ms

from eventwire.store import EventFilter, open_store
from eventwire.store.sql import SqlStore

SEED = 7
_UKR = country_centres(SEED)["UKR"]
_SDN = country_centres(SEED)["SDN"]

QUERIES = {
    "page of 100, newest": EventFilter(limit=100),
    "country + type, 100": EventFilter(country="SDN", type="ASSAULT", limit=100),
    "date range + country": EventFilter(country="UKR", since=dt.date(2025, 3, 1), until=dt.date(2025, 5, 31),
                                        limit=100),
    # A country-sized box in one country's scatter, and a radius around another's centre.
    "bbox, 100": EventFilter(bbox=(_UKR[1] - 2.5, _UKR[0] - 3.5, _UKR[1] + 2.5, _UKR[0] + 3.5), limit=100),
    "radius 200 km, 100": EventFilter(radius=(_SDN[0], _SDN[1], 200), limit=100),
    "min killed, by killed": EventFilter(min_killed=5, sort="killed", limit=100),
    "actor substring, 100": EventFilter(actor="harbour mil", limit=100),
    "full text q, 100": EventFilter(q="village", country="MLI", limit=100),
}


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
            results = synthetic_results(args.events, SEED)
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
        print(f"{'query':26} {'rows':>5} {'p50 ms':>8} {'p95 ms':>8} {'bare p50':>9} {'bare p95':>9} {'ratio p95':>9}"
              f" {'dicts p50':>9} {'other plan p50':>14}")
        for name, event_filter in QUERIES.items():
            rows = len(store.query_events(event_filter))
            # What the API serves: the events' JSON texts; and the decoded dicts (CLI, exports) beside it.
            through_store = time_ms(lambda f=event_filter: store.page_event_documents(f), args.repeat)
            as_dicts = time_ms(lambda f=event_filter: store.page_events(f), args.repeat)
            with store._read() as connection:  # the plan the store would choose (walk or collect)
                plan = store._page_plan(connection, event_filter)
            statement = store._events_select(event_filter, plan).limit(event_filter.limit)

            def bare(statement=statement) -> None:
                with store._engine.connect() as connection:
                    connection.execute(statement).all()

            bare_sql = time_ms(bare, args.repeat)
            # The plan the store did not choose (walk <-> collect), where the filter has one to choose.
            other = "-"
            if plan is not None and (event_filter.q or event_filter.bbox or event_filter.radius):
                flipped = type(plan)(walk_text=not plan.walk_text, walk_place=not plan.walk_place)
                other_statement = store._events_select(event_filter, flipped).limit(event_filter.limit)
                other = f"{percentile(time_ms(lambda s=other_statement: bare(s), max(5, args.repeat // 4)), 0.5):.2f}"
            print(f"{name:26} {rows:5d} {percentile(through_store, 0.5):8.2f} {percentile(through_store, 0.95):8.2f}"
                  f" {percentile(bare_sql, 0.5):9.2f} {percentile(bare_sql, 0.95):9.2f}"
                  f" {percentile(through_store, 0.95) / percentile(bare_sql, 0.95):9.2f}"
                  f" {percentile(as_dicts, 0.5):9.2f} {other:>14}")
            p95, bare_p95 = percentile(through_store, 0.95), percentile(bare_sql, 0.95)
            worst.append((p95, p95 / bare_p95, name))
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
