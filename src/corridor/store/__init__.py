"""The run store: saved runs, jobs and their results, uploaded files and API keys.

An embedded SQLite file in the user's data directory by default (no set-up), PostgreSQL
when ``CORRIDOR_DATABASE_URL`` names one; tables are migrated with Alembic scripts shipped
in the package. Needs the ``store`` extra (``pip install 'corridor[store]'``; PostgreSQL
also ``corridor[postgres]``). :class:`Store` is imported on first use, so that the records
and errors can be used without SQLAlchemy.

Examples
--------
>>> import tempfile
>>> from corridor.store import Store
>>> with tempfile.TemporaryDirectory() as tmp, Store.open(f"sqlite:///{tmp}/c.db") as store:
...     job = store.create_job("sweep", {"scenarios": 2}, owner=None)
...     store.start_job(job)
...     store.set_progress(job, 1, 2, "scenario 1 of 2")
...     store.finish_job(job, {"rows": 4})
...     store.get_job(job).state, store.job_result(job)
('succeeded', {'rows': 4})
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from corridor._dependencies import import_optional
from corridor.store.diff import MISSING, Difference, diff_runs
from corridor.store.errors import NotFoundError, OwnershipError, StateError, StoreError
from corridor.store.keys import KEY_PATTERN, new_token
from corridor.store.location import data_dir, database_url
from corridor.store.records import (
    DOCUMENT_KINDS,
    JOB_STATES,
    NAME_PATTERN,
    Document,
    DocumentKind,
    Job,
    JobState,
    Key,
    Progress,
    Run,
    check_name,
)

if TYPE_CHECKING:
    from corridor.store.store import Store

__all__ = [
    "DOCUMENT_KINDS",
    "JOB_STATES",
    "KEY_PATTERN",
    "MISSING",
    "NAME_PATTERN",
    "Difference",
    "Document",
    "DocumentKind",
    "Job",
    "JobState",
    "Key",
    "NotFoundError",
    "OwnershipError",
    "Progress",
    "Run",
    "StateError",
    "Store",
    "StoreError",
    "check_name",
    "data_dir",
    "database_url",
    "diff_runs",
    "new_token",
]


def __getattr__(name: str) -> object:
    """Import :class:`Store` (and SQLAlchemy) on first use, naming the extra when missing."""
    if name == "Store":
        import_optional("sqlalchemy", extra="store")
        import_optional("alembic", extra="store")
        return importlib.import_module("corridor.store.store").Store
    msg = f"module 'corridor.store' has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted(__all__)
