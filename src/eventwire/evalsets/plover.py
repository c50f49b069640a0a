"""PLOVER Gold Standard Records: event detection, type, mode, source actors and deaths, one sentence each.

Each of the 322 GSR sentences is coded with one PLOVER 0.5b1 event. The set's PROVENANCE.md asks for a
version mapping to current PLOVER, applied to the gold: DEMAND -> REQUEST, DISAPPROVE -> ACCUSE,
INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT. The coded event of a sentence is the predicted event whose
trigger shares a word with the gold's ``(EVT: ...)`` markup, else our most confident event. Scores:

- ``detection.recall``: sentences where we find any event (every sentence holds one);
- ``type.accuracy`` and ``type.macro_f1``: the coded event's type (no event counts as wrong);
- ``mode.accuracy``: on sentences with a gold mode and the right type, same mode; PLOVER 0.5 sub-modes
  (``strike-hun``, ``demo-org``) count as their first part (``strike``, ``demo``);
- ``source_actor.recall``: gold source actors overlapped by a source actor of the coded event;
- ``source_country.accuracy``: of those found, the same ISO 3166 code (gold codes that are countries);
- ``dead.accuracy``: sentences with a gold ``dead`` count where our killed count equals it.

No peer event coder is installed here, so this set has no peer rows.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from eventwire.errors import EvalError
from eventwire.evalsets import ScoreRow
from eventwire.evalsets.context import EvalContext
from eventwire.evalsets.scoring import Counts, absent_row, stable_sample
from eventwire.model import ActorRole, ArticleResult, EventMention
from eventwire.resolve.countries import country_name

DATASET = "plover-gsr"
VERSION_MAP = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
_EVT = re.compile(r"\(EVT:\s*([^)]*)\)")


def load_plover(data_dir: Path) -> list[dict[str, Any]]:
    path = data_dir / DATASET / "plover_gsr.jsonl"
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise EvalError(f"{path}:{number}: not JSON ({error.msg})") from error
        if not isinstance(record, dict) or not record.get("text") or not record.get("event"):
            raise EvalError(f"{path}:{number}: a GSR record needs text and event")
        records.append(record)
    return records


def gold_type(record: dict[str, Any]) -> str:
    return VERSION_MAP.get(record["event"], record["event"])


def _event_words(record: dict[str, Any]) -> set[str]:
    info = record.get("textInfo")
    markup = str(info.get("markup") or "") if isinstance(info, dict) else ""
    return {word.lower() for phrase in _EVT.findall(markup) for word in phrase.split()}


def coded_event(result: ArticleResult | None, record: dict[str, Any]) -> EventMention | None:
    """The predicted event that stands for the sentence's coded event."""
    if result is None or not result.events:
        return None
    words = _event_words(record)
    for event in result.events:
        if {word.lower() for word in event.trigger.text.split()} & words:
            return event
    return max(result.events, key=lambda event: event.confidence)


def _actors(record: dict[str, Any], role: str) -> list[dict[str, Any]]:
    value = record.get(role)
    return [actor for actor in value if isinstance(actor, dict)] if isinstance(value, list) else []


def _macro_f1(pairs: list[tuple[str, str]]) -> float:
    labels = sorted({gold for gold, _ in pairs})
    scores = []
    for label in labels:
        counts = Counts()
        counts.tp = sum(1 for gold, predicted in pairs if gold == label and predicted == label)
        counts.fp = sum(1 for gold, predicted in pairs if gold != label and predicted == label)
        counts.fn = sum(1 for gold, predicted in pairs if gold == label and predicted != label)
        scores.append(counts.f1)
    return sum(scores) / len(scores) if scores else 0.0


def score_plover(data_dir: Path, context: EvalContext) -> list[ScoreRow]:
    if not (data_dir / DATASET).is_dir():
        return [absent_row("events", DATASET, "eventwire", f"{data_dir / DATASET} is absent", context.command)]
    records = stable_sample(load_plover(data_dir), lambda record: record["id"], context.limit)
    results = context.run([(record["id"], record["text"]) for record in records])
    detected, type_pairs = 0, []
    mode_right = mode_total = actor_found = actor_total = country_right = country_total = 0
    dead_right = dead_total = 0
    for record, result in zip(records, results, strict=True):
        event = coded_event(result, record)
        detected += event is not None
        expected = gold_type(record)
        predicted = event.type.value if event else "NONE"
        type_pairs.append((expected, predicted))
        if record.get("mode") and event is not None and predicted == expected:
            mode_total += 1
            gold_mode = str(record["mode"])
            mode_right += event.mode in (gold_mode, gold_mode.split("-")[0])
        sources = [a for a in (event.actors if event else ()) if a.role is ActorRole.SOURCE]
        for gold_actor in _actors(record, "source"):
            start = record["text"].find(str(gold_actor.get("actorText") or "\0"))
            if start < 0:
                continue
            actor_total += 1
            end = start + len(gold_actor["actorText"])
            match = next((a for a in sources if a.start < end and start < a.end), None)
            if match is None:
                continue
            actor_found += 1
            code = str(gold_actor.get("code") or "")
            if country_name(code) is not None:
                country_total += 1
                country_right += match.country == code
        if str(record.get("dead") or "").isdigit():
            dead_total += 1
            killed = event.fatalities.killed if event and event.fatalities else None
            dead_right += killed == int(record["dead"])
    note = f"{len(records)} sentences; PLOVER 0.5b1 types mapped to current PLOVER"
    command = context.command
    type_right = sum(1 for gold, predicted in type_pairs if gold == predicted)

    def row(stage: str, metric: str, right: int, total: int, extra: str = "") -> ScoreRow:
        value = round(right / total, 4) if total else None
        return ScoreRow(stage, DATASET, "eventwire", metric, value, total, command, note + extra)

    return [
        row("events", "detection.recall", detected, len(records)),
        row("types", "type.accuracy", type_right, len(records)),
        ScoreRow("types", DATASET, "eventwire", "type.macro_f1", round(_macro_f1(type_pairs), 4), len(records),
                 command, note),
        row("types", "mode.accuracy", mode_right, mode_total, "; sentences with a gold mode and the right type"),
        row("actors", "source_actor.recall", actor_found, actor_total, "; gold source actors, overlap"),
        row("actors", "source_country.accuracy", country_right, country_total, "; found actors with a country code"),
        row("casualties", "dead.accuracy", dead_right, dead_total, "; sentences with a gold death count"),
    ]
