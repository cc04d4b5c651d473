from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corridor.cli import app
from corridor.cli.reliability import parse_days
from corridor.exceptions import CorridorError

runner = CliRunner()


def test_reliability_table_with_deadline_and_digital_borders() -> None:
    result = runner.invoke(
        app,
        [
            "reliability",
            "Xi'an",
            "Baku",
            "--corridor",
            "middle",
            "--month",
            "12",
            "--deadline",
            "20d",
            "--samples",
            "20000",
            "--digital-borders",
            "KZ,AZ,GE",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "P(≤ 20 d)" in result.output
    assert "middle (digital KZ,AZ,GE)" in result.output
    assert "spread comes from" in result.output
    assert "port closed" in result.output


def test_reliability_json_is_reproducible() -> None:
    args = [
        "reliability",
        "Xi'an",
        "Duisburg",
        "--samples",
        "5000",
        "--seed",
        "4",
        "--deadline",
        "480h",
        "--format",
        "json",
        "--date",
        "2023-11-01",  # before the Red Sea diversions: a Sea/Suez option exists
    ]
    a = json.loads(runner.invoke(app, args).stdout)
    b = json.loads(runner.invoke(app, args).stdout)
    assert a == b
    run = a["runs"][0]
    assert set(run["transit_days"]) >= {"mean", "p10", "p50", "p90", "p95"}
    assert run["deadline_days"] == 20.0
    assert 0.0 <= run["on_time_probability"] <= 1.0
    shares = [s["share"] for s in run["variance_share"]]
    assert sum(shares) == pytest.approx(1.0, abs=1e-3)
    assert {r["corridor"] for r in a["runs"]} >= {"northern", "sea_suez"}


def test_reliability_plot(tmp_path: Path) -> None:
    out = tmp_path / "dist.png"
    result = runner.invoke(
        app,
        [
            "reliability",
            "Xi'an",
            "Baku",
            "--samples",
            "5000",
            "--deadline",
            "20d",
            "--plot",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--deadline", "soon"], "--deadline soon: use a positive duration"),
        (["--corridor", "arctic"], "--corridor arctic: no route of that family"),
        (["--digital-borders", "ZZ"], "--digital-borders ZZ: matches no border crossing"),
        (["--format", "xml"], "'xml' is not one of 'table', 'json', 'csv'"),
    ],
)
def test_reliability_bad_input_exits_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["reliability", "Xi'an", "Baku", "--samples", "100", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("text", "days"), [("20d", 20.0), ("20", 20.0), ("36h", 1.5), (" 7.5 D ", 7.5)]
)
def test_parse_days(text: str, days: float) -> None:
    assert parse_days(text) == days


@pytest.mark.parametrize("text", ["", "d", "-3d", "0", "3w"])
def test_parse_days_rejects(text: str) -> None:
    with pytest.raises(CorridorError):
        parse_days(text)


def test_route_and_compare_report_percentiles() -> None:
    data = json.loads(runner.invoke(app, ["route", "Xi'an", "Duisburg", "-f", "json"]).stdout)
    days = data["transit_days"]
    assert days["p50"] <= days["p90"] <= days["p95"]
    p90 = json.loads(
        runner.invoke(
            app, ["compare", "Xi'an", "Duisburg", "-f", "json", "--optimize", "p90"]
        ).stdout
    )
    values = [o["transit_days"]["p90"] for o in p90["options"]]
    assert values == sorted(values)


def test_reliability_simulates_a_detour_only_when_named() -> None:
    shown = runner.invoke(app, ["reliability", "Yiwu", "Tehran", "--samples", "200"])
    assert shown.exit_code == 0, shown.output
    assert "terminal-to-terminal days" in shown.stdout
    named = runner.invoke(
        app, ["reliability", "Yiwu", "Tehran", "--corridor", "northern", "--samples", "200"]
    )
    if "northern" in shown.stdout:
        pytest.skip("Northern is a corridor to Tehran in this network")
    assert named.exit_code == 0, named.output
    assert "northern" in named.stdout
    assert "note: northern is a detour through another corridor here" in named.stderr
