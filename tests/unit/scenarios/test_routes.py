"""Scenarios change what routing, assignment and demand see."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import corridor
from corridor.assignment.demand import Demand, DemandRow
from corridor.exceptions import NoRouteError
from corridor.network.model import Network
from corridor.scenarios import (
    ScenarioError,
    apply_scenario,
    grow_demand,
    load_scenario,
    parse_scenario,
)

HEAD = 'name = "t"\ndescription = "test"\n'
PAIRS = [
    ("Shanghai", "Rotterdam"),
    ("Shanghai", "Piraeus"),
    ("Shenzhen", "Hamburg"),
    ("Ningbo", "Antwerp"),
]


@pytest.fixture(scope="module")
def base() -> Network:
    return corridor.eurasia()


@pytest.mark.parametrize(("origin", "destination"), PAIRS)
@pytest.mark.parametrize("optimize", ["time", "cost", "generalized"])
def test_closing_suez_never_routes_via_suez(
    base: Network, origin: str, destination: str, optimize: str
) -> None:
    net = apply_scenario(base, parse_scenario(HEAD + '[[close]]\nchokepoints = ["suez"]\n'))
    # pre-crisis rates: Suez open in the base, and the best sea route uses it
    before = corridor.route(base, origin, destination, date="2023-06-01", modes="sea")
    assert "suez" in before.chokepoints
    comparison = corridor.compare(net, origin, destination, date="2023-06-01", optimize=optimize)  # type: ignore[arg-type]
    for r in (*comparison.options, *(a.route for a in comparison.implausible)):
        assert "suez" not in r.chokepoints
        assert "suez" not in {leg.to_id for leg in r.legs}


def test_red_sea_closure_moves_shanghai_rotterdam_off_suez(base: Network) -> None:
    net = apply_scenario(base, "red-sea-closure")
    before = corridor.route(base, "Shanghai", "Rotterdam", date="2023-06-01", modes="sea")
    after = corridor.route(net, "Shanghai", "Rotterdam", date="2023-06-01", modes="sea")
    assert before.corridor == "sea_suez"
    assert after.corridor == "sea_cape"
    assert after.days > before.days
    assert after.cost_usd > before.cost_usd
    best = corridor.route(net, "Shanghai", "Rotterdam", date="2023-06-01")
    assert best.corridor != "sea_suez"


def test_red_sea_closure_rates_exceed_the_latest_regime(base: Network) -> None:
    latest = corridor.route(base, "Shanghai", "Rotterdam", modes="sea")
    crisis = corridor.route(
        apply_scenario(base, "red-sea-closure"), "Shanghai", "Rotterdam", modes="sea"
    )
    assert crisis.cost_usd > latest.cost_usd


@pytest.mark.parametrize(
    ("origin", "destination"),
    [("Xi'an", "Duisburg"), ("Chengdu", "Warsaw"), ("Chongqing", "Duisburg"), ("Xi'an", "Hamburg")],
)
def test_northern_sanctions_no_ru_by_node_in_any_route(
    base: Network, origin: str, destination: str
) -> None:
    net = apply_scenario(base, "northern-sanctions")
    comparison = corridor.compare(net, origin, destination)
    assert comparison.options
    for r in (*comparison.options, *(a.route for a in comparison.implausible)):
        assert not {"RU", "BY"} & set(r.countries)
        nodes = {leg.from_id for leg in r.legs} | {leg.to_id for leg in r.legs}
        assert not {n for n in nodes if net.has_node(n) and net.node(n).country in {"RU", "BY"}}


def test_closed_country_origin_has_no_route(base: Network) -> None:
    net = apply_scenario(base, "northern-sanctions")
    with pytest.raises(NoRouteError):
        corridor.route(net, "Moscow", "Duisburg")


def test_digital_borders_shorten_border_waits(base: Network) -> None:
    net = apply_scenario(base, "digital-borders")
    assert all(n.border.regime == "digital" for n in net.nodes if n.border is not None)
    before = corridor.route(base, "Xi'an", "Duisburg", optimize="time", avoid_countries="RU,BY")
    after = corridor.route(net, "Xi'an", "Duisburg", optimize="time", avoid_countries="RU,BY")
    assert after.days < before.days


def test_caspian_winter_slows_the_middle_corridor(base: Network) -> None:
    net = apply_scenario(base, "caspian-winter")
    opts = {"optimize": "time", "via": "Alat"}
    before = corridor.route(base, "Xi'an", "Baku", **opts)  # type: ignore[arg-type]
    after = corridor.route(net, "Xi'an", "Baku", **opts)  # type: ignore[arg-type]
    assert after.days > before.days + 3


def test_middle_corridor_2030_speeds_kazakhstan(base: Network) -> None:
    net = apply_scenario(base, "middle-corridor-2030")
    assert net.link("rail:dostyk-aktogay").speed_kmh == 62.5
    aktau = net.node("aktau").transfers[0].capacity
    assert aktau is not None
    assert (aktau.value, aktau.unit) == (240_000, "teu_per_year")
    before = corridor.route(base, "Xi'an", "Baku", optimize="time")
    after = corridor.route(net, "Xi'an", "Baku", optimize="time")
    assert after.days < before.days


def test_scenarios_apply_in_order(base: Network) -> None:
    one = apply_scenario(base, ["digital-borders", "northern-sanctions"])
    two = apply_scenario(apply_scenario(base, "digital-borders"), "northern-sanctions")
    assert one == two


def test_tariff_set_with_currency_and_fx(base: Network) -> None:
    s = parse_scenario(
        HEAD + "[fx]\nrates = { EUR = 1.0 }\nestimate = true\n\n"
        '[[tariff]]\nlinks = ["rail:dostyk-aktogay"]\nfixed = 100\nper_km = 1\n'
        'currency = "EUR"\nestimate = true\n'
    )
    net = apply_scenario(base, s)
    link = net.link("rail:dostyk-aktogay")
    assert link.tariff is not None
    assert (link.tariff.fixed, link.tariff.per_km, link.tariff.currency) == (100, 1, "EUR")
    assert net.fx.rates["EUR"] == 1.0
    assert base.fx.rates["EUR"] != 1.0


def test_tariff_in_a_currency_without_rate_is_refused(base: Network) -> None:
    s = parse_scenario(
        HEAD + '[[tariff]]\nlinks = ["rail:dostyk-aktogay"]\nfixed = 1\ncurrency = "XYZ"\n'
        "estimate = true\n"
    )
    with pytest.raises(ScenarioError, match="no exchange rate for XYZ"):
        apply_scenario(base, s)


def test_value_of_time_and_rail_regime(base: Network) -> None:
    s = parse_scenario(
        HEAD + '[regimes]\nrail_operations = "congested"\n\n'
        '[[value_of_time]]\ncargo = "FEU"\nusd_per_day = 500\nestimate = true\n'
    )
    net = apply_scenario(base, s)
    assert net.cargo("FEU").value_of_time_usd_per_day == 500
    assert [g.id for g in net.regimes if g.default] == ["congested"]


def test_add_node_link_and_service(base: Network) -> None:
    s = parse_scenario(
        HEAD + '[sources]\nplan = "a plan"\n\n'
        '[[add.node]]\nid = "new_port"\nname = "New Port"\nkind = "port"\ncountry = "KZ"\n'
        'lon = 51.0\nlat = 44.0\nsource = "plan"\n\n'
        '[[add.link]]\nid = "rail:new"\nfrom = "mangyshlak"\nto = "new_port"\n'
        'mode = "rail_1520"\ndistance_km = 40\nspeed_kmh = 40\nsource = "plan"\n\n'
        '[[add.transfer]]\nnode = "new_port"\nfrom_mode = "rail_1520"\nto_mode = "ferry"\n'
        'kind = "rail_ship"\ntime_h = 6\nsource = "plan"\n\n'
        '[[add.service]]\nname = "New ferry"\nmode = "ferry"\ncalls = ["new_port", "alat"]\n'
        'distance_km = 420\nspeed_kmh = 25\nsailings_per_week = 7\nsource = "plan"\n'
    )
    net = apply_scenario(base, s)
    assert net.node("new_port").transfers[0].kind == "rail_ship"
    assert net.link("New ferry:1").service is not None
    r = corridor.route(net, "Xi'an", "Baku", optimize="time", via="New Port")
    assert "New ferry" in r.services
    assert net.node("new_port").provenance["lon"].source == "a plan"


def test_add_with_unknown_endpoint_is_listed(base: Network) -> None:
    s = parse_scenario(
        HEAD + '[[add.link]]\nid = "x"\nfrom = "nowhere"\nto = "alat"\nmode = "road"\n'
        "distance_km = 5\nspeed_kmh = 40\nestimate = true\n"
    )
    with pytest.raises(ScenarioError, match="unknown node 'nowhere'"):
        apply_scenario(base, s)


def _demand() -> Demand:
    rows = (
        DemandRow("xian", "duisburg", "TEU", 100.0, "TEU", 100.0),
        DemandRow("shanghai", "rotterdam", "TEU", 50.0, "TEU", 50.0),
    )
    return Demand(rows)


def test_grow_demand_by_pair_and_year(base: Network) -> None:
    s = parse_scenario(
        HEAD + '[[demand_growth]]\norigin = "Xi\'an"\ndestination = "Duisburg"\n'
        "annual_rate = 0.1\nyears = 6\nfrom_year = 2024\nestimate = true\n"
    )
    d = _demand()
    grown = grow_demand(d, s, 2026, network=base)
    assert grown.rows[0].teu == pytest.approx(121.0)
    assert grown.rows[1] == d.rows[1]
    assert grow_demand(d, s, network=base).rows[0].teu == pytest.approx(100 * 1.1**6)
    assert d.rows[0].teu == 100.0


def test_grow_demand_by_corridor_needs_a_network() -> None:
    with pytest.raises(corridor.InvalidArgumentError, match="network"):
        grow_demand(_demand(), "middle-corridor-2030")


def test_grow_demand_by_corridor(base: Network) -> None:
    net = apply_scenario(base, "northern-sanctions")
    s = parse_scenario(
        HEAD + '[[demand_growth]]\ncorridor = "middle_turkiye"\nfactor = 2.0\nestimate = true\n'
        '\n[[demand_growth]]\ncorridor = "northern"\nfactor = 5.0\nestimate = true\n'
    )
    grown = grow_demand(_demand(), s, network=net)
    for row, before in zip(grown.rows, _demand().rows, strict=True):
        family = corridor.route(net, row.origin, row.destination).corridor
        assert family != "northern"
        assert row.teu == before.teu * (2.0 if family == "middle_turkiye" else 1.0)
    assert grown != _demand()


def test_load_scenario_builtin_growth() -> None:
    s = load_scenario("middle-corridor-2030")
    assert len(s.demand_growth) == 3
    assert all(g.factor == pytest.approx(3.09) for g in s.demand_growth)


@settings(max_examples=40, deadline=None)
@given(year=st.one_of(st.integers(), st.floats(allow_nan=True), st.booleans(), st.none()))
def test_grow_demand_year_is_checked(year: object) -> None:
    s = parse_scenario(
        HEAD + '[[demand_growth]]\norigin = "xian"\ndestination = "duisburg"\n'
        "annual_rate = 0.05\nyears = 10\nfrom_year = 2025\nestimate = true\n"
    )
    ok = year is None or (type(year) is int and 1900 <= year <= 2200)
    if not ok:
        with pytest.raises(corridor.InvalidArgumentError, match="year"):
            grow_demand(_demand(), s, year)  # type: ignore[arg-type]
        return
    grown = grow_demand(_demand(), s, year)  # type: ignore[arg-type]
    expected = 1.05**10 if year is None else 1.05 ** max(0, year - 2025)  # type: ignore[operator]
    assert grown.rows[0].teu == pytest.approx(100.0 * expected)
    assert grown.rows[1].teu == 50.0


@pytest.mark.parametrize(
    ("setting", "mean"),
    [("sailings_per_week = 7", 24.0), ("headway_h = 48", 48.0), ("factor = 0.5", 48.0)],
)
def test_headway_edits_set_the_mean_and_keep_the_shape(
    base: Network, setting: str, mean: float
) -> None:
    s = parse_scenario(
        HEAD + f'[[headway]]\nservices = ["Kuryk–Alat RoPax (ASCO)"]\n{setting}\nestimate = true\n'
    )
    before = base.link("ferry:kuryk-alat").service
    after = apply_scenario(base, s).link("ferry:kuryk-alat").service
    assert before is not None
    assert after is not None
    assert before.headway_h is not None
    assert after.headway_h is not None
    assert after.headway_h.mean == pytest.approx(mean)
    assert type(after.headway_h) is type(before.headway_h)
