"""What the reliability fuzzers and fault injections tried and what happened, as the table in docs/reliability.md.

    python bench/reliability.py [--quick] [--only extraction,faults,...]

Every family runs with fixed seeds (hypothesis `@seed`, generate phase only, no shrinking), so two runs
print the same inputs' outcomes. An "unhandled" outcome is an exception that is neither a typed
`EventwireError` nor a Reject, or a result whose spans do not point at their words: the row's last
column, which must be 0. The strategies and fault helpers are the ones tests/reliability uses.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "reliability"))

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

Row = tuple[str, str, int, Counter[str]]  # (area, family, inputs, outcome counts)


def run_property(strategy: st.SearchStrategy[Any], check: Callable[[Any], str], examples: int, at: int) -> Counter[str]:
    """Outcome counts of ``check`` over ``examples`` inputs drawn with seed ``at``; exceptions counted."""
    outcomes: Counter[str] = Counter()

    @seed(at)
    @settings(max_examples=examples, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def draw(value: Any) -> None:
        try:
            outcomes[check(value)] += 1
        except Exception as error:  # noqa: BLE001 - counting them is the point
            outcomes[f"UNHANDLED {type(error).__name__}: {str(error)[:80]}"] += 1

    draw()
    return outcomes


def drawn(area: str, family: str, outcomes: Counter[str]) -> Row:
    """A row of a property run: hypothesis may draw fewer inputs than asked when a family is small."""
    return area, family, sum(outcomes.values()), outcomes


def extraction_rows(quick: bool) -> list[Row]:
    from hostile import (
        FAMILIES,
        family_texts,
        hostile_bytes,
        hostile_texts,
        one_megabyte_paragraph,
        run_bytes,
        run_text,
        ten_thousand_sentences,
    )

    from eventwire.pipeline import Pipeline
    from eventwire.settings import Settings

    scale = 0.2 if quick else 1.0
    pipeline = Pipeline(Settings(document_seconds=10.0))
    folder = Path(tempfile.mkdtemp(prefix="reliability-"))
    rows: list[Row] = []
    try:
        rows.append(drawn("extraction", "mixed hostile text",
                          run_property(hostile_texts(), lambda text: run_text(pipeline, text), int(400 * scale), 1)))
        for number, family in enumerate(sorted(FAMILIES)):
            outcomes = run_property(family_texts(family), lambda text: run_text(pipeline, text), int(80 * scale), 10 + number)
            rows.append(drawn("extraction", f"news + {family}", outcomes))
        outcomes = run_property(hostile_bytes(), lambda data: run_bytes(pipeline, data, folder), int(300 * scale), 2)
        rows.append(drawn("extraction", "hostile bytes through ingest (encodings, CESU-8 surrogates, NUL)", outcomes))
        for name, make in (("1 MB paragraph", one_megabyte_paragraph), ("10,000 sentences", ten_thousand_sentences)):
            text = make()
            started = time.perf_counter()
            outcome = run_text(pipeline, text[: int(len(text) * scale)])
            rows.append(("extraction", f"{name} (10 s budget, took {time.perf_counter() - started:.0f} s)", 1,
                         Counter([outcome])))
    finally:
        pipeline.close()
    return rows


def parser_rows(quick: bool) -> list[Row]:
    from formats import CSV_MAP, SAMPLES, mutated, parse_outcome

    rows: list[Row] = []
    for number, name in enumerate(sorted(SAMPLES)):
        field_map = CSV_MAP if name == "csv-mapped" else None
        outcomes = run_property(mutated(SAMPLES[name]()), lambda pair, fm=field_map: parse_outcome(pair[1], fm),
                                40 if quick else 200, 100 + number)
        rows.append(drawn("ingest parsers", f"{name}, mutated", outcomes))
    return rows


def fault_rows(quick: bool) -> list[Row]:
    import os

    from faults import ingest_command, kill_repeatedly, per_article, reads_during_ingest, store_problems
    from hostile import invented_dump

    from eventwire.pipeline import ingest
    from eventwire.settings import Settings
    from eventwire.store import open_store

    rows: list[Row] = []
    folder = Path(tempfile.mkdtemp(prefix="reliability-"))
    dump = folder / "dump.jsonl"
    articles = 60 if quick else 250
    invented_dump(dump, articles)
    clean_db = folder / "clean.sqlite"
    with open_store(clean_db) as store:  # type: ignore[attr-defined]
        ingest([str(dump)], store, Settings(db=str(clean_db)))
    clean = per_article(clean_db)
    seeds = range(3 if quick else 10)
    db = folder / "killed.sqlite"
    report = kill_repeatedly(dump, db, clean, seeds)
    outcomes = Counter({"killed, store whole": report.kills - len({p.split(":")[0] for p in report.problems})})
    outcomes.update({f"UNHANDLED {problem}": 1 for problem in report.problems})
    if report.finished_before_kill:
        outcomes["finished before the kill"] = report.finished_before_kill
    rows.append(("faults", f"SIGKILL of eventwire ingest at a seeded random point ({articles} articles)",
                 len(seeds), outcomes))
    import subprocess

    command, env = ingest_command(dump, str(db))
    finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900, check=False)
    equal = finished.returncode == 0 and per_article(db) == clean and not store_problems(db, clean)
    rows.append(("faults", "re-run after the kills", 1,
                 Counter(["completed, equal to an uninterrupted run" if equal else "UNHANDLED differs from a clean run"])))
    backends = [("sqlite", str(folder / "served.sqlite"))]
    if os.environ.get("EVENTWIRE_TEST_POSTGRES_URL"):
        backends.append(("postgresql", _fresh_postgres_schema(os.environ["EVENTWIRE_TEST_POSTGRES_URL"])))
    for name, url in backends:
        reads = reads_during_ingest(url, dump, readers=4)
        outcomes = Counter({f"HTTP {status}" if status == 200 else f"UNHANDLED HTTP {status}": count
                            for status, count in reads.statuses.items()})
        outcomes.update({"UNHANDLED transport error": sum("Error" in f for f in reads.failures if ": 5" not in f)})
        if reads.ingest_returncode != 0:
            outcomes["UNHANDLED ingest failed"] += 1
        rows.append(("faults", f"API reads during an ingest ({name}, 4 threads, {articles} articles)",
                     sum(reads.statuses.values()), +outcomes))
    return rows


def api_rows(quick: bool) -> list[Row]:
    from faults import fuzz_api

    from eventwire.pipeline import ingest
    from eventwire.serve import create_app
    from eventwire.settings import Settings
    from eventwire.store import open_store

    folder = Path(tempfile.mkdtemp(prefix="reliability-"))
    db = folder / "demo.sqlite"
    with open_store(db) as store:  # type: ignore[attr-defined]
        ingest([str(ROOT / "src" / "eventwire" / "demo" / "articles.jsonl")], store, Settings(db=str(db)))
    report = fuzz_api(create_app(str(db), Settings(db=str(db))), 10 if quick else 100)
    outcomes: Counter[str] = Counter({f"HTTP {status}": count for status, count in report.statuses.items()})
    for failure in report.failures:  # "GET /api/x: FailureGroup: ...\n\n- ST105 Undocumented Content-Type ..."
        checks = [line[2:].strip() for line in failure.splitlines() if line.startswith("- ")]
        outcomes[f"UNHANDLED {failure.split(':')[0]}: {'; '.join(checks) or failure[:100]}"] += 1
    return [("api", f"schemathesis, {len(report.cases)} operations, demo corpus store", sum(report.cases.values()),
             outcomes)]


def _fresh_postgres_schema(server: str) -> str:
    import uuid

    import psycopg

    schema = "reliability_" + uuid.uuid4().hex[:12]
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in server else "?"
    return f"{server}{separator}options=-csearch_path%3D{schema}"


AREAS: dict[str, Callable[[bool], list[Row]]] = {
    "extraction": extraction_rows, "parsers": parser_rows, "faults": fault_rows, "api": api_rows,
}


def print_table(rows: list[Row]) -> int:
    """The Markdown table; returns the number of unhandled outcomes."""
    print("| area | input family or fault | tried | outcomes | unhandled |")
    print("|---|---|---:|---|---:|")
    unhandled_total = 0
    for area, family, tried, outcomes in rows:
        unhandled = sum(count for outcome, count in outcomes.items() if outcome.startswith("UNHANDLED"))
        unhandled_total += unhandled
        shown = ", ".join(f"{outcome} {count}" for outcome, count in sorted(outcomes.items(), key=lambda kv: -kv[1]))
        print(f"| {area} | {family} | {tried} | {shown} | {unhandled} |")
    return unhandled_total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="Fewer inputs and seeds, to check the script runs.")
    parser.add_argument("--only", default=",".join(AREAS), help=f"Comma-separated areas: {', '.join(AREAS)}.")
    args = parser.parse_args()
    rows: list[Row] = []
    for area in args.only.split(","):
        started = time.perf_counter()
        rows += AREAS[area](args.quick)
        print(f"{area}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    unhandled = print_table(rows)
    return 1 if unhandled else 0


if __name__ == "__main__":
    sys.exit(main())
