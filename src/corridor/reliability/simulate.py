"""Route-level reliability: simulate routes, attach percentiles, switch borders to digital."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from corridor._checks import check_instance, check_int, show
from corridor.exceptions import InvalidArgumentError
from corridor.network.model import Network, Node
from corridor.network.regimes import apply_regime_ids
from corridor.reliability.components import route_components
from corridor.reliability.montecarlo import TransitSimulation, simulate_components
from corridor.routing.families import FAMILIES
from corridor.routing.result import Route

__all__ = ["digital_borders", "simulate_route", "with_percentiles"]

PERCENTILE_SAMPLES = 10_000
"""Samples used to attach P50/P90/P95 to routing results (seed 0, reproducible; the
P95 of a typical route is then good to about 0.1 day)."""


def simulate_route(
    network: Network,
    route: Route,
    *,
    samples: int = 100_000,
    month: int | None = None,
    seed: int | None = None,
    border_correlation: float = 0.0,
    progress: Callable[[int], None] | None = None,
) -> TransitSimulation:
    """Monte Carlo of a route's terminal-to-terminal time on ``network``.

    Parameters
    ----------
    network
        The network whose distributions apply (its border regimes, closures).
    route
        The route (its legs name the links, borders and transfers).
    samples
        Number of sampled transits.
    month
        Month (1-12) for seasonal closures; ``None``: yearly average.
    seed
        Seed; the same seed gives identical numbers.
    border_correlation
        Correlation of border dwells (0-1).
    progress
        Called with the number of samples done after each chunk.

    Returns
    -------
    TransitSimulation
        The sampled totals and each component's variance share.

    Raises
    ------
    InvalidArgumentError
        If ``month`` is not a whole number from 1 to 12, ``samples`` not one from 1 to
        10^8, ``seed`` not ``None`` or a whole number >= 0, ``border_correlation`` not in
        [0, 1], or ``network`` or ``route`` is not a network or a route (the message
        names the parameter); it is a :class:`~corridor.exceptions.CorridorError`.

    Examples
    --------
    >>> import corridor
    >>> net = corridor.eurasia()
    >>> r = corridor.route(net, "Xi'an", "Duisburg")
    >>> sim = corridor.simulate_route(net, r, samples=2_000, seed=1)
    >>> sim.samples
    2000
    >>> 5 < sim.percentile_days(50) < 60
    True
    >>> sim.percentile_days(50) <= sim.percentile_days(90) <= sim.percentile_days(95)
    True
    >>> 0.0 <= sim.probability_within(30) <= 1.0
    True
    """
    check_instance("network", network, Network, "a Network, e.g. corridor.eurasia()")
    check_instance("route", route, Route, "a Route from corridor.route()")
    if month is not None:
        check_int("month", month, low=1, high=12)
    if route.regimes:  # the regimes the route was found under (no-op when already applied)
        network = apply_regime_ids(
            network,
            sea_rates=route.regimes.get("sea_rates"),
            rail_operations=route.regimes.get("rail_operations"),
        ).network
    components = route_components(route, network, month=month)
    sim = simulate_components(
        components,
        samples=samples,
        seed=seed,
        border_correlation=border_correlation,
        progress=progress,
    )
    return replace(sim, meta={"corridor": route.corridor, "month": month})


def with_percentiles(
    network: Network, route: Route, *, month: int | None = None, samples: int = PERCENTILE_SAMPLES
) -> Route:
    """``route`` with simulated ``p50``, ``p90`` and ``p95`` days attached (seed 0).

    Parameters
    ----------
    network
        The network the route was found on.
    route
        The route.
    month
        Month (1-12) for seasonal closures; ``None``: yearly average.
    samples
        Number of sampled transits.

    Returns
    -------
    Route
        A copy of ``route`` whose ``transit_days`` holds ``p50``, ``p90`` and ``p95``.

    Raises
    ------
    InvalidArgumentError
        If ``month`` or ``samples`` is out of range (see :func:`simulate_route`).
    """
    sim = simulate_route(network, route, samples=samples, month=month, seed=0)
    pct = sim.percentiles()
    return replace(route, transit_days={k: pct[k] for k in ("p50", "p90", "p95")})


def _targets(targets: object) -> list[str]:
    """The targets as stripped texts: a str is one target (or a comma list)."""
    if isinstance(targets, str):
        items: list[object] = list(targets.split(","))
    elif isinstance(targets, bytes) or not isinstance(targets, Iterable):
        raise InvalidArgumentError(
            f"targets={show(targets)}: use a list of ISO codes, border ids, families or 'all'"
        )
    else:
        items = list(targets)
    out: list[str] = []
    for i, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            raise InvalidArgumentError(
                f"targets[{i}]={show(item)}: use an ISO country code, a border id, a corridor "
                "family or 'all'"
            )
        out.append(item.strip())
    return out


def digital_borders(
    network: Network, targets: str | Iterable[str], route: Route | None = None
) -> Network:
    """A copy of ``network`` with some borders switched to the digital regime.

    Parameters
    ----------
    network
        The network.
    targets
        ISO country codes (every border touching that country), border node ids, ``all``
        (every border), or a corridor family name; one str is one target (or a comma
        list), never a sequence of letters (every border on ``route`` when the
        route belongs to that family).
    route
        The route, for family targets.

    Returns
    -------
    Network
        The new network; borders without a digital dwell keep their regime.

    Raises
    ------
    InvalidArgumentError
        If a target is not a non-blank text or matches no border (the message names it
        as ``digital_borders='ZZ'``).
    """
    check_instance("network", network, Network, "a Network, e.g. corridor.eurasia()")
    if route is not None:
        check_instance("route", route, Route, "a Route from corridor.route(), or None")
    wanted = _targets(targets)
    on_route = {leg.from_id for leg in route.legs if leg.kind == "border"} if route else set()
    chosen: set[str] = set()
    borders = [n for n in network.nodes if n.border is not None]
    for target in wanted:
        matched = {
            n.id
            for n in borders
            if n.border is not None
            and (
                target.lower() == "all"
                or n.id == target.lower()
                or target.upper() in n.border.countries
                or (
                    target.lower() in FAMILIES
                    and route is not None
                    and route.corridor.startswith(target.lower())
                    and n.id in on_route
                )
            )
        }
        if not matched:
            raise InvalidArgumentError(
                f"digital_borders={target!r}: matches no border crossing; use ISO country "
                "codes (KZ,AZ,GE), border ids from `corridor places`, a corridor family or all"
            )
        chosen |= matched

    def switch(node: Node) -> Node:
        if node.id in chosen and node.border is not None and "digital" in node.border.dwell_h:
            return replace(node, border=replace(node.border, regime="digital"))
        return node

    return replace(network, nodes=tuple(switch(n) for n in network.nodes))
