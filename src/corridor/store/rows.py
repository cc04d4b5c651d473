"""Rows of the tables as the store's frozen records (:mod:`corridor.store.records`)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import cast

from corridor.store.models import DocumentRow, JobRow, KeyRow, RunRow
from corridor.store.records import Document, DocumentKind, Job, JobState, Key, Progress, Run
from corridor.store.values import as_utc

__all__: list[str] = []


def frozen(value: object) -> Mapping[str, object]:
    """A read-only view of a JSON object read from the database."""
    data = value if isinstance(value, dict) else {}
    return MappingProxyType(cast("dict[str, object]", data))


def run_of(row: RunRow) -> Run:
    """The record of a run row."""
    return Run(
        id=row.id,
        kind=row.kind,
        owner=row.owner,
        request=frozen(row.request),
        result=frozen(row.result),
        created=as_utc(row.created),
        updated=as_utc(row.updated),
    )


def job_of(row: JobRow) -> Job:
    """The record of a job row."""
    return Job(
        id=row.id,
        kind=row.kind,
        state=cast("JobState", row.state),
        owner=row.owner,
        request=frozen(row.request),
        progress=Progress(done=row.done, total=row.total, message=row.message),
        error=row.error,
        created=as_utc(row.created),
        updated=as_utc(row.updated),
    )


def document_of(row: DocumentRow, *, with_text: bool, size: int | None = None) -> Document:
    """The record of a document row (its text only ``with_text``)."""
    return Document(
        kind=cast("DocumentKind", row.kind),
        name=row.name,
        owner=row.owner,
        private=row.private,
        text=row.text if with_text else "",
        size=len(row.text) if size is None else int(size),
        created=as_utc(row.created),
        updated=as_utc(row.updated),
    )


def key_of(row: KeyRow) -> Key:
    """The record of a key row."""
    return Key(
        name=row.name,
        prefix=row.lookup,
        created=as_utc(row.created),
        revoked=None if row.revoked is None else as_utc(row.revoked),
    )
