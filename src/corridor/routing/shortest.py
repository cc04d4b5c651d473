"""Shortest paths on a directed graph held as CSR arrays.

This is the engine the multimodal routing calls: vertices are integers ``0..n-1``, edges are
rows of ``(tail, head, weight)``, weights are non-negative. The pure numpy/scipy path
(:mod:`scipy.sparse.csgraph`) is always available; when numba is installed
(numba, installed by default) compiled kernels are used for point-to-point queries
(A* with a great-circle lower bound) and for distance matrices (early-exit Dijkstra on all
cores). Both give the same distances; ``backend=`` picks one explicitly.

Point-to-point without numba is a bidirectional search built from two radius-limited
scipy Dijkstra runs (``limit=``) joined over the edges that cross between the two balls.

scipy is imported on first use only: in a short process (one ``corridor compare``) the
first point-to-point searches on small graphs run in pure Python (:func:`_python_search`),
which gives the very path scipy gives, so that importing ``scipy.sparse.csgraph``
(0.3-0.6 s) is not paid for a few milliseconds of searching.
"""

from __future__ import annotations

import heapq
import sys
from dataclasses import dataclass
from functools import cached_property
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import numpy as np
import numpy.typing as npt

from corridor._checks import check_instance, check_int, show
from corridor._dependencies import try_import
from corridor.exceptions import InvalidArgumentError

if TYPE_CHECKING:
    import scipy.sparse as sp

__all__ = [
    "MAX_VERTICES",
    "Backend",
    "CSRGraph",
    "distance_matrix",
    "distances_from",
    "has_numba",
    "largest_component",
    "path_edges",
    "shortest_path",
    "shortest_path_tree",
]

IntArray: TypeAlias = npt.NDArray[np.int64]
FloatArray: TypeAlias = npt.NDArray[np.float64]
Backend = Literal["auto", "scipy", "numba"]

#: Sources per scipy call in :func:`distance_matrix` is limited so that a block of full
#: distance rows stays under this many floats (256 MB).
_MATRIX_BLOCK_FLOATS = 32_000_000
#: Shrinks the great-circle lower bound a little so rounding never makes it inadmissible.
_BOUND_SAFETY = 1.0 - 1e-9


