"""Project files: the example reads; every problem is listed with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.appraisal.project import ProjectError, parse_project, read_project

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"

GOOD = """
name = "P"
scenario = "middle-corridor-2030"
demand = "d.csv"
demand_year = 2030
discount_rate = 0.06
start_year = 2025
opening_year = 2027
lifetime = 10

[capex]
2025 = 50e6
2026 = 50e6
"""


def test_example_reads_with_sources_in_comments() -> None:
    p = read_project(EXAMPLES / "aktau_expansion.toml")
    assert p.name == "Aktau/Kuryk container expansion"
    assert p.total_capex == pytest.approx(396.4e6)
    assert p.scenario == (str(EXAMPLES / "aktau_kuryk_scenario.toml"),)
    assert p.demand == str(EXAMPLES / "demand_2030.csv")
    assert p.financing is not None
    assert p.financing.revenue_currency == "KZT"
    assert p.uncertainty.delay_probabilities == (0.5, 0.3, 0.2)
    assert p.years == 2052 - 2025 + 1
    text = (EXAMPLES / "aktau_expansion.toml").read_text(encoding="utf-8")
    # every number line carries a source or is marked an estimate
    for line in text.splitlines():
        code = line.split("#")[0]
        value = code.split("=", 1)[1].strip() if "=" in code else ""
        if value and not value.startswith(('"', '["')) and any(ch.isdigit() for ch in value):
            assert "#" in line, f"unsourced figure: {line}"


def test_minimal_project_and_defaults() -> None:
    p = parse_project(GOOD)
    assert p.capex == {2025: 50e6, 2026: 50e6}
    assert p.financing is None
    assert p.financial_discount_rate is None
    assert p.anchors == 3
    assert p.value_of_time_usd_per_teu_day is None


def test_every_problem_listed_with_its_line() -> None:
    bad = GOOD.replace("discount_rate = 0.06", "discount_rate = 2.5\ncolour = 'red'").replace(
        "2026 = 50e6", "2026 = -5\n[financing]\nloan_share = 1.5\ngrace = 20\ntenor = 10"
    )
    with pytest.raises(ProjectError) as info:
        parse_project(bad, source="p.toml")
    problems = info.value.problems
    by_key = {p.key: p for p in problems}
    assert set(by_key) >= {
        "discount_rate",
        "colour",
        "capex.2026",
        "financing.loan_share",
        "financing.grace",
    }
    lines = bad.splitlines()
    for key, needle in (
        ("discount_rate", "discount_rate = 2.5"),
        ("colour", "colour"),
        ("capex.2026", "2026 = -5"),
        ("financing.loan_share", "loan_share"),
    ):
        assert needle in lines[by_key[key].line - 1], key
    assert "unknown key 'colour'" in str(info.value)
    assert str(problems[0]).startswith("p.toml:")


def test_missing_keys_and_impossible_years() -> None:
    with pytest.raises(ProjectError) as info:
        parse_project('name = "x"\nstart_year = 2030\nopening_year = 2020\n[capex]\n2040 = 1')
    text = str(info.value)
    for needle in ("scenario", "demand", "discount_rate", "lifetime", "before start_year"):
        assert needle in text


def test_grace_must_cover_construction() -> None:
    bad = GOOD + "\n[financing]\nloan_share = 0.5\ntenor = 10\ngrace = 0\n"
    with pytest.raises(ProjectError, match="grace"):
        parse_project(bad)


@pytest.mark.parametrize(
    "extra",
    [
        "[uncertainty]\ncapex_overrun = [0.5, 0.1, 0.2]",
        "[uncertainty]\ndelay_probabilities = [0.5, 0.6]",
        "[uncertainty]\ndemand_sd = -1",
        "[uncertainty]\nwobble = 1",
    ],
)
def test_bad_uncertainty(extra: str) -> None:
    with pytest.raises(ProjectError, match="uncertainty"):
        parse_project(GOOD + "\n" + extra)


def test_not_toml_and_unreadable(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="not TOML"):
        parse_project("name = ")
    with pytest.raises(ProjectError, match="cannot be read"):
        read_project(tmp_path / "missing.toml")


def test_missing_files_named_with_their_line(tmp_path: Path) -> None:
    f = tmp_path / "p.toml"
    f.write_text(GOOD.replace('"middle-corridor-2030"', '"nope.toml"'), encoding="utf-8")
    with pytest.raises(ProjectError) as info:
        read_project(f)
    text = str(info.value)
    assert "p.toml:3: scenario:" in text
    assert "nope.toml does not exist" in text
    assert "p.toml:4: demand:" in text


def test_fx_rates_default_to_the_packaged_table() -> None:
    p = parse_project(GOOD + '\n[financing]\nrevenue_currency = "KZT"\nloan_currency = "EUR"\n')
    assert p.financing is not None
    assert p.financing.fx_rate == pytest.approx(495.28)  # src/corridor/data/fx_rates.csv
    assert 0.5 < p.financing.loan_fx_rate < 1.5
    with pytest.raises(ProjectError, match=r"financing\.fx_rate"):
        parse_project(GOOD + '\n[financing]\nrevenue_currency = "XQZ"\n')
