from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from corridor.cli import app
from corridor.testing import tiny_network_geojson

runner = CliRunner()


@pytest.fixture
def tiny_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.geojson"
    path.write_text(json.dumps(tiny_network_geojson()))
    return path


@pytest.fixture
def broken_file(tmp_path: Path) -> Path:
    data: dict[str, Any] = tiny_network_geojson()
    data["features"][0]["properties"]["country"] = "China"
    data["features"][6]["properties"]["mode"] = "rail_1000"
    data["features"][8]["properties"]["to"] = "almati"
    path = tmp_path / "broken.geojson"
    path.write_text(json.dumps(data))
    return path


def test_validate_ok(tiny_file: Path) -> None:
    result = runner.invoke(app, ["network", "validate", str(tiny_file)])
    assert result.exit_code == 0, result.output
    assert "valid (0 warning(s))" in result.output


def test_validate_lists_every_problem_with_exit_2(broken_file: Path) -> None:
    result = runner.invoke(app, ["network", "validate", str(broken_file)])
    assert result.exit_code == 2
    lines = [ln for ln in result.output.splitlines() if ln.startswith("error:")]
    assert len(lines) == 3, result.output
    assert f"{broken_file}: feature 'xian', field 'country'" in result.output
    assert "feature 'r1', field 'mode'" in result.output
    assert "node 'almati' does not exist" in result.output
    assert "Traceback" not in result.output


def test_validate_strict_fails_on_warnings(tiny_file: Path) -> None:
    data = json.loads(tiny_file.read_text())
    del data["features"][4]["properties"]["transfers"]
    tiny_file.write_text(json.dumps(data))
    assert runner.invoke(app, ["network", "validate", str(tiny_file)]).exit_code == 0
    result = runner.invoke(app, ["network", "validate", "--strict", str(tiny_file)])
    assert result.exit_code == 2
    assert "warning:" in result.output
    assert "cannot reach baku" in result.output


def test_validate_not_json(tmp_path: Path) -> None:
    bad = tmp_path / "x.geojson"
    bad.write_text("nope")
    result = runner.invoke(app, ["network", "validate", str(bad)])
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {bad}: not valid JSON")


def test_info_on_a_file(tiny_file: Path) -> None:
    result = runner.invoke(app, ["network", "info", "--network", str(tiny_file)])
    assert result.exit_code == 0, result.output
    assert "6 nodes (5 places), 5 links, 7,428 km, 3 countries" in result.output
    assert "rail_1520" in result.output


def test_info_refuses_a_broken_network(broken_file: Path) -> None:
    result = runner.invoke(app, ["network", "info", "-n", str(broken_file)])
    assert result.exit_code == 2
    assert result.output.count("error:") == 3


def test_places(tiny_file: Path) -> None:
    result = runner.invoke(app, ["places", "xian", "-n", str(tiny_file)])
    assert result.exit_code == 0
    assert "Xian" in result.output
    result = runner.invoke(app, ["places", "nowhere-at-all", "-n", str(tiny_file)])
    assert result.exit_code == 2
    assert "no place matches 'nowhere-at-all'" in result.output


def test_export_geojson_and_csv(tiny_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "again.geojson"
    result = runner.invoke(app, ["network", "export", "-n", str(tiny_file), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["corridor"]["name"] == "tiny"
    result = runner.invoke(
        app, ["network", "export", "-n", str(tiny_file), "-f", "csv", "-o", str(tmp_path / "c")]
    )
    assert result.exit_code == 0, result.output
    with (tmp_path / "c" / "links.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert [r["id"] for r in rows] == ["r1", "r2", "r3", "r4", "f1"]
    assert rows[0]["distance_km"] == "2568.0"
    result = runner.invoke(app, ["network", "export", "-n", str(tiny_file), "-f", "csv"])
    assert result.exit_code == 2


def test_export_geojson_to_stdout(tiny_file: Path) -> None:
    result = runner.invoke(app, ["network", "export", "-n", str(tiny_file)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["type"] == "FeatureCollection"


@pytest.mark.parametrize(
    "args", [["--help"], ["network", "--help"], ["network", "info", "--help"], ["places", "-h"]]
)
def test_help_has_examples(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    if (len(args) > 1 and args[0] != "network") or len(args) == 3:
        assert "Example" in result.output


def test_console_script_usage_error_exit_code() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "corridor", "network", "validate"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "Missing argument" in proc.stderr


@pytest.mark.parametrize("query", ["xian", "Xian", "Xi'an", "CNXIA", "西安"])
def test_places_finds_xian_in_the_embedded_network(query: str) -> None:
    result = runner.invoke(app, ["places", query, "--limit", "1"])
    assert result.exit_code == 0, result.output
    assert "Xi'an" in result.output
    assert "CNXIA" in result.output


def test_network_info_on_the_embedded_network() -> None:
    result = runner.invoke(app, ["network", "info"])
    assert result.exit_code == 0, result.output
    assert "eurasia" in result.output
    for word in ("rail_1520", "rail_1435", "sea", "ferry", "road", "OpenStreetMap"):
        assert word in result.output
