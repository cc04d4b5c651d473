from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest

from corridor import eurasia, network_from_geojson
from corridor.network.distributions import Empirical, Fixed, LogNormal, Triangular
from corridor.network.model import Closure, Service
from corridor.planning import route
from corridor.reliability import (
    Component,
    digital_borders,
    sample_components,
    simulate_components,
    simulate_route,
)
from corridor.testing import feature_properties

MIXED = [
    Component("fixed", "running", Fixed(30.0)),
    Component("tri", "transfer", Triangular(2.0, 4.0, 12.0)),
    Component("logn", "border", LogNormal(40.0, 30.0)),
    Component("emp", "handling", Empirical((1.0, 2.0, 9.0))),
]


def test_sum_matches_analytic_mean_and_variance() -> None:
    sim = simulate_components(MIXED, samples=400_000, seed=3)
    mean = sum(c.dist.mean for c in MIXED)
    var = sum(c.dist.variance for c in MIXED)
    assert sim.totals_h.mean() == pytest.approx(mean, rel=0.005)
    assert sim.totals_h.var() == pytest.approx(var, rel=0.03)
    assert sim.variance_share.sum() == pytest.approx(1.0)
    # independent components: each one's share is its own variance share
    expected = np.array([c.dist.variance for c in MIXED]) / var
    assert np.allclose(sim.variance_share, expected, atol=0.01)
    assert sim.top_contributors(1)[0][0] == "logn"


def test_same_seed_same_numbers() -> None:
    a = simulate_components(MIXED, samples=50_000, seed=7)
    b = simulate_components(MIXED, samples=50_000, seed=7, chunk=12_345)
    c = simulate_components(MIXED, samples=50_000, seed=8)
    assert np.array_equal(a.totals_h, simulate_components(MIXED, samples=50_000, seed=7).totals_h)
    assert a.percentiles() == simulate_components(MIXED, samples=50_000, seed=7).percentiles()
    assert not np.array_equal(a.totals_h, c.totals_h)
    assert b.samples == 50_000


def test_waits_follow_random_incidence() -> None:
    comps = [
        Component("fixed headway", "wait", Fixed(10.0)),
        Component("lognormal headway", "wait", LogNormal(10.0, 5.0)),
        Component("triangular headway", "wait", Triangular(0.0, 5.0, 10.0)),
        Component("timetable", "wait", Fixed(0.0), timetable=(0.0, 24.0)),
        Component("empirical headway", "wait", Empirical((2.0, 8.0))),
    ]
    x = sample_components(comps, 400_000, np.random.default_rng(0))
    # E[W] = E[H^2] / (2 E[H]); timetable gaps 24 h and 144 h: (24^2 + 144^2) / (2 * 168)
    expected = [5.0, (25 + 100) / 20, (25 / 6 + 25) / 10, (24**2 + 144**2) / 336, 68 / 20]
    assert x.mean(axis=0) == pytest.approx(expected, rel=0.01)
    assert x.min() >= 0


def test_border_correlation_widens_the_spread() -> None:
    borders = [Component(f"b{i}", "border", LogNormal(20.0, 15.0)) for i in range(5)]
    free = simulate_components(borders, samples=200_000, seed=1)
    tied = simulate_components(borders, samples=200_000, seed=1, border_correlation=0.8)
    assert tied.totals_h.mean() == pytest.approx(free.totals_h.mean(), rel=0.01)
    assert tied.totals_h.std() > 1.5 * free.totals_h.std()


def _caspian(tiny: dict[str, Any], december: float) -> Any:
    months = [0.0] * 11 + [december]
    feature_properties(tiny, "aktau")["closures"] = {
        "monthly_probability": months,
        "delay_h": {"type": "fixed", "value": 48.0},
    }
    return network_from_geojson(tiny)


def test_closed_port_month_shifts_p90_by_hand(tiny: dict[str, Any]) -> None:
    # every time is fixed except the Dostyk border; a 50% closure chance in December adds
    # exactly 48 h to half of the transits, so the P90 moves by 48 h and the P10 does not
    for props in (p["properties"] for p in tiny["features"]):
        if "border" in props:
            props["border"]["dwell_h"] = {"paper": {"type": "fixed", "value": 60.0}}
        for transfer in props.get("transfers", []):
            transfer["time_h"] = {"type": "fixed", "value": 3.0}
    net = _caspian(tiny, december=0.5)
    r = route(net, "xian", "baku")
    july = simulate_route(net, r, samples=20_000, month=7, seed=1)
    december = simulate_route(net, r, samples=20_000, month=12, seed=1)
    base = july.totals_h[0]
    assert np.all(july.totals_h == base)
    assert december.percentile_days(90) * 24 == pytest.approx(base + 48.0)
    assert december.percentile_days(10) * 24 == pytest.approx(base)
    assert december.mean_days * 24 == pytest.approx(base + 24.0, abs=1.0)
    # the routing mean uses the same closure: yearly average 0.5 / 12 * 48 h
    assert route(net, "xian", "baku", optimize="time").hours == pytest.approx(base + 2.0)
    assert route(net, "xian", "baku", optimize="time", month=12).hours == pytest.approx(base + 24.0)


def test_digital_never_makes_a_crossing_slower() -> None:
    net = eurasia()
    for node in net.nodes:
        if node.border is not None and "digital" in node.border.dwell_h:
            paper, digital = node.border.dwell_h["paper"], node.border.dwell_h["digital"]
            assert digital.mean <= paper.mean
            rng = np.random.default_rng(0)
            p = np.sort(paper.sample(rng, 20_000))
            d = np.sort(digital.sample(rng, 20_000))
            assert np.percentile(d, 90) <= np.percentile(p, 90) + 1e-9, node.id
    r = route(net, "Xi'an", "Duisburg", avoid_countries=["RU"])
    base = simulate_route(net, r, samples=50_000, seed=2)
    fast = simulate_route(digital_borders(net, ["all"], r), r, samples=50_000, seed=2)
    assert fast.mean_days < base.mean_days
    assert fast.percentile_days(90) < base.percentile_days(90)


def test_digital_borders_targets() -> None:
    net = eurasia()
    r = route(net, "Xi'an", "Duisburg", avoid_countries=["RU"])
    switched = digital_borders(net, ["KZ"])
    kz = [n for n in switched.nodes if n.border is not None and "KZ" in n.border.countries]
    assert kz
    assert all(n.border is not None and n.border.regime == "digital" for n in kz)
    others = [n for n in switched.nodes if n.border is not None and "KZ" not in n.border.countries]
    assert all(n.border is not None and n.border.regime == "paper" for n in others)
    family = digital_borders(net, [r.corridor], r)
    on_route = {leg.from_id for leg in r.legs if leg.kind == "border"}
    assert {n.id for n in family.nodes if n.border and n.border.regime == "digital"} == on_route
    with pytest.raises(Exception, match="matches no border crossing"):
        digital_borders(net, ["ZZ"])


def test_closure_model_helpers() -> None:
    c = Closure(tuple([0.0] * 11 + [0.6]), Fixed(10.0))
    assert c.probability(12) == 0.6
    assert c.probability(None) == pytest.approx(0.05)
    assert c.mean_delay_h(12) == pytest.approx(6.0)
    assert dataclasses.replace(c, delay_h=Fixed(20.0)).mean_delay_h(12) == pytest.approx(12.0)


def test_service_without_schedule_adds_no_wait() -> None:
    assert Service("x").headway_h is None
