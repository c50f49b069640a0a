"""What every benchmark shares: a result row, one printed table, a JSON file `make bench` collects,
timings and percentiles, and the seeded synthetic events the store and API benchmarks load."""

from __future__ import annotations

import datetime as dt
import json
import platform
import random
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from eventwire.model import ArticleResult

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


def percentile(samples: list[float], share: float) -> float:
    """The ``share`` percentile (0.5: median, 0.95: p95) of the samples, by linear interpolation."""
    return statistics.quantiles(samples, n=100, method="inclusive")[round(share * 100) - 1]


# -- seeded synthetic events (bench/api.py, bench/bench_store.py) -----------------------------------

EVENTS_PER_ARTICLE = 4
COUNTRIES = ["AFG", "BFA", "BRA", "CMR", "COD", "COL", "ETH", "HTI", "IND", "IRQ", "ISR", "KEN", "LBN", "LBY",
             "MEX", "MLI", "MMR", "MOZ", "NER", "NGA", "PAK", "PHL", "PSE", "RUS", "SDN", "SOM", "SSD", "SYR",
             "TCD", "TUR", "UKR", "USA", "VEN", "YEM", "ZAF", "EGY", "IRN", "GEO", "PER", "ECU"]
#: Common news words: each text draws 50 of them, so one of them matches most articles (a broad query).
WORDS = ["market", "convoy", "village", "checkpoint", "militia", "police", "protesters", "ministry", "border",
         "shelling", "drone", "raid", "clashes", "strike", "curfew", "talks", "ceasefire", "aid", "delegation",
         "students", "workers", "harbour", "bridge", "district", "governor", "council", "rebels", "army",
         "airport", "fuel", "depot", "hospital", "school", "election", "court"]
SYLLABLES = ["ka", "lo", "mer", "tan", "vi", "dor", "sa", "ur"]
NAME_COUNT = 400
OUTLETS = [f"Outlet {index} Example" for index in range(60)]


def _draw_centres(rng: random.Random) -> dict[str, tuple[float, float]]:
    return {country: (rng.uniform(-35, 55), rng.uniform(-100, 120)) for country in COUNTRIES}


def country_centres(seed: int) -> dict[str, tuple[float, float]]:
    """The (lat, lon) each country's events scatter around (within 4 degrees) for this seed."""
    return _draw_centres(random.Random(seed))


def synthetic_results(count: int, seed: int = 7) -> list[ArticleResult]:
    """``count`` events in count/4 articles: seeded types, countries, dates over 2024-2025, places, tolls.

    Texts mix common words with names from a long synthetic vocabulary, so a full-text query on a name is
    selective the way real news is (a place or person matches a few articles) and one on a common word is
    broad.
    """
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

    types = [EventType.ASSAULT] * 6 + [EventType.PROTEST] * 3 + [EventType.COERCE] * 2 + list(EventType)
    rng = random.Random(seed)
    centres = _draw_centres(rng)
    start = dt.date(2024, 1, 1)
    results = []
    for article_index in range(count // EVENTS_PER_ARTICLE):
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
            event_type = rng.choice(types)
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
