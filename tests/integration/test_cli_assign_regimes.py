"""``corridor assign`` and ``scenario compare --demand`` apply dated regimes as compare does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corridor.cli import app

runner = CliRunner()

#: Singapore → Rotterdam goes by sea through Suez before the Red Sea crisis.
DEMAND = "origin,destination,cargo,volume,unit,source\nSingapore,Rotterdam,TEU,10000,TEU,test\n"


@pytest.fixture
def demand(tmp_path: Path) -> Path:
    """A one-pair demand file."""
    path = tmp_path / "demand.csv"
    path.write_text(DEMAND)
    return path


def _suez_teu(data: dict[str, object]) -> float:
    links = data["links"]
    assert isinstance(links, list)
    return float(sum(lk["flow_teu"] for lk in links if "suez" in (lk["from_node"], lk["to_node"])))


def test_assign_applies_the_latest_regime_by_default(demand: Path) -> None:
    result = runner.invoke(app, ["assign", "--demand", str(demand), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["regimes"] == ["sea_2026", "scheduled"]
    assert _suez_teu(data) == 0.0


def test_assign_date_and_operations(demand: Path) -> None:
    args = ["assign", "--demand", str(demand), "-f", "json", "--date", "2023-06-01"]
    result = runner.invoke(app, [*args, "--operations", "congested"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["regimes"] == ["sea_pre_crisis_2023", "congested"]
    assert _suez_teu(data) > 0.0
    table = runner.invoke(app, ["assign", "--demand", str(demand), "--date", "2023-06-01"])
    assert table.exit_code == 0, table.output
    assert "Regimes: sea_pre_crisis_2023, scheduled" in table.output


@pytest.mark.parametrize(
    ("flags", "words"),
    [
        (["--date", "2023-02-30"], "not a date"),
        (["--operations", "gridlock"], "unknown rail operating regime"),
    ],
)
def test_assign_bad_regime_is_one_line(demand: Path, flags: list[str], words: str) -> None:
    result = runner.invoke(app, ["assign", "--demand", str(demand), *flags])
    assert result.exit_code == 2
    assert words in result.output
    assert "Traceback" not in result.output


def test_assign_tntp_refuses_date() -> None:
    result = runner.invoke(app, ["assign", "--tntp", "x", "--date", "2024-01-01"])
    assert result.exit_code == 2
    assert "--date cannot be used with --tntp" in result.output


def test_scenario_compare_demand_uses_the_regimes(demand: Path) -> None:
    args = ["scenario", "compare", "base", "red-sea-closure", "--demand", str(demand), "-f", "json"]
    now = runner.invoke(app, args)
    then = runner.invoke(app, [*args, "--date", "2023-06-01"])
    assert now.exit_code == then.exit_code == 0, now.output + then.output
    moved_now = {
        c["corridor"]: c["moved_teu"] for c in json.loads(now.output)["assignment"]["corridors"]
    }
    a_then = json.loads(then.output)["assignment"]
    moved_then = {c["corridor"]: c["moved_teu"] for c in a_then["corridors"]}
    # latest regime: Suez already closed in the base, nothing to move off it
    assert moved_now["sea_suez"] == 0.0
    # mid-2023: the base goes through Suez, the closure moves all of it
    assert a_then["regimes"][0] == "sea_pre_crisis_2023"
    assert moved_then["sea_suez"] == pytest.approx(-10_000.0)
