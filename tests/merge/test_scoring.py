"""B-cubed and pairwise scores on hand-computed cases."""

from __future__ import annotations

import pytest

from eventwire.errors import EvalError
from eventwire.merge import score_merging


def test_perfect_clustering_scores_one() -> None:
    gold = {"a": 1, "b": 1, "c": 2}
    scores = score_merging(gold, {"a": "x", "b": "x", "c": "y"})
    assert scores["bcubed_f1"] == 1.0 and scores["pairwise_f1"] == 1.0


def test_all_in_one_cluster() -> None:
    # gold {a,b} {c}: B3 precision = (2/3 + 2/3 + 1/3) / 3 = 5/9, recall 1; pairs: 1 right of 3.
    scores = score_merging({"a": 1, "b": 1, "c": 2}, {"a": 0, "b": 0, "c": 0})
    assert scores["bcubed_precision"] == pytest.approx(5 / 9, abs=1e-4)
    assert scores["bcubed_recall"] == 1.0
    assert scores["pairwise_precision"] == pytest.approx(1 / 3, abs=1e-4)
    assert scores["pairwise_recall"] == 1.0


def test_all_singletons() -> None:
    scores = score_merging({"a": 1, "b": 1, "c": 2}, {"a": 0, "b": 1, "c": 2})
    assert scores["bcubed_precision"] == 1.0
    assert scores["bcubed_recall"] == pytest.approx((0.5 + 0.5 + 1) / 3, abs=1e-4)
    assert scores["pairwise_recall"] == 0.0 and scores["pairwise_f1"] == 0.0


def test_missing_prediction_is_an_error() -> None:
    with pytest.raises(EvalError):
        score_merging({"a": 1}, {})
