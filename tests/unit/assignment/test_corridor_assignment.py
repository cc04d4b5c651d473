from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from corridor import Capacity, UnknownPlaceError, network_from_geojson
from corridor.assignment.corridor_problem import (
    TEU_PER_TRAIN,
    build_problem,
    capacity_teu_per_year,
)
from corridor.assignment.corridor_results import CorridorAssignment
from corridor.assignment.demand_assignment import assign_demand
from corridor.cli.assign_render import render_assignment
from corridor.exceptions import CorridorError
from corridor.io.demand import DemandValidationError, demand_from_rows, read_demand
from corridor.network.model import Network
from corridor.testing import tiny_network_geojson

_PROV = {"source": "test fixture", "kind": "estimate", "note": "UNSOURCED ESTIMATE"}
DOSTYK_TEU_PER_DAY = 100.0  # 36,500 TEU/yr
AKTAU_TEU_PER_YEAR = 20_000.0


def _capacitated(*, bypass: bool = True) -> Network:
    """The tiny network with a capacitated Dostyk gauge change and Aktau rail↔ferry.

    With ``bypass``, a second, slower border (Khorgos, uncapacitated gauge change) joins
    Ürümqi to Almaty.
    """
    gj: dict[str, Any] = tiny_network_geojson()
    features = gj["features"]
    by_id = {f["properties"]["id"]: f for f in features}
    gauge = by_id["dostyk"]["properties"]["transfers"][0]
    gauge["capacity"] = {"value": DOSTYK_TEU_PER_DAY, "unit": "teu_per_day"}
    gauge["provenance"]["capacity"] = _PROV
    ferry = by_id["aktau"]["properties"]["transfers"][0]
    ferry["capacity"] = {"value": AKTAU_TEU_PER_YEAR, "unit": "teu_per_year"}
    ferry["provenance"]["capacity"] = _PROV
    if bypass:
        plain_gauge: dict[str, Any] = {k: v for k, v in gauge.items() if k != "capacity"}
        plain_gauge["provenance"] = {
            k: v for k, v in gauge["provenance"].items() if k != "capacity"
        }
        props = {k: v for k, v in by_id["dostyk"]["properties"].items() if k != "transfers"}
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [80.3, 44.2]},
                "properties": {
                    **props,
                    "id": "khorgos",
                    "name": "Khorgos",
                    "transfers": [plain_gauge],
                },
            }
        )
        for link_id, a, b, mode, km in (
            ("r5", "urumqi", "khorgos", "rail_1435", 2500.0),
            ("r6", "khorgos", "almaty", "rail_1520", 2000.0),
        ):
            features.append(
                {
                    "type": "Feature",
                    "geometry": None,
                    "properties": {
                        "feature_type": "link",
                        "id": link_id,
                        "from": a,
                        "to": b,
                        "mode": mode,
                        "distance_km": km,
                        "speed_kmh": 40.0,
                        "tariff": {"fixed": 100.0, "per_km": 0.5, "currency": "USD", "unit": "FEU"},
                        "provenance": {"distance_km": _PROV, "speed_kmh": _PROV, "tariff": _PROV},
                    },
                }
            )
    return network_from_geojson(gj)


@pytest.fixture(scope="module")
def net() -> Network:
    return _capacitated()


def _assign(net: Network, rows: list[tuple[str, str, str, float, str]]) -> CorridorAssignment:
    return assign_demand(net, demand_from_rows(net, rows), gap=1e-7, max_iter=2000)


def test_capacities_convert_to_teu_per_year() -> None:
    assert capacity_teu_per_year(Capacity(2.0, "trains_per_day")) == 2 * TEU_PER_TRAIN * 365
    assert capacity_teu_per_year(Capacity(100.0, "teu_per_day")) == 36_500.0
    assert capacity_teu_per_year(Capacity(5e6, "tonnes_per_year")) == 500_000.0
    assert capacity_teu_per_year(Capacity(7.0, "teu_per_year")) == 7.0


