"""corridor: the Belt and Road freight corridors between China and Europe as one network.

Import what you need from here::

    import corridor
    net = corridor.eurasia()
    corridor.find_places(net, "xian")
    corridor.compare(net, "Xi'an", "Duisburg").to_dict()
"""

from __future__ import annotations

from corridor.data import eurasia
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
    "read_network",
    "resolve_place",
    "route",
    "simulate_route",
    "validate_network",
    "write_network",
]
