"""The single-number metrics issue 5 names (PLOVER macro-F1, exact-match accuracies) on tiny hand-made inputs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eventwire.evalsets.registry import team_gold_rows
from eventwire.evaluation import Counts, Scoreboard, board_scores, format_scores, macro_f1, score_predicted


def _event(kind: str, start: int, *, sub: str | None = None, killed: int | None = None,
           claim: str | None = None) -> dict[str, Any]:
    return {
        "type": kind,
        "trigger": {"start": start, "end": start + 4},
        "sentence": {"start": start, "end": start + 4},
        "acled": {"sub_event_type": sub} if sub else None,
        "fatalities": {"killed": killed} if killed is not None else None,
        "claim": {"status": claim} if claim else None,
    }


def _score(predicted: list[dict[str, Any]], gold: list[dict[str, Any]]) -> dict[str, Any]:
    board = Scoreboard()
    score_predicted(board, {"events": predicted, "quotes": []}, {"events": gold, "quotes": []})
    return board_scores(board, 1)


def test_macro_f1_is_the_unweighted_mean_over_labels() -> None:
    assert macro_f1({"A": Counts(tp=1), "B": Counts(fp=1)}) == 0.5
    assert macro_f1({}) == 0.0


def test_type_macro_f1_counts_matched_and_unmatched_events_per_type() -> None:
    gold = [_event("ASSAULT", 0), _event("PROTEST", 10), _event("ACCUSE", 20)]
    predicted = [_event("ASSAULT", 0), _event("COERCE", 10), _event("REJECT", 30)]
    scores = _score(predicted, gold)
    # ASSAULT right (F1 1); PROTEST missed as COERCE; ACCUSE missed; REJECT and COERCE are false: 1/5.
    assert scores["_types"]["ASSAULT"]["f1"] == 1.0
    assert scores["_types"]["COERCE"]["fp"] == 1 and scores["_types"]["PROTEST"]["fn"] == 1
    assert scores["_types"]["REJECT"]["fp"] == 1 and scores["_types"]["ACCUSE"]["fn"] == 1
    assert scores["event.type"]["macro_f1"] == 0.2
    assert scores["event.type"]["macro_labels"] == 5


def test_accuracies_count_only_matched_events_whose_gold_gives_the_field() -> None:
    gold = [
        _event("ASSAULT", 0, sub="Armed clash", killed=9, claim="confirmed"),
        _event("ASSAULT", 10, sub="Attack", killed=0, claim="reported"),
        _event("ACCUSE", 20, claim="reported"),
        _event("ASSAULT", 40, sub="Attack", killed=3, claim="claimed"),  # unmatched: not in any accuracy
    ]
    predicted = [
        _event("ASSAULT", 0, sub="Armed clash", killed=9, claim="reported"),
        _event("ASSAULT", 10, sub="Air/drone strike", killed=None, claim="reported"),
        _event("ACCUSE", 20, sub="Attack", killed=2, claim="reported"),
    ]
    scores = _score(predicted, gold)
    assert (scores["event.acled_sub_event"]["accuracy"], scores["event.acled_sub_event"]["accuracy_n"]) == (0.5, 2)
    assert (scores["event.killed"]["accuracy"], scores["event.killed"]["accuracy_n"]) == (0.5, 2)
    assert (scores["event.claim"]["accuracy"], scores["event.claim"]["accuracy_n"]) == (pytest.approx(0.6667), 3)


def test_single_number_metrics_become_rows_and_print() -> None:
    scores = _score([_event("ASSAULT", 0, killed=1)], [_event("ASSAULT", 0, killed=2)])
    rows = {row.metric: row for row in team_gold_rows(scores, "test", Path("gold.jsonl"))}
    assert rows["event.type.macro_f1"].value == 1.0 and rows["event.type.macro_f1"].size == 1
    assert rows["event.killed.accuracy"].value == 0.0 and rows["event.killed.accuracy"].size == 1
    text = format_scores(scores)
    assert "event.type macro-F1" in text and "event.killed accuracy" in text
