"""SQLAlchemy engines for the store: the driver corridor uses, SQLite set up for servers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.pool import StaticPool

from corridor._dependencies import import_optional
from corridor.store.errors import StoreError

__all__: list[str] = []


def shown_url(url: URL) -> str:
    """``url`` as shown to users: the password hidden."""
    return url.render_as_string(hide_password=True)


def open_engine(url: str) -> tuple[Engine, str]:
    """An engine for ``url``, with the driver corridor uses and SQLite set up for servers."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise StoreError(
            f"invalid database URL {url!r}: {exc}; fix: set CORRIDOR_DATABASE_URL to e.g. "
            "postgresql://user@host/db or sqlite:////path/corridor.sqlite3"
        ) from exc
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    backend = parsed.get_backend_name()
    if backend == "postgresql" and parsed.drivername == "postgresql+psycopg":
        import_optional("psycopg", extra="postgres")
    if backend not in {"sqlite", "postgresql"}:
        raise StoreError(
            f"unsupported database {shown_url(parsed)!r}: corridor stores runs in SQLite or "
            "PostgreSQL; fix: use a sqlite:/// or postgresql:// URL"
        )
    try:
        if backend == "sqlite":
            memory = parsed.database in {None, "", ":memory:"}
            if not memory and parsed.database is not None:
                Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(
                parsed,
                connect_args={"check_same_thread": False, "timeout": 30},
                poolclass=StaticPool if memory else None,
            )
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(parsed, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError, OSError) as exc:
        raise StoreError(
            f"cannot use the database {shown_url(parsed)!r}: {exc}; fix: check "
            "CORRIDOR_DATABASE_URL (or --url)"
        ) from exc
    return engine, shown_url(parsed)


def _sqlite_pragmas(connection: Any, _record: object) -> None:  # noqa: ANN401 - DBAPI object
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def first_line(exc: BaseException) -> str:
    """The first line of a database error (the driver's message), for one-line errors."""
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return lines[0] if lines else type(orig).__name__
