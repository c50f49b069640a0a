"""Store fixtures: the same tests run on SQLite and on PostgreSQL (a fresh schema per test).

PostgreSQL tests need EVENTWIRE_TEST_POSTGRES_URL (``make test`` starts a server and sets it, see
docs/store.md); without it they skip, unless EVENTWIRE_REQUIRE_POSTGRES=1 turns the skip into a failure.
"""

import os
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

# sample_results.py (tests/serve) and quote_samples.py (here): --import-mode=importlib adds neither folder.
for folder in (Path(__file__).resolve().parents[1] / "serve", Path(__file__).resolve().parent):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

POSTGRES_URL = os.environ.get("EVENTWIRE_TEST_POSTGRES_URL", "")
REQUIRE_POSTGRES = os.environ.get("EVENTWIRE_REQUIRE_POSTGRES") == "1"


def _postgres_server_url() -> str:
    if not POSTGRES_URL:
        reason = "no PostgreSQL server: set EVENTWIRE_TEST_POSTGRES_URL (make test starts one, docs/store.md)"
        if REQUIRE_POSTGRES:
            pytest.fail(reason + " — EVENTWIRE_REQUIRE_POSTGRES=1 forbids skipping")
        pytest.skip(reason)
    return POSTGRES_URL


@contextmanager
def _fresh_postgres_schema() -> Iterator[str]:
    """A URL whose search_path is a new, empty schema, dropped afterwards."""
    import psycopg

    server = _postgres_server_url()
    schema = "test_" + uuid.uuid4().hex[:12]
    try:
        connection = psycopg.connect(server, autocommit=True)
    except psycopg.OperationalError as error:
        if REQUIRE_POSTGRES:
            pytest.fail(f"PostgreSQL at {server} is not reachable: {error}")
        pytest.skip(f"PostgreSQL at {server} is not reachable: {error}")
    with connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
        separator = "&" if "?" in server else "?"
        try:
            yield f"{server}{separator}options=-csearch_path%3D{schema}"
        finally:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store location on each backend: a SQLite file path or a PostgreSQL URL."""
    if request.param == "sqlite":
        yield str(tmp_path / "events.sqlite")
        return
    with _fresh_postgres_schema() as url:
        yield url


@pytest.fixture(scope="module", params=BACKENDS)
def module_store_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Like store_url, shared by the read-only tests of one module."""
    if request.param == "sqlite":
        yield str(tmp_path_factory.mktemp("store") / "events.sqlite")
        return
    with _fresh_postgres_schema() as url:
        yield url


@pytest.fixture(scope="module")
def postgis_url() -> Iterator[str]:
    """A fresh schema on a database with PostGIS installed (in ``public``); skips when PostGIS is absent."""
    import psycopg

    server = _postgres_server_url()
    with psycopg.connect(server, autocommit=True) as connection:
        available = connection.execute(
            "SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'").fetchone()
        if not available:
            pytest.skip("PostGIS is not installed on the test server (Debian: postgresql-NN-postgis-3)")
        connection.execute("CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public")
    with _fresh_postgres_schema() as url:
        yield url + "%2Cpublic"
