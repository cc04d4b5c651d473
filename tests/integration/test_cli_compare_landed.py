"""``corridor compare --optimize landed``: ranked by a shipper's landed cost."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from corridor.cli import app
from corridor.cli.compare_landed import search_value_of_time
from corridor.finance import LANDED_COLUMNS

runner = CliRunner()

_BASE = ["compare", "Chengdu", "Warsaw", "--optimize", "landed", "--value", "400000"]


def test_json_is_ranked_by_landed_cost_and_sums() -> None:
    result = runner.invoke(app, [*_BASE, "--quantity", "10", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["optimize"] == "landed"
    assert data["rank_by"] == "landed"
    totals = [o["total"] for o in data["options"]]
    assert len(totals) >= 3
    assert totals == sorted(totals)
    for option in data["options"]:
        assert abs(sum(option["components"].values()) - option["total"]) < 1e-6
    # a consignment worth 400,000 on ten FEU: insurance 0.2 % of the value per option
    assert {o["components"]["insurance"] for o in data["options"]} == {800.0}


def test_table_and_csv_agree() -> None:
    table = runner.invoke(app, [*_BASE, "--quantity", "10"])
    assert table.exit_code == 0, table.output
    assert "best first by landed cost" in table.stdout
    assert "27.40 USD per FEU per day" in table.stdout  # 400,000 x 25 % / 365 / 10
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, [*_BASE, "-f", "csv"]).stdout)))
    assert tuple(rows[0]) == LANDED_COLUMNS
    assert [int(r["rank"]) for r in rows] == list(range(1, len(rows) + 1))
    totals = [float(r["total"]) for r in rows]
    assert totals == sorted(totals)


def test_expensive_goods_favour_fast_corridors() -> None:
    cheap = json.loads(runner.invoke(app, [*_BASE[:-1], "1000", "-f", "json"]).stdout)
    dear = json.loads(runner.invoke(app, [*_BASE[:-1], "50000000", "-f", "json"]).stdout)
    assert cheap["options"][0]["corridor"].startswith("sea")
    assert dear["options"][0]["corridor"] == "northern"


def test_search_value_of_time_is_the_carrying_cost() -> None:
    assert search_value_of_time(400_000, "USD", 10) == pytest.approx(400_000 * 0.25 / 365 / 10)
    assert search_value_of_time(1000, "USD", 1, carrying_rate=0.0) == 0.0
    assert search_value_of_time(1e30, "USD", 1) == 1e7  # capped at the largest accepted


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--optimize", "landed"], "--optimize landed needs --value"),
        (["--value", "5"], "--value is used with --optimize landed"),
        (["--optimize", "landed", "--value", "-1"], "--value -1"),
        (["--optimize", "landed", "--value", "nan"], "--value nan"),
        (["--optimize", "landed", "--value", "5", "--currency", "XYZ"], "--currency XYZ"),
        (["--optimize", "landed", "--value", "5", "--quantity", "0"], "--quantity 0"),
    ],
)
def test_errors_are_one_line_exit_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["compare", "Chengdu", "Warsaw", *args])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


@settings(max_examples=6, deadline=None)
@given(value=st.floats(0.0, 1e9), quantity=st.integers(1, 1000))
def test_any_consignment_is_ranked_cheapest_first(value: float, quantity: int) -> None:
    args = [*_BASE[:-1], repr(value), "--quantity", str(quantity), "-f", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    totals = [o["total"] for o in json.loads(result.stdout)["options"]]
    assert totals == sorted(totals)
