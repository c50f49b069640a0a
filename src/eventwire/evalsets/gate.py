"""Floors (and ceilings, for errors in km) pinned in ``eval/baseline.json``, checked against ScoreRows.

Keys are ``ScoreRow.key`` (``dataset/stage.metric``). Keys without a slash are the team-gold keys
of the first baseline (``event.type.f1``) and name the team-gold row with that metric. ``"floors"``
and ``"ceilings"`` hold the full run's limits; ``"sample"`` holds ``limit`` and its own ``floors`` and
``ceilings`` for the small deterministic sample that ``make test`` scores.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eventwire.errors import EvalError
from eventwire.evalsets import ScoreRow
from eventwire.evalsets.registry import TEAM_GOLD


def read_baseline(path: Path) -> dict[str, Any]:
    try:
        baseline = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise EvalError(f"{path}: cannot read floors ({error})") from error
    if not isinstance(baseline, dict) or not isinstance(baseline.get("floors"), dict):
        raise EvalError(f"{path}: a baseline needs a \"floors\" object")
    return baseline


def _value_of(key: str, by_key: dict[str, ScoreRow]) -> ScoreRow | None:
    return by_key.get(key if "/" in key else f"{TEAM_GOLD}/{key}")


def check_limits(rows: list[ScoreRow], floors: dict[str, float], ceilings: dict[str, float] | None = None,
                 *, datasets: set[str] | None = None) -> list[str]:
    """One message per score under its floor or over its ceiling, or pinned but not measured.

    ``datasets`` restricts the check to keys of those sets (a run that scored only some sets).
    """
    by_key = {_team_key(row): row for row in rows if row.system == "eventwire"}
    failures = []
    limits = [(key, value, "floor") for key, value in floors.items()]
    limits += [(key, value, "ceiling") for key, value in (ceilings or {}).items()]
    for key, limit, kind in sorted(limits):
        dataset = key.split("/")[0] if "/" in key else TEAM_GOLD
        if datasets is not None and dataset not in datasets:
            continue
        row = _value_of(key, by_key)
        if row is None or row.value is None:
            failures.append(f"{key}: no such score" + (f" ({row.note})" if row is not None and row.note else ""))
        elif kind == "floor" and row.value + 1e-9 < limit:
            failures.append(f"{key} = {row.value:.4f} is under its floor {limit:.4f}")
        elif kind == "ceiling" and row.value - 1e-9 > limit:
            failures.append(f"{key} = {row.value:.4f} is over its ceiling {limit:.4f}")
    return failures


def _team_key(row: ScoreRow) -> str:
    return f"{TEAM_GOLD}/{row.metric}" if row.dataset == TEAM_GOLD else row.key


def unpinned(rows: list[ScoreRow], floors: dict[str, float], ceilings: dict[str, float] | None = None) -> list[str]:
    """Keys of measured eventwire scores that have neither a floor nor a ceiling yet."""
    pinned = {key if "/" in key else f"{TEAM_GOLD}/{key}" for key in [*floors, *(ceilings or {})]}
    return sorted(
        _team_key(row) for row in rows
        if row.system == "eventwire" and row.value is not None and _team_key(row) not in pinned
    )
