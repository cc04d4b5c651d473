"""Liner services as layers, passages, direction-dependent border dwell and customs unions."""

from __future__ import annotations

import numpy as np
import pytest

from corridor import network_from_geojson, network_to_geojson
from corridor.network.compile import compile_network
from corridor.network.distributions import Fixed, LogNormal, Mixture
from corridor.network.model import (
    Border,
    CargoClass,
    CustomsUnion,
    Link,
    Money,
    Network,
    Node,
    Passage,
    Service,
    Tariff,
    Transfer,
)
from corridor.planning import route
from corridor.reliability.components import route_components

_DELAY = Mixture((0.5, 0.5), (Fixed(0.0), LogNormal(120.0, 60.0)))
_AE = Service(
    name="AE1",
    headway_h=Fixed(168.0),
    kind="liner",
    call_h=Fixed(24.0),
    schedule_delay_h=_DELAY,
)
_FEEDER = Service(name="F1", headway_h=Fixed(168.0), kind="feeder")


def _node(nid: str, kind: str, cc: str, lon: float, **kw: object) -> Node:
    return Node(id=nid, name=nid.upper(), kind=kind, country=cc, lon=lon, lat=40.0, **kw)  # type: ignore[arg-type]


def _sea(a: str, b: str, km: float, service: Service | None = _AE) -> Link:
    return Link(
        id=f"sea:{a}-{b}:{service.name if service else 'plain'}",
        from_node=a,
        to_node=b,
        mode="sea",
        distance_km=km,
        speed_kmh=30.0,
        tariff=Tariff(per_km=0.1),
        service=service,
    )


def _rail(a: str, b: str, km: float, mode: str = "rail_1435") -> Link:
    return Link(
        id=f"rail:{a}-{b}",
        from_node=a,
        to_node=b,
        mode=mode,  # type: ignore[arg-type]
        distance_km=km,
        speed_kmh=40.0,
        tariff=Tariff(per_km=0.5),
    )


def _network() -> Network:
    port_rail = Transfer("rail_1435", "sea", "rail_ship", Fixed(12.0), Money(200.0))
    ship_ship = Transfer("sea", "sea", "ship_ship", Fixed(48.0), Money(100.0))
    nodes = (
        _node("sha", "port", "CN", 120.0),
        _node("sgp", "port", "SG", 100.0, transfers=(ship_ship,)),
        _node(
            "suez",
            "chokepoint",
            "EG",
            32.0,
            passage=Passage(Fixed(12.0), Money(150.0), "FEU"),
        ),
        _node(
            "rtm",
            "port",
            "NL",
            4.0,
            transfers=(port_rail,),
            border=Border(
                ("NL", "XX"),
                {"paper": Fixed(4.0)},
                dwell_h_by_direction={"XX>NL": {"paper": Fixed(10.0)}},
            ),
        ),
        _node("ham", "port", "DE", 10.0),
        _node(
            "emm",
            "border_crossing",
            "DE",
            6.0,
            border=Border(("DE", "NL"), {"paper": Fixed(1.0)}),
        ),
        _node("dui", "rail_terminal", "DE", 7.0),
        _node(
            "ffo",
            "border_crossing",
            "DE",
            14.5,
            border=Border(("DE", "PL"), {"paper": Fixed(0.5)}),
        ),
        _node(
            "brest",
            "border_crossing",
            "PL",
            23.0,
            transfers=(Transfer("rail_1520", "rail_1435", "gauge_change", Fixed(4.0)),),
            border=Border(
                ("BY", "PL"),
                {"paper": Fixed(20.0)},
                dwell_h_by_direction={
                    "BY>PL": {"paper": Fixed(48.0)},
                    "PL>BY": {"paper": Fixed(6.0)},
                },
            ),
        ),
        _node("msq", "city", "BY", 27.0),
        _node("pir", "port", "GR", 23.5),
    )
    links = (
        _sea("sha", "sgp", 4000.0),
        _sea("sgp", "suez", 8000.0),
        _sea("suez", "rtm", 6000.0),
        _sea("rtm", "ham", 500.0),
        _sea("sgp", "pir", 9000.0, _FEEDER),
        _rail("rtm", "emm", 150.0),
        _rail("emm", "dui", 50.0),
        _rail("dui", "ffo", 600.0),
        _rail("ffo", "brest", 500.0),
        _rail("brest", "msq", 350.0, "rail_1520"),
    )
    return Network(
        nodes=nodes,
        links=links,
        cargo_classes=(CargoClass("FEU", "40 ft", 2.0, 20.0, 100_000.0, 1000.0),),
        customs_unions=(CustomsUnion("EU", "European Union", frozenset({"NL", "DE", "PL"})),),
    )