@dataclass(frozen=True, eq=False)
class CSRGraph:
    """A directed graph as compressed sparse rows.

    Build it with :meth:`from_edges`, which validates the input, keeps the lightest of
    parallel edges and sorts each row by head; a graph constructed directly must follow
    the same layout.

    Parameters
    ----------
    indptr
        Row pointers, length ``n_vertices + 1``; row ``u`` holds the edges leaving ``u``.
    indices
        Head vertex of each CSR entry (int32 when it fits, as scipy wants).
    weights
        Non-negative finite weight of each CSR entry.
    edge_ids
        For each CSR entry, the index of the input edge it came from.
    n_vertices
        Number of vertices.
    coords
        Optional ``(n_vertices, 2)`` array of longitude, latitude in degrees. When given,
        point-to-point queries use a great-circle lower bound to search less.
    """

    indptr: IntArray
    indices: npt.NDArray[np.signedinteger[Any]]
    weights: FloatArray
    edge_ids: IntArray
    n_vertices: int
    coords: FloatArray | None = None

    def __post_init__(self) -> None:
        n_entries = self.indices.shape[0]
        if self.indptr.shape != (self.n_vertices + 1,):
            raise InvalidArgumentError(
                f"indptr has shape {self.indptr.shape}, expected ({self.n_vertices + 1},)"
            )
        if self.weights.shape != (n_entries,) or self.edge_ids.shape != (n_entries,):
            raise InvalidArgumentError("indices, weights and edge_ids must have the same length")
        if self.coords is not None and self.coords.shape != (self.n_vertices, 2):
            raise InvalidArgumentError(
                f"coords has shape {self.coords.shape}, expected ({self.n_vertices}, 2)"
            )

    @classmethod
    def from_edges(
        cls,
        tail: npt.ArrayLike,
        head: npt.ArrayLike,
        weight: npt.ArrayLike,
        n_vertices: int,
        *,
        coords: npt.ArrayLike | None = None,
    ) -> CSRGraph:
        """Build a graph from edge arrays.

        Parallel edges keep the one of least weight (``edge_ids`` maps each CSR entry back
        to its input row); self-loops are dropped, since they never shorten a path; zero
        weights are kept as real edges.

        Parameters
        ----------
        tail, head
            Integer vertex ids in ``0..n_vertices-1``, one per edge.
        weight
            Edge weights: finite and non-negative, or ``+inf`` for an unusable edge (dropped).
        n_vertices
            Number of vertices.
        coords
            Optional ``(n_vertices, 2)`` longitude, latitude in degrees.

        Returns
        -------
        CSRGraph
            The graph.

        Raises
        ------
        InvalidArgumentError
            If the arrays differ in length or hold no numbers, a vertex id is out of range,
            a weight is negative or NaN, or ``n_vertices`` is not a whole number >= 0 (a
            ``ValueError`` too).
        """
        n_vertices = check_int("n_vertices", n_vertices, low=0, high=MAX_VERTICES)
        try:
            tails = np.asarray(tail)
            heads = np.asarray(head)
            weights = np.asarray(weight, dtype=np.float64)
        except (ValueError, TypeError, OverflowError) as exc:
            raise InvalidArgumentError(
                f"tail, head and weight must be lists of numbers ({exc}); fix the edge arrays"
            ) from None
        if not (tails.ndim == heads.ndim == weights.ndim == 1):
            raise InvalidArgumentError("tail, head and weight must be one-dimensional")
        if not (tails.shape == heads.shape == weights.shape):
            raise InvalidArgumentError(
                f"tail, head and weight differ in length: "
                f"{tails.shape[0]}, {heads.shape[0]}, {weights.shape[0]}"
            )
        for name, ids in (("tail", tails), ("head", heads)):
            if ids.size and not np.issubdtype(ids.dtype, np.integer):
                raise InvalidArgumentError(
                    f"{name} must hold integers, got dtype {ids.dtype}; use vertex ids"
                )
            if ids.size and (ids.min() < 0 or ids.max() >= n_vertices):
                raise InvalidArgumentError(
                    f"{name} has a vertex id outside 0..{n_vertices - 1}; raise n_vertices "
                    "or fix the id"
                )
        bad = np.isnan(weights) | (weights < 0)
        if bad.any():
            first = int(np.flatnonzero(bad)[0])
            raise InvalidArgumentError(
                f"edge {first} has weight {weights[first]!r}; weights must be >= 0 and not NaN"
            )
        tails = tails.astype(np.int64, copy=False)
        heads = heads.astype(np.int64, copy=False)
        keep = np.flatnonzero((tails != heads) & np.isfinite(weights))
        # One stable sort on tail * n + head (timsort: near-linear on the presorted edge
        # lists networks give, 0.015 s for a million edges against 1.1 s for a three-key
        # lexsort); weights decide only between parallel edges, sorted again when any.
        key = tails[keep] * n_vertices + heads[keep]
        order = np.argsort(key, kind="stable")
        key_sorted = key[order]
        same = key_sorted[1:] == key_sorted[:-1]
        order = keep[order]
        if same.any():
            order = keep[np.lexsort((weights[keep], heads[keep], tails[keep]))]
            t_sorted, h_sorted = tails[order], heads[order]
            is_first = np.ones(order.shape[0], dtype=bool)
            is_first[1:] = (t_sorted[1:] != t_sorted[:-1]) | (h_sorted[1:] != h_sorted[:-1])
            order = order[is_first]
        indptr = np.zeros(n_vertices + 1, dtype=np.int64)
        np.cumsum(np.bincount(tails[order], minlength=n_vertices), out=indptr[1:])
        index_dtype = np.int32 if n_vertices < 2**31 else np.int64
        xy = None
        if coords is not None:
            try:
                xy = np.asarray(coords, dtype=np.float64)
            except (ValueError, TypeError) as exc:
                raise InvalidArgumentError(
                    f"coords is not an array of (lon, lat) numbers ({exc})"
                ) from None
            if xy.shape != (n_vertices, 2):
                raise InvalidArgumentError(
                    f"coords has shape {xy.shape}, expected ({n_vertices}, 2): one (lon, lat) "
                    "per vertex"
                )
            if not np.isfinite(xy).all():
                raise InvalidArgumentError("coords must be finite (lon, lat) degrees, not NaN")
        return cls(
            indptr=indptr,
            indices=heads[order].astype(index_dtype),
            weights=weights[order],
            edge_ids=order.astype(np.int64),
            n_vertices=int(n_vertices),
            coords=xy,
        )

    @property
    def n_edges(self) -> int:
        """Number of CSR entries (edges after merging parallel ones)."""
        return int(self.indices.shape[0])

    def with_weights(self, weights: npt.ArrayLike) -> CSRGraph:
        """The same graph with other weights, one per CSR entry, in entry order.

        The structure (``indptr``, ``indices``, ``edge_ids``, coordinates) and what is
        derived from it alone are shared, not rebuilt: for repeated searches under
        changing weights (alternatives' penalties) this costs a fraction of
        :meth:`from_edges`. The caller keeps the layout's meaning: an entry that stood for
        the lightest of parallel edges still stands for the same input edge.

        Parameters
        ----------
        weights
            Finite, non-negative weight of each CSR entry.

        Returns
        -------
        CSRGraph
            A new graph; this one is unchanged.

        Raises
        ------
        InvalidArgumentError
            If ``weights`` has another length or holds a negative, NaN or infinite value.

        Examples
        --------
        >>> g = CSRGraph.from_edges([0, 1], [1, 2], [1.0, 2.0], 3)
        >>> shortest_path(g.with_weights([5.0, 0.5]), 0, 2)[0]
        5.5
        """
        try:
            w = np.asarray(weights, dtype=np.float64)
        except (ValueError, TypeError) as exc:
            raise InvalidArgumentError(f"weights: not a list of numbers ({exc})") from None
        if w.shape != (self.n_edges,):
            raise InvalidArgumentError(
                f"weights has shape {w.shape}, expected ({self.n_edges},): one per CSR entry"
            )
        if not (np.isfinite(w).all() and (w >= 0).all()):
            raise InvalidArgumentError("weights must be finite and >= 0 (use from_edges)")
        graph = CSRGraph(
            indptr=self.indptr,
            indices=self.indices,
            weights=w,
            edge_ids=self.edge_ids,
            n_vertices=self.n_vertices,
            coords=self.coords,
        )
        for name in _STRUCTURE_CACHES:  # cached values that depend on the structure only
            if name in self.__dict__:
                graph.__dict__[name] = self.__dict__[name]
        return graph

    @cached_property
    def matrix(self) -> sp.csr_array:
        """The graph as a scipy CSR array (explicit zero weights kept as edges)."""
        import scipy.sparse as sp  # noqa: PLC0415 - scipy on first use (fast start)

        n = self.n_vertices
        return sp.csr_array(
            (self.weights, self.indices.astype(np.int32, copy=False), self.indptr), shape=(n, n)
        )

    @cached_property
    def reverse_matrix(self) -> sp.csr_array:
        """The transposed graph as a scipy CSR array (for searches towards a target)."""
        import scipy.sparse as sp  # noqa: PLC0415 - scipy on first use (fast start)

        n = self.n_vertices
        tails = np.repeat(np.arange(n, dtype=np.int32), np.diff(self.indptr))
        order = np.lexsort((tails, self.indices))
        counts = np.bincount(self.indices, minlength=n)
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        return sp.csr_array((self.weights[order], tails[order], indptr), shape=(n, n))

    @cached_property
    def tails(self) -> IntArray:
        """Tail vertex of each CSR entry."""
        return np.repeat(np.arange(self.n_vertices, dtype=np.int64), np.diff(self.indptr))

    @cached_property
    def unit_vectors(self) -> FloatArray | None:
        """``(n, 3)`` unit vectors of the vertices on the sphere, or ``None`` without coords."""
        if self.coords is None:
            return None
        lon = np.radians(self.coords[:, 0])
        lat = np.radians(self.coords[:, 1])
        cos_lat = np.cos(lat)
        return np.column_stack((cos_lat * np.cos(lon), cos_lat * np.sin(lon), np.sin(lat)))

    @cached_property
    def bound_scale(self) -> float:
        """Largest ``c`` with ``c * chord(u, v) <= w(u, v)`` on every edge (0 without coords).

        ``chord`` is the straight-line distance between unit vectors, so ``c * chord(v, t)``
        is a consistent lower bound on the distance from ``v`` to ``t``.
        """
        unit = self.unit_vectors
        if unit is None or self.n_edges == 0:
            return 0.0
        chord = np.linalg.norm(unit[self.tails] - unit[self.indices], axis=1)
        positive = chord > 0
        if not positive.any():
            return 0.0
        return float(np.min(self.weights[positive] / chord[positive]) * _BOUND_SAFETY)

    @cached_property
    def _rows(self) -> tuple[list[int], list[int], list[float]]:
        """``indptr``, ``indices`` and ``weights`` as Python lists (for the Python search)."""
        return self.indptr.tolist(), self.indices.tolist(), self.weights.tolist()

    @cached_property
    def _entry_keys(self) -> IntArray:
        """``tail * n + head`` of each CSR entry (sorted by :meth:`from_edges`)."""
        return self.tails * self.n_vertices + self.indices.astype(np.int64)


