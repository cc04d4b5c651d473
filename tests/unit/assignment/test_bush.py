"""Dial's Algorithm B (``assign(..., algorithm="algb")``) against known equilibria."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor.assignment import AssignmentProblem, LinkCostFunction, TrackBy, assign
from corridor.exceptions import NoRouteError
from corridor.io.tntp import read_tntp

Braess = Callable[..., AssignmentProblem]
BRAESS_UE_FLOW = np.array([51.0, 27.0, 27.0, 51.0, 24.0]) / 13.0
BRAESS_UE_COST = 1200.0 / 13.0
#: SiouxFalls best-known Beckmann objective, 42.31335287107440 × 1e5 veh·min
#: (TransportationNetworks README, via ``tests/regression/test_tntp.py``).
SIOUX_FALLS_BEST = 42.31335287107440e5
#: Chicago-Sketch best-known objective (generalised cost time + 0.02 toll + 0.04 length),
#: same source.
CHICAGO_BEST = 17_313_018.7387477


def _balance(problem: AssignmentProblem, flow: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Outflow minus inflow at every node."""
    out = np.bincount(problem.tail, weights=flow, minlength=problem.n_nodes)
    into = np.bincount(problem.head, weights=flow, minlength=problem.n_nodes)
    return np.asarray(out - into, dtype=np.float64)


def test_braess_user_equilibrium(braess: Braess) -> None:
    result = assign(braess(), algorithm="algb", gap=1e-12, max_iter=100)
    assert result.converged
    assert result.report.algorithm == "algb"
    np.testing.assert_allclose(result.flow, BRAESS_UE_FLOW, rtol=1e-9)
    assert result.cost[0] + result.cost[1] == pytest.approx(BRAESS_UE_COST, rel=1e-10)
    assert result.cost[0] + result.cost[4] + result.cost[3] == pytest.approx(
        BRAESS_UE_COST, rel=1e-10
    )
    without = assign(braess(bridge=False), algorithm="algb", gap=1e-12)
    assert without.total_cost == pytest.approx(504.0, rel=1e-10)


def _hand_network() -> AssignmentProblem:
    """Two zones (0, 1) joined through nodes 2 and 3: a pair of parallel roads 2→3, a
    detour 2→4→3, and a short cut through zone 1 that zones may not be passed through.
    """
    tail = [0, 2, 2, 2, 4, 3, 0, 1, 3, 1]
    head = [2, 3, 3, 4, 3, 1, 1, 3, 0, 0]
    fft = [1.0, 4.0, 3.0, 2.0, 2.0, 1.0, 20.0, 0.1, 1.0, 1.0]
    capacity = [100.0, 20.0, 10.0, 15.0, 15.0, 100.0, 5.0, 100.0, 100.0, 100.0]
    vdf = LinkCostFunction.bpr_links(fft, capacity)
    od = np.array([[0.0, 60.0], [30.0, 0.0]])
    return AssignmentProblem.create(
        tail, head, vdf=vdf, demand=od, zones=[0, 1], block_zone_transit=True
    )


def test_hand_network_matches_bfw_and_equal_path_costs() -> None:
    problem = _hand_network()
    result = assign(problem, algorithm="algb", gap=1e-12, max_iter=200)
    reference = assign(problem, algorithm="bfw", gap=1e-9, max_iter=20_000)
    assert result.converged
    np.testing.assert_allclose(result.flow, reference.flow, rtol=1e-4, atol=1e-4)
    assert result.objective <= reference.objective * (1 + 1e-12)
    c = result.cost
    # Used routes 0→1 cost the same: the two parallel roads and the detour via node 4.
    used = [c[0] + c[1] + c[5], c[0] + c[2] + c[5], c[0] + c[3] + c[4] + c[5]]
    flows = [result.flow[1], result.flow[2], result.flow[3]]
    assert min(flows) > 1.0
    assert max(used) - min(used) <= 1e-9 * max(used)
    assert result.flow[6] == pytest.approx(0.0, abs=1e-9)  # the 20-minute direct link


def test_tracked_rows_add_up_and_carry_their_demand() -> None:
    problem = _hand_network()
    by: TrackBy
    for by in ("origin", "od"):
        result = assign(problem, algorithm="algb", gap=1e-10, track=by)
        rows = result.demand_flows
        assert rows is not None
        np.testing.assert_allclose(rows.total, result.flow, rtol=1e-12, atol=1e-12)
        assert rows.flow.min() >= 0.0
        for r in range(rows.n_rows):
            balance = _balance(problem, rows.flow[r])
            origin = problem.zones[rows.origin[r]]
            assert balance[origin] == pytest.approx(rows.demand[r], rel=1e-12)
            if by == "od":
                assert balance[problem.zones[rows.destination[r]]] == pytest.approx(
                    -rows.demand[r], rel=1e-12
                )


def test_zero_cost_connectors_both_ways_and_unreachable_pairs() -> None:
    # Zones 0, 1 join nodes 2, 3 by zero-cost connectors in both directions; two roads 2→3.
    tail = [0, 2, 1, 3, 2, 2, 3]
    head = [2, 0, 3, 1, 3, 3, 2]
    fft = [0.0, 0.0, 0.0, 0.0, 1.0, 2.0, 1.0]
    vdf = LinkCostFunction.bpr_links(fft, [1.0, 1.0, 1.0, 1.0, 10.0, 40.0, 10.0], beta=1.0)
    od = np.array([[0.0, 100.0], [20.0, 0.0]])
    problem = AssignmentProblem.create(tail, head, vdf=vdf, demand=od, zones=[0, 1])
    result = assign(problem, algorithm="algb", gap=1e-12, track="od")
    reference = assign(problem, algorithm="bfw", gap=1e-10, max_iter=20_000)
    np.testing.assert_allclose(result.flow, reference.flow, rtol=1e-5, atol=1e-5)
    assert result.cost[4] == pytest.approx(result.cost[5], rel=1e-10)  # both roads used
    one_way = AssignmentProblem.create(tail[:6], head[:6], vdf=_first_links(vdf, 6), demand=od)
    with pytest.raises(NoRouteError):
        assign(one_way, algorithm="algb")


