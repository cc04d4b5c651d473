"""Migrations of the store's tables, applied programmatically with Alembic.

The migration scripts ship inside the package (``corridor/store/migrations``), so users
need no ``alembic.ini``: :func:`upgrade` brings a database to the newest revision.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

__all__ = ["MIGRATIONS", "current_revision", "head_revision", "upgrade"]

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
"""The Alembic script directory inside the package."""

VERSION_TABLE = "corridor_alembic_version"
"""The table where Alembic records the revision (named for corridor: a shared database)."""

_LOCK_ID = 0x636F72726964
"""PostgreSQL advisory lock held while migrating ("corrid"), so two servers never race."""


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision of the migration scripts.

    Returns
    -------
    str
        Its id, e.g. ``"0001"``.
    """
    head = ScriptDirectory.from_config(_config()).get_current_head()
    if head is None:  # pragma: no cover - the package ships its migrations
        msg = f"no migration scripts in {MIGRATIONS}"
        raise RuntimeError(msg)
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision a database is at.

    Parameters
    ----------
    engine
        The database.

    Returns
    -------
    str or None
        The revision id, ``None`` for a database without corridor's tables.
    """
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
        return context.get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> str:
    """Apply the migrations up to ``revision``, in one transaction where the database allows.

    Parameters
    ----------
    engine
        The database.
    revision
        The target (default: the newest).

    Returns
    -------
    str
        The revision the database is at afterwards.
    """
    with engine.begin() as connection:
        # one migration at a time: servers starting together must not both create tables
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _LOCK_ID})
        elif connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock, held to the end
        command.upgrade(_config(connection), revision)
    now = current_revision(engine)
    if now is None:  # pragma: no cover - upgrade always writes its revision
        msg = "the migrations ran but recorded no revision"
        raise RuntimeError(msg)
    return now