_STRUCTURE_CACHES = ("tails", "unit_vectors", "_entry_keys")
"""Cached properties of a :class:`CSRGraph` that do not depend on its weights."""


def _numba_kernels() -> ModuleType | None:
    return try_import(_NUMBA_MODULE)


def has_numba() -> bool:
    """Whether the compiled kernels (numba, a default dependency) are available.

    Returns
    -------
    bool
        ``True`` when numba can be imported.
    """
    return _numba_kernels() is not None


MAX_VERTICES = 2**31 - 1
"""The most vertices a graph may have (int32 vertex ids; ~17 GB of CSR offsets)."""

_NUMBA_MIN_VERTICES = 20_000
"""With ``backend="auto"``, smaller graphs use scipy: the JIT start-up would cost more."""


_NUMBA_FROM_SEARCH = 2
"""With ``backend="auto"``, a process's first large point-to-point search runs on scipy
unless the numba kernels are loaded already: their import and load (0.5-1.8 s, numba and
the scipy.linalg it pulls in) cost far more than one scipy search (~0.05 s on
world_railways), so a one-shot ``corridor route`` on a large network skips them; from the
second search on numba (several times faster a search) takes over."""

_large_searches = [0]
"""Large point-to-point searches asked for with ``backend="auto"`` in this process."""