def _first_links(vdf: LinkCostFunction, n: int) -> LinkCostFunction:
    """The first ``n`` links' functions."""
    return LinkCostFunction.bpr_links(vdf.fft[:n], vdf.capacity[:n], vdf.alpha[:n], vdf.beta[:n])


@st.composite
def _random_grids(draw: st.DrawFn) -> AssignmentProblem:
    side = draw(st.integers(2, 4))
    seed = draw(st.integers(0, 2**31 - 1))
    rng = np.random.default_rng(seed)
    tail: list[int] = []
    head: list[int] = []
    for r in range(side):
        for c in range(side):
            v = r * side + c
            if c + 1 < side:
                tail += [v, v + 1]
                head += [v + 1, v]
            if r + 1 < side:
                tail += [v, v + side]
                head += [v + side, v]
    n = len(tail)
    fft = rng.uniform(0.5, 3.0, n)
    capacity = rng.uniform(5.0, 50.0, n)
    beta = float(draw(st.sampled_from([1.0, 2.0, 4.0])))
    n_zones = side * side
    od = rng.uniform(0.0, draw(st.floats(1.0, 60.0)), (n_zones, n_zones))
    np.fill_diagonal(od, 0.0)
    vdf = LinkCostFunction.bpr_links(fft, capacity, alpha=0.15, beta=beta)
    return AssignmentProblem.create(tail, head, vdf=vdf, demand=od)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=_random_grids())
def test_random_networks_reach_the_gap(problem: AssignmentProblem) -> None:
    result = assign(problem, algorithm="algb", gap=1e-8, max_iter=3000, track="origin")
    assert result.converged, result.report.relative_gap[-5:]
    gaps = result.report.relative_gap
    assert gaps[-1] <= 1e-8
    best = np.minimum.accumulate(gaps)
    assert best[-1] < best[0] or gaps[0] <= 1e-8
    rows = result.demand_flows
    assert rows is not None
    scale = max(1.0, float(result.flow.max()))
    assert np.abs(rows.total - result.flow).max() <= 1e-12 * scale
    # The Beckmann objective is minimal at equilibrium: BFW cannot beat it.
    bfw = assign(problem, algorithm="bfw", gap=1e-6, max_iter=5000)
    assert result.objective <= bfw.objective + 1e-9 * abs(bfw.objective)


def test_sioux_falls_precise_and_best_known(shared_data: Path) -> None:
    network = read_tntp(shared_data / "tntp/SiouxFalls/SiouxFalls")
    problem = network.to_problem()
    result = assign(problem, algorithm="algb", gap=1e-8, max_iter=1000, track="origin")
    assert result.converged, f"gap {result.relative_gap:.2e} after {result.iterations}"
    error = (result.objective - SIOUX_FALLS_BEST) / SIOUX_FALLS_BEST
    assert abs(error) <= 1e-10, f"relative objective error {error:.2e}"
    bfw = assign(problem, algorithm="bfw", gap=1e-6, max_iter=3000)
    assert bfw.objective == pytest.approx(result.objective, rel=1e-6)
    assert bfw.objective >= result.objective * (1 - 1e-12)
    rows = result.demand_flows
    assert rows is not None
    np.testing.assert_allclose(rows.total, result.flow, rtol=1e-12, atol=1e-9)


def test_chicago_sketch_best_known_objective(shared_data: Path) -> None:
    network = read_tntp(shared_data / "tntp/Chicago-Sketch/ChicagoSketch")
    problem = network.to_problem(toll_factor=0.02, distance_factor=0.04)
    result = assign(problem, algorithm="algb", gap=1e-8, max_iter=500)
    assert result.converged, f"gap {result.relative_gap:.2e} after {result.iterations}"
    error = (result.objective - CHICAGO_BEST) / CHICAGO_BEST
    assert abs(error) <= 1e-9, f"relative objective error {error:.2e}"
    assert network.flow is not None
    best_flow, _ = network.flow.aligned(network.net)
    assert np.abs(result.flow - best_flow).max() <= 1e-3 * best_flow.max()


_WITHOUT_NUMBA = """
import sys
sys.modules["numba"] = None  # import numba now fails: the kernels run as plain Python
import numpy as np
from corridor.assignment import AssignmentProblem, LinkCostFunction, assign
from corridor.assignment import _bush_kernels
assert not _bush_kernels.HAS_NUMBA
vdf = LinkCostFunction.bpr_links([1.0, 1.0], [10.0, 30.0], alpha=1.0, beta=1.0)
od = np.array([[0.0, 10.0], [0.0, 0.0]])
problem = AssignmentProblem.create([0, 0], [1, 1], vdf=vdf, demand=od)
result = assign(problem, algorithm="algb", gap=1e-12, track="od")
print(np.round(result.flow, 9).tolist(), result.converged)
"""


def test_runs_without_numba() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT_NUMBA], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[2.5, 7.5] True"


def test_invalid_arguments(braess: Braess) -> None:
    with pytest.raises(ValueError, match="gap"):
        assign(braess(), algorithm="algb", gap=float("nan"))
    with pytest.raises(ValueError, match="track"):
        assign(braess(), algorithm="algb", track="link")  # type: ignore[arg-type]
