"""Kernels of Dial's Algorithm B (:mod:`corridor.assignment.bush`).

Compiled with numba when it is installed (a default dependency); without numba the very
same functions run as plain Python, which is only fit for small problems.

Graph arrays are those of :class:`~corridor.assignment.aon.LoadingGraph`: a CSR forward
star (``indptr``, ``indices``), the tail vertex and link slot of every entry (slot
``n_links`` is a zero-cost connector). Link state is per slot: flow ``x``, generalised
cost ``cost``, its derivative ``der`` and the volume-delay parameters ``fft``, ``cap``,
``alpha``, ``beta``, ``kind`` (0 BPR, 1 conical, 2 queue, as :data:`~.vdf.VDF_KINDS`) and
the flow-independent ``fixed`` cost. Per origin, ``bush`` marks the entries of its bush
and ``flow`` holds the origin's flow on each entry.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, TypeVar, cast

import numpy as np
import numpy.typing as npt

from corridor._dependencies import try_import

__all__ = ["HAS_NUMBA", "link_costs", "od_rows", "origin_rows", "sweep"]

_F = TypeVar("_F", bound=Callable[..., Any])
_NUMBA = try_import("numba")
HAS_NUMBA = _NUMBA is not None
"""Whether the kernels are compiled (numba installed)."""

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


#: Newton steps per shift (each re-evaluates the two segments at the new flows).
_NEWTON_STEPS = 3
#: ``used_only`` values of :func:`_labels`.
_ALL_ENTRIES = False
_USED_ENTRIES = True
#: Origin flows below this fraction of the origin's demand are rounding crumbs.
_CRUMB = 1e-13


def _jit(func: _F) -> _F:
    if _NUMBA is None:  # pragma: no cover - numba is a default dependency
        return func
    return cast("_F", _NUMBA.njit(cache=True, nogil=True)(func))


@_jit
def _cost_der(  # noqa: PLR0917
    x: float, fft: float, cap: float, alpha: float, beta: float, kind: int, fixed: float
) -> tuple[float, float]:  # pragma: no cover - compiled
    """Generalised cost and its derivative of one link at flow ``x``."""
    x = max(x, 0.0)
    if kind == 0:  # BPR
        if alpha * fft == 0.0:
            return fft + fixed, 0.0
        r = x / cap
        if beta == 0.0:
            return fft * (1.0 + alpha) + fixed, 0.0
        if r > 0.0:
            p = r ** (beta - 1.0)
            return fft * (1.0 + alpha * p * r) + fixed, fft * alpha * beta * p / cap
        if beta == 1.0:
            return fft + fixed, fft * alpha / cap
        return fft + fixed, 0.0
    if kind == 1:  # conical
        g = (2.0 * alpha - 1.0) / (2.0 * alpha - 2.0)
        u = alpha * (1.0 - x / cap)
        root = math.sqrt(u * u + g * g)
        return (
            fft * (2.0 + root - u - g) + fixed,
            fft * (alpha / cap) * (1.0 - u / root),
        )
    # queue: alpha = delay scale, beta = rho_max
    rho = x / cap
    r = min(rho, beta)
    excess = max(rho - beta, 0.0)
    t = fft + alpha * (r / (1.0 - r) + excess / ((1.0 - beta) ** 2))
    return t + fixed, alpha / (cap * (1.0 - r) ** 2)


@_jit
def link_costs(  # noqa: PLR0917
    x: FloatArray,
    fft: FloatArray,
    cap: FloatArray,
    alpha: FloatArray,
    beta: FloatArray,
    kind: npt.NDArray[np.int8],
    fixed: FloatArray,
    cost: FloatArray,
    der: FloatArray,
) -> None:  # pragma: no cover - compiled
    """Fill ``cost`` and ``der`` of every slot at flows ``x``."""
    for i in range(x.shape[0]):
        c, d = _cost_der(x[i], fft[i], cap[i], alpha[i], beta[i], kind[i], fixed[i])
        cost[i] = c
        der[i] = d


@_jit
def _topological(  # noqa: PLR0917
    indptr: IntArray,
    indices: npt.NDArray[np.int32],
    bush: BoolArray,
    source: int,
    order: IntArray,
    indeg: IntArray,
) -> int:  # pragma: no cover - compiled
    """Topological order of the bush's vertices reachable from ``source``; ``-1`` on a cycle."""
    n = indptr.shape[0] - 1
    indeg[:] = 0
    n_in = 0
    for k in range(indices.shape[0]):
        if bush[k]:
            indeg[indices[k]] += 1
            n_in += 1
    order[0] = source
    head = 0
    size = 1
    seen = 0
    while head < size:
        u = order[head]
        head += 1
        for k in range(indptr[u], indptr[u + 1]):
            if bush[k]:
                seen += 1
                v = indices[k]
                indeg[v] -= 1
                if indeg[v] == 0:
                    order[size] = v
                    size += 1
    if seen != n_in or size > n:
        return -1
    return size


