"""Fixtures of the store tests: every test runs on SQLite and on PostgreSQL.

PostgreSQL runs when ``CORRIDOR_TEST_POSTGRES_URL`` names a server (``scripts/check``
starts one with ``scripts/postgres.sh``); each test gets its own schema there.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from corridor.store import Store

POSTGRES_ENV = "CORRIDOR_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never the user's data directory, never their database."""
    data = tmp_path / "data"
    monkeypatch.setenv("CORRIDOR_DATA_DIR", str(data))
    monkeypatch.delenv("CORRIDOR_DATABASE_URL", raising=False)
    return data


def postgres_base() -> str:
    """The test server's URL, or skip."""
    base = os.environ.get(POSTGRES_ENV, "")
    if not base:
        pytest.skip(
            f"{POSTGRES_ENV} is not set: run `bash scripts/postgres.sh start` and set it "
            "(scripts/check does both)"
        )
    return base


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite3'}"
        return
    base = postgres_base()
    schema = f"test_{uuid.uuid4().hex[:16]}"
    engine = create_engine(base)
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An open store on an empty database."""
    opened = Store.open(store_url)
    try:
        yield opened
    finally:
        opened.close()
