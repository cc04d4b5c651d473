"""``corridor scenario ...`` and ``--scenario`` on the commands that load a network."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corridor.cli import app

runner = CliRunner()

BAD = """\
name = "Bad Name"
description = "three problems and an unknown id"

[[capacity]]
links = ["rail:dostyk-aktogay"]
factor = -2.0
estimate = true

[[close]]
nodes = ["atkau"]
colour = "red"
"""


def test_list_names_every_builtin() -> None:
    result = runner.invoke(app, ["scenario", "list"])
    assert result.exit_code == 0, result.output
    for name in ("base", "red-sea-closure", "northern-sanctions", "caspian-winter"):
        assert name in result.output


def test_show_json_lists_edits_and_sources() -> None:
    result = runner.invoke(app, ["scenario", "show", "red-sea-closure", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [e["edit"] for e in data["edits"]] == [
        "regimes: sea rates sea_red_sea_2024_peak",
        "close chokepoints: suez, bab_el_mandeb",
    ]
    assert set(data["sources"]) == {"unctad-2024", "drewry-2026"}


def test_validate_lists_every_problem_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD)
    result = runner.invoke(app, ["scenario", "validate", str(bad)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    lines = [ln for ln in result.output.splitlines() if ln.startswith("error:")]
    assert len(lines) == 4, result.output  # the unknown id too, though values are bad
    assert f"{bad}:1: name:" in lines[0] or any(f"{bad}:1: name" in ln for ln in lines)
    assert any(f"{bad}:6: capacity[1].factor" in ln for ln in lines)
    assert any(f"{bad}:10: close[1].nodes: unknown node 'atkau'" in ln for ln in lines)
    assert any(f"{bad}:11: close[1].colour" in ln for ln in lines)


def test_validate_unknown_ids_after_parsing(tmp_path: Path) -> None:
    f = tmp_path / "ids.toml"
    f.write_text('name = "ids"\ndescription = "d"\n\n[[close]]\nnodes = ["atkau"]\n')
    result = runner.invoke(app, ["scenario", "validate", str(f)])
    assert result.exit_code == 2
    assert f"{f}:5: close[1].nodes: unknown node 'atkau'" in result.output
    assert "did you mean 'aktau'" in result.output


def test_validate_ok_builtin_files() -> None:
    folder = Path(__file__).parents[2] / "src" / "corridor" / "data" / "scenarios"
    files = sorted(str(p) for p in folder.glob("*.toml"))
    result = runner.invoke(app, ["scenario", "validate", *files])
    assert result.exit_code == 0, result.output
    assert result.output.count("ok:") == len(files) == 5


def test_compare_red_sea_moves_sea_freight_to_the_cape() -> None:
    args = ["scenario", "compare", "base", "red-sea-closure", "--origin", "Shanghai"]
    args += ["--destination", "Rotterdam", "--date", "2023-06-01", "-f", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    rows = {r["corridor"]: r for r in json.loads(result.output)["routes"]["corridors"]}
    assert rows["sea_suez"]["base_days"] is not None
    assert rows["sea_suez"]["other_days"] is None
    cape = rows["sea_cape"]
    assert cape["other_days"] > rows["sea_suez"]["base_days"]
    assert cape["other_usd"] > rows["sea_suez"]["base_usd"]


def test_compare_needs_places_or_demand() -> None:
    result = runner.invoke(app, ["scenario", "compare", "base", "red-sea-closure"])
    assert result.exit_code == 2
    assert "--demand" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["route", "Xi'an", "Duisburg", "-f", "json"],
        ["compare", "Xi'an", "Duisburg", "-f", "json"],
    ],
)
def test_scenario_option_closes_russia(args: list[str]) -> None:
    result = runner.invoke(app, [*args, "--scenario", "northern-sanctions"])
    assert result.exit_code == 0, result.output
    text = result.output
    assert '"RU"' not in text
    assert '"BY"' not in text


def test_scenario_option_unknown_name_is_one_line() -> None:
    result = runner.invoke(app, ["route", "Xi'an", "Duisburg", "--scenario", "red-sea"])
    assert result.exit_code == 2
    assert "did you mean 'red-sea-closure'" in result.output
    assert "Traceback" not in result.output


def test_compare_with_demand_reports_moves_and_totals(tmp_path: Path) -> None:
    demand = tmp_path / "demand.csv"
    demand.write_text(
        "origin,destination,cargo,volume,unit,source\n"
        "Xi'an,Duisburg,TEU,100000,TEU,test\n"
        "Chengdu,Lodz,TEU,50000,TEU,test\n"
    )
    args = ["scenario", "compare", "base", "northern-sanctions", "--demand", str(demand)]
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)["assignment"]
    moved = {c["corridor"]: c["moved_teu"] for c in data["corridors"]}
    assert moved["northern"] < 0
    assert sum(moved.values()) == pytest.approx(0.0, abs=1e-3)
    assert data["demand_teu"] == {"base": 150000.0, "other": 150000.0}
    assert data["total_generalised_cost_usd"]["change"] > 0
    assert len(data["od"]) == 2
    table = runner.invoke(app, args)
    assert table.exit_code == 0, table.output
    assert "System totals per year" in table.output
    assert "relieved" in table.output or "created" in table.output


def test_assign_takes_scenarios(tmp_path: Path) -> None:
    demand = tmp_path / "demand.csv"
    demand.write_text(
        "origin,destination,cargo,volume,unit,source\nXi'an,Duisburg,TEU,100000,TEU,test\n"
    )
    base = runner.invoke(app, ["assign", "--demand", str(demand), "-f", "json"])
    other = runner.invoke(
        app, ["assign", "--demand", str(demand), "-f", "json", "--scenario", "northern-sanctions"]
    )
    assert base.exit_code == other.exit_code == 0, other.output
    assert base.output != other.output
