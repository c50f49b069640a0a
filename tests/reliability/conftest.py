"""Puts hostile.py (shared by these tests and bench/reliability.py) on sys.path (--import-mode=importlib
does not), and gives the store location fixture for both backends."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

HELPERS_FOLDER = str(Path(__file__).parent)
if HELPERS_FOLDER not in sys.path:
    sys.path.insert(0, HELPERS_FOLDER)

POSTGRES_URL = os.environ.get("EVENTWIRE_TEST_POSTGRES_URL", "")
REQUIRE_POSTGRES = os.environ.get("EVENTWIRE_REQUIRE_POSTGRES") == "1"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh store location: a SQLite file, or a new schema on EVENTWIRE_TEST_POSTGRES_URL (as tests/store)."""
    if request.param == "sqlite":
        yield str(tmp_path / "events.sqlite")
        return
    if not POSTGRES_URL:
        reason = "no PostgreSQL server: set EVENTWIRE_TEST_POSTGRES_URL (docs/store.md)"
        if REQUIRE_POSTGRES:
            pytest.fail(reason + " — EVENTWIRE_REQUIRE_POSTGRES=1 forbids skipping")
        pytest.skip(reason)
    import psycopg

    schema = "test_" + uuid.uuid4().hex[:12]
    try:
        connection = psycopg.connect(POSTGRES_URL, autocommit=True)
    except psycopg.OperationalError as error:
        if REQUIRE_POSTGRES:
            pytest.fail(f"PostgreSQL at {POSTGRES_URL} is not reachable: {error}")
        pytest.skip(f"PostgreSQL at {POSTGRES_URL} is not reachable: {error}")
    with connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
        separator = "&" if "?" in POSTGRES_URL else "?"
        try:
            yield f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
        finally:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')
