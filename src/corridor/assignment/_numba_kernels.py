"""Compiled all-or-nothing kernel (numba), the optional accelerator of :mod:`.aon`.

Imported lazily by :mod:`corridor.assignment.aon` only when numba is installed
(numba, installed by default); nothing else in corridor imports this module.
"""

from __future__ import annotations

import numba  # type: ignore[import-not-found,import-untyped,unused-ignore]
import numpy as np
import numpy.typing as npt

from corridor._numba_heap import heap_pop, heap_push
from corridor._threads import set_numba_threads
from corridor.assignment._bush_search import heap_pop4, heap_push4

__all__ = ["aon_load", "aon_load_rows", "num_threads"]


@numba.njit(cache=True, nogil=True)  # type: ignore[misc,unused-ignore]
def _one_origin(  # noqa: PLR0917 - numba kernels take positional arguments
    indptr: npt.NDArray[np.int64],
    indices: npt.NDArray[np.int32],
    weights: npt.NDArray[np.float64],
    entry_link: npt.NDArray[np.int64],
    entry_tail: npt.NDArray[np.int64],
    source: int,
    dest_vertices: npt.NDArray[np.int64],
    demand_row: npt.NDArray[np.float64],
    flows: npt.NDArray[np.float64],
    dist: npt.NDArray[np.float64],
    pred: npt.NDArray[np.int64],
    order: npt.NDArray[np.int64],
    node_flow: npt.NDArray[np.float64],
    is_target: npt.NDArray[np.bool_],
    heap_keys: npt.NDArray[np.float64],
    heap_vals: npt.NDArray[np.int64],
) -> tuple[float, int]:  # pragma: no cover - compiled
    """Load one origin's demand on its shortest-path tree.

    Dijkstra from ``source`` stops once every destination with demand is settled; the
    demand is then pushed back up the tree in reverse settling order.
    """
    dist[:] = np.inf
    remaining = 0
    for j in range(dest_vertices.shape[0]):
        if demand_row[j] > 0.0:
            v = dest_vertices[j]
            if not is_target[v]:
                is_target[v] = True
                remaining += 1
    dist[source] = 0.0
    pred[source] = -1
    size = heap_push(heap_keys, heap_vals, 0, 0.0, source)
    n_settled = 0
    while size > 0 and remaining > 0:
        du, u, size = heap_pop(heap_keys, heap_vals, size)
        if du > dist[u]:
            continue
        dist[u] = du
        order[n_settled] = u
        n_settled += 1
        node_flow[u] = 0.0
        if is_target[u]:
            is_target[u] = False
            remaining -= 1
        for k in range(indptr[u], indptr[u + 1]):
            v = indices[k]
            nd = du + weights[k]
            if nd < dist[v]:
                dist[v] = nd
                pred[v] = k
                size = heap_push(heap_keys, heap_vals, size, nd, v)
    # Destinations never settled are unreachable; clear their flags for the next origin.
    unreachable = 0
    for j in range(dest_vertices.shape[0]):
        v = dest_vertices[j]
        if is_target[v]:
            is_target[v] = False
            unreachable += 1
    sptt = 0.0
    for j in range(dest_vertices.shape[0]):
        d = demand_row[j]
        if d > 0.0:
            v = dest_vertices[j]
            if dist[v] < np.inf:
                node_flow[v] += d
                sptt += d * dist[v]
    for r in range(n_settled - 1, 0, -1):
        v = order[r]
        f = node_flow[v]
        if f > 0.0:
            k = pred[v]
            flows[entry_link[k]] += f
            node_flow[entry_tail[k]] += f
    return sptt, unreachable


