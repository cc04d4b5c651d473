"""The application factory behind :func:`corridor.api.create_app`."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from corridor.api.cache import response_cache
from corridor.api.errors import install_handlers, problem
from corridor.api.networks import NetworkCache
from corridor.api.routers import health, jobs, networks, places, routing, scenarios, simulation
from corridor.api.routers import map as web_map
from corridor.api.settings import Settings
from corridor.exceptions import CorridorError

__all__ = ["build_app"]

_log = logging.getLogger("corridor.api")


_UPLOADS = ("/v1/networks", "/v1/scenarios")


def _size_limit(
    limit: int, upload_limit: int
) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    async def middleware(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        upload = request.method == "POST" and request.url.path.rstrip("/") in _UPLOADS
        allowed = upload_limit if upload else limit
        declared = request.headers.get("content-length", "")
        size = int(declared) if declared.isdigit() else 0
        if size <= allowed and request.method not in ("GET", "HEAD", "OPTIONS"):
            size = len(await request.body())
        size = max(size, len(str(request.url)))
        if size > allowed:
            setting = "CORRIDOR_MAX_UPLOAD_BYTES" if upload else "CORRIDOR_MAX_REQUEST_BYTES"
            return problem(
                413,
                f"request of {size:,} bytes: more than the {allowed:,} allowed; fix: send less "
                f"({setting} on the server)",
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
        from corridor.api.auth import authenticate, token_of  # noqa: PLC0415

        path = request.url.path
        if open_ or not path.startswith("/v1/") or path == "/v1/health":
            return await call_next(request)
        store = getattr(request.app.state, "store", None)
        token = token_of(request.headers)
        if store is not None and token is not None:
            try:
                await run_in_threadpool(authenticate, store, token, f"{request.method} {path}")
            except CorridorError:
                pass
            else:
                return await call_next(request)
        return problem(
            401,
            f"{path}: this server does not answer without an API key; fix: send "
            "'Authorization: Bearer cor_...' (a valid key) or ask its operator "
            "(CORRIDOR_READ_ONLY_OPEN=true opens the read-only endpoints)",
            instance=path,
            headers={"WWW-Authenticate": "Bearer"},
        )

    return middleware


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Load the embedded network, open the store, fail dead jobs; at the end stop the workers."""
    from corridor.api.workers import JobPool  # noqa: PLC0415
    from corridor.data import eurasia  # noqa: PLC0415
    from corridor.store import Store  # noqa: PLC0415

    settings: Settings = app.state.settings
    eurasia()
    store = await run_in_threadpool(Store.open, settings.database_url)
    failed = await run_in_threadpool(store.fail_interrupted)
    if failed:
        _log.warning("%d job(s) of a stopped server marked failed", failed)
    pool = JobPool(store, settings.database_url, settings.workers, settings.dask_scheduler)
    if settings.prestart_workers:
        pool.start()
    app.state.store, app.state.pool = store, pool
    try:
        yield
    finally:
        await run_in_threadpool(pool.shutdown, settings.shutdown_grace)
        app.state.pool = app.state.store = None
        store.close()


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
        "cost; uploaded networks and scenarios; assignments, sweeps and appraisals as "
        "jobs. Writes need an API key (Authorization: Bearer cor_...). Errors are "
        "application/problem+json (RFC 9457).",
        docs_url="/docs",
        openapi_url="/openapi.json",
        redoc_url=None,
        lifespan=_lifespan,
    )
    app.state.settings = settings
    app.state.networks = NetworkCache(settings.scenario_cache)
    install_handlers(app)
    app.state.store = app.state.pool = None
    for module in (health, places, routing, simulation, scenarios, networks, jobs):
        app.include_router(module.router, prefix="/v1")
    app.include_router(web_map.router, prefix="/v1")
    web_map.mount_web(app)
    app.middleware("http")(response_cache(settings.response_cache))  # inside the gates
    app.middleware("http")(_read_only_gate(settings.read_only_open))
    app.middleware("http")(_size_limit(settings.max_request_bytes, settings.max_upload_bytes))
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["*"],
            expose_headers=["Location", "Corridor-Notes"],
        )
    return app
