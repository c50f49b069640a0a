"""Fixtures for the API and browser tests: a store of invented results and the app serving it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

# sample_results.py sits next to this file; --import-mode=importlib does not put this folder on sys.path.
SAMPLES_FOLDER = str(Path(__file__).resolve().parent)
if SAMPLES_FOLDER not in sys.path:
    sys.path.insert(0, SAMPLES_FOLDER)

from sample_results import build_sample_store

from eventwire.serve import create_app
from eventwire.settings import Settings


@pytest.fixture(scope="session")
def sample_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample_store(tmp_path_factory.mktemp("serve") / "events.sqlite")


@pytest.fixture()
def client(sample_store_path: Path) -> Iterator[TestClient]:
    app = create_app(str(sample_store_path), Settings(cors_origins=["https://maps.example.org"]))
    with TestClient(app) as test_client:
        yield test_client