@numba.njit(cache=True, nogil=True)  # type: ignore[misc,unused-ignore]
def _one_origin_shortcuts(  # noqa: PLR0917
    shortcuts: tuple[
        npt.NDArray[np.int64],
        npt.NDArray[np.int64],
        npt.NDArray[np.int64],
        npt.NDArray[np.int64],
        npt.NDArray[np.int64],
    ],
    weights: npt.NDArray[np.float64],
    entry_link: npt.NDArray[np.int64],
    source: int,
    dest_vertices: npt.NDArray[np.int64],
    demand_row: npt.NDArray[np.float64],
    flows: npt.NDArray[np.float64],
    dist: npt.NDArray[np.float64],
    pred: npt.NDArray[np.int64],
    order: npt.NDArray[np.int64],
    node_flow: npt.NDArray[np.float64],
    is_target: npt.NDArray[np.bool_],
    heap_keys: npt.NDArray[np.float64],
    heap_vals: npt.NDArray[np.int64],
) -> tuple[float, int]:  # pragma: no cover - compiled
    """:func:`_one_origin` on the graph without chain vertices (``weights`` per shortcut).

    The demand pushed up a shortcut is added to every link of its chain.
    """
    ptr, tail, head, chain_ptr, chain = shortcuts
    dist[:] = np.inf
    remaining = 0
    for j in range(dest_vertices.shape[0]):
        if demand_row[j] > 0.0:
            v = dest_vertices[j]
            if not is_target[v]:
                is_target[v] = True
                remaining += 1
    dist[source] = 0.0
    pred[source] = -1
    size = heap_push4(heap_keys, heap_vals, 0, 0.0, source)
    n_settled = 0
    while size > 0 and remaining > 0:
        du, u, size = heap_pop4(heap_keys, heap_vals, size)
        if du > dist[u]:
            continue
        order[n_settled] = u
        n_settled += 1
        node_flow[u] = 0.0
        if is_target[u]:
            is_target[u] = False
            remaining -= 1
        for s in range(ptr[u], ptr[u + 1]):
            v = head[s]
            nd = du + weights[s]
            if nd < dist[v]:
                dist[v] = nd
                pred[v] = s
                size = heap_push4(heap_keys, heap_vals, size, nd, v)
    unreachable = 0
    for j in range(dest_vertices.shape[0]):
        v = dest_vertices[j]
        if is_target[v]:
            is_target[v] = False
            unreachable += 1
    sptt = 0.0
    for j in range(dest_vertices.shape[0]):
        d = demand_row[j]
        if d > 0.0:
            v = dest_vertices[j]
            if dist[v] < np.inf:
                node_flow[v] += d
                sptt += d * dist[v]
    for r in range(n_settled - 1, 0, -1):
        v = order[r]
        f = node_flow[v]
        if f > 0.0:
            s = pred[v]
            for q in range(chain_ptr[s], chain_ptr[s + 1]):
                flows[entry_link[chain[q]]] += f
            node_flow[tail[s]] += f
    return sptt, unreachable


@numba.njit(cache=True, nogil=True, parallel=True)  # type: ignore[misc,unused-ignore]
def aon_load(  # noqa: PLR0917
    shortcuts: tuple[
        npt.NDArray[np.int64],
        npt.NDArray[np.int64],
        npt.NDArray[np.int64],
        npt.NDArray[np.int64],
        npt.NDArray[np.int64],
    ],
    entry_weights: npt.NDArray[np.float64],
    entry_link: npt.NDArray[np.int64],
    n_slots: int,
    origins: npt.NDArray[np.int64],
    dest_vertices: npt.NDArray[np.int64],
    demand: npt.NDArray[np.float64],
    n_threads: int,
) -> tuple[npt.NDArray[np.float64], float, int]:  # pragma: no cover - compiled
    """All-or-nothing loading of ``demand`` (one row per origin) on all cores.

    The search runs on the loading graph without its chain vertices
    (:attr:`~corridor.assignment.aon.LoadingGraph.shortcuts`; ``entry_weights`` are the
    full graph's). Returns the flow on each of ``n_slots`` link slots (``entry_link``
    indexes them), the total shortest-path cost ``Σ demand · dist`` and the number of OD
    pairs with demand that cannot be reached.
    """
    ptr, _, head, chain_ptr, chain = shortcuts
    n = ptr.shape[0] - 1
    n_s = head.shape[0]
    weights = np.zeros(n_s, np.float64)
    for s in range(n_s):
        for q in range(chain_ptr[s], chain_ptr[s + 1]):
            weights[s] += entry_weights[chain[q]]
    n_origins = origins.shape[0]
    per_thread = np.zeros((n_threads, n_slots), np.float64)
    sptt = np.zeros(n_threads, np.float64)
    missing = np.zeros(n_threads, np.int64)
    for t in numba.prange(n_threads):
        dist = np.empty(n, np.float64)
        pred = np.full(n, -1, np.int64)
        order = np.empty(n, np.int64)
        node_flow = np.zeros(n, np.float64)
        is_target = np.zeros(n, np.bool_)
        heap_keys = np.empty(n_s + 1, np.float64)
        heap_vals = np.empty(n_s + 1, np.int64)
        flows = per_thread[t]
        # Interleave origins across threads so that each gets a similar share of the work.
        for i in range(t, n_origins, n_threads):
            found, u = _one_origin_shortcuts(
                shortcuts,
                weights,
                entry_link,
                origins[i],
                dest_vertices,
                demand[i],
                flows,
                dist,
                pred,
                order,
                node_flow,
                is_target,
                heap_keys,
                heap_vals,
            )
            sptt[t] += found
            missing[t] += u
    out = np.zeros(n_slots, np.float64)
    for t in range(n_threads):
        out += per_thread[t]
    return out, sptt.sum(), missing.sum()