def test_a_liner_rotation_charges_calls_and_passage_but_no_wait_at_the_origin() -> None:
    r = route(_network(), "sha", "ham", optimize="time")
    kinds = [leg.kind for leg in r.legs]
    # boards at Shanghai without a wait, calls at Singapore and Rotterdam, passes Suez
    assert "wait" not in kinds
    assert [leg.from_id for leg in r.legs if leg.kind == "call"] == ["sgp", "rtm"]
    passage = [leg for leg in r.legs if leg.kind == "passage"]
    assert len(passage) == 1
    assert passage[0].hours == pytest.approx(12.0)
    assert passage[0].cost_usd == pytest.approx(150.0)
    # the schedule delay comes once, on alighting at Hamburg
    delays = [leg for leg in r.legs if leg.kind == "delay"]
    assert len(delays) == 1
    assert delays[0].hours == pytest.approx(60.0)
    running = (4000 + 8000 + 6000 + 500) / 30.0
    assert r.hours == pytest.approx(running + 24 + 24 + 12 + 60)
    assert r.services == ("AE1",)
    # staying aboard through Rotterdam's water side is not a customs passage
    assert r.customs_frontiers == 0


def test_transshipment_between_services_waits_for_the_connection() -> None:
    r = route(_network(), "sha", "pir", optimize="time")
    assert r.services == ("AE1", "F1")
    tr = [leg for leg in r.legs if leg.kind == "transfer"]
    assert [t.note for t in tr] == ["ship ship"]
    wait = [leg for leg in r.legs if leg.kind == "wait"]
    assert len(wait) == 1
    assert wait[0].service == "F1"
    assert wait[0].hours == pytest.approx(84.0)  # half a fixed weekly headway
    # the first service's schedule delay is paid on alighting at the hub
    assert [d.from_id for d in r.legs if d.kind == "delay"] == ["sgp"]


def test_landing_at_a_port_of_entry_is_a_customs_frontier_in_its_direction() -> None:
    r = route(_network(), "sha", "dui", optimize="time")
    borders = [leg for leg in r.legs if leg.kind == "border"]
    assert [(b.from_id, b.direction, b.customs) for b in borders] == [
        ("rtm", "XX>NL", "frontier"),
        ("emm", "NL>DE", "internal"),
    ]
    assert borders[0].hours == pytest.approx(10.0)
    assert r.customs_frontiers == 1
    assert r.internal_borders == 1


def test_border_dwell_depends_on_the_direction() -> None:
    net = _network()
    west = route(net, "msq", "dui", optimize="time")
    east = route(net, "dui", "msq", optimize="time")
    w = next(g for g in west.legs if g.kind == "border" and g.from_id == "brest")
    e = next(g for g in east.legs if g.kind == "border" and g.from_id == "brest")
    assert w.direction == "BY>PL"
    assert w.hours == pytest.approx(48.0)
    assert e.direction == "PL>BY"
    assert e.hours == pytest.approx(6.0)
    assert w.customs == e.customs == "frontier"
    assert west.hours - east.hours == pytest.approx(42.0)
    assert (west.customs_frontiers, west.internal_borders) == (1, 1)
    # the Monte Carlo samples the same directional dwell
    comps = [c for c in route_components(west, net) if c.kind == "border"]
    assert [c.dist for c in comps] == [Fixed(48.0), Fixed(0.5)]


def test_components_of_a_liner_route_include_calls_passage_and_schedule_delay() -> None:
    net = _network()
    r = route(net, "sha", "ham", optimize="time")
    kinds = [c.kind for c in route_components(r, net)]
    assert kinds.count("call") == 2
    assert kinds.count("passage") == 1
    assert kinds.count("schedule") == 1
    assert "wait" not in kinds


