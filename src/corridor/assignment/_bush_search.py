"""Shortest-path search of Algorithm B and of the all-or-nothing kernel.

Compiled with numba when it is installed (a default dependency); without numba the very
same functions run as plain Python, which is only fit for small problems.

The search runs on the loading graph without its chain vertices
(:attr:`~corridor.assignment.aon.LoadingGraph.shortcuts`, built by :func:`shortcuts`): a
chain of vertices with one way through becomes one shortcut whose cost is the sum of its
entries'. The heap is 4-ary (fewer levels than a binary one; ~15% faster on
Berlin-Center).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numpy as np
import numpy.typing as npt

from corridor._dependencies import try_import

__all__ = ["heap_pop4", "heap_push4", "shortcuts", "trees"]

_F = TypeVar("_F", bound=Callable[..., Any])
_NUMBA = try_import("numba")

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
OrderArray = npt.NDArray[np.int32]
#: :func:`shortcuts`' result: ``ptr``, ``tail``, ``head``, ``chain_ptr``, ``chain``.
_Shortcuts = tuple[IntArray, IntArray, IntArray, IntArray, IntArray]


def _jit(func: _F) -> _F:
    if _NUMBA is None:  # pragma: no cover - numba is a default dependency
        return func
    return cast("_F", _NUMBA.njit(cache=True, nogil=True)(func))


def _jit_parallel(func: _F) -> _F:
    if _NUMBA is None:  # pragma: no cover - numba is a default dependency
        return func
    return cast("_F", _NUMBA.njit(cache=True, nogil=True, parallel=True)(func))


_prange = range if _NUMBA is None else _NUMBA.prange


@_jit
def heap_push4(
    keys: FloatArray, vals: IntArray, size: int, key: float, val: int
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


@_jit
def heap_pop4(
    keys: FloatArray, vals: IntArray, size: int
) -> tuple[float, int, int]:  # pragma: no cover - compiled
    """Pop the smallest key: return it, its value and the new size."""
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
        last = min(first + 4, size)
        for child in range(first + 1, last):
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


@_jit
def shortcuts(
    indptr: IntArray, indices: npt.NDArray[np.int32], interior: BoolArray
) -> tuple[IntArray, IntArray, IntArray, IntArray, IntArray]:  # pragma: no cover - compiled
    """The graph without its ``interior`` (chain) vertices: one shortcut per chain.

    From every other vertex, each entry is followed through interior vertices (an interior
    vertex has one way on, or two neighbours it links both ways, and it goes on to the
    neighbour it was not entered from) to the next other vertex. Chains back to where they
    start are left out. Returns the shortcuts' CSR ``ptr`` (by tail), ``tail``, ``head``,
    and the entries of each (``chain[chain_ptr[s]:chain_ptr[s + 1]]``, in path order).
    """
    n = indptr.shape[0] - 1
    n_e = indices.shape[0]
    ptr = np.zeros(n + 1, np.int64)
    tail = np.empty(n_e, np.int64)
    head = np.empty(n_e, np.int64)
    chain_ptr = np.zeros(n_e + 1, np.int64)
    chain = np.empty(n_e, np.int64)
    n_s = 0
    n_c = 0
    for u in range(n):
        ptr[u] = n_s
        if interior[u]:
            continue
        for k in range(indptr[u], indptr[u + 1]):
            start = n_c
            chain[n_c] = k
            n_c += 1
            prev = u
            v = indices[k]
            while interior[v] and n_c - start <= n_e:
                a = indptr[v]
                step = a if indptr[v + 1] - a == 1 or indices[a] != prev else a + 1
                chain[n_c] = step
                n_c += 1
                prev = v
                v = indices[step]
            if v == u or interior[v]:
                n_c = start
                continue
            tail[n_s] = u
            head[n_s] = v
            n_s += 1
            chain_ptr[n_s] = n_c
    ptr[n] = n_s
    return (
        ptr,
        tail[:n_s].copy(),
        head[:n_s].copy(),
        chain_ptr[: n_s + 1].copy(),
        chain[:n_c].copy(),
    )


@_jit
def _tree_one(  # noqa: PLR0917
    graph: _Shortcuts,
    weights: FloatArray,
    source: int,
    demand_vertex: IntArray,
    demand_row: FloatArray,
    tree_row: OrderArray,
    dist: FloatArray,
    pred: IntArray,
    settled: IntArray,
    mark: BoolArray,
    heap_keys: FloatArray,
    heap_vals: IntArray,
) -> tuple[float, int, int]:  # pragma: no cover - compiled
    """Shortest paths from ``source`` to its destinations, on the shortcut graph.

    Dijkstra stops once the destinations are all settled. The entries of the paths to them
    (the chains of their shortcuts) are written to ``tree_row`` in settling order of the
    shortcuts' heads (a topological order of the tree). Returns ``Σ demand · dist``, the
    number of destinations not reached and the number of entries written.
    """
    ptr, tail, head, chain_ptr, chain = graph
    dist[:] = np.inf
    remaining = 0
    for z in range(demand_vertex.shape[0]):
        v = demand_vertex[z]
        if not mark[v]:
            mark[v] = True
            remaining += 1
    dist[source] = 0.0
    pred[source] = -1
    size = heap_push4(heap_keys, heap_vals, 0, 0.0, source)
    n_settled = 0
    while size > 0 and remaining > 0:
        du, u, size = heap_pop4(heap_keys, heap_vals, size)
        if du > dist[u]:
            continue
        settled[n_settled] = u
        n_settled += 1
        if mark[u]:
            mark[u] = False
            remaining -= 1
        for s in range(ptr[u], ptr[u + 1]):
            v = head[s]
            nd = du + weights[s]
            if nd < dist[v]:
                dist[v] = nd
                pred[v] = s
                size = heap_push4(heap_keys, heap_vals, size, nd, v)
    sptt = 0.0
    missing = 0
    for z in range(demand_vertex.shape[0]):
        v = demand_vertex[z]
        mark[v] = False
        if dist[v] < np.inf:
            sptt += demand_row[z] * dist[v]
        else:
            missing += 1
    # Mark the vertices on the paths to the destinations, then list their entries.
    for z in range(demand_vertex.shape[0]):
        v = demand_vertex[z]
        if dist[v] == np.inf:
            continue
        while v != source and not mark[v]:
            mark[v] = True
            v = tail[pred[v]]
    count = 0
    for r in range(n_settled):
        v = settled[r]
        if mark[v]:
            mark[v] = False
            s = pred[v]
            for q in range(chain_ptr[s], chain_ptr[s + 1]):
                tree_row[count] = chain[q]
                count += 1
    return sptt, missing, count


@_jit_parallel
def trees(  # noqa: PLR0917
    graph: _Shortcuts,
    entry_weights: FloatArray,
    sources: IntArray,
    demand_ptr: IntArray,
    demand_vertex: IntArray,
    demand: FloatArray,
    tree: npt.NDArray[np.int32],
    n_tree: IntArray,
    n_threads: int,
) -> tuple[float, int]:  # pragma: no cover - compiled
    """Each origin's shortest paths to its destinations (:func:`_tree_one`), in parallel.

    ``graph`` is :func:`shortcuts`' result, ``entry_weights`` the cost of each entry of
    the full graph. Row ``o`` of ``tree`` receives origin ``o``'s path entries,
    ``n_tree[o]`` of them. Returns the total shortest-path cost (SPTT) and the number of
    OD pairs with demand that have no path.
    """
    ptr, _, head, chain_ptr, chain = graph
    n = ptr.shape[0] - 1
    n_s = head.shape[0]
    weights = np.zeros(n_s, np.float64)
    for s in range(n_s):
        for q in range(chain_ptr[s], chain_ptr[s + 1]):
            weights[s] += entry_weights[chain[q]]
    n_origins = sources.shape[0]
    sptt = np.zeros(n_threads, np.float64)
    missing = np.zeros(n_threads, np.int64)
    for t in _prange(n_threads):
        dist = np.empty(n, np.float64)
        pred = np.full(n, -1, np.int64)
        settled = np.empty(n, np.int64)
        mark = np.zeros(n, np.bool_)
        heap_keys = np.empty(n_s + 1, np.float64)
        heap_vals = np.empty(n_s + 1, np.int64)
        for o in range(t, n_origins, n_threads):
            lo = demand_ptr[o]
            hi = demand_ptr[o + 1]
            cost, m, count = _tree_one(
                graph, weights, sources[o], demand_vertex[lo:hi], demand[lo:hi], tree[o],
                dist, pred, settled, mark, heap_keys, heap_vals,
            )  # fmt: skip
            n_tree[o] = count
            sptt[t] += cost
            missing[t] += m
    return sptt.sum(), missing.sum()
