"""The ``corridor`` command line: thin wrappers that parse, call the library and render."""

from __future__ import annotations

from typing import Annotated

import typer

from corridor import __version__
from corridor.cli import network as network_cli
from corridor.cli.assign import assign_command
from corridor.cli.places import places
from corridor.cli.reliability import reliability_command
from corridor.cli.routing import compare_command, route_command

__all__ = ["app", "main"]

app = typer.Typer(
    name="corridor",
    help=(
        "The Belt and Road freight corridors between China and Europe as one multimodal "
        'network. Start with [bold]corridor compare "Xi\'an" Duisburg[/bold].'
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(network_cli.app, name="network")
app.command("compare")(compare_command)
app.command("route")(route_command)
app.command("reliability")(reliability_command)
app.command("assign")(assign_command)
app.command("places")(places)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"corridor {__version__}")
        raise typer.Exit


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    del version


def main() -> None:
    """Console entry point."""
    app()
