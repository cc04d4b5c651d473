from __future__ import annotations

import json

import jsonschema
import pytest
from typer.testing import CliRunner

from corridor.cli import app
from corridor.routing.schema import COMPARE_SCHEMA, ROUTE_SCHEMA

runner = CliRunner()


def test_compare_table() -> None:
    result = runner.invoke(app, ["compare", "Xi'an", "Duisburg"])
    assert result.exit_code == 0, result.output
    assert "Xi'an → Duisburg" in result.output
    assert "Northern" in result.output
    assert "Sea/Suez" in result.output


@pytest.mark.parametrize(
    ("origin", "destination"),
    [("Xi'an", "Duisburg"), ("Shanghai", "Rotterdam"), ("Chongqing", "Istanbul")],
)
def test_compare_json_contract(origin: str, destination: str) -> None:
    result = runner.invoke(app, ["compare", origin, destination, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, COMPARE_SCHEMA)
    assert data["cargo"] == "FEU"
    assert len({o["corridor"] for o in data["options"]}) >= 3


def test_compare_close_suez_and_avoid_russia_change_the_answer() -> None:
    base = json.loads(runner.invoke(app, ["compare", "Shanghai", "Rotterdam", "-f", "json"]).stdout)
    closed = json.loads(
        runner.invoke(
            app, ["compare", "Shanghai", "Rotterdam", "-f", "json", "--close", "suez"]
        ).stdout
    )
    assert "sea_suez" in {o["corridor"] for o in base["options"]}
    assert "sea_suez" not in {o["corridor"] for o in closed["options"]}
    no_ru = json.loads(
        runner.invoke(
            app, ["compare", "Xi'an", "Duisburg", "-f", "json", "--avoid-country", "RU"]
        ).stdout
    )
    assert all("RU" not in o["countries"] for o in no_ru["options"])


def test_compare_geojson() -> None:
    result = runner.invoke(app, ["compare", "Xi'an", "Duisburg", "--format", "geojson"])
    data = json.loads(result.stdout)
    assert data["type"] == "FeatureCollection"
    feature = data["features"][0]
    assert feature["geometry"]["type"] == "LineString"
    assert len(feature["geometry"]["coordinates"]) > 10
    assert feature["properties"]["corridor"]


def test_route_itinerary_shows_borders_and_gauge_changes() -> None:
    result = runner.invoke(app, ["route", "Xi'an", "Duisburg", "--avoid-country", "RU"])
    assert result.exit_code == 0, result.output
    assert "border" in result.output
    assert "gauge change rail_1435→rail_1520" in result.output
    assert "CN/KZ border" in result.output
    assert "ferry" in result.output


def test_route_json_with_alternatives() -> None:
    result = runner.invoke(
        app, ["route", "Xi'an", "Duisburg", "--alternatives", "3", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, ROUTE_SCHEMA)
    assert len(data["alternatives"]) >= 1


def test_route_pareto() -> None:
    result = runner.invoke(app, ["route", "Xi'an", "Duisburg", "--pareto", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    options = [data, *data["alternatives"]]
    days = [o["transit_days"]["mean"] for o in options]
    assert len(options) >= 2
    assert days == sorted(days)
    # the fastest Pareto route is at least as fast as the time-optimal route
    fastest = json.loads(
        runner.invoke(
            app, ["route", "Xi'an", "Duisburg", "--optimize", "time", "--format", "json"]
        ).stdout
    )
    assert days[0] <= fastest["transit_days"]["mean"] + 0.01


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["route", "Xi'an", "Atlantis"], "unknown place 'Atlantis'"),
        (["compare", "Xi'an", "Duisburg", "--avoid-country", "XX1"], "--avoid-country XX1"),
        (["route", "Xi'an", "Duisburg", "--close", "panama"], "--close panama"),
        (["route", "Xi'an", "Duisburg", "--mode-only", "air"], "--mode-only air"),
        (
            ["route", "Xi'an", "Duisburg", "--max-transshipments", "0"],
            "dropping --max-transshipments 0 would give one",
        ),
        (["route", "Xi'an", "Xian"], "origin and destination are both Xi'an"),
    ],
)
def test_bad_requests_exit_2_with_one_line(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert result.output.count("\n") == 1
