"""PLOVER-style JSON Lines export: one output-contract event dict per line."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO


def write_jsonl(events: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write each event as one JSON line; returns the number of lines written."""
    written = 0
    for event in events:
        out.write(json.dumps(event, ensure_ascii=False, separators=(",", ":")))
        out.write("\n")
        written += 1
    return written
