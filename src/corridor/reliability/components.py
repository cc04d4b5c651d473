"""The random time components of a route: running times, waits, dwells, closures."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, get_args

from corridor._checks import check_instance, check_int, check_number, show
from corridor.exceptions import InvalidArgumentError
from corridor.network.distributions import (
    Distribution,
    Empirical,
    Fixed,
    LogNormal,
    Mixture,
    Triangular,
)
from corridor.network.graph import WATER_MODES
from corridor.network.model import Network, Node, Service
from corridor.routing.result import Route

__all__ = ["Component", "ComponentKind", "route_components"]

ComponentKind = Literal[
    "running", "wait", "border", "transfer", "handling", "closure", "call", "passage", "schedule"
]
_KINDS: tuple[str, ...] = get_args(ComponentKind)
_WEEK_H = 168.0


@dataclass(frozen=True, slots=True)
class Component:
    """One random addend of a route's terminal-to-terminal time (hours).

    Attributes
    ----------
    label
        What it is, for reports ("Aktau → Alat (ferry): wait for departure").
    kind
        ``running``, ``wait`` (for a departure), ``border``, ``transfer``, ``handling``,
        ``closure`` (a seasonal port closure), ``call`` (a port call aboard a liner),
        ``passage`` (a canal or strait) or ``schedule`` (a service's schedule delay).
    dist
        The distribution: of the time itself; of the headway for a ``wait``; of the extra
        wait when closed for a ``closure``.
    probability
        For a ``closure``: probability that the port is closed; else 1.
    timetable
        For a ``wait`` on a timetable: departures as hours since Monday 00:00.

    Raises
    ------
    InvalidArgumentError
        If ``kind`` is unknown, ``dist`` is not a distribution, ``probability`` is not
        in [0, 1] or a departure of ``timetable`` is not in [0, 168) hours.
    """

    label: str
    kind: ComponentKind
    dist: Distribution
    probability: float = 1.0
    timetable: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise InvalidArgumentError(
                f"kind={show(self.kind)}: unknown component kind; use one of {', '.join(_KINDS)}"
            )
        if not isinstance(self.dist, Fixed | Triangular | LogNormal | Empirical | Mixture):
            raise InvalidArgumentError(
                f"dist={show(self.dist)}: use a distribution (Fixed, Triangular, LogNormal, "
                "Empirical or Mixture) of hours"
            )
        check_number("probability", self.probability, low=0.0, high=1.0)
        if isinstance(self.timetable, str) or not isinstance(self.timetable, tuple | list):
            raise InvalidArgumentError(
                f"timetable={show(self.timetable)}: use a tuple of departure hours since Monday"
            )
        for i, t in enumerate(self.timetable):
            hour = check_number(f"timetable[{i}]", t, low=0.0)
            if not hour < _WEEK_H or not math.isfinite(hour):
                raise InvalidArgumentError(
                    f"timetable[{i}]={show(t)}: a departure is hours since Monday 00:00, "
                    "from 0 up to (not including) 168"
                )
        object.__setattr__(self, "timetable", tuple(self.timetable))


def _wait(label: str, service: Service) -> Component | None:
    if service.weekly_departures_h:
        return Component(label, "wait", Fixed(0.0), timetable=service.weekly_departures_h)
    if service.headway_h is not None:
        return Component(label, "wait", service.headway_h)
    return None


def route_components(
    route: Route, network: Network, *, month: int | None = None
) -> list[Component]:
    """The time components of ``route`` on ``network`` (whose border regimes apply).

    Parameters
    ----------
    route
        A route found on ``network`` or on a network with the same ids.
    network
        The network that supplies the distributions (e.g. with digital borders).
    month
        Month (1-12) for seasonal closures; ``None``: yearly average probability.

    Returns
    -------
    list of Component
        In route order.

    Raises
    ------
    InvalidArgumentError
        If ``month`` is not a whole number from 1 to 12, or ``route`` names a node or link
        that ``network`` does not have (it was found on another network).
    """
    check_instance("route", route, Route, "a Route from corridor.route()")
    check_instance("network", network, Network, "a Network, e.g. corridor.eurasia()")
    if month is not None:
        check_int("month", month, low=1, high=12)
    _check_same_network(route, network)
    out: list[Component] = []
    services = {lk.service.name: lk.service for lk in network.links if lk.service is not None}
    for leg in route.legs:
        service = services.get(leg.service) if leg.service is not None else None
        node = network.node(leg.from_id)
        if leg.kind == "move" and leg.link_id is not None:
            out.extend(
                _move(
                    leg.from_name,
                    leg.to_name,
                    network,
                    link_id=leg.link_id,
                    depart=node,
                    month=month,
                )
            )
        elif leg.kind == "wait" and service is not None:
            wait = _wait(f"{node.name}: wait for {service.name}", service)
            if wait is not None:
                out.append(wait)
        elif leg.kind == "call" and service is not None and service.call_h is not None:
            label = f"{node.name}: port call ({service.name})"
            out.append(Component(label, "call", service.call_h))
        elif leg.kind == "passage" and node.passage is not None:
            out.append(Component(f"{node.name}: passage", "passage", node.passage.time_h))
        elif leg.kind == "delay" and service is not None and service.schedule_delay_h is not None:
            out.append(
                Component(
                    f"{node.name}: {service.name} schedule delay",
                    "schedule",
                    service.schedule_delay_h,
                )
            )
        elif leg.kind == "border" and node.border is not None:
            a, _, b = (leg.direction or ">").partition(">")
            dwell = node.border.dwell_for(a, b) if a and b else node.border.dwell
            label = f"{node.name}: border {leg.direction or ''} ({node.border.regime})"
            out.append(Component(label, "border", dwell))
        elif leg.kind == "transfer" and leg.transfer_index is not None:
            tr = node.transfers[leg.transfer_index]
            out.append(
                Component(f"{node.name}: {tr.kind.replace('_', ' ')}", "transfer", tr.time_h)
            )
        elif leg.kind in ("load", "unload") and node.handling is not None:
            out.append(Component(f"{node.name}: {leg.kind}", "handling", node.handling.time_h))
    return out


def _check_same_network(route: Route, network: Network) -> None:
    """Refuse a route whose legs name nodes or links ``network`` does not have."""
    for leg in route.legs:
        missing = None
        if not network.has_node(leg.from_id):
            missing = f"node {leg.from_id!r}"
        elif leg.link_id is not None:
            try:
                network.link(leg.link_id)
            except KeyError:
                missing = f"link {leg.link_id!r}"
        if missing is not None:
            raise InvalidArgumentError(
                f"network={network.name!r}: has no {missing} of the route "
                f"({route.corridor}); simulate a route on the network it was found on"
            )


def _move(
    from_name: str, to_name: str, network: Network, *, link_id: str, depart: Node, month: int | None
) -> list[Component]:
    """Running time of a link, and the closure wait of the port it sails from."""
    link = network.link(link_id)
    name = f"{from_name} → {to_name} ({link.mode})"
    out: list[Component] = []
    if link.mode in WATER_MODES and depart.closures is not None:
        p = depart.closures.probability(month)
        if p > 0:
            out.append(
                Component(
                    f"{depart.name}: port closed (weather)",
                    "closure",
                    depart.closures.delay_h,
                    probability=p,
                )
            )
    if link.duration_h is not None:
        running: Distribution = link.duration_h
    else:
        running = Fixed(link.distance_km / (link.speed_kmh or 1.0))
    out.append(Component(f"{name}: running", "running", running))
    return out
