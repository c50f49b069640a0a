"""The evaluation gate: extraction scores on the team's gold must stay at or above eval/baseline.json."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eventwire.errors import EvalError
from eventwire.evaluation import check_floors, format_scores, score_gold_file, score_results
from eventwire.model import ArticleResult

ROOT = Path(__file__).parent.parent
GOLD = ROOT / "eval" / "gold" / "articles.jsonl"
BASELINE = ROOT / "eval" / "baseline.json"


@pytest.fixture(scope="module")
def scores() -> dict[str, Any]:
    return score_gold_file(GOLD)


def test_scores_stay_above_their_floors(scores: dict[str, Any]) -> None:
    print(format_scores(scores))
    assert check_floors(scores, BASELINE) == []


def test_gold_has_the_promised_size(scores: dict[str, Any]) -> None:
    assert scores["_articles"] >= 20
    assert scores["event"]["tp"] + scores["event"]["fn"] >= 60


def test_a_wrong_prediction_lowers_the_score(pipeline: Any) -> None:
    """The scorer can fail: an empty prediction scores zero recall, a perfect one full marks."""
    from eventwire.evaluation import gold_article, read_gold

    record = read_gold(GOLD)[0]
    article = gold_article(record)
    empty = ArticleResult(article, (), ())
    scored = score_results([(empty, record)])
    assert scored["event"]["recall"] == 0.0 and scored["event"]["fn"] == len(record["events"])
    (result,) = list(pipeline.process([article]))
    assert score_results([(result, record)])["event"]["tp"] > 0


def test_floors_catch_a_drop(tmp_path: Path, scores: dict[str, Any]) -> None:
    strict = tmp_path / "baseline.json"
    strict.write_text('{"floors": {"event.f1": 1.01, "nonsense.f1": 0.1}}')
    failures = check_floors(scores, strict)
    assert any(f.startswith("event.f1") for f in failures)
    assert any("no such score" in f for f in failures)
    with pytest.raises(EvalError):
        check_floors(scores, tmp_path / "missing.json")
