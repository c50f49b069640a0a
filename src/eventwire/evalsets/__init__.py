"""Scorers over third-party gold sets in ``../shared/data``: one module per kind of set, one ScoreRow per score.

Each module exposes ``score_<kind>(data_dir: Path) -> list[ScoreRow]`` and reads its sets in their own
formats; nothing from ``../shared/data`` is ever copied into the repository. When a set is absent the
module returns a row with ``value=None`` and a ``note`` saying so, and the team's own gold still runs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ScoreRow", "shared_data_dir"]


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """One measured score: which stage, on which data set, by which system, with its size and command."""

    stage: str  # events | types | acled | actors | entities | places | dates | casualties | claims | quotes | merging
    dataset: str  # team-gold, geovirus, lgl, tempeval3-platinum, ...
    system: str  # eventwire, or a peer: geotext, dateparser, heideltime, spacy-ner, textacy
    metric: str  # f1, precision, recall, acc@161km, mean_km, value_acc, bcubed_f1, ...
    value: float | None  # None when the set or the peer is absent (``note`` says why)
    size: int  # number of items scored (toponyms, timexes, events, quotes, mentions)
    command: str  # the command that produced the row, e.g. "make eval"
    note: str = ""

    @property
    def key(self) -> str:
        """The key of this score in ``eval/baseline.json``: ``dataset/stage.metric`` (eventwire rows only)."""
        return f"{self.dataset}/{self.stage}.{self.metric}"


def shared_data_dir() -> Path:
    """Where third-party gold sets live: ``EVENTWIRE_SHARED_DATA``, else ``../shared/data`` beside the repo."""
    configured = os.environ.get("EVENTWIRE_SHARED_DATA")
    if configured:
        return Path(configured)
    return Path.cwd().resolve().parent / "shared" / "data"
