"""Scenarios: named, sourced edits of a network, read from TOML files.

A scenario closes or reopens chokepoints, countries, frontiers, nodes, links and
services; changes capacities, speeds, tariffs, border regimes and headways; adds nodes,
links, transfers and services; pins rate regimes; and sets FX rates, values of time, a
carbon price and demand growth. :func:`apply_scenario` returns a new network (the base is
never changed)::

    from corridor import eurasia
    from corridor.scenarios import apply_scenario, load_scenario, route_overrides

    net = apply_scenario(eurasia(), ["middle-corridor-2030", "digital-borders"])

See docs/scenarios.md for the file format and the built-in scenarios.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from corridor.scenarios.builtin import (
        BASE,
        apply_scenario,
        builtin_scenarios,
        load_scenario,
        route_overrides,
        scenario_schema,
    )
    from corridor.scenarios.compare import (
        AssignmentDiff,
        RouteDiff,
        compare_assignments,
        compare_routes,
        corridor_flows,
    )
    from corridor.scenarios.demand import grow_demand
    from corridor.scenarios.model import Scenario, ScenarioError, ScenarioProblem
    from corridor.scenarios.parse import parse_scenario, read_scenario

__all__ = [
    "BASE",
    "AssignmentDiff",
    "RouteDiff",
    "Scenario",
    "ScenarioError",
    "ScenarioProblem",
    "apply_scenario",
    "builtin_scenarios",
    "compare_assignments",
    "compare_routes",
    "corridor_flows",
    "grow_demand",
    "load_scenario",
    "parse_scenario",
    "read_scenario",
    "route_overrides",
    "scenario_schema",
]

_WHERE = {
    "BASE": "builtin",
    "apply_scenario": "builtin",
    "builtin_scenarios": "builtin",
    "load_scenario": "builtin",
    "route_overrides": "builtin",
    "scenario_schema": "builtin",
    "grow_demand": "demand",
    "AssignmentDiff": "compare",
    "RouteDiff": "compare",
    "compare_assignments": "compare",
    "compare_routes": "compare",
    "corridor_flows": "compare",
    "Scenario": "model",
    "ScenarioError": "model",
    "ScenarioProblem": "model",
    "parse_scenario": "parse",
    "read_scenario": "parse",
}


def __getattr__(name: str) -> Any:  # noqa: ANN401 - PEP 562 lazy exports
    module = _WHERE.get(name)
    if module is None:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
