"""Alembic migrations run from code: upgrade a store to head, and adopt SQLite files from before Alembic."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, Engine, inspect, text

from eventwire.errors import StoreError
from eventwire.resolve.speakers import speaker_name

logger = logging.getLogger(__name__)

#: Where the revisions live, as package data (no alembic.ini at run time).
SCRIPT_LOCATION = "eventwire.store:migrations"
#: The revision a pre-Alembic SQLite store (``meta.schema_version`` = 1) is adopted as.
LEGACY_REVISION = "0001_initial"


@dataclass(frozen=True, slots=True)
class MigrationReport:
    from_revision: str | None
    to_revision: str


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise StoreError("no store migrations found: the eventwire installation is incomplete")
    return head


def own_schema(connection: Connection) -> str | None:
    """The schema our tables live in: PostgreSQL's current_schema (other schemas on the search_path, such as
    PostGIS's ``public``, are not ours); None on SQLite."""
    return connection.dialect.default_schema_name if connection.dialect.name == "postgresql" else None


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, where: str) -> MigrationReport:
    """Bring the database to the newest revision in one transaction; refuse databases that are not ours."""
    with engine.begin() as connection:
        tables = set(inspect(connection).get_table_names(schema=own_schema(connection)))
        before = current_revision(connection) if "alembic_version" in tables else None
        if before is None and "meta" in tables:
            _adopt_legacy_sqlite(connection, where)
            before = LEGACY_REVISION
        elif before is None and tables - {"alembic_version"}:
            raise StoreError(
                f"{where} is not an eventwire database (it holds other tables: {sorted(tables)[:5]})"
            )
        script = ScriptDirectory.from_config(alembic_config())
        if before is not None:
            try:
                script.get_revision(before)
            except CommandError as error:
                raise StoreError(
                    f"{where} has schema revision {before!r}, unknown to this eventwire (newer?);"
                    " upgrade eventwire"
                ) from error
        head = head_revision()
        if before != head:
            logger.info("migrating store %s from %s to %s", where, before, head)
            command.upgrade(alembic_config(connection), "head")
    return MigrationReport(before, head)


def _adopt_legacy_sqlite(connection: Connection, where: str) -> None:
    """A store made before Alembic: add what 0001_initial has beyond it, keep every row, stamp it."""
    row = connection.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).first()
    if row is None or row[0] != "1" or connection.dialect.name != "sqlite":
        raise StoreError(f"{where} is not an eventwire database (unknown meta table)")
    logger.info("adopting pre-Alembic store %s as revision %s", where, LEGACY_REVISION)
    statements = [
        "ALTER TABLE events ADD COLUMN outlets INTEGER NOT NULL DEFAULT 1",
        "ALTER TABLE events ADD COLUMN evidence TEXT",
        "UPDATE events SET evidence = json_extract(data, '$.sentence.text')",
        "ALTER TABLE quotes ADD COLUMN speaker_key TEXT",
        "ALTER TABLE quotes ADD COLUMN speaker_given TEXT",
        "CREATE INDEX articles_outlet ON articles (outlet)",
        "CREATE INDEX articles_published ON articles (published)",
        "CREATE INDEX events_lat_lon ON events (lat, lon)",
        "CREATE INDEX events_sort_date_desc ON events (coalesce(event_date, '') DESC, id)",
        "CREATE INDEX events_sort_date_asc ON events (coalesce(event_date, ''), id)",
        "CREATE INDEX events_sort_killed_desc ON events (coalesce(killed, -1) DESC, id)",
        "CREATE INDEX quotes_speaker_key ON quotes (speaker_key)",
        ("CREATE TABLE event_actors (id INTEGER NOT NULL PRIMARY KEY, event_id TEXT NOT NULL"
        " REFERENCES events (id) ON DELETE CASCADE, role TEXT, name TEXT, text TEXT, country TEXT,"
        " sector TEXT)"),
        "CREATE INDEX event_actors_event ON event_actors (event_id)",
        "CREATE VIRTUAL TABLE event_search USING fts5(event_id UNINDEXED, evidence)",
        "INSERT INTO event_search (event_id, evidence) SELECT id, coalesce(evidence, '') FROM events",
        "CREATE VIRTUAL TABLE quote_search USING fts5(quote_id UNINDEXED, text)",
        "INSERT INTO quote_search (quote_id, text) SELECT id, text FROM quotes",
        "DROP TABLE meta",
    ]
    for statement in statements:
        connection.execute(text(statement))
    for event_id, data in connection.execute(text("SELECT id, data FROM events")).all():
        for actor in json.loads(data).get("actors") or []:
            connection.execute(
                text("INSERT INTO event_actors (event_id, role, name, text, country, sector)"
                     " VALUES (:event_id, :role, :name, :text, :country, :sector)"),
                {"event_id": event_id, **{key: actor.get(key) for key in ("role", "name", "text", "country",
                                                                           "sector")}},
            )
    for quote_id, speaker in connection.execute(text("SELECT id, speaker FROM quotes")).all():
        parsed = speaker_name(speaker)
        if parsed:
            connection.execute(
                text("UPDATE quotes SET speaker_key = :key, speaker_given = :given WHERE id = :id"),
                {"key": parsed.key, "given": parsed.given, "id": quote_id},
            )
    command.stamp(alembic_config(connection), LEGACY_REVISION)
