"""Plausible corridors on the embedded network (issue 8, example 11 and example 3)."""

from __future__ import annotations

import dataclasses
from functools import cache

import jsonschema
import pytest

from corridor import Network, compare, eurasia
from corridor.network.model import CustomsUnion
from corridor.planning import Comparison
from corridor.routing.plausibility import land_bridge, reentered
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
_PRE_CRISIS = "2023-11-01"
"""A date of the sea-rate regime before the Red Sea closure: Suez is open to liners."""


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
def _compare(
    origin: str, destination: str, date: str | None = None, close: tuple[str, ...] = ()
) -> Comparison:
    return compare(_net(), origin, destination, date=date, close=list(close))


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
    result = _compare("Xi'an", "Tashkent", _PRE_CRISIS)
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
    result = _compare("Xi'an", "Duisburg", _PRE_CRISIS)
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


@pytest.mark.parametrize("date", [None, _PRE_CRISIS])
@pytest.mark.parametrize("port", ["Hamburg", "Rotterdam", "Piraeus"])
def test_between_two_ports_sea_corridors_are_all_water(port: str, date: str | None) -> None:
    c = compare(eurasia(), "Shanghai", port, date=date)
    sea = [r for r in c.options if r.corridor.startswith("sea_")]
    assert sea, "a sea option between two ports"
    for r in sea:
        land = [g for g in r.legs if g.kind == "move" and g.mode not in ("sea", "ferry")]
        assert land == [], f"{r.corridor} lands cargo on {land[0].mode} at {land[0].from_name}"
        assert r.countries == ("CN", r.destination.country)


def test_to_an_inland_terminal_a_sea_corridor_may_end_by_land() -> None:
    c = compare(eurasia(), "Shanghai", "Duisburg", date=_PRE_CRISIS)
    sea = c.option("sea_suez")
    assert sea is not None
    assert any(g.kind == "move" and g.mode.startswith("rail") for g in sea.legs)


def test_a_land_bridge_is_not_a_sea_corridor() -> None:
    # issue 8, example 11: with Suez closed, Shanghai -> Piraeus was offered as "Sea/direct"
    # by ship to Bandar Abbas, by rail through Iran and Türkiye and by ship from Ambarlı
    result = _compare("Shanghai", "Piraeus", close=("suez",))
    for r in result.options:
        assert land_bridge(r) is None, (r.corridor, r.countries)
        if r.corridor in {"sea_suez", "sea_cape", "sea_direct"}:
            assert r.countries == ("CN", "GR"), (r.corridor, r.countries)
    cape = result.option("sea_cape")
    assert cape is not None
    assert cape in result.options
    assert result.option("sea_direct") is None


def test_a_route_that_comes_back_into_a_country_is_a_detour() -> None:
    # issue 8, example 11: Xi'an -> Baku "Northern" left Kazakhstan into Russia and came
    # back to Aktau while the Middle corridor crosses Kazakhstan once
    result = _compare("Xi'an", "Baku")
    assert all(not reentered(r) for r in result.options)
    northern = {a.route.corridor: a for a in result.implausible}.get("northern")
    if northern is None:  # a Northern route that really goes round is fine too
        assert all(not reentered(a.route) for a in result.assessed)
        return
    [finding] = [f for f in northern.implausible if f.rule == "reentry_detour"]
    assert finding.reference in {r.corridor for r in result.options}
    assert "KZ" in finding.text
    jsonschema.validate(result.to_dict(), COMPARE_SCHEMA)


_PAIRS = [
    ("Shanghai", "Piraeus"),
    ("Shanghai", "Hamburg"),
    ("Shanghai", "Tehran"),
    ("Shanghai", "Baku"),
    ("Xi'an", "Baku"),
    ("Xi'an", "Duisburg"),
    ("Xi'an", "Almaty"),
    ("Yiwu", "Tehran"),
    ("Chongqing", "Istanbul"),
]


@pytest.mark.parametrize("close", [(), ("suez",)])
@pytest.mark.parametrize("date", [None, _PRE_CRISIS])
@pytest.mark.parametrize(("origin", "destination"), _PAIRS)
def test_shown_corridors_take_no_land_bridge_and_enter_each_country_once(
    origin: str, destination: str, date: str | None, close: tuple[str, ...]
) -> None:
    result = _compare(origin, destination, date, close)
    ends = {result.origin.country, result.destination.country}
    for r in result.options:
        assert land_bridge(r) is None, (r.corridor, r.countries)
        assert not reentered(r), (r.corridor, r.countries)
        if r.corridor == "sea_direct":  # a ship between ports of the two end countries
            assert set(r.countries) <= ends, r.countries
    for a in result.implausible:  # hidden, never dropped, and hidden for a shown option
        assert a.implausible
        assert {f.reference for f in a.implausible} <= {r.corridor for r in result.options}
