from __future__ import annotations

import pytest
from typer.testing import CliRunner

from corridor.cli import app

runner = CliRunner()


def test_a_missing_place_is_not_answered_with_a_similar_one() -> None:
    # Kostanay (KZ) once answered Constanța (RO) with exit 0; if it is in the network it
    # must be found as itself, otherwise exit 2 with suggestions on one line
    result = runner.invoke(app, ["places", "Kostanay", "--limit", "1"])
    if result.exit_code == 0:
        assert "Kostanay" in result.stdout
        assert "exact" in result.stdout
    else:
        assert result.exit_code == 2
        assert result.output.count("\n") == 1
        assert "no place matches 'Kostanay'" in result.output
        assert "did you mean" in result.output
        assert "Traceback" not in result.output


def test_a_misspelling_is_answered_and_named() -> None:
    result = runner.invoke(app, ["places", "Duisbrug"])
    assert result.exit_code == 0, result.output
    assert "note: matched 'Duisburg' for 'Duisbrug'" in result.stderr
    assert "DEDUI" in result.stdout
    assert "near" in result.stdout


@pytest.mark.parametrize("query", ["Tashkent", "Toshkent", "Ташкент", "UZTAS"])
def test_spellings_of_tashkent(query: str) -> None:
    result = runner.invoke(app, ["places", query, "--limit", "1"])
    assert result.exit_code == 0, result.output
    assert "UZTAS" in result.stdout
    assert "exact" in result.stdout
    assert "note:" not in result.stderr


def test_a_prefix_alone_is_a_suggestion_not_an_answer() -> None:
    # Frankfurt am Main is not in the network; Frankfurt (Oder) is another place
    result = runner.invoke(app, ["places", "Frankfurt"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert "did you mean Frankfurt (Oder)" in result.output


def test_an_exact_match_lists_the_names_containing_it_too() -> None:
    result = runner.invoke(app, ["places", "Istanbul"])
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if line.startswith("│")]
    assert "exact" in rows[0]
    assert any("substring" in row or "prefix" in row for row in rows[1:])


def test_suggestions_prefer_a_shared_beginning() -> None:
    result = runner.invoke(app, ["places", "CNXAN"])
    assert result.exit_code == 2
    assert "did you mean Xi'an (xian)" in result.output


def test_country_filter_that_leaves_nothing() -> None:
    result = runner.invoke(app, ["places", "Duisburg", "--country", "RO"])
    assert result.exit_code == 2
    assert "no place in RO matches 'Duisburg'" in result.output