_NUMBA_MODULE = "corridor.routing._numba_kernels"


def _check_backend(backend: object) -> None:
    if not isinstance(backend, str) or backend not in {"auto", "scipy", "numba"}:
        raise InvalidArgumentError(f"backend={show(backend)}: use 'auto', 'scipy' or 'numba'")


def _kernels(backend: Backend, n_vertices: int, *, one_search: bool = False) -> ModuleType | None:
    _check_backend(backend)
    if backend == "scipy" or (backend == "auto" and n_vertices < _NUMBA_MIN_VERTICES):
        return None
    if backend == "auto" and one_search and _NUMBA_MODULE not in sys.modules:
        _large_searches[0] += 1
        if _large_searches[0] < _NUMBA_FROM_SEARCH:
            return None
    kernels = _numba_kernels()
    if kernels is None and backend == "numba":
        from corridor._dependencies import import_optional  # noqa: PLC0415

        import_optional("numba", extra="scale")
    return kernels


def _check_graph(graph: object) -> CSRGraph:
    return check_instance("graph", graph, CSRGraph, "a CSRGraph (CSRGraph.from_edges)")


def _check_vertex(graph: CSRGraph, vertex: object, name: str) -> int:
    if graph.n_vertices == 0:
        raise InvalidArgumentError(f"{name}={show(vertex)}: the graph has no vertices")
    return check_int(name, vertex, low=0, high=graph.n_vertices - 1)


def _check_vertices(graph: CSRGraph, vertices: object, name: str) -> IntArray:
    if isinstance(vertices, str | bytes):
        raise InvalidArgumentError(f"{name}={show(vertices)}: use a list of integer vertex ids")
    try:
        ids = np.asarray(vertices)
    except (ValueError, TypeError) as exc:
        raise InvalidArgumentError(
            f"{name}: not a list of integer vertex ids ({exc}); pass a one-dimensional list"
        ) from None
    if ids.ndim != 1:
        raise InvalidArgumentError(
            f"{name} has {ids.ndim} dimensions: use a one-dimensional list of vertex ids"
        )
    if ids.size and not np.issubdtype(ids.dtype, np.integer):
        raise InvalidArgumentError(
            f"{name} must hold integer vertex ids, got dtype {ids.dtype}; use whole numbers"
        )
    ids = ids.astype(np.int64, copy=False)
    if ids.size and (ids.min() < 0 or ids.max() >= graph.n_vertices):
        raise InvalidArgumentError(
            f"{name} has a vertex id outside 0..{graph.n_vertices - 1}; use ids of the graph"
        )
    return ids


def _walk(predecessors: npt.NDArray[np.integer[Any]], end: int) -> list[int]:
    """Vertices from the root of a predecessor tree to ``end`` (root first)."""
    out = [end]
    v = int(predecessors[end])
    while v >= 0:
        out.append(v)
        v = int(predecessors[v])
    out.reverse()
    return out


