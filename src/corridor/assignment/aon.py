"""All-or-nothing loading: every OD flow on its shortest path at given link costs.

:class:`LoadingGraph` turns an :class:`~corridor.assignment.problem.AssignmentProblem`
into a CSR graph once (zone nodes split into origin and destination copies when zones may
not be passed through; parallel links kept apart by a zero-cost dummy vertex), then
:meth:`LoadingGraph.load` assigns the demand at any link costs.

Two backends give the same flows:

- ``"scipy"``: one :func:`scipy.sparse.csgraph.dijkstra` call for all origins, then the
  demand is pushed up all predecessor trees at once, level by level (tree depth found by
  pointer jumping), with :func:`numpy.add.at`;
- ``"numba"`` (numba, installed by default): a compiled Dijkstra per origin (4-ary
  heap, on the graph without its chain vertices, :attr:`LoadingGraph.shortcuts`) that
  stops once all its destinations are settled and loads the tree in reverse settling
  order, origins split over the kernel threads.

:meth:`LoadingGraph.load_rows` does the same loading but keeps the load of each origin,
or of each OD pair, apart (:data:`TrackBy`): the equilibrium engine carries these rows
through its steps so that OD flows and select-link follow from the solution it reports.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from functools import cached_property
from types import ModuleType
from typing import Literal, TypeAlias, get_args

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse import csgraph

from corridor._checks import check_choice, check_instance
from corridor._dependencies import try_import
from corridor.assignment.problem import AssignmentProblem
from corridor.exceptions import InvalidArgumentError, NoRouteError
from corridor.routing.shortest import CSRGraph

__all__ = ["AONBackend", "LoadingGraph", "TrackBy", "all_or_nothing", "has_numba"]

IntArray: TypeAlias = npt.NDArray[np.int64]
IndexArray: TypeAlias = npt.NDArray[np.int32]
FloatArray: TypeAlias = npt.NDArray[np.float64]
AONBackend = Literal["auto", "scipy", "numba"]
TrackBy = Literal["origin", "od"]
"""What link flows are kept apart: each origin's, or each OD pair's."""

#: With ``backend="auto"``, problems with fewer (origins × vertices) use scipy.
_NUMBA_MIN_WORK = 256
#: In- and out-degree of a vertex on a two-way chain (see :func:`_interior`).
_BOTH_WAYS = 2
Shortcuts: TypeAlias = tuple[IntArray, IntArray, IntArray, IntArray, IntArray]
"""The loading graph without its chain vertices (:attr:`LoadingGraph.shortcuts`)."""
SearchGraph: TypeAlias = tuple[IntArray, "IndexArray", "IndexArray", IntArray, IntArray]
""":data:`Shortcuts` with 32-bit tail and head, as the compiled AON takes them."""


def _numba_kernels() -> ModuleType | None:
    return try_import("corridor.assignment._numba_kernels")


def has_numba() -> bool:
    """Whether the compiled loading kernel (numba, a default dependency) is available.

    Returns
    -------
    bool
        ``True`` when numba can be imported.
    """
    return _numba_kernels() is not None


@dataclass(frozen=True, eq=False)
class LoadingGraph:
    """The graph all-or-nothing loading searches, built once per problem.

    Parameters
    ----------
    graph
        CSR structure (its weights are not used; costs are given to :meth:`load`).
    entry_link
        Link id of each CSR entry, or ``n_links`` for a zero-cost connector entry.
    origin_vertex, dest_vertex
        Vertex where each zone's trips start and end.
    origins
        Zones with positive demand (rows of :attr:`demand_rows`).
    demand_rows
        ``demand[origins]``.
    n_links
        Number of links of the problem.
    """

    graph: CSRGraph
    entry_link: IntArray
    origin_vertex: IntArray
    dest_vertex: IntArray
    origins: IntArray
    demand_rows: FloatArray
    n_links: int

    @classmethod
    def build(cls, problem: AssignmentProblem) -> LoadingGraph:
        """Build the loading graph of ``problem``.

        Parameters
        ----------
        problem
            The assignment problem.

        Returns
        -------
        LoadingGraph
            The graph.
        """
        n = problem.n_nodes
        n_zones = problem.n_zones
        tail, head = problem.tail, problem.head
        if problem.block_zone_transit:
            zone_of_node = np.full(n, -1, dtype=np.int64)
            zone_of_node[problem.zones] = np.arange(n_zones)
            into_zone = zone_of_node[head] >= 0
            head_v = np.where(into_zone, n + zone_of_node[head], head)
            n_v = n + n_zones
            dest_vertex = n + np.arange(n_zones, dtype=np.int64)
        else:
            head_v = head
            n_v = n
            dest_vertex = problem.zones.copy()
        links = np.flatnonzero(tail != head)
        keys = tail[links] * n_v + head_v[links]
        links = links[np.argsort(keys, kind="stable")]
        keys = tail[links] * n_v + head_v[links]
        parallel = np.zeros(links.shape[0], dtype=bool)
        parallel[1:] = keys[1:] == keys[:-1]
        plain, extra = links[~parallel], links[parallel]
        dummies = n_v + np.arange(extra.shape[0], dtype=np.int64)
        e_tail = np.concatenate((tail[plain], tail[extra], dummies))
        e_head = np.concatenate((head_v[plain], dummies, head_v[extra]))
        e_link = np.concatenate(
            (plain, extra, np.full(extra.shape[0], problem.n_links, dtype=np.int64))
        )
        graph = CSRGraph.from_edges(e_tail, e_head, np.zeros(e_tail.shape[0]), n_v + extra.shape[0])
        origins = np.flatnonzero(problem.demand.sum(axis=1) > 0)
        return cls(
            graph=graph,
            entry_link=e_link[graph.edge_ids],
            origin_vertex=problem.zones.copy(),
            dest_vertex=dest_vertex,
            origins=origins,
            demand_rows=np.ascontiguousarray(problem.demand[origins]),
            n_links=problem.n_links,
        )

    @cached_property
    def shortcuts(self) -> Shortcuts:
        """The graph without its chain vertices, for the compiled searches.

        A vertex that is no zone's origin or destination, with one way through or two
        neighbours it links both ways, is passed over: each chain of such vertices becomes
        one shortcut, whose cost is the sum of its entries'. Berlin-Center: 13,852 vertices
        and 28,382 entries become 10,181 vertices with edges and 24,533 shortcuts.

        Returns
        -------
        tuple[numpy.ndarray, ...]
            The shortcuts' CSR ``ptr`` (by tail vertex), ``tail``, ``head``, and the
            entries of each in path order, ``chain[chain_ptr[s]:chain_ptr[s + 1]]``.
        """
        from corridor.assignment import _bush_search  # noqa: PLC0415 - numba on demand

        g = self.graph
        ptr, tail, head, chain_ptr, chain = _bush_search.shortcuts(
            g.indptr, g.indices, _interior(self)
        )
        return (
            np.asarray(ptr, dtype=np.int64),
            np.asarray(tail, dtype=np.int64),
            np.asarray(head, dtype=np.int64),
            np.asarray(chain_ptr, dtype=np.int64),
            np.asarray(chain, dtype=np.int64),
        )

    @cached_property
    def _search(self) -> tuple[SearchGraph, IntArray, int]:
        """:attr:`shortcuts` for the compiled AON: vertices without shortcuts out last.

        Returns the shortcuts (32-bit ``tail`` and ``head``, same order as
        :attr:`shortcuts`), each vertex's new number, and the first vertex without a
        shortcut out: the search never queues one of those that is no destination of the
        origin (Berlin-Center: 9 % of the vertices it would settle).
        """
        ptr, tail, head, chain_ptr, chain = self.shortcuts
        n = ptr.shape[0] - 1
        degree = np.diff(ptr)
        order = np.argsort(degree == 0, kind="stable")  # new -> old, sinks last
        new_of = np.empty(n, dtype=np.int64)
        new_of[order] = np.arange(n, dtype=np.int64)
        n_inner = int(np.count_nonzero(degree))
        new_ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(degree[order], out=new_ptr[1:])
        graph = (
            new_ptr,
            new_of[tail].astype(np.int32),
            new_of[head].astype(np.int32),
            chain_ptr,
            chain,
        )
        return graph, new_of, n_inner

    @cached_property
    def _destinations(self) -> tuple[IntArray, IndexArray, FloatArray]:
        """Each origin's destinations with demand: CSR ``ptr``, their vertex, the demand.

        Origin ``i`` (row ``i`` of :attr:`demand_rows`) has ``ptr[i]:ptr[i + 1]``; a
        search then visits only these (Berlin-Center: 57 of 865 zones per origin).
        """
        r, c = np.nonzero(self.demand_rows > 0)
        ptr = np.zeros(self.origins.shape[0] + 1, dtype=np.int64)
        np.cumsum(np.bincount(r, minlength=self.origins.shape[0]), out=ptr[1:])
        vertex = self._search[1][self.dest_vertex[c]].astype(np.int32)
        return ptr, vertex, np.ascontiguousarray(self.demand_rows[r, c])

    def weights(self, link_cost: FloatArray) -> FloatArray:
        """CSR entry weights for the given link costs.

        Parameters
        ----------
        link_cost
            Cost of each link.

        Returns
        -------
        numpy.ndarray
            The weight of each CSR entry (0 on the connectors of parallel links).
        """
        return np.append(link_cost, 0.0)[self.entry_link]

    def rows(self, by: TrackBy) -> tuple[IntArray, IntArray, FloatArray]:
        """The rows :meth:`load_rows` keeps apart.

        Parameters
        ----------
        by
            ``"origin"`` (one row per zone with demand) or ``"od"`` (one row per OD pair
            with demand, by origin then destination).

        Returns
        -------
        tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]
            Origin zone index, destination zone index (``-1`` by origin) and demand of
            each row.

        Raises
        ------
        InvalidArgumentError
            For an unknown ``by`` (a ``ValueError``).
        """
        by = check_choice("by", by, get_args(TrackBy))
        if by == "origin":
            n = self.origins.shape[0]
            return self.origins.copy(), np.full(n, -1, dtype=np.int64), self.demand_rows.sum(1)
        r, c = np.nonzero(self.demand_rows > 0)
        return self.origins[r], c.astype(np.int64), self.demand_rows[r, c]

    def load_rows(
        self, link_cost: npt.ArrayLike, by: TrackBy, *, backend: AONBackend = "auto"
    ) -> tuple[FloatArray, float, FloatArray]:
        """All-or-nothing loading that keeps each origin's or OD pair's load apart.

        Parameters
        ----------
        link_cost
            Non-negative cost of each link.
        by
            ``"origin"`` or ``"od"``: the rows of :meth:`rows`.
        backend
            ``"scipy"``, ``"numba"`` or ``"auto"``.

        Returns
        -------
        tuple[numpy.ndarray, float, numpy.ndarray]
            Flow on each link (the sum of the rows), the SPTT, and the ``(rows, links)``
            load of each row on the same shortest-path trees.

        Raises
        ------
        NoRouteError
            If some OD pair with demand has no path.
        InvalidArgumentError
            For a ``link_cost`` that is not one number >= 0 per link, an unknown ``by``
            or an unknown ``backend`` (a ``ValueError``).
        """
        cost = self._cost(link_cost)
        origin, _, _ = self.rows(by)
        kernels = self._kernels(backend)
        if self.origins.size == 0:
            return np.zeros(self.n_links), 0.0, np.zeros((origin.shape[0], self.n_links))
        if kernels is None:
            _, sptt, rows = self._load_scipy(cost, by)
        else:
            g = self.graph
            per_origin = (self.demand_rows > 0).sum(axis=1)
            row_start = np.zeros(self.origins.shape[0] + 1, dtype=np.int64)
            np.cumsum(per_origin, out=row_start[1:])
            slots, sptt, missing = kernels.aon_load_rows(
                g.indptr,
                g.indices,
                self.weights(cost),
                self.entry_link,
                g.tails,
                self.n_links + 1,
                self.origin_vertex[self.origins],
                self.dest_vertex,
                self.demand_rows,
                row_start,
                by == "od",
                kernels.num_threads(self.origins.shape[0] * g.n_vertices),
            )
            if missing:
                self._raise_unreachable(cost)
            rows = np.ascontiguousarray(slots[:, : self.n_links])
        return rows.sum(axis=0), float(sptt), rows

    def _cost(self, link_cost: npt.ArrayLike) -> FloatArray:
        cost: FloatArray = np.empty(0)  # a text or non-number is refused below
        if not isinstance(link_cost, str | bytes):
            with contextlib.suppress(TypeError, ValueError, OverflowError):
                cost = np.asarray(link_cost, dtype=np.float64)
        if cost.shape != (self.n_links,):
            msg = (
                f"link_cost: give one number per link ({self.n_links}), not "
                f"{type(link_cost).__name__} of shape {np.shape(cost)}"
            )
            raise InvalidArgumentError(msg, parameter="link_cost")
        if not (cost >= 0.0).all():  # NaN too: a shortest path needs costs >= 0
            where = int(np.flatnonzero(~(cost >= 0.0))[0])
            msg = f"link_cost: link {where} costs {cost[where]}; costs must be numbers >= 0"
            raise InvalidArgumentError(msg, parameter="link_cost")
        return cost

    def load(
        self, link_cost: npt.ArrayLike, *, backend: AONBackend = "auto"
    ) -> tuple[FloatArray, float]:
        """All-or-nothing flows at ``link_cost``.

        Parameters
        ----------
        link_cost
            Non-negative cost of each link.
        backend
            ``"scipy"``, ``"numba"`` or ``"auto"`` (numba when installed, except on tiny
            problems).

        Returns
        -------
        tuple[numpy.ndarray, float]
            Flow on each link and ``Σ demand · shortest-path cost`` (the SPTT).

        Raises
        ------
        NoRouteError
            If some OD pair with demand has no path.
        InvalidArgumentError
            For a ``link_cost`` that is not one number >= 0 per link or an unknown
            ``backend`` (a ``ValueError``).
        """
        cost = self._cost(link_cost)
        kernels = self._kernels(backend)
        if self.origins.size == 0:
            return np.zeros(self.n_links), 0.0
        if kernels is None:
            flows, sptt, _ = self._load_scipy(cost, None)
        else:
            graph, new_of, n_inner = self._search
            slots, sptt, missing = kernels.aon_load(
                graph,
                self.weights(cost),
                self.entry_link,
                self.n_links + 1,
                new_of[self.origin_vertex[self.origins]],
                *self._destinations,
                n_inner,
                kernels.num_threads(self.origins.shape[0] * self.graph.n_vertices),
            )
            if missing:
                self._raise_unreachable(cost)
            flows = slots[: self.n_links]
        return flows, float(sptt)

    def _kernels(self, backend: AONBackend) -> ModuleType | None:
        backend = check_choice("backend", backend, get_args(AONBackend))
        work = self.origins.shape[0] * self.graph.n_vertices
        if backend == "scipy" or (backend == "auto" and work < _NUMBA_MIN_WORK):
            return None
        kernels = _numba_kernels()
        if kernels is None and backend == "numba":
            from corridor._dependencies import import_optional  # noqa: PLC0415

            import_optional("numba", extra="scale")
        return kernels

    def _matrix(self, cost: FloatArray) -> sp.csr_array:
        g = self.graph
        n = g.n_vertices
        return sp.csr_array(
            (self.weights(cost), g.indices.astype(np.int32, copy=False), g.indptr), shape=(n, n)
        )

    def _raise_unreachable(self, cost: FloatArray) -> None:
        dist = csgraph.dijkstra(self._matrix(cost), indices=self.origin_vertex[self.origins])
        bad = (self.demand_rows > 0) & ~np.isfinite(dist[:, self.dest_vertex])
        i, j = np.argwhere(bad)[0]
        raise NoRouteError(
            f"{int(bad.sum())} OD pair(s) with demand have no path, e.g. zone index "
            f"{int(self.origins[i])} -> {int(j)}; fix: connect the zones or drop their demand"
        )

    def _load_scipy(
        self, cost: FloatArray, by: TrackBy | None
    ) -> tuple[FloatArray, float, FloatArray]:
        g = self.graph
        n_v = g.n_vertices
        n_o = self.origins.shape[0]
        dist, pred = csgraph.dijkstra(
            self._matrix(cost), indices=self.origin_vertex[self.origins], return_predecessors=True
        )
        to_dest = dist[:, self.dest_vertex]
        positive = self.demand_rows > 0
        if not np.all(np.isfinite(to_dest[positive])):
            self._raise_unreachable(cost)
        sptt = float(np.sum(self.demand_rows[positive] * to_dest[positive]))
        pred = pred.astype(np.int64)
        if by == "od":
            rows = self._trace_pairs(np.asarray(pred, dtype=np.int64))
            return rows.sum(axis=0), sptt, rows
        node_matrix = np.zeros((n_o, n_v))
        node_matrix[:, self.dest_vertex] = self.demand_rows
        node_flow = node_matrix.ravel()
        offsets = (np.arange(n_o, dtype=np.int64) * n_v)[:, None]
        parent = np.where(pred >= 0, pred + offsets, -1).ravel()
        depth = _tree_depth(parent)
        order = np.argsort(depth, kind="stable")
        starts = np.zeros(int(depth.max(initial=0)) + 2, dtype=np.int64)
        np.cumsum(np.bincount(depth), out=starts[1:])
        for level in range(starts.shape[0] - 2, 0, -1):
            members = order[starts[level] : starts[level + 1]]
            carried = node_flow[members]
            moving = carried > 0
            np.add.at(node_flow, parent[members[moving]], carried[moving])
        used = np.flatnonzero((parent >= 0) & (node_flow > 0))
        tails = parent[used] % n_v
        heads = used % n_v
        entry = np.searchsorted(g._entry_keys, tails * n_v + heads)  # noqa: SLF001
        link = self.entry_link[entry]
        if by == "origin":
            slots = self.n_links + 1
            by_row = np.bincount(
                (used // n_v) * slots + link, weights=node_flow[used], minlength=n_o * slots
            ).reshape(n_o, slots)[:, : self.n_links]
            return by_row.sum(axis=0), sptt, np.ascontiguousarray(by_row)
        flows = np.bincount(link, weights=node_flow[used], minlength=self.n_links + 1)
        return flows[: self.n_links].astype(np.float64), sptt, np.zeros((0, self.n_links))

    def _trace_pairs(self, pred: IntArray) -> FloatArray:
        """Each OD pair's demand on the links of its path, traced up the origin's tree.

        One vectorised step per path position, over all OD pairs still on their way.
        """
        g = self.graph
        n_v = g.n_vertices
        r, c = np.nonzero(self.demand_rows > 0)
        demand = self.demand_rows[r, c]
        out = np.zeros((r.shape[0], self.n_links + 1))
        root = self.origin_vertex[self.origins[r]]
        cur = self.dest_vertex[c].astype(np.int64)
        pairs = np.arange(r.shape[0], dtype=np.int64)
        active = cur != root
        while active.any():
            pairs = pairs[active]
            rows, here = r[pairs], cur[pairs]
            prev = pred[rows, here]
            entry = np.searchsorted(g._entry_keys, prev * n_v + here)  # noqa: SLF001
            out[pairs, self.entry_link[entry]] += demand[pairs]
            cur[pairs] = prev
            active = cur[pairs] != root[pairs]
        return np.ascontiguousarray(out[:, : self.n_links])


def _interior(graph: LoadingGraph) -> npt.NDArray[np.bool_]:
    """Vertices the shortest-path search can pass over (:attr:`LoadingGraph.shortcuts`).

    A vertex that is no zone's origin or destination and has one entry in and one out to
    another vertex, or two in and two out linking the same two neighbours both ways: a
    path through it goes on the one way it can (a turn back is never shorter).
    """
    g = graph.graph
    n = g.n_vertices
    n_e = g.indices.shape[0]
    interior = np.zeros(n, dtype=bool)
    if n_e == 0:
        return interior
    heads = g.indices.astype(np.int64)
    out_deg = np.diff(g.indptr)
    in_deg = np.bincount(heads, minlength=n)
    in_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(in_deg, out=in_ptr[1:])
    in_tails = g.tails[np.argsort(heads, kind="stable")]
    out0 = heads[np.minimum(g.indptr[:-1], n_e - 1)]
    out1 = heads[np.minimum(g.indptr[:-1] + 1, n_e - 1)]
    in0 = in_tails[np.minimum(in_ptr[:-1], n_e - 1)]
    in1 = in_tails[np.minimum(in_ptr[:-1] + 1, n_e - 1)]
    one_way = (out_deg == 1) & (in_deg == 1) & (out0 != in0)
    both_ways = (
        (out_deg == _BOTH_WAYS)
        & (in_deg == _BOTH_WAYS)
        & (out0 != out1)
        & (np.minimum(out0, out1) == np.minimum(in0, in1))
        & (np.maximum(out0, out1) == np.maximum(in0, in1))
    )
    interior = one_way | both_ways
    interior[graph.origin_vertex] = False
    interior[graph.dest_vertex] = False
    return np.asarray(interior, dtype=bool)


def _tree_depth(parent: IntArray) -> IntArray:
    """Hops from each vertex to the root of its tree (``parent`` ``-1`` at roots).

    Pointer jumping: after round ``r`` each vertex knows the hops to its ``2^r``-th ancestor,
    so ``log2(depth)`` vectorised rounds suffice.
    """
    depth = (parent >= 0).astype(np.int64)
    jump = parent.copy()
    active = np.flatnonzero(jump >= 0)
    while active.size:
        ancestor = jump[active]
        depth[active] += depth[ancestor]
        jump[active] = jump[ancestor]
        active = active[jump[active] >= 0]
    return depth


def all_or_nothing(
    problem: AssignmentProblem,
    link_cost: npt.ArrayLike | None = None,
    *,
    backend: AONBackend = "auto",
) -> tuple[FloatArray, float]:
    """Assign all demand to shortest paths at fixed link costs.

    Parameters
    ----------
    problem
        The assignment problem.
    link_cost
        Cost of each link; by default the generalised cost at zero flow.
    backend
        ``"scipy"``, ``"numba"`` or ``"auto"``.

    Returns
    -------
    tuple[numpy.ndarray, float]
        Flow on each link and the total shortest-path cost ``Σ demand · dist``.

    Raises
    ------
    NoRouteError
        If some OD pair with demand has no path.
    InvalidArgumentError
        If ``problem`` is not an :class:`AssignmentProblem`, ``link_cost`` is not one
        number >= 0 per link, or ``backend`` is unknown (a ``ValueError``).
    """
    check_instance("problem", problem, AssignmentProblem, "an AssignmentProblem.create(...)")
    check_choice("backend", backend, get_args(AONBackend))
    cost = problem.cost(np.zeros(problem.n_links)) if link_cost is None else link_cost
    return LoadingGraph.build(problem).load(cost, backend=backend)
