"""``corridor report``: one self-contained HTML file; one-line errors with exit code 2."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corridor.cli import app

pytest.importorskip("matplotlib", reason="reports need the plot extra")

runner = CliRunner()


def test_report_writes_one_html_file(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = runner.invoke(
        app,
        [
            "report",
            "Xi'an",
            "Duisburg",
            "--deadline",
            "20d",
            "--value",
            "400000",
            "--samples",
            "300",
            "--scenario",
            "red-sea-closure",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "scenarios: red-sea-closure" in text
    assert "<table id=landed>" in text
    assert "Sea/Cape" not in text.split("<table id=options>")[1].split("</table>")[0]
    assert not re.search(r"https?://", text)


def test_report_as_pdf(tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    argv = [
        "report",
        "Chengdu",
        "Warsaw",
        "--format",
        "pdf",
        "--samples",
        "200",
        "--value",
        "100000",
        "--out",
        str(out),
    ]
    result = runner.invoke(app, argv)
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    assert data.count(b"/Type /Page ") >= 4  # map and table, chart, landed cost, sources


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Xian", "Atlantis", "--out", "{tmp}/r.html"], "unknown place 'Atlantis'"),
        (["Xian", "Duisburg", "--out", "/nonexistent-dir/r.html"], "does not exist"),
        (["Xian", "Duisburg", "--out", "{tmp}"], "is a directory"),
        (["Xian", "Duisburg", "--out", "{tmp}/r.doc", "--format", "doc"], "--format"),
        (["Xian", "Duisburg", "--out", "{tmp}/r.html", "--value", "-3"], "--value -3"),
        (["Xian", "Duisburg", "--out", "{tmp}/r.html", "--deadline", "soon"], "--deadline"),
    ],
)
def test_errors_are_one_line_and_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    argv = ["report", *(a.replace("{tmp}", str(tmp_path)) for a in args)]
    result = runner.invoke(app, argv)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("error: ")
    assert message in lines[0]
