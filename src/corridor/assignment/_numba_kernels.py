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


@numba.njit(cache=True, nogil=True, inline="always")  # type: ignore[misc,unused-ignore]
def _push(
    keys: npt.NDArray[np.float64],
    vals: npt.NDArray[np.int32],
    size: int,
    key: float,
    val: np.int32,
) -> int:  # pragma: no cover - compiled
    """Push ``(key, val)`` on the 4-ary min-heap of ``size`` items; return the new size."""
    i = size
    while i > 0:
        parent = (i - 1) >> 2
        if keys[parent] <= key:
            break
        keys[i] = keys[parent]
        vals[i] = vals[parent]
        i = parent
    keys[i] = key
    vals[i] = val
    return size + 1


@numba.njit(cache=True, nogil=True, inline="always")  # type: ignore[misc,unused-ignore]
def _pop(
    keys: npt.NDArray[np.float64], vals: npt.NDArray[np.int32], size: int
) -> tuple[float, np.int32, int]:  # pragma: no cover - compiled
    """Pop the smallest key of the 4-ary heap: return it, its value and the new size."""
    top_key = keys[0]
    top_val = vals[0]
    size -= 1
    key = keys[size]
    val = vals[size]
    i = 0
    while True:
        first = 4 * i + 1
        if first >= size:
            break
        best = first
        best_key = keys[first]
        for child in range(first + 1, min(first + 4, size)):
            if keys[child] < best_key:
                best = child
                best_key = keys[child]
        if best_key >= key:
            break
        keys[i] = best_key
        vals[i] = vals[best]
        i = best
    if size > 0:
        keys[i] = key
        vals[i] = val
    return top_key, top_val, size


@numba.njit(cache=True, nogil=True)  # type: ignore[misc,unused-ignore]
def _one_origin_shortcuts(  # noqa: PLR0917
    graph: tuple[
        npt.NDArray[np.int64],
        npt.NDArray[np.int32],
        npt.NDArray[np.int32],
    ],
    weights: npt.NDArray[np.float64],
    n_inner: int,
    source: int,
    dest_vertices: npt.NDArray[np.int32],
    dest_demand: npt.NDArray[np.float64],
    shortcut_flows: npt.NDArray[np.float64],
    dist: npt.NDArray[np.float64],
    pred: npt.NDArray[np.int32],
    order: npt.NDArray[np.int32],
    node_flow: npt.NDArray[np.float64],
    is_target: npt.NDArray[np.bool_],
    heap_keys: npt.NDArray[np.float64],
    heap_vals: npt.NDArray[np.int32],
) -> tuple[float, int]:  # pragma: no cover - compiled
    """Load one origin's demand on its shortest-path tree of the shortcut graph.

    ``dest_vertices`` and ``dest_demand`` list the origin's destinations with demand;
    vertices from ``n_inner`` on have no shortcut out and are queued only when they are such
    a destination. Dijkstra from ``source`` stops once those are all settled; the demand is
    then pushed back up the tree in reverse settling order, onto ``shortcut_flows``.
    ``dist`` is ``inf`` everywhere on entry and is left so (only the vertices reached are
    reset).
    """
    ptr, tail, head = graph
    remaining = 0
    for j in range(dest_vertices.shape[0]):
        v = dest_vertices[j]
        if not is_target[v]:
            is_target[v] = True
            remaining += 1
    dist[source] = 0.0
    size = _push(heap_keys, heap_vals, 0, 0.0, np.int32(source))
    n_settled = 0
    while size > 0 and remaining > 0:
        du, u, size = _pop(heap_keys, heap_vals, size)
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
            if v >= n_inner and not is_target[v]:
                continue  # a dead end no demand goes to
            nd = du + weights[s]
            if nd < dist[v]:
                dist[v] = nd
                pred[v] = s
                size = _push(heap_keys, heap_vals, size, nd, v)
    # Destinations never settled are unreachable; clear their flags for the next origin.
    unreachable = 0
    sptt = 0.0
    for j in range(dest_vertices.shape[0]):
        v = dest_vertices[j]
        if is_target[v]:
            is_target[v] = False
            unreachable += 1
        elif dist[v] < np.inf:
            node_flow[v] += dest_demand[j]
            sptt += dest_demand[j] * dist[v]
    for r in range(n_settled - 1, 0, -1):
        v = order[r]
        f = node_flow[v]
        if f > 0.0:
            s = pred[v]
            shortcut_flows[s] += f
            node_flow[tail[s]] += f
    for r in range(n_settled):
        dist[order[r]] = np.inf
    for r in range(size):
        dist[heap_vals[r]] = np.inf
    return sptt, unreachable


