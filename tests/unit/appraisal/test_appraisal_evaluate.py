"""Cash flows, measures, sensitivity, Monte Carlo and portfolio on synthetic benefit curves."""

from __future__ import annotations

import itertools
import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.appraisal.appraise import Appraisal, appraise, monte_carlo, sensitivity
from corridor.appraisal.benefits import BenefitCurve
from corridor.appraisal.evaluate import Factors, cash_flows, measures
from corridor.appraisal.plot import plot_tornado
from corridor.appraisal.portfolio import rank_portfolio
from corridor.appraisal.project import Financing, Project, Uncertainty
from corridor.exceptions import InvalidArgumentError


def _curve(time: float = 30.0, money: float = 0.0, teu: float = 0.0) -> BenefitCurve:
    """Benefits proportional to the demand level: ``time`` per year at level 1."""
    x = np.array([0.5, 1.0, 2.0])
    z = np.zeros(3)
    return BenefitCurve(
        scales=x,
        time_usd=time * x,
        money_usd=money * x,
        reliability_usd=z,
        co2_t=z,
        extra_teu=teu * x,
        base_cost_usd=z,
        project_cost_usd=z,
        relative_gap=0.0,
        value_of_time_usd_per_hour=30.0,
        seconds=0.0,
    )


def _project(**kw: object) -> Project:
    base: dict[str, object] = {
        "name": "test",
        "scenario": ("x",),
        "demand": "d.csv",
        "demand_year": 2020,
        "start_year": 2020,
        "opening_year": 2021,
        "lifetime": 2,
        "capex": {2020: 100.0},
        "discount_rate": 0.1,
    }
    base.update(kw)
    return Project(**base)  # type: ignore[arg-type]


def test_hand_computed_case() -> None:
    p = _project()
    flows = cash_flows(p, _curve(60.0))
    assert flows.years.tolist() == [2020, 2021, 2022]
    assert flows.economic[0].tolist() == pytest.approx([-100.0, 60.0, 60.0])
    m = measures(flows)
    assert m.economic_npv == pytest.approx(-100 + 60 / 1.1 + 60 / 1.21)
    assert m.bcr == pytest.approx((60 / 1.1 + 60 / 1.21) / 100)
    assert m.eirr == pytest.approx(float(npf.irr([-100.0, 60.0, 60.0])))
    assert m.payback_years == pytest.approx(1 + 40 / 60)
    assert math.isnan(m.financial_npv)
    assert m.firr is None


def test_growth_opex_residual_and_delay() -> None:
    p = _project(growth=0.1, opex_per_year=5.0, residual_share=0.5, lifetime=3)
    f = cash_flows(p, _curve(10.0))
    # demand level 1.1 in 2021, 1.21 in 2022, 1.331 in 2023
    assert f.time[0].tolist() == pytest.approx([0.0, 11.0, 12.1, 13.31])
    assert f.opex[0].tolist() == [0.0, 5.0, 5.0, 5.0]
    assert f.residual[0].tolist() == [0.0, 0.0, 0.0, 50.0]
    late = cash_flows(p, _curve(10.0), Factors(delay=1.0))
    assert late.time[0].tolist() == pytest.approx([0.0, 0.0, 12.1, 13.31])
    assert late.opex[0].tolist() == [0.0, 0.0, 5.0, 5.0]


def test_financing_by_hand() -> None:
    fin = Financing(
        loan_share=0.5,
        rate=0.1,
        tenor=2,
        grace=0,
        revenue_currency="KZT",
        fx_rate=2.0,
        fx_depreciation=0.0,
        tariff=10.0,
        revenue_elements=("aktau",),
    )
    p = _project(financing=fin)
    f = cash_flows(p, _curve(60.0, teu=12.0))
    # revenue: 10 KZT x 12 TEU / 2 KZT per USD = 60 USD a year
    assert f.revenue[0].tolist() == pytest.approx([0.0, 60.0, 60.0])
    pmt = -npf.pmt(0.1, 2, 50.0)
    assert f.debt_service[0].tolist() == pytest.approx([0.0, pmt, pmt])
    m = measures(f)
    assert m.firr == pytest.approx(float(npf.irr([-100.0, 60.0, 60.0])))
    assert m.equity_irr == pytest.approx(float(npf.irr([-50.0, 60.0 - pmt, 60.0 - pmt])))
    assert m.dscr_min == pytest.approx(60.0 / pmt)
    # a weaker revenue currency cuts revenue and the financial NPV
    weak = cash_flows(p, _curve(60.0, teu=12.0), Factors(fx=1.25))
    assert weak.revenue[0, 1] == pytest.approx(48.0)


