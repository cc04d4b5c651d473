"""Compiled min-plus product (numba), the accelerator of :mod:`corridor.research.matrices`.

Imported lazily, only when numba is installed (a default dependency).
"""

from __future__ import annotations

import numba  # type: ignore[import-not-found,import-untyped,unused-ignore]
import numpy as np
import numpy.typing as npt

__all__ = ["min_plus"]


@numba.njit(cache=True, nogil=True, parallel=True)  # type: ignore[misc,unused-ignore]
def min_plus(
    left: npt.NDArray[np.float64], right: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:  # pragma: no cover - compiled
    """``out[i, j] = min_k left[i, k] + right[k, j]``, rows in parallel."""
    rows, inner = left.shape
    cols = right.shape[1]
    out = np.full((rows, cols), np.inf)
    for i in numba.prange(rows):
        row = out[i]
        for k in range(inner):
            a = left[i, k]
            if a == np.inf:
                continue
            r = right[k]
            for j in range(cols):
                v = a + r[j]
                row[j] = min(row[j], v)
    return out
