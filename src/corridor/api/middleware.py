"""The request gates as plain ASGI middleware: size limits and the closed read-only mode.

They used to be ``@app.middleware("http")`` functions; Starlette runs each of those in a
task group with memory streams between them, which cost about 0.4 ms of CPU per layer and
request, more than answering a cached question. Plain ASGI classes cost a few microseconds.

:class:`SizeLimit` answers 413 from the declared ``Content-Length`` without reading the
body; a body without one (chunked) is read only up to the limit. The body read is passed on
unchanged to the application.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from corridor.exceptions import CorridorError

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["UPLOAD_PATHS", "ReadOnlyGate", "SizeLimit", "header"]

#: The paths whose POST bodies are uploads (the larger limit).
UPLOAD_PATHS: Final = frozenset({"/v1/networks", "/v1/scenarios"})
_NO_BODY: Final = frozenset({"GET", "HEAD", "OPTIONS"})


def header(scope: Scope, name: bytes) -> str:
    """The first value of header ``name`` (lower case) of an HTTP scope, ``""`` if none.

    Parameters
    ----------
    scope
        The ASGI scope.
    name
        The header name, lower case (ASGI servers send them so).

    Returns
    -------
    str
        The value, decoded as Latin-1.
    """
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value).decode("latin-1")
    return ""


def _url_length(scope: Scope) -> int:
    """The length of the request's URL as Starlette writes it (scheme, host, path, query)."""
    host = header(scope, b"host") or "{}:{}".format(*(scope.get("server") or ("", "")))
    query = scope.get("query_string", b"")
    path = scope.get("root_path", "") + scope["path"]
    return (
        len(scope.get("scheme", "http"))
        + 3
        + len(host)
        + len(path)
        + (len(query) + 1 if query else 0)
    )


class SizeLimit:
    """Refuse requests larger than the server allows (413, problem+json).

    Parameters
    ----------
    app
        The application inside.
    limit
        Largest request in bytes (the URL counts too): ``CORRIDOR_MAX_REQUEST_BYTES``.
    upload_limit
        Largest upload (``POST /v1/networks``, ``POST /v1/scenarios``):
        ``CORRIDOR_MAX_UPLOAD_BYTES``.
    """

    def __init__(self, app: ASGIApp, limit: int, upload_limit: int) -> None:
        self.app = app
        self.limit = limit
        self.upload_limit = upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, or answer 413."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        upload = method == "POST" and scope["path"].rstrip("/") in UPLOAD_PATHS
        allowed = self.upload_limit if upload else self.limit
        declared = header(scope, b"content-length").strip()
        size = int(declared) if declared.isdigit() else 0
        whole = True
        if size <= allowed and method not in _NO_BODY:
            chunks: list[bytes] = []
            read = 0
            more = True
            while more:
                message = await receive()
                if message["type"] != "http.request":  # the client went away: no answer
                    return
                chunk = message.get("body", b"")
                read += len(chunk)
                chunks.append(chunk)
                more = message.get("more_body", False)
                if read > allowed:
                    whole = not more
                    break
            size = read
            receive = _replay(b"".join(chunks), receive)
        size = max(size, _url_length(scope))
        if size > allowed:
            await self._refuse(scope, receive, send, size, allowed, upload=upload, whole=whole)
            return
        await self.app(scope, receive, send)

    @staticmethod
    async def _refuse(
        scope: Scope,
        receive: Receive,
        send: Send,
        size: int,
        allowed: int,
        *,
        upload: bool,
        whole: bool,
    ) -> None:
        from corridor.api.errors import problem  # noqa: PLC0415

        setting = "CORRIDOR_MAX_UPLOAD_BYTES" if upload else "CORRIDOR_MAX_REQUEST_BYTES"
        detail = (
            f"request of {size:,} bytes: more than the {allowed:,} allowed"
            if whole
            else f"request body over the {allowed:,} bytes allowed (reading stopped at {size:,})"
        )
        response = problem(
            413,
            f"{detail}; fix: send less ({setting} on the server)",
            instance=scope["path"],
            kind="content-too-large",
            title="Content Too Large",
            headers=None if whole else {"Connection": "close"},
        )
        await response(scope, receive, send)


def _replay(body: bytes, then: Receive) -> Receive:
    """A ``receive`` that gives the body already read as one message, then asks ``then``."""
    pending: list[Message] = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> Message:
        if pending:
            return pending.pop()
        return await then()

    return receive


class ReadOnlyGate:
    """With ``CORRIDOR_READ_ONLY_OPEN=false``, answer 401 to ``/v1`` requests without a key.

    ``/v1/health`` stays open. With the setting true (the default) it passes everything on.

    Parameters
    ----------
    app
        The application inside.
    open_
        Whether read-only endpoints answer without a key.
    """

    def __init__(self, app: ASGIApp, *, open_: bool) -> None:
        self.app = app
        self.open = open_

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, or answer 401."""
        if self.open or scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if not path.startswith("/v1/") or path == "/v1/health":
            await self.app(scope, receive, send)
            return
        from starlette.concurrency import run_in_threadpool  # noqa: PLC0415
        from starlette.datastructures import Headers  # noqa: PLC0415

        from corridor.api.auth import authenticate, token_of  # noqa: PLC0415
        from corridor.api.errors import problem  # noqa: PLC0415

        app = scope.get("app")
        store = getattr(getattr(app, "state", None), "store", None)
        token = token_of(Headers(scope=scope))
        if store is not None and token is not None:
            try:
                await run_in_threadpool(authenticate, store, token, f"{scope['method']} {path}")
            except CorridorError:
                pass
            else:
                await self.app(scope, receive, send)
                return
        response = problem(
            401,
            f"{path}: this server does not answer without an API key; fix: send "
            "'Authorization: Bearer cor_...' (a valid key) or ask its operator "
            "(CORRIDOR_READ_ONLY_OPEN=true opens the read-only endpoints)",
            instance=path,
            headers={"WWW-Authenticate": "Bearer"},
        )
        await response(scope, receive, send)