def test_sensitivity_moves_the_right_way() -> None:
    p = _project(opex_per_year=5.0, carbon_usd_per_t=10.0)
    rows = {r.input: r for r in sensitivity(p, _curve(60.0))}
    assert rows["capex"].npv_high < rows["capex"].npv_low
    assert rows["opex"].npv_high < rows["opex"].npv_low
    assert rows["demand"].npv_high > rows["demand"].npv_low
    assert rows["value_of_time"].npv_high > rows["value_of_time"].npv_low
    assert rows["discount_rate"].npv_high < rows["discount_rate"].npv_low
    assert rows["tariff"].swing == 0.0  # no financing: no revenue
    swings = [r.swing for r in sensitivity(p, _curve(60.0))]
    assert swings == sorted(swings, reverse=True)


def test_monte_carlo_is_seeded_and_matches_single_cases() -> None:
    p = _project(
        lifetime=5,
        uncertainty=Uncertainty(
            demand_sd=0.3,
            capex_overrun=(0.0, 0.1, 0.6),
            fx_sd=0.1,
            delay_probabilities=(0.6, 0.4),
        ),
    )
    curve = _curve(40.0)
    a = monte_carlo(p, curve, draws=500, seed=7)
    b = monte_carlo(p, curve, draws=500, seed=7)
    assert np.array_equal(a.npv, b.npv)
    q = a.percentiles()
    assert q["p10"] <= q["p50"] <= q["p90"]
    assert 0.0 <= q["prob_negative"] <= 1.0
    # the vectorised draws equal the same factors one by one
    rng = np.random.default_rng(7)
    demand = rng.lognormal(0.0, 0.3, 500)
    overrun = rng.triangular(0.0, 0.1, 0.6, 500)
    rng.lognormal(0.0, 0.1, 500)
    delay = rng.choice(2, size=500, p=[0.6, 0.4])
    for i in (0, 17, 499):
        one = cash_flows(
            p, curve, Factors(capex=1 + overrun[i], demand=demand[i], delay=float(delay[i]))
        )
        assert a.npv[i] == pytest.approx(float(one.economic_npv()[0]))
    with pytest.raises(InvalidArgumentError, match="draws"):
        monte_carlo(p, curve, draws=0)
    with pytest.raises(InvalidArgumentError, match="seed"):
        monte_carlo(p, curve, draws=5, seed=-1)


@settings(max_examples=40, deadline=None)
@given(
    capex=st.floats(min_value=0.1, max_value=5.0),
    demand=st.floats(min_value=0.1, max_value=5.0),
    rate=st.floats(min_value=0.1, max_value=3.0),
)
def test_enpv_falls_with_capex_and_rises_with_demand(
    capex: float, demand: float, rate: float
) -> None:
    p = _project(lifetime=10)
    curve = _curve(30.0)
    base = Factors(capex=capex, demand=demand, discount_rate=rate)
    v = float(cash_flows(p, curve, base).economic_npv()[0])
    more_capex = float(cash_flows(p, curve, replace(base, capex=capex * 1.1)).economic_npv()[0])
    more_demand = float(cash_flows(p, curve, replace(base, demand=demand * 1.1)).economic_npv()[0])
    assert more_capex < v < more_demand
    flows = cash_flows(p, curve, base)
    ratio = float(flows.benefit_cost_ratio()[0])
    assert (ratio > 1.0) == (v > 0.0) or abs(v) < 1e-9


def _appraisal(name: str, capex: float, time: float) -> Appraisal:
    p = _project(name=name, capex={2020: capex}, lifetime=10)
    return appraise(p, curve=_curve(time))


