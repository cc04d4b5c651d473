"""Compiled shortest-path kernels (numba), the optional accelerator of :mod:`.shortest`.

Imported lazily by :mod:`corridor.routing.shortest` only when numba is installed
(numba, installed by default); nothing else in corridor imports this module.
"""

from __future__ import annotations

import numba  # type: ignore[import-not-found,import-untyped,unused-ignore]
import numpy as np
import numpy.typing as npt

from corridor._numba_heap import heap_pop, heap_push
from corridor._threads import set_numba_threads

__all__ = ["astar", "dijkstra_many", "num_threads"]


@numba.njit(cache=True, nogil=True)  # type: ignore[misc,unused-ignore]
def astar(  # noqa: PLR0917 - numba kernels take positional arguments
    indptr: npt.NDArray[np.int64],
    indices: npt.NDArray[np.int32],
    weights: npt.NDArray[np.float64],
    unit: npt.NDArray[np.float64],
    scale: float,
    source: int,
    target: int,
) -> tuple[float, npt.NDArray[np.int64]]:  # pragma: no cover - compiled
    """A* from ``source`` to ``target``; Dijkstra with early exit when ``scale`` is 0.

    The heuristic is ``scale * |unit[v] - unit[target]|`` (chord on the unit sphere), which
    is consistent when ``scale * chord(u, v) <= w(u, v)`` for every edge.
    """
    n = indptr.shape[0] - 1
    dist = np.full(n, np.inf)
    pred = np.full(n, -1, np.int64)
    done = np.zeros(n, np.bool_)
    heap_keys = np.empty(indices.shape[0] + 1, np.float64)
    heap_vals = np.empty(indices.shape[0] + 1, np.int64)
    use_h = scale > 0.0
    tx = ty = tz = 0.0
    if use_h:
        tx, ty, tz = unit[target, 0], unit[target, 1], unit[target, 2]
    dist[source] = 0.0
    size = heap_push(heap_keys, heap_vals, 0, 0.0, source)
    while size > 0:
        _, u, size = heap_pop(heap_keys, heap_vals, size)
        if done[u]:
            continue
        done[u] = True
        if u == target:
            break
        du = dist[u]
        for k in range(indptr[u], indptr[u + 1]):
            v = indices[k]
            if done[v]:
                continue
            nd = du + weights[k]
            if nd < dist[v]:
                dist[v] = nd
                pred[v] = u
                h = 0.0
                if use_h:
                    dx = unit[v, 0] - tx
                    dy = unit[v, 1] - ty
                    dz = unit[v, 2] - tz
                    h = scale * np.sqrt(dx * dx + dy * dy + dz * dz)
                size = heap_push(heap_keys, heap_vals, size, nd + h, v)
    if not done[target]:
        return np.inf, np.empty(0, np.int64)
    length = 1
    v = target
    while v != source:
        v = pred[v]
        length += 1
    path = np.empty(length, np.int64)
    v = target
    for i in range(length - 1, -1, -1):
        path[i] = v
        v = pred[v]
    return dist[target], path


@numba.njit(cache=True, nogil=True)  # type: ignore[misc,unused-ignore]
def _tree_to_targets(  # noqa: PLR0917
    indptr: npt.NDArray[np.int64],
    indices: npt.NDArray[np.int32],
    weights: npt.NDArray[np.float64],
    source: int,
    targets: npt.NDArray[np.int64],
    out: npt.NDArray[np.float64],
    dist: npt.NDArray[np.float64],
    heap_keys: npt.NDArray[np.float64],
    heap_vals: npt.NDArray[np.int64],
) -> None:  # pragma: no cover - compiled
    dist[:] = np.inf
    is_target = np.zeros(dist.shape[0], np.bool_)
    for t in targets:
        is_target[t] = True
    remaining = 0
    for t in range(dist.shape[0]):
        if is_target[t]:
            remaining += 1
    dist[source] = 0.0
    size = heap_push(heap_keys, heap_vals, 0, 0.0, source)
    while size > 0:
        du, u, size = heap_pop(heap_keys, heap_vals, size)
        if du > dist[u]:
            continue
        if is_target[u]:
            is_target[u] = False
            remaining -= 1
            if remaining == 0:
                break
        for k in range(indptr[u], indptr[u + 1]):
            v = indices[k]
            nd = du + weights[k]
            if nd < dist[v]:
                dist[v] = nd
                size = heap_push(heap_keys, heap_vals, size, nd, v)
    for j in range(targets.shape[0]):
        out[j] = dist[targets[j]]


@numba.njit(cache=True, nogil=True, parallel=True)  # type: ignore[misc,unused-ignore]
def dijkstra_many(  # noqa: PLR0917
    indptr: npt.NDArray[np.int64],
    indices: npt.NDArray[np.int32],
    weights: npt.NDArray[np.float64],
    sources: npt.NDArray[np.int64],
    targets: npt.NDArray[np.int64],
    n_threads: int,
) -> npt.NDArray[np.float64]:  # pragma: no cover - compiled
    """Distances ``sources × targets``; each search stops once all targets are settled.

    Sources are split into ``n_threads`` contiguous blocks searched in parallel.
    """
    n = indptr.shape[0] - 1
    out = np.empty((sources.shape[0], targets.shape[0]), np.float64)
    chunk = (sources.shape[0] + n_threads - 1) // n_threads
    for thread in numba.prange(n_threads):
        dist = np.empty(n, np.float64)
        heap_keys = np.empty(indices.shape[0] + 1, np.float64)
        heap_vals = np.empty(indices.shape[0] + 1, np.int64)
        for i in range(thread * chunk, min((thread + 1) * chunk, sources.shape[0])):
            _tree_to_targets(
                indptr, indices, weights, sources[i], targets, out[i], dist, heap_keys, heap_vals
            )
    return out


def num_threads(work: int) -> int:
    """Set and return the threads the next parallel kernel runs on.

    Parameters
    ----------
    work
        Sources x vertices of the call (see :func:`corridor._threads.kernel_threads`).

    Returns
    -------
    int
        The thread count, also set as numba's for this thread.
    """
    return set_numba_threads(numba, work)
