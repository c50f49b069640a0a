"""Merging scores as ScoreRows: B-cubed and pairwise on the team's merge gold, the demo groups and ECB+."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eventwire.evalsets import ScoreRow
from eventwire.evalsets.context import EvalContext

#: the team's merge gold (invented multi-outlet articles with gold event groups), in the repository
MERGE_GOLD = Path("eval/gold/merge")
METRICS = ("bcubed_precision", "bcubed_recall", "bcubed_f1", "pairwise_f1")


def _rows(dataset: str, scores: dict[str, Any], command: str, note: str) -> list[ScoreRow]:
    return [
        ScoreRow("merging", dataset, "eventwire", metric, scores[metric], scores["items"], command, note)
        for metric in METRICS
    ]


def score_merging_sets(data_dir: Path, context: EvalContext) -> list[ScoreRow]:
    """The team's merge gold and demo groups always; ECB+ (206 documents) only in a full, unlimited run."""
    from eventwire.merge_evaluation import score_demo, score_ecbplus, score_merge_gold

    settings = context.settings
    rows = _rows("merge-gold", score_merge_gold(MERGE_GOLD, settings), context.command,
                 "invented multi-outlet articles, eval/gold/merge")
    rows += _rows("demo", score_demo(MERGE_GOLD / "demo_types.json", settings), context.command,
                  "demo corpus groups, src/eventwire/demo/groups.json")
    folder = data_dir / "ecbplus"
    if context.limit is None and folder.is_dir():
        for dataset, scores in score_ecbplus(folder, settings).items():
            note = "every gold mention; missed ones count as singletons" if dataset == "ecbplus" else \
                "only the gold mentions we extract"
            rows += _rows(dataset, scores, context.command, note)
    return rows