def _path_length(graph: CSRGraph, path: IntArray) -> float:
    """Sum of the edge weights along ``path``, in path order."""
    if path.shape[0] < 2:  # noqa: PLR2004
        return 0.0
    weights = graph.weights[_entry_positions(graph, path)]
    return float(np.cumsum(weights)[-1])


def _entry_positions(graph: CSRGraph, path: IntArray) -> IntArray:
    keys = path[:-1] * graph.n_vertices + path[1:]
    pos = np.searchsorted(graph._entry_keys, keys)  # noqa: SLF001
    pos = np.minimum(pos, max(graph.n_edges - 1, 0))
    if graph.n_edges == 0 or not np.array_equal(graph._entry_keys[pos], keys):  # noqa: SLF001
        bad = (
            0 if graph.n_edges == 0 else int(np.flatnonzero(graph._entry_keys[pos] != keys)[0])  # noqa: SLF001
        )
        raise InvalidArgumentError(
            f"vertices: no edge {int(path[bad])} -> {int(path[bad + 1])} in the graph; "
            "pass a path returned by shortest_path"
        )
    return pos.astype(np.int64)


_FULL_TREE_MAX_VERTICES = 100_000
"""Graphs up to this size are searched with one full scipy Dijkstra tree: on the embedded
network's ~900-vertex graphs a tree costs 0.08 ms, while the radius-limited bidirectional
search below needs several rounds when penalised weights (alternatives) stretch the path
far beyond the chord bound (6 ms a solve); on world_railways the two cost about the same
(benchmarks/RESULTS.md)."""


_PYTHON_MAX_VERTICES = 20_000
"""Largest graph the pure-Python search takes (a search costs ~1.5 us per vertex)."""

_PYTHON_BUDGET = 150_000
"""Vertices the pure-Python searches of a process may cover (~0.2 s of searching) before
scipy, whose import costs 0.3-0.6 s but whose searches are 3x faster, takes over: a
``corridor compare`` on the embedded network (917 vertices, 12-31 searches) stays in
Python; a long-running process (the API, a notebook) soon switches."""

_python_spent = [0]
"""Vertices covered by pure-Python searches so far in this process."""


def _use_python(graph: CSRGraph) -> bool:
    """Whether to search ``graph`` in pure Python rather than import scipy for it.

    The answer never changes a result (see :func:`_python_search`), only its speed.
    """
    if "scipy.sparse.csgraph" in sys.modules or graph.n_vertices > _PYTHON_MAX_VERTICES:
        return False
    _python_spent[0] += graph.n_vertices
    return _python_spent[0] <= _PYTHON_BUDGET


def _python_search(graph: CSRGraph, source: int, target: int) -> tuple[float, IntArray] | None:
    """Dijkstra from ``source`` to ``target`` in pure Python, or ``None`` on a tie.

    Returns the path scipy's Dijkstra returns. Any correct Dijkstra scans vertices in
    order of distance, and a vertex keeps as predecessor the first scanned vertex that
    reaches it at its final distance; so two implementations can differ only where two
    such predecessors are at the same distance, and the heap decides which is scanned
    first (scipy's Fibonacci heap, Python's binary heap: a different order). Such ties
    are flagged while searching (scanning on past the target through the vertices at its
    distance, which could still be one), and a tie anywhere on the path returns ``None``
    so that the caller asks scipy.

    Parameters
    ----------
    graph
        The graph.
    source, target
        Vertex ids, different.

    Returns
    -------
    tuple[float, numpy.ndarray] or None
        As :func:`shortest_path`, or ``None`` when a tie on the path leaves the choice
        to scipy.
    """
    indptr, indices, weights = graph._rows  # noqa: SLF001
    n = graph.n_vertices
    inf = float("inf")
    dist = [inf] * n
    pred = [-1] * n
    done = bytearray(n)
    tied = bytearray(n)
    dist[source] = 0.0
    heap = [(0.0, source)]
    pop, push = heapq.heappop, heapq.heappush
    bound = inf
    while heap:
        d, v = pop(heap)
        if d > bound:
            break
        if done[v]:
            continue
        done[v] = 1
        if v == target:
            bound = d  # scan on through the vertices at the target's distance (ties)
        for k in range(indptr[v], indptr[v + 1]):
            w = indices[k]
            nd = d + weights[k]
            dw = dist[w]
            if nd < dw:
                dist[w] = nd
                pred[w] = v
                tied[w] = 0
                push(heap, (nd, w))
            elif nd == dw and w != source and dist[pred[w]] == d:
                tied[w] = 1
    if dist[target] == inf:
        return np.inf, np.empty(0, dtype=np.int64)
    path = [target]
    while (v := pred[path[-1]]) >= 0:
        if tied[path[-1]]:
            return None
        path.append(v)
    path.reverse()
    vertices = np.array(path, dtype=np.int64)
    length = _path_length(graph, vertices)
    if not np.isfinite(length):
        return np.inf, np.empty(0, dtype=np.int64)
    return length, vertices


