"""Server settings, read from ``CORRIDOR_*`` environment variables (no FastAPI import)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from corridor.exceptions import InvalidArgumentError

__all__ = ["MAX_GRACE_SECONDS", "MAX_JOB_WORKERS", "MAX_NICE", "MAX_PORT", "Settings"]

#: The highest TCP port.
MAX_PORT = 65535
#: The most job worker processes.
MAX_JOB_WORKERS = 64
#: The largest priority drop of job workers (POSIX nice).
MAX_NICE = 19
#: The longest wait for running jobs at shutdown.
MAX_GRACE_SECONDS = 3600.0
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    text = env.get(name)
    if text is None or not text.strip():
        return default
    try:
        value = int(text.strip())
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise InvalidArgumentError(
            f"{name}={text!r}: not a whole number from {low} to {high:,}; fix: set it to one, "
            "or unset it",
            parameter=name,
        )
    return value


def _bool(env: Mapping[str, str], name: str, *, default: bool) -> bool:
    text = env.get(name)
    if text is None or not text.strip():
        return default
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise InvalidArgumentError(
        f"{name}={text!r}: not a yes/no value; fix: set it to true or false", parameter=name
    )


@dataclass(frozen=True, slots=True)
class Settings:
    """Settings of the corridor API server.

    Parameters
    ----------
    host
        Interface to listen on (``CORRIDOR_HOST``).
    port
        TCP port (``CORRIDOR_PORT``), 1 to 65535.
    cors_origins
        Origins allowed to call the API from a browser (``CORRIDOR_CORS_ORIGINS``, a comma
        list; ``*`` for any); none by default.
    max_request_bytes
        Largest request accepted, headers excluded (``CORRIDOR_MAX_REQUEST_BYTES``); larger
        ones get 413.
    read_only_open
        Whether the read-only endpoints answer without an API key
        (``CORRIDOR_READ_ONLY_OPEN``); when false they answer 401 without a valid key.
    scenario_cache
        How many networks with scenarios applied are kept (``CORRIDOR_SCENARIO_CACHE``).
    database_url
        SQLAlchemy URL of the store (``CORRIDOR_DATABASE_URL``); ``None``: the SQLite file
        in the data directory (``CORRIDOR_DATA_DIR``, see docs/store.md).
    workers
        Job worker processes (``CORRIDOR_WORKERS``), 1 to 64.
    dask_scheduler
        Dask scheduler address that sweep jobs run on (``CORRIDOR_DASK_SCHEDULER``,
        ``tcp://host:8786``); ``None``: in the worker processes.
    max_upload_bytes
        Largest uploaded network or scenario file (``CORRIDOR_MAX_UPLOAD_BYTES``); larger
        ones get 413.
    shutdown_grace
        Seconds a stopping server waits for running jobs (``CORRIDOR_SHUTDOWN_GRACE``)
        before it marks them failed.
    prestart_workers
        Whether the job worker processes start with the server
        (``CORRIDOR_PRESTART_WORKERS``), rather than with the first job (a worker's start
        takes seconds of CPU that would otherwise fall on the first job and on the answers
        given meanwhile).
    response_cache
        How many answers of compare, route, reliability, cost and places on the embedded
        network are kept in memory (``CORRIDOR_RESPONSE_CACHE``); 0: none.
    job_nice
        How much the job worker processes lower their CPU priority (``CORRIDOR_JOB_NICE``,
        0 to 19, POSIX ``nice``): on a busy machine the HTTP answers come first and the
        jobs take the CPU left; 0 runs them at the server's priority.
    """

    host: str = "127.0.0.1"
    port: int = 8000
    cors_origins: tuple[str, ...] = ()
    max_request_bytes: int = 1_000_000
    read_only_open: bool = True
    scenario_cache: int = 16
    database_url: str | None = None
    workers: int = 1
    dask_scheduler: str | None = None
    max_upload_bytes: int = 20_000_000
    shutdown_grace: float = 10.0
    prestart_workers: bool = True
    response_cache: int = 512
    job_nice: int = 10

    def __post_init__(self) -> None:
        """Refuse settings out of range, naming the field."""
        if not self.host.strip():
            raise InvalidArgumentError(
                "host='': empty; fix: give an interface, e.g. 127.0.0.1", parameter="host"
            )
        if not 1 <= self.port <= MAX_PORT:
            raise InvalidArgumentError(f"port={self.port}: use 1 to {MAX_PORT}", parameter="port")
        if self.max_request_bytes < 1:
            raise InvalidArgumentError(
                f"max_request_bytes={self.max_request_bytes}: use 1 or more",
                parameter="max_request_bytes",
            )
        if self.scenario_cache < 1:
            raise InvalidArgumentError(
                f"scenario_cache={self.scenario_cache}: use 1 or more", parameter="scenario_cache"
            )
        if not 1 <= self.workers <= MAX_JOB_WORKERS:
            raise InvalidArgumentError(
                f"workers={self.workers}: use 1 to {MAX_JOB_WORKERS}", parameter="workers"
            )
        if self.max_upload_bytes < 1:
            raise InvalidArgumentError(
                f"max_upload_bytes={self.max_upload_bytes}: use 1 or more",
                parameter="max_upload_bytes",
            )
        if self.response_cache < 0:
            raise InvalidArgumentError(
                f"response_cache={self.response_cache}: use 0 or more", parameter="response_cache"
            )
        if not 0 <= self.job_nice <= MAX_NICE:
            raise InvalidArgumentError(
                f"job_nice={self.job_nice}: use 0 to {MAX_NICE}", parameter="job_nice"
            )
        if not 0.0 <= self.shutdown_grace <= MAX_GRACE_SECONDS:
            raise InvalidArgumentError(
                f"shutdown_grace={self.shutdown_grace}: use 0 to {MAX_GRACE_SECONDS:g} seconds",
                parameter="shutdown_grace",
            )

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Settings from ``CORRIDOR_*`` variables; unset ones take their defaults.

        Parameters
        ----------
        env
            The environment (default: :data:`os.environ`).

        Returns
        -------
        Settings
            The settings.

        Raises
        ------
        InvalidArgumentError
            Naming the variable whose value is not valid.
        """
        env = os.environ if env is None else env
        origins = tuple(
            o.strip() for o in env.get("CORRIDOR_CORS_ORIGINS", "").split(",") if o.strip()
        )
        return cls(
            host=env.get("CORRIDOR_HOST", "").strip() or "127.0.0.1",
            port=_int(env, "CORRIDOR_PORT", 8000, 1, MAX_PORT),
            cors_origins=origins,
            max_request_bytes=_int(env, "CORRIDOR_MAX_REQUEST_BYTES", 1_000_000, 1, 2**40),
            read_only_open=_bool(env, "CORRIDOR_READ_ONLY_OPEN", default=True),
            scenario_cache=_int(env, "CORRIDOR_SCENARIO_CACHE", 16, 1, 4096),
            database_url=env.get("CORRIDOR_DATABASE_URL", "").strip() or None,
            workers=_int(env, "CORRIDOR_WORKERS", 1, 1, MAX_JOB_WORKERS),
            dask_scheduler=env.get("CORRIDOR_DASK_SCHEDULER", "").strip() or None,
            max_upload_bytes=_int(env, "CORRIDOR_MAX_UPLOAD_BYTES", 20_000_000, 1, 2**40),
            shutdown_grace=float(_int(env, "CORRIDOR_SHUTDOWN_GRACE", 10, 0, 3600)),
            prestart_workers=_bool(env, "CORRIDOR_PRESTART_WORKERS", default=True),
            response_cache=_int(env, "CORRIDOR_RESPONSE_CACHE", 512, 0, 1_000_000),
            job_nice=_int(env, "CORRIDOR_JOB_NICE", 10, 0, MAX_NICE),
        )
