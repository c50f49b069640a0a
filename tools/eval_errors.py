"""Error analysis on the team gold: false positives/negatives by type and cause, confusions, casualty and claim misses.

Usage: PYTHONPATH=$PWD/src python tools/eval_errors.py [eval/gold/articles.jsonl] [--show fp|fn|type|killed|claim|acled]
[--type ASSAULT] [--limit 40]. Causes are heuristic labels that help decide which general rule to fix first.
"""

from __future__ import annotations

import argparse
import collections
from pathlib import Path
from typing import Any

from eventwire.evaluation import EVENT_FIELDS, _align, _event_matches, gold_article, read_gold
from eventwire.model import ArticleResult
from eventwire.pipeline import process

FUTURE = ("will ", "would ", "plan", "threat", "vow", "warn", "could ", "may ")


def _sentence(text: str, start: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    right = min([i for i in (text.find(". ", start), text.find("\n", start)) if i >= 0] or [len(text)])
    return text[left:right + 1].strip()


def _cause(text: str, event: dict[str, Any], others: list[dict[str, Any]]) -> str:
    """A rough reason label for an unmatched event."""
    trigger = event["trigger"]
    sentence = _sentence(text, trigger["start"]).lower()
    if any(o["trigger"]["start"] <= trigger["start"] < o["trigger"]["end"] + 200 and
           _sentence(text, o["trigger"]["start"]).lower() == sentence for o in others):
        return "same sentence as another event"
    if "“" in sentence or '"' in sentence:
        return "in/near a quote"
    if any(cue in sentence for cue in FUTURE):
        return "future/modal"
    return "other"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("gold", nargs="?", default="eval/gold/articles.jsonl")
    parser.add_argument("--show", choices=["fp", "fn", "type", "killed", "claim", "acled"])
    parser.add_argument("--type", help="only events whose predicted or gold type is this")
    parser.add_argument("--limit", type=int, default=40)
    args = parser.parse_args()
    records = read_gold(Path(args.gold))
    results = [r for r in process([gold_article(record) for record in records]) if isinstance(r, ArticleResult)]
    tallies: dict[str, collections.Counter[Any]] = collections.defaultdict(collections.Counter)
    shown: list[str] = []
    for result, record in zip(results, records, strict=True):
        text, predicted, gold = record["article"]["text"], result.to_dict()["events"], record["events"]
        pairs = _align(predicted, gold, _event_matches)
        matched_p, matched_g = {p for p, _ in pairs}, {g for _, g in pairs}
        for index, event in enumerate(predicted):
            if index not in matched_p:
                cause = _cause(text, event, [gold[g] for g in range(len(gold))])
                tallies["fp by type"][event["type"]] += 1
                tallies["fp by cause"][cause] += 1
                if args.show == "fp" and args.type in (None, event["type"]):
                    shown.append(f"FP {event['type']:9} [{event['trigger']['text']}] {cause} | "
                                 f"{_sentence(text, event['trigger']['start'])} ({record['article']['id']})")
        for index, event in enumerate(gold):
            if index not in matched_g:
                cause = _cause(text, event, [predicted[p] for p in range(len(predicted))])
                tallies["fn by type"][event["type"]] += 1
                tallies["fn by cause"][cause] += 1
                if args.show == "fn" and args.type in (None, event["type"]):
                    shown.append(f"FN {event['type']:9} [{event['trigger']['text']}] {cause} | "
                                 f"{_sentence(text, event['trigger']['start'])} ({record['article']['id']})")
        for p, g in pairs:
            pe, ge = predicted[p], gold[g]
            where = f"{_sentence(text, ge['trigger']['start'])} ({record['article']['id']})"
            if pe["type"] != ge["type"]:
                tallies["type confusions (gold -> predicted)"][(ge["type"], pe["type"])] += 1
                if args.show == "type" and args.type in (None, pe["type"], ge["type"]):
                    shown.append(f"TYPE {ge['type']}->{pe['type']} [{pe['trigger']['text']}/{ge['trigger']['text']}] | {where}")
            for name, key in (("killed", "killed"), ("claim", "claim"), ("acled", "acled_sub_event")):
                gv, pv = EVENT_FIELDS[key](ge), EVENT_FIELDS[key](pe)
                if gv is not None and gv != pv:
                    tallies[f"{name} (gold, predicted)"][(gv, pv)] += 1
                    if args.show == name and args.type in (None, ge["type"]):
                        shown.append(f"{name.upper()} gold={gv} predicted={pv} [{ge['trigger']['text']}] | {where}")
    for title, counter in tallies.items():
        print(f"== {title}: {sum(counter.values())}")
        for key, count in counter.most_common(15):
            print(f"  {count:4d}  {key}")
    for line in shown[: args.limit]:
        print(line)


if __name__ == "__main__":
    main()
