"""What the application holds while it runs: the store and the job pool (set by the lifespan)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from corridor.exceptions import CorridorError

if TYPE_CHECKING:
    from fastapi import Request

    from corridor.api.workers import JobPool
    from corridor.store import Store

__all__ = ["ServiceUnavailableError", "pool_of", "store_of"]


class ServiceUnavailableError(CorridorError):
    """The store or the job pool is not open (the server starts or stops; HTTP 503)."""


def store_of(request: Request) -> Store:
    """The application's open store.

    Parameters
    ----------
    request
        The request.

    Returns
    -------
    Store
        The store.

    Raises
    ------
    ServiceUnavailableError
        Before the application has started (or after it stopped).
    """
    store: Store | None = getattr(request.app.state, "store", None)
    if store is None:
        raise ServiceUnavailableError(
            f"{request.url.path}: the run store is not open (the server is starting or "
            "stopping); fix: retry in a moment"
        )
    return store


def pool_of(request: Request) -> JobPool:
    """The application's job pool.

    Parameters
    ----------
    request
        The request.

    Returns
    -------
    JobPool
        The pool.

    Raises
    ------
    ServiceUnavailableError
        Before the application has started (or after it stopped).
    """
    pool: JobPool | None = getattr(request.app.state, "pool", None)
    if pool is None or pool.closed:
        raise ServiceUnavailableError(
            f"{request.url.path}: the job workers are not running (the server is starting "
            "or stopping); fix: retry in a moment"
        )
    return pool
