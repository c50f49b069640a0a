"""Shared fixtures for resolve tests: one gazetteer built per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from eventwire.resolve.geo import Gazetteer, build_gazetteer, default_gazetteer_path


@pytest.fixture(scope="session")
def gazetteer_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    """Build the gazetteer once (about 20 s) and return its path and build stats."""
    path = default_gazetteer_path(tmp_path_factory.mktemp("gazetteer"))
    stats = build_gazetteer(path)
    return path, stats


@pytest.fixture(scope="session")
def gazetteer(gazetteer_build: tuple[Path, dict[str, object]]) -> Iterator[Gazetteer]:
    opened = Gazetteer.open(gazetteer_build[0], build_if_missing=False)
    yield opened
    opened.close()
