"""Fixtures for the API and browser tests: a store of invented results and the app serving it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
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
