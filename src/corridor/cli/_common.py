"""Shared CLI pieces: network loading, error reporting, consoles."""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar

import typer
from rich.console import Console

from corridor.cli._flags import as_flags
from corridor.exceptions import CorridorError, NetworkValidationError

if TYPE_CHECKING:
    from corridor.network.model import Network

__all__ = [
    "NetworkOption",
    "SaveOption",
    "ScenarioOption",
    "check_number",
    "check_output_dir",
    "check_output_file",
    "comma_list",
    "err",
    "handle_errors",
    "load_network",
    "out",
    "refuse_together",
    "scenario_carbon",
]

P = ParamSpec("P")
R = TypeVar("R")


def _width() -> int | None:
    """Terminal width on a terminal; 120 columns (or $COLUMNS) when piped or captured."""
    if sys.stdout.isatty():
        return None
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() else 120


# emoji=False: no ":name:" in a place or a note turns into a picture, and printing does
# not load the emoji table
out = Console(highlight=False, soft_wrap=True, width=_width(), emoji=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)  # A:B: is no emoji

NetworkOption = Annotated[
    Path | None,
    typer.Option(
        "--network",
        "-n",
        help="Network GeoJSON file or GMNS directory to use instead of the embedded Eurasian "
        "network.",
        show_default=False,
    ),
]

ScenarioOption = Annotated[
    list[str] | None,
    typer.Option(
        "--scenario",
        help="Scenario applied to the network: a built-in name (corridor scenario list) or a "
        "scenario .toml file; repeat to apply several, in order.",
        show_default=False,
    ),
]

SaveOption = Annotated[
    bool,
    typer.Option(
        "--save",
        help="Save the result in the run store (corridor runs list); prints the run id on stderr.",
    ),
]
"""``--save`` of compare, route, reliability and cost (the store is imported only to save)."""

EXIT_USAGE = 2


def load_network(path: Path | None, scenarios: Sequence[str] | None = None) -> Network:
    """The network in ``path`` (GeoJSON file or GMNS directory) or the embedded one.

    Parameters
    ----------
    path
        The network file or directory, or ``None`` for the embedded network.
    scenarios
        Scenario names or files (``--scenario``), applied in order.

    Returns
    -------
    Network
        The network, with the scenarios applied.
    """
    if path is None:
        from corridor.data import eurasia  # noqa: PLC0415 - lazy: keeps --help fast

        net = eurasia()
    elif path.is_dir():
        from corridor.io.gmns import read_gmns  # noqa: PLC0415

        net = read_gmns(path)
    else:
        from corridor.io.geojson import read_network  # noqa: PLC0415

        net = read_network(path)
    if scenarios:
        from corridor.scenarios import apply_scenario  # noqa: PLC0415

        net = apply_scenario(net, list(scenarios))
    return net


def scenario_carbon(scenarios: Sequence[str] | None, carbon_price: float) -> float:
    """The carbon price: ``--carbon-price`` when given (not 0), else the scenarios' own.

    Parameters
    ----------
    scenarios
        Scenario names or files (``--scenario``).
    carbon_price
        The ``--carbon-price`` value.

    Returns
    -------
    float
        USD per tonne CO2e.
    """
    if carbon_price or not scenarios:
        return carbon_price
    from corridor.scenarios import route_overrides  # noqa: PLC0415

    return route_overrides(list(scenarios)).get("carbon_usd_per_t", carbon_price)


def check_number(
    flag: str, value: float | None, *, low: float | None = None, high: float | None = None
) -> None:
    """Refuse a numeric option that is NaN, infinite or outside ``[low, high]``.

    Raises
    ------
    CorridorError
        Naming the flag, the value and the range allowed.
    """
    if value is None:
        return
    try:
        ok = math.isfinite(value)
    except OverflowError:  # an int too large for a float (a 400-digit number)
        ok = False
    ok = ok and (low is None or value >= low) and (high is None or value <= high)
    if ok:
        return
    if low is not None and high is not None:
        allowed = f"from {_bound(low)} to {_bound(high)}"
    elif low is not None:
        allowed = f"{_bound(low)} or more"
    elif high is not None:
        allowed = f"{_bound(high)} or less"
    else:
        allowed = ""
    from corridor._checks import show  # noqa: PLC0415 - numpy-free start (corridor --help)

    shown = show(value) if isinstance(value, int) else f"{value:g}"
    raise CorridorError(f"{flag} {shown}: use a finite number {allowed}".rstrip())


