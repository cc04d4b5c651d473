"""Scenario comparisons: corridor flows add up, and capacity moves flows the right way."""

from __future__ import annotations

import pytest

import corridor
from corridor.assignment.corridor_results import CorridorAssignment
from corridor.assignment.demand import Demand, DemandRow
from corridor.assignment.demand_assignment import assign_demand
from corridor.network.model import Network
from corridor.scenarios import apply_scenario, parse_scenario
from corridor.scenarios.compare import compare_assignments, compare_routes, corridor_flows

ROWS = [
    ("xian", "duisburg", 150_000.0),
    ("chengdu", "lodz", 120_000.0),
    ("shanghai", "rotterdam", 40_000.0),
    ("xian", "baku", 60_000.0),
]


@pytest.fixture(scope="module")
def demand() -> Demand:
    return Demand(tuple(DemandRow(o, d, "TEU", v, "TEU", v) for o, d, v in ROWS))


def _assign(net: Network, demand: Demand) -> CorridorAssignment:
    return assign_demand(net, demand, gap=1e-3, track_od=True)


@pytest.fixture(scope="module")
def base_run(demand: Demand) -> CorridorAssignment:
    return _assign(corridor.eurasia(), demand)


def test_corridor_flows_add_up_to_the_demand(base_run: CorridorAssignment) -> None:
    flows = corridor_flows(base_run)
    assert sum(flows.teu.values()) == pytest.approx(sum(v for _, _, v in ROWS))
    assert all(v >= 0 for v in flows.teu.values())
    # xian -> baku can only cross the Caspian or go round through Russia
    assert flows.teu["middle"] > 0


def test_sanctions_move_flow_off_the_northern_corridor(
    base_run: CorridorAssignment, demand: Demand
) -> None:
    other = _assign(apply_scenario(corridor.eurasia(), "northern-sanctions"), demand)
    diff = compare_assignments(base_run, other)
    assert diff.base_flows.teu["northern"] > 0
    assert diff.other_flows.teu["northern"] == 0
    assert diff.moved_teu["northern"] == pytest.approx(-diff.base_flows.teu["northern"])
    assert sum(diff.moved_teu.values()) == pytest.approx(0.0, abs=1e-6)
    assert diff.other_cost_usd > diff.base_cost_usd
    statuses = {b.id: b.status for b in diff.bottlenecks}
    assert statuses.get("brest_malaszewicze") in {"relieved", None}
    assert sorted((r["origin"], r["destination"]) for r in diff.od) == sorted(
        (o, d) for o, d, _ in ROWS
    )
    lodz = next(r for r in diff.od if r["destination"] == "lodz")
    assert lodz["base_teu"] == lodz["other_teu"] == 120_000.0
    assert lodz["other_days"] > 0
    data = diff.to_dict()
    assert data["total_system_time_teu_h"]["change"] == pytest.approx(
        diff.other_time_teu_h - diff.base_time_teu_h
    )


def test_more_caspian_capacity_draws_flow_to_the_middle_corridor(
    base_run: CorridorAssignment, demand: Demand
) -> None:
    s = parse_scenario(
        'name = "x"\ndescription = "d"\n[[capacity]]\nnodes = ["aktau", "alat", "kuryk"]\n'
        'transfer = "rail_1520>ferry"\nfactor = 3.0\nestimate = true\n'
    )
    other = _assign(apply_scenario(corridor.eurasia(), s), demand)
    diff = compare_assignments(base_run, other)
    assert diff.moved_teu["middle"] >= -1.0
    assert diff.other_cost_usd <= diff.base_cost_usd * (1 + 1e-3)


def test_compare_routes_lines_up_families() -> None:
    base = corridor.eurasia()
    rows, a, b = compare_routes(
        base, apply_scenario(base, "northern-sanctions"), "Xi'an", "Duisburg"
    )
    by = {r.corridor: r for r in rows}
    assert by["northern"].base is not None
    assert by["northern"].other is None
    assert by["middle_turkiye"].row()["base_days"] == pytest.approx(
        by["middle_turkiye"].row()["other_days"]
    )
    assert a.options[0].corridor == "northern"
    assert b.options[0].corridor != "northern"
