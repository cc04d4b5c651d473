"""Checks and conversions of the values the store writes: JSON, names, pages, times.

Both databases must store the same things the same way: NaN and infinities become
``null`` (JSON has neither), and text PostgreSQL refuses (NUL, lone surrogates) is refused
on SQLite too.
"""

from __future__ import annotations

import json
import math
import os
import re
import socket
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

from corridor.store.errors import StoreError
from corridor.store.records import check_name

__all__ = ["MAX_DOCUMENT_CHARS", "MAX_LIMIT", "MAX_MESSAGE_CHARS"]

MAX_LIMIT = 1000
"""The most rows one list call returns."""

MAX_DOCUMENT_CHARS = 64 * 1024 * 1024
"""The longest document text the store accepts (callers set tighter upload limits)."""

MAX_MESSAGE_CHARS = 2000
"""Progress messages and errors are cut to this length."""

ID_PATTERN = re.compile(r"[0-9a-f]{32}")
KIND_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{0,63}")


def utc_now() -> datetime:
    """The time now, in UTC."""
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """SQLite gives naive datetimes back: they were written in UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def storable(text: str, what: str) -> str:
    """``text`` when both databases can store it: no NUL, no lone surrogate."""
    if "\x00" in text:
        raise StoreError(f"the {what} contains a NUL character; fix: remove it")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise StoreError(
            f"the {what} is not valid Unicode ({exc.reason}); fix: send UTF-8 text"
        ) from exc
    return text


def plain(value: object, what: str) -> object:
    """``value`` with NaN and infinities as ``None``, every string checked (:func:`_storable`).

    JSON has neither NaN nor infinities, and PostgreSQL refuses them.
    """
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        return storable(value, what)
    if isinstance(value, Mapping):
        return {
            storable(k, what) if isinstance(k, str) else k: plain(v, what) for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [plain(v, what) for v in value]
    return value


def json_copy(value: Mapping[str, object], what: str) -> dict[str, object]:
    """A plain JSON copy of ``value`` (what the database gives back), or a StoreError."""
    if not isinstance(value, Mapping):
        raise StoreError(f"the {what} must be a mapping of JSON values, not {type(value).__name__}")
    try:
        data = json.loads(json.dumps(plain(value, what), allow_nan=False, ensure_ascii=False))
    except (TypeError, ValueError, RecursionError) as exc:
        raise StoreError(
            f"the {what} is not JSON: {exc}; fix: pass only str, int, float, bool, None, "
            "lists and mappings with str keys"
        ) from exc
    return cast("dict[str, object]", data)


def one_line(text: object) -> str:
    """A progress message or error as both databases store it (NULs and lone surrogates out)."""
    cleaned = str(text).replace("\x00", "")
    return cleaned.encode("utf-8", "replace").decode("utf-8")[:MAX_MESSAGE_CHARS]


def check_kind(kind: str) -> str:
    """``kind`` when it is a valid run or job kind, else a :class:`StoreError`."""
    if not isinstance(kind, str) or KIND_PATTERN.fullmatch(kind) is None:
        raise StoreError(
            f"invalid kind {kind!r}: it must start with a letter and have at most 64 "
            "characters from A-Z a-z 0-9 . _ -; fix: use a command name such as 'compare'"
        )
    return kind


def check_owner(owner: str | None) -> str | None:
    """``owner`` when it is ``None`` or a valid key name, else a :class:`StoreError`."""
    return None if owner is None else check_name(owner, what="owner")


def check_page(limit: int, offset: int) -> tuple[int, int]:
    """``(limit, offset)`` when both are in range, else a :class:`StoreError`."""
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise StoreError(f"limit={limit!r} is out of range; fix: ask for 1 to {MAX_LIMIT} rows")
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise StoreError(f"offset={offset!r} is negative; fix: start at 0 or above")
    return limit, offset


def worker_id() -> str:
    """The id jobs record for this process: ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"[:255]


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this machine (a zombie counts as dead)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    status = Path(f"/proc/{pid}/status")
    try:
        for line in status.read_text().splitlines():
            if line.startswith("State:"):
                return "Z" not in line.split()[1:2]
    except OSError:
        pass
    return True
