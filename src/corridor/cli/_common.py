"""Shared CLI pieces: network loading, error reporting, consoles."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer
from rich.console import Console

from corridor.exceptions import CorridorError, NetworkValidationError
from corridor.network.model import Network

__all__ = ["NetworkOption", "err", "handle_errors", "load_network", "out"]

P = ParamSpec("P")
R = TypeVar("R")


def _width() -> int | None:
    """Terminal width on a terminal; 120 columns (or $COLUMNS) when piped or captured."""
    if sys.stdout.isatty():
        return None
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() else 120


out = Console(highlight=False, soft_wrap=True, width=_width())
err = Console(stderr=True, highlight=False, soft_wrap=True)

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

EXIT_USAGE = 2


def load_network(path: Path | None) -> Network:
    """The network in ``path`` (a GeoJSON file or a GMNS directory), or the embedded one."""
    if path is None:
        from corridor.data import eurasia  # noqa: PLC0415 - lazy: keeps --help fast

        return eurasia()
    if path.is_dir():
        from corridor.io.gmns import read_gmns  # noqa: PLC0415

        return read_gmns(path)
    from corridor.io.geojson import read_network  # noqa: PLC0415

    return read_network(path)


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
            err.print(f"error: {exc}", markup=False)
            raise typer.Exit(EXIT_USAGE) from None

    return wrapper
