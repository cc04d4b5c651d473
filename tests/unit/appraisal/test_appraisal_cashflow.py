"""Cash-flow arithmetic against hand-computed cases and numpy-financial."""

from __future__ import annotations

import math

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.appraisal.cashflow import (
    bcr,
    debt_cover,
    discount_factors,
    irr,
    loan_schedule,
    npv,
    payback,
)
from corridor.exceptions import InvalidArgumentError

amounts = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
rates = st.floats(min_value=-0.5, max_value=2.0, allow_nan=False)


def test_npv_by_hand() -> None:
    # -100 + 60/1.1 + 60/1.21 = 4.1322...
    assert npv(0.1, [-100.0, 60.0, 60.0]) == pytest.approx(-100 + 60 / 1.1 + 60 / 1.21)
    assert npv(0.0, [1.0, 2.0, 3.0]) == 6.0
    assert npv(0.05, []) == 0.0


def test_discount_factors() -> None:
    assert discount_factors(0.25, 3) == pytest.approx([1.0, 0.8, 0.64])


def test_irr_by_hand() -> None:
    # -100 + 60/(1+r) + 60/(1+r)^2 = 0 -> (1+r) = (60 + sqrt(3600 + 24000)) / 200
    expected = (60 + math.sqrt(3600 + 24000)) / 200 - 1
    got = irr([-100.0, 60.0, 60.0])
    assert got == pytest.approx(expected, abs=1e-10)
    assert irr([-100.0, 110.0]) == pytest.approx(0.1)
    assert irr([-100.0, 100.0]) == pytest.approx(0.0, abs=1e-12)


def test_irr_none_without_sign_change() -> None:
    assert irr([100.0, 50.0]) is None
    assert irr([-100.0, -50.0]) is None
    assert irr([0.0, 0.0]) is None
    assert irr([]) is None
    # a project that returns little has a very negative IRR, still found
    r = irr([-100.0, 1.0, 1.0, 1.0])
    assert r is not None
    assert -0.99 < r < -0.7
    assert npv(r, [-100.0, 1.0, 1.0, 1.0]) == pytest.approx(0.0, abs=1e-8)
    # below the searched range: None
    assert irr([-100.0, 0.5]) is None


def test_irr_with_two_roots_nearest_zero() -> None:
    # -100 + 230/(1+r) - 132/(1+r)^2: roots at 10 % and 20 %
    assert irr([-100.0, 230.0, -132.0]) == pytest.approx(0.1, abs=1e-9)


def test_bcr_and_payback_by_hand() -> None:
    assert bcr(0.0, [0.0, 150.0], [100.0, 0.0]) == pytest.approx(1.5)
    assert bcr(0.1, [0.0, 110.0], [100.0]) == pytest.approx(1.0)
    assert payback([-100.0, 40.0, 40.0, 40.0]) == pytest.approx(2.5)
    assert payback([-100.0, 40.0, 40.0]) is None
    assert payback([10.0, -5.0]) == 0.0
    # discounted at 10 %: -100, 55/1.1 = 50, 60.5/1.21 = 50 -> exactly 2 years
    assert payback([-100.0, 55.0, 60.5], rate=0.1) == pytest.approx(2.0)


def test_bcr_refuses_costless() -> None:
    with pytest.raises(InvalidArgumentError, match="costs"):
        bcr(0.05, [1.0], [0.0])


def test_loan_schedule_by_hand() -> None:
    s = loan_schedule(1000.0, 0.05, 3, grace=1)
    annuity = 1000 * 0.05 / (1 - 1.05**-2)  # 537.80
    assert s.interest.tolist() == pytest.approx([0.0, 50.0, 50.0, 0.05 * (1000 - (annuity - 50))])
    assert s.debt_service.tolist() == pytest.approx([0.0, 50.0, annuity, annuity])
    assert s.principal.sum() == pytest.approx(1000.0)
    assert s.balance[-1] == 0.0


def test_loan_schedule_against_numpy_financial() -> None:
    principal, rate, tenor, grace = 5e8, 0.045, 20, 4
    s = loan_schedule(principal, rate, tenor, grace=grace)
    n = tenor - grace
    per = np.arange(1, n + 1)
    pmt = -npf.pmt(rate, n, principal)
    ipmt = -npf.ipmt(rate, per, n, principal)
    ppmt = -npf.ppmt(rate, per, n, principal)
    assert s.debt_service[grace + 1 :] == pytest.approx(np.full(n, pmt))
    assert s.interest[grace + 1 :] == pytest.approx(ipmt)
    assert s.principal[grace + 1 :] == pytest.approx(ppmt)
    assert s.interest[1 : grace + 1] == pytest.approx(np.full(grace, principal * rate))


def test_loan_draws_over_years() -> None:
    s = loan_schedule([100.0, 100.0], 0.1, 3, grace=1)
    # year 1: interest on 100 only, balance 200; years 2-3 annuity on 200
    assert s.interest[1] == pytest.approx(10.0)
    assert s.debt_service[2] == pytest.approx(-npf.pmt(0.1, 2, 200.0))
    with pytest.raises(InvalidArgumentError, match="after the grace period"):
        loan_schedule([100.0, 0.0, 100.0], 0.1, 5, grace=1)
    with pytest.raises(InvalidArgumentError, match="grace"):
        loan_schedule(100.0, 0.1, 3, grace=3)


def test_zero_rate_loan() -> None:
    s = loan_schedule(90.0, 0.0, 3)
    assert s.debt_service.tolist() == pytest.approx([0.0, 30.0, 30.0, 30.0])


