"""Benefit curves: the anchors are welfare changes of real assignments; interpolation."""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import pytest

from corridor import network_from_geojson
from corridor.appraisal.benefits import benefit_curve, scale_demand, throughput
from corridor.appraisal.capacity import scale_capacity
from corridor.assignment.demand_assignment import assign_demand
from corridor.assignment.welfare import welfare_change
from corridor.exceptions import InvalidArgumentError
from corridor.io.demand import demand_from_rows
from corridor.network.model import Network
from corridor.testing import tiny_network_geojson

_PROV = {"source": "test fixture", "kind": "estimate", "note": "UNSOURCED ESTIMATE"}


@cache
def _net() -> Network:
    gj: dict[str, Any] = tiny_network_geojson()
    for f in gj["features"]:
        if f["properties"]["id"] == "dostyk":
            t = f["properties"]["transfers"][0]
            t["capacity"] = {"value": 30_000.0, "unit": "teu_per_year"}
            t["provenance"]["capacity"] = _PROV
    return network_from_geojson(gj)


def test_anchor_is_the_welfare_change_of_two_assignments() -> None:
    net = _net()
    more = scale_capacity(net, "dostyk", 2.0)
    demand = demand_from_rows(net, [("xian", "almaty", "FEU", 20_000.0, "TEU")])
    curve = benefit_curve(net, more, demand, [1.5, 0.5], gap=1e-8, revenue_elements=["dostyk"])
    assert curve.scales.tolist() == [0.5, 1.5]
    d = scale_demand(demand, 1.5)
    a = assign_demand(net, d, gap=1e-8)
    b = assign_demand(more, d, gap=1e-8)
    w = welfare_change(a, b)
    assert curve.time_usd[1] == pytest.approx(w.time_usd, rel=1e-6)
    assert curve.money_usd[1] == pytest.approx(w.money_usd, abs=1e-3)
    assert curve.time_usd[1] > curve.time_usd[0] > 0  # a busier queue gains more
    # a single path: the extra capacity moves no traffic
    assert curve.extra_teu.tolist() == pytest.approx([0.0, 0.0], abs=1e-6)
    assert throughput(a, ["dostyk"]) == pytest.approx(30_000.0)
    with pytest.raises(InvalidArgumentError, match="neither"):
        throughput(a, ["atlantis"])


def test_induced_demand_by_the_rule_of_a_half() -> None:
    net = _net()
    more = scale_capacity(net, "dostyk", 2.0)
    demand = demand_from_rows(net, [("xian", "almaty", "FEU", 20_000.0, "TEU")])
    grown = scale_demand(demand, 1.2)
    curve = benefit_curve(net, more, demand, [1.0], gap=1e-8, project_demand=grown)
    a = assign_demand(net, demand, gap=1e-8)
    b = assign_demand(more, grown, gap=1e-8)
    c0, c1 = a.od_costs(), b.od_costs()
    vot = a.value_of_time_usd_per_hour
    expected = 0.5 * (c0.time_h[0] - c1.time_h[0]) * (20_000 + 24_000) * vot
    assert curve.time_usd[0] == pytest.approx(expected, rel=1e-6)


def test_interpolation_and_extrapolation() -> None:
    net = _net()
    demand = demand_from_rows(net, [("xian", "almaty", "FEU", 20_000.0, "TEU")])
    curve = benefit_curve(net, scale_capacity(net, "dostyk", 1.5), demand, [0.5, 1.0, 1.4])
    x, y = curve.scales, curve.time_usd
    mid = curve.at("time_usd", 0.75)
    assert mid == pytest.approx(0.5 * (y[0] + y[1]))
    hi = curve.at("time_usd", np.array([1.6]))
    assert hi[0] == pytest.approx(y[2] + (y[2] - y[1]) / (x[2] - x[1]) * 0.2)
    with pytest.raises(InvalidArgumentError, match="part"):
        curve.at("joy", 1.0)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="scales"):
        benefit_curve(net, net, demand, [])
    with pytest.raises(InvalidArgumentError, match="factor"):
        scale_demand(demand, 0.0)
    assert curve.to_dict()["anchors"][0]["demand_scale"] == 0.5
