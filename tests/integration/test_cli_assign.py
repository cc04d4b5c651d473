from __future__ import annotations

import csv
import io
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


TINY_NET = """<NUMBER OF ZONES> 2
<NUMBER OF NODES> 4
<FIRST THRU NODE> 3
<NUMBER OF LINKS> 4
<END OF METADATA>
~ init term capacity length fft b power speed toll type ;
\t1\t3\t100\t1\t1\t0.15\t4\t0\t0\t1\t;
\t3\t2\t100\t1\t1\t0.15\t4\t0\t0\t1\t;
\t1\t4\t100\t2\t2\t0.15\t4\t0\t0\t1\t;
\t4\t2\t100\t2\t2\t0.15\t4\t0\t0\t1\t;
"""
TINY_TRIPS = """<NUMBER OF ZONES> 2
<TOTAL OD FLOW> 100.0
<END OF METADATA>
Origin \t1
    2 :    100.0;
"""


def _csv_rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def test_assign_demand_csv_is_the_link_table() -> None:
    pd = pytest.importorskip("pandas")
    from corridor import eurasia  # noqa: PLC0415
    from corridor.assignment.demand_assignment import assign_demand  # noqa: PLC0415
    from corridor.io.demand import read_demand  # noqa: PLC0415

    result = runner.invoke(app, ["assign", "--demand", str(EXAMPLE), "--format", "csv"])
    assert result.exit_code == 0, result.output
    columns, rows = _csv_rows(result.stdout)
    net = eurasia()
    frame = assign_demand(net, read_demand(EXAMPLE, net)).to_frame()
    assert columns == list(frame.columns)
    assert len(rows) == len(frame)
    busiest = frame.sort_values("flow_teu").iloc[-1]
    row = next(r for r in rows if r["id"] == busiest["id"])
    assert float(row["flow_teu"]) == pytest.approx(busiest["flow_teu"], rel=1e-6)
    assert float(row["flow_teu"]) > 100_000
    assert isinstance(pd.read_csv(io.StringIO(result.stdout)), pd.DataFrame)


def test_assign_demand_csv_with_select_link_is_the_select_link_table() -> None:
    result = runner.invoke(
        app, ["assign", "--demand", str(EXAMPLE), "-f", "csv", "--select-link", "brest,alat"]
    )
    assert result.exit_code == 0, result.output
    columns, rows = _csv_rows(result.stdout)
    assert columns == ["element", "origin", "destination", "teu", "share"]
    assert {r["element"] for r in rows} == {"brest", "alat"}
    chengdu_lodz = next(r for r in rows if r["element"] == "brest" and r["origin"] == "chengdu")
    assert 0 < float(chengdu_lodz["share"]) <= 1.0 + 1e-9


def test_assign_unknown_select_link_is_one_line() -> None:
    result = runner.invoke(app, ["assign", "--demand", str(EXAMPLE), "--select-link", "atlantis"])
    assert result.exit_code == 2
    assert "select-link takes a link id" in result.output
    assert "Traceback" not in result.output


def test_assign_tntp_csv(tmp_path: Path) -> None:
    (tmp_path / "Tiny_net.tntp").write_text(TINY_NET)
    (tmp_path / "Tiny_trips.tntp").write_text(TINY_TRIPS)
    result = runner.invoke(
        app, ["assign", "--tntp", str(tmp_path / "Tiny"), "--gap", "1e-10", "-f", "csv"]
    )
    assert result.exit_code == 0, result.output
    columns, rows = _csv_rows(result.stdout)
    assert columns == ["link", "tail", "head", "flow", "travel_time", "cost", "volume_capacity"]
    assert [(r["tail"], r["head"]) for r in rows] == [
        ("1", "3"),
        ("3", "2"),
        ("1", "4"),
        ("4", "2"),
    ]
    # the upper path costs 2 x 1.15 = 2.3 with all 100 trips, the lower 4 when empty
    assert [float(r["flow"]) for r in rows] == pytest.approx([100.0, 100.0, 0.0, 0.0])
    assert float(rows[0]["travel_time"]) == pytest.approx(1.15)
    assert float(rows[0]["volume_capacity"]) == pytest.approx(1.0)


def test_algorithm_b_from_the_command_line() -> None:
    result = CliRunner().invoke(
        app, ["assign", "--demand", str(EXAMPLE), "-a", "algb", "--gap", "1e-8", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    run = json.loads(result.output)["assignment"]
    assert run["algorithm"] == "algb"
    assert run["relative_gap"] <= 1e-8
    assert run["converged"] is True
