"""One evaluation run as the CLI asks for it: choose sets, score, check limits, write JSON and the report."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from eventwire.errors import EvalError
from eventwire.evalsets import ScoreRow
from eventwire.evalsets.context import EvalContext
from eventwire.evalsets.gate import check_limits, read_baseline, unpinned
from eventwire.evalsets.registry import SET_SCORERS, TEAM_GOLD, run_all
from eventwire.settings import Settings

DEFAULT_GOLD = Path("eval/gold/articles.jsonl")
DEFAULT_PREAMBLE = Path("eval/evaluation_preamble.md")


@dataclass(frozen=True)
class EvalOptions:
    """What ``eventwire eval`` was asked: which sets, how many items, peers or not, and where to write."""

    sets: str = TEAM_GOLD  # "team-gold", "all", or a comma list of team-gold and SET_SCORERS families
    gold: Path = DEFAULT_GOLD
    limit: int | None = None
    peers: bool = True
    data_dir: Path | None = None
    baseline: Path | None = None
    output: Path | None = None
    report: Path | None = None
    preamble: Path = DEFAULT_PREAMBLE

    @property
    def command(self) -> str:
        parts = ["eventwire eval", f"--sets {self.sets}"]
        if self.limit is not None:
            parts.append(f"--limit {self.limit}")
        if not self.peers:
            parts.append("--no-peers")
        return " ".join(parts)

    def families(self) -> tuple[bool, list[str]]:
        """Whether to score the team gold, and which set families."""
        names = [name.strip() for name in self.sets.split(",") if name.strip()]
        if names == ["all"]:
            return True, list(SET_SCORERS)
        unknown = [name for name in names if name != TEAM_GOLD and name not in SET_SCORERS]
        if unknown or not names:
            known = ", ".join(["all", TEAM_GOLD, *SET_SCORERS])
            raise EvalError(f"unknown set {', '.join(unknown) or '(none)'}: choose from {known}")
        return TEAM_GOLD in names, [name for name in names if name != TEAM_GOLD]


@dataclass
class EvalRun:
    rows: list[ScoreRow]
    failures: list[str] = field(default_factory=list)
    unpinned: list[str] = field(default_factory=list)
    checked: str = ""  # which limits were checked


def limits_for(baseline: dict, limit: int | None) -> tuple[dict[str, float], dict[str, float], str]:
    """Floors and ceilings that fit this run: the full run's, or the sample's when the limit is the sample's."""
    team = {key: value for key, value in baseline["floors"].items() if "/" not in key}
    sample = baseline.get("sample") or {}
    if limit is None:
        return baseline["floors"], baseline.get("ceilings") or {}, "full-run limits"
    if sample.get("limit") == limit:
        return {**team, **(sample.get("floors") or {})}, sample.get("ceilings") or {}, f"sample limits (--limit {limit})"
    return team, {}, f"team-gold floors only (no limits pinned for --limit {limit})"


def evaluate(options: EvalOptions, settings: Settings | None = None) -> EvalRun:
    """Score the chosen sets and check them against the baseline; write JSON and the report if asked."""
    with_gold, families = options.families()
    context = EvalContext(settings=settings or Settings(), limit=options.limit, peers=options.peers,
                          command=options.command, gold=options.gold)
    try:
        rows = run_all(context, families=families, gold=options.gold if with_gold else None,
                       data_dir=options.data_dir)
    finally:
        context.close()
    run = EvalRun(rows)
    if options.baseline is not None:
        baseline = read_baseline(options.baseline)
        floors, ceilings, run.checked = limits_for(baseline, options.limit)
        scored = {row.dataset for row in rows if row.value is not None}
        run.failures = check_limits(rows, floors, ceilings, datasets=scored)
        run.unpinned = unpinned(rows, floors, ceilings)
    if options.output is not None:
        options.output.parent.mkdir(parents=True, exist_ok=True)
        payload = [asdict(row) | {"key": row.key} for row in rows]
        options.output.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    if options.report is not None:
        from eventwire.evalsets.report import write_report

        write_report(rows, options.report, options.preamble, context.settings.spacy_model, f"make eval ({options.command})")
    return run


def format_rows(rows: list[ScoreRow]) -> str:
    """A plain table for the terminal."""
    lines = [f"{'stage':11} {'data set':22} {'system':11} {'metric':30} {'value':>7} {'size':>6}  note"]
    for row in rows:
        value = "-" if row.value is None else f"{row.value:.3f}"
        lines.append(f"{row.stage:11} {row.dataset:22} {row.system:11} {row.metric:30} {value:>7} {row.size:6d}  {row.note}")
    return "\n".join(lines)