def _tree_scipy(graph: CSRGraph, source: int, target: int) -> tuple[float, IntArray]:
    """One scipy Dijkstra tree from ``source``, read at ``target``."""
    from scipy.sparse import csgraph  # noqa: PLC0415 - scipy on first use (fast start)

    with np.errstate(over="ignore"):  # an overflowing sum is no path
        dist, pred = csgraph.dijkstra(  # type: ignore[call-overload]
            graph.matrix, indices=source, return_predecessors=True
        )
    if not np.isfinite(dist[target]):
        return np.inf, np.empty(0, dtype=np.int64)
    path = np.array(_walk(pred, target), dtype=np.int64)
    length = _path_length(graph, path)
    if not np.isfinite(length):
        return np.inf, np.empty(0, dtype=np.int64)
    return length, path


def _bidirectional_scipy(graph: CSRGraph, source: int, target: int) -> tuple[float, IntArray]:
    """Bidirectional search from two radius-limited scipy Dijkstra runs.

    With forward ball ``{v: d(s, v) <= r}`` and backward ball ``{v: d(v, t) <= r}``, the best
    ``d(s, u) + w(u, v) + d(v, t)`` over edges from the first to the second is a real path,
    and it is the shortest one whenever the shortest distance is at most ``2 r``.
    """
    from scipy.sparse import csgraph  # noqa: PLC0415 - scipy on first use (fast start)

    forward, backward = graph.matrix, graph.reverse_matrix
    radius = 0.5 * graph.bound_scale * _chord(graph, source, target)
    if radius <= 0:
        positive = graph.weights[graph.weights > 0]
        radius = float(np.median(positive)) * 8 if positive.size else 1.0
    radius = max(radius * 1.5, np.finfo(np.float64).tiny)
    while True:
        d_fwd, p_fwd = csgraph.dijkstra(  # type: ignore[call-overload]
            forward, indices=source, limit=radius, return_predecessors=True
        )
        d_bwd, p_bwd = csgraph.dijkstra(  # type: ignore[call-overload]
            backward, indices=target, limit=radius, return_predecessors=True
        )
        reached = np.flatnonzero(np.isfinite(d_fwd))
        starts, stops = graph.indptr[reached], graph.indptr[reached + 1]
        counts = stops - starts
        offsets = np.repeat(starts - np.cumsum(counts) + counts, counts)
        entries = offsets + np.arange(int(counts.sum()))
        tails = np.repeat(reached, counts)
        heads = graph.indices[entries]
        with np.errstate(over="ignore"):  # an overflowing sum is no path (checked below)
            through = d_fwd[tails] + graph.weights[entries] + d_bwd[heads]
        best = int(np.argmin(through)) if through.size else -1
        mu = float(through[best]) if best >= 0 else np.inf
        if np.isfinite(mu) and mu <= 2 * radius:
            head = int(heads[best])
            back = _walk(p_bwd, head)
            path = np.array(_walk(p_fwd, int(tails[best])) + back[::-1], dtype=np.int64)
            return _path_length(graph, path), path
        exhausted = bool(np.isfinite(d_fwd[heads]).all())
        if not np.isfinite(mu) and (exhausted or not np.isfinite(radius)):
            # No finite path (weights so large that every sum overflows count as none).
            return np.inf, np.empty(0, dtype=np.int64)
        radius = mu / 2 if np.isfinite(mu) else radius * 2


def _chord(graph: CSRGraph, u: int, v: int) -> float:
    unit = graph.unit_vectors
    if unit is None:
        return 0.0
    return float(np.linalg.norm(unit[u] - unit[v]))


