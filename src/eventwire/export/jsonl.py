"""PLOVER-style JSON Lines export: one output-contract event dict per line."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO


def write_meta_line(out: TextIO, meta: dict[str, Any] | None) -> None:
    """The metadata record of a JSON Lines export: the first line, ``{"_meta": {...}}``."""
    if meta is not None:
        out.write(json.dumps({"_meta": meta}, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
        out.write("\n")


def write_jsonl(events: Iterable[dict[str, Any]], out: TextIO, meta: dict[str, Any] | None = None) -> int:
    """Write each event as one JSON line; returns the number of lines written. ``meta`` (the export's
    version and citation, export/citation.py) goes first as one ``{"_meta": ...}`` line."""
    write_meta_line(out, meta)
    written = 0
    for event in events:
        out.write(json.dumps(event, ensure_ascii=False, separators=(",", ":")))
        out.write("\n")
        written += 1
    return written
