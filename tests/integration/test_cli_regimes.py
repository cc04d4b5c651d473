"""``--date`` and ``--operations`` pick the network's regimes on the command line."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corridor.cli import app

runner = CliRunner()


@pytest.fixture
def with_regimes(tmp_path: Path) -> Path:
    data = json.loads(
        resources.files("corridor.data").joinpath("eurasia.geojson").read_text("utf-8")
    )
    prov = {"tariff_factor": {"source": "test", "kind": "estimate"}}
    data["corridor"]["regimes"] = [
        {
            "id": "calm",
            "name": "calm seas",
            "kind": "sea_rates",
            "valid_from": "2023-01-01",
            "valid_to": "2023-12-14",
            "provenance": prov,
        },
        {
            "id": "storm",
            "name": "Red Sea closed",
            "kind": "sea_rates",
            "valid_from": "2023-12-15",
            "tariff_factor": {"sea": 4.0},
            "closed": ["suez"],
            "provenance": prov,
        },
        {"id": "scheduled", "name": "block trains", "kind": "rail_operations", "default": True},
        {
            "id": "congested",
            "name": "2022 congestion",
            "kind": "rail_operations",
            "dwell_factor": {"*": 3.0},
        },
    ]
    data["corridor"].pop("applied_regimes", None)
    out = tmp_path / "regimes.geojson"
    out.write_text(json.dumps(data), encoding="utf-8")
    return out


def _options(args: list[str]) -> list[dict[str, object]]:
    result = runner.invoke(app, ["compare", "-f", "json", *args])
    assert result.exit_code == 0, result.output
    options: list[dict[str, object]] = json.loads(result.stdout)["options"]
    return options


def test_date_picks_the_sea_rate_regime(with_regimes: Path) -> None:
    net = ["-n", str(with_regimes)]
    calm = _options(["Shanghai", "Rotterdam", "--date", "2023-06-01", *net])
    storm = _options(["Shanghai", "Rotterdam", "--date", "2024-06-01", *net])
    latest = _options(["Shanghai", "Rotterdam", *net])
    assert all(o["regimes"] == {"sea_rates": "calm", "rail_operations": "scheduled"} for o in calm)
    assert {o["regimes"]["sea_rates"] for o in latest} == {"storm"}  # type: ignore[index]
    assert any("suez" in o["chokepoints"] for o in calm)  # type: ignore[operator]
    assert not any("suez" in o["chokepoints"] for o in storm)  # type: ignore[operator]
    cheapest = {min(float(o["cost_usd"]) for o in opts) for opts in (calm, storm)}  # type: ignore[arg-type]
    assert max(cheapest) > 1.5 * min(cheapest)


def test_operations_picks_the_rail_regime(with_regimes: Path) -> None:
    net = ["-n", str(with_regimes)]
    base = _options(["Xi'an", "Duisburg", *net])
    jam = _options(["Xi'an", "Duisburg", "--operations", "congested", *net])
    days = {o["corridor"]: o["transit_days"]["mean"] for o in base}  # type: ignore[index]
    jam_days = {o["corridor"]: o["transit_days"]["mean"] for o in jam}  # type: ignore[index]
    assert jam_days["northern"] > days["northern"] + 1.0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "June 2024"], "not a date"),
        (["--date", "2019-01-01"], "no sea-rate regime covers it"),
        (["--operations", "chaos"], "unknown rail operating regime"),
    ],
)
def test_bad_regime_options_exit_2_with_one_line(
    with_regimes: Path, args: list[str], message: str
) -> None:
    result = runner.invoke(
        app, ["compare", "Shanghai", "Rotterdam", "-n", str(with_regimes), *args]
    )
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
