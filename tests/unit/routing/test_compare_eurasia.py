"""Plausible corridors on the embedded network (issue 8, example 11 and example 3)."""

from __future__ import annotations

import dataclasses
from functools import cache

import jsonschema
import pytest

from corridor import Network, compare, eurasia
from corridor.network.model import CustomsUnion
from corridor.routing.compare import Comparison
from corridor.routing.schema import COMPARE_SCHEMA

# membership as of 2025 (test data: the shipped network carries its own)
_EU = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)
_EAEU = frozenset({"AM", "BY", "KZ", "KG", "RU"})
_CENTRAL_EUROPE = frozenset({"PL", "DE", "CZ", "AT", "HU", "NL"})


@cache
def _net() -> Network:
    """The embedded network, with the EU and the EAEU if it does not carry them yet."""
    net = eurasia()
    if {u.id for u in net.customs_unions} >= {"EU", "EAEU"}:
        return net
    unions = (
        CustomsUnion("EU", "European Union", _EU),
        CustomsUnion("EAEU", "Eurasian Economic Union", _EAEU),
    )
    return dataclasses.replace(net, customs_unions=unions)


@cache
def _compare(origin: str, destination: str) -> Comparison:
    return compare(_net(), origin, destination)


@pytest.mark.parametrize(
    ("origin", "destination"),
    [("Yiwu", "Tehran"), ("Xi'an", "Tashkent"), ("Xi'an", "Istanbul")],
)
def test_no_corridor_shown_to_asia_minor_or_central_asia_runs_through_central_europe(
    origin: str, destination: str
) -> None:
    result = _compare(origin, destination)
    assert result.options
    for r in result.options:
        assert not set(r.countries) & _CENTRAL_EUROPE, (r.corridor, r.countries)


def test_xian_tashkent_by_sea_is_a_detour() -> None:
    result = _compare("Xi'an", "Tashkent")
    assert all("sea" not in r.modes for r in result.options)
    hidden = {a.route.corridor: a for a in result.implausible}
    assert "sea_suez" in hidden
    assert hidden["sea_suez"].implausible[0].reference in {r.corridor for r in result.options}


def test_yiwu_tehran_routes_through_the_eu_are_hidden_not_dropped() -> None:
    result = _compare("Yiwu", "Tehran")
    through_eu = [a for a in result.assessed if set(a.route.countries) & _EU]
    assert all(not a.shown for a in through_eu)
    assert len(result.assessed) == len(result.options) + len(result.implausible)


def test_yiwu_tehran_offers_the_sea_route_to_bandar_abbas() -> None:
    result = _compare("Yiwu", "Tehran")
    direct = result.option("sea_direct")
    if direct is None:
        pytest.skip("no port of Iran on the Gulf in this network")
    assert direct in result.options
    assert "suez" not in direct.chokepoints
    assert set(direct.countries) == {"CN", "IR"}


def test_comparison_json_reports_ranks_ties_and_implausible() -> None:
    data = _compare("Xi'an", "Tashkent").to_dict()
    jsonschema.validate(data, COMPARE_SCHEMA)
    assert data["options"][0]["rank"] == 1
    assert data["margins"] == {"tie": 0.03, "detour_ratio": 1.5, "transit": 0.1}
    assert data["implausible"]
    for family, entry in data["implausible"].items():
        assert entry["option"]["corridor"] == family
        assert entry["option"]["rank"] is None
        assert entry["reasons"][0]["text"]
    shown = {o["corridor"] for o in data["options"]}
    assert not shown & set(data["implausible"])


def test_europe_keeps_its_competing_corridors() -> None:
    # the Middle corridor is slower and dearer than the Northern one to Germany but it is a
    # corridor, not a detour: it must stay on the table (flagged dominated at most)
    result = _compare("Xi'an", "Duisburg")
    families = {r.corridor for r in result.options}
    assert "northern" in families
    assert any(f.startswith("middle") for f in families)
    assert "sea_suez" in families


def test_a_wide_tie_margin_ties_options() -> None:
    result = compare(_net(), "Xi'an", "Duisburg", tie_margin=10.0)
    assert all(a.rank == 1 for a in result.assessed if a.shown)
    assert [a.rank_label for a in result.assessed if a.shown][1:] == ["~1"] * (
        len(result.options) - 1
    )


def test_option_finds_a_family_shown_or_not() -> None:
    result = _compare("Xi'an", "Tashkent")
    assert result.option("central_asia") is result.options[0]
    hidden = result.implausible[0].route
    assert result.option(hidden.corridor) is hidden
    assert result.option("no_such_family") is None


@pytest.mark.parametrize("port", ["Hamburg", "Rotterdam", "Piraeus"])
def test_between_two_ports_sea_corridors_are_all_water(port: str) -> None:
    c = compare(eurasia(), "Shanghai", port)
    sea = [r for r in c.options if r.corridor.startswith("sea_")]
    assert sea, "a sea option between two ports"
    for r in sea:
        land = [g for g in r.legs if g.kind == "move" and g.mode not in ("sea", "ferry")]
        assert land == [], f"{r.corridor} lands cargo on {land[0].mode} at {land[0].from_name}"
        assert r.countries == ("CN", r.destination.country)


def test_to_an_inland_terminal_a_sea_corridor_may_end_by_land() -> None:
    c = compare(eurasia(), "Shanghai", "Duisburg")
    sea = c.option("sea_suez")
    assert sea is not None
    assert any(g.kind == "move" and g.mode.startswith("rail") for g in sea.legs)
