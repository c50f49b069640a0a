"""Small shared pieces of the set scorers: P/R/F1 counts, deterministic samples, rows for absent sets."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from eventwire.evalsets import ScoreRow

T = TypeVar("T")

#: metrics where lower is better; the gate pins a ceiling for them instead of a floor
LOWER_IS_BETTER = frozenset({"mean_km", "median_km"})


@dataclass
class Counts:
    """True positives, false positives and false negatives of one score."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: set[object], gold: set[object]) -> None:
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def prf_rows(
    counts: Counts, *, stage: str, dataset: str, system: str, prefix: str, command: str, note: str = ""
) -> list[ScoreRow]:
    """Precision, recall and F1 rows (metric names ``<prefix>precision`` ...); size is the gold count."""
    size = counts.tp + counts.fn
    return [
        ScoreRow(stage, dataset, system, f"{prefix}{name}", round(value, 4), size, command, note)
        for name, value in (("precision", counts.precision), ("recall", counts.recall), ("f1", counts.f1))
    ]


def absent_row(stage: str, dataset: str, system: str, note: str, command: str) -> ScoreRow:
    """A row saying why there is no score (set missing, peer not installed)."""
    return ScoreRow(stage, dataset, system, "-", None, 0, command, note)


def stable_sample(items: Sequence[T], key: Callable[[T], str], limit: int | None) -> list[T]:
    """Up to ``limit`` items, the same ones on every machine: ordered by a hash of their key.

    Hashing rather than taking the first N spreads the sample over sets stored in category order
    (PLOVER's GSR is sorted by event type); the sample keeps the set's own order.
    """
    if limit is None or limit >= len(items):
        return list(items)
    chosen = sorted(range(len(items)), key=lambda index: hashlib.sha256(key(items[index]).encode()).hexdigest())
    return [items[index] for index in sorted(chosen[:limit])]


def detokenize(tokens: Iterable[str]) -> tuple[str, list[tuple[int, int]]]:
    """Join gold tokens into plain text as a newspaper prints it; each token's (start, end) in that text.

    Gold sets store tokens, not text; the engine reads text. Punctuation sticks to its word so that the
    text looks like news to both our pipeline and the peers, and offsets stay exact.
    """
    no_space_before = {",", ".", ":", ";", "?", "!", ")", "]", "%", "'s", "'", "n't", "'re", "'ve", "'ll", "'d", "'m"}
    no_space_after = {"(", "[", "$", "#"}
    text = ""
    spans: list[tuple[int, int]] = []
    previous = ""
    for token in tokens:
        if text and token not in no_space_before and previous not in no_space_after:
            text += " "
        spans.append((len(text), len(text) + len(token)))
        text += token
        previous = token
    return text, spans
