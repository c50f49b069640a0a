"""Puts invented.py (the invented-news helpers) on sys.path: --import-mode=importlib does not."""

from __future__ import annotations

import sys
from pathlib import Path

HELPERS_FOLDER = str(Path(__file__).parent)
if HELPERS_FOLDER not in sys.path:
    sys.path.insert(0, HELPERS_FOLDER)