@_jit
def _labels(  # noqa: PLR0917
    indptr: IntArray,
    indices: npt.NDArray[np.int32],
    entry_link: IntArray,
    bush: BoolArray,
    flow: FloatArray,
    cost: FloatArray,
    order: IntArray,
    n_order: int,
    low: FloatArray,
    high: FloatArray,
    minpred: IntArray,
    maxpred: IntArray,
    used_only: bool,
) -> None:  # pragma: no cover - compiled
    """Shortest and longest path costs from the source within the bush.

    ``high`` is over used entries (positive flow) when ``used_only``, else over all.
    """
    low[:] = np.inf
    high[:] = -np.inf
    s = order[0]
    low[s] = 0.0
    high[s] = 0.0
    minpred[s] = -1
    maxpred[s] = -1
    for r in range(n_order):
        u = order[r]
        lu = low[u]
        hu = high[u]
        for k in range(indptr[u], indptr[u + 1]):
            if not bush[k]:
                continue
            v = indices[k]
            c = cost[entry_link[k]]
            if lu + c < low[v]:
                low[v] = lu + c
                minpred[v] = k
            if hu > -np.inf and (not used_only or flow[k] > 0.0) and hu + c > high[v]:
                high[v] = hu + c
                maxpred[v] = k


@_jit
def _update_bush(  # noqa: PLR0917
    indptr: IntArray,
    indices: npt.NDArray[np.int32],
    tails: IntArray,
    entry_link: IntArray,
    bush: BoolArray,
    flow: FloatArray,
    x: FloatArray,
    cost: FloatArray,
    order: IntArray,
    n_order: int,
    low: FloatArray,
    high: FloatArray,
    minpred: IntArray,
    maxpred: IntArray,
    eps: float,
) -> int:  # pragma: no cover - compiled
    """Drop unused entries (keeping the shortest-path tree), add shortcuts; return added.

    Entries with flow at most ``eps`` count as unused and lose that flow.

    An entry ``(i, j)`` is added when ``high_i + c_ij < high_j`` with ``high`` the longest
    path costs within the bush (Dial, 2006), or when it shortens the shortest path,
    ``low_i + c_ij < low_j``, and ``high_i < high_j``: every bush entry has
    ``high_j >= high_i`` and every added one ``high_j > high_i``, so the bush stays acyclic.
    The labels are those of the bush before unused entries are dropped: they still bound
    every remaining entry (``high_j >= high_i + c_ij``), and one labelling pass is saved.
    """
    _labels(
        indptr, indices, entry_link, bush, flow, cost, order, n_order, low, high, minpred,
        maxpred, _ALL_ENTRIES,
    )  # fmt: skip
    for k in range(indices.shape[0]):
        if bush[k] and flow[k] <= eps and minpred[indices[k]] != k:
            # Rounding leaves crumbs (1e-16) on links whose tail no longer receives flow;
            # they would pin a link in the bush that blocks a shortcut the other way.
            x[entry_link[k]] -= flow[k]
            flow[k] = 0.0
            bush[k] = False
    added = 0
    for k in range(indices.shape[0]):
        if bush[k]:
            continue
        i = tails[k]
        if low[i] == np.inf:
            continue
        j = indices[k]
        c = cost[entry_link[k]]
        if high[i] + c < high[j] or (high[i] < high[j] and low[i] + c < low[j]):
            bush[k] = True
            added += 1
    return added


