"""The application factory behind :func:`corridor.api.create_app`."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.concurrency import run_in_threadpool
from starlette.middleware.gzip import GZipMiddleware

from corridor.api.cache import ResponseCache
from corridor.api.errors import install_handlers
from corridor.api.middleware import ReadOnlyGate, SizeLimit
from corridor.api.networks import NetworkCache
from corridor.api.routers import health, jobs, networks, places, routing, scenarios, simulation
from corridor.api.routers import map as web_map
from corridor.api.settings import Settings

__all__ = ["GZIP_LEVEL", "GZIP_MINIMUM", "build_app"]

#: Answers of this many bytes or more are gzip-compressed for clients that accept it.
GZIP_MINIMUM = 1000
#: zlib level of those answers (6: zlib's default; 9 costs twice the CPU for 2 % less).
GZIP_LEVEL = 6

_log = logging.getLogger("corridor.api")


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Load the embedded network, open the store, fail dead jobs; at the end stop the workers."""
    from corridor.api.workers import JobPool  # noqa: PLC0415
    from corridor.data import eurasia  # noqa: PLC0415
    from corridor.store import Store  # noqa: PLC0415

    settings: Settings = app.state.settings
    eurasia()
    # a server searches for its whole life: pay scipy's graph import now, not in the
    # request after the short-process searches (routing.shortest) have run out
    import scipy.sparse.csgraph  # noqa: F401, PLC0415

    store = await run_in_threadpool(Store.open, settings.database_url)
    failed = await run_in_threadpool(store.fail_interrupted)
    if failed:
        _log.warning("%d job(s) of a stopped server marked failed", failed)
    pool = JobPool(
        store,
        settings.database_url,
        settings.workers,
        settings.dask_scheduler,
        nice=settings.job_nice,
    )
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
    # plain ASGI middleware, the last added outermost: CORS, size, key gate, cache
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM, compresslevel=GZIP_LEVEL)
    app.add_middleware(ResponseCache, size=settings.response_cache)
    app.add_middleware(ReadOnlyGate, open_=settings.read_only_open)
    app.add_middleware(
        SizeLimit, limit=settings.max_request_bytes, upload_limit=settings.max_upload_bytes
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["*"],
            expose_headers=["Location", "Corridor-Notes"],
        )
    return app