def test_flows_conserve_demand(net: Network) -> None:
    rows = [
        ("xian", "baku", "FEU", 10_000.0, "TEU"),
        ("urumqi", "almaty", "FEU", 50_000.0, "TEU"),
        ("almaty", "aktau", "FEU", 400_000.0, "tonnes"),  # 20 t per 2 TEU: 40,000 TEU
    ]
    res = _assign(net, rows)
    assert res.demand.total_teu == pytest.approx(100_000.0)
    loaded = {n.id: n.loaded_teu for n in res.nodes}
    unloaded = {n.id: n.unloaded_teu for n in res.nodes}
    assert loaded["xian"] == pytest.approx(10_000.0)
    assert loaded["urumqi"] == pytest.approx(50_000.0)
    assert loaded["almaty"] == pytest.approx(40_000.0)
    assert unloaded["baku"] == pytest.approx(10_000.0)
    assert unloaded["aktau"] == pytest.approx(40_000.0)
    # flow conservation at every virtual vertex (zone connectors carry the demand)
    p = res.corridor_problem.problem
    x = res.result.flow
    balance = np.bincount(p.tail, weights=x, minlength=p.n_nodes) - np.bincount(
        p.head, weights=x, minlength=p.n_nodes
    )
    inner = np.ones(p.n_nodes, dtype=bool)
    inner[p.zones] = False
    assert np.abs(balance[inner]).max() < 1e-6 * 100_000
    # the ferry carries exactly the Xi'an → Baku flow
    ferry = next(lf for lf in res.links if lf.id == "f1")
    assert ferry.forward_teu == pytest.approx(10_000.0)
    assert ferry.backward_teu == pytest.approx(0.0, abs=1e-6)


def test_over_capacity_border_without_bypass_is_a_real_jam() -> None:
    net = _capacitated(bypass=False)
    capacity = DOSTYK_TEU_PER_DAY * 365
    res = _assign(net, [("xian", "almaty", "FEU", 1.2 * capacity, "TEU")])
    dostyk = next(n for n in res.nodes if n.id == "dostyk")
    assert dostyk.capacity_teu == pytest.approx(capacity)
    assert dostyk.volume_capacity == pytest.approx(1.2)
    service_h = TEU_PER_TRAIN / capacity * 8760  # one train-load at capacity
    # at rho_max = 0.98 the wait is 49 service times; beyond it grows by 2,500 per unit rho
    assert dostyk.delay_h > 49 * service_h + 2500 * service_h * 0.2 * 0.99
    top = res.bottlenecks(1)[0]
    assert (top.kind, top.id) == ("node", "dostyk")
    assert top.total_delay_teu_h == pytest.approx(dostyk.delay_h * 1.2 * capacity, rel=1e-6)


def test_bypass_takes_the_overflow_and_queue_stays_below_capacity(net: Network) -> None:
    capacity = DOSTYK_TEU_PER_DAY * 365
    res = _assign(net, [("xian", "almaty", "FEU", 3 * capacity, "TEU")])
    dostyk = next(n for n in res.nodes if n.id == "dostyk")
    khorgos = next(n for n in res.nodes if n.id == "khorgos")
    assert dostyk.volume_capacity is not None
    assert 0.5 < dostyk.volume_capacity < 1.0
    assert khorgos.through_teu > capacity
    assert khorgos.capacity_teu is None
    assert khorgos.total_delay_teu_h == 0.0  # no capacity known: no congestion
    assert dostyk.through_teu + khorgos.through_teu == pytest.approx(3 * capacity, rel=1e-6)


def test_bottlenecks_are_ranked_by_total_delay(net: Network) -> None:
    rows = [
        ("xian", "baku", "FEU", 15_000.0, "TEU"),
        ("urumqi", "almaty", "FEU", 60_000.0, "TEU"),
    ]
    res = _assign(net, rows)
    ranked = res.bottlenecks(None)
    assert [b.rank for b in ranked] == list(range(1, len(ranked) + 1))
    totals = [b.total_delay_teu_h for b in ranked]
    assert totals == sorted(totals, reverse=True)
    assert {b.id for b in ranked} == {"dostyk", "aktau"}
    assert all(b.total_delay_teu_h > 0 for b in ranked)
    assert len(res.bottlenecks(1)) == 1
    aktau = next(b for b in ranked if b.id == "aktau")
    assert aktau.flow_teu == pytest.approx(15_000.0)
    assert aktau.volume_capacity == pytest.approx(15_000.0 / AKTAU_TEU_PER_YEAR)


def test_select_link_returns_exactly_the_pairs_routed_through(net: Network) -> None:
    rows = [
        ("xian", "baku", "FEU", 5_000.0, "TEU"),
        ("urumqi", "almaty", "FEU", 15_000.0, "TEU"),
        ("almaty", "baku", "FEU", 5_000.0, "TEU"),
        ("khorgos", "almaty", "FEU", 1_000.0, "TEU"),
    ]
    res = _assign(net, rows)
    ferry = {(o.origin, o.destination): o.teu for o in res.select_link("f1")}
    assert ferry.keys() == {("xian", "baku"), ("almaty", "baku")}
    assert ferry[("xian", "baku")] == pytest.approx(5_000.0)
    assert ferry[("almaty", "baku")] == pytest.approx(5_000.0)
    border = {(o.origin, o.destination): o for o in res.select_link("Dostyk")}
    assert border.keys() == {("xian", "baku"), ("urumqi", "almaty")}
    assert border[("urumqi", "almaty")].share == pytest.approx(1.0)
    assert res.select_link("r5") == []
    with pytest.raises(UnknownPlaceError, match="select-link"):
        res.select_link("nowhere-at-all")


