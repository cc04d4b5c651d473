"""Search graphs for one query: constraints as masks, via points and transfer limits as layers.

The compiled virtual graph is copied into ``S × T`` layers — ``S`` via stages (one more
than the via points) and ``T`` transfer counts (``max_transshipments + 1``, or 1) — so a
via point or a transfer limit becomes plain reachability in a bigger graph, and every
search stays a single Dijkstra on arrays.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
import numpy.typing as npt

from corridor.exceptions import CorridorError
from corridor.network.columns import node_positions
from corridor.network.compile import CompiledNetwork, CostColumns
from corridor.network.graph import VLINK_KINDS
from corridor.routing.constraints import Constraints
from corridor.routing.shortest import CSRGraph, path_edges, shortest_path

__all__ = ["SearchGraph", "allowed_vlinks", "build_search", "objective_weights", "solve"]

FloatArray: TypeAlias = npt.NDArray[np.float64]
IntArray: TypeAlias = npt.NDArray[np.int64]
_KIND = {k: i for i, k in enumerate(VLINK_KINDS)}
_ROLE_ARR, _ROLE_DEP = 0, 1


def objective_weights(
    costs: CostColumns,
    optimize: str,
    *,
    value_of_time_usd_per_day: float,
    carbon_usd_per_t: float,
) -> FloatArray:
    """Per-virtual-link weight of the criterion ``optimize``.

    ``generalized`` = money + value of time × time + carbon price × CO2.

    Parameters
    ----------
    costs
        The cost columns of the compiled network for one cargo class.
    optimize
        ``time`` (also for ``p90``), ``cost``, ``co2``, ``distance`` or ``generalized``.
    value_of_time_usd_per_day
        What a day of the cargo's time is worth (USD), for ``generalized``.
    carbon_usd_per_t
        Carbon price (USD per tonne of CO2e), for ``generalized``.

    Returns
    -------
    numpy.ndarray
        One non-negative weight per virtual link; ``inf`` where a sum overflows.
    """
    if optimize in ("time", "p90"):  # p90 searches candidates by mean time, then simulates
        return costs.time_h
    if optimize == "cost":
        return costs.money_usd
    if optimize == "co2":
        return costs.co2_kg
    if optimize == "distance":
        return costs.distance_km
    with np.errstate(over="ignore"):  # an overflowing weight is inf: a link never taken
        return (
            costs.money_usd
            + costs.time_h * (value_of_time_usd_per_day / 24.0)
            + costs.co2_kg * (carbon_usd_per_t / 1000.0)
        )


def allowed_vlinks(
    compiled: CompiledNetwork, constraints: Constraints, cargo_modes: frozenset[str] = frozenset()
) -> npt.NDArray[np.bool_]:
    """Mask of the virtual links a route under ``constraints`` may use.

    ``cargo_modes`` (from the cargo class; empty: all) restricts the modes further.

    Parameters
    ----------
    compiled
        The compiled network.
    constraints
        Countries to avoid, nodes or links closed, modes allowed.
    cargo_modes
        Modes the cargo class accepts (empty: all).

    Returns
    -------
    numpy.ndarray
        Boolean mask, ``True`` for each usable virtual link.
    """
    g = compiled.graph
    net = compiled.network
    ok = np.ones(g.n_links, dtype=bool)
    if constraints.avoid_countries:
        bad_vertex = np.isin(compiled.vertex_country, sorted(constraints.avoid_countries))
        ok &= ~bad_vertex[g.tail] & ~bad_vertex[g.head]
    if constraints.close:
        node_ix = np.array(
            [i for i, n in enumerate(net.nodes) if n.id in constraints.close], dtype=np.int64
        )
        link_ix = np.array(
            [i for i, lk in enumerate(net.links) if lk.id in constraints.close], dtype=np.int64
        )
        if node_ix.size:
            bad_vertex = np.isin(g.vertex_node, node_ix)
            ok &= ~bad_vertex[g.tail] & ~bad_vertex[g.head]
        if link_ix.size:
            ok &= ~np.isin(g.link, link_ix) | (g.link < 0)
    for modes in (constraints.modes, cargo_modes):
        if modes:
            mode_of_link = np.array([lk.mode for lk in net.links])
            allowed_link = np.isin(mode_of_link, sorted(modes))
            move = g.kind == _KIND["move"]
            ok[move] &= allowed_link[g.link[move]]
    return ok


@dataclass(frozen=True)
class SearchGraph:
    """A layered copy of the allowed virtual links for one origin–destination query."""

    tail: IntArray
    head: IntArray
    vlink: IntArray
    n_vertices: int
    source: int
    target: int

    def graph(self, vlink_weights: FloatArray) -> CSRGraph:
        """CSR graph with ``vlink_weights`` (0 on the layer-joining edges).

        Parameters
        ----------
        vlink_weights
            One weight per virtual link of the compiled network.

        Returns
        -------
        CSRGraph
            The layered graph, ready for a shortest-path search.
        """
        w = np.where(self.vlink >= 0, vlink_weights[np.maximum(self.vlink, 0)], 0.0)
        layout: CSRGraph | None = self.__dict__.get("_layout")
        if layout is not None and np.isfinite(w).all() and (w >= 0).all():
            return layout.with_weights(w[layout.edge_ids])
        graph = CSRGraph.from_edges(self.tail, self.head, w, self.n_vertices)
        if layout is None and graph.n_edges == int(np.count_nonzero(self.tail != self.head)):
            # every edge kept (none parallel, none infinite): the layout does not depend on
            # the weights, so later weightings of this query (alternatives) reuse it
            self.__dict__["_layout"] = graph
        return graph


def build_search(
    compiled: CompiledNetwork,
    constraints: Constraints,
    origin: int,
    destination: int,
    *,
    cargo_modes: frozenset[str] = frozenset(),
) -> SearchGraph:
    """Build the layered search graph for node indices ``origin`` → ``destination``.

    One layer per stage between via points and per transshipment count (when limited),
    so that a plain shortest path respects the constraints.

    Parameters
    ----------
    compiled
        The compiled network.
    constraints
        Avoided countries, closures, modes, via points and the transshipment limit.
    origin, destination
        Node indices in ``compiled.network.nodes``.
    cargo_modes
        Modes the cargo class accepts (empty: all).

    Returns
    -------
    SearchGraph
        Edges, their virtual links (``-1`` for layer joins), source and target.
    """
    g = compiled.graph
    v = g.n_vertices
    ok = allowed_vlinks(compiled, constraints, cargo_modes)
    n_stages = len(constraints.via) + 1
    limit = constraints.max_transshipments
    n_tr = 1 if limit is None else limit + 1
    transfer = g.kind == _KIND["transfer"]
    stay = np.flatnonzero(ok & ~transfer) if limit is not None else np.flatnonzero(ok)
    step = np.flatnonzero(ok & transfer) if limit is not None else np.zeros(0, dtype=np.int64)

    tails: list[IntArray] = []
    heads: list[IntArray] = []
    vlinks: list[IntArray] = []
    layers = np.arange(n_stages * n_tr, dtype=np.int64)
    # links inside every layer
    tails.append((layers[:, None] * v + g.tail[stay][None, :]).ravel())
    heads.append((layers[:, None] * v + g.head[stay][None, :]).ravel())
    vlinks.append(np.tile(stay, layers.size))
    # transfers move one transfer layer up
    if step.size and n_tr > 1:
        stage = np.repeat(np.arange(n_stages), n_tr - 1)
        t = np.tile(np.arange(n_tr - 1), n_stages)
        lower = stage * n_tr + t
        tails.append((lower[:, None] * v + g.tail[step][None, :]).ravel())
        heads.append(((lower + 1)[:, None] * v + g.head[step][None, :]).ravel())
        vlinks.append(np.tile(step, lower.size))
    # passing a via node moves one stage up
    node_index = node_positions(compiled.network)  # memoised on the network
    for s, via_id in enumerate(constraints.via):
        at = np.flatnonzero(
            (g.vertex_node == node_index[via_id])
            & ((g.vertex_role == _ROLE_ARR) | (g.vertex_role == _ROLE_DEP))
        )
        lower = s * n_tr + np.arange(n_tr)
        tails.append((lower[:, None] * v + at[None, :]).ravel())
        heads.append(((lower + n_tr)[:, None] * v + at[None, :]).ravel())
        vlinks.append(np.full(lower.size * at.size, -1, dtype=np.int64))
    # the destination's sink in any transfer layer of the last stage reaches the target
    target = n_stages * n_tr * v
    last = (n_stages - 1) * n_tr + np.arange(n_tr)
    tails.append(last * v + g.sink[destination])
    heads.append(np.full(n_tr, target, dtype=np.int64))
    vlinks.append(np.full(n_tr, -1, dtype=np.int64))
    return SearchGraph(
        tail=np.concatenate(tails),
        head=np.concatenate(heads),
        vlink=np.concatenate(vlinks),
        n_vertices=target + 1,
        source=int(g.source[origin]),
        target=target,
    )


def solve(search: SearchGraph, vlink_weights: FloatArray) -> tuple[float, IntArray] | None:
    """Least-weight path: its weight and its virtual links in order, or None.

    Parameters
    ----------
    search
        The layered search graph of one query.
    vlink_weights
        One weight per virtual link.

    Returns
    -------
    tuple or None
        ``(weight, virtual link indices)``, or ``None`` when the target is unreachable.

    Raises
    ------
    CorridorError
        If the shortest-path search returned a path that does not run from the origin's
        source to the destination's target (never returned as a route).
    """
    graph = search.graph(vlink_weights)
    dist, vertices = shortest_path(graph, search.source, search.target)
    if not np.isfinite(dist):
        return None
    if vertices.size == 0 or vertices[0] != search.source or vertices[-1] != search.target:
        raise CorridorError(
            "internal error: the route search returned a path that does not reach the "
            "destination; please report it with the request that caused it"
        )
    edges = path_edges(graph, vertices)
    used = search.vlink[edges]
    return float(dist), used[used >= 0]
