"""Kernel thread counts: one thread for small work, else the user's setting or every core."""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from corridor import _threads
from corridor._threads import PARALLEL_MIN_WORK, kernel_threads, serial_dot
from corridor.cli import app
from corridor.exceptions import InvalidArgumentError


def test_small_work_runs_on_one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORRIDOR_THREADS", "8")
    assert kernel_threads(PARALLEL_MIN_WORK - 1, 8) == 1
    assert kernel_threads(PARALLEL_MIN_WORK, 8) == 8


def test_setting_is_capped_by_the_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORRIDOR_THREADS", "64")
    assert kernel_threads(10**9, 4) == 4


def test_default_is_every_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CORRIDOR_THREADS", raising=False)
    monkeypatch.setattr(_threads, "available_cores", lambda: 4)
    # Busy cores too: the threads wait passively, so a busy core still adds work done.
    monkeypatch.setattr(os, "getloadavg", lambda: (9.0, 0.0, 0.0))
    assert kernel_threads(10**9, 16) == 4
    assert kernel_threads(10**9, 2) == 2
    assert kernel_threads(PARALLEL_MIN_WORK - 1, 16) == 1


class _FakeNumba:
    """Stands in for the numba module: a pool size and a recorded thread count."""

    def __init__(self) -> None:
        self.config = type("Config", (), {"NUMBA_NUM_THREADS": 8})()
        self.threads = 0

    def set_num_threads(self, n: int) -> None:
        self.threads = n


def test_threads_wait_passively_unless_the_user_says(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORRIDOR_THREADS", "3")
    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    fake = _FakeNumba()
    assert _threads.set_numba_threads(fake, 10**9) == 3  # type: ignore[arg-type]
    assert fake.threads == 3
    assert os.environ["OMP_WAIT_POLICY"] == "PASSIVE"
    monkeypatch.setenv("OMP_WAIT_POLICY", "ACTIVE")
    assert _threads.set_numba_threads(fake, 10) == 1  # type: ignore[arg-type]
    assert fake.threads == 1
    assert os.environ["OMP_WAIT_POLICY"] == "ACTIVE"


@given(st.text(max_size=6))
def test_any_setting_is_a_count_or_refused(text: str) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CORRIDOR_THREADS", text.replace("\x00", ""))
        stripped = text.replace("\x00", "").strip()
        try:
            value = int(stripped) if stripped else None
        except ValueError:
            value = -1
        if value is not None and value < 1:
            with pytest.raises(InvalidArgumentError, match="CORRIDOR_THREADS="):
                kernel_threads(10**9, 4)
        else:
            assert 1 <= kernel_threads(10**9, 4) <= 4


def test_cli_threads_option(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CORRIDOR_THREADS", raising=False)
    runner = CliRunner()
    bad = runner.invoke(app, ["--threads", "0", "places", "xian"])
    assert bad.exit_code == 2
    ok = runner.invoke(app, ["--threads", "3", "places", "xian"])
    assert ok.exit_code == 0
    assert os.environ["CORRIDOR_THREADS"] == "3"
    monkeypatch.delenv("CORRIDOR_THREADS", raising=False)


@given(
    st.lists(
        st.tuples(st.floats(-1e6, 1e6, allow_nan=False), st.floats(-1e6, 1e6, allow_nan=False)),
        max_size=50,
    )
)
def test_serial_dot_is_the_dot_product(pairs: list[tuple[float, float]]) -> None:
    a = np.array([p[0] for p in pairs], dtype=np.float64)
    b = np.array([p[1] for p in pairs], dtype=np.float64)
    expected = float(np.dot(a, b))
    scale = float(np.abs(a) @ np.abs(b))
    assert abs(serial_dot(a, b) - expected) <= 1e-12 * scale + 1e-300
    assert isinstance(serial_dot(a, b), float)


def test_serial_dot_of_long_vectors() -> None:
    a = np.linspace(0.0, 1.0, 30_000)
    assert serial_dot(a, a) == pytest.approx(float(np.sum(a * a)), rel=1e-12)
