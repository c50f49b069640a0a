"""Loads the merge's data tables: type families, weights and constants, stop words."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any

from eventwire.errors import ConfigError
from eventwire.model import EventType

FEATURES = ("distance", "date", "type_mode", "actors", "casualties", "words")


def _data_lines(name: str) -> list[str]:
    text = (resources.files("eventwire.merge") / "data" / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def type_families() -> dict[EventType, str]:
    rows = csv.DictReader(io.StringIO("\n".join(_data_lines("families.csv"))))
    families = {EventType(row["type"]): row["family"] for row in rows}
    missing = set(EventType) - set(families)
    if missing:
        raise ConfigError(f"merge/data/families.csv lacks types {sorted(missing)}")
    return families


@cache
def stopwords() -> frozenset[str]:
    return frozenset(line.strip().lower() for line in _data_lines("stopwords.txt"))


@dataclass(frozen=True, slots=True)
class MergeSettings:
    """Every number the merge uses (defaults from ``merge/data/weights.csv``)."""

    weights: dict[str, float] = field(default_factory=dict)
    threshold: float = 0.6
    unknown_value: float = 0.5
    distance_full_km: float = 10.0
    distance_zero_km: float = 80.0
    distance_same_admin1: float = 0.7
    distance_same_country: float = 0.5
    date_zero_days: float = 3.0
    words_full_jaccard: float = 0.4
    same_document_max_km: float = 25.0
    same_document_floor: float = 0.75
    window_day: int = 2
    window_week: int = 3
    window_month: int = 7
    window_year: int = 30
    window_undated: int = 4
    undated_before_days: int = 3
    link_max_members: int = 12
    candidates_max: int = 64

    def window(self, precision: str) -> int:
        return {
            "day": self.window_day, "week": self.window_week, "month": self.window_month,
            "year": self.window_year,
        }.get(precision, self.window_undated)

    def with_values(self, **values: Any) -> MergeSettings:
        return replace(self, **values)


_INTEGER_FIELDS = {
    "window_day", "window_week", "window_month", "window_year", "window_undated", "undated_before_days",
    "link_max_members", "candidates_max",
}


@cache
def default_merge_settings() -> MergeSettings:
    rows = list(csv.DictReader(io.StringIO("\n".join(_data_lines("weights.csv")))))
    weights: dict[str, float] = {}
    values: dict[str, Any] = {}
    known = set(MergeSettings.__dataclass_fields__)
    for row in rows:
        name, raw = row["name"], row["value"]
        try:
            number = float(raw)
        except ValueError as error:
            raise ConfigError(f"merge/data/weights.csv: {name} has a non-numeric value {raw!r}") from error
        if name.startswith("weight."):
            feature = name.removeprefix("weight.")
            if feature not in FEATURES:
                raise ConfigError(f"merge/data/weights.csv: unknown feature {feature!r}")
            weights[feature] = number
            continue
        attribute = name.replace(".", "_")
        if attribute not in known:
            raise ConfigError(f"merge/data/weights.csv: unknown setting {name!r}")
        values[attribute] = int(number) if attribute in _INTEGER_FIELDS else number
    if set(weights) != set(FEATURES):
        raise ConfigError(f"merge/data/weights.csv must weigh every feature {FEATURES}")
    return MergeSettings(weights=weights, **values)
