from __future__ import annotations

import json
from collections.abc import Callable

import numpy as np
import pytest

from corridor.assignment import ALGORITHMS, Algorithm, AssignmentProblem, assign

BRAESS_UE_FLOW = np.array([51.0, 27.0, 27.0, 51.0, 24.0]) / 13.0
BRAESS_UE_COST = 1200.0 / 13.0
BRAESS_SO_FLOW = np.array([3.0, 3.0, 3.0, 3.0, 0.0])
Braess = Callable[..., AssignmentProblem]


@pytest.mark.parametrize("algorithm", ["fw", "cfw", "bfw"])
def test_braess_user_equilibrium(algorithm: Algorithm, braess: Braess) -> None:
    problem = braess()
    result = assign(problem, algorithm=algorithm, gap=1e-10, max_iter=5000)
    assert result.converged
    np.testing.assert_allclose(result.flow, BRAESS_UE_FLOW, rtol=1e-6, atol=1e-6)
    # Every used path costs 1200/13: s-a-t = links 0 + 1.
    assert result.cost[0] + result.cost[1] == pytest.approx(BRAESS_UE_COST, rel=1e-7)
    assert result.cost[0] + result.cost[4] + result.cost[3] == pytest.approx(
        BRAESS_UE_COST, rel=1e-7
    )
    assert result.total_cost == pytest.approx(6 * BRAESS_UE_COST, rel=1e-7)


def test_braess_paradox_and_system_optimum(braess: Braess) -> None:
    without = assign(braess(bridge=False), gap=1e-10)
    with_bridge = assign(braess(), gap=1e-10)
    optimum = assign(braess(), algorithm="so", gap=1e-10, max_iter=5000)
    assert without.total_cost == pytest.approx(504.0, rel=1e-7)
    assert with_bridge.total_cost > without.total_cost + 49  # 553.85 > 504: the paradox
    np.testing.assert_allclose(optimum.flow, BRAESS_SO_FLOW, atol=1e-5)
    assert optimum.total_cost == pytest.approx(504.0, rel=1e-7)
    assert optimum.objective == pytest.approx(optimum.total_cost)


def test_msa_approaches_equilibrium(braess: Braess) -> None:
    result = assign(braess(), algorithm="msa", gap=1e-4, max_iter=20_000)
    assert result.converged
    np.testing.assert_allclose(result.flow, BRAESS_UE_FLOW, atol=2e-3)


def test_aon_is_one_iteration_on_free_flow_paths(braess: Braess) -> None:
    result = assign(braess(), algorithm="aon")
    assert result.iterations == 1
    # Free flow: s-a-b-t costs 12, the others 51: everything on the bridge path.
    np.testing.assert_allclose(result.flow, [6, 0, 0, 6, 6])
    assert result.relative_gap > 0.1


def test_convergence_report_gap_falls(braess: Braess) -> None:
    result = assign(braess(), algorithm="fw", gap=1e-8, max_iter=3000)
    gaps = result.report.relative_gap
    assert gaps.shape[0] == result.iterations
    assert gaps[-1] <= 1e-8 < gaps[0]
    running_best = np.minimum.accumulate(gaps)
    assert running_best[-1] < running_best[0] * 1e-5
    # Beckmann objective never increases under exact line search.
    assert np.all(np.diff(result.report.objective) <= 1e-9 * result.report.objective[0])
    assert result.report.iterations_to(1e-3) is not None
    assert result.report.seconds_to(1e-3) is not None
    assert result.report.iterations_to(0.0) is None


def test_result_is_printable_and_serialisable(braess: Braess) -> None:
    result = assign(braess(), gap=1e-6)
    data = json.loads(json.dumps(result.to_dict(links=True, history=True)))
    assert data["iterations"] == result.iterations
    assert data["report"]["relative_gap"][-1] == pytest.approx(result.relative_gap)
    assert len(data["flow"]) == 5
    assert data["volume_capacity"][4] == pytest.approx(result.flow[4])
    text = str(result)
    assert "relative gap" in text
    assert "bfw" in str(result.report)
    # MSA's flow after k iterations is the mean of k all-or-nothing loads of 6 TEU, so
    # every link flow is a multiple of 6/k; the equilibrium needs multiples of 1/13, so
    # for k <= 12 the gap is strictly positive whatever the rounding (at k = 26 MSA can
    # land on the exact equilibrium, which made a 40-iteration version of this flaky).
    long = assign(braess(), algorithm="msa", gap=0.0, max_iter=12)
    assert long.iterations == 12
    assert long.relative_gap > 1e-6
    assert not long.converged
    summary = long.report.summary()
    assert "NOT converged" in summary
    assert "..." in summary  # 12 rows > 2 x 5: first and last five with an ellipsis
    assert len(summary.splitlines()) == 2 + 5 + 1 + 5  # title, columns, rows, "..."


def test_msa_status_line_agrees_with_its_gap(braess: Braess) -> None:
    """With a zero target, MSA may or may not land on the equilibrium; the report says which."""
    result = assign(braess(), algorithm="msa", gap=0.0, max_iter=40)
    assert result.converged == (result.relative_gap <= 0.0)
    assert ("NOT converged" in result.report.summary()) != result.converged
    np.testing.assert_allclose(result.flow, BRAESS_UE_FLOW, atol=0.2)


def test_invalid_arguments(braess: Braess) -> None:
    with pytest.raises(ValueError, match="algorithm"):
        assign(braess(), algorithm="xx")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="gap"):
        assign(braess(), gap=-1)
    with pytest.raises(ValueError, match="max_iter"):
        assign(braess(), max_iter=0)
    assert set(ALGORITHMS) == {"aon", "msa", "fw", "cfw", "bfw", "so", "algb"}