def test_closing_the_canal_closes_the_service_through_it() -> None:
    from corridor.exceptions import NoRouteError  # noqa: PLC0415

    with pytest.raises(NoRouteError):
        route(_network(), "sha", "ham", close=["suez"])


def test_compiled_parts_add_up_to_the_time_column() -> None:
    c = compile_network(_network())
    parts = c.border_h + c.wait_h + c.call_h + c.passage_h + c.delay_h
    assert np.all(parts <= c.time_h + 1e-9)
    assert c.customs_frontier.sum() >= 1
    assert not np.any(c.customs_frontier & ~c.border)


def test_new_fields_round_trip_through_geojson() -> None:
    net = _network()
    back = network_from_geojson(network_to_geojson(net), validate=False)
    assert back.node("suez").passage == net.node("suez").passage
    assert back.node("brest").border == net.node("brest").border
    assert back.link("sea:sha-sgp:AE1").service == _AE
    assert back.customs_unions == net.customs_unions


def test_mixture_moments_and_samples() -> None:
    m = _DELAY
    assert m.mean == pytest.approx(60.0)
    # E[X^2] = 0.5 * (60^2 + 120^2) = 9000; var = 9000 - 3600
    assert m.variance == pytest.approx(5400.0)
    x = m.sample(np.random.default_rng(1), 200_000)
    assert float(np.mean(x == 0.0)) == pytest.approx(0.5, abs=0.01)
    assert float(np.mean(x)) == pytest.approx(60.0, rel=0.02)
    with pytest.raises(ValueError, match="sum to 1"):
        Mixture((0.5, 0.6), (Fixed(0.0), Fixed(1.0)))


def test_the_test_network_is_valid() -> None:
    from corridor.network.validate import validate_network  # noqa: PLC0415

    assert validate_network(_network(), connectivity=False) == []


def _with_regimes() -> Network:
    from dataclasses import replace  # noqa: PLC0415

    from corridor.network.model import OperatingRegime  # noqa: PLC0415

    cape = (
        _sea("sha", "sgp", 4000.0, _CAPE),
        _sea("sgp", "cape", 11000.0, _CAPE),
        _sea("cape", "rtm", 11000.0, _CAPE),
        _sea("rtm", "ham", 500.0, _CAPE),
    )
    net = _network()
    return replace(
        net,
        nodes=(*net.nodes, _node("cape", "chokepoint", "XX", 18.0)),
        links=(*net.links, *cape),
        regimes=(
            OperatingRegime(
                "sea-2023",
                "pre-crisis",
                "sea_rates",
                valid_from="2023-01-01",
                valid_to="2023-12-14",
            ),
            OperatingRegime(
                "sea-2024",
                "Red Sea crisis",
                "sea_rates",
                valid_from="2023-12-15",
                tariff_factor={"sea": 4.0},
                closed=("suez",),
            ),
            OperatingRegime("scheduled", "block train", "rail_operations", default=True),
            OperatingRegime(
                "congested", "2022 congestion", "rail_operations", dwell_factor={"PL": 3.0}
            ),
        ),
    )


_CAPE = Service(name="AE-Cape", headway_h=Fixed(168.0), kind="liner", call_h=Fixed(24.0))


def test_sea_regime_by_date_closes_suez_and_raises_rates() -> None:
    from corridor.network.regimes import RegimeError  # noqa: PLC0415

    net = _with_regimes()
    before = route(net, "sha", "ham", optimize="time", date="2023-06-01")
    during = route(net, "sha", "ham", optimize="time", date="2024-06-01")
    latest = route(net, "sha", "ham", optimize="time")
    assert before.regimes["sea_rates"] == "sea-2023"
    assert "AE1" in before.services
    assert during.regimes["sea_rates"] == latest.regimes["sea_rates"] == "sea-2024"
    assert during.services[0] == "AE-Cape"
    sea_cost = sum(g.cost_usd for g in during.legs if g.kind == "move")
    assert sea_cost == pytest.approx(4.0 * 0.1 * (4000 + 11000 + 11000 + 500))
    with pytest.raises(RegimeError, match="no sea-rate regime covers it"):
        route(net, "sha", "ham", date="2019-01-01")
    with pytest.raises(RegimeError, match="not a date"):
        route(net, "sha", "ham", date="June 2024")
    # the base network is unchanged
    assert len(net.links) == len(_with_regimes().links)


