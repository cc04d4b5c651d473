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

__all__ = [
    "EQUILIBRATE",
    "HAS_NUMBA",
    "INITIAL",
    "UPDATE",
    "add_bush_flows",
    "bush_flows",
    "link_costs",
    "link_flows",
    "od_rows",
    "origin_rows",
    "sweep",
]

_F = TypeVar("_F", bound=Callable[..., Any])
_NUMBA = try_import("numba")
HAS_NUMBA = _NUMBA is not None
"""Whether the kernels are compiled (numba installed)."""

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
OrderArray = npt.NDArray[np.int32]
_Params = tuple[FloatArray, FloatArray, FloatArray, FloatArray, npt.NDArray[np.int8], FloatArray]
#: Work arrays of one sweep, one entry per vertex: ``low``, ``high``, ``minpred``,
#: ``maxpred``, ``need`` (the origin's demand at each vertex), ``alive``, ``inb`` (in the
#: bush), ``spare`` (a vertex list) and ``indeg``.
_Work = tuple[
    FloatArray, FloatArray, IntArray, IntArray, FloatArray, BoolArray, BoolArray, IntArray,
    IntArray,
]  # fmt: skip

#: ``mode`` values of :func:`sweep`.
INITIAL = 0
UPDATE = 1
EQUILIBRATE = 2


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
    order: OrderArray,
    n_order: int,
    low: FloatArray,
    high: FloatArray,
    minpred: IntArray,
    maxpred: IntArray,
    used_only: bool,
) -> None:  # pragma: no cover - compiled
    """Shortest and longest path costs from the source within the bush.

    ``high`` is over used entries (positive flow) when ``used_only``, else over all. Only
    the labels of the bush's vertices (``order[:n_order]``) are written.
    """
    for r in range(n_order):
        v = order[r]
        low[v] = np.inf
        high[v] = -np.inf
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
def _shift(  # noqa: PLR0917
    tails: IntArray,
    entry_link: IntArray,
    flow: FloatArray,
    x: FloatArray,
    cost: FloatArray,
    der: FloatArray,
    params: _Params,
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
def _update_bush(  # noqa: PLR0917
    indptr: IntArray,
    indices: npt.NDArray[np.int32],
    tails: IntArray,
    entry_link: IntArray,
    bush: BoolArray,
    flow: FloatArray,
    x: FloatArray,
    cost: FloatArray,
    order: OrderArray,
    n_order: int,
    tree_row: OrderArray,
    n_tree: int,
    work: _Work,
    eps: float,
) -> tuple[int, int]:  # pragma: no cover - compiled
    """Drop unused entries, add shortcuts and shortest-path entries; return the new size.

    1. In reverse topological order, a vertex stays if it is the source, a destination
       with demand or the tail of a kept entry; an entry stays if its head stays and it
       carries more than ``eps`` (or is the head's shortest-path entry in the bush).
       Dropped entries lose their flow (rounding crumbs).
    2. An entry ``(i, j)`` between two bush vertices is added when ``high_i + c_ij <
       high_j`` with ``high`` the longest path costs within the bush (Dial, 2006), or when
       it shortens the shortest path, ``low_i + c_ij < low_j``, and ``high_i < high_j``.
    3. Each entry of the origin's shortest paths to its destinations (``tree_row``) is
       added if its head is not in the bush (the head joins with ``high_j = high_i +
       c_ij``) or if ``high_i < high_j``.

    Every kept entry has ``high_j >= high_i`` and every added one ``high_j > high_i`` or a
    new head with a single entry in, so the bush stays acyclic. The labels are those of the
    bush before unused entries are dropped: they still bound every kept entry. The
    topological order is rebuilt (on the bush's vertices only) when entries were added.
    Returns the new number of vertices (``-1`` if the bush became cyclic) and of entries.
    """
    low, high, minpred, maxpred, need, alive, inb, spare, indeg = work
    _labels(
        indptr, indices, entry_link, bush, flow, cost, order, n_order, low, high, minpred,
        maxpred, _ALL_ENTRIES,
    )  # fmt: skip
    kept = 0
    for r in range(n_order - 1, -1, -1):
        u = order[r]
        keep = r == 0 or need[u] > 0.0
        for k in range(indptr[u], indptr[u + 1]):
            if not bush[k]:
                continue
            v = indices[k]
            if alive[v] and (flow[k] > eps or minpred[v] == k):
                keep = True
                kept += 1
            else:
                # Rounding leaves crumbs (1e-16) on links whose tail no longer receives
                # flow; they would pin a link in the bush that blocks a shortcut.
                x[entry_link[k]] -= flow[k]
                flow[k] = 0.0
                bush[k] = False
        alive[u] = keep
    size = 0
    for r in range(n_order):
        u = order[r]
        if alive[u]:
            alive[u] = False
            inb[u] = True
            spare[size] = u
            size += 1
    added = 0
    for r in range(size):
        i = spare[r]
        hi = high[i]
        li = low[i]
        for k in range(indptr[i], indptr[i + 1]):
            if bush[k]:
                continue
            j = indices[k]
            if not inb[j]:
                continue
            c = cost[entry_link[k]]
            if hi + c < high[j] or (hi < high[j] and li + c < low[j]):
                bush[k] = True
                added += 1
    n_vertices = size
    for q in range(n_tree):
        k = tree_row[q]
        if bush[k]:
            continue
        i = tails[k]
        j = indices[k]
        if not inb[i]:  # pragma: no cover - the tree's tails are in the bush by now
            continue
        c = cost[entry_link[k]]
        if not inb[j]:
            inb[j] = True
            high[j] = high[i] + c
            low[j] = low[i] + c
            spare[n_vertices] = j
            n_vertices += 1
        elif not high[i] < high[j]:
            continue
        bush[k] = True
        added += 1
    if added == 0:
        for r in range(size):
            order[r] = spare[r]
            inb[spare[r]] = False
        return size, kept
    # Kahn's algorithm on the bush's vertices.
    for r in range(n_vertices):
        indeg[spare[r]] = 0
    for r in range(n_vertices):
        u = spare[r]
        inb[u] = False
        for k in range(indptr[u], indptr[u + 1]):
            if bush[k]:
                indeg[indices[k]] += 1
    order[0] = spare[0]
    head = 0
    n_new = 1
    while head < n_new:
        u = order[head]
        head += 1
        for k in range(indptr[u], indptr[u + 1]):
            if bush[k]:
                v = indices[k]
                indeg[v] -= 1
                if indeg[v] == 0:
                    order[n_new] = v
                    n_new += 1
    return (n_new if n_new == n_vertices else -1), kept + added


@_jit
def _initial_bush(  # noqa: PLR0917
    indices: npt.NDArray[np.int32],
    tails: IntArray,
    entry_link: IntArray,
    bush: BoolArray,
    flow: FloatArray,
    x: FloatArray,
    source: int,
    order: OrderArray,
    tree_row: OrderArray,
    n_tree: int,
    need: FloatArray,
) -> int:  # pragma: no cover - compiled
    """Make the origin's shortest paths its bush and load ``need`` (its demand) on them."""
    order[0] = source
    for q in range(n_tree):
        k = tree_row[q]
        bush[k] = True
        order[q + 1] = indices[k]
    for q in range(n_tree - 1, -1, -1):
        k = tree_row[q]
        v = indices[k]
        f = need[v]
        if f > 0.0:
            flow[k] += f
            x[entry_link[k]] += f
            need[tails[k]] += f
            need[v] = 0.0
    need[source] = 0.0
    return n_tree + 1


@_jit
def _equilibrate(  # noqa: PLR0917
    indptr: IntArray,
    indices: npt.NDArray[np.int32],
    tails: IntArray,
    entry_link: IntArray,
    bush: BoolArray,
    flow: FloatArray,
    x: FloatArray,
    cost: FloatArray,
    der: FloatArray,
    params: _Params,
    order: OrderArray,
    n_order: int,
    work: _Work,
    position: IntArray,
    passes: int,
    rel_tol: float,
) -> None:  # pragma: no cover - compiled
    """Equilibrate one bush: up to ``passes`` rounds of shifts, last vertex first.

    A vertex is shifted when its longest used and shortest path costs differ by more than
    ``rel_tol`` of the longest.
    """
    low, high, minpred, maxpred = work[0], work[1], work[2], work[3]
    for r in range(n_order):
        position[order[r]] = r
    for _ in range(passes):
        _labels(
            indptr, indices, entry_link, bush, flow, cost, order, n_order, low, high, minpred,
            maxpred, _USED_ENTRIES,
        )  # fmt: skip
        moved = False
        for r in range(n_order - 1, 0, -1):
            j = order[r]
            hj = high[j]
            if hj == -np.inf or hj - low[j] <= rel_tol * hj:
                continue
            delta = _shift(
                tails, entry_link, flow, x, cost, der, params, j, position, minpred, maxpred
            )
            moved = moved or delta > 0.0
        if not moved:
            break


@_jit
def sweep(  # noqa: PLR0917
    indptr: IntArray,
    indices: npt.NDArray[np.int32],
    tails: IntArray,
    entry_link: IntArray,
    sources: IntArray,
    demand_ptr: IntArray,
    demand_vertex: IntArray,
    demand: FloatArray,
    bush: BoolArray,
    flow: FloatArray,
    order: npt.NDArray[np.int32],
    n_order: IntArray,
    n_entries: IntArray,
    tree: npt.NDArray[np.int32],
    n_tree: IntArray,
    x: FloatArray,
    cost: FloatArray,
    der: FloatArray,
    params: _Params,
    mode: int,
    passes: int,
    rel_tol: float,
) -> int:  # pragma: no cover - compiled
    """One Algorithm B sweep over all origins, Gauss-Seidel (costs follow each shift).

    ``mode`` :data:`INITIAL`: each origin's bush becomes its shortest paths (``tree``) and
    its demand is loaded on them. :data:`UPDATE`: each bush is updated
    (:func:`_update_bush`, with the shortest paths of ``tree``) then equilibrated;
    :data:`EQUILIBRATE`: equilibrated only. ``order[o, :n_order[o]]`` is bush ``o``'s
    vertices in topological order, kept from sweep to sweep, and ``n_entries[o]`` the number
    of its entries: a bush that is a tree (one entry fewer than vertices) has nothing to
    equilibrate and is skipped. Origin ``o``'s demand is
    ``demand[demand_ptr[o]:demand_ptr[o + 1]]`` to the vertices of ``demand_vertex``
    (positive amounts only). Returns ``-1`` if a bush
    became cyclic, else the total number of bush vertices.
    """
    n = indptr.shape[0] - 1
    work = (
        np.empty(n, np.float64),
        np.empty(n, np.float64),
        np.full(n, -1, np.int64),
        np.full(n, -1, np.int64),
        np.zeros(n, np.float64),
        np.zeros(n, np.bool_),
        np.zeros(n, np.bool_),
        np.empty(n, np.int64),
        np.zeros(n, np.int64),
    )
    need = work[4]
    position = np.zeros(n, np.int64)
    total = 0
    for o in range(sources.shape[0]):
        total_demand = 0.0
        for z in range(demand_ptr[o], demand_ptr[o + 1]):
            need[demand_vertex[z]] += demand[z]
            total_demand += demand[z]
        if mode == INITIAL:
            n_order[o] = _initial_bush(
                indices, tails, entry_link, bush[o], flow[o], x, sources[o], order[o],
                tree[o], n_tree[o], need,
            )  # fmt: skip
            n_entries[o] = n_tree[o]
        else:
            if mode == UPDATE:
                eps = _CRUMB * total_demand
                size, entries = _update_bush(
                    indptr, indices, tails, entry_link, bush[o], flow[o], x, cost, order[o],
                    n_order[o], tree[o], n_tree[o], work, eps,
                )  # fmt: skip
                if size < 0:
                    return -1
                n_order[o] = size
                n_entries[o] = entries
            if n_entries[o] >= n_order[o]:
                _equilibrate(
                    indptr, indices, tails, entry_link, bush[o], flow[o], x, cost, der,
                    params, order[o], n_order[o], work, position, passes, rel_tol,
                )  # fmt: skip
        for z in range(demand_ptr[o], demand_ptr[o + 1]):
            need[demand_vertex[z]] = 0.0
        total += n_order[o]
    return total


@_jit
def link_flows(  # noqa: PLR0917
    indptr: IntArray,
    entry_link: IntArray,
    bush: BoolArray,
    flow: FloatArray,
    order: npt.NDArray[np.int32],
    n_order: IntArray,
    x: FloatArray,
) -> None:  # pragma: no cover - compiled
    """Set ``x`` (one slot per link, and the connector slot) to the sum of origin flows.

    Only bush entries carry origin flow, so only the bushes are visited.
    """
    x[:] = 0.0
    for o in range(bush.shape[0]):
        b = bush[o]
        f = flow[o]
        for r in range(n_order[o]):
            u = order[o, r]
            for k in range(indptr[u], indptr[u + 1]):
                if b[k]:
                    x[entry_link[k]] += f[k]
    x[x.shape[0] - 1] = 0.0


@_jit
def bush_flows(  # noqa: PLR0917
    indptr: IntArray,
    entry_link: IntArray,
    bush: BoolArray,
    flow: FloatArray,
    order: npt.NDArray[np.int32],
    n_order: IntArray,
) -> tuple[FloatArray, IntArray]:  # pragma: no cover - compiled
    """The origin flow on every bush entry, and its link slot, origin by origin.

    Entries come in the bushes' topological order, the same order while the bushes stay
    as they are (see :func:`add_bush_flows`).
    """
    size = 0
    for o in range(bush.shape[0]):
        for r in range(n_order[o]):
            u = order[o, r]
            size += indptr[u + 1] - indptr[u]
    values = np.empty(size, np.float64)
    links = np.empty(size, np.int64)
    m = 0
    for o in range(bush.shape[0]):
        b = bush[o]
        f = flow[o]
        for r in range(n_order[o]):
            u = order[o, r]
            for k in range(indptr[u], indptr[u + 1]):
                if b[k]:
                    values[m] = f[k]
                    links[m] = entry_link[k]
                    m += 1
    return values[:m], links[:m]


@_jit
def add_bush_flows(  # noqa: PLR0917
    indptr: IntArray,
    bush: BoolArray,
    flow: FloatArray,
    order: npt.NDArray[np.int32],
    n_order: IntArray,
    step: float,
    direction: FloatArray,
) -> None:  # pragma: no cover - compiled
    """Add ``step · direction`` (in :func:`bush_flows` order) to the bush flows, >= 0."""
    m = 0
    for o in range(bush.shape[0]):
        b = bush[o]
        f = flow[o]
        for r in range(n_order[o]):
            u = order[o, r]
            for k in range(indptr[u], indptr[u + 1]):
                if b[k]:
                    f[k] = max(f[k] + step * direction[m], 0.0)
                    m += 1


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
