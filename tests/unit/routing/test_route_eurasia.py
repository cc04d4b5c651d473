"""Routing on the embedded network: constraints honoured or refused, alternatives differ."""

from __future__ import annotations

import jsonschema
import pytest

from corridor import InvalidArgumentError, NoRouteError, UnknownPlaceError, eurasia
from corridor.planning import alternatives, compare, route
from corridor.routing.options import RouteOptions
from corridor.routing.schema import COMPARE_SCHEMA, OPTION_SCHEMA


def test_best_route_xian_duisburg_is_northern_rail() -> None:
    r = route(eurasia(), "Xi'an", "Duisburg", optimize="time")
    assert r.corridor == "northern"
    assert r.countries[0] == "CN"
    assert r.countries[-1] == "DE"
    assert {"KZ", "RU", "BY", "PL"} <= set(r.countries)
    # gauge changes at the Chinese border and at Brest
    assert r.transshipments >= 2
    assert r.border_crossings >= 4
    assert 9_000 < r.distance_km < 11_500
    assert r.hours == pytest.approx(sum(leg.hours for leg in r.legs))


def test_avoid_country_is_honoured() -> None:
    r = route(eurasia(), "Xi'an", "Duisburg", avoid_countries=["RU"])
    assert "RU" not in r.countries
    assert all(leg.from_country != "RU" and leg.to_country != "RU" for leg in r.legs)


def test_close_suez_is_honoured() -> None:
    net = eurasia()
    pre_crisis = "2023-11-01"  # the latest sea-rate regime closes Suez to liners
    open_route = route(
        net, "Shanghai", "Rotterdam", optimize="time", modes=["sea"], date=pre_crisis
    )
    assert "suez" in open_route.chokepoints
    closed = route(
        net,
        "Shanghai",
        "Rotterdam",
        optimize="time",
        modes=["sea"],
        close=["suez"],
        date=pre_crisis,
    )
    assert "suez" not in closed.chokepoints
    assert "cape_good_hope" in closed.chokepoints
    assert closed.distance_km > open_route.distance_km + 4_000


def test_mode_only_is_honoured() -> None:
    r = route(eurasia(), "Xi'an", "Duisburg", modes=["rail"])
    assert set(r.modes) <= {"rail_1435", "rail_1520"}


def test_via_is_honoured() -> None:
    r = route(eurasia(), "Xi'an", "Duisburg", via=["Aktau"])
    assert "aktau" in {leg.to_id for leg in r.legs}


def test_max_transshipments_is_honoured_or_refused() -> None:
    net = eurasia()
    r = route(net, "Xi'an", "Duisburg", max_transshipments=2)
    assert r.transshipments <= 2
    with pytest.raises(NoRouteError, match=r"dropping max_transshipments=0 would give one"):
        route(net, "Xi'an", "Duisburg", max_transshipments=0)


def test_infeasible_request_names_the_constraint() -> None:
    # without Russia, rail alone cannot cross the Caspian or Lake Van
    with pytest.raises(NoRouteError) as info:
        route(eurasia(), "Xi'an", "Duisburg", avoid_countries=["RU"], modes=["rail"])
    message = str(info.value)
    assert message.startswith("no route from Xi'an to Duisburg with avoid_countries='RU'")
    assert "dropping avoid_countries='RU' or modes='rail_1435,rail_1520' would give one" in (
        message
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"avoid_countries": ["QQ"]},
            "avoid_countries='QQ': no node of the network is in this country",
        ),
        ({"close": ["suezz"]}, "did you mean suez"),
        ({"modes": ["hovercraft"]}, "unknown mode"),
        ({"avoid_countries": ["CN"]}, "the origin Xi'an is in CN"),
        ({"close": ["duisburg"]}, "the destination Duisburg is closed"),
        ({"optimize": "speed"}, "unknown criterion"),
        ({"cargo": "pallet"}, "unknown cargo class"),
        ({"max_transshipments": -1}, "max_transshipments=-1: must be a whole number from 0 to 100"),
    ],
)
def test_bad_constraints_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidArgumentError, match=message):
        route(eurasia(), "Xi'an", "Duisburg", options=RouteOptions.of(None, kwargs))


def test_unknown_places_are_refused() -> None:
    with pytest.raises(UnknownPlaceError, match="unknown place 'Duisbrug'"):
        route(eurasia(), "Xi'an", "Duisbrug")
    with pytest.raises(UnknownPlaceError):
        route(eurasia(), "Xi'an", "Duisburg", via=["Atlantis"])


def test_alternatives_differ_by_the_overlap_limit() -> None:
    routes = alternatives(eurasia(), "Xi'an", "Duisburg", k=3, max_overlap=0.5)
    assert len(routes) >= 2
    for i, a in enumerate(routes):
        for b in routes[i + 1 :]:
            km_a = {leg.link_id: leg.distance_km for leg in a.legs if leg.link_id}
            km_b = {leg.link_id: leg.distance_km for leg in b.legs if leg.link_id}
            shared = sum(v for k, v in km_a.items() if k in km_b)
            assert shared / min(sum(km_a.values()), sum(km_b.values())) <= 0.5 + 1e-9


def test_optimizing_a_criterion_never_loses_on_it() -> None:
    net = eurasia()
    by = {o: route(net, "Chongqing", "Istanbul", optimize=o) for o in ("time", "cost", "co2")}
    assert by["time"].hours <= min(r.hours for r in by.values()) + 1e-6
    assert by["cost"].cost_usd <= min(r.cost_usd for r in by.values()) + 1e-6
    assert by["co2"].co2_kg <= min(r.co2_kg for r in by.values()) + 1e-6


def test_compare_json_validates_and_labels_families() -> None:
    result = compare(eurasia(), "Xi'an", "Duisburg", date="2023-11-01")
    data = result.to_dict()
    jsonschema.validate(data, COMPARE_SCHEMA)
    families = [o["corridor"] for o in data["options"]]
    assert len(families) == len(set(families))
    assert {"northern", "sea_suez"} <= set(families)
    assert any(f.startswith("middle") for f in families)
    for option in data["options"]:
        jsonschema.validate(option, OPTION_SCHEMA)


def test_compare_avoiding_russia_drops_northern() -> None:
    result = compare(eurasia(), "Xi'an", "Duisburg", avoid_countries=["RU"])
    families = {r.corridor for r in result.options}
    assert "northern" not in families
    assert all("RU" not in r.countries for r in result.options)


def test_compare_with_suez_closed_has_no_suez_route() -> None:
    result = compare(eurasia(), "Shanghai", "Rotterdam", close=["suez"])
    assert all("suez" not in r.chokepoints for r in result.options)
    assert "sea_cape" in {r.corridor for r in result.options}
