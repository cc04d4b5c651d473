"""Usage errors (bad option values, unknown options or commands) are one line, exit 2."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from corridor.cli import app

runner = CliRunner()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["route", "Xi'an", "Duisburg", "--month", "0"], "Invalid value for '--month'"),
        (["route", "Xi'an", "Duisburg", "--alternatives", "0"], "'--alternatives'"),
        (["compare", "Xi'an", "Duisburg", "--month", "13"], "Invalid value for '--month'"),
        (["route", "Xi'an", "Duisburg", "--bogus"], "No such option: --bogus"),
        (["rout", "Xi'an", "Duisburg"], "Did you mean 'route'"),  # (and 'report')
        (["route", "Xi'an"], "Missing argument"),
        (["route", "Xi'an", "Duisburg", "--optimize", "fastest"], "'--optimize'"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(args: list[str], expected: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: ")
    assert expected in lines[0]
    assert "-h`" in lines[0]  # says where to look
    assert "╭" not in result.output
    assert "Traceback" not in result.output


def test_success_and_version_still_exit_0() -> None:
    assert runner.invoke(app, ["--version"]).exit_code == 0
    result = runner.invoke(app, ["places", "Duisburg"])
    assert result.exit_code == 0
    assert "Duisburg" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["route", "Xi'an", "Duisburg", "--max-transshipments", "1" + "0" * 400],
        ["reliability", "Xi'an", "Duisburg", "--seed", "1" + "0" * 400],
        [
            *("compare", "Chengdu", "Warsaw", "--optimize", "landed", "--value", "1e5"),
            *("--quantity", "1" + "0" * 400),
        ],
    ],
)
def test_a_400_digit_integer_is_one_line(args: list[str]) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.output.count("error:") == 1
    assert "use a finite number" in result.output
