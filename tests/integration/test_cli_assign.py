from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corridor.cli import app

runner = CliRunner()
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "demand_2030.csv"

SIOUX = "tntp/SiouxFalls/SiouxFalls"
CHICAGO = "tntp/Chicago-Sketch/ChicagoSketch"


def test_assign_json_keys(shared_data: Path) -> None:
    result = runner.invoke(
        app, ["assign", "--tntp", str(shared_data / SIOUX), "--gap", "1e-4", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"iterations", "relative_gap", "objective", "total_travel_time", "seconds"} <= set(data)
    assert data["relative_gap"] <= 1e-4
    assert data["objective"] == pytest.approx(4_231_335.287, rel=1e-4)


def test_assign_table_with_generalised_cost(shared_data: Path) -> None:
    args = ["assign", "--tntp", str(shared_data / CHICAGO), "--gap", "1e-3"]
    result = runner.invoke(app, [*args, "--toll-factor", "0.02", "--distance-factor", "0.04"])
    assert result.exit_code == 0, result.output
    assert "Beckmann objective" in result.stdout
    assert "relative gap" in result.stdout
    assert "ChicagoSketch" in result.stdout
    plain = runner.invoke(app, [*args, "-f", "json"])
    generalised = runner.invoke(
        app, [*args, "-f", "json", "--toll-factor", "0.02", "--distance-factor", "0.04"]
    )
    # The distance term adds about 0.56 million to the objective.
    difference = json.loads(generalised.stdout)["objective"] - json.loads(plain.stdout)["objective"]
    assert 4e5 < difference < 7e5


def test_assign_system_optimum(shared_data: Path) -> None:
    result = runner.invoke(
        app,
        ["assign", "--tntp", str(shared_data / SIOUX), "-a", "so", "--gap", "1e-4", "-f", "json"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # SiouxFalls system optimum total travel time is below the equilibrium's 7.48 million.
    assert data["total_travel_time"] < 7.48e6
    assert data["algorithm"] == "so"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--demand", "od.csv"], "od.csv: cannot read the file"),
        ([], "no demand given"),
        (["--demand", "od.csv", "--tntp", "x"], "--demand cannot be used with --tntp"),
        (["--tntp", "does/not/Exist"], "no such file"),
    ],
)
def test_assign_errors_exit_2_with_one_line(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["assign", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_assign_demand_prints_the_bottlenecks() -> None:
    result = runner.invoke(app, ["assign", "--demand", str(EXAMPLE), "--select-link", "alat"])
    assert result.exit_code == 0, result.output
    assert "Bottlenecks, by total congestion delay caused:" in result.output
    assert "Brest / Małaszewicze" in result.output
    assert "select link alat:" in result.output


def test_assign_demand_json_and_geojson() -> None:
    data = json.loads(
        runner.invoke(
            app, ["assign", "--demand", str(EXAMPLE), "-f", "json", "--select-link", "alat"]
        ).stdout
    )
    assert data["select_link"]["alat"]
    assert {"origin", "destination", "teu", "share"} <= set(data["select_link"]["alat"][0])
    geo = json.loads(
        runner.invoke(app, ["assign", "--demand", str(EXAMPLE), "-f", "geojson"]).stdout
    )
    assert geo["type"] == "FeatureCollection"
    assert geo["features"]


def test_assign_demand_lists_every_bad_row(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "origin,destination,cargo,volume,unit\n"
        "Xian,Duisburg,FEU,-5,TEU\n"
        "Atlantis,Duisburg,FEU,10,TEU\n"
        "Xian,Hamburg,FEU,lots,TEU\n"
    )
    result = runner.invoke(app, ["assign", "--demand", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:2: field 'volume'" in result.output
    assert f"{bad}:3: field 'origin': unknown place 'Atlantis'" in result.output
    assert f"{bad}:4: field 'volume': 'lots' is not a number" in result.output
    assert "Traceback" not in result.output


def test_tntp_has_no_geojson() -> None:
    result = runner.invoke(app, ["assign", "--tntp", "x", "-f", "geojson"])
    assert result.exit_code == 2
    assert "--format geojson needs --demand" in result.output
