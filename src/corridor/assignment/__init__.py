"""Static traffic assignment: volume-delay functions, all-or-nothing, equilibrium.

Build an :class:`AssignmentProblem` (links with volume-delay functions, zones, demand,
optional fixed generalised cost), then call :func:`assign` (user equilibrium by MSA,
Frank-Wolfe, conjugate or bi-conjugate Frank-Wolfe, or the system optimum) or
:func:`stochastic_assign` (logit split over diverse routes).
"""

from corridor.assignment.aon import AONBackend, LoadingGraph, all_or_nothing
from corridor.assignment.engine import ALGORITHMS, Algorithm, assign
from corridor.assignment.gap import average_excess_cost, relative_gap
from corridor.assignment.problem import AssignmentProblem
from corridor.assignment.results import AssignmentResult, ConvergenceReport
from corridor.assignment.stochastic import (
    RouteSet,
    StochasticResult,
    diverse_routes,
    stochastic_assign,
)
from corridor.assignment.vdf import VDF_KINDS, LinkCostFunction, VDFKind

__all__ = [
    "ALGORITHMS",
    "VDF_KINDS",
    "AONBackend",
    "Algorithm",
    "AssignmentProblem",
    "AssignmentResult",
    "ConvergenceReport",
    "LinkCostFunction",
    "LoadingGraph",
    "RouteSet",
    "StochasticResult",
    "VDFKind",
    "all_or_nothing",
    "assign",
    "average_excess_cost",
    "diverse_routes",
    "relative_gap",
    "stochastic_assign",
]
