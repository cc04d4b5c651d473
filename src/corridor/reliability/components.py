"""The random time components of a route: running times, waits, dwells, closures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from corridor.network.distributions import Distribution, Fixed
from corridor.network.model import Network, Service
from corridor.routing.result import Route

__all__ = ["Component", "ComponentKind", "route_components"]

ComponentKind = Literal["running", "wait", "border", "transfer", "handling", "closure"]


@dataclass(frozen=True, slots=True)
class Component:
    """One random addend of a route's door-to-door time (hours).

    Attributes
    ----------
    label
        What it is, for reports ("Aktau → Alat (ferry): wait for departure").
    kind
        ``running``, ``wait`` (for a departure), ``border``, ``transfer``, ``handling`` or
        ``closure`` (a seasonal port closure).
    dist
        The distribution: of the time itself; of the headway for a ``wait``; of the extra
        wait when closed for a ``closure``.
    probability
        For a ``closure``: probability that the port is closed; else 1.
    timetable
        For a ``wait`` on a timetable: departures as hours since Monday 00:00.
    """

    label: str
    kind: ComponentKind
    dist: Distribution
    probability: float = 1.0
    timetable: tuple[float, ...] = ()


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
    """
    out: list[Component] = []
    for leg in route.legs:
        if leg.kind == "move" and leg.link_id is not None:
            link = network.link(leg.link_id)
            name = f"{leg.from_name} → {leg.to_name} ({link.mode})"
            if link.service is not None:
                wait = _wait(f"{name}: wait for departure", link.service)
                if wait is not None:
                    out.append(wait)
            depart = network.node(leg.from_id)
            if link.mode in ("sea", "ferry") and depart.closures is not None:
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
        elif leg.kind == "border":
            node = network.node(leg.from_id)
            if node.border is not None:
                out.append(
                    Component(
                        f"{node.name}: border ({node.border.regime})", "border", node.border.dwell
                    )
                )
        elif leg.kind == "transfer" and leg.transfer_index is not None:
            node = network.node(leg.from_id)
            tr = node.transfers[leg.transfer_index]
            out.append(
                Component(f"{node.name}: {tr.kind.replace('_', ' ')}", "transfer", tr.time_h)
            )
        elif leg.kind in ("load", "unload"):
            node = network.node(leg.from_id)
            if node.handling is not None:
                out.append(Component(f"{node.name}: {leg.kind}", "handling", node.handling.time_h))
    return out
