"""textacy's direct quotations beside ours on the team gold: same texts, same pairing as evaluation.py.

A predicted quote pairs with a gold quote when their spans overlap (gold in order, first unpaired
prediction); speakers agree when their last words agree ("Carla Ruiz" and "Ruiz"). Our own rows for
these metrics come from the team-gold run (``team-gold/quote.*``); this module adds the peer's.
textacy runs in its own virtualenv (``make eval-peers``), on the same spaCy model as ours.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eventwire.errors import PeerError
from eventwire.evalsets import ScoreRow
from eventwire.evalsets.context import EvalContext
from eventwire.evalsets.peers import run_peer
from eventwire.evalsets.scoring import Counts, absent_row, prf_rows

DATASET = "team-gold"


def _surname(name: str | None) -> str | None:
    return name.split()[-1].lower().strip(".,") if name and name.split() else None


def score_quotes(predicted: list[list[dict[str, Any]]], gold: list[list[dict[str, Any]]]) -> tuple[Counts, Counts]:
    """Quote span counts and speaker counts over articles, each quote a dict with start, end, speaker."""
    spans, speakers = Counts(), Counts()
    for found, expected in zip(predicted, gold, strict=True):
        used: set[int] = set()
        for quote in expected:
            index = next((i for i, p in enumerate(found)
                          if i not in used and p["start"] < quote["end"] and quote["start"] < p["end"]), None)
            gold_speaker = _surname(quote.get("speaker"))
            if index is None:
                spans.fn += 1
                speakers.fn += gold_speaker is not None
                continue
            used.add(index)
            spans.tp += 1
            found_speaker = _surname(found[index].get("speaker"))
            if gold_speaker is not None and found_speaker == gold_speaker:
                speakers.tp += 1
            else:
                speakers.fp += found_speaker is not None
                speakers.fn += gold_speaker is not None
        spans.fp += len(found) - len(used)
    return spans, speakers


def score_quote_peers(data_dir: Path, context: EvalContext) -> list[ScoreRow]:
    """Rows for textacy on the team gold's quotes (``data_dir`` is unused: the gold is the team's)."""
    from eventwire.evaluation import read_gold

    if not context.peers:
        return []
    records = read_gold(context.gold)
    note = f"{len(records)} invented articles ({context.gold.as_posix()})"
    try:
        answers = run_peer("textacy", {"texts": [r["article"]["text"] for r in records],
                                       "model": context.settings.spacy_model})
    except PeerError as error:
        return [absent_row("quotes", DATASET, "textacy", str(error), context.command)]
    if answers["refused"]:
        note += f"; textacy refused {answers['refused']} texts with an odd number of quotation marks"
    spans, speakers = score_quotes(answers["quotes"], [r.get("quotes", []) for r in records])
    common = {"stage": "quotes", "dataset": DATASET, "system": "textacy", "command": context.command, "note": note}
    return prf_rows(spans, prefix="quote.", **common) + prf_rows(speakers, prefix="quote.speaker.", **common)
