"""What every benchmark shares: a result row, one printed table, and a JSON file `make bench` collects."""

from __future__ import annotations

import json
import platform
import resource
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

RESULTS = Path("var/bench")


@dataclass(frozen=True, slots=True)
class BenchRow:
    """One measured ratio (or figure) with its target; ``ok`` is None when there is no target."""

    bench: str
    name: str
    value: float
    unit: str
    target: str = ""
    ok: bool | None = None
    detail: str = ""


def print_table(rows: list[BenchRow]) -> None:
    width = max((len(row.name) for row in rows), default=10)
    print(f"{'bench':<10} {'measure':<{width}} {'value':>12}  {'target':<10} ok   detail")
    for row in rows:
        status = "" if row.ok is None else ("yes" if row.ok else "NO")
        print(f"{row.bench:<10} {row.name:<{width}} {row.value:>12.3f} {row.unit:<1}  {row.target:<10} {status:<4} {row.detail}")


def save(bench: str, rows: list[BenchRow]) -> Path:
    """Write the rows where `bench/run_all.py` finds them, and print them."""
    print_table(rows)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{bench}.json"
    payload = {"machine": machine(), "rows": [asdict(row) for row in rows]}
    path.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    return path


def time_ms(call: Callable[[], object], repeat: int, warm_up: bool = False) -> list[float]:
    """Milliseconds of ``repeat`` calls (after one untimed call when ``warm_up``)."""
    if warm_up:
        call()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def machine() -> str:
    import os

    return f"{platform.node()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def peak_rss_mb() -> float:
    """This process's peak resident set size in MB (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
