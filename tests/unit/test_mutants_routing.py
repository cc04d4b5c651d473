"""Routing spots pinned by hand-computed values (see ``tools/mutation.py``).

Objective weights (value of time per day, carbon price per tonne), closing a link by id,
avoided countries (upper-cased, never touched), mode restrictions, the alternatives'
overlap limit (share of the shorter route, against every kept route) and the generalised
cost of a route.
"""

from __future__ import annotations

import numpy as np
import pytest

from corridor import network_from_geojson
from corridor.exceptions import NoRouteError
from corridor.network.compile import CostColumns, compile_network
from corridor.network.model import CargoClass, Link, Network, Node, Tariff
from corridor.planning import alternatives, route
from corridor.routing.constraints import Constraints
from corridor.routing.engine import allowed_vlinks, objective_weights
from corridor.testing import feature_properties, tiny_network_geojson


def _tiny(**links: float) -> Network:
    """The tiny network, plus rail_1435 links ``id=km`` from Xi'an to Urumqi."""
    g = tiny_network_geojson()
    for link_id, km in links.items():
        extra = dict(feature_properties(g, "r1"))
        extra.update(id=link_id, distance_km=km)
        g["features"].append({"type": "Feature", "geometry": None, "properties": extra})
    return network_from_geojson(g)


def test_generalized_weights_value_of_time_per_day_and_carbon_per_tonne() -> None:
    one = np.ones(1)
    costs = CostColumns(
        time_h=24.0 * one, money_usd=100.0 * one, co2_kg=1000.0 * one, distance_km=one
    )
    w = objective_weights(
        costs, "generalized", value_of_time_usd_per_day=240.0, carbon_usd_per_t=50.0
    )
    # 100 USD + one day at 240 USD/day + one tonne CO2 at 50 USD/t
    assert w == pytest.approx([100.0 + 240.0 + 50.0])


def test_route_generalized_cost_by_hand() -> None:
    r = route(_tiny(), "xian", "baku", optimize="time")
    # tariffs 5 x 100 + 0.5 x 7428 km, gauge change 329, border fee 2000 KZT at 500 = 4 USD
    assert r.cost_usd == pytest.approx(4214.0 + 329.0 + 4.0)
    # 7428 km at 40 km/h, border dwell mean 60 h, gauge change mean 3 h, ferry transfer 12 h
    assert r.hours == pytest.approx(7428.0 / 40.0 + 60.0 + 3.0 + 12.0)
    # 22 g/tkm on rail, 51.4 on the ferry, 20 t
    co2 = (7428.0 - 430.0) * 22.0 * 20.0 / 1000.0 + 430.0 * 51.4 * 20.0 / 1000.0
    assert r.co2_kg == pytest.approx(co2)
    cost = r.generalized_cost(value_of_time_usd_per_day=24.0, carbon_usd_per_t=100.0)
    assert cost == pytest.approx(r.cost_usd + r.hours + 100.0 * co2 / 1000.0)


def test_closing_a_link_by_id_removes_it() -> None:
    net = _tiny(r1_slow=3000.0)
    assert "r1" in route(net, "xian", "almaty", optimize="time").link_ids
    closed = route(net, "xian", "almaty", optimize="time", close=["r1"])
    assert "r1" not in closed.link_ids
    assert "r1_slow" in closed.link_ids
    with pytest.raises(NoRouteError):
        route(net, "xian", "almaty", close=["r1", "r1_slow"])


def test_closed_link_has_no_allowed_virtual_link() -> None:
    net = _tiny()
    compiled = compile_network(net)
    ok = allowed_vlinks(compiled, Constraints.build(net, close=["r3"]))
    r3 = [lk.id for lk in net.links].index("r3")
    on_r3 = compiled.graph.link == r3
    assert on_r3.any()
    assert not ok[on_r3].any()
    assert ok[~on_r3].all()


def test_avoided_country_codes_are_upper_cased() -> None:
    net = _tiny()
    c = Constraints.build(net, avoid_countries=[" az ", "Kz"])
    assert c.avoid_countries == frozenset({"AZ", "KZ"})
    with pytest.raises(NoRouteError):
        route(net, "xian", "baku", avoid_countries=["kz"])


def test_an_avoided_country_is_neither_entered_nor_left() -> None:
    net = _tiny()
    compiled = compile_network(net)
    ok = allowed_vlinks(compiled, Constraints.build(net, avoid_countries=["KZ"]))
    g = compiled.graph
    country = compiled.vertex_country
    assert not (ok & (country[g.tail] == "KZ")).any()
    assert not (ok & (country[g.head] == "KZ")).any()
    assert ok[(country[g.tail] != "KZ") & (country[g.head] != "KZ")].all()


def test_mode_restriction_allows_only_those_modes() -> None:
    net = _tiny()
    compiled = compile_network(net)
    ok = allowed_vlinks(compiled, Constraints.build(net, modes=["rail_1435"]))
    g = compiled.graph
    modes = np.array([lk.mode for lk in net.links])
    moving = g.link >= 0
    assert set(modes[g.link[ok & moving]]) == {"rail_1435"}
    with pytest.raises(NoRouteError):
        route(net, "xian", "almaty", modes=["rail_1435"])


def _diamond() -> Network:
    """A-B-D (200 km, best), A-B-C-D (400 km, shares A-B), A-D (600 km, shares nothing)."""

    def link(lid: str, a: str, b: str, km: float) -> Link:
        return Link(lid, a, b, "rail_1435", km, speed_kmh=50.0, tariff=Tariff(per_km=1.0))

    nodes = tuple(
        Node(nid, nid.upper(), "rail_terminal", "PL", lon, 52.0)
        for nid, lon in (("a", 14.0), ("b", 16.0), ("c", 18.0), ("d", 20.0))
    )
    links = (
        link("ab", "a", "b", 100.0),
        link("bd", "b", "d", 100.0),
        link("bc", "b", "c", 150.0),
        link("cd", "c", "d", 150.0),
        link("ad", "a", "d", 600.0),
    )
    return Network(
        nodes=nodes,
        links=links,
        cargo_classes=(CargoClass("FEU", "40 ft", 2.0, 20.0, 100_000.0, 1000.0),),
    )


def test_alternatives_overlap_is_a_share_of_the_shorter_route() -> None:
    # A-B-C-D shares A-B (100 km) with A-B-D (200 km): overlap 0.5 of the shorter route,
    # over the 0.4 limit; A-D shares nothing and is the only alternative
    found = alternatives(_diamond(), "a", "d", k=2, max_overlap=0.4, optimize="time")
    assert [set(r.link_ids) for r in found] == [{"ab", "bd"}, {"ad"}]


def test_alternatives_overlap_limit_holds_against_every_kept_route() -> None:
    found = alternatives(_diamond(), "a", "d", k=3, max_overlap=0.4, optimize="time")
    assert [set(r.link_ids) for r in found] == [{"ab", "bd"}, {"ad"}]
    loose = alternatives(_diamond(), "a", "d", k=3, max_overlap=0.5, optimize="time")
    assert {frozenset(r.link_ids) for r in loose} == {
        frozenset({"ab", "bd"}),
        frozenset({"ab", "bc", "cd"}),
        frozenset({"ad"}),
    }
