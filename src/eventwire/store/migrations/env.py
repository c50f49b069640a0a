"""Alembic environment: runs revisions on the connection `eventwire.store.migrate` hands over (no alembic.ini)."""

from alembic import context

from eventwire.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()