@_jit
def _shift(  # noqa: PLR0917
    tails: IntArray,
    entry_link: IntArray,
    flow: FloatArray,
    x: FloatArray,
    cost: FloatArray,
    der: FloatArray,
    params: tuple[FloatArray, FloatArray, FloatArray, FloatArray, npt.NDArray[np.int8], FloatArray],
    j: int,
    position: IntArray,
    minpred: IntArray,
    maxpred: IntArray,
) -> float:  # pragma: no cover - compiled
    """Move flow at ``j`` from the longest used to the shortest path segment (Newton step).

    The segments run from the last node the two paths share to ``j``, found by walking
    both back, always the one at the later topological ``position``. Returns the flow
    moved.
    """
    fft, cap, alpha, beta, kind, fixed = params
    a = tails[minpred[j]]
    m = tails[maxpred[j]]
    while a != m:
        if position[a] > position[m]:
            a = tails[minpred[a]]
        else:
            m = tails[maxpred[m]]
    moved = 0.0
    for step in range(_NEWTON_STEPS):
        c_max = 0.0
        slope = 0.0
        room = np.inf
        v = j
        while v != m:
            k = maxpred[v]
            a = entry_link[k]
            c_max += cost[a]
            slope += der[a]
            room = min(room, flow[k])
            v = tails[k]
        c_min = 0.0
        v = j
        while v != m:
            k = minpred[v]
            a = entry_link[k]
            c_min += cost[a]
            slope += der[a]
            v = tails[k]
        diff = c_max - c_min
        if step == 0 and (diff <= 0.0 or room <= 0.0):
            return 0.0
        # Without a slope (constant costs) move all the room, or back all that moved.
        fallback = room if diff > 0.0 else -moved
        delta = diff / slope if slope > 0.0 else fallback
        delta = max(min(delta, room), -moved)
        if delta == 0.0:
            break
        v = j
        while v != m:
            k = maxpred[v]
            a = entry_link[k]
            flow[k] = max(flow[k] - delta, 0.0)
            x[a] -= delta
            cost[a], der[a] = _cost_der(x[a], fft[a], cap[a], alpha[a], beta[a], kind[a], fixed[a])
            v = tails[k]
        v = j
        while v != m:
            k = minpred[v]
            a = entry_link[k]
            flow[k] = max(flow[k] + delta, 0.0)
            x[a] += delta
            cost[a], der[a] = _cost_der(x[a], fft[a], cap[a], alpha[a], beta[a], kind[a], fixed[a])
            v = tails[k]
        moved += delta
        if delta == room:
            break
    return moved


@_jit
def _load_tree(  # noqa: PLR0917
    tails: IntArray,
    entry_link: IntArray,
    flow: FloatArray,
    x: FloatArray,
    order: IntArray,
    n_order: int,
    minpred: IntArray,
    node_flow: FloatArray,
) -> None:  # pragma: no cover - compiled
    """Push ``node_flow`` (the demand at each vertex) up the shortest-path tree."""
    for r in range(n_order - 1, 0, -1):
        v = order[r]
        f = node_flow[v]
        if f > 0.0:
            k = minpred[v]
            flow[k] += f
            x[entry_link[k]] += f
            node_flow[tails[k]] += f
            node_flow[v] = 0.0
    node_flow[order[0]] = 0.0


@_jit
def sweep(  # noqa: PLR0917
    indptr: IntArray,
    indices: npt.NDArray[np.int32],
    tails: IntArray,
    entry_link: IntArray,
    sources: IntArray,
    dest_vertices: IntArray,
    demand: FloatArray,
    bush: BoolArray,
    flow: FloatArray,
    x: FloatArray,
    cost: FloatArray,
    der: FloatArray,
    params: tuple[FloatArray, FloatArray, FloatArray, FloatArray, npt.NDArray[np.int8], FloatArray],
    initial: bool,
    update: bool,
    passes: int,
    rel_tol: float,
) -> int:  # pragma: no cover - compiled
    """One Algorithm B sweep over all origins, Gauss-Seidel (costs follow each shift).

    With ``initial``, ``bush`` holds each origin's shortest-path tree and its demand is
    loaded on it (no shifts). Otherwise each bush is updated (if ``update``), then
    equilibrated by up to
    ``passes`` rounds of shifts at every vertex whose longest used and shortest path
    costs differ by more than ``rel_tol`` of the longest. Returns ``-1`` if a bush had a
    cycle, else the number of entries added to bushes.
    """
    n = indptr.shape[0] - 1
    order = np.empty(n, np.int64)
    indeg = np.empty(n, np.int64)
    low = np.empty(n, np.float64)
    high = np.empty(n, np.float64)
    minpred = np.full(n, -1, np.int64)
    maxpred = np.full(n, -1, np.int64)
    position = np.zeros(n, np.int64)
    node_flow = np.zeros(n, np.float64)
    added = 0
    for o in range(sources.shape[0]):
        s = sources[o]
        b = bush[o]
        f = flow[o]
        n_order = _topological(indptr, indices, b, s, order, indeg)
        if n_order < 0:
            return -1
        if initial:
            _labels(
                indptr, indices, entry_link, b, f, cost, order, n_order, low, high, minpred,
                maxpred, _ALL_ENTRIES,
            )  # fmt: skip
            for z in range(dest_vertices.shape[0]):
                node_flow[dest_vertices[z]] += demand[o, z]
            _load_tree(tails, entry_link, f, x, order, n_order, minpred, node_flow)
            continue
        if not update:
            new = 0
        else:
            eps = _CRUMB * demand[o].sum()
            new = _update_bush(
                indptr, indices, tails, entry_link, b, f, x, cost, order, n_order, low, high,
                minpred, maxpred, eps,
            )  # fmt: skip
        added += new
        if new > 0:
            n_order = _topological(indptr, indices, b, s, order, indeg)
            if n_order < 0:
                return -1
        for r in range(n_order):
            position[order[r]] = r
        for _ in range(passes):
            _labels(
                indptr, indices, entry_link, b, f, cost, order, n_order, low, high, minpred,
                maxpred, _USED_ENTRIES,
            )  # fmt: skip
            moved = False
            for r in range(n_order - 1, 0, -1):
                j = order[r]
                hj = high[j]
                if hj == -np.inf or hj - low[j] <= rel_tol * hj:
                    continue
                delta = _shift(
                    tails, entry_link, f, x, cost, der, params, j, position, minpred, maxpred
                )
                moved = moved or delta > 0.0
            if not moved:
                break
    return added


