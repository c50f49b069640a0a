"""Benchmark: merge seeded synthetic mentions at 10k and 100k in one run; print both times and the ratio.

Usage: PYTHONPATH=src python bench/merge.py [--sizes 10000 100000] [--seed 7] [--collector-on]

The synthetic news flow keeps a constant rate, as a growing archive does: about 30 events a day over
40 countries, each reported by 1-5 articles (a quarter of them syndicated copies), so 10x the mentions
cover 10x the days. Reports of one event vary the date by a day, the toll, the wording, the city
precision and the actors; other events of the same type, country and days are the hard negatives.
Merging is timed alone (records are built before the clock starts). B-cubed against the generating
events is printed as a sanity check of the synthetic flow, not as a quality claim.

Both wall time and this process's CPU time are printed. The machine is shared, so the wall-time ratio
also measures what the neighbours ran meanwhile; the CPU-time ratio measures only the merge's own work
(the garbage collector included), and it is the one held to the near-linear target.
``--collector-on`` leaves Python's cyclic garbage collector running during the merge (MergeEngine
pauses it) to show what that pause saves.
"""

from __future__ import annotations

import sys as _sys
from pathlib import Path as _Path

_sys.path.insert(0, str(_Path(__file__).parent))
import argparse
import contextlib
import datetime as dt
import gc
import random
import time
from dataclasses import dataclass

from common import BenchRow, print_table, save

from eventwire.merge import MentionRecord, MergeEngine, cluster, score_merging
from eventwire.model import (
    Actor,
    ActorRole,
    Casualties,
    DatePrecision,
    DateSource,
    EventMention,
    EventType,
    LocationPrecision,
    Place,
    TextSpan,
    TimeExpr,
)

EVENTS_PER_DAY = 30
COUNTRIES = 40
CITIES_PER_COUNTRY = 25
TYPES = [(EventType.ASSAULT, "aerial"), (EventType.ASSAULT, "firearms"), (EventType.ASSAULT, "explosives"),
         (EventType.PROTEST, "demo"), (EventType.COERCE, "arrest"), (EventType.CONSULT, None)]
VERBS = ["hit", "struck", "attacked", "bombed", "targeted", "shelled", "raided", "stormed"]
OBJECTS = ["market", "checkpoint", "school", "hospital", "depot", "village", "bridge", "convoy", "camp",
           "station", "mosque", "church", "bus", "farm", "port", "barracks"]
SOURCES = ["officials", "residents", "medics", "police", "witnesses", "the army", "local media"]
ACTORS = ["army", "police", "rebels", "militia", "gunmen", "protesters"]


