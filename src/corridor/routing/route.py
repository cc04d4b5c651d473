"""Best routes, diverse alternatives and Pareto sets of a prepared request.

The searches here are deterministic; what combines them with simulation (``p90``
optimisation, percentiles, corridor comparison) sits a floor above, in
:mod:`corridor.planning`, whose functions are the ones :mod:`corridor` exports.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TypeAlias

import numpy as np
import numpy.typing as npt

from corridor._checks import check_instance
from corridor.exceptions import CorridorError, InvalidArgumentError, NoRouteError
from corridor.network.columns import node_positions
from corridor.network.compile import CompiledNetwork, CostColumns, compile_network, feu_units
from corridor.network.graph import VLINK_KINDS, VirtualGraph
from corridor.network.model import CargoClass, Network, Node
from corridor.network.places import check_endpoint, resolve_place
from corridor.network.regimes import apply_regimes
from corridor.routing.constraints import Constraints, InvalidConstraintError
from corridor.routing.engine import SearchGraph, build_search, objective_weights, solve
from corridor.routing.families import corridor_family
from corridor.routing.options import Optimize, RouteOptions
from corridor.routing.result import Leg, LegKind, Route
from corridor.routing.shortest import CSRGraph, distances_from

__all__ = [
    "MAX_ALTERNATIVES",
    "Query",
    "alternative_routes",
    "best_route",
    "check_alternatives",
    "decode",
    "explain_infeasible",
    "pareto_routes",
    "prepare",
]

FloatArray: TypeAlias = npt.NDArray[np.float64]
IntArray: TypeAlias = npt.NDArray[np.int64]
_MAX_PARETO_LABELS = 200_000
MAX_ALTERNATIVES = 50
"""Largest ``k`` accepted by :func:`alternative_routes`."""
_PENALTY_STEP = 1.6
_MAX_PENALTY = 1e6


@dataclass(frozen=True)
class Query:
    """A resolved request: places, cargo, weights and constraints on a compiled network.

    Build it with :func:`prepare`; every search function takes one.
    """

    compiled: CompiledNetwork
    origin: Node
    destination: Node
    origin_ix: int
    destination_ix: int
    cargo: CargoClass
    costs: CostColumns
    optimize: Optimize
    value_of_time_usd_per_day: float
    carbon_usd_per_t: float
    constraints: Constraints
    month: int | None = None
    regimes: Mapping[str, str | None] = field(default_factory=dict)
    options: RouteOptions = field(default_factory=RouteOptions)

    @property
    def weights(self) -> FloatArray:
        """Per-virtual-link weight of the optimised criterion."""
        return objective_weights(
            self.costs,
            self.optimize,
            value_of_time_usd_per_day=self.value_of_time_usd_per_day,
            carbon_usd_per_t=self.carbon_usd_per_t,
        )

    def with_constraints(self, constraints: Constraints) -> Query:
        """The same query under other constraints.

        Parameters
        ----------
        constraints
            The constraints that replace this query's.

        Returns
        -------
        Query
            A new query; this one is unchanged.
        """
        return replace(self, constraints=constraints)

    def search(self) -> SearchGraph:
        """The layered search graph of this query.

        Returns
        -------
        SearchGraph
            The compiled graph with the constraints and the cargo's modes applied, between
            the origin and the destination vertices.
        """
        return build_search(
            self.compiled,
            self.constraints,
            self.origin_ix,
            self.destination_ix,
            cargo_modes=frozenset(self.cargo.modes),
        )


def prepare(
    network: Network, origin: str, destination: str, options: RouteOptions | None = None
) -> Query:
    """Check a request against ``network`` once and resolve it into a :class:`Query`.

    Parameters
    ----------
    network
        The network; its regimes are applied first (``options.date`` picks the sea-rate
        regime, ``options.operations`` the rail operating regime; see
        :mod:`corridor.network.regimes`).
    origin, destination
        Place names, aliases, ids or UN/LOCODEs.
    options
        The request's options (default: :class:`RouteOptions` defaults).

    Returns
    -------
    Query
        The resolved request, ready for any search function.

    Raises
    ------
    RegimeError
        For a malformed date, a date no regime covers, or an unknown operating regime.
    UnknownPlaceError
        For an unknown origin, destination or via place, or an origin or destination that
        is a chokepoint (a strait or canal, which cargo passes but does not start or end at).
    InvalidConstraintError
        For an unknown country, closure, mode or cargo class, or the same place as origin
        and destination.
    InvalidArgumentError
        If ``network`` is not a :class:`~corridor.network.model.Network`.
    """
    check_instance("network", network, Network, "a Network, e.g. corridor.eurasia()")
    opts = RouteOptions.of(options)
    applied = apply_regimes(network, date=opts.date, operations=opts.operations)
    network = applied.network
    for name, place in (("origin", origin), ("destination", destination)):
        if not isinstance(place, str) or not place.strip():
            raise InvalidConstraintError(
                f"{name}={place!r}: expected a place name, alias, id or UN/LOCODE",
                parameter=name,
            )
    o = check_endpoint(resolve_place(network, origin), "origin")
    d = check_endpoint(resolve_place(network, destination), "destination")
    if o.id == d.id:
        raise InvalidConstraintError(f"origin and destination are both {o.name}; pick two places")
    try:
        cargo_class = network.cargo(opts.cargo)
    except KeyError:
        known = ", ".join(c.id for c in network.cargo_classes) or "none defined"
        raise InvalidConstraintError(
            f"cargo={opts.cargo!r}: unknown cargo class; use one of {known}", parameter="cargo"
        ) from None
    constraints = Constraints.build(
        network,
        avoid_countries=opts.avoid_countries,
        close=opts.close,
        modes=opts.modes,
        via=opts.via,
        max_transshipments=opts.max_transshipments,
    )
    constraints.check_endpoints(o, d)
    compiled = compile_network(network, month=opts.month)
    index = node_positions(network)  # memoised on the network (the validator made it)
    return Query(
        compiled=compiled,
        origin=o,
        destination=d,
        origin_ix=index[o.id],
        destination_ix=index[d.id],
        cargo=cargo_class,
        costs=compiled.costs(cargo_class),
        optimize=opts.optimize,
        value_of_time_usd_per_day=(
            cargo_class.value_of_time_usd_per_day
            if opts.value_of_time_usd_per_day is None
            else opts.value_of_time_usd_per_day
        ),
        carbon_usd_per_t=opts.carbon_usd_per_t,
        constraints=constraints,
        month=opts.month,
        regimes=applied.to_dict(),
        options=opts,
    )


def best_route(query: Query) -> Route:
    """The best route of a prepared query by a deterministic criterion.

    Parameters
    ----------
    query
        The prepared request.

    Returns
    -------
    Route
        The route minimising ``query.optimize``.

    Raises
    ------
    NoRouteError
        If no route satisfies the request; the message names the constraint to drop.
    InvalidArgumentError
        For ``optimize="p90"``, which needs simulation: use :func:`corridor.route`.
    """
    if query.optimize == "p90":
        raise InvalidArgumentError(
            "optimize='p90' ranks routes by simulated transit time, which the routing layer "
            "does not do; use corridor.route (corridor.planning) for it",
            parameter="optimize",
        )
    weights = query.weights
    result = solve(query.search(), weights)
    if result is None:
        raise NoRouteError(explain_infeasible(query))
    _, vlinks = result
    return decode(query, vlinks, float(weights[vlinks].sum()))


def explain_infeasible(query: Query) -> str:
    """Say which constraint makes a query infeasible.

    Parameters
    ----------
    query
        A query for which no route was found.

    Returns
    -------
    str
        One line: the network does not connect the places, or which constraint to drop
        (each is tried on its own) to get a route.
    """
    head = f"no route from {query.origin.name} to {query.destination.name}"
    c = query.constraints
    if not c.describe():
        return (
            f"{head}: the network does not connect them (cargo can change mode only where a "
            "transfer is declared); run `corridor network validate` on the network"
        )
    weights = query.weights
    unconstrained = solve(query.with_constraints(Constraints()).search(), weights)
    if unconstrained is None:
        return f"{head}, even without {c.describe()}: the network does not connect them"
    culprits = [
        label
        for label, relaxed in c.relaxations()
        if solve(query.with_constraints(relaxed).search(), weights) is not None
    ]
    if culprits:
        return f"{head} with {c.describe()}: dropping {' or '.join(culprits)} would give one"
    return f"{head} with {c.describe()}: only dropping several of these constraints gives one"


def decode(query: Query, vlinks: IntArray, objective: float) -> Route:
    """Turn a sequence of virtual links into a :class:`Route`.

    Parameters
    ----------
    query
        The query the links were found for.
    vlinks
        Virtual-link indexes of the compiled graph, origin to destination.
    objective
        The optimised criterion's total along ``vlinks``.

    Returns
    -------
    Route
        Legs, transfers, borders and waits with their time, money and CO2 figures.
    """
    comp = query.compiled
    g = comp.graph
    net = comp.network
    costs = query.costs
    legs: list[Leg] = []
    geometry: list[tuple[float, float]] = []
    visited: list[Node] = [query.origin]
    for e in (int(x) for x in vlinks):
        kind = VLINK_KINDS[int(g.kind[e])]
        t, usd, co2, km = (
            float(costs.time_h[e]),
            float(costs.money_usd[e]),
            float(costs.co2_kg[e]),
            float(costs.distance_km[e]),
        )
        if kind == "move":
            link = net.links[int(g.link[e])]
            fwd = bool(g.forward[e])
            a = net.node(link.from_node if fwd else link.to_node)
            b = net.node(link.to_node if fwd else link.from_node)
            legs.append(
                Leg(
                    "move",
                    a.id,
                    b.id,
                    a.name,
                    b.name,
                    link.mode,
                    km,
                    t,
                    usd,
                    co2,
                    link.id,
                    link.name or "",
                    a.country,
                    b.country,
                    service=None if link.service is None else link.service.name,
                )
            )
            pts = list(link.geometry) or [(a.lon, a.lat), (b.lon, b.lat)]
            geometry.extend(pts if fwd else pts[::-1])
            visited.append(b)
            continue
        node = net.nodes[int(g.node[e])]
        legs.extend(_node_legs(query, e, node, kind=kind, t=t, usd=usd))
    countries = _countries_entered(query, legs)
    chokepoints = tuple(dict.fromkeys(n.id for n in visited if n.kind == "chokepoint"))
    return Route(
        origin=query.origin,
        destination=query.destination,
        cargo=query.cargo,
        legs=tuple(legs),
        corridor=corridor_family(legs, countries, chokepoints),
        objective=objective,
        optimize=query.optimize,
        countries=tuple(countries),
        chokepoints=chokepoints,
        geometry=tuple(geometry),
        regimes=dict(query.regimes),
    )


def _node_legs(query: Query, e: int, node: Node, *, kind: str, t: float, usd: float) -> list[Leg]:
    """The legs of one virtual link at a node, in the order they happen.

    Alighting from a service (its schedule delay), the border passage, a port call or a
    passage aboard, the transfer itself, boarding the next service (the wait), handling.
    """
    comp = query.compiled
    g = comp.graph
    here = (node.id, node.id, node.name, node.name)
    cc = node.country
    tail_service = _service_of(g, int(g.tail[e]))
    head_service = _service_of(g, int(g.head[e]))
    out: list[Leg] = []

    def leg(kind: LegKind, mode: str, hours: float, cost: float, note: str, **kw: object) -> None:
        out.append(Leg(kind, *here, mode, 0.0, hours, cost, 0.0, None, note, cc, cc, **kw))  # type: ignore[arg-type]

    delay_h, border_h = float(comp.delay_h[e]), float(comp.border_h[e])
    wait_h, call_h, pass_h = float(comp.wait_h[e]), float(comp.call_h[e]), float(comp.passage_h[e])
    border_usd = float(comp.border_usd[e]) if comp.border[e] else 0.0
    toll_usd = float(comp.toll_usd_per_feu[e]) * feu_units(query.cargo)
    if delay_h > 0:
        leg("delay", "schedule", delay_h, 0.0, "schedule delay (mean)", service=tail_service)
    if comp.border[e] and node.border is not None:
        a_cc, b_cc = str(g.vertex_side[g.tail[e]]), str(g.vertex_side[g.head[e]])
        frontier = bool(comp.customs_frontier[e])
        what = "customs frontier" if frontier else "internal border"
        leg(
            "border",
            "border",
            border_h,
            border_usd,
            f"{'/'.join(node.border.countries)} border ({a_cc}>{b_cc}, {what}), "
            f"{node.border.regime} regime",
            direction=f"{a_cc}>{b_cc}",
            customs="frontier" if frontier else "internal",
        )
    if call_h > 0:
        leg("call", "sea", call_h, 0.0, "port call aboard", service=tail_service)
    if pass_h > 0 or toll_usd > 0:
        leg("passage", "sea", pass_h, toll_usd, "canal/strait passage", service=tail_service)
    rest_h = t - delay_h - border_h - wait_h - call_h - pass_h
    rest_usd = usd - border_usd - toll_usd
    if kind == "transfer":
        tr = node.transfers[int(g.transfer[e])]
        a_mode = _mode_name(g.vertex_mode[g.tail[e]])
        b_mode = _mode_name(g.vertex_mode[g.head[e]])
        out.append(
            Leg(
                "transfer",
                *here,
                f"{a_mode}>{b_mode}",
                0.0,
                rest_h,
                rest_usd,
                0.0,
                None,
                tr.kind.replace("_", " "),
                cc,
                cc,
                int(g.transfer[e]),
            )
        )
    elif kind in ("load", "unload") and (rest_h > 0 or rest_usd > 0):
        leg("load" if kind == "load" else "unload", "handling", rest_h, rest_usd, "")
    if wait_h > 0:
        leg("wait", "service", wait_h, 0.0, "wait for departure (mean)", service=head_service)
    return out


def _service_of(g: VirtualGraph, vertex: int) -> str | None:
    layer = int(g.vertex_layer[vertex])
    return g.layer_service[layer] if layer >= 0 else None


def _countries_entered(query: Query, legs: list[Leg]) -> list[str]:
    """Countries the cargo is in, in order.

    Ships calling at a port or passing a strait do not bring the cargo into that country
    (nor does the schedule delay on arrival); land legs, transfers, handling and border
    passages do.
    """
    seq = [query.origin.country]
    for leg in legs:
        if leg.kind == "move" and leg.mode in _WATER:
            continue
        if leg.kind in ("call", "passage", "wait", "delay"):  # aboard, or not a country move
            continue
        seq.extend((leg.from_country, leg.to_country))
    seq.append(query.destination.country)
    out: list[str] = []
    for c in seq:
        if c and c != "XX" and (not out or out[-1] != c):
            out.append(c)
    return out


_WATER = frozenset({"sea", "ferry"})


def _mode_name(index: np.int64) -> str:
    from corridor._typing import MODES  # noqa: PLC0415

    return MODES[int(index)]


def check_alternatives(k: object, max_overlap: object) -> None:
    """Refuse a ``k`` or ``max_overlap`` that :func:`alternative_routes` cannot honour.

    Parameters
    ----------
    k
        Wanted number of routes: a whole number from 1 to :data:`MAX_ALTERNATIVES`.
    max_overlap
        Largest shared-kilometre fraction between two routes: a number from 0 to 1.

    Raises
    ------
    InvalidConstraintError
        Naming the parameter and its range.
    """
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_ALTERNATIVES:
        raise InvalidConstraintError(
            f"k={k!r}: must be a whole number from 1 to {MAX_ALTERNATIVES}", parameter="k"
        )
    ok = isinstance(max_overlap, int | float) and not isinstance(max_overlap, bool)
    if not (ok and 0.0 <= float(max_overlap) <= 1.0):  # type: ignore[arg-type]
        raise InvalidConstraintError(
            f"max_overlap={max_overlap!r}: must be a number from 0 to 1",
            parameter="max_overlap",
        )


def alternative_routes(
    query: Query, *, k: int, max_overlap: float, first: Route | None = None
) -> list[Route]:
    """Up to ``k`` routes of a prepared query that differ materially, best first.

    Link penalties: after each route found, the weights of its links are raised (x1.6
    per round, capped so that no weight overflows however many rounds run) and the
    search is repeated; a new route is kept only if it shares at most ``max_overlap`` of
    its kilometres with every route kept before.

    Parameters
    ----------
    query
        The prepared request; its criterion weights the searches.
    k
        At most this many routes, 1 to :data:`MAX_ALTERNATIVES` (50).
    max_overlap
        Largest shared-kilometre fraction allowed between two kept routes (0..1).
    first
        The route to start from (default: :func:`best_route` of ``query``), e.g. the
        route a simulation-based criterion chose.

    Returns
    -------
    list of Route
        ``first`` (or the best route), then the alternatives.

    Raises
    ------
    InvalidConstraintError
        If ``k`` is not a whole number from 1 to 50 or ``max_overlap`` not in 0..1.
    NoRouteError
        If no route satisfies the request.
    """
    check_alternatives(k, max_overlap)
    best = first if first is not None else best_route(query)
    kept = [best]
    weights = query.weights
    search = query.search()
    link_of = query.compiled.graph.link
    links = query.compiled.network.links
    link_index = {lk.id: i for i, lk in enumerate(links)}
    link_km = np.array([lk.distance_km for lk in links], dtype=np.float64)
    kept_km = [_km_by_link(len(links), best, link_index)]
    penalty = np.ones_like(weights)
    for _ in range(6 * k):
        if len(kept) >= k:
            break
        used = np.flatnonzero(np.sum(kept_km, axis=0) > 0)
        hit = np.isin(link_of, used) & (link_of >= 0)
        penalty[hit] = np.minimum(penalty[hit] * _PENALTY_STEP, _MAX_PENALTY)
        result = solve(search, weights * penalty)
        if result is None:
            break
        _, vlinks = result
        # judge the candidate on its links before building its legs (most are rejected)
        km = np.zeros(len(links))
        on = link_of[vlinks]
        on = on[on >= 0]
        km[on] = link_km[on]
        if all(_shared(km, other) <= max_overlap for other in kept_km):
            kept.append(decode(query, vlinks, float(weights[vlinks].sum())))
            kept_km.append(km)
    return kept


def _km_by_link(n_links: int, r: Route, link_index: Mapping[str, int]) -> FloatArray:
    """Kilometres of ``r`` on each link of the network (0 where it does not pass)."""
    km = np.zeros(n_links)
    for leg in r.legs:
        if leg.link_id:
            km[link_index[leg.link_id]] = leg.distance_km
    return km


def _shared(a: FloatArray, b: FloatArray) -> float:
    """Share of the shorter route's kilometres on links both routes use."""
    both = (a > 0) & (b > 0)
    return float(a[both].sum()) / max(min(float(a.sum()), float(b.sum())), 1e-9)