def test_select_link_splits_a_pair_at_a_jam(net: Network) -> None:
    capacity = DOSTYK_TEU_PER_DAY * 365
    res = _assign(net, [("xian", "almaty", "FEU", 3 * capacity, "TEU")])
    via_dostyk = res.select_link("dostyk")
    via_khorgos = res.select_link("khorgos")
    assert len(via_dostyk) == len(via_khorgos) == 1
    total = via_dostyk[0].teu + via_khorgos[0].teu
    assert total == pytest.approx(3 * capacity, rel=1e-9)
    dostyk = next(n for n in res.nodes if n.id == "dostyk")
    assert via_dostyk[0].teu == pytest.approx(dostyk.through_teu, rel=1e-9)


def test_no_capacity_means_no_congestion() -> None:
    net = network_from_geojson(tiny_network_geojson())
    res = _assign(net, [("xian", "baku", "FEU", 1e7, "TEU")])
    assert res.bottlenecks() == []
    assert res.total_delay_teu_h == 0.0
    assert res.uncapacitated_share == pytest.approx(1.0)
    assert "no congestion" in res.summary()


def test_scenario_capacity_on_a_border_node(net: Network) -> None:
    demand = demand_from_rows(net, [("xian", "almaty", "FEU", 30_000.0, "TEU")])
    res = assign_demand(
        net, demand, capacities={"khorgos": Capacity(1.0, "trains_per_day")}, gap=1e-7
    )
    khorgos = next(n for n in res.nodes if n.id == "khorgos")
    assert khorgos.capacity_teu == pytest.approx(TEU_PER_TRAIN * 365)
    assert khorgos.volume_capacity is not None
    assert khorgos.element is not None
    with pytest.raises(CorridorError, match="neither a link nor a node"):
        build_problem(net, demand, capacities={"atlantis": Capacity(1.0, "teu_per_year")})
    with pytest.raises(CorridorError, match="positive"):
        build_problem(net, demand, capacities={"r1": Capacity(0.0, "teu_per_year")})


def test_results_render_as_table_json_and_geojson(net: Network) -> None:
    import json  # noqa: PLC0415

    res = _assign(net, [("xian", "baku", "FEU", 30_000.0, "TEU")])
    table = render_assignment(res, "table")
    assert "Bottlenecks" in table
    assert "Who uses Aktau" in table
    data = json.loads(render_assignment(res, "json"))
    assert data["bottlenecks"][0]["id"] == "aktau"
    assert data["bottlenecks"][0]["od_pairs"][0]["teu"] == pytest.approx(30_000.0)
    gj = json.loads(render_assignment(res, "geojson"))
    assert gj["type"] == "FeatureCollection"
    links = [f for f in gj["features"] if f["properties"]["feature_type"] == "link"]
    assert len(links) == len(net.links)
    f1 = next(f for f in links if f["properties"]["id"] == "f1")
    assert f1["properties"]["flow_teu"] == pytest.approx(30_000.0)
    assert f1["geometry"]["type"] == "LineString"
    with pytest.raises(CorridorError, match="format"):
        render_assignment(res, "xml")  # type: ignore[arg-type]


def test_demand_errors_list_every_bad_row(net: Network, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "origin,destination,cargo,volume,unit\n"
        "xian,baku,FEU,100,TEU\n"
        "atlantis,baku,FEU,100,TEU\n"
        "xian,baku,FEU,-5,TEU\n"
        "xian,baku,FEU,lots,TEU\n"
        "xian,baku,widgets,10,pallets\n"
        "\n"
        "xian,xian,FEU,1,TEU\n",
        encoding="utf-8",
    )
    with pytest.raises(DemandValidationError) as info:
        read_demand(path, net)
    text = str(info.value)
    for line, field in (
        (3, "origin"),
        (4, "volume"),
        (5, "volume"),
        (6, "cargo"),
        (6, "unit"),
        (8, "destination"),
    ):
        assert f"{path}:{line}: field {field!r}" in text
    assert f"{path}:2:" not in text
    assert len(info.value.issues) == 6
    assert "fix:" in text


def _jam(net: Network) -> CorridorAssignment:
    capacity = DOSTYK_TEU_PER_DAY * 365
    rows = [
        ("xian", "almaty", "FEU", 2 * capacity, "TEU"),
        ("xian", "baku", "FEU", 0.5 * capacity, "TEU"),
        ("urumqi", "almaty", "FEU", 0.8 * capacity, "TEU"),
    ]
    return _assign(net, rows)


