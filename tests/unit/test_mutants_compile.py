"""Absolute figures of compiled costs, computed by hand (CO2, money units, waits).

These pin values a plausible wrong implementation would miss (see ``tools/mutation.py``):
CO2 per tonne (not per TEU) and in kg, electric vs diesel factors, per-TEU vs per-FEU
charges, per-km tariffs, back-haul tariffs, TEU passage tolls and the mean wait for a
departure by random incidence.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from corridor.network.compile import compile_network, feu_units, service_wait_h
from corridor.network.defaults import (
    FEU_PAYLOAD_TONNES,
    RAIL_DIESEL_G_PER_TKM,
    RAIL_ELECTRIC_G_PER_TKM,
)
from corridor.network.distributions import Fixed, LogNormal, Triangular
from corridor.network.model import (
    CargoClass,
    Handling,
    Link,
    Money,
    Network,
    Node,
    Passage,
    Service,
    Tariff,
)
from corridor.planning import route

_FEU = CargoClass("FEU", "40 ft", 2.0, 20.0, 100_000.0, 1000.0)
_BULK = CargoClass("grain", "grain, per tonne", 0.0, 1.0, 300.0, 1.0, unit="tonne")


def _node(nid: str, lon: float, kind: str = "rail_terminal") -> Node:
    return Node(id=nid, name=nid.upper(), kind=kind, country="KZ", lon=lon, lat=45.0)  # type: ignore[arg-type]


def _rail_network() -> Network:
    """A --(1000 km, electric, FEU tariff)--> B --(500 km, diesel, TEU tariff)--> C."""
    links = (
        Link(
            id="ab",
            from_node="a",
            to_node="b",
            mode="rail_1520",
            distance_km=1000.0,
            speed_kmh=50.0,
            electrified=True,
            tariff=Tariff(fixed=100.0, per_km=0.5, unit="FEU"),
            tariff_reverse=Tariff(fixed=50.0, per_km=0.1, unit="FEU"),
        ),
        Link(
            id="bc",
            from_node="b",
            to_node="c",
            mode="rail_1520",
            distance_km=500.0,
            speed_kmh=50.0,
            electrified=False,
            tariff=Tariff(per_km=0.2, unit="TEU"),
        ),
    )
    return Network(
        nodes=(_node("a", 60.0), _node("b", 70.0), _node("c", 75.0)),
        links=links,
        cargo_classes=(_FEU, _BULK),
    )


def test_route_co2_is_grams_per_tonne_km_times_tonnes_in_kg() -> None:
    r = route(_rail_network(), "a", "c", optimize="time")
    # 1000 km electric at 12.5 g/tkm + 500 km diesel at 30 g/tkm, 20 t, in kg
    assert RAIL_ELECTRIC_G_PER_TKM == 12.5
    assert RAIL_DIESEL_G_PER_TKM == 30.0
    assert r.co2_kg == pytest.approx((1000 * 12.5 + 500 * 30.0) * 20 / 1000)  # 550 kg


def test_compiled_co2_columns_per_tonne_and_per_cargo() -> None:
    compiled = compile_network(_rail_network())
    per_t = sorted(x for x in compiled.co2_g_per_t if x > 0)
    assert per_t == pytest.approx([1000 * 12.5, 1000 * 12.5, 500 * 30.0, 500 * 30.0])
    grain = compiled.costs(_BULK)  # one tonne: grams / 1000
    assert sorted(x for x in grain.co2_kg if x > 0) == pytest.approx([12.5, 12.5, 15.0, 15.0])


def test_route_money_per_feu_and_per_teu() -> None:
    r = route(_rail_network(), "a", "c", optimize="time")
    # FEU tariff 100 + 0.5/km x 1000 km = 600 per FEU; TEU tariff 0.2/km x 500 km x 2 TEU
    assert r.cost_usd == pytest.approx(600.0 + 200.0)


def test_back_haul_tariff_applies_in_the_reverse_direction() -> None:
    r = route(_rail_network(), "c", "a", optimize="time")
    # back: 50 + 0.1 x 1000 = 150 per FEU; the TEU link has no reverse tariff: 200 again
    assert r.cost_usd == pytest.approx(150.0 + 200.0)


def test_handling_is_charged_on_loading_and_on_unloading() -> None:
    net = _rail_network()
    handling = Handling(Fixed(3.0), Money(40.0))
    nodes = tuple(replace(n, handling=handling) if n.id in {"a", "c"} else n for n in net.nodes)
    r = route(replace(net, nodes=nodes), "a", "c", optimize="time")
    # 1500 km at 50 km/h, plus 3 h and 40 USD at each end
    assert r.hours == pytest.approx(1500.0 / 50.0 + 2 * 3.0)
    assert r.cost_usd == pytest.approx(800.0 + 2 * 40.0)


def test_bulk_cargo_counts_feu_by_payload() -> None:
    assert feu_units(_FEU) == 1.0
    assert feu_units(CargoClass("TEU", "20 ft", 1.0, 10.0, 50_000.0, 500.0)) == 0.5
    assert feu_units(_BULK) == pytest.approx(1.0 / FEU_PAYLOAD_TONNES)
    compiled = compile_network(_rail_network())
    money = compiled.costs(_BULK).money_usd
    feu = 1.0 / FEU_PAYLOAD_TONNES
    assert sorted(x for x in money if x > 0) == pytest.approx(
        sorted([600.0 * feu, 150.0 * feu, 100.0 * 2 * feu, 100.0 * 2 * feu])
    )


def test_a_teu_passage_toll_is_charged_twice_per_feu() -> None:
    ship = Service(name="S", headway_h=Fixed(24.0))
    nodes = (
        _node("p", 30.0, "port"),
        Node(
            id="canal",
            name="Canal",
            kind="chokepoint",
            country="EG",
            lon=32.0,
            lat=30.0,
            passage=Passage(Fixed(10.0), Money(150.0), "TEU"),
        ),
        _node("q", 34.0, "port"),
    )
    links = tuple(
        Link(
            id=f"sea:{a}-{b}",
            from_node=a,
            to_node=b,
            mode="sea",
            distance_km=100.0,
            speed_kmh=25.0,
            service=ship,
        )
        for a, b in (("p", "canal"), ("canal", "q"))
    )
    net = Network(nodes=nodes, links=links, cargo_classes=(_FEU,))
    assert compile_network(net).toll_usd_per_feu.max() == pytest.approx(300.0)
    r = route(net, "p", "q", optimize="time")
    assert r.cost_usd == pytest.approx(300.0)


def test_wait_by_random_incidence_uses_the_headway_variance() -> None:
    # triangular(0, 12, 24): mean 12, variance 24, E[H^2] = 168; E[W] = 168 / 24 = 7
    assert service_wait_h(Service("T", headway_h=Triangular(0.0, 12.0, 24.0))) == pytest.approx(7.0)
    # log-normal mean 10, sd 10: E[H^2] = 200; E[W] = 200 / 20 = 10 (not 5)
    assert service_wait_h(Service("L", headway_h=LogNormal(10.0, 10.0))) == pytest.approx(10.0)
    # a fixed headway: half of it
    assert service_wait_h(Service("F", headway_h=Fixed(24.0))) == pytest.approx(12.0)


def test_timetable_wait_is_length_biased() -> None:
    # departures at 0 h and 24 h in a 168 h week: gaps 24 and 144; E[W] = (24^2 + 144^2) / 336
    svc = Service("W", weekly_departures_h=(0.0, 24.0))
    assert service_wait_h(svc) == pytest.approx((24.0**2 + 144.0**2) / 336.0)
