"""A binary min-heap on parallel key/value arrays for the numba kernels.

Shared by the routing (A*) and assignment (all-or-nothing) kernels; imported only by them.
"""

from __future__ import annotations

import numba  # type: ignore[import-not-found,import-untyped,unused-ignore]
import numpy as np
import numpy.typing as npt

__all__ = ["heap_pop", "heap_push"]


@numba.njit(cache=True, nogil=True, inline="always")  # type: ignore[misc,unused-ignore]
def heap_push(
    keys: npt.NDArray[np.float64],
    vals: npt.NDArray[np.int64],
    size: int,
    key: float,
    val: int,
) -> int:  # pragma: no cover - compiled
    """Push ``(key, val)`` onto the heap of ``size`` items; return the new size."""
    i = size
    while i > 0:
        parent = (i - 1) >> 1
        if keys[parent] <= key:
            break
        keys[i] = keys[parent]
        vals[i] = vals[parent]
        i = parent
    keys[i] = key
    vals[i] = val
    return size + 1


@numba.njit(cache=True, nogil=True, inline="always")  # type: ignore[misc,unused-ignore]
def heap_pop(
    keys: npt.NDArray[np.float64], vals: npt.NDArray[np.int64], size: int
) -> tuple[float, int, int]:  # pragma: no cover - compiled
    """Pop the smallest key: return it, its value and the new size."""
    top_key = keys[0]
    top_val = vals[0]
    size -= 1
    key = keys[size]
    val = vals[size]
    i = 0
    while True:
        child = 2 * i + 1
        if child >= size:
            break
        if child + 1 < size and keys[child + 1] < keys[child]:
            child += 1
        if keys[child] >= key:
            break
        keys[i] = keys[child]
        vals[i] = vals[child]
        i = child
    if size > 0:
        keys[i] = key
        vals[i] = val
    return top_key, top_val, size
