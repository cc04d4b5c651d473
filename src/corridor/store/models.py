"""The tables of the store (SQLAlchemy 2 declarative mapping); private to the store.

Changing a table here needs a new migration in ``corridor/store/migrations/versions``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = ["Base", "DocumentRow", "JobRow", "JsonType", "KeyRow", "ResultRow", "RunRow"]

JsonType = JSON()
"""JSON on SQLite and PostgreSQL (``json``, not ``jsonb``: it keeps the text as written, so
``5.9e16`` comes back a float, not the integer ``jsonb``'s numeric would give)."""

UtcDateTime = DateTime(timezone=True)
"""Times are written in UTC; SQLite gives them back naive, the store makes them aware."""


class Base(DeclarativeBase):
    """The declarative base of the store's tables."""


class RunRow(Base):
    """A saved run."""

    __tablename__ = "runs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    owner: Mapped[str | None] = mapped_column(String(64))
    request: Mapped[object] = mapped_column(JsonType)
    result: Mapped[object] = mapped_column(JsonType)
    created: Mapped[datetime] = mapped_column(UtcDateTime)
    updated: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (Index("ix_runs_created", "created"), Index("ix_runs_kind", "kind"))


class JobRow(Base):
    """A job: state and progress."""

    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))
    owner: Mapped[str | None] = mapped_column(String(64))
    request: Mapped[object] = mapped_column(JsonType)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str] = mapped_column(Text, default="")
    error: Mapped[str] = mapped_column(Text, default="")
    worker: Mapped[str] = mapped_column(String(255), default="")
    created: Mapped[datetime] = mapped_column(UtcDateTime)
    updated: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        Index("ix_jobs_created", "created"),
        Index("ix_jobs_state", "state"),
        Index("ix_jobs_owner", "owner"),
    )


class ResultRow(Base):
    """The result of a succeeded job, written in the transaction that marks it succeeded."""

    __tablename__ = "job_results"

    job_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True
    )
    result: Mapped[object] = mapped_column(JsonType)
    created: Mapped[datetime] = mapped_column(UtcDateTime)


class DocumentRow(Base):
    """An uploaded network or scenario file."""

    __tablename__ = "documents"

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    owner: Mapped[str | None] = mapped_column(String(64))
    private: Mapped[bool] = mapped_column(Boolean, default=False)
    text: Mapped[str] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column(UtcDateTime)
    updated: Mapped[datetime] = mapped_column(UtcDateTime)


class KeyRow(Base):
    """An API key: its name, the clear lookup prefix and the hash of the whole key."""

    __tablename__ = "api_keys"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    lookup: Mapped[str] = mapped_column(String(16), index=True)
    hash: Mapped[str] = mapped_column(String(64))
    created: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked: Mapped[datetime | None] = mapped_column(UtcDateTime)
