"""The ``corridor`` command line: thin wrappers that parse, call the library and render."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Annotated, Any, Literal

import typer
from typer.core import TyperCommand, TyperGroup

from corridor import __version__

__all__ = ["COMMANDS", "app", "load_command", "main"]

#: Every command: the module that defines it, its name there (a function, or a Typer app
#: for a command group), and the line ``corridor --help`` lists for it. A command's module
#: is imported only when that command runs or shows its own help, so that ``corridor
#: --help`` and each command start fast (cold start, issue 10); the test suite checks
#: that each line is the first paragraph of the command's own help. Listed in the order
#: ``corridor --help`` shows them.
COMMANDS: Mapping[str, tuple[str, str, str]] = MappingProxyType(
    {
        "compare": (
            "corridor.cli.routing",
            "compare_command",
            "Compare corridors: the best route of each corridor family between two places.",
        ),
        "route": (
            "corridor.cli.routing",
            "route_command",
            "Route one shipment and print its itinerary leg by leg, terminal to terminal.",
        ),
        "reliability": (
            "corridor.cli.reliability",
            "reliability_command",
            (
                "Transit-time distribution of a route: mean, P10-P95, on-time probability, "
                "what drives it."
            ),
        ),
        "assign": (
            "corridor.cli.assign",
            "assign_command",
            "Assign OD demand to a congested network (user equilibrium or system optimum).",
        ),
        "places": (
            "corridor.cli.places",
            "places",
            "Find places by name, alias, id or UN/LOCODE (tolerant of spelling).",
        ),
        "cost": (
            "corridor.cli.cost",
            "cost_command",
            "Landed cost per corridor: freight, fees, insurance, inventory and FX, ranked.",
        ),
        "appraise": (
            "corridor.cli.appraise",
            "appraise_command",
            "Appraise investment projects: ENPV, BCR, EIRR, payback, FIRR, equity IRR, DSCR.",
        ),
        "sweep": (
            "corridor.cli.sweep",
            "sweep_command",
            "Sweep scenarios x origin-destination pairs x Monte Carlo draws, serial or on Dask.",
        ),
        "serve": (
            "corridor.cli.serve",
            "serve_command",
            "Serve the REST API (FastAPI + uvicorn): /v1 endpoints, OpenAPI at /docs.",
        ),
        "report": (
            "corridor.cli.report",
            "report_command",
            "Write a self-contained HTML report: map, comparison table, transit-time chart.",
        ),
        "network": ("corridor.cli.network", "app", "Inspect, validate and export networks."),
        "scenario": (
            "corridor.cli.scenario",
            "app",
            "List, show, validate and compare scenarios (what-if edits of the network).",
        ),
        "research": (
            "corridor.cli.research",
            "app",
            "Research mode: world shipment times before and after the Belt and Road projects.",
        ),
        "db": (
            "corridor.cli.store",
            "db_app",
            "The run store's database: create or upgrade its tables.",
        ),
        "runs": (
            "corridor.cli.store",
            "runs_app",
            "Saved runs (--save on compare, route, reliability, cost): list, show, diff.",
        ),
        "keys": (
            "corridor.cli.store",
            "keys_app",
            "API keys of corridor serve: create, list, revoke.",
        ),
    }
)

_MARKUP: Literal["rich"] = "rich"
"""Help texts use Rich markup ([bold] ...)."""

_ROOT_MARKUP = None
"""``corridor --help`` is plain click help: typer's Rich help formatter imports
rich.markdown and rich.traceback (~0.1 s of CPU), half of that command's time; each
command's own help keeps the Rich panels."""


def load_command(name: str) -> Any:  # noqa: ANN401 - a click command (typer vendors click)
    """The click command ``name`` of :data:`COMMANDS`, built from its module.

    Parameters
    ----------
    name
        A key of :data:`COMMANDS`.

    Returns
    -------
    click.Command
        The command, or the group of a command group.
    """
    module, attribute, _ = COMMANDS[name]
    target = getattr(importlib.import_module(module), attribute)
    # built as the one command of a group, as if registered on the root app
    holder = typer.Typer(rich_markup_mode=_MARKUP, add_completion=False)
    holder.callback()(_nothing)
    if isinstance(target, typer.Typer):
        holder.add_typer(target, name=name)
    else:
        holder.command(name)(target)
    return typer.main.get_command(holder).commands[name]  # type: ignore[attr-defined]


def _nothing() -> None:
    """The callback of the group :func:`load_command` builds a command in."""


class _Commands(Mapping[str, Any]):
    """The root's commands, each built on first use.

    ``corridor --help`` lists them all without building one.
    """

    def __init__(self) -> None:
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:  # noqa: ANN401 - a click command
        if name not in COMMANDS:
            raise KeyError(name)
        if name not in self._built:
            self._built[name] = load_command(name)
        return self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)


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
    not as a framed box. Its commands are built on first use (:data:`COMMANDS`).
    """

    def __init__(self, **attrs: Any) -> None:  # noqa: ANN401 - click's signature
        super().__init__(**attrs)
        self.commands = _Commands()  # type: ignore[assignment]
        self._listing = False

    def list_commands(self, ctx: Any) -> list[str]:  # noqa: ANN401 - click's context
        """Names of the commands, in the order of :data:`COMMANDS` (nothing built)."""
        del ctx
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:  # noqa: ANN401 - click types
        """The command ``cmd_name``: a stand-in with its one line while help lists them."""
        if self._listing and cmd_name in COMMANDS:
            line = COMMANDS[cmd_name][2]
            return TyperCommand(cmd_name, help=line, short_help=line, rich_markup_mode=_MARKUP)
        return super().get_command(ctx, cmd_name)

    def format_help(self, ctx: Any, formatter: Any) -> None:  # noqa: ANN401 - click types
        """``corridor --help``, listing the commands without building them."""
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

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
            from corridor.cli._common import EXIT_USAGE, err  # noqa: PLC0415 - errors only

            if type(exc).__name__ == "NoArgsIsHelpError":  # a group run bare: its help
                if text := exc.format_message():  # type: ignore[attr-defined] # Rich printed its own
                    typer.echo(text)
                sys.exit(EXIT_USAGE)
            ctx = getattr(exc, "ctx", None)
            where = f"`{ctx.command_path} -h`" if ctx is not None else "`corridor -h`"
            message = " ".join(exc.format_message().split())  # type: ignore[attr-defined]
            fix = f" (see {where})" if message.endswith("?") else f"; fix: see {where}"
            err.print(f"error: {message}{fix}", markup=False)
            sys.exit(getattr(exc, "exit_code", EXIT_USAGE))
        except typer.Abort:
            from corridor.cli._common import err  # noqa: PLC0415 - errors only

            err.print("aborted", markup=False)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)


app = typer.Typer(
    name="corridor",
    cls=_OneLineErrors,
    help=(
        "The Belt and Road freight corridors between China and Europe as one multimodal "
        'network. Start with: corridor compare "Xi\'an" Duisburg'
    ),
    no_args_is_help=True,
    rich_markup_mode=_ROOT_MARKUP,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


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
            help="Threads for the compiled kernels of large problems (default: every "
            "core; also CORRIDOR_THREADS).",
        ),
    ] = None,
) -> None:
    del version
    if threads is not None:
        os.environ["CORRIDOR_THREADS"] = str(threads)


def main() -> None:
    """Console entry point."""
    app()