def test_select_link_agrees_with_the_reported_flows_at_a_jam(net: Network) -> None:
    res = _jam(net)
    assert res.tracked
    # every OD pair's link flows add up to the reported equilibrium's, link by link
    assert res.od_flow.sum(axis=0) == pytest.approx(res.vlink_flow, rel=1e-9, abs=1e-6)
    for node in ("dostyk", "khorgos"):
        through = next(n for n in res.nodes if n.id == node).through_teu
        assert through > 0
        users = res.select_link(node)
        assert sum(u.teu for u in users) == pytest.approx(through, rel=1e-9)
    for lf in res.links:
        users = res.select_link(lf.id)
        assert sum(u.teu for u in users) == pytest.approx(lf.flow_teu, rel=1e-9, abs=1e-6)
    # the pairs split between the two borders; each pair's shares add up to one
    split = {
        (o.origin, o.destination): o.share
        for node in ("dostyk", "khorgos")
        for o in res.select_link(node)
    }
    assert 0 < len(split) <= 3
    for pair in res.od_pairs:
        shares = sum(
            o.share
            for node in ("dostyk", "khorgos")
            for o in res.select_link(node)
            if (o.origin, o.destination) == pair
        )
        assert shares == pytest.approx(1.0, rel=1e-9)


def test_untracked_assignment_refuses_select_link(net: Network) -> None:
    demand = demand_from_rows(net, [("xian", "baku", "FEU", 1_000.0, "TEU")])
    res = assign_demand(net, demand, gap=1e-6, track_od=False)
    assert not res.tracked
    assert res.result.demand_flows is None
    with pytest.raises(CorridorError, match="track_od=True"):
        res.select_link("f1")
    with pytest.raises(CorridorError, match="track_od=True"):
        res.to_frame("od")
    ranked = res.to_dict()["bottlenecks"]
    assert ranked  # the Aktau queue delays even 1,000 TEU
    assert all("od_pairs" not in b for b in ranked)
    assert any("not tracked" in n for n in res.notes())
    tracked = assign_demand(net, demand, gap=1e-6)
    assert tracked.result.flow == pytest.approx(res.result.flow, rel=1e-9, abs=1e-9)


def test_to_frame_tables(net: Network) -> None:
    pd = pytest.importorskip("pandas")
    from corridor.assignment.bottlenecks import BOTTLENECK_COLUMNS  # noqa: PLC0415
    from corridor.assignment.corridor_results import OD_LINK_COLUMNS  # noqa: PLC0415
    from corridor.assignment.element_flows import (  # noqa: PLC0415
        LINK_FLOW_COLUMNS,
        NODE_FLOW_COLUMNS,
    )

    res = _jam(net)
    links = res.to_frame()
    assert isinstance(links, pd.DataFrame)
    assert tuple(links.columns) == LINK_FLOW_COLUMNS
    assert len(links) == len(res.links)
    f1 = links.set_index("id").loc["f1"]
    assert f1["flow_teu"] == pytest.approx(0.5 * DOSTYK_TEU_PER_DAY * 365)
    nodes = res.to_frame("nodes")
    assert tuple(nodes.columns) == NODE_FLOW_COLUMNS
    assert set(nodes["id"]) == {n.id for n in res.nodes}
    ranked = res.to_frame("bottlenecks")
    assert tuple(ranked.columns) == BOTTLENECK_COLUMNS
    assert list(ranked["rank"]) == list(range(1, len(ranked) + 1))
    assert ranked.iloc[0]["id"] == res.bottlenecks(1)[0].id
    od = res.to_frame("od")
    assert tuple(od.columns) == OD_LINK_COLUMNS
    # each pair's TEU on a real link equals the link's flow summed over the pairs
    per_link = od.groupby("link")["teu"].sum()
    for lf in res.links:
        if lf.flow_teu > 0:
            assert per_link[lf.id] == pytest.approx(lf.flow_teu, rel=1e-9)
    ferry = od[od["link"] == "f1"]
    assert list(zip(ferry["origin"], ferry["destination"], strict=True)) == [("xian", "baku")]
    assert ferry["share"].iloc[0] == pytest.approx(1.0)
    chosen = res.select_link_frame(["dostyk", "f1"])
    assert list(chosen.columns) == ["element", "origin", "destination", "teu", "share"]
    assert set(chosen["element"]) == {"dostyk", "f1"}
    with pytest.raises(CorridorError, match="table"):
        res.to_frame("paths")  # type: ignore[arg-type]


def test_summary_is_short_and_the_cli_renders_the_report(net: Network) -> None:
    res = _jam(net)
    text = str(res)
    assert text.startswith("Assignment on")
    assert "Worst bottleneck: " in text
    assert "Who uses" not in text  # the full report is the CLI's
    report = render_assignment(res, "table")
    assert "Who uses Dostyk" in report
    csv_text = render_assignment(res, "csv")
    header, *lines = csv_text.splitlines()
    assert header.split(",")[:3] == ["id", "name", "from_node"]
    assert len(lines) == len(res.links)