@numba.njit(cache=True, nogil=True, parallel=True)  # type: ignore[misc,unused-ignore]
def aon_load(  # noqa: PLR0917
    shortcuts: tuple[
        npt.NDArray[np.int64],
        npt.NDArray[np.int32],
        npt.NDArray[np.int32],
        npt.NDArray[np.int64],
        npt.NDArray[np.int64],
    ],
    entry_weights: npt.NDArray[np.float64],
    entry_link: npt.NDArray[np.int64],
    n_slots: int,
    origins: npt.NDArray[np.int64],
    dest_ptr: npt.NDArray[np.int64],
    dest_vertices: npt.NDArray[np.int32],
    dest_demand: npt.NDArray[np.float64],
    n_inner: int,
    n_threads: int,
) -> tuple[npt.NDArray[np.float64], float, int]:  # pragma: no cover - compiled
    """All-or-nothing loading of the demand of ``origins`` on numba's threads.

    The search runs on the loading graph without its chain vertices
    (:attr:`~corridor.assignment.aon.LoadingGraph.shortcuts`, with 32-bit ``tail`` and
    ``head``; ``entry_weights`` are the full graph's). Origin ``i``'s destinations with
    demand are ``dest_vertices[dest_ptr[i]:dest_ptr[i + 1]]`` (``dest_demand`` likewise).
    Vertices from ``n_inner`` on have no shortcut out. ``n_threads`` is numba's thread count
    (set by :func:`num_threads`; ``get_thread_id`` picks each thread's scratch arrays); each
    thread takes one block of consecutive origins (measured as fast as handing them out a
    few at a time, idle and next to other processes). Returns the flow on each of
    ``n_slots`` link slots (``entry_link`` indexes them), the total shortest-path cost ``Σ
    demand · dist`` and the number of OD pairs with demand that cannot be reached.
    """
    ptr, tail, head, chain_ptr, chain = shortcuts
    n = ptr.shape[0] - 1
    n_s = head.shape[0]
    weights = np.zeros(n_s, np.float64)
    for s in range(n_s):
        for q in range(chain_ptr[s], chain_ptr[s + 1]):
            weights[s] += entry_weights[chain[q]]
    graph = (ptr, tail, head)
    per_thread = np.zeros((n_threads, n_s), np.float64)
    dist = np.full((n_threads, n), np.inf)
    pred = np.zeros((n_threads, n), np.int32)
    order = np.empty((n_threads, n), np.int32)
    node_flow = np.zeros((n_threads, n), np.float64)
    is_target = np.zeros((n_threads, n), np.bool_)
    heap_keys = np.empty((n_threads, n_s + 1), np.float64)
    heap_vals = np.empty((n_threads, n_s + 1), np.int32)
    sptt = np.zeros(n_threads, np.float64)
    missing = np.zeros(n_threads, np.int64)
    for i in numba.prange(origins.shape[0]):
        t = numba.get_thread_id()  # type: ignore[attr-defined,unused-ignore]
        lo = dest_ptr[i]
        hi = dest_ptr[i + 1]
        found, u = _one_origin_shortcuts(
            graph, weights, n_inner, origins[i], dest_vertices[lo:hi], dest_demand[lo:hi],
            per_thread[t], dist[t], pred[t], order[t], node_flow[t], is_target[t],
            heap_keys[t], heap_vals[t],
        )  # fmt: skip
        sptt[t] += found
        missing[t] += u
    out = np.zeros(n_slots, np.float64)
    for s in range(n_s):
        f = per_thread[0, s]
        for t in range(1, n_threads):
            f += per_thread[t, s]
        if f > 0.0:
            for q in range(chain_ptr[s], chain_ptr[s + 1]):
                out[entry_link[chain[q]]] += f
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