def shortest_path(
    graph: CSRGraph, source: int, target: int, *, backend: Backend = "auto"
) -> tuple[float, IntArray]:
    """The shortest path from ``source`` to ``target``.

    Parameters
    ----------
    graph
        The graph.
    source, target
        Vertex ids.
    backend
        ``"numba"`` (A* with a great-circle bound when the graph has coords, else Dijkstra
        with early exit), ``"scipy"`` (bidirectional radius-limited search), or ``"auto"``
        (numba when installed and the graph has at least 20,000 vertices, from the
        process's second such search on, or at once when numba's kernels are loaded).

    Returns
    -------
    tuple[float, numpy.ndarray]
        The distance and the vertex path ``source..target``; ``(inf, empty array)`` when
        ``target`` cannot be reached.

    Raises
    ------
    InvalidArgumentError
        If a vertex id is out of range or ``backend`` is unknown.
    """
    graph = _check_graph(graph)
    s = _check_vertex(graph, source, "source")
    t = _check_vertex(graph, target, "target")
    if s == t:
        _check_backend(backend)
        return 0.0, np.array([s], dtype=np.int64)
    kernels = _kernels(backend, graph.n_vertices, one_search=True)
    if kernels is None:
        if _use_python(graph) and (found := _python_search(graph, s, t)) is not None:
            return found
        if graph.n_vertices <= _FULL_TREE_MAX_VERTICES:
            return _tree_scipy(graph, s, t)
        return _bidirectional_scipy(graph, s, t)
    unit = graph.unit_vectors
    scale = graph.bound_scale
    _, path = kernels.astar(
        graph.indptr,
        graph.indices,
        graph.weights,
        unit if unit is not None and scale > 0 else np.zeros((0, 3)),
        scale,
        s,
        t,
    )
    if path.shape[0] == 0:
        return np.inf, path
    return _path_length(graph, path), path


def path_edges(graph: CSRGraph, vertices: npt.ArrayLike) -> IntArray:
    """Input-edge ids along a vertex path.

    Parameters
    ----------
    graph
        The graph.
    vertices
        A vertex path, as returned by :func:`shortest_path`.

    Returns
    -------
    numpy.ndarray
        For each consecutive pair ``(u, v)``, the index (into the arrays given to
        :meth:`CSRGraph.from_edges`) of the lightest edge ``u -> v``.

    Raises
    ------
    InvalidArgumentError
        If two consecutive vertices are not joined by an edge.
    """
    graph = _check_graph(graph)
    path = _check_vertices(graph, vertices, "vertices")
    if path.shape[0] < 2:  # noqa: PLR2004
        return np.empty(0, dtype=np.int64)
    return graph.edge_ids[_entry_positions(graph, path)]


def distances_from(graph: CSRGraph, source: int) -> FloatArray:
    """Least weight from ``source`` to every vertex (``inf`` where unreachable).

    Small graphs in a process that has not imported scipy's graph routines are searched
    in Python (as :func:`shortest_path` does, to keep a command's start fast); otherwise
    scipy's Dijkstra runs.

    Parameters
    ----------
    graph
        The graph.
    source
        Vertex id.

    Returns
    -------
    numpy.ndarray
        One distance per vertex.

    Raises
    ------
    InvalidArgumentError
        If ``graph`` is not a :class:`CSRGraph` or ``source`` is not one of its vertex ids.

    Examples
    --------
    >>> g = CSRGraph.from_edges([0, 1, 0], [1, 2, 2], [1.0, 1.0, 5.0], 4)
    >>> distances_from(g, 0).tolist()
    [0.0, 1.0, 2.0, inf]
    """
    graph = _check_graph(graph)
    s = _check_vertex(graph, source, "source")
    if not _use_python(graph):
        return shortest_path_tree(graph, s)[0]
    indptr, indices, weights = graph._rows  # noqa: SLF001
    dist = [float("inf")] * graph.n_vertices
    dist[s] = 0.0
    heap = [(0.0, s)]
    pop, push = heapq.heappop, heapq.heappush
    while heap:
        d, v = pop(heap)
        if d > dist[v]:
            continue
        for k in range(indptr[v], indptr[v + 1]):
            nd = d + weights[k]
            w = indices[k]
            if nd < dist[w]:
                dist[w] = nd
                push(heap, (nd, w))
    return np.array(dist, dtype=np.float64)


