"""Shared fixtures: one loaded pipeline per test session (spaCy model + gazetteer)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="session")
def pipeline() -> Iterator[object]:
    from eventwire.pipeline import Pipeline

    loaded = Pipeline()
    yield loaded
    loaded.close()
