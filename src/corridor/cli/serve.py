"""``corridor serve``: run the REST API with uvicorn."""

from __future__ import annotations

import copy
import errno
import socket
from typing import Annotated, Any

import typer

from corridor.cli._common import check_number, handle_errors, out
from corridor.exceptions import CorridorError

__all__ = ["MAX_HTTP_WORKERS", "MAX_WORKERS", "log_config", "serve_command"]

#: The most job worker processes ``--workers`` accepts.
MAX_WORKERS = 64
#: The most HTTP processes ``--http-workers`` accepts.
MAX_HTTP_WORKERS = 32


def log_config(*, access_log: bool) -> dict[str, Any]:
    """The logging set-up of uvicorn: warnings only, plus one line per request if asked.

    Parameters
    ----------
    access_log
        Whether every request is logged (``--access-log``).

    Returns
    -------
    dict
        A :func:`logging.config.dictConfig` dictionary.
    """
    from uvicorn.config import LOGGING_CONFIG  # noqa: PLC0415

    config = copy.deepcopy(LOGGING_CONFIG)
    for name in ("uvicorn", "uvicorn.error"):
        config["loggers"][name]["level"] = "WARNING"
    config["loggers"]["uvicorn.access"]["level"] = "INFO" if access_log else "WARNING"
    return config


def _check_port(host: str, port: int) -> None:
    """Refuse a port that another program already listens on, before starting uvicorn."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise CorridorError(
            f"--host {host}: not an address of this machine ({exc.strerror}); fix: use "
            "127.0.0.1 or 0.0.0.0"
        ) from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise CorridorError(
                    f"--port {port}: already in use on {host}; fix: stop the other server "
                    "or choose another port, e.g. --port 8001"
                ) from None
            raise CorridorError(
                f"--host {host} --port {port}: cannot listen there ({exc.strerror}); fix: "
                "choose another host or a port above 1023"
            ) from None


@handle_errors
def serve_command(
    host: Annotated[
        str | None,
        typer.Option("--host", help="Interface to listen on (default 127.0.0.1; CORRIDOR_HOST)."),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option("--port", help="TCP port (default 8000; CORRIDOR_PORT)."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            help="Job worker processes, 1 to 64 (default 1; CORRIDOR_WORKERS): assignments, "
            "sweeps and appraisals run there.",
            show_default=False,
        ),
    ] = None,
    http_workers: Annotated[
        int,
        typer.Option(
            "--http-workers",
            help="HTTP server processes, 1 to 32, sharing the port and the store (each with "
            "its own job workers and answer cache).",
        ),
    ] = 1,
    access_log: Annotated[
        bool,
        typer.Option("--access-log", help="Log one line per request (off: faster under load)."),
    ] = False,
) -> None:
    r"""Serve the REST API (FastAPI + uvicorn): /v1 endpoints, OpenAPI at /docs.

    Needs the api extra: pip install 'corridor\[api]'. Other settings come from
    CORRIDOR_* variables (store, CORS, size limits, Dask; see docs/api-server.md).

    Ctrl+C stops it: queued jobs fail, running ones get CORRIDOR_SHUTDOWN_GRACE s.

    Example: [bold]corridor serve --port 8000[/bold], then [bold]curl
    'localhost:8000/v1/compare?origin=Xi%27an&destination=Duisburg'[/bold]
    """
    import os  # noqa: PLC0415

    from corridor._dependencies import import_optional  # noqa: PLC0415
    from corridor.api.settings import MAX_PORT, Settings  # noqa: PLC0415

    check_number("--port", port, low=1, high=MAX_PORT)
    check_number("--workers", workers, low=1, high=MAX_WORKERS)
    check_number("--http-workers", http_workers, low=1, high=MAX_HTTP_WORKERS)
    import_optional("fastapi", extra="api")
    uvicorn = import_optional("uvicorn", extra="api")
    base = Settings.from_env()
    host = base.host if host is None else host
    port = base.port if port is None else port
    workers = base.workers if workers is None else workers
    Settings(host=host, port=port, workers=workers)  # the same checks as the variables
    _check_port(host, port)
    _prepare_store(base.database_url)
    os.environ["CORRIDOR_HOST"] = host  # the app is built from the environment
    os.environ["CORRIDOR_PORT"] = str(port)
    os.environ["CORRIDOR_WORKERS"] = str(workers)
    shown = f"[{host}]" if ":" in host else host
    processes = f"; {http_workers} HTTP processes" if http_workers > 1 else ""
    out.print(
        f"corridor API listening on http://{shown}:{port} (docs: http://{shown}:{port}/docs"
        f"{processes}; Ctrl+C stops it)",
        markup=False,
    )
    uvicorn.run(
        "corridor.api:create_app",
        factory=True,
        host=host,
        port=port,
        workers=http_workers,
        log_config=log_config(access_log=access_log),
        access_log=access_log,
    )


def _prepare_store(url: str | None) -> None:
    """Open the store once, migrations applied, before the HTTP processes open it together."""
    from corridor.store import Store  # noqa: PLC0415

    Store.open(url).close()
