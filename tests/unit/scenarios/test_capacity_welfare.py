"""Adding capacity at a bottleneck, as a user does it (a scenario ``[[capacity]]`` edit),
never raises the total system cost at equilibrium (issue 11, Correctness).

At the system optimum this is a theorem: capacity only lowers link costs, and the optimum
minimises the total cost over the same feasible flows. At the user equilibrium it is not
(Braess's paradox), so it is checked on the embedded network where it matters: the
bottlenecks of the example demand once Russia and Belarus are closed.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

import corridor
from corridor.assignment.corridor_results import CorridorAssignment
from corridor.assignment.demand_assignment import assign_demand
from corridor.assignment.engine import Algorithm
from corridor.io.demand import read_demand
from corridor.network.model import Network
from corridor.scenarios import apply_scenario, parse_scenario

GAP = 1e-5
DEMAND_2030 = Path(__file__).resolve().parents[3] / "examples" / "demand_2030.csv"


@cache
def _sanctioned() -> Network:
    return apply_scenario(corridor.eurasia(), "northern-sanctions")


@cache
def _assign(
    algorithm: Algorithm, node: str | None = None, factor: float = 1.0
) -> CorridorAssignment:
    net = _sanctioned()
    if node is not None:
        edit = (
            'name = "more"\ndescription = "more capacity"\n'
            f'[[capacity]]\nnodes = ["{node}"]\nfactor = {factor}\nestimate = true\n'
        )
        net = apply_scenario(net, parse_scenario(edit))
    return assign_demand(net, read_demand(DEMAND_2030, net), algorithm=algorithm, gap=GAP)


def _bottlenecks(algorithm: Algorithm, k: int) -> list[str]:
    return [b.id for b in _assign(algorithm).bottlenecks(k) if b.kind == "node"]


@pytest.mark.parametrize("rank", [0, 1, 2])
def test_user_equilibrium_cost_never_rises_with_capacity(rank: int) -> None:
    node = _bottlenecks("bfw", 3)[rank]
    base = _assign("bfw")
    more = _assign("bfw", node, 2.0)
    tol = GAP * base.total_generalised_cost_usd  # the equilibria's own tolerance
    assert more.total_generalised_cost_usd <= base.total_generalised_cost_usd + tol, node


@pytest.mark.parametrize("factor", [1.5, 3.0])
def test_system_optimum_cost_never_rises_with_capacity(factor: float) -> None:
    node = _bottlenecks("so", 1)[0]
    base = _assign("so")
    more = _assign("so", node, factor)
    tol = GAP * base.total_generalised_cost_usd
    assert more.total_generalised_cost_usd <= base.total_generalised_cost_usd + tol


def test_the_system_optimum_costs_no_more_than_the_equilibrium() -> None:
    ue, so = _assign("bfw"), _assign("so")
    tol = GAP * ue.total_generalised_cost_usd
    assert so.total_generalised_cost_usd <= ue.total_generalised_cost_usd + tol
