"""Help texts survive Rich markup: ``corridor[dask]`` is not eaten as a style tag."""

from __future__ import annotations

import re
from collections.abc import Iterator

import typer
from typer.testing import CliRunner

from corridor.cli import app

runner = CliRunner()

#: Rich style tags the help texts use on purpose.
STYLES = frozenset({"bold", "italic", "dim", "cyan", "green", "red", "yellow", "magenta"})
_TAG = re.compile(r"(?<!\\)\[/?([a-z_ ]+)\]")


def _commands(cmd: object, path: str = "corridor") -> Iterator[tuple[str, object]]:
    """Every command and subcommand (typer vendors click: duck-typed)."""
    yield path, cmd
    for name, sub in getattr(cmd, "commands", {}).items():
        yield from _commands(sub, f"{path} {name}")


def test_no_help_text_has_an_unescaped_bracket_word() -> None:
    bad = []
    for path, cmd in _commands(typer.main.get_command(app)):
        texts = [("help", str(getattr(cmd, "help", None) or ""))]
        params = getattr(cmd, "params", [])
        texts += [(str(p.name), str(getattr(p, "help", None) or "")) for p in params]
        for where, text in texts:
            bad += [f"{path} {where}: [{m}]" for m in _TAG.findall(text) if m not in STYLES]
    assert bad == [], "escape as \\[...] (Rich would drop it): " + "; ".join(bad)


def test_extras_show_in_help() -> None:
    sweep = runner.invoke(app, ["sweep", "--help"], terminal_width=200)
    assert "corridor[dask]" in sweep.output
    rel = runner.invoke(app, ["reliability", "--help"], terminal_width=200)
    assert "corridor[plot]" in rel.output
