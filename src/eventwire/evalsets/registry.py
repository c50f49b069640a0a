"""Every scorer in one run: the team's gold, our third-party sets, and the resolution engineer's sets.

``SET_SCORERS`` maps a set family to ``module:function``; each function takes ``(data_dir, context)``
(or only ``data_dir``) and returns ScoreRows. A module that is not written yet, or a set folder that is
absent, gives a row with ``value=None`` and a note, so the table says what was not measured.
"""

from __future__ import annotations

import importlib
import inspect
import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from eventwire.evalsets import ScoreRow, shared_data_dir
from eventwire.evalsets.context import EvalContext
from eventwire.evalsets.scoring import absent_row

logger = logging.getLogger(__name__)

TEAM_GOLD = "team-gold"

#: family -> (module, function, stage and dataset of the row that says the module is missing)
SET_SCORERS: dict[str, tuple[str, str, str, str]] = {
    "plover-gsr": ("eventwire.evalsets.plover", "score_plover", "events", "plover-gsr"),
    "entities": ("eventwire.evalsets.entities", "score_entities", "entities", "re3d, wikigold"),
    "ecbplus": ("eventwire.evalsets.ecbplus", "score_ecbplus", "events", "ecbplus"),
    "toponyms": ("eventwire.evalsets.toponyms", "score_toponyms", "places", "geovirus, geowebnews, lgl, tr-news"),
    "timex": ("eventwire.evalsets.timex", "score_timex", "dates", "tempeval3-platinum, semeval2015-timeline"),
    "quote-peers": ("eventwire.evalsets.quotes", "score_quote_peers", "quotes", TEAM_GOLD),
}

#: team-gold field -> stage
TEAM_STAGES = {
    "event": "events", "event.type": "types", "event.acled_sub_event": "acled", "event.location": "places",
    "event.date": "dates", "event.killed": "casualties", "event.injured": "casualties", "event.claim": "claims",
    "quote": "quotes", "quote.speaker": "quotes",
}


def team_gold_rows(scores: dict[str, Any], command: str, gold: Path) -> list[ScoreRow]:
    """The team-gold scoreboard as rows; the metric keeps the old baseline key (``event.type.f1``)."""
    rows = []
    articles = scores.get("_articles", 0)
    for field, counts in scores.items():
        if field.startswith("_"):
            continue
        for metric in ("precision", "recall", "f1"):
            rows.append(ScoreRow(TEAM_STAGES.get(field, field.split(".")[0]), TEAM_GOLD, "eventwire",
                                 f"{field}.{metric}", counts[metric], counts["tp"] + counts["fn"], command,
                                 f"{articles} invented articles ({gold.as_posix()})"))
    return rows


def score_team_gold(gold: Path, context: EvalContext) -> list[ScoreRow]:
    from eventwire.evaluation import score_gold_file

    return team_gold_rows(score_gold_file(gold, context.settings), context.command, gold)


def _call(function: Callable[..., list[ScoreRow]], data_dir: Path, context: EvalContext) -> list[ScoreRow]:
    """Call a scorer with the context when it takes one; a scorer without one runs on the full set."""
    parameters = inspect.signature(function).parameters
    if "context" in parameters:
        return function(data_dir, context=context)
    kwargs: dict[str, Any] = {}
    if "limit" in parameters:
        kwargs["limit"] = context.limit
    if "peers" in parameters:
        kwargs["peers"] = context.peers
    if "command" in parameters:
        kwargs["command"] = context.command
    return function(data_dir, **kwargs)


def run_family(family: str, data_dir: Path, context: EvalContext) -> list[ScoreRow]:
    module_name, function_name, stage, dataset = SET_SCORERS[family]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name != module_name:
            raise
        return [absent_row(stage, dataset, "eventwire", f"{module_name} is not written yet", context.command)]
    return _call(getattr(module, function_name), data_dir, context)


def run_all(
    context: EvalContext,
    *,
    families: Iterable[str] | None = None,
    gold: Path | None = None,
    data_dir: Path | None = None,
) -> list[ScoreRow]:
    """Rows of the team gold (when ``gold`` is given) and of every chosen set family, in that order."""
    rows: list[ScoreRow] = []
    if gold is not None:
        rows += score_team_gold(gold, context)
    chosen = list(SET_SCORERS) if families is None else list(families)
    if not chosen:
        return rows
    data_dir = data_dir or shared_data_dir()
    if not data_dir.is_dir():
        note = f"{data_dir} is absent: third-party sets not scored (set EVENTWIRE_SHARED_DATA)"
        return rows + [absent_row("all", "shared-data", "eventwire", note, context.command)]
    for family in chosen:
        logger.info("scoring %s", family)
        rows += run_family(family, data_dir, context)
    return rows
