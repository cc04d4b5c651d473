"""Errors as RFC 9457 ``application/problem+json``: one table from exception to status."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from corridor.api.auth import AuthenticationError, ForbiddenError
from corridor.api.documents import InvalidUploadError, ReservedNameError
from corridor.api.jobspec import InvalidJobError
from corridor.api.routers.jobs import JobNotFinishedError
from corridor.api.state import ServiceUnavailableError
from corridor.api.uploads import MalformedUploadError
from corridor.cli._flags import as_flags
from corridor.exceptions import (
    CorridorError,
    MissingOptionalDependencyError,
    NetworkFormatError,
    NetworkValidationError,
    NoRouteError,
    UnknownIdError,
    UnknownPlaceError,
)
from corridor.store.errors import NotFoundError, OwnershipError, StateError

__all__ = ["PROBLEM_JSON", "STATUS", "install_handlers", "problem"]

PROBLEM_JSON = "application/problem+json"
_TYPE_BASE = "urn:corridor:problem:"  # the types are listed in docs/api-server.md

#: HTTP status of each error class, most specific first (the first match wins).
STATUS: tuple[tuple[type[CorridorError], int], ...] = (
    (AuthenticationError, 401),
    (ForbiddenError, 403),
    (OwnershipError, 403),
    (NotFoundError, 404),
    (JobNotFinishedError, 409),
    (StateError, 409),
    (ReservedNameError, 409),
    (InvalidJobError, 422),
    (InvalidUploadError, 422),
    (MalformedUploadError, 400),
    (ServiceUnavailableError, 503),
    (UnknownPlaceError, 404),
    (UnknownIdError, 404),
    (NoRouteError, 422),
    (NetworkValidationError, 422),
    (NetworkFormatError, 422),
    (MissingOptionalDependencyError, 501),
    (CorridorError, 400),
)


_TITLES: dict[type[CorridorError], str] = {
    AuthenticationError: "API key needed",
    ForbiddenError: "Forbidden",
    OwnershipError: "Forbidden",
    NotFoundError: "Not found",
    JobNotFinishedError: "Job not finished",
    StateError: "Conflict",
    ReservedNameError: "Name reserved",
    InvalidJobError: "Invalid job parameters",
    InvalidUploadError: "Invalid upload",
    MalformedUploadError: "Malformed upload",
    ServiceUnavailableError: "Service unavailable",
    UnknownPlaceError: "Unknown place",
    UnknownIdError: "Unknown id",
    NoRouteError: "No route",
    NetworkValidationError: "Invalid network",
    NetworkFormatError: "Unreadable network",
    MissingOptionalDependencyError: "Missing optional dependency",
}


def _slug(exc_type: type[BaseException]) -> str:
    if exc_type is CorridorError:
        return "invalid-request"
    name = exc_type.__name__.removesuffix("Error")
    return "".join(f"-{c.lower()}" if c.isupper() else c for c in name).lstrip("-")


def problem(
    status: int,
    detail: str,
    *,
    instance: str,
    kind: str | None = None,
    title: str | None = None,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """An ``application/problem+json`` response (RFC 9457).

    Parameters
    ----------
    status
        The HTTP status.
    detail
        The one-line message: what, where, what to do.
    instance
        The request path (and query) that failed.
    kind
        Last part of the ``type`` URI (default: from the status phrase).
    title
        Short summary (default: the status phrase).
    extra
        Extension members (``suggestions``, ``errors``).
    headers
        Extra response headers.

    Returns
    -------
    fastapi.responses.JSONResponse
        The response.
    """
    phrase = HTTPStatus(status).phrase
    detail = detail.replace("\r", "\\r").replace("\n", "\\n")  # one line, whatever was sent
    body: dict[str, Any] = {
        "type": _TYPE_BASE + (kind or phrase.lower().replace(" ", "-")),
        "title": title or phrase,
        "status": status,
        "detail": detail,
        "instance": instance,
        **(extra or {}),
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _instance(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def _status(exc: CorridorError) -> int:
    return next(code for cls, code in STATUS if isinstance(exc, cls))


async def _corridor_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, CorridorError)  # noqa: S101 - registered for CorridorError only
    extra: dict[str, Any] = {}
    problems = getattr(exc, "problems", None)
    if isinstance(exc, NetworkValidationError):
        lines = [str(i) for i in exc.issues if i.severity == "error"]
        extra["errors"] = lines
        detail = (
            lines[0]
            if len(lines) == 1
            else f"{len(lines)} problems in the network, the first: {lines[0]}"
            if lines
            else str(exc).splitlines()[0]
        )
    elif isinstance(problems, tuple) and problems:
        extra["errors"] = [str(p) for p in problems]
        if len(problems) == 1:
            detail = str(problems[0])
        elif isinstance(exc, InvalidJobError | InvalidUploadError):
            detail = str(exc)
        else:
            detail = f"{len(problems)} problems"
    else:
        detail = as_flags(str(exc))
    suggestions = getattr(exc, "suggestions", None)
    if isinstance(suggestions, list):
        extra["suggestions"] = suggestions
    return problem(
        _status(exc),
        detail,
        instance=_instance(request),
        kind=_slug(type(exc)),
        title=next((t for c, t in _TITLES.items() if isinstance(exc, c)), "Invalid request"),
        extra=extra,
        headers={"WWW-Authenticate": "Bearer"} if isinstance(exc, AuthenticationError) else None,
    )


def _location(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc]
    return ".".join(parts[1:] if parts and parts[0] in ("query", "path", "body") else parts)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)  # noqa: S101 - registered for it only
    errors = [
        {
            "parameter": _location(tuple(e.get("loc", ()))),
            "message": str(e.get("msg", "")),
            "input": e.get("input") if isinstance(e.get("input"), str | int | float) else None,
        }
        for e in exc.errors()
    ]
    first = errors[0] if errors else {"parameter": "?", "message": "invalid", "input": None}
    given = f"={first['input']!r}" if first["input"] is not None else ""
    detail = f"{first['parameter']}{given}: {first['message']}; fix: see /docs for the parameter"
    return problem(
        422,
        detail,
        instance=_instance(request),
        kind="validation",
        title="Invalid request parameter",
        extra={"errors": errors},
    )


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)  # noqa: S101 - registered for it only
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    if exc.status_code == HTTPStatus.NOT_FOUND and detail == "Not Found":
        detail = f"{request.url.path}: no such endpoint; fix: see /docs for the endpoints"
    elif exc.status_code == HTTPStatus.METHOD_NOT_ALLOWED:
        detail = f"{request.method} {request.url.path}: not allowed; fix: use GET"
    return problem(
        exc.status_code,
        detail,
        instance=_instance(request),
        headers=dict(exc.headers) if exc.headers else None,
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    del exc  # logged by the server; not shown to the client
    return problem(
        500,
        f"{request.url.path}: an unexpected error on the server; fix: report it with the "
        "request (instance)",
        instance=_instance(request),
        kind="internal",
    )


def install_handlers(app: FastAPI) -> None:
    """Register the problem+json handlers on ``app``.

    Parameters
    ----------
    app
        The application.
    """
    app.add_exception_handler(CorridorError, _corridor_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