def pareto_routes(query: Query) -> list[Route]:
    """Every route of a prepared query not dominated in (time, money, CO2), fastest first.

    Exact multi-criteria label setting on the (constrained) virtual graph: a route is
    kept unless another is no worse in all three criteria and better in one.

    Parameters
    ----------
    query
        The prepared request (its criterion only sets each route's reported objective).

    Returns
    -------
    list of Route
        The non-dominated routes.

    Raises
    ------
    NoRouteError
        If no route satisfies the request.
    CorridorError
        If the search grows past 200,000 labels (add constraints to narrow it).
    """
    search = query.search()
    crit = np.stack([query.costs.time_h, query.costs.money_usd, query.costs.co2_kg], axis=1)
    edge_cost = np.where((search.vlink >= 0)[:, None], crit[np.maximum(search.vlink, 0)], 0.0)
    order = np.argsort(search.tail, kind="stable")
    indptr = np.searchsorted(search.tail[order], np.arange(search.n_vertices + 1))
    heads = search.head[order]
    costs = edge_cost[order]

    # Lower bounds on the rest of the way, per criterion: the least time, money and CO2
    # from each vertex to the target (three searches on the reversed graph). A label whose
    # cost plus bound is dominated by a route found can lead to no Pareto route, and the
    # heap takes labels in order of cost plus bound, so routes are found early (NAMOA*
    # with the ideal-point bound: consistent, so the set stays exact). Shrunk a little so
    # that rounding in the sums never makes a bound exceed the true rest.
    bound = np.column_stack(
        [
            distances_from(
                CSRGraph.from_edges(search.head, search.tail, edge_cost[:, i], search.n_vertices),
                search.target,
            )
            for i in range(3)
        ]
    ) * (1.0 - 1e-9)
    bound_of: list[tuple[float, float, float]] = [tuple(row) for row in bound.tolist()]

    # Labels are plain float triples: for three criteria, tuple arithmetic is several
    # times faster than numpy's per-call overhead.
    adjacency = indptr.tolist()
    head_of = heads.tolist()
    cost_of: list[tuple[float, float, float]] = [tuple(row) for row in costs.tolist()]
    edge_of = order.tolist()
    lab_cost: list[tuple[float, float, float]] = [(0.0, 0.0, 0.0)]
    lab_vertex = [search.source]
    lab_prev = [-1]
    lab_edge = [-1]
    alive = [True]
    front: dict[int, list[int]] = {search.source: [0]}
    heap: list[tuple[float, float, float, int]] = [(0.0, 0.0, 0.0, 0)]
    target = search.target
    inf = float("inf")
    while heap:
        *_, lab = heapq.heappop(heap)
        if not alive[lab]:
            continue
        v = lab_vertex[lab]
        if v == target:
            continue
        b0, b1, b2 = lab_cost[lab]
        for j in range(adjacency[v], adjacency[v + 1]):
            w = head_of[j]
            h0, h1, h2 = bound_of[w]
            if h0 == inf:  # the target cannot be reached from w
                continue
            e0, e1, e2 = cost_of[j]
            c = (b0 + e0, b1 + e1, b2 + e2)
            f = (c[0] + h0, c[1] + h1, c[2] + h2)
            if _dominated(f, front.get(target, ()), lab_cost) or _dominated(
                c, front.get(w, ()), lab_cost
            ):
                continue
            at_w = front.get(w, [])
            for other in at_w:
                o = lab_cost[other]
                if c[0] <= o[0] + 1e-9 and c[1] <= o[1] + 1e-9 and c[2] <= o[2] + 1e-9:
                    alive[other] = False
            new = len(lab_cost)
            if new > _MAX_PARETO_LABELS:
                raise CorridorError(
                    "the Pareto search grew past 200,000 labels; add constraints "
                    "(avoid_countries=, modes=) to narrow it"
                )
            lab_cost.append(c)
            lab_vertex.append(w)
            lab_prev.append(lab)
            lab_edge.append(edge_of[j])
            alive.append(True)
            front[w] = [x for x in at_w if alive[x]] + [new]
            heapq.heappush(heap, (f[0], f[1], f[2], new))
    finals = [x for x in front.get(search.target, []) if alive[x]]
    if not finals:
        raise NoRouteError(explain_infeasible(query))
    weights = query.weights
    routes: list[Route] = []
    for lab in finals:
        edges: list[int] = []
        cur = lab
        while lab_prev[cur] >= 0:
            edges.append(lab_edge[cur])
            cur = lab_prev[cur]
        vl = search.vlink[np.array(edges[::-1], dtype=np.int64)]
        vl = vl[vl >= 0]
        routes.append(decode(query, vl, float(weights[vl].sum())))
    routes.sort(key=lambda r: (r.hours, r.cost_usd, r.co2_kg))
    return routes


def _dominated(
    c: tuple[float, float, float],
    labels: Iterable[int],
    lab_cost: list[tuple[float, float, float]],
) -> bool:
    """Whether some label in ``labels`` is no worse than ``c`` in every criterion."""
    c0, c1, c2 = c[0] + 1e-9, c[1] + 1e-9, c[2] + 1e-9
    for x in labels:
        o = lab_cost[x]
        if o[0] <= c0 and o[1] <= c1 and o[2] <= c2:
            return True
    return False
