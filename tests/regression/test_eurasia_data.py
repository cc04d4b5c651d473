"""Integrity of the embedded Eurasian network: places, reachability, distances, provenance."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import numpy as np
import pytest

from corridor import Network, eurasia, resolve_place, validate_network
from corridor.data import network_schema
from corridor.network.geo import great_circle_km
from corridor.network.validate import reachability

CHINESE_ORIGINS = ["Xi'an", "Chongqing", "Chengdu", "Zhengzhou", "Wuhan", "Yiwu", "Urumqi"]
CHINESE_PORTS = ["Shanghai", "Ningbo", "Yantian", "Qingdao", "Tianjin", "Lianyungang"]
EUROPEAN_PLACES = [
    "Duisburg",
    "Hamburg",
    "Warsaw",
    "Łódź",
    "Prague",
    "Budapest",
    "Vienna",
    "Milan",
    "Madrid",
    "Istanbul",
    "Rotterdam",
    "Antwerp",
    "Piraeus",
    "Constanța",
    "Ambarli",
    "Mersin",
]
MIDDLE_CORRIDOR = [
    "Aktau",
    "Kuryk",
    "Alat",
    "Baku",
    "Turkmenbashi",
    "Tbilisi",
    "Akhalkalaki",
    "Kars",
    "Poti",
    "Batumi",
    "Burgas",
    "Tashkent",
    "Saryagash",
    "Dostyk",
    "Khorgos",
    "Brest",
    "Sarakhs",
    "Tehran",
]
CHOKEPOINTS = ["suez", "bab_el_mandeb", "cape_good_hope", "malacca", "bosphorus", "gibraltar"]


@pytest.fixture(scope="module")
def net() -> Network:
    return eurasia()


def test_loads_without_errors_or_warnings(net: Network) -> None:
    assert validate_network(net) == []
    assert len(net.nodes) >= 80
    assert len(net.links) >= 120


def test_file_validates_against_the_json_schema() -> None:
    text = resources.files("corridor.data").joinpath("eurasia.geojson").read_text("utf-8")
    jsonschema.validate(json.loads(text), network_schema())


@pytest.mark.parametrize(
    "name", CHINESE_ORIGINS + CHINESE_PORTS + EUROPEAN_PLACES + MIDDLE_CORRIDOR
)
def test_required_places_exist(net: Network, name: str) -> None:
    assert resolve_place(net, name)


@pytest.mark.parametrize("node_id", CHOKEPOINTS)
def test_chokepoints_are_nodes_with_stable_ids(net: Network, node_id: str) -> None:
    assert net.node(node_id).kind == "chokepoint"


def test_every_place_reachable_from_every_chinese_origin(net: Network) -> None:
    ids, reach = reachability(net)
    row = {pid: i for i, pid in enumerate(ids)}
    for name in CHINESE_ORIGINS + CHINESE_PORTS:
        origin = resolve_place(net, name).id
        unreachable = [ids[j] for j in np.flatnonzero(~reach[row[origin]])]
        assert unreachable == [], f"{origin} cannot reach {unreachable}"


def test_all_modes_are_used(net: Network) -> None:
    assert {lk.mode for lk in net.links} >= {"rail_1435", "rail_1520", "road", "sea", "ferry"}


def test_rail_and_sea_distances_are_network_distances(net: Network) -> None:
    links = [lk for lk in net.links if lk.mode in ("rail_1435", "rail_1520", "sea")]
    a = [net.node(lk.from_node) for lk in links]
    b = [net.node(lk.to_node) for lk in links]
    gc = great_circle_km(
        np.array([n.lon for n in a]),
        np.array([n.lat for n in a]),
        np.array([n.lon for n in b]),
        np.array([n.lat for n in b]),
    )
    km = np.array([lk.distance_km for lk in links])
    ratio = km / np.maximum(gc, 1e-9)
    bad = [
        f"{lk.id}: {d:.0f} km vs {g:.0f} km great-circle (x{r:.2f})"
        for lk, d, g, r in zip(links, km, gc, ratio, strict=True)
        if not 1.0 <= r <= 2.0
    ]
    assert bad == []


def _missing_provenance(net: Network) -> list[str]:
    missing: list[str] = []

    def need(owner: str, prov: object, key: str) -> None:
        assert isinstance(prov, dict)
        if key not in prov:
            missing.append(f"{owner}: {key}")

    for lk in net.links:
        p = dict(lk.provenance)
        need(lk.id, p, "distance_km")
        need(lk.id, p, "duration_h" if lk.duration_h is not None else "speed_kmh")
        for key in ("tariff", "capacity", "emission_g_per_tkm", "service"):
            if getattr(lk, key) is not None:
                need(lk.id, p, key)
    for node in net.nodes:
        need(node.id, dict(node.provenance), "coordinates")
        for i, tr in enumerate(node.transfers):
            tp = dict(tr.provenance)
            need(f"{node.id}.transfers[{i}]", tp, "time_h")
            for key in ("cost", "capacity"):
                if getattr(tr, key) is not None:
                    need(f"{node.id}.transfers[{i}]", tp, key)
        if node.border is not None:
            bp = dict(node.border.provenance)
            for regime in node.border.dwell_h:
                need(f"{node.id}.border", bp, f"dwell_h.{regime}")
            if node.border.fee is not None:
                need(f"{node.id}.border", bp, "fee")
        if node.closures is not None:
            for key in ("monthly_probability", "delay_h"):
                need(f"{node.id}.closures", dict(node.closures.provenance), key)
        if node.handling is not None:
            hp = dict(node.handling.provenance)
            need(f"{node.id}.handling", hp, "time_h")
            if node.handling.cost is not None:
                need(f"{node.id}.handling", hp, "cost")
    for cargo in net.cargo_classes:
        for key in ("tonnes", "value_usd", "value_of_time_usd_per_day"):
            need(f"cargo {cargo.id}", dict(cargo.provenance), key)
    if net.fx.rates and net.fx.provenance is None:
        missing.append("fx: rates")
    return missing


def test_every_figure_has_provenance(net: Network) -> None:
    assert _missing_provenance(net) == []


def test_measured_distances_name_their_graph(net: Network) -> None:
    for lk in net.links:
        p = lk.provenance["distance_km"]
        if p.kind == "measured":
            assert any(g in p.source for g in ("world_railways", "marnet", "world_highways")), lk.id


def test_most_rail_and_sea_distances_are_measured(net: Network) -> None:
    kinds = [
        lk.provenance["distance_km"].kind
        for lk in net.links
        if lk.mode in ("rail_1435", "rail_1520", "sea")
    ]
    assert kinds.count("measured") / len(kinds) >= 0.6


def test_gauge_breaks_where_the_world_has_them(net: Network) -> None:
    for name in ("Dostyk", "Khorgos", "Brest", "Akhalkalaki", "Sarakhs"):
        node = resolve_place(net, name)
        kinds = {t.kind for t in node.transfers}
        assert "gauge_change" in kinds, node.id


def test_cargo_classes(net: Network) -> None:
    assert {c.id for c in net.cargo_classes} >= {"TEU", "FEU", "bulk_grain", "liquid_energy"}
    feu, teu = net.cargo("FEU"), net.cargo("TEU")
    assert feu.teu == 2 * teu.teu
    assert feu.value_usd > teu.value_usd


def test_attribution_names_openstreetmap(net: Network) -> None:
    assert net.attribution is not None
    assert "OpenStreetMap" in net.attribution
    assert "ODbL" in net.attribution


def test_caspian_ports_close_in_winter(net: Network) -> None:
    kuryk = net.node("kuryk").closures
    assert kuryk is not None
    assert kuryk.probability(12) == 0.5
    assert kuryk.probability(7) < 0.1
    for port in ("aktau", "alat", "turkmenbashi"):
        closures = net.node(port).closures
        assert closures is not None
        assert closures.probability(12) > closures.probability(7)


@pytest.mark.parametrize("node_id", ["dostyk", "khorgos"])
def test_average_regime_scales_cn_kz_dwell_by_direction(net: Network, node_id: str) -> None:
    """CPMM all-traffic border times differ by direction; so do the regime's factors."""
    from corridor.network.regimes import apply_regime_ids  # noqa: PLC0415

    base = net.node(node_id).border
    assert base is not None
    avg = apply_regime_ids(net, sea_rates=None, rail_operations="average").network
    border = avg.node(node_id).border
    assert border is not None
    west = border.dwell_h_by_direction["CN>KZ"]["paper"].mean
    east = border.dwell_h_by_direction["KZ>CN"]["paper"].mean
    # westbound: PRC outbound 14.0 h + KZ inbound 61.8 h; eastbound: 11.4 h + 16.3 h
    assert west == pytest.approx(75.8, abs=0.5)
    assert east == pytest.approx(27.7, abs=0.5)
    # the both-ways dwell and the gauge change keep the node's factor
    assert border.dwell_h["paper"].mean == pytest.approx(base.dwell_h["paper"].mean * 4.75)
    gauge = next(t for t in avg.node(node_id).transfers if t.kind == "gauge_change")
    gauge0 = next(t for t in net.node(node_id).transfers if t.kind == "gauge_change")
    assert gauge.time_h.mean == pytest.approx(gauge0.time_h.mean * 4.75)