def synthetic(count: int, seed: int) -> tuple[list[MentionRecord], dict[str, str]]:
    rng = random.Random(seed)
    cities = [
        [(f"City{c}-{k}", 10 * (c % 8) + rng.uniform(0, 8), 15 * (c // 8) + rng.uniform(0, 12)) for k in range(CITIES_PER_COUNTRY)]
        for c in range(COUNTRIES)
    ]
    start = dt.date(2020, 1, 1)
    records: list[MentionRecord] = []
    truth: dict[str, str] = {}
    event_number = 0
    while len(records) < count:
        event_number += 1
        day = start + dt.timedelta(days=event_number // EVENTS_PER_DAY)
        country = rng.randrange(COUNTRIES)
        name, lat, lon = rng.choice(cities[country])
        event_type, mode = rng.choice(TYPES)
        killed = rng.choice([None, rng.randint(0, 40)])
        obj = rng.choice(OBJECTS)
        actor = rng.choice(ACTORS)
        root_article = None
        for report in range(rng.randint(1, 5)):
            article = f"a{event_number}-{report}"
            copy_of = root_article if root_article and rng.random() < 0.25 else None
            root_article = root_article or article
            date_value = day + dt.timedelta(days=rng.choice([0, 0, 0, -1]))
            reported = None if killed is None else max(0, killed + rng.choice([0, 0, 1, 2, -1]))
            precise = rng.random() < 0.8
            place = Place(name if precise else f"Country{country}", name, 1000 * country + 1, f"C{country:02d}",
                          None, lat if precise else lat + 2, lon, LocationPrecision.CITY if precise else
                          LocationPrecision.COUNTRY, 0, 1)
            sentence = (f"A {mode or 'group'} attack {rng.choice(VERBS)} a {obj} in {name}, "
                        f"{rng.choice(SOURCES)} said, {rng.choice(OBJECTS)} {rng.choice(VERBS)}.")
            mention = EventMention(
                id=f"m{event_number}-{report}", type=event_type, mode=mode if rng.random() < 0.8 else None,
                acled=None, trigger=TextSpan("attack", 0, 6), sentence=TextSpan(sentence, 0, len(sentence)),
                actors=(Actor(ActorRole.SOURCE, actor, actor, None, None, 0, 1),) if rng.random() < 0.5 else (),
                location=place,
                date=TimeExpr("on Monday", date_value, DatePrecision.DAY, DateSource.TEXT, 0, 1),
                fatalities=Casualties(reported, None, "", 0, 1) if reported is not None else None,
            )
            published = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(rng.randrange(24)), dt.UTC)
            records.append(MentionRecord(mention, article, f"outlet{rng.randrange(200)}", None, published,
                                         copy_of, 0))
            truth[mention.id] = f"e{event_number}"
            if len(records) >= count:
                break
    rng.shuffle(records)
    return records, truth


@dataclass(frozen=True, slots=True)
class Run:
    """One timed merge: wall and CPU seconds, full GC collections meanwhile, workload and scores."""

    seconds: float
    cpu: float
    full_collections: int
    days: int  # days the synthetic mentions' dates span
    scores: dict[str, float]

    def line(self, count: int) -> str:
        return (f"{count:>7} mentions: {self.seconds:7.2f} s wall, {self.cpu:7.2f} s CPU, "
                f"{self.full_collections} full GC collections; {self.days} days, {count / self.days:.1f} "
                f"mentions a day (B-cubed F1 vs generator {self.scores['bcubed_f1']:.3f})")


def run(count: int, seed: int) -> Run:
    """Merge ``count`` synthetic mentions in one call."""
    records, truth = synthetic(count, seed)
    days = {record.mention.date.value for record in records if record.mention.date is not None}
    engine = MergeEngine()
    full_before = gc.get_stats()[2]["collections"]
    began, began_cpu = time.perf_counter(), time.process_time()
    engine.add(records)
    seconds, cpu = time.perf_counter() - began, time.process_time() - began_cpu
    full = gc.get_stats()[2]["collections"] - full_before
    return Run(seconds, cpu, full, (max(days) - min(days)).days + 1, score_merging(truth, engine.event_of))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--collector-on", action="store_true",
                        help="keep the cyclic garbage collector running during the merge")
    arguments = parser.parse_args()
    if arguments.collector_on:
        cluster.cyclic_gc_paused = contextlib.nullcontext  # type: ignore[assignment]
    small, large = arguments.sizes
    small_run = run(small, arguments.seed)
    print(small_run.line(small))
    large_run = run(large, arguments.seed)
    print(large_run.line(large))
    small_seconds, large_seconds = small_run.seconds, large_run.seconds
    ratio, cpu_ratio = large_seconds / small_seconds, large_run.cpu / small_run.cpu
    print(f"ratio {large}/{small}: {ratio:.2f} wall, {cpu_ratio:.2f} CPU (linear would be {large / small:.0f})")
    rows = [
        BenchRow("merge", f"merge {large} mentions", large_seconds, "s", "< 120", large_seconds < 120,
                 f"{small} mentions in {small_seconds:.1f} s"),
        BenchRow("merge", f"merge CPU time {large} / {small}", cpu_ratio, "x", "<= 12", cpu_ratio <= 12,
                 f"linear would be {large / small:.0f}"),
        BenchRow("merge", f"merge wall time {large} / {small}", ratio, "x", detail="includes other processes' load"),
    ]
    if arguments.collector_on:
        print_table(rows)  # a diagnostic run: var/bench keeps the figures of the engine as it ships
    else:
        save("merge", rows)


if __name__ == "__main__":
    main()
