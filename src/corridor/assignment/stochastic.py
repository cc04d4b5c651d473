"""Stochastic assignment: a logit split of each OD flow over a set of diverse routes.

Shippers do not all choose the same way: they weigh costs they see differently. Here each
OD pair gets a handful of distinct routes, found as shortest paths under randomly
perturbed free-flow costs (the first draw unperturbed), and its demand is split over them by
a logit model ``share_r ∝ exp(−θ · c_r)``. With ``max_iter > 1`` the split is iterated with
congested costs by the method of successive averages (stochastic user equilibrium on the
fixed route set); as ``θ`` grows the split approaches the user equilibrium on those routes.

Route generation and loading are vectorised: one Dijkstra call for all origins per draw,
paths read off the predecessor matrices for all OD pairs at once, one hop per numpy step,
and route ↔ link as a sparse incidence matrix.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse import csgraph

from corridor._checks import check_instance, check_int, check_number, check_seed
from corridor.assignment.aon import LoadingGraph
from corridor.assignment.problem import AssignmentProblem
from corridor.exceptions import NoRouteError

__all__ = ["RouteSet", "StochasticResult", "diverse_routes", "stochastic_assign"]

IntArray: TypeAlias = npt.NDArray[np.int64]
FloatArray: TypeAlias = npt.NDArray[np.float64]
_MAX_DRAWS = 10_000
"""Most shortest-path draws of :func:`diverse_routes` (each is one search per origin)."""
_MAX_SPREAD = 5.0
"""Largest log-cost spread: factors of e^±5 (about 150×) already scatter every route."""


@dataclass(frozen=True, eq=False)
class RouteSet:
    """Routes of the OD pairs with demand.

    Parameters
    ----------
    origin, destination
        Zone index (row / column of the demand matrix) of each route's OD pair.
    pair
        Index of each route's OD pair (routes are sorted by it); pairs are numbered in the
        order of :attr:`pair_origin`.
    pair_origin, pair_destination
        Zone indices of each OD pair.
    incidence
        ``(n_routes, n_links)`` sparse matrix, 1 where a route uses a link.
    """

    origin: IntArray
    destination: IntArray
    pair: IntArray
    pair_origin: IntArray
    pair_destination: IntArray
    incidence: sp.csr_array

    @property
    def n_routes(self) -> int:
        """Number of routes."""
        return int(self.pair.shape[0])

    @property
    def n_pairs(self) -> int:
        """Number of OD pairs."""
        return int(self.pair_origin.shape[0])

    def links(self, route: int) -> IntArray:
        """Link ids used by one route (in no particular order).

        Parameters
        ----------
        route
            Route index.

        Returns
        -------
        numpy.ndarray
            Link ids.
        """
        row = self.incidence[[route], :]
        return np.sort(row.indices.astype(np.int64))


@dataclass(frozen=True, eq=False)
class StochasticResult:
    """Flows of a stochastic (logit) assignment.

    Parameters
    ----------
    flow
        Flow on each link.
    cost
        Generalised cost of each link at ``flow``.
    routes
        The route set.
    route_flow, route_cost
        Flow and cost of each route.
    theta
        Logit dispersion (per unit of cost).
    flow_change
        Relative change ``‖y − x‖ / ‖x‖`` of the link flows at each iteration.
    converged
        Whether the flow change fell below the tolerance.
    seconds
        Wall time.
    """

    flow: FloatArray
    cost: FloatArray
    routes: RouteSet
    route_flow: FloatArray
    route_cost: FloatArray
    theta: float
    flow_change: FloatArray
    converged: bool
    seconds: float

    @property
    def iterations(self) -> int:
        """Number of iterations run."""
        return int(self.flow_change.shape[0])


def _paths(
    graph: LoadingGraph, pred: npt.NDArray[np.integer], rows: IntArray, dests: IntArray
) -> tuple[IntArray, IntArray]:
    """``(route, link)`` entries of the tree paths ``origin(rows[p]) → dest_vertex[dests[p]]``."""
    g = graph.graph
    n_v = g.n_vertices
    roots = graph.origin_vertex[graph.origins[rows]]
    current = graph.dest_vertex[dests].astype(np.int64)
    active = np.flatnonzero(current != roots)
    route_ids: list[IntArray] = []
    link_ids: list[IntArray] = []
    while active.size:
        here = current[active]
        parent = pred[rows[active], here].astype(np.int64)
        entry = np.searchsorted(g._entry_keys, parent * n_v + here)  # noqa: SLF001
        link = graph.entry_link[entry]
        real = link < graph.n_links
        route_ids.append(active[real])
        link_ids.append(link[real])
        current[active] = parent
        active = active[parent != roots[active]]
    if not route_ids:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    return np.concatenate(route_ids), np.concatenate(link_ids)


def diverse_routes(
    problem: AssignmentProblem,
    *,
    max_routes: int = 4,
    draws: int = 12,
    spread: float = 0.35,
    seed: int | np.random.Generator | None = None,
) -> RouteSet:
    """Distinct routes per OD pair: shortest paths under perturbed free-flow costs.

    Draw 0 uses the free-flow generalised costs; draw ``k > 0`` multiplies each link's cost
    by an independent log-normal factor ``exp(spread · N(0, 1))``. Distinct routes are kept
    in draw order, at most ``max_routes`` per OD pair.

    Parameters
    ----------
    problem
        The problem.
    max_routes
        Most routes kept per OD pair.
    draws
        Number of shortest-path draws (1 to 10,000).
    spread
        Standard deviation of the log cost perturbation (0 to 5).
    seed
        Seed or generator of the perturbations.

    Returns
    -------
    RouteSet
        The routes, sorted by OD pair.

    Raises
    ------
    NoRouteError
        If an OD pair with demand has no path.
    InvalidArgumentError
        If ``problem`` is not an :class:`AssignmentProblem`, ``max_routes`` or ``draws``
        is not a whole number >= 1 (``draws`` at most 10,000), ``spread`` is not a finite
        number from 0 to 5, or ``seed`` is not a whole number >= 0, a generator or
        ``None`` (a ``ValueError``).
    """
    check_instance("problem", problem, AssignmentProblem, "an AssignmentProblem.create(...)")
    max_routes = check_int("max_routes", max_routes, low=1)
    draws = check_int("draws", draws, low=1, high=_MAX_DRAWS)
    spread = check_number("spread", spread, low=0.0, high=_MAX_SPREAD)
    rng = np.random.default_rng(check_seed("seed", seed))
    graph = LoadingGraph.build(problem)
    rows, dests = np.nonzero(graph.demand_rows > 0)
    n_pairs = rows.shape[0]
    base = problem.cost(np.zeros(problem.n_links))
    salt = rng.random(problem.n_links)
    all_route: list[IntArray] = []
    all_link: list[IntArray] = []
    n_links = problem.n_links
    g = graph.graph
    for draw in range(draws):
        factor = 1.0 if draw == 0 else np.exp(spread * rng.standard_normal(n_links))
        weights = graph.weights(base * factor)
        matrix = sp.csr_array(
            (weights, g.indices.astype(np.int32, copy=False), g.indptr),
            shape=(g.n_vertices, g.n_vertices),
        )
        dist, pred = csgraph.dijkstra(
            matrix, indices=graph.origin_vertex[graph.origins], return_predecessors=True
        )
        if draw == 0 and not np.all(np.isfinite(dist[rows, graph.dest_vertex[dests]])):
            raise NoRouteError("some OD pairs with demand have no path; fix: connect the zones")
        route, link = _paths(graph, pred, rows, dests)
        all_route.append(route + draw * n_pairs)
        all_link.append(link)
    route = np.concatenate(all_route)
    link = np.concatenate(all_link)
    n_candidates = draws * n_pairs
    fingerprint = np.bincount(route, weights=salt[link], minlength=n_candidates)
    hops = np.bincount(route, minlength=n_candidates)
    pair_of = np.tile(np.arange(n_pairs), draws)
    order = np.lexsort((np.arange(n_candidates), fingerprint, hops, pair_of))
    key_changes = np.ones(n_candidates, dtype=bool)
    sorted_keys = (pair_of[order], hops[order], fingerprint[order])
    key_changes[1:] = np.any([k[1:] != k[:-1] for k in sorted_keys], axis=0)
    first = np.sort(order[key_changes])  # distinct candidates, draw order within each pair
    by_pair = first[np.argsort(pair_of[first], kind="stable")]
    pair_sorted = pair_of[by_pair]
    starts = np.searchsorted(pair_sorted, pair_sorted, side="left")
    rank = np.arange(by_pair.shape[0]) - starts
    kept = by_pair[rank < max_routes]
    new_id = np.full(n_candidates, -1, dtype=np.int64)
    new_id[kept] = np.arange(kept.shape[0])
    keep_entry = new_id[route] >= 0
    incidence = sp.csr_array(
        (np.ones(int(keep_entry.sum())), (new_id[route[keep_entry]], link[keep_entry])),
        shape=(kept.shape[0], n_links),
    )
    incidence.sum_duplicates()
    incidence.data[:] = 1.0
    pair = pair_of[kept]
    origins = graph.origins[rows]
    return RouteSet(
        origin=origins[pair],
        destination=dests[pair].astype(np.int64),
        pair=pair.astype(np.int64),
        pair_origin=origins.astype(np.int64),
        pair_destination=dests.astype(np.int64),
        incidence=incidence,
    )


def _logit_flows(
    routes: RouteSet, route_cost: FloatArray, demand: FloatArray, theta: float
) -> FloatArray:
    starts = np.flatnonzero(np.r_[True, routes.pair[1:] != routes.pair[:-1]])
    best = np.minimum.reduceat(route_cost, starts)
    with np.errstate(over="ignore"):  # a huge theta: exp(-inf) = 0, all on the cheapest
        weight = np.exp(-theta * (route_cost - best[routes.pair]))
    total = np.add.reduceat(weight, starts)
    return demand[routes.pair] * weight / total[routes.pair]


def stochastic_assign(
    problem: AssignmentProblem,
    *,
    theta: float,
    routes: RouteSet | None = None,
    max_iter: int = 200,
    tolerance: float = 1e-4,
    seed: int | np.random.Generator | None = None,
) -> StochasticResult:
    """Logit split of each OD flow over diverse routes, optionally with congestion.

    Parameters
    ----------
    problem
        The problem.
    theta
        Logit dispersion per unit of cost (``>= 0``); 0 splits evenly, large values send
        nearly everything on the cheapest route.
    routes
        Route set; by default :func:`diverse_routes` with ``seed``.
    max_iter
        Iterations of the method of successive averages; 1 gives the logit split at
        free-flow costs (no congestion feedback).
    tolerance
        Stop when the relative change of link flows is at most this.
    seed
        Seed of the route generation when ``routes`` is not given.

    Returns
    -------
    StochasticResult
        Link and route flows.

    Raises
    ------
    InvalidArgumentError
        If ``problem`` is not an :class:`AssignmentProblem`, ``theta`` or ``tolerance``
        is not a finite number >= 0, ``max_iter`` is not a whole number >= 1, or
        ``routes`` is not a :class:`RouteSet` (a ``ValueError``).
    NoRouteError
        If an OD pair with demand has no path (when the routes are generated here).
    """
    check_instance("problem", problem, AssignmentProblem, "an AssignmentProblem.create(...)")
    theta = check_number("theta", theta, low=0.0)
    max_iter = check_int("max_iter", max_iter, low=1)
    tolerance = check_number("tolerance", tolerance, low=0.0)
    if routes is not None:
        check_instance("routes", routes, RouteSet, "a RouteSet from diverse_routes(...)")
    start = time.perf_counter()
    route_set = diverse_routes(problem, seed=seed) if routes is None else routes
    demand = problem.demand[route_set.pair_origin, route_set.pair_destination]
    incidence = route_set.incidence
    transposed = incidence.T.tocsr()
    x = np.zeros(problem.n_links)
    route_flow = np.zeros(route_set.n_routes)
    changes: list[float] = []
    converged = False
    for k in range(1, max_iter + 1):
        route_cost = incidence @ problem.cost(x)
        target_routes = _logit_flows(route_set, route_cost, demand, theta)
        y = transposed @ target_routes
        norm = float(np.linalg.norm(x))
        change = float(np.linalg.norm(y - x)) / norm if norm > 0 else float(k == 1)
        step = 1.0 / k
        x = x + step * (y - x)
        route_flow = route_flow + step * (target_routes - route_flow)
        changes.append(change if k > 1 else np.inf)
        if k > 1 and change <= tolerance:
            converged = True
            break
    cost = problem.cost(x)
    return StochasticResult(
        flow=x,
        cost=cost,
        routes=route_set,
        route_flow=route_flow,
        route_cost=incidence @ cost,
        theta=float(theta),
        flow_change=np.array(changes),
        converged=converged or max_iter == 1,
        seconds=time.perf_counter() - start,
    )
