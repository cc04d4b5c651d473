"""Properties of the assignment functions that take user numbers.

Any number a caller can pass (NaN, infinities, huge, negative, fractional, a bool or a
text) either gives an answer that keeps the function's contract, or is refused with an
:class:`~corridor.exceptions.InvalidArgumentError` (a ``ValueError``) naming the
parameter; nothing else escapes.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor.assignment import (
    AssignmentProblem,
    LinkCostFunction,
    all_or_nothing,
    assign,
    average_excess_cost,
    diverse_routes,
    relative_gap,
    stochastic_assign,
)
from corridor.exceptions import CorridorError, InvalidArgumentError

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ANY_FLOAT = st.floats(allow_nan=True, allow_infinity=True)
ANY_NUMBER = ANY_FLOAT | st.integers(-(10**30), 10**30)
ODD = ANY_NUMBER | st.booleans() | st.none() | st.text(max_size=3) | st.just([1.0])

_VDF = LinkCostFunction.bpr_links([1.0, 1.0, 2.0, 2.0], [10.0, 10.0, 10.0, 10.0])
_PROBLEM = AssignmentProblem.create(
    [0, 0, 1, 2], [1, 2, 3, 3], vdf=_VDF, demand=np.array([[0.0, 5.0], [0.0, 0.0]]), zones=[0, 3]
)


def _answers_or_names(call: Callable[[], object], name: str) -> object | None:
    """The answer, or ``None`` after a refusal that names ``name``."""
    try:
        return call()
    except InvalidArgumentError as exc:
        assert str(exc).startswith(f"{name}"), str(exc)
        return None


@FAST
@given(ODD)
def test_assign_gap_is_a_finite_number_at_least_zero(gap: object) -> None:
    result = _answers_or_names(lambda: assign(_PROBLEM, gap=gap, max_iter=20), "gap")  # type: ignore[arg-type]
    ok = isinstance(gap, int | float) and not isinstance(gap, bool) and 0 <= gap < math.inf
    assert (result is not None) == ok


@FAST
@given(ODD)
def test_assign_max_iter_is_a_whole_number_at_least_one(max_iter: object) -> None:
    def call() -> object:
        return assign(_PROBLEM, gap=1e-3, max_iter=max_iter)  # type: ignore[arg-type]

    result = _answers_or_names(call, "max_iter")
    ok = isinstance(max_iter, int) and not isinstance(max_iter, bool) and max_iter >= 1
    assert (result is not None) == ok


@FAST
@given(st.lists(ANY_FLOAT, min_size=0, max_size=6))
def test_all_or_nothing_takes_one_cost_at_least_zero_per_link(costs: list[float]) -> None:
    result = _answers_or_names(lambda: all_or_nothing(_PROBLEM, costs), "link_cost")
    ok = len(costs) == _PROBLEM.n_links and all(c >= 0 for c in costs)
    assert (result is not None) == ok
    if isinstance(result, tuple):
        assert float(np.sum(result[0])) > 0


@FAST
@given(st.lists(ANY_FLOAT, min_size=1, max_size=3), ANY_NUMBER)
def test_relative_gap_refuses_what_is_not_finite(flow: list[float], sptt: float) -> None:
    cost = [1.0] * len(flow)
    result = _answers_or_names(lambda: relative_gap(flow, cost, sptt), "")
    ok = all(math.isfinite(x) for x in flow) and math.isfinite(sptt) and sptt >= 0
    assert (result is not None) == ok
    if result is not None:  # SPTT is at most TSTT: the gap is never above 1
        assert result <= 1.0  # type: ignore[operator]


@FAST
@given(ANY_NUMBER)
def test_average_excess_cost_total_demand_is_finite_and_at_least_zero(total: float) -> None:
    result = _answers_or_names(
        lambda: average_excess_cost([2.0], [1.0], 1.0, total), "total_demand"
    )
    expected = 0.0 if total == 0 else 1.0 / total if math.isfinite(total) and total > 0 else None
    # a demand so small that the answer exceeds the largest float is refused, not inf
    fits = expected is not None and math.isfinite(expected)
    assert (result is not None) == (math.isfinite(total) and total >= 0 and fits)
    if result is not None:
        assert result == expected


@FAST
@given(st.sampled_from(["max_routes", "draws", "spread", "seed"]), ODD)
def test_diverse_routes_numbers_are_checked_by_name(name: str, value: object) -> None:
    result = _answers_or_names(lambda: diverse_routes(_PROBLEM, **{name: value}), name)  # type: ignore[arg-type]
    if result is not None:
        assert result.n_routes >= 1  # type: ignore[attr-defined]


@FAST
@given(st.sampled_from(["theta", "tolerance", "max_iter"]), ODD)
def test_stochastic_assign_numbers_are_checked_by_name(name: str, value: object) -> None:
    kwargs: dict[str, object] = {"theta": 1.0, "max_iter": 5, name: value}
    result = _answers_or_names(lambda: stochastic_assign(_PROBLEM, seed=0, **kwargs), name)  # type: ignore[arg-type]
    if result is not None:
        assert float(np.sum(result.route_flow)) == pytest.approx(5.0)  # type: ignore[attr-defined]


@FAST
@given(ODD, ODD)
def test_bpr_parameters_are_numbers_in_range(alpha: object, beta: object) -> None:
    try:
        vdf = LinkCostFunction.bpr_links([1.0], [1.0], alpha=alpha, beta=beta)  # type: ignore[arg-type]
    except CorridorError as exc:
        assert isinstance(exc, InvalidArgumentError)
        assert str(exc).split(":")[0] in {"alpha", "beta"}
        return
    assert np.all(np.isfinite(vdf.cost(np.array([0.5]))))


@FAST
@given(st.lists(ANY_FLOAT, min_size=1, max_size=4))
def test_demand_is_finite_and_at_least_zero(cells: list[float]) -> None:
    od = np.zeros((2, 2))
    od[0, 1] = cells[0]

    def call() -> object:
        return AssignmentProblem.create([0, 1], [1, 0], vdf=_VDF_2, demand=od)

    result = _answers_or_names(call, "demand")
    assert (result is not None) == (math.isfinite(cells[0]) and cells[0] >= 0)


_VDF_2 = LinkCostFunction.bpr_links([1.0, 1.0], [10.0, 10.0])


def test_relative_gap_of_flows_near_the_largest_float() -> None:
    # found by hypothesis on CI: TSTT = 1.8e308 overflows; the gap is still defined
    huge = [8.988465674311579e307, 8.98846567431158e307]
    assert relative_gap(huge, [1.0, 1.0], 0.0) == 1.0
    assert relative_gap(huge, [1.0, 1.0], 1e308) == pytest.approx(1 - 1e308 / 1.797693e308)
