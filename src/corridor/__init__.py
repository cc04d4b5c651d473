"""corridor: the Belt and Road freight corridors between China and Europe as one network.

Import what you need from here::

    import corridor
    net = corridor.eurasia()
    corridor.find_places(net, "xian")
    corridor.compare(net, "Xi'an", "Duisburg").to_dict()
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from corridor.exceptions import (
    CorridorError,
    InvalidArgumentError,
    MissingOptionalDependencyError,
    NetworkFormatError,
    NetworkValidationError,
    NoRouteError,
    UnknownPlaceError,
    ValidationIssue,
)

if TYPE_CHECKING:  # the names below are imported on first use (fast `corridor --help`)
    from corridor.data import eurasia
    from corridor.io.demand import read_demand
    from corridor.io.geojson import (
        network_from_geojson,
        network_to_geojson,
        read_network,
        write_network,
    )
    from corridor.network.distributions import Distribution, Empirical, Fixed, LogNormal, Triangular
    from corridor.network.model import (
        Border,
        Capacity,
        CargoClass,
        FxTable,
        Handling,
        Link,
        Money,
        Network,
        Node,
        Provenance,
        Service,
        Tariff,
        Transfer,
    )
    from corridor.network.places import find_places, resolve_place
    from corridor.network.validate import validate_network
    from corridor.planning import Comparison, alternatives, compare, pareto, route
    from corridor.reliability.simulate import simulate_route
    from corridor.routing.options import RouteOptions
    from corridor.routing.result import Leg, Route

_LAZY: dict[str, str] = {
    "Border": "corridor.network.model",
    "Capacity": "corridor.network.model",
    "CargoClass": "corridor.network.model",
    "Comparison": "corridor.planning",
    "Distribution": "corridor.network.distributions",
    "Empirical": "corridor.network.distributions",
    "Fixed": "corridor.network.distributions",
    "FxTable": "corridor.network.model",
    "Handling": "corridor.network.model",
    "Leg": "corridor.routing.result",
    "Link": "corridor.network.model",
    "LogNormal": "corridor.network.distributions",
    "Money": "corridor.network.model",
    "Network": "corridor.network.model",
    "Node": "corridor.network.model",
    "Provenance": "corridor.network.model",
    "Route": "corridor.routing.result",
    "RouteOptions": "corridor.routing.options",
    "Service": "corridor.network.model",
    "Tariff": "corridor.network.model",
    "Transfer": "corridor.network.model",
    "Triangular": "corridor.network.distributions",
    "alternatives": "corridor.planning",
    "compare": "corridor.planning",
    "eurasia": "corridor.data",
    "find_places": "corridor.network.places",
    "network_from_geojson": "corridor.io.geojson",
    "network_to_geojson": "corridor.io.geojson",
    "pareto": "corridor.planning",
    "read_demand": "corridor.io.demand",
    "read_network": "corridor.io.geojson",
    "resolve_place": "corridor.network.places",
    "route": "corridor.planning",
    "simulate_route": "corridor.reliability.simulate",
    "validate_network": "corridor.network.validate",
    "write_network": "corridor.io.geojson",
}
"""Exported name -> the module that defines it, imported when the name is first used."""

__version__ = "0.1.0"

__all__ = [
    "Border",
    "Capacity",
    "CargoClass",
    "Comparison",
    "CorridorError",
    "Distribution",
    "Empirical",
    "Fixed",
    "FxTable",
    "Handling",
    "InvalidArgumentError",
    "Leg",
    "Link",
    "LogNormal",
    "MissingOptionalDependencyError",
    "Money",
    "Network",
    "NetworkFormatError",
    "NetworkValidationError",
    "NoRouteError",
    "Node",
    "Provenance",
    "Route",
    "RouteOptions",
    "Service",
    "Tariff",
    "Transfer",
    "Triangular",
    "UnknownPlaceError",
    "ValidationIssue",
    "__version__",
    "alternatives",
    "compare",
    "eurasia",
    "find_places",
    "network_from_geojson",
    "network_to_geojson",
    "pareto",
    "read_demand",
    "read_network",
    "resolve_place",
    "route",
    "simulate_route",
    "validate_network",
    "write_network",
]


def __getattr__(name: str) -> object:
    """Import an exported name on first use (PEP 562), so that ``import corridor`` is light."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'corridor' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
