"""Welfare measures move the right way: system time, generalised cost, rule of a half."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor import eurasia, network_from_geojson
from corridor.appraisal.capacity import scale_capacity
from corridor.assignment.corridor_results import CorridorAssignment, queue_wait_variance
from corridor.assignment.demand_assignment import assign_demand
from corridor.assignment.welfare import Z90, welfare_change
from corridor.exceptions import InvalidArgumentError
from corridor.io.demand import demand_from_rows, read_demand
from corridor.network.model import Network
from corridor.testing import tiny_network_geojson

_PROV = {"source": "test fixture", "kind": "estimate", "note": "UNSOURCED ESTIMATE"}
DEMAND_2030 = Path(__file__).resolve().parents[3] / "examples" / "demand_2030.csv"
GAP = 1e-7


@cache
def _tiny() -> Network:
    """The tiny network with a capacitated Dostyk gauge change (30,000 TEU/yr) and Aktau
    rail-ferry transfer (20,000 TEU/yr)."""
    gj: dict[str, Any] = tiny_network_geojson()
    by_id = {f["properties"]["id"]: f for f in gj["features"]}
    for node, teu in (("dostyk", 30_000.0), ("aktau", 20_000.0)):
        t = by_id[node]["properties"]["transfers"][0]
        t["capacity"] = {"value": teu, "unit": "teu_per_year"}
        t["provenance"]["capacity"] = _PROV
    return network_from_geojson(gj)


def _assign(net: Network, xian_almaty: float, xian_baku: float = 5_000.0) -> CorridorAssignment:
    rows = [
        ("xian", "almaty", "FEU", xian_almaty, "TEU"),
        ("xian", "baku", "FEU", xian_baku, "TEU"),
    ]
    return assign_demand(net, demand_from_rows(net, rows), gap=GAP, max_iter=2000)


def test_totals_decompose_by_od_pair() -> None:
    res = _assign(_tiny(), 20_000.0)
    od = res.od_costs()
    vot = res.value_of_time_usd_per_hour
    assert float(od.teu @ od.time_h) == pytest.approx(res.total_system_time_teu_h)
    assert float(od.teu @ od.money_usd) == pytest.approx(res.total_money_usd)
    assert res.total_generalised_cost_usd == pytest.approx(
        res.total_system_time_teu_h * vot + res.total_money_usd
    )
    # at equilibrium the users' total generalised cost is the engine's total cost x VoT
    assert res.total_generalised_cost_usd == pytest.approx(res.result.total_cost * vot, rel=1e-9)
    assert res.total_co2_t > 0
    assert res.total_wait_sd_teu_h == pytest.approx(float(od.teu @ od.wait_sd_h))
    assert res.total_wait_sd_teu_h > 0
    # system time includes the congestion delay and the free-flow time
    assert res.total_system_time_teu_h > res.total_delay_teu_h > 0
    d = res.to_dict()["assignment"]
    assert d["total_generalised_cost_usd"] == pytest.approx(res.total_generalised_cost_usd)
    assert "System time:" in res.summary()


def test_welfare_of_same_assignment_is_zero() -> None:
    res = _assign(_tiny(), 20_000.0)
    w = welfare_change(res, res)
    assert w.user_benefit_usd == 0.0
    assert w.co2_t == 0.0
    assert w.unmatched == ()


def test_rule_of_a_half_by_hand() -> None:
    base = _assign(_tiny(), 20_000.0)
    more = _assign(scale_capacity(_tiny(), "dostyk", 2.0), 26_000.0)
    w = welfare_change(base, more)
    c0, c1 = base.od_costs(), more.od_costs()
    vot = base.value_of_time_usd_per_hour
    g0 = c0.time_h * vot + c0.money_usd
    g1 = c1.time_h * vot + c1.money_usd
    expected = 0.5 * (g0 - g1) * (c0.teu + c1.teu)
    assert w.benefit_usd == pytest.approx(expected)
    assert w.user_benefit_usd == pytest.approx(float(expected.sum()))
    assert w.user_benefit_usd > 0  # Dostyk's queue shrinks although demand grew
    sd = 0.5 * (c0.wait_sd_h - c1.wait_sd_h) * (c0.teu + c1.teu)
    assert w.reliability_usd == pytest.approx(float(sd.sum()) * Z90 * vot)
    assert w.reliability_usd > 0
    rec = w.records()
    assert rec[0]["teu_base"] == 20_000.0
    assert rec[0]["teu_other"] == 26_000.0


def test_unmatched_pairs_add_nothing() -> None:
    net = _tiny()
    one = assign_demand(net, demand_from_rows(net, [("xian", "almaty", "FEU", 1e4, "TEU")]))
    two = _assign(net, 1e4)
    w = welfare_change(one, two)
    assert w.unmatched == (("xian", "baku"),)
    assert w.records()[1]["cost_base_usd"] is None


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan"), float("inf")])
def test_bad_value_of_time(bad: float) -> None:
    res = _assign(_tiny(), 1e4)
    with pytest.raises(InvalidArgumentError, match="value_of_time"):
        welfare_change(res, res, value_of_time_usd_per_hour=bad)
    with pytest.raises(InvalidArgumentError, match="reliability_ratio"):
        welfare_change(res, res, reliability_ratio=-abs(bad) - 1.0)


def test_refuses_what_is_not_an_assignment() -> None:
    res = _assign(_tiny(), 1e4)
    with pytest.raises(InvalidArgumentError, match="other"):
        welfare_change(res, "x")  # type: ignore[arg-type]


def test_queue_wait_variance() -> None:
    # M/M/1 at rho = 0.5, service time 1: mean wait 1, E[W^2] = 2 rho / (mu (1 - rho))^2 = 4
    assert queue_wait_variance(1.0, 0.5) == pytest.approx(4.0 - 1.0)
    assert queue_wait_variance(0.0, 0.3) == 0.0
    assert queue_wait_variance(2.0, 5.0) == pytest.approx(queue_wait_variance(2.0, 0.98))
    # simulated: exponential wait with probability rho, else 0
    rng = np.random.default_rng(1)
    rho, mu = 0.7, 2.0
    w = np.where(rng.random(400_000) < rho, rng.exponential(1 / (mu * (1 - rho)), 400_000), 0)
    assert queue_wait_variance(float(w.mean()), rho) == pytest.approx(float(w.var()), rel=0.02)


@settings(max_examples=25, deadline=None)
@given(
    demand=st.floats(min_value=1_000.0, max_value=60_000.0),
    factor=st.floats(min_value=1.0, max_value=4.0),
    where=st.sampled_from(["dostyk", "aktau"]),
)
def test_adding_capacity_never_raises_system_cost_tiny(
    demand: float, factor: float, where: str
) -> None:
    base = _assign(_tiny(), demand)
    more = _assign(scale_capacity(_tiny(), where, factor), demand)
    tol = 1e-6 * base.total_generalised_cost_usd
    assert more.total_generalised_cost_usd <= base.total_generalised_cost_usd + tol
    assert more.total_system_time_teu_h <= base.total_system_time_teu_h * (1 + 1e-6)
    assert welfare_change(base, more).user_benefit_usd >= -tol


@pytest.mark.parametrize("where", ["aktau", "alat", "brest_malaszewicze"])
def test_adding_capacity_never_raises_system_cost_embedded(where: str) -> None:
    """Issue 11 item 4: Aktau x2, Alat x2, Brest x2 raised the headline delay."""
    net = eurasia()
    demand = read_demand(DEMAND_2030, net)
    base = _embedded_base()
    more = assign_demand(scale_capacity(net, where, 2.0), demand, gap=1e-5)
    # within the equilibria's own tolerance (relative gap 1e-5 of the total cost)
    tol = 1e-5 * base.total_generalised_cost_usd
    assert more.total_generalised_cost_usd <= base.total_generalised_cost_usd + tol
    assert welfare_change(base, more).user_benefit_usd >= -tol


@cache
def _embedded_base() -> CorridorAssignment:
    net = eurasia()
    return assign_demand(net, read_demand(DEMAND_2030, net), gap=1e-5)


def test_untracked_od_costs_follow_shortest_paths() -> None:
    net = _tiny()
    rows = [("xian", "almaty", "FEU", 20_000.0, "TEU"), ("xian", "baku", "FEU", 5_000.0, "TEU")]
    demand = demand_from_rows(net, rows)
    tracked = assign_demand(net, demand, gap=GAP, max_iter=2000, track_od=True).od_costs()
    plain = assign_demand(net, demand, gap=GAP, max_iter=2000, track_od=False)
    untracked = plain.od_costs()
    assert untracked.generalised_usd == pytest.approx(tracked.generalised_usd, rel=1e-6)
    assert untracked.co2_kg == pytest.approx(tracked.co2_kg, rel=1e-6)
    assert plain.to_dict()["assignment"]["total_wait_sd_teu_h"] == pytest.approx(
        plain.total_wait_sd_teu_h
    )
