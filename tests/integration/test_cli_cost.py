"""``corridor cost``: the table, JSON and CSV, the deadline filter, one-line errors."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from corridor.cli import app
from corridor.finance import LANDED_COLUMNS

runner = CliRunner()

_BASE = ["cost", "Chengdu", "Warsaw", "--value", "400000", "--quantity", "10"]


def test_table_with_deadline_names_what_was_dropped() -> None:
    result = runner.invoke(app, [*_BASE, "--deadline", "25d", "--confidence", "0.9"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Chengdu → Warsaw: landed cost of 10 FEU" in out
    assert "1 Northern" in out
    assert "landed cost" in out
    assert "safety stock" in out
    assert "dropped Sea/Cape: arrives within 25 days with probability 0.00" in out
    assert "dropped Middle/Türkiye" in out
    assert "insurance_rate: Typical cargo insurance premium" in out


def test_json_matches_the_library_and_sums() -> None:
    result = runner.invoke(app, [*_BASE, "--deadline", "600h", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["deadline"] == {"days": 25.0, "confidence": 0.9}
    assert [o["corridor"] for o in data["options"]] == ["northern"]
    assert {d["corridor"] for d in data["dropped"]} == {
        "middle_turkiye",
        "middle_black_sea",
        "sea_cape",
    }
    best = data["options"][0]
    assert best["components"]["insurance"] == 800.0
    assert abs(sum(best["components"].values()) - best["total"]) < 1e-6


def test_csv_one_row_per_option_with_rank_and_reason() -> None:
    result = runner.invoke(app, [*_BASE, "--deadline", "25d", "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == LANDED_COLUMNS
    assert [r["rank"] for r in rows] == ["1", "", "", ""]
    assert rows[0]["dropped_reason"] == ""
    assert all("below the 0.9 required" in r["dropped_reason"] for r in rows[1:])


def test_euro_shipper_with_own_rate_pays_the_spread() -> None:
    args = [*_BASE, "--currency", "EUR", "--fx", "EUR=0.5", "--rank", "time", "-f", "json"]
    data = json.loads(runner.invoke(app, args).stdout)
    assert data["currency"] == "EUR"
    assert data["options"][0]["corridor"] == "northern"  # fastest first
    rates = {r["currency"]: r for r in data["fx"]["rates"]}
    assert rates["EUR"]["per_usd"] == 0.5
    assert rates["EUR"]["source"] == "rate given by the user"
    for o in data["options"]:
        charges = sum(o["components"][k] for k in ("freight", "handling", "transshipment"))
        charges += o["components"]["border_fees"] + o["components"]["canal_tolls"]
        assert o["components"]["fx_conversion"] == pytest.approx(0.01 * charges, abs=0.05)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--value", "-5"], "error: --value -5: use a finite number 0 or more"),
        (["--value", "nan"], "error: --value nan"),
        (["--value", "1", "--quantity", "0"], "error: --quantity 0: out of range"),
        (["--value", "1", "--currency", "XYZ"], "error: --currency XYZ: no exchange rate"),
        (
            ["--value", "1", "--deadline", "25d", "--confidence", "1.5"],
            "error: --confidence 1.5: out of range",
        ),
        (["--value", "1", "--deadline", "25 days"], "error: --deadline 25 days: cannot read it"),
        (["--value", "1", "--confidence", "0.9"], "error: --confidence 0.9: needs a deadline"),
        (["--value", "1", "--fx", "EUR:0.9"], "error: --fx EUR:0.9: write a rate as CODE=UNITS"),
        (["--value", "1", "--carrying-rate", "-1"], "error: --carrying-rate -1"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["cost", "Chengdu", "Warsaw", *args])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(message), lines[0]
    assert "Traceback" not in result.output
