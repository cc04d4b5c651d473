"""The front door: best route, alternatives and Pareto set of a request, ``p90`` included.

Each function takes the request's options either as ``options=`` (a
:class:`~corridor.routing.options.RouteOptions`) or as typed keyword arguments of the
same names (:class:`~corridor.routing.options.RouteKeywords`); keyword arguments
override ``options``. The request is checked against the network once, then searched by
:mod:`corridor.routing.route`; ``optimize="p90"`` adds a Monte Carlo simulation of the
candidates (:mod:`corridor.reliability`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Unpack

from corridor.network.model import Network
from corridor.reliability.simulate import with_percentiles
from corridor.routing import route as search
from corridor.routing.options import RouteKeywords, RouteOptions
from corridor.routing.result import Route
from corridor.routing.route import Query, prepare

__all__ = [
    "alternative_routes",
    "alternatives",
    "best_route",
    "pareto",
    "pareto_routes",
    "route",
]

_P90_CANDIDATES = 4


def route(
    network: Network,
    origin: str,
    destination: str,
    *,
    options: RouteOptions | None = None,
    **overrides: Unpack[RouteKeywords],
) -> Route:
    """The best route from ``origin`` to ``destination``.

    Parameters
    ----------
    network
        The network.
    origin, destination
        Place names, aliases, ids or UN/LOCODEs.
    options
        The request's options (:class:`~corridor.routing.options.RouteOptions`).
    **overrides
        Any option of :class:`~corridor.routing.options.RouteOptions` by name: ``cargo``,
        ``optimize`` (``time``, ``cost``, ``co2``, ``generalized``, ``distance``, ``p90``),
        ``value_of_time_usd_per_day``, ``carbon_usd_per_t``, ``avoid_countries``,
        ``close``, ``modes``, ``via``, ``max_transshipments``, ``month``, ``date``,
        ``operations``.

    Returns
    -------
    Route
        The route, leg by leg.

    Raises
    ------
    InvalidArgumentError
        For an unknown option or a bad value (the message names the parameter).
    UnknownPlaceError
        For an unknown place.
    NoRouteError
        If no route satisfies the request; the message names the constraint that makes
        it infeasible.

    Examples
    --------
    >>> import corridor
    >>> net = corridor.eurasia()
    >>> r = corridor.route(net, "Xi'an", "Duisburg", optimize="time", avoid_countries="RU,BY")
    >>> "RU" in r.countries, r.destination.name
    (False, 'Duisburg')
    """
    query = prepare(network, origin, destination, RouteOptions.of(options, overrides))
    return best_route(query)


def best_route(query: Query) -> Route:
    """The best route of a prepared query, by any criterion including ``p90``.

    Parameters
    ----------
    query
        The prepared request (:func:`corridor.routing.route.prepare`).

    Returns
    -------
    Route
        The best route; for ``p90`` it carries its simulated percentiles and its
        objective is the P90 in hours.

    Raises
    ------
    NoRouteError
        If no route satisfies the request.
    """
    if query.optimize == "p90":
        return _best_by_p90(query)
    return search.best_route(query)


def _best_by_p90(query: Query) -> Route:
    """The candidate with the lowest simulated 90th percentile of transit time.

    Candidates: the fastest route by mean, materially different alternatives to it, and
    the best routes by generalized cost and by money; each is simulated (10,000 samples,
    seed 0, the query's month) and the one with the smallest P90 wins.
    """
    candidates = search.alternative_routes(
        replace(query, optimize="time"), k=_P90_CANDIDATES, max_overlap=0.8
    )
    for other in ("generalized", "cost"):
        candidates.append(search.best_route(replace(query, optimize=other)))
    return min((_scored(query, r) for r in candidates), key=lambda r: r.objective)


def _scored(query: Query, r: Route) -> Route:
    """``r`` with simulated percentiles and, for ``p90``, the P90 (hours) as objective."""
    if not r.transit_days:
        r = with_percentiles(query.compiled.network, r, month=query.month)
    if query.optimize != "p90":
        return r
    return replace(r, objective=r.transit_days["p90"] * 24.0, optimize="p90")


def alternatives(
    network: Network,
    origin: str,
    destination: str,
    *,
    k: int = 3,
    max_overlap: float = 0.6,
    options: RouteOptions | None = None,
    **overrides: Unpack[RouteKeywords],
) -> list[Route]:
    """Up to ``k`` routes that differ materially, best first.

    Link penalties: after each route found, the weights of its links are raised and the
    search is repeated; a new route is kept only if it shares at most ``max_overlap`` of
    its kilometres with every route kept before. For ``optimize="p90"`` the first route
    is the best by simulated P90 and the others come from the time search, each with its
    simulated P90 as objective.

    Parameters
    ----------
    network
        The network.
    origin, destination
        Places.
    k
        At most this many routes, 1 to 50.
    max_overlap
        Largest shared-kilometre fraction allowed between two kept routes (0..1).
    options, **overrides
        As for :func:`route`.

    Returns
    -------
    list of Route
        The first is the best route; each next one differs by the overlap limit.

    Raises
    ------
    InvalidConstraintError
        If ``k`` is not a whole number from 1 to 50 or ``max_overlap`` is not in 0..1.
    NoRouteError
        If no route satisfies the request.

    Examples
    --------
    >>> import corridor
    >>> routes = corridor.alternatives(corridor.eurasia(), "Xi'an", "Duisburg", k=3)
    >>> 1 <= len(routes) <= 3
    True
    """
    search.check_alternatives(k, max_overlap)
    query = prepare(network, origin, destination, RouteOptions.of(options, overrides))
    return alternative_routes(query, k=k, max_overlap=max_overlap)


def alternative_routes(query: Query, *, k: int, max_overlap: float) -> list[Route]:
    """Alternatives of a prepared query, by any criterion including ``p90``.

    Parameters
    ----------
    query
        The prepared request.
    k, max_overlap
        As for :func:`alternatives`.

    Returns
    -------
    list of Route
        As for :func:`alternatives`.

    Raises
    ------
    InvalidConstraintError
        If ``k`` or ``max_overlap`` is out of range.
    NoRouteError
        If no route satisfies the request.
    """
    search.check_alternatives(k, max_overlap)
    if query.optimize != "p90":
        return search.alternative_routes(query, k=k, max_overlap=max_overlap)
    first = _best_by_p90(query)
    rest = search.alternative_routes(
        replace(query, optimize="time"), k=k, max_overlap=max_overlap, first=first
    )
    return [first, *(_scored(query, r) for r in rest[1:])]


def pareto(
    network: Network,
    origin: str,
    destination: str,
    *,
    options: RouteOptions | None = None,
    **overrides: Unpack[RouteKeywords],
) -> list[Route]:
    """Every route not dominated in (time, money, CO2), fastest first.

    Exact multi-criteria label setting on the (constrained) virtual graph: a route is
    kept unless another is no worse in all three criteria and better in one.

    Parameters
    ----------
    network
        The network.
    origin, destination
        Places.
    options, **overrides
        As for :func:`route` (``optimize`` only sets each route's reported objective;
        for ``p90`` each route is simulated and its P90 in hours is the objective).

    Returns
    -------
    list of Route
        The non-dominated routes.

    Raises
    ------
    NoRouteError
        If no route satisfies the request.

    Examples
    --------
    >>> import corridor
    >>> front = corridor.pareto(corridor.eurasia(), "Xi'an", "Duisburg")
    >>> [r.hours for r in front] == sorted(r.hours for r in front)
    True
    """
    return pareto_routes(prepare(network, origin, destination, RouteOptions.of(options, overrides)))


def pareto_routes(query: Query) -> list[Route]:
    """The Pareto set of a prepared query, by any criterion including ``p90``.

    Parameters
    ----------
    query
        The prepared request.

    Returns
    -------
    list of Route
        As for :func:`pareto`.

    Raises
    ------
    NoRouteError
        If no route satisfies the request.
    """
    if query.optimize != "p90":
        return search.pareto_routes(query)
    return [_scored(query, r) for r in search.pareto_routes(replace(query, optimize="time"))]
