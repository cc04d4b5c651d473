"""Planning: routing combined with simulation, the floor above routing and reliability.

What needs both a search and a Monte Carlo simulation lives here: the front-door
:func:`route`, :func:`alternatives` and :func:`pareto` (which accept ``optimize="p90"``
and report percentiles), and the corridor :func:`compare`. :mod:`corridor` exports them.
"""

from corridor.planning.best import (
    alternative_routes,
    alternatives,
    best_route,
    pareto,
    pareto_routes,
    route,
)
from corridor.planning.compare import Comparison, compare, compare_query

__all__ = [
    "Comparison",
    "alternative_routes",
    "alternatives",
    "best_route",
    "compare",
    "compare_query",
    "pareto",
    "pareto_routes",
    "route",
]
