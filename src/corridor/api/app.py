"""The application factory behind :func:`corridor.api.create_app`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import Response

from corridor.api.errors import install_handlers, problem
from corridor.api.networks import NetworkCache
from corridor.api.routers import health, places, routing, scenarios, simulation
from corridor.api.settings import Settings

__all__ = ["build_app"]


def _size_limit(
    limit: int,
) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    async def middleware(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        declared = request.headers.get("content-length", "")
        size = int(declared) if declared.isdigit() else 0
        if size <= limit and request.method not in ("GET", "HEAD", "OPTIONS"):
            size = len(await request.body())
        size = max(size, len(str(request.url)))
        if size > limit:
            return problem(
                413,
                f"request of {size:,} bytes: more than the {limit:,} allowed; fix: send less "
                "(CORRIDOR_MAX_REQUEST_BYTES on the server)",
                instance=request.url.path,
                kind="content-too-large",
                title="Content Too Large",
            )
        return await call_next(request)

    return middleware


def _read_only_gate(
    open_: bool,
) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    async def middleware(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        path = request.url.path
        if not open_ and path.startswith("/v1/") and path != "/v1/health":
            return problem(
                401,
                f"{path}: this server does not answer without an API key; fix: ask its "
                "operator (CORRIDOR_READ_ONLY_OPEN=true opens the read-only endpoints)",
                instance=path,
            )
        return await call_next(request)

    return middleware


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Load the embedded network before the first request (once per process)."""
    from corridor.data import eurasia  # noqa: PLC0415

    del app
    eurasia()
    yield


def build_app(settings: Settings) -> FastAPI:
    """The FastAPI application for ``settings`` (see :func:`corridor.api.create_app`).

    Parameters
    ----------
    settings
        Server settings.

    Returns
    -------
    fastapi.FastAPI
        The application.
    """
    from corridor import __version__  # noqa: PLC0415

    app = FastAPI(
        title="corridor",
        version=__version__,
        description="The Belt and Road freight corridors between China and Europe as one "
        "multimodal network: places, corridor comparison, routes, reliability and landed "
        "cost. Errors are application/problem+json (RFC 9457).",
        docs_url="/docs",
        openapi_url="/openapi.json",
        redoc_url=None,
        lifespan=_lifespan,
    )
    app.state.settings = settings
    app.state.networks = NetworkCache(settings.scenario_cache)
    install_handlers(app)
    for module in (health, places, routing, simulation, scenarios):
        app.include_router(module.router, prefix="/v1")
    app.middleware("http")(_read_only_gate(settings.read_only_open))
    app.middleware("http")(_size_limit(settings.max_request_bytes))
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET"],
            allow_headers=["*"],
        )
    return app
