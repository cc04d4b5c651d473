"""Landed cost: components, currencies, deadlines, ranking and bad inputs."""

from __future__ import annotations

import json
import math
from functools import cache
from typing import Any

import pytest

import corridor
from corridor.exceptions import InvalidArgumentError
from corridor.finance import (
    COMPONENTS,
    LANDED_COLUMNS,
    default_assumptions,
    default_fx,
    landed_cost,
    landed_cost_of_comparison,
    parse_deadline,
    route_landed_cost,
)
from corridor.network.model import Network
from corridor.planning import Comparison
from corridor.routing.result import Route
from corridor.testing import tiny_network_geojson


@cache
def _chengdu_warsaw() -> tuple[Network, Comparison]:
    net = corridor.eurasia()
    return net, corridor.compare(net, "Chengdu", "Warsaw")


def _currency_network() -> Network:
    """The tiny network with r1 charged in EUR and r3 in KZT (same USD value as before)."""
    g: dict[str, Any] = tiny_network_geojson()
    for f in g["features"]:
        p = f["properties"]
        if p.get("id") == "r1":
            p["tariff"] = {"fixed": 90.0, "per_km": 0.45, "currency": "EUR", "unit": "FEU"}
        if p.get("id") == "r3":
            p["tariff"] = {"fixed": 50_000.0, "per_km": 250.0, "currency": "KZT", "unit": "FEU"}
    return corridor.network_from_geojson(g)


def _tiny_route(net: Network) -> Route:
    r = corridor.route(net, "xian", "almaty", optimize="cost")
    assert {"r1", "r3"} <= set(r.link_ids)
    return r


def _leg_usd(route: Route, link_id: str) -> float:
    return sum(leg.cost_usd for leg in route.legs if leg.link_id == link_id)


def _kzt_usd(route: Route) -> float:
    """The USD value of the charges set in KZT: link r3 and the Dostyk border fee."""
    border = sum(leg.cost_usd for leg in route.legs if leg.kind == "border")
    assert border > 0
    return _leg_usd(route, "r3") + border


def test_tariffs_are_paid_in_their_own_currencies_at_the_given_rates() -> None:
    net = _currency_network()  # the network priced EUR at 0.9 and KZT at 500 per USD
    r = _tiny_route(net)
    fx = default_fx().with_rates({"EUR": 0.8, "KZT": 400.0})
    lc = route_landed_cost(
        net, r, value=0.0, quantity=3, fx=fx, p50_days=1.0, p90_days=1.0, conversion_spread=0.02
    )
    eur = _leg_usd(r, "r1") * 0.9 * 3  # the EUR the shipper pays
    kzt = _kzt_usd(r) * 500.0 * 3
    usd = (r.cost_usd - _leg_usd(r, "r1") - _kzt_usd(r)) * 3
    assert lc.payments["EUR"] == pytest.approx(eur)
    assert lc.payments["KZT"] == pytest.approx(kzt)
    assert lc.payments["USD"] == pytest.approx(usd)
    charges = eur / 0.8 + kzt / 400.0 + usd
    legs = sum(lc.components[k] for k in COMPONENTS[:5])
    assert legs == pytest.approx(charges)
    assert lc.components["fx_conversion"] == pytest.approx(0.02 * (eur / 0.8 + kzt / 400.0))


def test_a_shipper_in_the_tariff_currency_pays_no_spread_on_it() -> None:
    net = _currency_network()
    r = _tiny_route(net)
    lc = route_landed_cost(net, r, value=0.0, currency="EUR", p50_days=1, p90_days=1)
    usd = r.cost_usd - _leg_usd(r, "r1") - _kzt_usd(r)
    spread = default_assumptions()["conversion_spread"].value
    expected = spread * default_fx().convert(usd, "USD", "EUR") + spread * default_fx().convert(
        _kzt_usd(r) * 500.0, "KZT", "EUR"
    )
    assert lc.components["fx_conversion"] == pytest.approx(expected)


def test_chengdu_warsaw_components_and_deadline() -> None:
    net, cmp = _chengdu_warsaw()
    lc = landed_cost_of_comparison(
        net, cmp, value=400_000, quantity=10, deadline="25d", confidence=0.9
    )
    assert [o.corridor for o in lc.options] == ["northern"]
    assert {d.cost.corridor for d in lc.dropped} == {
        "middle_turkiye",
        "middle_black_sea",
        "sea_cape",
    }
    for d in lc.dropped:
        assert d.cost.on_time_probability is not None
        assert d.cost.on_time_probability < 0.9
        assert "below the 0.9 required" in d.reason
    best = lc.options[0]
    route = cmp.option("northern")
    assert route is not None
    moves = sum(leg.cost_usd for leg in route.legs if leg.kind == "move")
    assert best.components["freight"] == pytest.approx(10 * moves)
    assert best.components["border_fees"] == pytest.approx(
        10 * sum(leg.cost_usd for leg in route.legs if leg.kind == "border")
    )
    assert best.components["insurance"] == pytest.approx(800.0)  # 0.2 % of 400,000
    assert best.components["carrying_in_transit"] == pytest.approx(
        400_000 * 0.25 * route.days / 365
    )
    spread = best.p90_days - best.p50_days
    assert 1.0 < spread < 10.0
    assert best.components["safety_stock"] == pytest.approx(400_000 * 0.25 * spread / 365)
    assert best.components["fx_conversion"] == 0.0  # every charge is in USD
    assert math.fsum(best.components.values()) == best.total
    assert sum(best.components.values()) == pytest.approx(best.total, rel=1e-12)


