"""Why event locations and dates miss on a gold file: each wrong or missing value sorted by cause, with counts.

Run from the worktree root:

    PYTHONPATH=$PWD/src python tools/eval_place_date_errors.py eval/gold/articles.jsonl [--examples 3]

Events are matched exactly as ``eventwire eval`` matches them (``evaluation._align``); a location is
right when its GeoNames id equals the gold's, a date when its value at the gold's precision and the
precision itself agree (``evaluation._date_key``). Only matched events are diagnosed here: unmatched
events are an extraction problem and are counted once, at the top.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from eventwire.evaluation import _align, _date_key, _event_matches, gold_article, read_gold
from eventwire.model import ArticleResult
from eventwire.pipeline import process

_VERBAL = {"ACCUSE", "REQUEST", "THREATEN", "REJECT", "SUPPORT", "CONCEDE"}


def _inside(span: dict[str, Any] | None, outer: dict[str, Any]) -> bool:
    return bool(span) and span.get("start") is not None and outer["start"] <= span["start"] < outer["end"]


def _overlap(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    if not a or not b or a.get("start") is None or b.get("start") is None:
        return False
    return a["start"] < b["end"] and b["start"] < a["end"]


def location_cause(predicted: dict[str, Any], gold: dict[str, Any]) -> str | None:
    """The cause of a wrong or missing location, or None when it is right (or both are null)."""
    got, want = predicted.get("location"), gold.get("location")
    if (got or {}).get("geonameid") == (want or {}).get("geonameid"):
        return None
    verbal = "verbal" if gold["type"] in _VERBAL else "non-verbal"
    if want is None:
        origin = "place in sentence" if _inside(got, predicted["sentence"]) else "article's main place"
        return f"place given, gold has none ({verbal}, {origin})"
    in_sentence = _inside(want, predicted["sentence"])
    if got is None:
        return f"no place given ({verbal}; gold place {'in' if in_sentence else 'outside'} the sentence)"
    if _overlap(got, want):
        if got.get("precision") != want.get("precision"):
            return f"same mention, precision {got.get('precision')} vs gold {want.get('precision')}"
        return "same mention, resolved to the wrong GeoNames entry"
    if not _inside(got, predicted["sentence"]):  # from_article is not in the output contract
        return f"article's main place used; gold place {'in' if in_sentence else 'outside'} the sentence"
    if got.get("country") == want.get("country") and got.get("precision") != want.get("precision"):
        return f"other mention, precision {got.get('precision')} vs gold {want.get('precision')}"
    if in_sentence:
        return "wrong candidate chosen in the sentence"
    return "place in sentence chosen; gold place outside the sentence"


def date_cause(predicted: dict[str, Any], gold: dict[str, Any]) -> str | None:
    """The cause of a wrong or missing date, or None when it is right (or both are null)."""
    got, want = predicted.get("date"), gold.get("date")
    if _date_key(got) == _date_key(want):
        return None
    fallback = bool(got) and got.get("source") == "published_fallback"
    background = " (background event)" if gold.get("background") else ""
    if want is None:
        kind = "publication fallback" if fallback else "text date"
        verbal = "verbal" if gold["type"] in _VERBAL else "non-verbal"
        return f"{kind} given, gold has none ({verbal})"
    if got is None:
        return "no date given" + background
    if want.get("text") is None:
        kind = "publication fallback" if fallback else "text date"
        return f"{kind} given, gold infers a date from the narrative{background}"
    in_sentence = _inside(want, predicted["sentence"])
    where = "in" if in_sentence else "outside"
    if fallback:
        return f"publication fallback; gold has a text date {where} the sentence{background}"
    if _overlap(got, want):
        if got.get("precision") != want.get("precision"):
            return f"same mention, precision {got.get('precision')} vs gold {want.get('precision')}"
        return "same mention, resolved to the wrong value"
    return f"other date mention chosen; gold date {where} the sentence{background}"


def diagnose(path: Path) -> tuple[Counter[str], dict[str, Counter[str]], dict[str, list[str]]]:
    records = read_gold(path)
    results = [r for r in process(gold_article(record) for record in records) if isinstance(r, ArticleResult)]
    totals: Counter[str] = Counter()
    causes: dict[str, Counter[str]] = {"location": Counter(), "date": Counter()}
    examples: dict[str, list[str]] = defaultdict(list)
    for result, record in zip(results, records, strict=True):
        predicted = result.to_dict()
        gold_events = record.get("events", [])
        pairs = _align(predicted["events"], gold_events, _event_matches)
        totals["gold events"] += len(gold_events)
        totals["matched events"] += len(pairs)
        for p, g in pairs:
            got, want = predicted["events"][p], gold_events[g]
            for field, cause_of in (("location", location_cause), ("date", date_cause)):
                cause = cause_of(got, want)
                if cause is None:
                    totals[f"{field} right"] += 1
                    continue
                causes[field][cause] += 1
                value = got.get(field) or {}
                gold_value = want.get(field) or {}
                examples[f"{field}: {cause}"].append(
                    f"{record['article']['id']} {want['type']} “{want['trigger']['text']}”: "
                    f"got {value.get('text')!r} {value.get('geonameid', value.get('value'))} "
                    f"{value.get('precision')}; gold {gold_value.get('text')!r} "
                    f"{gold_value.get('geonameid', gold_value.get('value'))} {gold_value.get('precision')}"
                )
    return totals, causes, examples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--examples", type=int, default=0, help="examples to print per cause")
    args = parser.parse_args(argv)
    totals, causes, examples = diagnose(args.gold)
    for name, count in totals.items():
        print(f"{name:24} {count}")
    for field, counter in causes.items():
        print(f"\n{field}: {sum(counter.values())} wrong or missing on matched events")
        for cause, count in counter.most_common():
            print(f"  {count:4}  {cause}")
            for line in examples[f"{field}: {cause}"][: args.examples]:
                print(f"          {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
