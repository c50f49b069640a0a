"""Loading the hand-written pattern tables under nlp/patterns/ (CSV with '#' header comments)."""

from __future__ import annotations

import csv
import functools
from importlib import resources


@functools.cache
def load_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``nlp/patterns/<name>`` as dicts; lines starting with '#' are comments."""
    text = resources.files("eventwire.nlp.patterns").joinpath(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return tuple(dict(row) for row in csv.DictReader(lines))