def test_debt_cover() -> None:
    c = debt_cover([0.0, 150.0, 120.0], [0.0, 100.0, 100.0])
    assert c.minimum == pytest.approx(1.2)
    assert c.average == pytest.approx(1.35)
    assert math.isnan(c.ratios[0])
    none = debt_cover([1.0], [0.0])
    assert math.isnan(none.minimum)


@pytest.mark.parametrize("bad", [[1.0, float("nan")], "abc", [[1.0]], [1.0, float("inf")]])
def test_bad_flows(bad: object) -> None:
    with pytest.raises(InvalidArgumentError):
        npv(0.05, bad)  # type: ignore[arg-type]


def test_bad_rate() -> None:
    with pytest.raises(InvalidArgumentError, match="rate"):
        npv(float("nan"), [1.0])
    with pytest.raises(InvalidArgumentError, match="rate"):
        npv(-1.0, [1.0])


@settings(max_examples=60, deadline=None)
@given(rate=rates, flows=st.lists(amounts, min_size=1, max_size=30))
def test_npv_matches_numpy_financial(rate: float, flows: list[float]) -> None:
    assert npv(rate, flows) == pytest.approx(float(npf.npv(rate, flows)), rel=1e-9, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(
    invest=st.floats(min_value=1.0, max_value=1e9),
    returns=st.lists(st.floats(min_value=0.0, max_value=1e9), min_size=1, max_size=30),
)
def test_npv_is_zero_at_irr(invest: float, returns: list[float]) -> None:
    flows = [-invest, *returns]
    r = irr(flows)
    if sum(returns) <= 0:
        assert r is None
        return
    if r is None:  # the root lies outside the searched range
        assert npv(-0.99, flows) < 0 or npv(100.0, flows) > 0
        return
    assert abs(npv(r, flows)) <= 1e-6 * max(invest, *returns)
    # conventional flows: NPV falls with the rate, so it is positive below the IRR
    assert (npv(r - 0.01, flows) > 0) if r - 0.01 > -0.99 else True


@settings(max_examples=60, deadline=None)
@given(
    rate=st.floats(min_value=0.0, max_value=0.3),
    benefits=st.lists(st.floats(min_value=0.0, max_value=1e9), min_size=1, max_size=20),
    costs=st.lists(st.floats(min_value=1.0, max_value=1e9), min_size=1, max_size=20),
)
def test_bcr_above_one_iff_npv_positive(
    rate: float, benefits: list[float], costs: list[float]
) -> None:
    n = max(len(benefits), len(costs))
    b = np.pad(benefits, (0, n - len(benefits)))
    c = np.pad(costs, (0, n - len(costs)))
    ratio = bcr(rate, b, c)
    value = npv(rate, b - c)
    if abs(value) > 1e-6 * float(c.sum() + b.sum()):
        assert (ratio > 1.0) == (value > 0.0)


@settings(max_examples=60, deadline=None)
@given(
    principal=st.floats(min_value=1.0, max_value=1e10),
    rate=st.floats(min_value=0.0, max_value=0.3),
    tenor=st.integers(min_value=1, max_value=40),
    grace=st.integers(min_value=0, max_value=10),
)
def test_loan_repays_its_principal_at_its_rate(
    principal: float, rate: float, tenor: int, grace: int
) -> None:
    if grace >= tenor:
        with pytest.raises(InvalidArgumentError):
            loan_schedule(principal, rate, tenor, grace=grace)
        return
    s = loan_schedule(principal, rate, tenor, grace=grace)
    assert s.principal.sum() == pytest.approx(principal, rel=1e-9)
    # the lender's cash flow has NPV 0 at the loan rate
    lender = -s.draws + s.debt_service
    assert npv(rate, lender) == pytest.approx(0.0, abs=1e-6 * principal)
    assert np.all(s.principal[: grace + 1] == 0.0)
    assert np.all(s.balance >= -1e-6 * principal)


@settings(max_examples=60, deadline=None)
@given(
    invest=st.floats(min_value=1.0, max_value=1e9),
    returns=st.lists(st.floats(min_value=0.0, max_value=1e9), min_size=1, max_size=30),
)
def test_payback_is_where_the_cumulative_flow_turns(invest: float, returns: list[float]) -> None:
    flows = [-invest, *returns]
    years = payback(flows)
    cum = np.cumsum(flows)
    if years is None:
        assert cum[-1] < 0
        return
    k = int(np.ceil(years))
    assert 0 < years <= len(returns)
    assert cum[k] >= -1e-9 * invest
    assert cum[k - 1] < 0 or years == k - 1
    # discounting never pays back sooner
    later = payback(flows, rate=0.05)
    assert later is None or later >= years - 1e-9


@settings(max_examples=60, deadline=None)
@given(
    cf=st.lists(amounts, min_size=1, max_size=20),
    # amounts due: nothing, or at least a millionth (a subnormal one is no debt service)
    ds=st.lists(st.just(0.0) | st.floats(min_value=1e-6, max_value=1e9), min_size=1, max_size=20),
)
def test_debt_cover_ratios(cf: list[float], ds: list[float]) -> None:
    c = debt_cover(cf, ds)
    due = [(a, b) for a, b in zip(cf, ds, strict=False) if b > 0]
    due += [(0.0, b) for b in ds[len(cf) :] if b > 0]
    if not due:
        assert math.isnan(c.minimum)
        return
    ratios = [a / b for a, b in due]
    assert c.minimum == pytest.approx(min(ratios))
    assert c.average == pytest.approx(sum(ratios) / len(ratios))


def test_a_large_late_flow_does_not_hide_an_early_shortfall() -> None:
    flows = [-1.0, 0.99999, 1e7]
    simple = payback(flows)
    discounted = payback(flows, rate=0.05)
    assert simple is not None
    assert simple > 1.0
    assert discounted is not None
    assert discounted >= simple
