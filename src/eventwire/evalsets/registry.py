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

from eventwire.errors import PeerError
from eventwire.evalsets import ScoreRow, shared_data_dir
from eventwire.evalsets.context import EvalContext
from eventwire.evalsets.peers import heideltime_tagger
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
    "merging": ("eventwire.evalsets.merging", "score_merging_sets", "merging", "merge-gold, demo, ecbplus"),
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
        note = f"{articles} invented articles ({gold.as_posix()})"
        stage = TEAM_STAGES.get(field, field.split(".")[0])
        for metric in ("precision", "recall", "f1"):
            rows.append(ScoreRow(stage, TEAM_GOLD, "eventwire", f"{field}.{metric}", counts[metric],
                                 counts["tp"] + counts["fn"], command, note))
        # Single-number metrics (PLOVER macro-F1, exact-match accuracies) carry their own sizes.
        for metric, size in (("macro_f1", "macro_labels"), ("accuracy", "accuracy_n")):
            if metric in counts:
                rows.append(ScoreRow(stage, TEAM_GOLD, "eventwire", f"{field}.{metric}", counts[metric],
                                     counts[size], command, note))
    return rows


def score_team_gold(gold: Path, context: EvalContext) -> list[ScoreRow]:
    from eventwire.evaluation import score_gold_file

    return team_gold_rows(score_gold_file(gold, context.settings), context.command, gold)


def _timex_taggers(module: Any, data_dir: Path, context: EvalContext) -> tuple[dict[str, Any], list[ScoreRow]]:
    """HeidelTime as a TimexTagger for the timex scorer, tagging the documents it will score in one batch."""
    if not context.peers or not hasattr(module, "read_tempeval"):
        return {}, []
    dataset = "tempeval3-platinum"
    try:
        documents = module.read_tempeval(data_dir, context.limit)
        return {"heideltime": heideltime_tagger([(doc.text, doc.dct) for doc in documents])}, []
    except PeerError as error:
        return {}, [ScoreRow("dates", dataset, "heideltime", "e2e_value_acc", None, 0, context.command, str(error))]
    except OSError as error:
        return {}, [absent_row("dates", dataset, "heideltime", f"cannot read the set: {error}", context.command)]


def _call(function: Callable[..., list[ScoreRow]], data_dir: Path, context: EvalContext, module: Any = None) -> list[ScoreRow]:
    """Call a scorer with what it takes of the context (the context itself, a limit, peers, the command)."""
    parameters = inspect.signature(function).parameters
    if "context" in parameters:
        return function(data_dir, context=context)
    kwargs: dict[str, Any] = {}
    extra: list[ScoreRow] = []
    for name in ("limit", "max_docs"):
        if name in parameters:
            kwargs[name] = context.limit
    if "taggers" in parameters:
        kwargs["taggers"], extra = _timex_taggers(module, data_dir, context)
    if "peers" in parameters:
        kwargs["peers"] = context.peers
    if "command" in parameters:
        kwargs["command"] = context.command
    return function(data_dir, **kwargs) + extra


def run_family(family: str, data_dir: Path, context: EvalContext) -> list[ScoreRow]:
    module_name, function_name, stage, dataset = SET_SCORERS[family]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name != module_name:
            raise
        return [absent_row(stage, dataset, "eventwire", f"{module_name} is not written yet", context.command)]
    return _call(getattr(module, function_name), data_dir, context, module)


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