@numba.njit(cache=True, nogil=True, parallel=True)  # type: ignore[misc,unused-ignore]
def aon_load_rows(  # noqa: PLR0917
    indptr: npt.NDArray[np.int64],
    indices: npt.NDArray[np.int32],
    weights: npt.NDArray[np.float64],
    entry_link: npt.NDArray[np.int64],
    entry_tail: npt.NDArray[np.int64],
    n_slots: int,
    origins: npt.NDArray[np.int64],
    dest_vertices: npt.NDArray[np.int64],
    demand: npt.NDArray[np.float64],
    row_start: npt.NDArray[np.int64],
    by_od: bool,
    n_threads: int,
) -> tuple[npt.NDArray[np.float64], float, int]:  # pragma: no cover - compiled
    """All-or-nothing loading kept apart by origin (``by_od`` false) or by OD pair.

    Row ``i`` of the result is origin ``i``'s load; by OD pair, origin ``i``'s pairs with
    demand are rows ``row_start[i]..row_start[i + 1] - 1`` in destination order, each its
    demand on the links of its path in the origin's shortest-path tree.
    """
    n = indptr.shape[0] - 1
    n_origins = origins.shape[0]
    n_rows = row_start[n_origins] if by_od else n_origins
    out = np.zeros((n_rows, n_slots), np.float64)
    sptt = np.zeros(n_threads, np.float64)
    missing = np.zeros(n_threads, np.int64)
    for t in numba.prange(n_threads):
        dist = np.empty(n, np.float64)
        pred = np.full(n, -1, np.int64)
        order = np.empty(n, np.int64)
        node_flow = np.zeros(n, np.float64)
        is_target = np.zeros(n, np.bool_)
        heap_keys = np.empty(indices.shape[0] + 1, np.float64)
        heap_vals = np.empty(indices.shape[0] + 1, np.int64)
        scratch = np.zeros(n_slots, np.float64)
        for i in range(t, n_origins, n_threads):
            source = origins[i]
            s, u = _one_origin(
                indptr,
                indices,
                weights,
                entry_link,
                entry_tail,
                source,
                dest_vertices,
                demand[i],
                scratch if by_od else out[i],
                dist,
                pred,
                order,
                node_flow,
                is_target,
                heap_keys,
                heap_vals,
            )
            sptt[t] += s
            missing[t] += u
            if not by_od:
                continue
            row = row_start[i]
            for j in range(dest_vertices.shape[0]):
                d = demand[i, j]
                if d > 0.0:
                    v = dest_vertices[j]
                    if dist[v] < np.inf:
                        while v != source:
                            k = pred[v]
                            out[row, entry_link[k]] += d
                            v = entry_tail[k]
                    row += 1
    return out, sptt.sum(), missing.sum()


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
