"""Reading scenario files: every problem listed with its line; impossible numbers refused."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import corridor
from corridor.exceptions import CorridorError
from corridor.scenarios import ScenarioError, apply_scenario, parse_scenario, read_scenario
from corridor.scenarios.model import CapacityEdit, CloseEdit, DemandGrowth

HEAD = 'name = "t"\ndescription = "test"\n'


def _problems(text: str) -> list[tuple[int, str, str]]:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, source="s.toml")
    return [(p.line, p.key, p.message) for p in info.value.problems]


def test_every_problem_is_listed_with_its_line() -> None:
    text = (
        'name = "Not A Name"\n'  # 1
        "\n"
        "[[capacity]]\n"  # 3
        'links = ["rail:dostyk-aktogay"]\n'
        "factor = 0.0\n"  # 5
        "\n"
        "[[speed]]\n"  # 7
        'links = ["rail:dostyk-aktogay"]\n'
        "speed_kmh = 60\n"  # 9
        "\n"
        "[[tariff]]\n"  # 11
        'links = ["x"]\n'
        "fixed = 10\n"
        'currency = "usd"\n'  # 14
        'source = "nowhere"\n'  # 15
    )
    found = _problems(text)
    lines = [(line, key) for line, key, _ in found]
    assert (1, "name") in lines
    assert (0, "description") in lines
    assert (5, "capacity[1].factor") in lines
    assert (7, "speed[1]") in lines  # a numeric edit needs a source
    assert (14, "tariff[1].currency") in lines
    assert (15, "tariff[1].source") in lines
    assert len(found) >= 6


def test_toml_syntax_error_has_its_line() -> None:
    (problem,) = _problems(HEAD + "[[close]\nnodes = 1\n")
    assert problem[0] == 3
    assert "not valid TOML" in problem[2]


def test_unknown_key_suggests_the_close_one() -> None:
    with pytest.raises(ScenarioError, match="did you mean 'factor'"):
        parse_scenario(HEAD + '[[capacity]]\nlinks = ["a"]\nfactr = 2.0\nestimate = true\n')


def test_read_scenario_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="does not exist"):
        read_scenario(tmp_path / "nope.toml")


def test_read_scenario_not_utf8(tmp_path: Path) -> None:
    f = tmp_path / "latin.toml"
    f.write_bytes(b'name = "caf\xe9"\n')
    with pytest.raises(ScenarioError, match="not UTF-8"):
        read_scenario(f)


def test_scenario_error_is_a_corridor_error() -> None:
    assert issubclass(ScenarioError, CorridorError)
    assert issubclass(ScenarioError, ValueError)


def test_close_targets_parse() -> None:
    s = parse_scenario(HEAD + '[[close]]\ncountries = ["RU"]\nfrontiers = "CN-KZ"\n')
    assert [e for e in s.edits if isinstance(e, CloseEdit)] == [
        CloseEdit("countries", ("RU",), where=s.edits[0].where),
        CloseEdit("frontiers", ("CN-KZ",), where=s.edits[1].where),
    ]


def test_growth_from_rate_and_years() -> None:
    s = parse_scenario(
        HEAD + '[[demand_growth]]\ncorridor = "middle"\nannual_rate = 0.1\nyears = 2\n'
        "from_year = 2024\nestimate = true\n"
    )
    (g,) = s.demand_growth
    assert isinstance(g, DemandGrowth)
    assert g.factor == pytest.approx(1.21)
    assert (g.annual_rate, g.from_year) == (0.1, 2024)


_NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**20), max_value=10**20),
)


def _toml_number(x: float) -> str:
    if isinstance(x, float) and math.isnan(x):
        return "nan"
    if isinstance(x, float) and math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return repr(x)


@settings(max_examples=60, deadline=None)
@given(factor=_NUMBERS)
def test_capacity_factor_is_refused_unless_finite_and_positive(factor: float) -> None:
    text = (
        HEAD + '[[capacity]]\nlinks = ["rail:dostyk-aktogay"]\n'
        f"factor = {_toml_number(factor)}\nestimate = true\n"
    )
    ok = math.isfinite(factor) and 0 < factor <= 1e6
    if not ok:
        with pytest.raises(ScenarioError) as info:
            parse_scenario(text)
        assert info.value.problems[0].line == 5
        return
    s = parse_scenario(text)
    (edit,) = s.edits
    assert isinstance(edit, CapacityEdit)
    net = apply_scenario(corridor.eurasia(), s)
    cap = net.link("rail:dostyk-aktogay").capacity
    assert cap is not None
    assert cap.value == pytest.approx(60.0 * factor)


@settings(max_examples=40, deadline=None)
@given(
    key=st.sampled_from(
        [
            ("speed", "speed_kmh", 0.1, 1000.0),
            ("speed", "factor", 0.01, 100.0),
            ("headway", "factor", 1e-3, 1e3),
            ("headway", "sailings_per_week", 168.0 / 8760.0, 10080.0),
        ]
    ),
    value=_NUMBERS,
)
def test_numeric_edits_refuse_impossible_values(
    key: tuple[str, str, float, float], value: float
) -> None:
    table, field, low, high = key
    target = (
        'links = ["rail:dostyk-aktogay"]'
        if table == "speed"
        else 'services = ["Lake Van train ferry"]'
    )
    text = HEAD + f"[[{table}]]\n{target}\n{field} = {_toml_number(value)}\nestimate = true\n"
    ok = math.isfinite(value) and low <= value <= high
    if ok:
        net = apply_scenario(corridor.eurasia(), parse_scenario(text))
        assert net != corridor.eurasia() or value == 1.0
    else:
        with pytest.raises(ScenarioError):
            parse_scenario(text)
