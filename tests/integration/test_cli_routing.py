from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from corridor.cli import app
from corridor.routing.schema import COMPARE_SCHEMA, ROUTE_SCHEMA

runner = CliRunner()


def test_compare_table() -> None:
    # before the Red Sea diversions (the latest sea regime has Suez closed to liners)
    result = runner.invoke(app, ["compare", "Xi'an", "Duisburg", "--date", "2023-11-01"])
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
    pre = ["--date", "2023-11-01"]  # before the Red Sea diversions
    base = json.loads(
        runner.invoke(app, ["compare", "Shanghai", "Rotterdam", "-f", "json", *pre]).stdout
    )
    closed = json.loads(
        runner.invoke(
            app, ["compare", "Shanghai", "Rotterdam", "-f", "json", "--close", "suez", *pre]
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


_CENTRAL_EUROPE = {"PL", "DE", "CZ", "AT", "HU", "NL"}


def _compare_json(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["compare", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    jsonschema.validate(data, COMPARE_SCHEMA)
    return data


@pytest.fixture(scope="module")
def with_unions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The embedded network with the EU and the EAEU (if it does not carry them yet)."""
    text = resources.files("corridor.data").joinpath("eurasia.geojson").read_text("utf-8")
    data = json.loads(text)
    meta = data["corridor"]
    prov = {"members": {"source": "test fixture", "kind": "published"}}
    if not meta.get("customs_unions"):
        meta["customs_unions"] = [
            {"id": "EU", "name": "European Union", "members": sorted(_EU), "provenance": prov},
            {"id": "EAEU", "name": "EAEU", "members": sorted(_EAEU), "provenance": prov},
        ]
    path = tmp_path_factory.mktemp("net") / "eurasia_unions.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


_EU = {
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
}
_EAEU = {"AM", "BY", "KZ", "KG", "RU"}


def test_compare_yiwu_tehran_hides_the_northern_detour_but_all_shows_it() -> None:
    plain = runner.invoke(app, ["compare", "Yiwu", "Tehran"])
    assert plain.exit_code == 0, plain.output
    data = _compare_json("Yiwu", "Tehran")
    for option in data["options"]:
        assert not set(option["countries"]) & _CENTRAL_EUROPE, option["corridor"]
    shown = {o["corridor"] for o in data["options"]}
    for entry in data["implausible"].values():
        assert entry["reasons"][0]["reference"] in shown
    assert "(detour)" not in plain.stdout
    assert "not shown as corridors (--all to show)" in plain.stdout
    everything = runner.invoke(app, ["compare", "Yiwu", "Tehran", "--all"])
    assert everything.exit_code == 0, everything.output
    assert everything.stdout.count("(detour)") == len(data["implausible"])


def test_compare_xian_tashkent_offers_no_sea_route() -> None:
    data = _compare_json("Xi'an", "Tashkent")
    assert all("sea" not in o["modes"] for o in data["options"])
    assert any("sea" in e["option"]["modes"] for e in data["implausible"].values())


def test_compare_xian_istanbul_does_not_rank_a_route_through_the_eu(with_unions: Path) -> None:
    data = _compare_json("Xi'an", "Istanbul", "--network", str(with_unions))
    for option in data["options"]:
        assert not set(option["countries"]) & _CENTRAL_EUROPE, option["corridor"]
    rules = {r["rule"] for e in data["implausible"].values() for r in e["reasons"]}
    assert "third_union_detour" in rules
    table = runner.invoke(app, ["compare", "Xi'an", "Istanbul", "-n", str(with_unions)])
    assert "passes through the EU" in table.stdout


def test_compare_table_columns_and_terminal_label(with_unions: Path) -> None:
    result = runner.invoke(app, ["compare", "Xi'an", "Duisburg", "-n", str(with_unions)])
    assert result.exit_code == 0, result.output
    header = next(line for line in result.stdout.splitlines() if "corridor" in line)
    assert "frontiers" in header
    assert "internal" in header
    assert "borders" not in header
    assert "terminal to terminal" in result.stdout
    assert "door" not in result.stdout.lower()
    data = _compare_json("Xi'an", "Duisburg", "-n", str(with_unions))
    northern = next(o for o in data["options"] if o["corridor"] == "northern")
    # Xi'an -> Duisburg by the Northern corridor: CN>KZ and BY>PL are the frontiers; the
    # crossings between KZ, RU and BY and between PL and DE are inside a union
    assert northern["customs_frontiers"] == 2
    assert northern["internal_borders"] >= 2
    assert (
        northern["border_crossings"]
        == northern["customs_frontiers"] + (northern["internal_borders"])
    )


def test_compare_ties_are_marked() -> None:
    result = runner.invoke(app, ["compare", "Xi'an", "Duisburg", "--tie-margin", "1"])
    assert result.exit_code == 0, result.output
    assert "~1" in result.stdout
    assert "~ ties with the option holding that rank: within 100 % of its generalized cost" in (
        result.stdout
    )
    data = _compare_json("Xi'an", "Duisburg", "--tie-margin", "1")
    assert data["margins"]["tie"] == 1.0
    first, second = data["options"][:2]
    assert (first["rank"], second["rank"]) == (1, 1)
    assert second["corridor"] in first["tie_with"]
    default = _compare_json("Xi'an", "Duisburg")
    assert default["margins"]["tie"] == 0.03


def test_compare_and_route_name_a_misspelt_place() -> None:
    for command in ("compare", "route"):
        result = runner.invoke(app, [command, "Xi'an", "Duisbrug"])
        assert result.exit_code == 0, result.output
        assert "note: matched 'Duisburg' for 'Duisbrug'" in result.stderr
        assert "Duisburg" in result.stdout


def test_compare_refuses_a_place_that_is_not_there() -> None:
    result = runner.invoke(app, ["compare", "Xi'an", "Atlantida"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert "unknown place 'Atlantida'" in result.output


def test_route_header_counts_frontiers_and_internal_crossings(with_unions: Path) -> None:
    result = runner.invoke(app, ["route", "Xi'an", "Duisburg", "-n", str(with_unions)])
    assert result.exit_code == 0, result.output
    assert re.search(r"\d+ customs frontiers?, \d+ internal borders?, ", result.stdout)
    assert "terminal to terminal" in result.stdout


def test_route_names_service_legs_and_counts_in_the_singular() -> None:
    result = runner.invoke(app, ["route", "Xi'an", "Baku"])
    assert result.exit_code == 0, result.output
    counts = re.search(r"(\d+) customs (frontiers?), (\d+) internal (borders?), ", result.stdout)
    assert counts is not None
    for number, noun in (counts.group(1, 2), counts.group(3, 4)):
        assert noun.endswith("s") == (number != "1")
    waits = [
        line for line in result.stdout.splitlines() if line.startswith("Aktau ") and "wait" in line
    ]
    assert all("(" in line for line in waits)  # the service boarded is named
