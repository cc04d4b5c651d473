"""How many threads the compiled (numba) kernels may use, and how they wait.

A parallel kernel pays off only when there is enough work: on a machine whose cores are
busy, a tiny assignment split over threads runs a thousand times slower (SiouxFalls
all-or-nothing: 0.05 ms on one thread, 52 ms on two while two other processes kept both
cores busy; ``benchmarks/bench_busy.py``). So kernels run on one thread below
:data:`PARALLEL_MIN_WORK`, and above it on the threads the user set (``CORRIDOR_THREADS``
or ``corridor --threads``) or, by default, on every core this process may use.

Every core, even busy ones, because the threads wait passively (:data:`WAIT_POLICY`):
numba's OpenMP threads otherwise spin for milliseconds at the end of each kernel, and on
a busy core that spinning takes the time the thread still at work needs. Measured on 2
cores next to other processes (Chicago-Sketch all-or-nothing, median ms): spinning, 1
thread 36, 2 threads 78-86; waiting passively, 2 threads 26-37 next to other work, and
45-57 against 56-74 on 1 thread next to one more spinning process, 71-82 against 107-111
next to two. The one-minute load average, used before, also lags by a minute.
"""

from __future__ import annotations

import os
from types import ModuleType

import numpy as np
import numpy.typing as npt

from corridor.exceptions import InvalidArgumentError

__all__ = [
    "ENV_VAR",
    "PARALLEL_MIN_WORK",
    "WAIT_POLICY",
    "available_cores",
    "kernel_threads",
    "serial_dot",
    "set_numba_threads",
]

ENV_VAR = "CORRIDOR_THREADS"
"""Environment variable that fixes the number of kernel threads (a whole number >= 1)."""

PARALLEL_MIN_WORK = 100_000
"""Sources x vertices below which a kernel runs on one thread (SiouxFalls, 576, and the
embedded network's assignment, ~6,000, gain nothing from a second thread; Chicago-Sketch,
360,138, does)."""

WAIT_POLICY = ("OMP_WAIT_POLICY", "PASSIVE")
"""Environment setting given, unless already set, before numba starts its threads: idle
OpenMP threads sleep instead of spinning (see the module's text)."""


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity where the OS has one).

    Returns
    -------
    int
        At least 1.
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS and Windows
        return max(1, os.cpu_count() or 1)


def _configured() -> int | None:
    text = os.environ.get(ENV_VAR, "").strip()
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        msg = f"{ENV_VAR}={text!r}: use a whole number of threads >= 1, or unset it"
        raise InvalidArgumentError(msg, parameter=ENV_VAR)
    return value


def kernel_threads(work: int, most: int) -> int:
    """Threads for one kernel call.

    Parameters
    ----------
    work
        Size of the call: sources searched times graph vertices.
    most
        The most threads the kernel library can start (numba's pool size).

    Returns
    -------
    int
        1 below :data:`PARALLEL_MIN_WORK`; otherwise ``CORRIDOR_THREADS`` if set, else
        :func:`available_cores`, capped at ``most``.

    Raises
    ------
    InvalidArgumentError
        If ``CORRIDOR_THREADS`` is set to anything but a whole number >= 1.
    """
    configured = _configured()
    if work < PARALLEL_MIN_WORK:
        return 1
    wanted = configured if configured is not None else available_cores()
    return max(1, min(wanted, most))


def set_numba_threads(numba: ModuleType, work: int) -> int:
    """Set numba's thread count for the next parallel kernel, and return it.

    Parameters
    ----------
    numba
        The imported numba module (the kernels' modules import it; this module does not).
    work
        Sources x vertices of the call.

    Returns
    -------
    int
        :func:`kernel_threads` of ``work``, capped at numba's pool size.

    Raises
    ------
    InvalidArgumentError
        If ``CORRIDOR_THREADS`` is set to anything but a whole number >= 1.

    Notes
    -----
    Sets :data:`WAIT_POLICY` in the environment unless the user set it.
    """
    n = kernel_threads(work, int(numba.config.NUMBA_NUM_THREADS))
    # Read by OpenMP when numba's first parallel call (set_num_threads too) loads it.
    os.environ.setdefault(*WAIT_POLICY)
    numba.set_num_threads(n)
    return n


def serial_dot(a: npt.NDArray[np.float64], b: npt.NDArray[np.float64]) -> float:
    """``Σ a_i · b_i`` computed on the calling thread.

    numpy's ``a @ b`` hands vectors of over 10,000 numbers to OpenBLAS, which splits them
    over its own threads; while another process keeps a core busy those threads wait for
    it (Berlin-Center, 28,376 links: 0.007 ms idle, 4-8 ms next to one busy process,
    dozens of times per equilibrium iteration). ``numpy.einsum`` does not use BLAS.

    Parameters
    ----------
    a, b
        Vectors of the same length.

    Returns
    -------
    float
        Their dot product.
    """
    return float(np.einsum("i,i->", a, b))