def _bound(x: float) -> str:
    """``10,000,000`` for a whole bound, ``0.5`` otherwise."""
    return f"{int(x):,}" if float(x).is_integer() else f"{x:g}"


def comma_list(flag: str, values: Sequence[str] | None) -> list[str]:
    """Items of a repeatable option, each occurrence also split at commas (``RU,BY``).

    Raises
    ------
    CorridorError
        If an item is empty (``--avoid-country ''``, ``RU,,BY``).
    """
    items: list[str] = []
    for value in values or ():
        parts = [part.strip() for part in value.split(",")]
        if not all(parts):
            raise CorridorError(
                f"{flag} {value!r}: empty item; fix: give one or more comma-separated values"
            )
        items.extend(parts)
    return items


def refuse_together(first: str, second: str, *, given: bool) -> None:
    """Refuse two options that cannot apply together (``given``: both were).

    Raises
    ------
    CorridorError
        If both were given.
    """
    if given:
        raise CorridorError(f"{first} cannot be used with {second}; fix: drop one of them")


def _writable_parent(flag: str, path: Path) -> None:
    parent = path.parent if str(path.parent) else Path()
    if not parent.is_dir():
        raise CorridorError(
            f"{flag} {path}: the directory {parent} does not exist; fix: create it first"
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise CorridorError(f"{flag} {path}: cannot write in {parent}; fix: choose another path")


def check_output_file(flag: str, path: Path | None) -> None:
    """Check, before any work, that a file can be written at ``path``.

    Raises
    ------
    CorridorError
        If its directory is missing or read-only, or the path is a directory or a device.
    """
    if path is None:
        return
    if path.is_dir():
        raise CorridorError(f"{flag} {path}: is a directory; fix: give a file name")
    if path.exists() and not path.is_file():
        raise CorridorError(f"{flag} {path}: not a regular file; fix: give a file name")
    if path.exists() and not os.access(path, os.W_OK):
        raise CorridorError(f"{flag} {path}: cannot write the file; fix: choose another path")
    _writable_parent(flag, path)


def check_output_dir(flag: str, path: Path) -> None:
    """Check, before any work, that files can be written in the directory ``path``.

    Raises
    ------
    CorridorError
        If it is a file, or it does not exist and cannot be created.
    """
    if path.exists():
        if not path.is_dir():
            raise CorridorError(f"{flag} {path}: not a directory; fix: give a directory")
        if not os.access(path, os.W_OK | os.X_OK):
            raise CorridorError(f"{flag} {path}: cannot write in it; fix: choose another")
        return
    existing = next((p for p in path.absolute().parents if p.exists()), None)
    if existing is None or not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        raise CorridorError(f"{flag} {path}: cannot create the directory; fix: choose another")


EXIT_BROKEN_PIPE = 1
"""Exit status when the reader of standard output went away: click's, for the same event at
the final flush, so that both ways out give one status."""


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that the exit's flush raises nothing more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real stdout (a test runner's capture): nothing to do
        pass


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn corridor errors into one line per problem on stderr and exit code 2."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except NetworkValidationError as exc:
            for issue in exc.issues:
                if issue.severity == "error":
                    err.print(f"error: {issue}", markup=False)
            raise typer.Exit(EXIT_USAGE) from None
        except CorridorError as exc:
            problems = getattr(exc, "problems", None)  # a scenario file: one line each
            if isinstance(problems, tuple) and problems:
                for problem in problems:
                    err.print(f"error: {problem}", markup=False)
            else:
                err.print(f"error: {as_flags(str(exc))}", markup=False)
            raise typer.Exit(EXIT_USAGE) from None
        except BrokenPipeError:  # the reader left (`| head`): stop quietly, as click does
            _silence_stdout()
            raise typer.Exit(EXIT_BROKEN_PIPE) from None
        except OSError as exc:  # writing an output: disk full, permissions, ...
            where = f"{exc.filename}: " if exc.filename else ""
            reason = exc.strerror or str(exc)
            err.print(f"error: {where}{reason}; fix: check the path and free space", markup=False)
            raise typer.Exit(EXIT_USAGE) from None

    return wrapper