def test_portfolio_exact_under_budget() -> None:
    a = _appraisal("a", 100.0, 40.0)  # ENPV ~ 134
    b = _appraisal("b", 60.0, 20.0)  # ENPV ~ 51
    c = _appraisal("c", 50.0, 20.0)  # ENPV ~ 60
    d = _appraisal("d", 10.0, 0.1)  # ENPV < 0: never selected
    pf = rank_portfolio([a, b, c, d], budget=115.0)
    chosen = {r.name for r in pf.rows if r.selected}
    best = max(
        (a.central.economic_npv, {"a"}),
        (b.central.economic_npv + c.central.economic_npv, {"b", "c"}),
    )
    assert chosen == best[1]
    assert pf.method == "exact"
    assert pf.capex <= 115.0
    assert [r.rank_npv_per_capex for r in pf.rows] == [1, 2, 3, 4]
    assert {r.name for r in rank_portfolio([a, b, c, d]).rows if r.selected} == {"a", "b", "c"}
    with pytest.raises(InvalidArgumentError, match="budget"):
        rank_portfolio([a], budget=-1.0)
    with pytest.raises(InvalidArgumentError):
        rank_portfolio([])


def test_tornado_returns_figure_and_saves_only_with_path(tmp_path: Path) -> None:
    a = _appraisal("a", 100.0, 40.0)
    fig = plot_tornado(a)
    assert len(fig.axes) == 1
    assert not list(tmp_path.iterdir())
    out = tmp_path / "t.png"
    plot_tornado(a, out)
    assert out.stat().st_size > 1000
    with pytest.raises(InvalidArgumentError):
        plot_tornado(a, tmp_path / "t.nope")
    d = a.to_dict()
    assert d["measures"]["bcr"] == pytest.approx(a.central.bcr)
    assert len(d["sensitivity"]) == 8


def test_dscr_counts_years_of_operation_only() -> None:
    fin = Financing(loan_share=1.0, rate=0.1, tenor=3, grace=1, tariff=1.0)
    p = _project(opening_year=2022, lifetime=2, financing=fin)
    f = cash_flows(p, _curve(60.0, teu=50.0))
    assert f.debt_service[0, 1] == pytest.approx(10.0)  # interest in 2021, nothing earned
    assert f.operating[0].tolist() == [False, False, True, True]
    m = measures(f)
    pmt = -npf.pmt(0.1, 2, 100.0)
    assert m.dscr_min == pytest.approx(50.0 / pmt)


@settings(max_examples=20, deadline=None)
@given(
    specs=st.lists(
        st.tuples(st.floats(min_value=1.0, max_value=100.0), st.floats(0.0, 40.0)),
        min_size=1,
        max_size=6,
    ),
    budget=st.floats(min_value=1.0, max_value=300.0),
)
def test_portfolio_is_the_best_subset_within_budget(
    specs: list[tuple[float, float]], budget: float
) -> None:
    apps = [_appraisal(f"p{i}", capex, time) for i, (capex, time) in enumerate(specs)]
    pf = rank_portfolio(apps, budget=budget)
    assert pf.capex <= budget
    best = 0.0
    for k in range(1, len(apps) + 1):
        for combo in itertools.combinations(apps, k):
            cost = sum(a.project.total_capex for a in combo)
            value = sum(a.central.economic_npv for a in combo)
            if cost <= budget and all(a.central.economic_npv > 0 for a in combo):
                best = max(best, value)
    assert pf.economic_npv == pytest.approx(best)
    assert all(r.economic_npv > 0 for r in pf.rows if r.selected)


def test_a_loan_longer_than_the_lifetime_is_repaid_at_the_end() -> None:
    fin = Financing(loan_share=1.0, rate=0.1, tenor=10, grace=0)
    p = _project(financing=fin)  # two years of operation
    f = cash_flows(p, _curve(60.0))
    sched_pmt = -npf.pmt(0.1, 10, 100.0)
    balance_after_1 = 100.0 * 1.1 - sched_pmt
    assert f.debt_service[0, 1] == pytest.approx(sched_pmt)
    assert f.debt_service[0, 2] == pytest.approx(sched_pmt + balance_after_1 * 1.1 - sched_pmt)
    # the lender is repaid exactly: NPV of its flow at the loan rate is 0
    lender = -f.loan_draws[0] + f.debt_service[0]
    assert float(np.sum(lender / 1.1 ** np.arange(3))) == pytest.approx(0.0, abs=1e-9)
