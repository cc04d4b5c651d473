"""corridor network export --format gmns, validate DIR, info DIR, --network DIR."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from corridor import eurasia
from corridor.cli import app

runner = CliRunner()


def test_export_validate_info_and_use_a_gmns_directory(tmp_path: Path) -> None:
    out = tmp_path / "eurasia_gmns"
    result = runner.invoke(app, ["network", "export", "--format", "gmns", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "node.csv").is_file()
    assert (out / "link.csv").is_file()
    result = runner.invoke(app, ["network", "validate", str(out)])
    assert result.exit_code == 0, result.output
    assert "valid (0 warning(s))" in result.stdout
    result = runner.invoke(app, ["network", "info", str(out)])
    assert result.exit_code == 0, result.output
    assert f"{len(eurasia().nodes)} nodes" in result.stdout
    result = runner.invoke(app, ["places", "Kuryk", "--network", str(out)])
    assert result.exit_code == 0, result.output
    assert "kuryk" in result.stdout.lower()


def test_validate_lists_file_row_and_column(tmp_path: Path) -> None:
    out = tmp_path / "g"
    assert runner.invoke(app, ["network", "export", "-f", "gmns", "-o", str(out)]).exit_code == 0
    text = (out / "link.csv").read_text(encoding="utf-8")
    (out / "link.csv").write_text(text.replace(",kuryk,alat,", ",kurik,alat,", 1), "utf-8")
    result = runner.invoke(app, ["network", "validate", str(out)])
    assert result.exit_code == 2
    assert f"{out / 'link.csv'} row " in result.stderr
    assert (
        "feature 'ferry:kuryk-alat', field 'from_node_id': node 'kurik' does not exist"
        in result.stderr
    )
    result = runner.invoke(app, ["network", "info", "-n", str(out)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_gmns_export_needs_a_directory() -> None:
    result = runner.invoke(app, ["network", "export", "--format", "gmns"])
    assert result.exit_code == 2
    assert "give a directory with --out DIR" in result.stderr
