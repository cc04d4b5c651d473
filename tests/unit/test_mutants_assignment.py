"""Assignment spots pinned by hand-computed values (see ``tools/mutation.py``).

The relative gap and average excess cost on a two-link network, the conjugate (CFW) and
bi-conjugate (BFW) targets for given previous targets, and the reported generalised cost.
"""

from __future__ import annotations

import numpy as np
import pytest

from corridor.assignment.engine import _Costs, _Directions, _target, assign
from corridor.assignment.gap import average_excess_cost, relative_gap
from corridor.assignment.problem import AssignmentProblem
from corridor.assignment.vdf import LinkCostFunction


def _two_links(demand: float, fixed: tuple[float, float] = (0.0, 0.0)) -> AssignmentProblem:
    """Zone 0 to zone 1 on two parallel BPR links: t0 10 and 15, capacity 100."""
    return AssignmentProblem.create(
        [0, 0],
        [1, 1],
        vdf=LinkCostFunction.bpr_links([10.0, 15.0], [100.0, 100.0]),
        demand=[[0.0, demand], [0.0, 0.0]],
        fixed_cost=list(fixed),
    )


def test_relative_gap_by_hand() -> None:
    # all 200 trips on link 0: t = 10 (1 + 0.15 (200/100)^4) = 34; the other link costs 15
    # TSTT = 200 x 34 = 6800, SPTT = 200 x 15 = 3000: gap (6800 - 3000) / 6800
    assert relative_gap([200.0, 0.0], [34.0, 15.0], 3000.0) == pytest.approx(3800.0 / 6800.0)
    assert average_excess_cost([200.0, 0.0], [34.0, 15.0], 3000.0, 200.0) == pytest.approx(19.0)
    aon = assign(_two_links(200.0), algorithm="aon")
    assert aon.flow == pytest.approx([200.0, 0.0])
    assert aon.relative_gap == pytest.approx(3800.0 / 6800.0)


def test_equilibrium_of_two_links_by_hand() -> None:
    # equal costs: 10 (1 + 0.15 (x/100)^4) = 15 (1 + 0.15 ((200 - x)/100)^4)
    result = assign(_two_links(200.0), algorithm="bfw", gap=1e-12, max_iter=500)
    x0, x1 = result.flow
    assert x0 + x1 == pytest.approx(200.0)
    t0 = 10.0 * (1.0 + 0.15 * (x0 / 100.0) ** 4)
    t1 = 15.0 * (1.0 + 0.15 * (x1 / 100.0) ** 4)
    assert t0 == pytest.approx(t1, rel=1e-6)
    assert result.relative_gap == pytest.approx(
        (x0 * t0 + x1 * t1 - 200.0 * min(t0, t1)) / (x0 * t0 + x1 * t1), abs=1e-9
    )


def test_msa_averages_the_all_or_nothing_loads() -> None:
    # x0 = (200, 0) at free flow; at its costs (34, 15) all-or-nothing loads (0, 200); the
    # first MSA step (1/2) averages the two loads
    one = assign(_two_links(200.0), algorithm="msa", max_iter=2)
    assert one.flow == pytest.approx([100.0, 100.0])
    assert one.report.step_size[0] == pytest.approx(0.5)


def test_reported_cost_includes_the_fixed_cost() -> None:
    result = assign(_two_links(100.0, fixed=(2.0, 0.0)), algorithm="aon")
    # link 0: 10 (1 + 0.15) + 2 = 13.5 < 15; link 1 unused
    assert result.flow == pytest.approx([100.0, 0.0])
    assert result.travel_time == pytest.approx([11.5, 15.0])
    assert result.cost == pytest.approx([13.5, 15.0])
    assert result.total_cost == pytest.approx(1350.0)


def _quadratic(h: np.ndarray) -> _Costs:
    """Costs ``h * x``: the Hessian of the objective is ``diag(h)``."""
    return _Costs(cost=lambda x: h * x, derivative=lambda _x: h, objective=lambda _x: 0.0)


def test_cfw_target_is_conjugate_to_the_previous_direction() -> None:
    h = np.array([1.0, 3.0])
    x, prev, y = np.array([5.0, 5.0]), np.array([8.0, 2.0]), np.array([2.0, 6.0])
    # alpha = (prev-x) H (y-x) / ((prev-x) H (y-prev)) = (-9 - 9) / (-18 - 36) = 1/3
    target = _target("cfw", x, y, _Directions(previous=prev), _quadratic(h))
    assert target == pytest.approx([8.0 / 3.0 + 4.0 / 3.0, 2.0 / 3.0 + 4.0])  # [4, 14/3]
    assert (prev - x) @ (h * (target - x)) == pytest.approx(0.0, abs=1e-12)


def test_bfw_target_weights_by_hand() -> None:
    h = np.array([1.0, 2.0, 3.0])
    x = np.array([0.0, 0.0, 12.0])
    y = np.array([0.0, 3.0, 9.0])
    prev = np.array([0.0, 6.0, 6.0])
    older = np.array([0.0, 3.0, 9.0])
    state = _Directions(previous=prev, before_previous=older, last_step=0.5)
    # x_dir = 0.5 prev + 0.5 older - x = (0, 4.5, -4.5); H x_dir = (0, 9, -13.5)
    # mu = -x_dir H (y - x) / x_dir H (older - prev) = -(27 + 40.5) / (-27 - 40.5) = 1
    # z = prev - x = (0, 6, -6); nu = -z H (y - x) / z H z + mu tau / (1 - tau)
    #    = -(36 + 54) / (72 + 108) + 1 = 0.5
    # beta0 = 1 / (1 + mu + nu) = 0.4: target = 0.4 y + 0.2 prev + 0.4 older
    target = _target("bfw", x, y, state, _quadratic(h))
    assert target == pytest.approx([0.0, 3.6, 8.4])
    assert target.sum() == pytest.approx(12.0)  # a convex combination keeps the demand
