"""Benchmark: gazetteer build seconds and name lookups per second, measured in one run.

Usage: python bench/bench_gazetteer.py [--gazetteer PATH]  (without a path, builds into a temporary dir)
Lookups are timed over the same 20,000 names drawn from the gazetteer itself: a cold pass where every
distinct name hits SQLite, a warm pass served from the in-memory cache, and a cold pass on a fresh
connection batched 20 names at a time as ``Gazetteer.resolve`` does for an article. Wall-clock and CPU
rates are both printed: on a shared machine the wall clock also measures the other tenants.
"""

from __future__ import annotations

import sys as _sys
from pathlib import Path as _Path

_sys.path.insert(0, str(_Path(__file__).parent))
import argparse
import random
import sqlite3
import tempfile
import time
from pathlib import Path

from common import BenchRow, save

from eventwire.resolve.geo import Gazetteer, build_gazetteer, default_gazetteer_path


def _sample_names(path: Path, count: int) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute(
            "SELECT p.name FROM places p WHERE p.kind != 'region' ORDER BY p.population DESC LIMIT 60000"
        ).fetchall()
    finally:
        connection.close()
    names = [row[0] for row in rows]
    random.Random(7).shuffle(names)
    return names[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gazetteer", type=Path, help="existing gazetteer file (skips the build)")
    parser.add_argument("--names", type=int, default=20_000)
    args = parser.parse_args()
    rows: list[BenchRow] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = args.gazetteer
        if path is None:
            path = default_gazetteer_path(Path(tmp))
            cpu_started = time.process_time()
            stats = build_gazetteer(path)
            cpu = time.process_time() - cpu_started
            print(
                f"build: {stats['seconds']:.1f} s wall, {cpu:.1f} s CPU, {stats['rows']} places, {stats['names']} names"
            )
            rows.append(BenchRow("gazetteer", "build", stats["seconds"], "s", "< 60", stats["seconds"] < 60,
                                 f"{cpu:.1f} s CPU, {stats['names']} names"))
        names = _sample_names(path, args.names)
        gazetteer = Gazetteer.open(path, build_if_missing=False)
        try:
            for label in ("cold (SQLite, one query per name)", "warm (cache)"):
                started, cpu_started = time.perf_counter(), time.process_time()
                found = sum(1 for name in names if gazetteer.lookup(name))
                seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
                print(
                    f"lookup {label}: {len(names) / seconds:,.0f} names/s wall, "
                    f"{len(names) / cpu:,.0f} per CPU-second ({found}/{len(names)} found)"
                )
        finally:
            gazetteer.close()
        # What resolve() does: one batched query for an article's names (here 20 names per article).
        gazetteer = Gazetteer.open(path, build_if_missing=False)
        try:
            started, cpu_started = time.perf_counter(), time.process_time()
            found = 0
            for first in range(0, len(names), 20):
                found += sum(
                    1
                    for found_list in gazetteer.lookup_many(names[first : first + 20]).values()
                    if found_list
                )
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
            print(
                f"lookup cold (SQLite, batched per article of 20): {len(names) / seconds:,.0f} names/s wall, "
                f"{len(names) / cpu:,.0f} per CPU-second ({found} found)"
            )
            rate = len(names) / seconds
            rows.append(BenchRow("gazetteer", "lookups, batched per article", rate, "names/s", ">= 20000",
                                 rate >= 20_000, f"{len(names) / cpu:,.0f} per CPU-second"))
        finally:
            gazetteer.close()
    save("gazetteer", rows)


if __name__ == "__main__":
    main()
