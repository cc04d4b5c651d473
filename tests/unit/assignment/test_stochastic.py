from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from corridor.assignment import AssignmentProblem, assign
from corridor.assignment.stochastic import diverse_routes, stochastic_assign

BRAESS_UE_FLOW = np.array([51.0, 27.0, 27.0, 51.0, 24.0]) / 13.0
BRAESS_UE_COST = 1200.0 / 13.0
BRAESS_SO_FLOW = np.array([3.0, 3.0, 3.0, 3.0, 0.0])
Braess = Callable[..., AssignmentProblem]


def test_routes_are_distinct_and_cover_the_pairs(braess: Braess) -> None:
    routes = diverse_routes(braess(), max_routes=5, draws=30, spread=1.0, seed=1)
    assert routes.n_pairs == 1
    found = {tuple(routes.links(r)) for r in range(routes.n_routes)}
    assert len(found) == routes.n_routes
    assert found == {(0, 1), (2, 3), (0, 3, 4)}
    assert tuple(routes.links(0)) == (0, 3, 4)  # draw 0: the free-flow shortest path


def test_split_sums_to_demand_and_is_logit(braess: Braess) -> None:
    problem = braess()
    routes = diverse_routes(problem, draws=30, spread=1.0, seed=2)
    result = stochastic_assign(problem, theta=0.05, routes=routes, max_iter=1)
    assert result.route_flow.sum() == pytest.approx(6.0)
    # One iteration splits at free-flow route costs (12, 51, 51).
    free_flow = routes.incidence @ problem.cost(np.zeros(problem.n_links))
    np.testing.assert_allclose(np.sort(free_flow), [12.0, 51.0, 51.0])
    weights = np.exp(-0.05 * free_flow)
    np.testing.assert_allclose(result.route_flow, 6.0 * weights / weights.sum())
    # Flow is conserved at the origin: links s->a and s->b carry all of it.
    assert result.flow[0] + result.flow[2] == pytest.approx(6.0)


def test_approaches_user_equilibrium_as_theta_grows(braess: Braess) -> None:
    problem = braess()
    routes = diverse_routes(problem, draws=30, spread=1.0, seed=3)
    ue = assign(problem, gap=1e-10).flow
    errors = []
    for theta in (0.01, 0.1, 1.0):
        result = stochastic_assign(
            problem, theta=theta, routes=routes, max_iter=3000, tolerance=1e-7
        )
        assert result.route_flow.sum() == pytest.approx(6.0)
        errors.append(float(np.abs(result.flow - ue).max()))
    assert errors[0] > errors[1] > errors[2]
    assert errors[2] < 0.1
    np.testing.assert_allclose(ue, BRAESS_UE_FLOW, atol=1e-6)
    even = stochastic_assign(problem, theta=0.0, routes=routes, max_iter=1)
    np.testing.assert_allclose(even.route_flow, 2.0)


def test_rejects_bad_parameters(braess: Braess) -> None:
    with pytest.raises(ValueError, match="theta"):
        stochastic_assign(braess(), theta=-1)
    with pytest.raises(ValueError, match="max_routes"):
        diverse_routes(braess(), max_routes=0)
