"""``corridor sweep``: table, CSV and JSON, pair files, backends agree, one-line errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from corridor.cli import app
from corridor.sweep import SWEEP_COLUMNS

runner = CliRunner()

_BASE = ["sweep", "-s", "base", "-s", "red-sea-closure", "--od", "Shanghai:Rotterdam"]


def test_table_groups_rows_by_scenario_and_pair() -> None:
    result = runner.invoke(app, [*_BASE, "--od", "Chengdu:Warsaw", "--samples", "300"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "2 scenario(s) x 2 pair(s), 300 simulated transits per option" in out
    assert "Shanghai → Rotterdam" in out
    assert "red-sea-closure" in out
    assert "ran on serial" in out


def test_csv_has_the_columns_and_a_row_per_option() -> None:
    result = runner.invoke(app, [*_BASE, "--samples", "300", "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == SWEEP_COLUMNS
    assert {r["scenario"] for r in rows} == {"base", "red-sea-closure"}
    assert all(r["origin"] == "shanghai" for r in rows)
    assert all(float(r["p50_days"]) <= float(r["p90_days"]) for r in rows)
    assert "sea_suez" not in {r["corridor"] for r in rows if r["scenario"] == "red-sea-closure"}


def test_od_file_and_output_file(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("origin,destination,teu\nXi'an,Duisburg,10\n\nChengdu,Warsaw,5\n")
    target = tmp_path / "out.json"
    result = runner.invoke(
        app, ["sweep", "--od-file", str(pairs), "--samples", "200", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(target.read_text())
    assert data["pairs"] == [["xian", "duisburg"], ["chengdu", "warsaw"]]
    assert data["scenarios"] == ["base"]
    assert data["samples"] == 200


def test_batch_size_does_not_change_the_numbers() -> None:
    one = runner.invoke(app, [*_BASE, "--samples", "300", "-f", "csv", "--batch-size", "1"])
    many = runner.invoke(app, [*_BASE, "--samples", "300", "-f", "csv", "--batch-size", "9"])
    assert one.exit_code == 0, one.output
    assert one.stdout == many.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--od", "Shanghai:Nowhereville"], "--od Shanghai:Nowhereville: unknown place"),
        (["--od", "Shanghai"], "use ORIGIN:DESTINATION"),
        (["--od", "Shanghai:Shanghai"], "same place"),
        (["-s", "red-sea", "--od", "Shanghai:Rotterdam"], "did you mean 'red-sea-closure'"),
        (["--workers", "0", "--od", "Shanghai:Rotterdam"], "--workers 0: use a finite number"),
        (["--samples", "0", "--od", "Shanghai:Rotterdam"], "--samples 0"),
        (["--seed", "-1", "--od", "Shanghai:Rotterdam"], "--seed -1"),
        (["--batch-size", "0", "--od", "Shanghai:Rotterdam"], "--batch-size 0"),
        (
            ["--workers", "2", "--scheduler", "tcp://h:1", "--od", "Shanghai:Rotterdam"],
            "--workers cannot be used with --scheduler",
        ),
        ([], "no origin-destination pair"),
        (["--od-file", "/nonexistent/pairs.csv"], "no such file"),
    ],
)
def test_errors_are_one_line_exit_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["sweep", *args])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_od_file_errors_name_the_line(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("from,to\nA,B\n")
    result = runner.invoke(app, ["sweep", "--od-file", str(pairs)])
    assert result.exit_code == 2
    assert "line 1: no origin and destination columns" in result.stderr
    pairs.write_text("origin,destination\nXi'an,Duisburg\nChengdu,\n")
    result = runner.invoke(app, ["sweep", "--od-file", str(pairs)])
    assert "line 3: empty origin or destination" in result.stderr
    pairs.write_text("origin,destination\nXi'an,Duisberg-Nowhere\n")
    result = runner.invoke(app, ["sweep", "--od-file", str(pairs)])
    assert f"--od-file {pairs} line 2: unknown place" in result.stderr


def test_unreachable_scheduler_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("distributed")
    from corridor.sweep import backends  # noqa: PLC0415

    monkeypatch.setattr(backends, "CONNECT_TIMEOUT_S", 1)
    result = runner.invoke(app, [*_BASE, "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2
    assert "--scheduler tcp://127.0.0.1:1: cannot reach the Dask scheduler" in result.stderr


@settings(max_examples=25, deadline=None)
@given(
    flag=st.sampled_from(["--samples", "--seed", "--batch-size", "--workers"]),
    value=st.one_of(
        st.integers(-(10**12), 0), st.integers(10**8, 10**30), st.sampled_from(["x", "1.5", ""])
    ),
)
def test_numeric_options_out_of_range_exit_2(flag: str, value: object) -> None:
    if flag == "--seed" and isinstance(value, int) and value >= 0:
        value = -1  # every whole seed >= 0 is valid
    result = runner.invoke(app, ["sweep", flag, str(value), "--od", "Shanghai:Rotterdam"])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.output
