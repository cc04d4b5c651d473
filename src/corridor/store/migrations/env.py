"""Alembic environment of the store.

It runs on the connection that :mod:`corridor.store.migrate` passes in
``config.attributes["connection"]`` (no ``alembic.ini``, no logging set-up).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from corridor.store.migrate import VERSION_TABLE
from corridor.store.models import Base


def _run() -> None:
    connection = context.config.attributes.get("connection")
    if not isinstance(connection, Connection):
        msg = "corridor's migrations run through corridor.store.migrate, not the alembic CLI"
        raise TypeError(msg)
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


if hasattr(context, "config"):  # run by alembic (not when a doctest collector imports it)
    _run()