@_jit
def origin_rows(
    entry_link: IntArray, flow: FloatArray, n_links: int
) -> FloatArray:  # pragma: no cover - compiled
    """Each origin's flow on each link, ``(origins, n_links)``."""
    out = np.zeros((flow.shape[0], n_links + 1), np.float64)
    for o in range(flow.shape[0]):
        for k in range(flow.shape[1]):
            out[o, entry_link[k]] += flow[o, k]
    return out[:, :n_links].copy()


@_jit
def od_rows(  # noqa: PLR0917
    indptr: IntArray,
    indices: npt.NDArray[np.int32],
    tails: IntArray,
    entry_link: IntArray,
    sources: IntArray,
    dest_vertices: IntArray,
    demand: FloatArray,
    bush: BoolArray,
    flow: FloatArray,
    n_links: int,
    n_rows: int,
) -> FloatArray:  # pragma: no cover - compiled
    """Each OD pair's flow on each link, split in proportion at every vertex.

    Within an origin's bush, the flow into a vertex is shared among the destinations in the
    same proportions on every entry into it (Bar-Gera's proportionality): the rows of an
    origin add up to its flows, and each carries exactly its own demand.
    """
    n = indptr.shape[0] - 1
    order = np.empty(n, np.int64)
    indeg = np.empty(n, np.int64)
    position = np.empty(n, np.int64)
    inflow = np.zeros(n, np.float64)
    bound = np.zeros(n, np.float64)
    used = np.empty(indices.shape[0], np.int64)
    used_pos = np.empty(indices.shape[0], np.int64)
    out = np.zeros((n_rows, n_links + 1), np.float64)
    row = 0
    for o in range(sources.shape[0]):
        b = bush[o]
        f = flow[o]
        n_order = _topological(indptr, indices, b, sources[o], order, indeg)
        inflow[:] = 0.0
        # Used entries by their tail's topological position, last first.
        n_used = 0
        for r in range(n_order - 1, -1, -1):
            u = order[r]
            position[u] = r
            for k in range(indptr[u], indptr[u + 1]):
                if b[k] and f[k] > 0.0:
                    inflow[indices[k]] += f[k]
                    used[n_used] = k
                    used_pos[n_used] = r
                    n_used += 1
        for z in range(dest_vertices.shape[0]):
            d = demand[o, z]
            if d <= 0.0:
                continue
            t = dest_vertices[z]
            bound[t] = d
            # Only entries whose tail comes before t in the order can lead to t.
            first = 0
            while first < n_used and used_pos[first] >= position[t]:
                first += 1
            for i in range(first, n_used):
                k = used[i]
                v = indices[k]
                if bound[v] > 0.0:
                    share = f[k] * bound[v] / inflow[v]
                    bound[tails[k]] += share
                    out[row, entry_link[k]] += share
            for i in range(first, n_used):
                bound[tails[used[i]]] = 0.0
            bound[t] = 0.0
            row += 1
    return out[:, :n_links].copy()
