"""The evaluation gate: scores on the team gold and on a fixed sample of ../shared/data stay at their floors."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from eventwire.errors import EvalError
from eventwire.evalsets import ScoreRow, shared_data_dir
from eventwire.evalsets.context import EvalContext
from eventwire.evalsets.gate import check_limits, read_baseline, unpinned
from eventwire.evalsets.registry import SET_SCORERS, run_all
from eventwire.evalsets.report import GENERATED
from eventwire.evalsets.run import EvalOptions, evaluate, limits_for
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


# --- third-party sets: a fixed sample, with its own floors --------------------------------------------


@pytest.fixture(scope="module")
def sample_rows(pipeline: Any) -> list[ScoreRow]:
    data_dir = shared_data_dir() if "EVENTWIRE_SHARED_DATA" in os.environ else ROOT.parent / "shared" / "data"
    if not data_dir.is_dir():
        message = f"{data_dir} is absent: the third-party part of the gate cannot run"
        if os.environ.get("EVENTWIRE_REQUIRE_SHARED_DATA") == "1":
            pytest.fail(message + " (EVENTWIRE_REQUIRE_SHARED_DATA=1)")
        pytest.skip(message)
    limit = read_baseline(BASELINE)["sample"]["limit"]
    context = EvalContext.sharing(pipeline, limit=limit, peers=False, command="make test")
    return run_all(context, families=[f for f in SET_SCORERS if f != "quote-peers"], data_dir=data_dir)


def test_sample_scores_stay_above_their_floors(sample_rows: list[ScoreRow]) -> None:
    baseline = read_baseline(BASELINE)
    floors, ceilings, _ = limits_for(baseline, baseline["sample"]["limit"])
    shared_floors = {key: value for key, value in floors.items() if "/" in key}
    scored = {row.dataset for row in sample_rows if row.value is not None}
    for row in sample_rows:
        print(row.key, row.system, row.value, row.size)
    assert check_limits(sample_rows, shared_floors, ceilings, datasets=scored) == []


def test_every_sample_score_has_a_floor(sample_rows: list[ScoreRow]) -> None:
    sample = read_baseline(BASELINE)["sample"]
    assert unpinned(sample_rows, sample["floors"], sample.get("ceilings")) == []


def test_the_sample_scores_real_items(sample_rows: list[ScoreRow]) -> None:
    """Each of our sets was scored on items, not skipped: a set that vanished must fail, not pass."""
    measured = {row.dataset for row in sample_rows if row.value is not None and row.size > 0}
    assert {"plover-gsr", "re3d", "wikigold", "ecbplus"} <= measured


# --- the generated report ---------------------------------------------------------------------------


def test_evaluation_doc_says_it_is_generated() -> None:
    text = (ROOT / "docs" / "evaluation.md").read_text(encoding="utf-8")
    assert text.splitlines()[0] == GENERATED
    assert "## Scores" in text and "make eval" in text


def test_the_report_generator_runs_on_a_tiny_sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    report, output = tmp_path / "evaluation.md", tmp_path / "scores.json"
    run = evaluate(EvalOptions(sets="plover-gsr", limit=3, peers=False, report=report, output=output,
                               baseline=BASELINE))
    text = report.read_text(encoding="utf-8")
    assert text.startswith(GENERATED) and "# Evaluation" in text and "Measured " in text
    assert "| data set | metric | size | eventwire |" in text
    assert json.loads(output.read_text())[0]["key"] == run.rows[0].key
    assert run.checked.startswith("team-gold floors only")  # --limit 3 has no pinned limits
