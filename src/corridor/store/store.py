"""The run store: runs, jobs and their results, uploaded documents and API keys.

One class, :class:`Store`, over SQLAlchemy 2: an embedded SQLite file by default,
PostgreSQL when ``CORRIDOR_DATABASE_URL`` names one. Every change is one transaction; job
states move by conditional updates (``UPDATE ... WHERE state = 'running'``), so two
processes never both move a job, and a finished job's result is written in the same
transaction that marks it succeeded.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, Self, cast

from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError, DataError, IntegrityError
from sqlalchemy.orm import Session, defer, sessionmaker

from corridor.store import migrate
from corridor.store.engine import first_line, open_engine
from corridor.store.errors import NotFoundError, OwnershipError, StateError, StoreError
from corridor.store.keys import KEY_PATTERN, hash_token, lookup_of, new_token, same_hash
from corridor.store.location import database_url
from corridor.store.models import DocumentRow, JobRow, KeyRow, ResultRow, RunRow
from corridor.store.records import (
    DOCUMENT_KINDS,
    FINAL_STATES,
    JOB_STATES,
    NAME_PATTERN,
    Document,
    DocumentKind,
    Job,
    JobState,
    Key,
    Run,
    check_name,
)
from corridor.store.rows import document_of, job_of, key_of, run_of
from corridor.store.values import (
    ID_PATTERN,
    MAX_DOCUMENT_CHARS,
    MAX_LIMIT,
    check_kind,
    check_owner,
    check_page,
    json_copy,
    one_line,
    process_alive,
    storable,
    utc_now,
    worker_id,
)

__all__ = ["MAX_DOCUMENT_CHARS", "MAX_LIMIT", "Store"]

FINISH_PAUSE_ENV = "CORRIDOR_STORE_TEST_FINISH_PAUSE"
"""Test hook (crash test): a file path; ``finish_job`` creates it inside its transaction,
after writing the result, then sleeps, so a test can kill the process there."""


class Store:
    """The run store: open one with :meth:`Store.open`, close it with :meth:`close`.

    Parameters
    ----------
    engine
        The SQLAlchemy engine (use :meth:`open`, which sets it up and migrates).
    url
        The database URL as shown to users (password hidden).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp, Store.open(f"sqlite:///{tmp}/c.db") as store:
    ...     run_id = store.save_run("compare", {"origin": "Xi'an"}, {"routes": 3})
    ...     store.get_run(run_id).result["routes"]
    3
    """

    def __init__(self, engine: Engine, *, url: str) -> None:
        self._engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.url = url
        """The database URL, password hidden."""

    # -- opening -----------------------------------------------------------------------

    @classmethod
    def open(cls, url: str | None = None, *, upgrade: bool = True) -> Store:
        """Open the store at ``url`` and bring its tables to the newest revision.

        Parameters
        ----------
        url
            A SQLAlchemy URL (``sqlite:///...``, ``postgresql://...``); default
            ``$CORRIDOR_DATABASE_URL``, else ``<data dir>/corridor.sqlite3`` (see
            :func:`corridor.store.database_url`), whose directory is created.
        upgrade
            Apply the migrations (default). With ``False`` a database that is not at the
            newest revision is a :class:`StoreError`.

        Returns
        -------
        Store
            The open store.

        Raises
        ------
        MissingOptionalDependencyError
            When the URL names PostgreSQL and psycopg is not installed.
        StoreError
            When the URL is invalid or the database cannot be reached or migrated.
        """
        engine, shown = open_engine(database_url() if url is None else url)
        try:
            if upgrade:
                migrate.upgrade(engine)
                now = head = ""
            else:
                now, head = migrate.current_revision(engine) or "none", migrate.head_revision()
        except (DatabaseError, OSError) as exc:
            engine.dispose()
            raise StoreError(
                f"cannot open the database {shown}: {first_line(exc)}; fix: check that it "
                "runs and that CORRIDOR_DATABASE_URL (or --url) is right"
            ) from exc
        if now != head:
            engine.dispose()
            raise StoreError(
                f"the database {shown} is at revision {now}, corridor needs {head}; fix: run "
                "`corridor db upgrade`"
            )
        return cls(engine, url=shown)

    def close(self) -> None:
        """Close the store's connections (the store is unusable afterwards)."""
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self._engine.dialect.name

    def revision(self) -> str | None:
        """The migration revision the database is at.

        Returns
        -------
        str or None
            The revision id (``None`` before the first migration).
        """
        with self._errors():
            return migrate.current_revision(self._engine)

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except IntegrityError:
            raise  # a race on a unique name: the caller words it
        except DataError as exc:
            raise StoreError(
                f"the database refused a value: {first_line(exc)}; fix: send plain UTF-8 "
                "text and numbers in range"
            ) from exc
        except DatabaseError as exc:  # unreachable, dropped tables, not a database, ...
            raise StoreError(
                f"the database {self.url} failed: {first_line(exc)}; fix: check that it runs "
                "and that `corridor db upgrade` was run"
            ) from exc

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        with self._errors(), self._sessions.begin() as session:
            yield session

    # -- runs --------------------------------------------------------------------------

    def save_run(
        self,
        kind: str,
        request: Mapping[str, object],
        result: Mapping[str, object],
        *,
        owner: str | None = None,
    ) -> str:
        """Save the result of a command.

        Parameters
        ----------
        kind
            The command (``"compare"``, ``"route"``, ...).
        request
            Its options, as JSON values.
        result
            Its result, as JSON values (NaN and infinities are stored as ``None``).
        owner
            The key name that saves it, ``None`` for the command line.

        Returns
        -------
        str
            The new run's id (32 hexadecimal digits).

        Raises
        ------
        StoreError
            For an invalid kind or owner, or values that are not JSON.
        """
        row = RunRow(
            id=uuid.uuid4().hex,
            kind=check_kind(kind),
            owner=check_owner(owner),
            request=json_copy(request, "request"),
            result=json_copy(result, "result"),
            created=utc_now(),
        )
        row.updated = row.created
        with self._transaction() as session:
            session.add(row)
        return row.id

    def get_run(self, run_id: str) -> Run:
        """The run with id ``run_id``.

        Parameters
        ----------
        run_id
            The id :meth:`save_run` returned.

        Returns
        -------
        Run
            The run, with its result.

        Raises
        ------
        NotFoundError
            When there is no such run.
        """
        row = None
        if isinstance(run_id, str) and ID_PATTERN.fullmatch(run_id):
            with self._transaction() as session:
                row = session.get(RunRow, run_id)
        if row is None:
            raise NotFoundError(
                f"no run with id {run_id!r}; fix: list the saved runs (`corridor runs list`) "
                "for their ids"
            )
        return run_of(row)

    def list_runs(
        self,
        *,
        kind: str | None = None,
        owner: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Run]:
        """The saved runs, newest first.

        Parameters
        ----------
        kind
            Only runs of this kind.
        owner
            Only runs saved by this key.
        limit, offset
            The page: at most ``limit`` runs (1 to :data:`MAX_LIMIT`) after skipping
            ``offset``.

        Returns
        -------
        list of Run
            The runs.

        Raises
        ------
        StoreError
            For a page out of range.
        """
        limit, offset = check_page(limit, offset)
        query = select(RunRow).order_by(RunRow.created.desc(), RunRow.id)
        if kind is not None:
            query = query.where(RunRow.kind == check_kind(kind))
        if owner is not None:
            query = query.where(RunRow.owner == check_owner(owner))
        with self._transaction() as session:
            rows = session.scalars(query.limit(limit).offset(offset)).all()
        return [run_of(row) for row in rows]

    # -- jobs --------------------------------------------------------------------------

    def create_job(self, kind: str, request: Mapping[str, object], *, owner: str | None) -> str:
        """Record a new job, queued.

        Parameters
        ----------
        kind
            What runs (``"assign"``, ``"sweep"``, ...).
        request
            Its options, as JSON values.
        owner
            The key name that submits it (``None``: anonymous).

        Returns
        -------
        str
            The job id (32 hexadecimal digits).

        Raises
        ------
        StoreError
            For an invalid kind or owner, or a request that is not JSON.
        """
        now = utc_now()
        row = JobRow(
            id=uuid.uuid4().hex,
            kind=check_kind(kind),
            state="queued",
            owner=check_owner(owner),
            request=json_copy(request, "request"),
            done=0,
            total=0,
            message="",
            error="",
            worker=worker_id(),
            created=now,
            updated=now,
        )
        with self._transaction() as session:
            session.add(row)
        return row.id

    def _move(
        self,
        session: Session,
        job_id: str,
        sources: frozenset[str],
        values: Mapping[str, object],
    ) -> bool:
        """Change the job when its state is one of ``sources``; whether it changed."""
        if not isinstance(job_id, str) or ID_PATTERN.fullmatch(job_id) is None:
            return False
        done = session.execute(
            update(JobRow)
            .where(JobRow.id == job_id, JobRow.state.in_(sources))
            .values(**values, updated=utc_now())
        )
        return cast("int", getattr(done, "rowcount", 0)) == 1

    def _refuse(self, session: Session, job_id: str, action: str) -> StoreError:
        """The error for ``action`` on a job that is missing or in the wrong state."""
        state = None
        if isinstance(job_id, str) and ID_PATTERN.fullmatch(job_id):
            state = session.scalar(select(JobRow.state).where(JobRow.id == job_id))
        if state is None:
            return NotFoundError(f"no job with id {job_id!r}; fix: list the jobs for their ids")
        return StateError(
            f"cannot {action} job {job_id}: it is {state}; fix: only a "
            f"{'queued' if action == 'start' else 'running'} job can be changed so"
        )

    def start_job(self, job_id: str) -> None:
        """Move a job from queued to running, in this process.

        Parameters
        ----------
        job_id
            The job.

        Raises
        ------
        StateError
            When the job is not queued (cancelled meanwhile, or started by another worker).
        """
        with self._transaction() as session:
            if not self._move(
                session, job_id, frozenset({"queued"}), {"state": "running", "worker": worker_id()}
            ):
                raise self._refuse(session, job_id, "start")

    def set_progress(self, job_id: str, done: int, total: int, message: str = "") -> None:
        """Record how far a running job has got.

        Parameters
        ----------
        job_id
            The job.
        done, total
            Units done and units in all (``0 <= done``, and ``done <= total`` when
            ``total > 0``).
        message
            What it does now (cut to 2000 characters).

        Raises
        ------
        StoreError
            For negative counts, or more done than in all.
        StateError
            When the job is not running (a cancelled job stops here: check for it).
        """
        for name, value in (("done", done), ("total", total)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise StoreError(f"{name}={value!r} must be a whole number >= 0")
        if 0 < total < done:
            raise StoreError(f"done={done} is more than total={total}; fix: pass done <= total")
        values = {"done": done, "total": total, "message": one_line(message)}
        with self._transaction() as session:
            if not self._move(session, job_id, frozenset({"running"}), values):
                raise self._refuse(session, job_id, "record progress of")

    def finish_job(self, job_id: str, result: Mapping[str, object]) -> None:
        """Store a running job's result and mark it succeeded, in one transaction.

        Either both happen or neither: a process killed here leaves the job running
        (then :meth:`fail_interrupted` fails it) and no result row.

        Parameters
        ----------
        job_id
            The job.
        result
            The result, as JSON values (NaN and infinities are stored as ``None``).

        Raises
        ------
        StoreError
            For a result that is not JSON.
        StateError
            When the job is not running (cancelled meanwhile): nothing is stored.
        """
        data = json_copy(result, "result")
        with self._transaction() as session:
            row = session.get(JobRow, job_id) if ID_PATTERN.fullmatch(str(job_id)) else None
            total = row.total if row is not None else 0
            if not self._move(
                session, job_id, frozenset({"running"}), {"state": "succeeded", "done": total}
            ):
                raise self._refuse(session, job_id, "finish")
            session.add(ResultRow(job_id=job_id, result=data, created=utc_now()))
            session.flush()
            pause = os.environ.get(FINISH_PAUSE_ENV, "")
            if pause:  # the crash test kills the process here
                Path(pause).write_text("paused in finish_job\n")
                time.sleep(3600)

    def fail_job(self, job_id: str, error: str) -> None:
        """Mark a queued or running job failed.

        Parameters
        ----------
        job_id
            The job.
        error
            Why, one line for the user (cut to 2000 characters).

        Raises
        ------
        StateError
            When the job has already ended (succeeded, failed or cancelled).
        """
        values = {"state": "failed", "error": one_line(error)}
        with self._transaction() as session:
            if not self._move(session, job_id, frozenset({"queued", "running"}), values):
                raise self._refuse(session, job_id, "fail")

    def cancel_job(self, job_id: str) -> bool:
        """Cancel a job that has not ended.

        A running job's worker learns it at its next :meth:`set_progress` or
        :meth:`finish_job` (a :class:`StateError`), and nothing it finishes is stored.

        Parameters
        ----------
        job_id
            The job.

        Returns
        -------
        bool
            ``True`` when it was queued or running, ``False`` when it had already ended.

        Raises
        ------
        NotFoundError
            When there is no such job.
        """
        with self._transaction() as session:
            if self._move(
                session, job_id, frozenset({"queued", "running"}), {"state": "cancelled"}
            ):
                return True
            error = self._refuse(session, job_id, "cancel")
        if isinstance(error, NotFoundError):
            raise error
        return False

    def get_job(self, job_id: str) -> Job:
        """The job with id ``job_id``.

        Parameters
        ----------
        job_id
            The id :meth:`create_job` returned.

        Returns
        -------
        Job
            Its state and progress.

        Raises
        ------
        NotFoundError
            When there is no such job.
        """
        row = None
        if isinstance(job_id, str) and ID_PATTERN.fullmatch(job_id):
            with self._transaction() as session:
                row = session.get(JobRow, job_id)
        if row is None:
            raise NotFoundError(f"no job with id {job_id!r}; fix: list the jobs for their ids")
        return job_of(row)

    def list_jobs(
        self,
        *,
        kind: str | None = None,
        state: JobState | None = None,
        owner: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Job]:
        """The jobs, newest first.

        Parameters
        ----------
        kind
            Only jobs of this kind.
        state
            Only jobs in this state.
        owner
            Only jobs of this key (default: everyone's).
        limit, offset
            The page: at most ``limit`` jobs (1 to :data:`MAX_LIMIT`) after skipping
            ``offset``.

        Returns
        -------
        list of Job
            The jobs.

        Raises
        ------
        StoreError
            For a page out of range.
        """
        limit, offset = check_page(limit, offset)
        query = select(JobRow).order_by(JobRow.created.desc(), JobRow.id)
        if kind is not None:
            query = query.where(JobRow.kind == check_kind(kind))
        if state is not None:
            if state not in JOB_STATES:
                raise StoreError(
                    f"unknown job state {state!r}; fix: use one of {', '.join(JOB_STATES)}"
                )
            query = query.where(JobRow.state == state)
        if owner is not None:
            query = query.where(JobRow.owner == check_owner(owner))
        with self._transaction() as session:
            rows = session.scalars(query.limit(limit).offset(offset)).all()
        return [job_of(row) for row in rows]

    def job_result(self, job_id: str) -> dict[str, object]:
        """The result of a succeeded job.

        Parameters
        ----------
        job_id
            The job.

        Returns
        -------
        dict
            The result, as stored (a fresh copy).

        Raises
        ------
        NotFoundError
            When there is no such job.
        StateError
            When the job has not succeeded (yet).
        """
        job = self.get_job(job_id)
        with self._transaction() as session:
            row = session.get(ResultRow, job_id)
        if job.state != "succeeded" or row is None:
            fix = (
                "wait until its state is succeeded"
                if job.state not in FINAL_STATES
                else "it has no result; submit it again"
            )
            raise StateError(f"job {job_id} is {job.state}; fix: {fix}")
        return cast("dict[str, object]", row.result)

    def fail_interrupted(self, *, everywhere: bool = False) -> int:
        """Fail the queued and running jobs of processes that have died.

        Call it when a server starts: a job whose process was killed stays running in
        the database until then. Only processes of this machine are checked (a job of
        another server is left to it), unless ``everywhere``.

        Parameters
        ----------
        everywhere
            Fail every queued or running job of another process, on any machine (one
            server per database, whose host name may change between restarts).

        Returns
        -------
        int
            How many jobs were failed.
        """
        host, me = socket.gethostname(), worker_id()
        with self._transaction() as session:
            rows = session.execute(
                select(JobRow.id, JobRow.worker).where(JobRow.state.in_(("queued", "running")))
            ).all()
        count = 0
        for job_id, worker in rows:
            where, _, pid = worker.rpartition(":")
            if worker == me:
                continue
            if not everywhere and where and where != host:
                continue  # another machine's job: its server fails it
            if not everywhere and pid.isdigit() and process_alive(int(pid)):
                continue
            values = {
                "state": "failed",
                "error": f"interrupted: the process running it ({worker or 'unknown'}) stopped; "
                "fix: submit the job again",
            }
            with self._transaction() as session:
                live = frozenset({"queued", "running"})
                count += self._move_from(session, job_id, worker, live, values)
        return count

    def _move_from(
        self,
        session: Session,
        job_id: str,
        worker: str,
        sources: frozenset[str],
        values: Mapping[str, object],
    ) -> int:
        done = session.execute(
            update(JobRow)
            .where(JobRow.id == job_id, JobRow.worker == worker, JobRow.state.in_(sources))
            .values(**values, updated=utc_now())
        )
        return cast("int", getattr(done, "rowcount", 0))

    # -- documents ---------------------------------------------------------------------

    def put_document(
        self,
        kind: DocumentKind,
        name: str,
        text: str,
        *,
        owner: str | None,
        private: bool = False,
    ) -> None:
        """Store (or replace) a network or scenario file under ``name``.

        Parameters
        ----------
        kind
            ``"network"`` or ``"scenario"``.
        name
            Its name (see :func:`corridor.store.check_name`); never used as a path.
        text
            The file text, already validated by the caller.
        owner
            The key name that uploads it (``None``: anonymous, public only).
        private
            Whether only ``owner`` can read it.

        Raises
        ------
        OwnershipError
            When a document of this kind and name belongs to another owner.
        StoreError
            For an invalid kind, name or text.
        """
        _document_kind(kind)
        check_name(name, what=f"{kind} name")
        owner = check_owner(owner)
        if not isinstance(text, str):
            raise StoreError(f"the {kind} {name!r} must be text, not {type(text).__name__}")
        storable(text, f"{kind} {name!r}")
        if len(text) > MAX_DOCUMENT_CHARS:
            raise StoreError(
                f"the {kind} {name!r} has {len(text)} characters, more than "
                f"{MAX_DOCUMENT_CHARS}; fix: store a smaller file"
            )
        if private and owner is None:
            raise StoreError(
                f"the {kind} {name!r} cannot be private without an owner; fix: store it with "
                "an API key, or as public"
            )
        now = utc_now()
        try:
            with self._transaction() as session:
                row = session.get(DocumentRow, (kind, name), with_for_update=True)
                if row is None:
                    session.add(
                        DocumentRow(
                            kind=kind,
                            name=name,
                            owner=owner,
                            private=private,
                            text=text,
                            created=now,
                            updated=now,
                        )
                    )
                elif row.owner != owner:
                    raise _taken(kind, name)
                else:
                    row.text, row.private, row.updated = text, private, now
        except IntegrityError as exc:  # stored by someone else between our read and write
            raise _taken(kind, name) from exc

    def get_document(self, kind: DocumentKind, name: str, *, owner: str | None) -> Document:
        """The document ``name`` of ``kind``, when ``owner`` may read it.

        Parameters
        ----------
        kind
            ``"network"`` or ``"scenario"``.
        name
            Its name.
        owner
            Who asks: a private document is visible to its owner only.

        Returns
        -------
        Document
            The document, with its text.

        Raises
        ------
        StoreError
            For an unknown kind.
        NotFoundError
            When there is none, or it is another owner's private one.
        """
        _document_kind(kind)
        row = None
        if isinstance(name, str) and NAME_PATTERN.fullmatch(name):
            with self._transaction() as session:
                row = session.get(DocumentRow, (kind, name))
        if row is None or (row.private and row.owner != owner):
            raise NotFoundError(
                f"no {kind} named {name!r}; fix: list the stored {kind}s for their names"
            )
        return document_of(row, with_text=True)

    def list_documents(
        self,
        kind: DocumentKind,
        *,
        owner: str | None,
        limit: int = 50,
        offset: int = 0,
        with_text: bool = False,
    ) -> list[Document]:
        """The documents of ``kind`` that ``owner`` may read, by name.

        Parameters
        ----------
        kind
            ``"network"`` or ``"scenario"``.
        owner
            Who asks: the public documents and this owner's private ones.
        limit, offset
            The page: at most ``limit`` (1 to :data:`MAX_LIMIT`) after skipping ``offset``.
        with_text
            Include the texts (default: ``Document.text`` is ``""``, ``size`` is set).

        Returns
        -------
        list of Document
            The documents.

        Raises
        ------
        StoreError
            For an unknown kind or a page out of range.
        """
        _document_kind(kind)
        limit, offset = check_page(limit, offset)
        visible = (
            DocumentRow.private.is_(False)
            if owner is None
            else (DocumentRow.private.is_(False) | (DocumentRow.owner == owner))
        )
        query = (
            select(DocumentRow, func.length(DocumentRow.text))
            .where(DocumentRow.kind == kind, visible)
            .order_by(DocumentRow.name)
            .limit(limit)
            .offset(offset)
        )
        if not with_text:
            query = query.options(defer(DocumentRow.text))
        with self._transaction() as session:
            rows = session.execute(query).all()
        return [document_of(row, with_text=with_text, size=size) for row, size in rows]

    def delete_document(self, kind: DocumentKind, name: str, *, owner: str | None) -> bool:
        """Delete the document ``name`` of ``kind`` when ``owner`` owns it.

        Parameters
        ----------
        kind
            ``"network"`` or ``"scenario"``.
        name
            Its name.
        owner
            Who asks.

        Returns
        -------
        bool
            ``True`` when it was deleted, ``False`` when there was none visible to ``owner``.

        Raises
        ------
        StoreError
            For an unknown kind.
        OwnershipError
            When it is a public document of another owner.
        """
        _document_kind(kind)
        with self._transaction() as session:
            valid = isinstance(name, str) and NAME_PATTERN.fullmatch(name)
            row = session.get(DocumentRow, (kind, name)) if valid else None
            if row is None or (row.private and row.owner != owner):
                return False
            if row.owner != owner:
                raise OwnershipError(
                    f"the {kind} {name!r} belongs to another key; fix: ask its owner to delete it"
                )
            session.execute(
                delete(DocumentRow).where(DocumentRow.kind == kind, DocumentRow.name == name)
            )
        return True

    # -- keys --------------------------------------------------------------------------

    def create_key(self, name: str) -> str:
        """Create an API key named ``name`` and return it: the only time it is shown.

        Parameters
        ----------
        name
            The key's name (see :func:`corridor.store.check_name`); the owner of what it
            writes. The name of a revoked key can be used again.

        Returns
        -------
        str
            The key, ``cor_`` and 43 characters; only its SHA-256 is stored.

        Raises
        ------
        StoreError
            When the name is invalid or a valid key has it.
        """
        check_name(name, what="key name")
        token = new_token()
        now = utc_now()
        try:
            with self._transaction() as session:
                row = session.get(KeyRow, name, with_for_update=True)
                if row is not None and row.revoked is None:
                    raise StoreError(
                        f"a key named {name!r} exists; fix: choose another name, or revoke "
                        f"it first (`corridor keys revoke {name}`)"
                    )
                if row is not None:
                    session.delete(row)
                    session.flush()
                session.add(
                    KeyRow(
                        name=name,
                        lookup=lookup_of(token),
                        hash=hash_token(token),
                        created=now,
                        revoked=None,
                    )
                )
        except IntegrityError as exc:
            raise StoreError(
                f"a key named {name!r} was just created; fix: choose another name"
            ) from exc
        return token

    def verify_key(self, token: str) -> Key | None:
        """The valid key ``token`` is, or ``None``.

        Parameters
        ----------
        token
            What the client presented (``cor_...``).

        Returns
        -------
        Key or None
            The key, ``None`` for a malformed, unknown or revoked one.
        """
        if not isinstance(token, str) or KEY_PATTERN.fullmatch(token) is None:
            return None
        query = select(KeyRow).where(KeyRow.lookup == lookup_of(token), KeyRow.revoked.is_(None))
        with self._transaction() as session:
            rows = session.scalars(query).all()
        found = None
        for row in rows:  # every candidate is compared, in constant time
            if same_hash(token, row.hash):
                found = row
        return None if found is None else key_of(found)

    def list_keys(self) -> list[Key]:
        """Every key, valid and revoked, by name.

        Returns
        -------
        list of Key
            The keys (names and prefixes only).
        """
        with self._transaction() as session:
            rows = session.scalars(select(KeyRow).order_by(KeyRow.name)).all()
        return [key_of(row) for row in rows]

    def revoke_key(self, name: str) -> bool:
        """Revoke the key ``name``: it is refused from now on.

        Parameters
        ----------
        name
            The key's name.

        Returns
        -------
        bool
            ``True`` when a valid key was revoked, ``False`` when there was none.
        """
        if not isinstance(name, str) or NAME_PATTERN.fullmatch(name) is None:
            return False
        with self._transaction() as session:
            done = session.execute(
                update(KeyRow)
                .where(KeyRow.name == name, KeyRow.revoked.is_(None))
                .values(revoked=utc_now())
            )
        return cast("int", getattr(done, "rowcount", 0)) == 1

    def count(self, what: str) -> int:
        """How many rows a table has (``"runs"``, ``"jobs"``, ``"documents"``, ``"keys"``).

        Parameters
        ----------
        what
            The table.

        Returns
        -------
        int
            The number of rows.

        Raises
        ------
        StoreError
            For an unknown table.
        """
        tables: dict[str, Any] = {
            "runs": RunRow,
            "jobs": JobRow,
            "results": ResultRow,
            "documents": DocumentRow,
            "keys": KeyRow,
        }
        if what not in tables:
            raise StoreError(f"unknown table {what!r}; fix: use one of {', '.join(tables)}")
        with self._transaction() as session:
            return int(session.scalar(select(func.count()).select_from(tables[what])) or 0)


def _taken(kind: str, name: str) -> OwnershipError:
    return OwnershipError(
        f"the {kind} name {name!r} is taken by another key; fix: choose another name"
    )


def _document_kind(kind: str) -> None:
    if kind not in DOCUMENT_KINDS:
        raise StoreError(
            f"unknown document kind {kind!r}; fix: use one of {', '.join(DOCUMENT_KINDS)}"
        )
