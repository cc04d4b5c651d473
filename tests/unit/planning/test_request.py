"""The typed front door: RouteOptions, keyword arguments, errors that name parameters."""

from __future__ import annotations

import math
import pickle
from dataclasses import FrozenInstanceError, fields
from typing import get_type_hints

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import corridor
from corridor import InvalidArgumentError, RouteOptions, eurasia
from corridor.cli import app
from corridor.reliability.simulate import with_percentiles
from corridor.routing.options import RouteKeywords
from corridor.routing.route import best_route, prepare

XIAN, DUISBURG = "Xi'an", "Duisburg"


def test_keywords_and_options_name_the_same_things() -> None:
    assert set(get_type_hints(RouteKeywords)) == {f.name for f in fields(RouteOptions)}


def test_a_string_is_a_comma_list_not_its_letters() -> None:
    """avoid_countries="RU" used to be read as the countries R and U."""
    assert RouteOptions(avoid_countries="RU").avoid_countries == ("RU",)  # type: ignore[arg-type]
    assert RouteOptions(avoid_countries="RU, BY").avoid_countries == ("RU", "BY")  # type: ignore[arg-type]
    r = corridor.route(eurasia(), XIAN, DUISBURG, optimize="time", avoid_countries="RU")
    assert "RU" not in r.countries
    assert r.destination.name == DUISBURG


def test_options_and_keywords_give_the_same_route() -> None:
    opts = RouteOptions(optimize="cost", avoid_countries=("RU", "BY"))
    a = corridor.route(eurasia(), XIAN, DUISBURG, options=opts)
    b = corridor.route(eurasia(), XIAN, DUISBURG, optimize="cost", avoid_countries=["RU", "BY"])
    assert a.link_ids == b.link_ids
    assert a.optimize == "cost"


def test_keywords_override_options() -> None:
    opts = RouteOptions(optimize="cost")
    r = corridor.route(eurasia(), XIAN, DUISBURG, options=opts, optimize="time")
    assert r.optimize == "time"
    fastest = corridor.route(eurasia(), XIAN, DUISBURG, optimize="time")
    assert r.hours == pytest.approx(fastest.hours)


def test_an_unknown_option_is_refused_with_the_closest_name() -> None:
    with pytest.raises(InvalidArgumentError, match="did you mean 'avoid_countries'") as info:
        corridor.route(eurasia(), XIAN, DUISBURG, avoid_country="RU")  # type: ignore[call-arg]
    assert info.value.parameter == "avoid_country"


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        ({"optimize": "fastest"}, "optimize"),
        ({"avoid_countries": 7}, "avoid_countries"),
        ({"avoid_countries": ["RU", ""]}, "avoid_countries"),
        ({"close": [1]}, "close"),
        ({"month": 13}, "month"),
        ({"month": 2.0}, "month"),
        ({"max_transshipments": True}, "max_transshipments"),
        ({"value_of_time_usd_per_day": math.inf}, "value_of_time_usd_per_day"),
        ({"carbon_usd_per_t": "5"}, "carbon_usd_per_t"),
        ({"cargo": ""}, "cargo"),
        ({"date": 2024}, "date"),
    ],
)
def test_bad_values_name_their_parameter(kwargs: dict[str, object], parameter: str) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        RouteOptions.of(None, kwargs)
    assert info.value.parameter == parameter
    assert str(info.value).startswith(f"{parameter}=")
    assert "--" not in str(info.value)  # the library speaks Python, not CLI flags


def test_library_errors_speak_parameters_and_the_cli_speaks_flags() -> None:
    with pytest.raises(InvalidArgumentError, match=r"^avoid_countries='QQ'"):
        corridor.route(eurasia(), XIAN, DUISBURG, avoid_countries="QQ")
    with pytest.raises(corridor.NoRouteError, match=r"dropping max_transshipments=0"):
        corridor.route(eurasia(), XIAN, DUISBURG, max_transshipments=0)
    result = CliRunner().invoke(app, ["route", XIAN, DUISBURG, "--max-transshipments", "0"])
    assert result.exit_code == 2
    assert "dropping --max-transshipments 0 would give one" in result.output
    assert "max_transshipments=" not in result.output


def test_options_are_frozen_hashable_and_picklable() -> None:
    opts = RouteOptions(avoid_countries=["RU"], modes="rail,sea")  # type: ignore[arg-type]
    assert opts.modes == ("rail", "sea")
    with pytest.raises(FrozenInstanceError):
        opts.cargo = "TEU"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(opts)) == opts  # noqa: S301 - our own bytes
    assert hash(opts) == hash(RouteOptions(avoid_countries=("RU",), modes=("rail", "sea")))
    assert opts.to_dict()["avoid_countries"] == ["RU"]


def test_p90_is_the_planning_layers_job() -> None:
    query = prepare(eurasia(), XIAN, DUISBURG, RouteOptions(optimize="p90"))
    with pytest.raises(InvalidArgumentError, match=r"use corridor\.route"):
        best_route(query)
    r = corridor.route(eurasia(), XIAN, DUISBURG, optimize="p90")
    assert r.optimize == "p90"
    assert r.objective == pytest.approx(r.transit_days["p90"] * 24.0)
    fastest = corridor.route(eurasia(), XIAN, DUISBURG, optimize="time")
    fastest_p90 = with_percentiles(eurasia(), fastest).transit_days["p90"]
    assert r.transit_days["p90"] <= fastest_p90 + 1e-9


@settings(max_examples=60, deadline=None)
@given(
    vot=st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)),
    carbon=st.floats(allow_nan=True, allow_infinity=True),
    month=st.one_of(st.none(), st.integers(-5, 20)),
    limit=st.one_of(st.none(), st.integers(-5, 200)),
)
def test_numbers_are_accepted_exactly_when_in_range(
    vot: float | None, carbon: float, month: int | None, limit: int | None
) -> None:
    ok = (
        (vot is None or (math.isfinite(vot) and 0 <= vot <= 1e7))
        and math.isfinite(carbon)
        and 0 <= carbon <= 1e5
        and (month is None or 1 <= month <= 12)
        and (limit is None or 0 <= limit <= 100)
    )
    try:
        RouteOptions(
            value_of_time_usd_per_day=vot,
            carbon_usd_per_t=carbon,
            month=month,
            max_transshipments=limit,
        )
    except InvalidArgumentError:
        assert not ok
    else:
        assert ok