def shortest_path_tree(graph: CSRGraph, source: int) -> tuple[FloatArray, IntArray]:
    """Distances and predecessors from ``source`` to every vertex.

    Parameters
    ----------
    graph
        The graph.
    source
        Vertex id.

    Returns
    -------
    tuple[numpy.ndarray, numpy.ndarray]
        ``dist`` (``inf`` where unreachable) and ``predecessor`` (``-1`` at the source and
        where unreachable).

    Raises
    ------
    InvalidArgumentError
        If ``graph`` is not a :class:`CSRGraph` or ``source`` is not one of its vertex ids.
    """
    from scipy.sparse import csgraph  # noqa: PLC0415 - scipy on first use (fast start)

    graph = _check_graph(graph)
    s = _check_vertex(graph, source, "source")
    dist, pred = csgraph.dijkstra(  # type: ignore[call-overload]
        graph.matrix, indices=s, return_predecessors=True
    )
    pred = pred.astype(np.int64)
    pred[pred < 0] = -1
    return dist.astype(np.float64, copy=False), pred


def distance_matrix(
    graph: CSRGraph,
    sources: npt.ArrayLike,
    targets: npt.ArrayLike,
    *,
    backend: Backend = "auto",
) -> FloatArray:
    """Shortest distances from each source to each target.

    Parameters
    ----------
    graph
        The graph.
    sources, targets
        Vertex ids (repeats allowed).
    backend
        ``"numba"`` (one early-exit Dijkstra per source, on all cores), ``"scipy"``
        (``scipy.sparse.csgraph.dijkstra`` in blocks, from the smaller side), or ``"auto"``.

    Returns
    -------
    numpy.ndarray
        ``(len(sources), len(targets))`` distances, ``inf`` where unreachable.

    Raises
    ------
    InvalidArgumentError
        If ``sources`` or ``targets`` is not a one-dimensional list of vertex ids of the
        graph, or ``backend`` is unknown.
    """
    graph = _check_graph(graph)
    src = _check_vertices(graph, sources, "sources")
    dst = _check_vertices(graph, targets, "targets")
    kernels = _kernels(backend, graph.n_vertices)
    if src.size == 0 or dst.size == 0:
        return np.full((src.size, dst.size), np.inf)
    reverse = dst.size < src.size
    rows, cols = (dst, src) if reverse else (src, dst)
    uniq_rows, row_of = np.unique(rows, return_inverse=True)
    uniq_cols, col_of = np.unique(cols, return_inverse=True)
    if kernels is not None:
        matrix = graph.reverse_matrix if reverse else graph.matrix
        block = kernels.dijkstra_many(
            matrix.indptr.astype(np.int64, copy=False),
            matrix.indices,
            matrix.data,
            uniq_rows,
            uniq_cols,
            kernels.num_threads(uniq_rows.size * graph.n_vertices),
        )
    else:
        from scipy.sparse import csgraph  # noqa: PLC0415 - scipy on first use (fast start)

        matrix = graph.reverse_matrix if reverse else graph.matrix
        step = max(1, _MATRIX_BLOCK_FLOATS // max(graph.n_vertices, 1))
        block = np.empty((uniq_rows.size, uniq_cols.size))
        for start in range(0, uniq_rows.size, step):
            chunk = uniq_rows[start : start + step]
            block[start : start + chunk.size] = csgraph.dijkstra(matrix, indices=chunk)[
                :, uniq_cols
            ]
    out = block[np.ix_(row_of.ravel(), col_of.ravel())]
    return np.ascontiguousarray(out.T) if reverse else out


def largest_component(graph: CSRGraph) -> IntArray:
    """Vertices of the largest weakly connected component.

    Parameters
    ----------
    graph
        The graph.

    Returns
    -------
    numpy.ndarray
        Sorted vertex ids.

    Raises
    ------
    InvalidArgumentError
        If ``graph`` is not a :class:`CSRGraph`.
    """
    import scipy.sparse as sp  # noqa: PLC0415 - scipy on first use (fast start)
    from scipy.sparse import csgraph  # noqa: PLC0415

    graph = _check_graph(graph)
    if graph.n_vertices == 0:
        return np.empty(0, dtype=np.int64)
    # A pattern of ones: scipy's component labelling does not terminate on explicit zeros.
    n = graph.n_vertices
    pattern = sp.csr_array(
        (np.ones(graph.n_edges), graph.indices.astype(np.int32, copy=False), graph.indptr),
        shape=(n, n),
    )
    _, labels = csgraph.connected_components(pattern, directed=True, connection="weak")
    return np.flatnonzero(labels == np.bincount(labels).argmax()).astype(np.int64)
