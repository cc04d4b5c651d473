"""What the store hands out: frozen records, never database rows.

Mappings in records are read-only views (:class:`types.MappingProxyType`), so a record can
be shared between threads and cached without being changed by one of its readers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, get_args

from corridor.store.errors import StoreError

__all__ = [
    "DOCUMENT_KINDS",
    "FINAL_STATES",
    "JOB_STATES",
    "NAME_PATTERN",
    "Document",
    "DocumentKind",
    "Job",
    "JobState",
    "Key",
    "Progress",
    "Run",
    "check_name",
]

JobState = Literal["queued", "running", "succeeded", "failed", "cancelled"]
"""The states of a job: queued → running → succeeded | failed | cancelled."""

JOB_STATES: tuple[JobState, ...] = get_args(JobState)
FINAL_STATES: frozenset[JobState] = frozenset({"succeeded", "failed", "cancelled"})
"""States a job never leaves."""

DocumentKind = Literal["network", "scenario"]
"""What a stored document is: a network (GeoJSON text) or a scenario (TOML text)."""

DOCUMENT_KINDS: tuple[DocumentKind, ...] = get_args(DocumentKind)

NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
"""Names of documents and keys: a letter or digit, then up to 63 of ``A-Za-z0-9._-``."""


def check_name(name: str, *, what: str = "name") -> str:
    """``name`` when it is a valid document or key name, else a :class:`StoreError`.

    Names are stored in the database and never used as file paths; the rule keeps them
    readable in URLs and listings.

    Parameters
    ----------
    name
        The name to check.
    what
        What the name names, for the message (``"network name"``).

    Returns
    -------
    str
        ``name`` unchanged.

    Raises
    ------
    StoreError
        When ``name`` does not match :data:`NAME_PATTERN`.

    Examples
    --------
    >>> check_name("silk-road_v2.1")
    'silk-road_v2.1'
    >>> check_name("../etc/passwd")
    Traceback (most recent call last):
    ...
    corridor.store.errors.StoreError: invalid name '../etc/passwd': ...
    """
    if not isinstance(name, str) or NAME_PATTERN.fullmatch(name) is None:
        shown = name[:80] if isinstance(name, str) else name
        raise StoreError(
            f"invalid {what} {shown!r}: it must start with a letter or digit and have at most "
            "64 characters from A-Z a-z 0-9 . _ -; fix: rename it, e.g. 'my-network'"
        )
    return name


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a job has got.

    Parameters
    ----------
    done
        Units of work done.
    total
        Units of work in all (0: not known yet).
    message
        What the job is doing now.
    """

    done: int = 0
    total: int = 0
    message: str = ""

    @property
    def fraction(self) -> float | None:
        """``done / total``, or ``None`` while the total is not known."""
        return self.done / self.total if self.total > 0 else None


@dataclass(frozen=True, slots=True)
class Run:
    """A saved result of a command (CLI or API): what was asked and what came back.

    Parameters
    ----------
    id
        The run id (32 hexadecimal digits).
    kind
        What was run (``"compare"``, ``"route"``, ...).
    owner
        The name of the key that saved it, ``None`` for the command line.
    request
        The options of the run, as JSON values.
    result
        The result, as the command's JSON output.
    created, updated
        UTC times.
    """

    id: str
    kind: str
    owner: str | None
    request: Mapping[str, object]
    result: Mapping[str, object]
    created: datetime
    updated: datetime


@dataclass(frozen=True, slots=True)
class Job:
    """A long computation run by a worker: its state and progress (the result is apart).

    Parameters
    ----------
    id
        The job id (32 hexadecimal digits).
    kind
        What runs (``"assign"``, ``"sweep"``, ``"appraise"``, ...).
    state
        Where it is: see :data:`JobState`.
    owner
        The name of the key that submitted it, ``None`` for none.
    request
        The options of the job, as JSON values.
    progress
        How far it has got.
    error
        Why it failed (``state == "failed"``), else ``""``.
    created, updated
        UTC times.
    """

    id: str
    kind: str
    state: JobState
    owner: str | None
    request: Mapping[str, object]
    progress: Progress
    error: str
    created: datetime
    updated: datetime


@dataclass(frozen=True, slots=True)
class Document:
    """An uploaded network or scenario file, stored as text.

    Parameters
    ----------
    kind
        ``"network"`` or ``"scenario"``.
    name
        Its name (see :func:`check_name`), unique per kind.
    owner
        The name of the key that uploaded it, ``None`` for none.
    private
        Whether only its owner can read it.
    text
        The file text, validated by whoever stored it (``""`` in listings without texts).
    size
        Characters in the text (set in listings too).
    created, updated
        UTC times.
    """

    kind: DocumentKind
    name: str
    owner: str | None
    private: bool
    text: str
    size: int
    created: datetime
    updated: datetime

    @property
    def id(self) -> str:
        """``kind/name``: unique in the store."""
        return f"{self.kind}/{self.name}"


@dataclass(frozen=True, slots=True)
class Key:
    """An API key, as the store knows it: never the key itself, only its name and prefix.

    Parameters
    ----------
    name
        Its name (see :func:`check_name`); the owner of what it writes.
    prefix
        The first characters of the key (``cor_AbCdEfGh``), to recognise it in listings.
    created
        UTC time of creation.
    revoked
        UTC time of revocation, ``None`` while it is valid.
    """

    name: str
    prefix: str
    created: datetime
    revoked: datetime | None

    @property
    def id(self) -> str:
        """The key's name: unique in the store."""
        return self.name

    @property
    def active(self) -> bool:
        """Whether the key is still accepted."""
        return self.revoked is None