def test_rail_operating_regime_scales_dwell_and_is_applied_once() -> None:
    from corridor.network.regimes import RegimeError, apply_regime_ids  # noqa: PLC0415
    from corridor.reliability.simulate import simulate_route  # noqa: PLC0415

    net = _with_regimes()
    normal = route(net, "msq", "dui", optimize="time")
    jam = route(net, "msq", "dui", optimize="time", operations="congested")
    assert jam.regimes["rail_operations"] == "congested"
    b = next(g for g in jam.legs if g.kind == "border" and g.from_id == "brest")
    assert b.hours == pytest.approx(3 * 48.0)
    assert jam.hours - normal.hours == pytest.approx(2 * 48.0 + 2 * 4.0)
    # simulating on the base network applies the route's regimes, once
    sim = simulate_route(net, jam, samples=1000, seed=1)
    assert float(np.mean(sim.totals_h)) == pytest.approx(jam.hours)
    twice = apply_regime_ids(
        apply_regime_ids(net, sea_rates=None, rail_operations="congested").network,
        sea_rates=None,
        rail_operations="congested",
    ).network
    assert twice.node("brest").border == jam_border(net)
    with pytest.raises(RegimeError, match="unknown rail operating regime"):
        route(net, "msq", "dui", operations="chaos")


def jam_border(net: Network) -> Border | None:
    from corridor.network.regimes import apply_regime_ids  # noqa: PLC0415

    return (
        apply_regime_ids(net, sea_rates=None, rail_operations="congested")
        .network.node("brest")
        .border
    )


def test_back_haul_tariff_applies_against_the_link_direction() -> None:
    from dataclasses import replace  # noqa: PLC0415

    net = _network()
    links = tuple(
        replace(lk, tariff_reverse=Tariff(per_km=0.04)) if lk.service == _AE else lk
        for lk in net.links
    )
    net = replace(net, links=links)
    west = route(net, "sha", "ham", optimize="time")
    east = route(net, "ham", "sha", optimize="time")
    km = 4000 + 8000 + 6000 + 500
    assert sum(g.cost_usd for g in west.legs if g.kind == "move") == pytest.approx(0.1 * km)
    assert sum(g.cost_usd for g in east.legs if g.kind == "move") == pytest.approx(0.04 * km)
    back = network_from_geojson(network_to_geojson(net), validate=False)
    assert back.link("sea:sha-sgp:AE1").tariff_reverse == Tariff(per_km=0.04)


def test_a_regime_replaces_the_liner_schedule_delay() -> None:
    from dataclasses import replace  # noqa: PLC0415

    from corridor.network.model import OperatingRegime  # noqa: PLC0415

    punctual = Mixture((0.65, 0.35), (Fixed(0.0), LogNormal(117.0, 60.0)))
    net = _with_regimes()
    regimes = tuple(
        replace(g, schedule_delay_h={"liner": punctual}) if g.id == "sea-2023" else g
        for g in net.regimes
    )
    net = replace(net, regimes=regimes)
    r = route(net, "sha", "ham", optimize="time", date="2023-03-01")
    delay = next(g for g in r.legs if g.kind == "delay")
    assert delay.hours == pytest.approx(0.35 * 117.0)
    back = network_from_geojson(network_to_geojson(net), validate=False)
    assert back.regimes == net.regimes
    assert isinstance(back.regimes[0], OperatingRegime)


def _with_back_haul(reverse: dict[str, float]) -> Network:
    from dataclasses import replace  # noqa: PLC0415

    net = _with_regimes()
    links = tuple(
        replace(lk, tariff_reverse=Tariff(per_km=0.04)) if lk.service == _CAPE else lk
        for lk in net.links
    )
    regimes = tuple(
        replace(g, tariff_reverse_factor=reverse) if g.id == "sea-2024" else g for g in net.regimes
    )
    return replace(net, links=links, regimes=regimes)