def test_without_a_deadline_every_option_is_ranked_cheapest_first() -> None:
    net, cmp = _chengdu_warsaw()
    lc = landed_cost_of_comparison(net, cmp, value=400_000, quantity=10, samples=2_000)
    totals = [o.total for o in lc.options]
    assert totals == sorted(totals)
    assert len(lc.options) == len(cmp.options)
    assert not lc.dropped
    by_time = landed_cost_of_comparison(
        net, cmp, value=400_000, quantity=10, samples=2_000, rank_by="time"
    )
    days = [o.transit_days for o in by_time.options]
    assert days == sorted(days)
    assert by_time.options[0].corridor == "northern"


def test_a_valuable_cargo_prefers_the_fast_corridor() -> None:
    net, cmp = _chengdu_warsaw()
    cheap = landed_cost_of_comparison(net, cmp, value=10_000, quantity=10, samples=2_000)
    dear = landed_cost_of_comparison(net, cmp, value=20_000_000, quantity=10, samples=2_000)
    assert cheap.options[0].corridor == "sea_cape"  # cheapest freight, slowest
    assert dear.options[0].corridor == "northern"  # time costs more than freight


def test_json_components_sum_to_the_total_and_frame_columns() -> None:
    net, cmp = _chengdu_warsaw()
    lc = landed_cost_of_comparison(
        net, cmp, value=123_456.78, quantity=7, deadline="600h", samples=2_000
    )
    data = json.loads(json.dumps(lc.to_dict()))
    assert data["deadline"] == {"days": 25.0, "confidence": 0.9}
    for o in data["options"] + data["dropped"]:
        assert list(o["components"]) == list(COMPONENTS)
        assert math.isclose(sum(o["components"].values()), o["total"], abs_tol=1e-6)
    assert [r["currency"] for r in data["fx"]["rates"]] == ["USD"]
    assert data["assumptions"]["insurance_rate"]["value"] == 0.002
    frame = lc.to_frame()
    assert tuple(frame.columns) == LANDED_COLUMNS
    assert len(frame) == len(lc.options) + len(lc.dropped)
    assert frame["rank"].tolist()[: len(lc.options)] == list(range(1, len(lc.options) + 1))


def test_user_rates_are_recorded_as_such() -> None:
    net, cmp = _chengdu_warsaw()
    lc = landed_cost_of_comparison(
        net, cmp, value=1e5, currency="EUR", fx="EUR=0.5", insurance_rate=0.01, samples=500
    )
    assert lc.fx.rate("EUR").per_base == 0.5
    assert lc.assumptions["insurance_rate"].provenance.source == "rate given by the user"
    best = lc.options[0]
    assert best.components["insurance"] == pytest.approx(1000.0)
    route = best.route
    assert best.components["freight"] == pytest.approx(
        0.5 * sum(leg.cost_usd for leg in route.legs if leg.kind == "move")
    )


@pytest.mark.parametrize(
    ("text", "days"),
    [("25d", 25.0), ("600h", 25.0), ("1.5d", 1.5), (" 36H ", 1.5), (".5d", 0.5), (7, 7.0)],
)
def test_parse_deadline(text: str | int, days: float) -> None:
    assert parse_deadline(text) == days


@pytest.mark.parametrize(
    "bad", ["25", "d", "-3d", "0d", "25 days", "2e3d", "5000d", math.nan, True]
)
def test_unreadable_deadlines(bad: object) -> None:
    with pytest.raises(InvalidArgumentError, match=r"^deadline="):
        parse_deadline(bad)


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        ({"value": -1.0}, "value"),
        ({"value": math.nan}, "value"),
        ({"quantity": 0}, "quantity"),
        ({"quantity": 2.5}, "quantity"),
        ({"currency": "XYZ"}, "currency"),
        ({"currency": "dollars"}, "currency"),
        ({"deadline": "25d", "confidence": 1.0}, "confidence"),
        ({"deadline": "25d", "confidence": 0.0}, "confidence"),
        ({"deadline": "25d", "confidence": -0.5}, "confidence"),
        ({"confidence": 0.9}, "confidence"),
        ({"deadline": "soon"}, "deadline"),
        ({"insurance_rate": -0.01}, "insurance_rate"),
        ({"carrying_rate": math.inf}, "carrying_rate"),
        ({"conversion_spread": 2.0}, "conversion_spread"),
        ({"fx": {"EUR": 0.0}}, "fx"),
        ({"fx": "EUR:0.9"}, "fx"),
        ({"rank_by": "cheapest"}, "rank_by"),
    ],
)
def test_bad_inputs_name_the_parameter(kwargs: dict[str, Any], parameter: str) -> None:
    args: dict[str, Any] = {"value": 1000.0, "quantity": 1, **kwargs}
    with pytest.raises(InvalidArgumentError) as e:
        landed_cost(corridor.eurasia(), "Chengdu", "Warsaw", **args)
    message = str(e.value)
    assert message.startswith((f"{parameter}=", f"{parameter}[")), message


def test_route_without_percentiles_needs_them() -> None:
    net = _currency_network()
    with pytest.raises(InvalidArgumentError, match=r"^p50_days=None"):
        route_landed_cost(net, _tiny_route(net), value=1.0)
