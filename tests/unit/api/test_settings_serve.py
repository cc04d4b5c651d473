"""Settings from ``CORRIDOR_*`` variables, and ``corridor serve``'s one-line errors."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corridor.api import Settings
from corridor.exceptions import InvalidArgumentError


def test_defaults() -> None:
    s = Settings.from_env({})
    assert s == Settings()
    assert (s.host, s.port, s.cors_origins, s.read_only_open) == ("127.0.0.1", 8000, (), True)


def test_from_env() -> None:
    s = Settings.from_env(
        {
            "CORRIDOR_HOST": "0.0.0.0",  # noqa: S104 - a value, not a bind
            "CORRIDOR_PORT": "9000",
            "CORRIDOR_CORS_ORIGINS": "https://a.example, https://b.example",
            "CORRIDOR_MAX_REQUEST_BYTES": "2048",
            "CORRIDOR_READ_ONLY_OPEN": "false",
        }
    )
    assert s.port == 9000
    assert s.cors_origins == ("https://a.example", "https://b.example")
    assert s.max_request_bytes == 2048
    assert s.read_only_open is False


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("CORRIDOR_PORT", "0"),
        ("CORRIDOR_PORT", "http"),
        ("CORRIDOR_PORT", "70000"),
        ("CORRIDOR_MAX_REQUEST_BYTES", "-1"),
        ("CORRIDOR_READ_ONLY_OPEN", "maybe"),
        ("CORRIDOR_JOB_NICE", "20"),
        ("CORRIDOR_JOB_NICE", "-1"),
    ],
)
def test_bad_variable_one_line(name: str, value: str) -> None:
    with pytest.raises(InvalidArgumentError, match=f"^{name}=") as info:
        Settings.from_env({name: value})
    assert "\n" not in str(info.value)
    assert "fix:" in str(info.value)


@given(nice=st.integers(-(10**6), 10**6))
def test_any_job_nice_is_kept_or_refused(nice: int) -> None:
    try:
        s = Settings.from_env({"CORRIDOR_JOB_NICE": str(nice)})
    except InvalidArgumentError as exc:
        assert not 0 <= nice <= 19
        assert "CORRIDOR_JOB_NICE" in str(exc)
    else:
        assert s.job_nice == nice


def test_job_workers_run_at_a_lower_priority() -> None:
    code = (
        "import os; from corridor.api.jobrun import init_worker; from corridor.store import "
        "Store; Store.open(None).close(); before = os.nice(0); init_worker(None, None, 5); "
        "print(before, os.nice(0))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    before, after = map(int, done.stdout.split())
    assert after == min(before + 5, 19)  # niceness stops at 19 (a suite run under `nice`)


@given(port=st.text(max_size=8))
def test_any_port_text_is_valid_or_refused(port: str) -> None:
    try:
        s = Settings.from_env({"CORRIDOR_PORT": port})
    except InvalidArgumentError as exc:
        assert "CORRIDOR_PORT" in str(exc)
    else:
        assert 1 <= s.port <= 65535


def _serve(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "corridor", "serve", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_serve_port_taken() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = _serve("--port", str(port))
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"error: --port {port}: already in use on 127.0.0.1; fix: stop the other server or "
        "choose another port, e.g. --port 8001"
    )


@pytest.mark.parametrize(
    "args",
    [
        ("--port", "0"),
        ("--workers", "0"),
        ("--host", ""),
        ("--http-workers", "0"),
        ("--http-workers", "33"),
    ],
)
def test_serve_bad_option(args: tuple[str, str]) -> None:
    done = _serve(*args)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("error: ")


def test_access_log_only_when_asked() -> None:
    from corridor.cli.serve import log_config  # noqa: PLC0415

    quiet, loud = log_config(access_log=False), log_config(access_log=True)
    assert quiet["loggers"]["uvicorn.access"]["level"] == "WARNING"
    assert loud["loggers"]["uvicorn.access"]["level"] == "INFO"
    assert quiet["loggers"]["uvicorn.error"]["level"] == loud["loggers"]["uvicorn.error"]["level"]


def test_cli_help_does_not_import_fastapi() -> None:
    code = (
        "import sys; from corridor.cli import app; "
        "assert 'fastapi' not in sys.modules and 'uvicorn' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_serve_without_the_api_extra() -> None:
    code = (
        "import sys; sys.modules['fastapi'] = None; sys.argv = ['corridor', 'serve']; "
        "from corridor.cli import main; main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "error: 'fastapi' is needed for this feature but is not installed; install it with: "
        "pip install 'corridor[api]'"
    )
