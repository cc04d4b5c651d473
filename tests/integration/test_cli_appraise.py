"""``corridor appraise``: one project, a portfolio, JSON, the tornado plot, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from corridor.cli import app
from corridor.testing import tiny_network_geojson

runner = CliRunner()
_PROV = {"source": "test fixture", "kind": "estimate", "note": "UNSOURCED ESTIMATE"}

PROJECT = """
name = "{name}"
demand = "demand.csv"
demand_year = 2030
growth = 0.02
discount_rate = 0.06
start_year = 2028
opening_year = 2030
lifetime = 10
opex_usd_per_year = 1e5

[capacity]
dostyk = {factor}

[capex]
2028 = {capex}

[financing]
loan_share = 0.6
rate = 0.05
tenor = 8
grace = 1
revenue_currency = "KZT"
fx_rate = 500
tariff = 50000
revenue_elements = ["dostyk"]

[uncertainty]
demand_sd = 0.2
capex_overrun = [0.0, 0.1, 0.4]
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("appraise")
    gj: dict[str, Any] = tiny_network_geojson()
    for f in gj["features"]:
        if f["properties"]["id"] == "dostyk":
            t = f["properties"]["transfers"][0]
            t["capacity"] = {"value": 30_000.0, "unit": "teu_per_year"}
            t["provenance"]["capacity"] = _PROV
    (d / "net.geojson").write_text(json.dumps(gj), encoding="utf-8")
    (d / "demand.csv").write_text(
        "origin,destination,cargo,volume,unit\nxian,almaty,FEU,27000,TEU\n", encoding="utf-8"
    )
    for name, factor, capex in (("big", 2.0, 5e7), ("small", 1.3, 1e7)):
        text = PROJECT.format(name=name, factor=factor, capex=capex)
        (d / f"{name}.toml").write_text(text, encoding="utf-8")
    return d


def test_table_and_plot(folder: Path) -> None:
    plot = folder / "tornado.png"
    result = runner.invoke(
        app,
        [
            "appraise",
            str(folder / "big.toml"),
            "--network",
            str(folder / "net.geojson"),
            "--plot",
            str(plot),
            "--draws",
            "2000",
        ],
    )
    assert result.exit_code == 0, result.output
    out = result.output
    for needle in ("ENPV", "BCR", "EIRR", "FIRR", "equity IRR", "DSCR min", "P10", "P90"):
        assert needle in out
    assert "Sensitivity" in out
    assert plot.stat().st_size > 1000


def test_json_portfolio_under_budget(folder: Path) -> None:
    args = [
        "appraise",
        str(folder / "big.toml"),
        str(folder / "small.toml"),
        "--network",
        str(folder / "net.geojson"),
        "--budget",
        "3e7",
        "--draws",
        "200",
        "--seed",
        "3",
        "-f",
        "json",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [p["project"]["name"] for p in data["projects"]] == ["big", "small"]
    big = data["projects"][0]
    assert big["benefits"]["anchors"][0]["time_usd"] > 0  # Dostyk's queue shrinks
    assert big["monte_carlo"]["draws"] == 200
    pf = data["portfolio"]
    assert pf["budget"] == 3e7
    selected = [p["name"] for p in pf["projects"] if p["selected"]]
    assert "big" not in selected  # 5e7 > budget
    again = runner.invoke(app, args)
    assert json.loads(again.stdout)["projects"][0]["monte_carlo"] == big["monte_carlo"]


def test_bad_project_lists_every_problem(folder: Path) -> None:
    bad = folder / "bad.toml"
    bad.write_text(
        (folder / "big.toml")
        .read_text(encoding="utf-8")
        .replace("discount_rate = 0.06", "discount_rate = -1\nfoo = 1")
        .replace("loan_share = 0.6", "loan_share = 7"),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["appraise", str(bad)])
    assert result.exit_code == 2
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert len(lines) == 3
    assert any("bad.toml:6: discount_rate" in ln for ln in lines), lines
    assert any("foo" in ln for ln in lines)
    assert any("financing.loan_share" in ln for ln in lines)
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [["--draws", "-1"], ["--budget", "nan"], ["--plot", "x.nope"], ["--seed", "-2"]],
)
def test_bad_options_are_one_line(folder: Path, args: list[str]) -> None:
    result = runner.invoke(app, ["appraise", str(folder / "big.toml"), *args])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_the_example_project_runs() -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "aktau_expansion.toml"
    result = runner.invoke(app, ["appraise", str(example), "--draws", "500", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)["projects"][0]
    m = data["measures"]
    assert m["bcr"] < 1.0  # Aktau is not a binding bottleneck at the example demand
    assert m["dscr_min"] is not None
    anchors = data["benefits"]["anchors"]
    assert len(anchors) == 4
    assert data["benefits"]["relative_gap"] <= 1e-4
    # users' time + money benefit grows with demand (a busier Caspian route gains more)
    net = [a["time_usd"] + a["money_usd"] for a in anchors]
    assert net[-1] > net[0]


def test_unknown_ids_listed_with_their_lines(folder: Path) -> None:
    bad = folder / "ids.toml"
    bad.write_text(
        (folder / "big.toml")
        .read_text(encoding="utf-8")
        .replace("dostyk = 2.0", "dostyk = 2.0\natlantis = 1.5\nxian = 2.0")
        .replace('revenue_elements = ["dostyk"]', 'revenue_elements = ["dostyk", "mu"]'),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["appraise", str(bad), "--network", str(folder / "net.geojson")])
    assert result.exit_code == 2
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert len(lines) == 3, lines
    assert any("ids.toml:14: capacity.atlantis" in ln for ln in lines)
    assert any("capacity.xian: 'xian' has no capacity to scale" in ln for ln in lines)
    assert any("financing.revenue_elements: 'mu'" in ln for ln in lines)
