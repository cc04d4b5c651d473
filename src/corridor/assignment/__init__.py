"""Static traffic assignment: volume-delay functions, all-or-nothing, equilibrium.

Build an :class:`AssignmentProblem` (links with volume-delay functions, zones, demand,
optional fixed generalised cost), then call :func:`assign` (user equilibrium by MSA,
Frank-Wolfe, conjugate or bi-conjugate Frank-Wolfe, Dial's bush-based Algorithm B
(``algorithm="algb"``, for precise equilibria), or the system optimum; with
``track="origin"`` or ``"od"`` it also carries each origin's or OD pair's link flows
through the same steps, :class:`DemandFlows`) or :func:`stochastic_assign` (logit split
over diverse routes).

On a corridor network, :func:`assign_demand` loads a :class:`Demand` table (TEU per year)
with capacities and queues and returns a :class:`CorridorAssignment`: link and node flows,
bottlenecks and select-link, total system time and generalised cost;
:func:`welfare_change` gives the users' benefit between two of them (rule of a half).
"""

from corridor.assignment.aon import AONBackend, LoadingGraph, TrackBy, all_or_nothing
from corridor.assignment.bottlenecks import Bottleneck
from corridor.assignment.corridor_results import CorridorAssignment
from corridor.assignment.demand import Demand, DemandRow
from corridor.assignment.demand_assignment import assign_demand
from corridor.assignment.demand_flows import DemandFlows
from corridor.assignment.element_flows import LinkFlow, NodeFlow
from corridor.assignment.engine import ALGORITHMS, Algorithm, assign
from corridor.assignment.gap import average_excess_cost, relative_gap
from corridor.assignment.problem import AssignmentProblem
from corridor.assignment.results import AssignmentResult, ConvergenceReport
from corridor.assignment.select_link import ODVolume
from corridor.assignment.stochastic import (
    RouteSet,
    StochasticResult,
    diverse_routes,
    stochastic_assign,
)
from corridor.assignment.vdf import VDF_KINDS, LinkCostFunction, VDFKind
from corridor.assignment.welfare import WelfareChange, welfare_change

__all__ = [
    "ALGORITHMS",
    "VDF_KINDS",
    "AONBackend",
    "Algorithm",
    "AssignmentProblem",
    "AssignmentResult",
    "Bottleneck",
    "ConvergenceReport",
    "CorridorAssignment",
    "Demand",
    "DemandFlows",
    "DemandRow",
    "LinkCostFunction",
    "LinkFlow",
    "LoadingGraph",
    "NodeFlow",
    "ODVolume",
    "RouteSet",
    "StochasticResult",
    "TrackBy",
    "VDFKind",
    "WelfareChange",
    "all_or_nothing",
    "assign",
    "assign_demand",
    "average_excess_cost",
    "diverse_routes",
    "relative_gap",
    "stochastic_assign",
    "welfare_change",
]
