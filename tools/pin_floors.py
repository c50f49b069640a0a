"""Propose floors for eventwire scores that have none yet in eval/baseline.json (stdlib only).

Reads the rows that `eventwire eval --output FILE` wrote and adds, for every eventwire score with a
value and no floor or ceiling, a floor a little under the measured value (a ceiling a little over it
for errors in km). Existing limits are never changed: raising one is a deliberate edit, lowering one
needs its reason in the commit message (docs/evaluation-floors.md).

    python tools/pin_floors.py var/eval-scores.json              # full-run floors
    python tools/pin_floors.py var/sample-scores.json --sample 25  # the gate's sample floors
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

LOWER_IS_BETTER = {"mean_km", "median_km"}
TEAM_GOLD = "team-gold"


def limit_for(value: float, metric: str, margin: float) -> tuple[str, float]:
    """("floors" or "ceilings", the limit), rounded away from the value to two decimals."""
    if metric.rsplit(".", 1)[-1] in LOWER_IS_BETTER:
        return "ceilings", math.ceil(value * (1 + margin) * 100) / 100
    return "floors", max(0.0, math.floor((value - margin) * 100) / 100)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scores", type=Path, help="rows written by eventwire eval --output")
    parser.add_argument("--baseline", type=Path, default=Path("eval/baseline.json"))
    parser.add_argument("--sample", type=int, help="pin the sample limits of this --limit instead")
    parser.add_argument("--margin", type=float, default=0.02, help="distance under the measured value")
    args = parser.parse_args()
    rows = json.loads(args.scores.read_text(encoding="utf-8"))
    baseline = json.loads(args.baseline.read_text(encoding="utf-8"))
    target = baseline
    if args.sample is not None:
        target = baseline.setdefault("sample", {"limit": args.sample})
        if target.get("limit") != args.sample:
            print(f"error: the baseline's sample limit is {target.get('limit')}, not {args.sample}", file=sys.stderr)
            return 1
    target.setdefault("floors", {})
    target.setdefault("ceilings", {})
    pinned = set(target["floors"]) | set(target["ceilings"])
    pinned |= {f"{TEAM_GOLD}/{key}" for key in pinned if "/" not in key}
    added = 0
    for row in rows:
        if row["system"] != "eventwire" or row["value"] is None:
            continue
        if row["dataset"] == TEAM_GOLD:
            continue  # team-gold floors keep their historical keys and are pinned by hand
        key = row["key"]
        if key in pinned:
            continue
        kind, limit = limit_for(row["value"], row["metric"], args.margin)
        target[kind][key] = limit
        added += 1
        print(f"{kind[:-1]} {key} = {limit} (measured {row['value']})")
    for kind in ("floors", "ceilings"):
        target[kind] = dict(sorted(target[kind].items()))
    args.baseline.write_text(json.dumps(baseline, indent=2) + "\n", encoding="utf-8")
    print(f"{added} limits added to {args.baseline}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