@pytest.mark.parametrize(
    ("reverse", "factor"),
    [
        ({}, 4.0),  # no key: the head-haul factor applies
        ({"sea": 1.5}, 1.5),  # by mode
        ({"AE-Cape": 1.2, "sea": 1.5}, 1.2),  # by service name first
        ({"AE1": 2.0}, 4.0),  # another service's key: falls back to tariff_factor
        ({"*": 1.1}, 1.1),
    ],
)
def test_back_haul_regime_factor_falls_back_to_the_head_haul_one(
    reverse: dict[str, float], factor: float
) -> None:
    net = _with_back_haul(reverse)
    km = 4000 + 11000 + 11000 + 500
    west = route(net, "sha", "ham", optimize="time", date="2024-06-01")
    east = route(net, "ham", "sha", optimize="time", date="2024-06-01")
    assert east.services == ("AE-Cape",)
    assert sum(g.cost_usd for g in west.legs if g.kind == "move") == pytest.approx(4.0 * 0.1 * km)
    assert sum(g.cost_usd for g in east.legs if g.kind == "move") == pytest.approx(
        factor * 0.04 * km
    )
    back = network_from_geojson(network_to_geojson(net), validate=False)
    assert back.regimes == net.regimes


@pytest.mark.parametrize(
    ("speed", "slowed"),
    [
        # by the country of the from-node (ffo is in DE, brest in PL)
        ({"DE": 2.0}, dict.fromkeys(("rail:emm-dui", "rail:dui-ffo", "rail:ffo-brest"), 2.0)),
        # ISO:mode before ISO
        (
            {"DE:rail_1435": 2.0, "DE": 3.0, "PL:rail_1435": 5.0},
            dict.fromkeys(("rail:emm-dui", "rail:dui-ffo", "rail:ffo-brest"), 2.0),
        ),
        ({"rail_1520": 1.5}, {"rail:brest-msq": 1.5}),
        # every land link, no sea link
        (
            {"*": 1.25},
            dict.fromkeys(
                (
                    "rail:rtm-emm",
                    "rail:emm-dui",
                    "rail:dui-ffo",
                    "rail:ffo-brest",
                    "rail:brest-msq",
                ),
                1.25,
            ),
        ),
    ],
)
def test_rail_regime_speed_factor_slows_land_links_only(
    speed: dict[str, float], slowed: dict[str, float]
) -> None:
    from dataclasses import replace  # noqa: PLC0415

    from corridor.network.regimes import apply_regime_ids  # noqa: PLC0415

    base = _with_regimes()
    links = tuple(
        replace(lk, speed_kmh=None, duration_h=Fixed(10.0)) if lk.id == "rail:emm-dui" else lk
        for lk in base.links
    )
    regimes = tuple(
        replace(g, speed_factor=speed) if g.id == "congested" else g for g in base.regimes
    )
    net = replace(base, links=links, regimes=regimes)
    jam = apply_regime_ids(net, sea_rates=None, rail_operations="congested").network
    for lk in net.links:
        new = jam.link(lk.id)
        f = slowed.get(lk.id, 1.0)
        if lk.duration_h is not None:
            assert new.duration_h == lk.duration_h.scaled(f)
            assert new.speed_kmh is None
        else:
            assert new.speed_kmh == pytest.approx(lk.speed_kmh / f)  # type: ignore[operator]
    assert all(jam.link(lk.id) == lk for lk in net.links if lk.mode == "sea")
    normal = route(net, "dui", "brest", optimize="time")
    slow = route(net, "dui", "brest", optimize="time", operations="congested")
    moves = {f"rail:{g.from_id}-{g.to_id}": g.hours for g in slow.legs if g.kind == "move"}
    assert moves["rail:dui-ffo"] == pytest.approx(slowed.get("rail:dui-ffo", 1.0) * 600 / 40)
    assert slow.hours >= normal.hours
    back = network_from_geojson(network_to_geojson(net), validate=False)
    assert back.regimes == net.regimes
