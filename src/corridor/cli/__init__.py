"""The ``corridor`` command line: thin wrappers that parse, call the library and render."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from corridor import __version__
from corridor.cli import network as network_cli
from corridor.cli import research as research_cli
from corridor.cli import scenario as scenario_cli
from corridor.cli import store as store_cli
from corridor.cli._common import EXIT_USAGE, err
from corridor.cli.appraise import appraise_command
from corridor.cli.assign import assign_command
from corridor.cli.cost import cost_command
from corridor.cli.places import places
from corridor.cli.reliability import reliability_command
from corridor.cli.report import report_command
from corridor.cli.routing import compare_command, route_command
from corridor.cli.serve import serve_command
from corridor.cli.sweep import sweep_command

__all__ = ["app", "main"]


def _click_exception() -> type[Exception]:
    """Click's exception base: typer vendors click in recent releases, used it before."""
    try:
        module = importlib.import_module("typer._click.exceptions")
    except ImportError:  # typer that depends on click itself
        module = importlib.import_module("click.exceptions")
    found: type[Exception] = module.ClickException
    return found


class _OneLineErrors(TyperGroup):
    """The root command, whose usage errors are one line on stderr and exit code 2.

    A bad option value, an unknown option or command reads like every other error,
    not as a framed box.
    """

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,  # noqa: ANN401 - click's signature
    ) -> Any:  # noqa: ANN401 - click's signature
        if not standalone_mode:
            return super().main(
                args, prog_name, complete_var, standalone_mode, windows_expand_args, **extra
            )
        try:
            rv = super().main(
                args,
                prog_name,
                complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )
        except _click_exception() as exc:
            ctx = getattr(exc, "ctx", None)
            where = f"`{ctx.command_path} -h`" if ctx is not None else "`corridor -h`"
            message = " ".join(exc.format_message().split())  # type: ignore[attr-defined]
            fix = f" (see {where})" if message.endswith("?") else f"; fix: see {where}"
            err.print(f"error: {message}{fix}", markup=False)
            sys.exit(getattr(exc, "exit_code", EXIT_USAGE))
        except typer.Abort:
            err.print("aborted", markup=False)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)


app = typer.Typer(
    name="corridor",
    cls=_OneLineErrors,
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
app.add_typer(scenario_cli.app, name="scenario")
app.add_typer(research_cli.app, name="research")
app.command("compare")(compare_command)
app.command("route")(route_command)
app.command("reliability")(reliability_command)
app.command("assign")(assign_command)
app.command("places")(places)
app.command("cost")(cost_command)
app.command("appraise")(appraise_command)
app.command("sweep")(sweep_command)
app.command("serve")(serve_command)
app.command("report")(report_command)
app.add_typer(store_cli.db_app, name="db")
app.add_typer(store_cli.runs_app, name="runs")
app.add_typer(store_cli.keys_app, name="keys")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"corridor {__version__}")
        raise typer.Exit


#: The most threads ``--threads`` accepts (far above any machine's cores).
MAX_THREADS = 1024


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    threads: Annotated[
        int | None,
        typer.Option(
            "--threads",
            min=1,
            max=MAX_THREADS,
            help="Threads for the compiled kernels of large problems (default: the cores "
            "that other processes leave free; also CORRIDOR_THREADS).",
        ),
    ] = None,
) -> None:
    del version
    if threads is not None:
        os.environ["CORRIDOR_THREADS"] = str(threads)


def main() -> None:
    """Console entry point."""
    app()
