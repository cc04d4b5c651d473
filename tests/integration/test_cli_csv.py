"""``--format csv``: a header, one row per table row, the JSON's names, numbers and units."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from typer.testing import CliRunner

import corridor
from corridor.cli import app
from corridor.cli.places import PLACE_COLUMNS
from corridor.planning.compare import COMPARISON_COLUMNS
from corridor.reliability.montecarlo import SIMULATION_COLUMNS
from corridor.routing.result import LEG_COLUMNS, ROUTE_LEG_COLUMNS

runner = CliRunner()
PRE_RED_SEA = ["--date", "2023-11-01"]  # a Sea/Suez option exists


def _run(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.stdout


def _csv(args: list[str]) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(_run(args)))
    rows = list(reader)
    assert reader.fieldnames is not None
    return list(reader.fieldnames), rows


def _json(args: list[str]) -> Any:
    return json.loads(_run(args))


def _number(cell: str) -> float:
    """A machine-readable number: no thousands separator, no unit."""
    assert "," not in cell
    assert cell.strip() == cell
    return float(cell)


# --- compare -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compare_csv() -> tuple[list[str], list[dict[str, str]]]:
    return _csv(["compare", "Xi'an", "Duisburg", "-f", "csv", *PRE_RED_SEA])


@pytest.fixture(scope="module")
def compare_json() -> Any:
    return _json(["compare", "Xi'an", "Duisburg", "-f", "json", *PRE_RED_SEA])


def test_compare_csv_header_is_the_frame_columns(
    compare_csv: tuple[list[str], list[dict[str, str]]],
) -> None:
    header, _ = compare_csv
    assert header == list(COMPARISON_COLUMNS)
    frame = corridor.compare(corridor.eurasia(), "Xi'an", "Duisburg", date="2023-11-01")
    pytest.importorskip("pandas")
    assert list(frame.to_frame().columns) == header


def test_compare_csv_rows_are_the_json_options_in_their_units(
    compare_csv: tuple[list[str], list[dict[str, str]]], compare_json: Any
) -> None:
    _, rows = compare_csv
    options = compare_json["options"]
    assert [r["corridor"] for r in rows] == [o["corridor"] for o in options]
    for row, option in zip(rows, options, strict=True):
        assert _number(row["cost_usd"]) == option["cost_usd"]
        assert _number(row["co2_kg"]) == option["co2_kg"]
        assert _number(row["distance_km"]) == option["distance_km"]
        assert _number(row["transit_days_mean"]) == option["transit_days"]["mean"]
        assert _number(row["transit_days_p50"]) == option["transit_days"]["p50"]
        assert _number(row["transit_days_p90"]) == option["transit_days"]["p90"]
        assert int(row["rank"]) == option["rank"]
        assert int(row["customs_frontiers"]) == option["customs_frontiers"]
        assert int(row["internal_borders"]) == option["internal_borders"]
        assert int(row["transshipments"]) == option["transshipments"]
        assert row["countries"].split(";") == option["countries"]
        assert row["implausible"] == ""
    northern = next(r for r in rows if r["corridor"] == "northern")
    # per FEU, in USD, kg and km: a few thousand dollars, tonnes of CO2, ~9,800 km
    assert 2_000 < _number(northern["cost_usd"]) < 20_000
    assert 1_000 < _number(northern["co2_kg"]) < 10_000
    assert 8_000 < _number(northern["distance_km"]) < 12_000
    assert 8 < _number(northern["transit_days_mean"]) < 30
    assert northern["label"] == "Northern"
    assert northern["tied_above"] in ("True", "False")


def test_compare_csv_shows_implausible_options_only_with_all() -> None:
    args = ["compare", "Yiwu", "Tehran", "-f"]
    data = _json([*args, "json"])
    assert data["implausible"], "Yiwu -> Tehran should hide a detour"
    _, shown = _csv([*args, "csv"])
    _, every = _csv([*args, "csv", "--all"])
    assert [r["corridor"] for r in shown] == [o["corridor"] for o in data["options"]]
    assert len(every) == len(shown) + len(data["implausible"])
    for corridor_id, hidden in data["implausible"].items():
        row = next(r for r in every if r["corridor"] == corridor_id)
        assert row["rank"] == ""
        assert row["implausible"].split(";") == [f["rule"] for f in hidden["reasons"]]
        assert hidden["reasons"][0]["text"] in row["implausible_reason"]
        assert _number(row["cost_usd"]) == hidden["option"]["cost_usd"]


# --- route -------------------------------------------------------------------------------


def test_route_csv_has_one_row_per_leg_summing_to_the_route() -> None:
    args = ["route", "Xi'an", "Duisburg"]
    header, rows = _csv([*args, "-f", "csv"])
    data = _json([*args, "-f", "json"])
    assert header == list(LEG_COLUMNS)
    pytest.importorskip("pandas")
    route = corridor.route(corridor.eurasia(), "Xi'an", "Duisburg")
    assert list(route.to_frame().columns) == header
    legs = data["legs"]
    assert len(rows) == len(legs)
    assert [int(r["step"]) for r in rows] == list(range(1, len(legs) + 1))
    assert [r["kind"] for r in rows] == [leg["kind"] for leg in legs]
    n = len(rows)
    km = sum(_number(r["distance_km"]) for r in rows)
    assert km == pytest.approx(data["distance_km"], abs=0.05 * n)
    usd = sum(_number(r["cost_usd"]) for r in rows)
    assert usd == pytest.approx(data["cost_usd"], abs=0.005 * n)
    co2 = sum(_number(r["co2_kg"]) for r in rows)
    assert co2 == pytest.approx(data["co2_kg"], abs=0.005 * n)
    hours = sum(_number(r["hours"]) for r in rows)
    assert hours / 24 == pytest.approx(data["transit_days"]["mean"], abs=0.01)
    borders = [r for r in rows if r["kind"] == "border"]
    assert len(borders) == data["border_crossings"]
    assert sum(r["customs"] == "frontier" for r in borders) == data["customs_frontiers"]
    links = [r["link"] for r in rows if r["kind"] == "move"]
    assert links == [leg["link"] for leg in legs if leg["kind"] == "move"]


@pytest.mark.parametrize("extra", [["--alternatives", "3"], ["--pareto"]])
def test_route_csv_of_several_routes_has_a_route_column(extra: list[str]) -> None:
    args = ["route", "Xi'an", "Duisburg", *extra]
    header, rows = _csv([*args, "-f", "csv"])
    data = _json([*args, "-f", "json"])
    assert header == list(ROUTE_LEG_COLUMNS)
    routes = [data, *data["alternatives"]]
    assert sorted({int(r["route"]) for r in rows}) == list(range(1, len(routes) + 1))
    for i, r in enumerate(routes, start=1):
        part = [row for row in rows if int(row["route"]) == i]
        assert len(part) == len(r["legs"])
        km = sum(_number(row["distance_km"]) for row in part)
        assert km == pytest.approx(r["distance_km"], abs=0.05 * len(part))


# --- reliability ---------------------------------------------------------------------------


def test_reliability_csv_is_the_json_percentiles_per_route() -> None:
    args = ["reliability", "Xi'an", "Baku", "--samples", "3000", "--seed", "5"]
    args += ["--deadline", "20d", "--digital-borders", "KZ,AZ"]
    header, rows = _csv([*args, "-f", "csv"])
    data = _json([*args, "-f", "json"])
    assert header == list(SIMULATION_COLUMNS)
    assert [r["label"] for r in rows] == [run["label"] for run in data["runs"]]
    assert any(r["label"].endswith("(digital KZ,AZ)") for r in rows)  # a quoted comma
    for row, run in zip(rows, data["runs"], strict=True):
        assert row["corridor"] == run["corridor"]
        assert int(row["samples"]) == 3000
        assert int(row["seed"]) == 5
        for q in ("mean", "std", "p10", "p50", "p90", "p95"):
            assert _number(row[f"transit_days_{q}"]) == run["transit_days"][q]
        assert _number(row["deadline_days"]) == 20.0
        assert _number(row["on_time_probability"]) == run["on_time_probability"]
        assert 0.0 <= _number(row["on_time_probability"]) <= 1.0
        days = [_number(row[f"transit_days_{q}"]) for q in ("p10", "p50", "p90", "p95")]
        assert days == sorted(days)
        assert 3 < days[1] < 60  # days, not hours


def test_reliability_csv_without_deadline_leaves_its_columns_empty() -> None:
    args = ["reliability", "Xi'an", "Duisburg", "--corridor", "northern", "--samples", "500"]
    _, rows = _csv([*args, "-f", "csv"])
    assert len(rows) == 1
    assert rows[0]["deadline_days"] == ""
    assert rows[0]["on_time_probability"] == ""
    assert rows[0]["month"] == ""


# --- places --------------------------------------------------------------------------------


def test_places_csv_and_json_list_the_matches() -> None:
    header, rows = _csv(["places", "--country", "GE", "-f", "csv"])
    data = _json(["places", "--country", "GE", "-f", "json"])
    assert header == list(PLACE_COLUMNS)
    assert [r["id"] for r in rows] == [d["id"] for d in data]
    assert rows
    net = corridor.eurasia()
    for row in rows:
        node = net.node(row["id"])
        assert row["country"] == "GE"
        assert _number(row["lon"]) == node.lon
        assert _number(row["lat"]) == node.lat
        assert row["matched"] == ""


def test_places_csv_names_how_a_query_matched() -> None:
    _, rows = _csv(["places", "CNXIA", "-f", "csv"])
    assert rows[0]["id"] == "xian"
    assert rows[0]["matched"] == "CNXIA"
    assert rows[0]["match"] == "exact"
    assert _number(rows[0]["score"]) == 1.0


# --- one format flag for every table --------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["compare", "Xi'an", "Duisburg"],
        ["route", "Xi'an", "Duisburg"],
        ["reliability", "Xi'an", "Duisburg"],
        ["places", "xian"],
    ],
)
def test_an_unknown_format_is_one_line_naming_csv(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--format", "xlsx"])
    assert result.exit_code == 2
    assert "'csv'" in result.output
    assert len(result.output.strip().splitlines()) == 1


# --- comma lists ------------------------------------------------------------------------------


def _same(listed: list[str], repeated: list[str]) -> str:
    a = runner.invoke(app, listed)
    b = runner.invoke(app, repeated)
    assert a.exit_code == 0, a.output
    assert b.exit_code == 0, b.output
    assert a.stdout == b.stdout
    return a.stdout


def test_via_takes_a_comma_list_and_keeps_the_order() -> None:
    base = ["route", "Xi'an", "Duisburg", "-f", "csv"]
    out = _same([*base, "--via", "Aktau,Baku"], [*base, "--via", "Aktau", "--via", "Baku"])
    rows = list(csv.DictReader(io.StringIO(out)))
    places = [r["from"] for r in rows]
    assert "aktau" in places
    assert "baku" in places
    assert places.index("aktau") < places.index("baku")


def test_mode_only_takes_repeats_and_comma_lists() -> None:
    base = ["route", "Xi'an", "Duisburg", "-f", "csv"]
    out = _same(
        [*base, "--mode-only", "rail_1435,rail_1520"],
        [*base, "--mode-only", "rail_1435", "--mode-only", "rail_1520"],
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["mode"] for r in rows if r["kind"] == "move"} <= {"rail_1435", "rail_1520"}


def test_avoid_country_and_close_take_repeats_and_comma_lists() -> None:
    base = ["compare", "Xi'an", "Duisburg", "-f", "csv"]
    out = _same(
        [*base, "--avoid-country", "RU,BY"],
        [*base, "--avoid-country", "RU", "--avoid-country", "BY"],
    )
    for row in csv.DictReader(io.StringIO(out)):
        assert not {"RU", "BY"} & set(row["countries"].split(";"))
    base = ["route", "Shanghai", "Rotterdam", "-f", "csv"]
    _same(
        [*base, "--close", "suez,cape_good_hope"],
        [*base, "--close", "suez", "--close", "cape_good_hope"],
    )


def test_corridor_and_digital_borders_take_repeats_and_comma_lists() -> None:
    base = ["reliability", "Xi'an", "Baku", "--samples", "300", "-f", "csv"]
    out = _same(
        [*base, "--corridor", "middle,northern", "--digital-borders", "KZ,AZ"],
        [
            *base,
            *("--corridor", "middle", "--corridor", "northern"),
            *("--digital-borders", "KZ", "--digital-borders", "AZ"),
        ],
    )
    labels = [r["label"] for r in csv.DictReader(io.StringIO(out))]
    assert labels == [
        "middle",
        "middle (digital KZ,AZ)",
        "northern",
        "northern (digital KZ,AZ)",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["route", "Xi'an", "Duisburg", "--via", ""], "--via '': empty item"),
        (["route", "Xi'an", "Duisburg", "--via", "Aktau,"], "--via 'Aktau,': empty item"),
        (["route", "Xi'an", "Duisburg", "--mode-only", "rail,,sea"], "--mode-only 'rail,,sea'"),
        (["compare", "Xi'an", "Duisburg", "--avoid-country", ","], "--avoid-country ','"),
        (["compare", "Xi'an", "Duisburg", "--close", "suez, "], "--close 'suez, '"),
        (["reliability", "Xi'an", "Baku", "--corridor", "middle,"], "--corridor 'middle,'"),
        (["reliability", "Xi'an", "Baku", "--digital-borders", "KZ,,AZ"], "--digital-borders"),
    ],
)
def test_empty_list_items_are_refused(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output
    assert "empty" in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
