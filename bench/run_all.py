"""`make bench`: run every benchmark, each in its own process, then print one table of what they measured.

    python bench/run_all.py [--quick] [--table]

Each benchmark writes its rows to var/bench/<name>.json (bench/common.py); this script prints them all
together with the machine line, which is what docs/performance.md quotes.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from common import RESULTS, BenchRow, print_table

HERE = Path(__file__).parent

#: (script, arguments, quick arguments): every benchmark `make bench` runs, in order.
BENCHES: list[tuple[str, list[str], list[str]]] = [
    ("pipeline.py", ["--articles", "300", "--no-rss"], ["--articles", "60", "--no-rss"]),
    ("extract.py", [], ["--repeat", "1"]),
    ("ingest.py", [], ["--pages", "40", "--rounds", "1"]),
    ("merge.py", [], ["--sizes", "1000", "10000"]),
    ("bench_store.py", [], ["--events", "2000", "--repeat", "5"]),
    ("bench_gazetteer.py", [], ["--names", "2000"]),
    ("api.py", [], ["--events", "10000", "--repeat", "20"]),
    # Last: peak RSS is not a timing, so this row may share the machine (its two ingests run side by side).
    # 500 vs 5,000 as issue 10 asks: about 16 minutes on the 2-core machine (docs/performance.md).
    ("pipeline.py", ["--rss-only", "--small", "500", "--large", "5000"], ["--rss-only", "--small", "50", "--large", "150"]),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="Small sizes, to check the benches run.")
    parser.add_argument("--table", action="store_true", help="Only print the table of the saved results.")
    args = parser.parse_args()
    failed = []
    if not args.table:
        for old in RESULTS.glob("*.json"):
            old.unlink()
    for script, full, quick in [] if args.table else BENCHES:
        started = time.perf_counter()
        print(f"== {script}", flush=True)
        done = subprocess.run([sys.executable, str(HERE / script), *(quick if args.quick else full)], check=False)
        if done.returncode != 0:
            failed.append(script)
        print(f"   ({time.perf_counter() - started:.0f} s)", flush=True)
    rows: list[BenchRow] = []
    machine = ""
    for path in sorted(RESULTS.glob("*.json"), key=lambda item: item.stat().st_mtime):
        payload = json.loads(path.read_text(encoding="utf-8"))
        machine = payload["machine"]
        rows += [BenchRow(**row) for row in payload["rows"]]
    print(f"\n== all benchmarks, one run each, on {machine}")
    print_table(rows)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
