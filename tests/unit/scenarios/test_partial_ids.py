"""A scenario file with bad values still gets its unknown ids listed: every problem at once."""

from __future__ import annotations

import pickle
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import corridor
from corridor.cli import app
from corridor.network.model import Network
from corridor.scenarios import ScenarioError, apply_scenario, parse_scenario
from corridor.scenarios.apply import apply_edits, id_problems

HEAD = 'name = "t"\ndescription = "test"\n[sources]\ns = "test"\n'
#: one bad value (line 7) and four unknown ids (lines 6, 10, 13, 16), a bad currency (17)
BROKEN = (
    HEAD
    + '[[capacity]]\nlinks = ["rail:dostyk-aktogay", "rail:nowhere"]\nfactor = -2.0\n'
    + 'source = "s"\n'
    + '[[close]]\nnodes = ["atkau"]\n'
    + '[[tariff]]\nservices = ["No Such Line"]\nfactor = 1.2\n'
    + '[regimes]\nsea_rates = "sea_1999"\n'
    + '[[tariff]]\nlinks = ["rail:dostyk-aktogay"]\nfixed = 10.0\ncurrency = "XXX"\n'
    + 'source = "s"\n'
)


@cache
def _net() -> Network:
    return corridor.eurasia()


def test_bad_values_and_unknown_ids_are_listed_together(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(BROKEN)
    with pytest.raises(ScenarioError) as info:
        apply_scenario(_net(), path)
    text = [f"{p.line} {p.key}: {p.message}" for p in info.value.problems]
    assert "7 capacity[1].factor: -2.0 is impossible" in text
    for expected in (
        "6 capacity[1].links: unknown link 'rail:nowhere'",
        "10 close[1].nodes: unknown node 'atkau'",
        "12 tariff[1].services: unknown service 'No Such Line'",
        "15 regimes.sea_rates: unknown sea-rate regime 'sea_1999'",
        "19 tariff[2].currency: no exchange rate for XXX",
    ):
        assert expected in text
    lines = [p.line for p in info.value.problems]
    assert lines == sorted(lines)


def test_id_problems_word_them_as_applying_does() -> None:
    ok_values = BROKEN.replace("factor = -2.0", "factor = 2.0").replace(
        "factor = 1.2\n", 'factor = 1.2\nsource = "s"\n'
    )
    scenario = parse_scenario(ok_values)
    with pytest.raises(ScenarioError) as info:
        apply_edits(_net(), scenario)
    # applying stops an edit at its first problem; the id check lists each unknown id
    assert set(info.value.problems) <= set(id_problems(_net(), scenario))


def test_ids_the_file_adds_are_known(tmp_path: Path) -> None:
    text = (
        HEAD
        + '[[add.node]]\nid = "new_port"\nname = "New Port"\nkind = "port"\ncountry = "KZ"\n'
        + 'lon = 51.0\nlat = 44.0\nsource = "s"\n'
        + '[[close]]\nnodes = ["new_port"]\n'
        + '[[speed]]\nlinks = ["rail:dostyk-aktogay"]\nfactor = 0.0\nsource = "s"\n'
    )
    path = tmp_path / "adds.toml"
    path.write_text(text)
    with pytest.raises(ScenarioError) as info:
        apply_scenario(_net(), path)
    assert [p.key for p in info.value.problems] == ["speed[1].factor"]


@settings(max_examples=20, deadline=None)
@given(
    real=st.lists(st.sampled_from(["aktau", "alat", "dostyk", "khorgos", "baku"]), max_size=3),
    fake=st.lists(st.from_regex(r"zz[a-z]{3}", fullmatch=True), max_size=4, unique=True),
)
def test_every_unknown_node_is_listed_once(real: list[str], fake: list[str]) -> None:
    nodes = ", ".join(f'"{n}"' for n in [*real, *fake])
    text = HEAD + f"[[close]]\nnodes = [{nodes}]\n" + '[[speed]]\nlinks = ["x"]\nfactor = -1\n'
    scenario_error = None
    try:
        parse_scenario(text)
    except ScenarioError as exc:
        scenario_error = exc
    assert scenario_error is not None
    assert scenario_error.partial is not None
    found = id_problems(_net(), scenario_error.partial)
    unknown = sorted(p.message for p in found if p.key == "close[1].nodes")
    assert unknown == sorted(f"unknown node {f!r}" for f in fake)
    assert any(p.key == "speed[1].links" for p in found)


def test_cli_validate_lists_everything_in_one_go(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(BROKEN)
    result = CliRunner().invoke(app, ["scenario", "validate", str(path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    for words in ("-2.0 is impossible", "unknown link 'rail:nowhere'", "unknown node 'atkau'"):
        assert words in result.output


def test_a_malformed_code_is_reported_once(tmp_path: Path) -> None:
    path = tmp_path / "codes.toml"
    path.write_text(HEAD + '[[close]]\ncountries = ["Russia", "QQ"]\nfrontiers = ["CN-Kz"]\n')
    with pytest.raises(ScenarioError) as info:
        apply_scenario(_net(), path)
    messages = [p.message for p in info.value.problems]
    assert sum("Russia" in m for m in messages) == 1
    assert sum("CN-Kz" in m for m in messages) == 1
    assert "unknown country 'QQ'" in messages


def test_scenario_error_pickles(tmp_path: Path) -> None:
    """An error raised on a Dask worker is pickled back to the client."""
    path = tmp_path / "broken.toml"
    path.write_text(BROKEN)
    with pytest.raises(ScenarioError) as info:
        apply_scenario(_net(), path)
    back = pickle.loads(pickle.dumps(info.value))  # noqa: S301 - our own object
    assert back.problems == info.value.problems
    assert str(back) == str(info.value)
    assert isinstance(back, ScenarioError)
