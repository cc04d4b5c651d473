"""``corridor db``, ``corridor runs`` and ``corridor keys``: the run store from the shell.

Also the ``--save`` option of ``compare``, ``route``, ``reliability`` and ``cost``
(:data:`SaveOption`, :func:`save_result`). SQLAlchemy is imported only when a command
uses the store, so ``corridor --help`` stays fast.
"""

from __future__ import annotations

import importlib
import json
import re
import shlex
import sys
from collections.abc import Mapping
from datetime import datetime
from enum import Enum, StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from corridor.cli._common import SaveOption, err, handle_errors, out
from corridor.exceptions import CorridorError

if TYPE_CHECKING:
    from corridor.store import Run, Store

__all__ = [
    "SaveOption",
    "db_app",
    "keys_app",
    "open_store",
    "runs_app",
    "save_result",
]

UrlOption = Annotated[
    str | None,
    typer.Option(
        "--url",
        help="Database URL (default: CORRIDOR_DATABASE_URL, else a SQLite file in the data "
        "directory; see docs/store.md).",
        show_default=False,
    ),
]


class ListFormat(StrEnum):
    """Output formats of the store's listings."""

    table = "table"
    json = "json"


Format = Annotated[ListFormat, typer.Option("--format", "-f", help="table or json.")]

db_app = typer.Typer(
    help="The run store's database: create or upgrade its tables.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
runs_app = typer.Typer(
    help="Saved runs (--save on compare, route, reliability, cost): list, show, diff.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
keys_app = typer.Typer(
    help="API keys of corridor serve: create, list, revoke.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)


def open_store(url: str | None = None) -> Store:
    """The run store at ``url`` (default: the environment's), migrated to the newest tables.

    Parameters
    ----------
    url
        A database URL, or ``None`` for ``CORRIDOR_DATABASE_URL`` or the SQLite file.

    Returns
    -------
    Store
        The open store; close it after use.
    """
    from corridor.store import Store  # noqa: PLC0415 - SQLAlchemy only when used

    return Store.open(url)


def _jsonable(value: object) -> object:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


_SHELL_SAFE = re.compile(r"[A-Za-z0-9_./:=,+-]+")


def _quote(arg: str) -> str:
    """``arg`` as a shell reads it: bare when safe, ``"Xi'an"`` rather than shlex's escapes."""
    if _SHELL_SAFE.fullmatch(arg):
        return arg
    if not any(c in arg for c in '"$`\\!'):
        return f'"{arg}"'
    return shlex.quote(arg)


_NOT_OPTIONS = frozenset({"save", "fmt"})
"""Parameters that do not change a result: left out of a saved run's request."""


def _given(context: Any) -> str:  # noqa: ANN401 - click's Context (typer may vendor click)
    """The command line of the running command, rebuilt from what was given (not defaults)."""
    parts = [context.command_path]
    for param in context.command.params:
        source = context.get_parameter_source(param.name)
        if param.name == "save" or source is None or source.name.startswith("DEFAULT"):
            continue
        value = _jsonable(context.params.get(param.name))
        if param.param_type_name == "argument":
            parts.append(_quote(str(value)))
        elif getattr(param, "is_flag", False):
            parts.append(param.opts[0] if value else (param.secondary_opts or param.opts)[0])
        else:
            values = value if isinstance(value, list) else [value]
            for item in values:
                parts.extend([param.opts[0], _quote(str(item))])
    return " ".join(parts)


def _command_params() -> dict[str, object]:
    """The command line and options of the running command, as parsed by click."""
    for name in ("typer._click.globals", "click.globals"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        context = module.get_current_context(silent=True)
        if context is not None:
            params: dict[str, object] = {"command": _given(context)}
            given = context.params.items()
            params.update({k: _jsonable(v) for k, v in given if k not in _NOT_OPTIONS})
            return params
    return {}


def save_result(kind: str, result: Mapping[str, object]) -> str:
    """Save a command's result with its options; print ``saved run ID`` on stderr.

    Parameters
    ----------
    kind
        The command (``"compare"``).
    result
        Its JSON output (as ``--format json`` prints it).

    Returns
    -------
    str
        The run id.
    """
    with open_store() as store:
        run_id = store.save_run(kind, _command_params(), result)
    err.print(f"saved run {run_id}", markup=False)
    return run_id


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def _summary(run: Run) -> str:
    request = run.request
    command = request.get("command")
    if isinstance(command, str) and command.startswith("corridor "):
        return command.removeprefix("corridor ")
    origin, destination = request.get("origin"), request.get("destination")
    if isinstance(origin, str) and isinstance(destination, str):
        return f"{origin} → {destination}"
    text = json.dumps(dict(request), ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."  # noqa: PLR2004 - a table cell


def _run_dict(run: Run, *, result: bool = True) -> dict[str, object]:
    data: dict[str, object] = {
        "id": run.id,
        "kind": run.kind,
        "owner": run.owner,
        "created": run.created.isoformat(),
        "request": dict(run.request),
    }
    if result:
        data["result"] = dict(run.result)
    return data


def _emit_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


@db_app.command("upgrade")
@handle_errors
def db_upgrade_command(url: UrlOption = None) -> None:
    """Create the store's tables, or bring them to the newest revision; print it.

    The server does this at start too. Example: [bold]corridor db upgrade[/bold];
    [bold]corridor db upgrade --url postgresql://corridor@db.example.org/corridor[/bold]
    """
    with open_store(url) as store:  # first: it names the extra when SQLAlchemy is missing
        from corridor.store.migrate import head_revision  # noqa: PLC0415

        revision = store.revision()
        out.print(
            f"{store.url}: revision {revision}"
            + (" (newest)" if revision == head_revision() else ""),
            markup=False,
        )


@runs_app.command("list")
@handle_errors
def runs_list_command(
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="Only runs of this command, e.g. compare.", show_default=False),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000, help="At most N runs.")] = 20,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip the N newest.")] = 0,
    fmt: Format = ListFormat.table,
    url: UrlOption = None,
) -> None:
    """List saved runs, newest first.

    Example: [bold]corridor runs list --kind compare[/bold]
    """
    with open_store(url) as store:
        runs = store.list_runs(kind=kind, limit=limit, offset=offset)
    if fmt is ListFormat.json:
        _emit_json([_run_dict(run, result=False) for run in runs])
        return
    if not runs:
        err.print(
            "no saved runs; fix: add --save to compare, route, reliability or cost", markup=False
        )
        return
    table = Table(show_edge=False)
    for column in ("id", "kind", "saved", "request"):
        table.add_column(column, no_wrap=column != "request")
    for run in runs:
        table.add_row(run.id, run.kind, _when(run.created), Text(_summary(run)))
    out.print(table)


RunId = Annotated[str, typer.Argument(help="A run id (corridor runs list).")]


@runs_app.command("show")
@handle_errors
def runs_show_command(run_id: RunId, url: UrlOption = None) -> None:
    """Print a saved run as JSON: its command, options and result.

    Example: [bold]corridor runs show 3f0c...[/bold]
    """
    with open_store(url) as store:
        run = store.get_run(run_id)
    _emit_json(_run_dict(run))


def _cell(value: object) -> str:
    from corridor.store import MISSING  # noqa: PLC0415

    if value is MISSING:
        return "-"
    if isinstance(value, dict) and value:
        return f"({len(value)} field{'' if len(value) == 1 else 's'})"
    if isinstance(value, float):
        return f"{value:,.6g}"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


@runs_app.command("diff")
@handle_errors
def runs_diff_command(
    run_a: RunId,
    run_b: RunId,
    results_only: Annotated[
        bool, typer.Option("--results-only", help="Compare the results, not the options.")
    ] = False,
    max_rows: Annotated[
        int,
        typer.Option("--max-rows", min=0, help="Show at most N fields in the table (0: all)."),
    ] = 60,
    fmt: Format = ListFormat.table,
    url: UrlOption = None,
) -> None:
    """Show field by field how two saved runs differ (options, then results).

    Example: [bold]corridor compare "Xi'an" Duisburg --save[/bold], then again with
    [bold]--close kazakhstan_china_border --save[/bold], then
    [bold]corridor runs diff A B[/bold]
    """
    from corridor.store import MISSING, diff_runs  # noqa: PLC0415

    with open_store(url) as store:
        a, b = store.get_run(run_a), store.get_run(run_b)
    differences = diff_runs(a, b, requests=not results_only)
    if fmt is ListFormat.json:
        _emit_json(
            [
                {
                    "field": d.field,
                    "a": None if d.a is MISSING else d.a,
                    "b": None if d.b is MISSING else d.b,
                    "delta": d.delta,
                }
                for d in differences
            ]
        )
        return
    if not differences:
        out.print(f"runs {a.id} and {b.id} are the same", markup=False)
        return
    table = Table(
        title=f"{a.kind} {a.id[:8]} (A) → {b.kind} {b.id[:8]} (B): {len(differences)} fields "
        "differ",
        show_edge=False,
    )
    table.add_column("field", no_wrap=True)
    table.add_column("A", justify="right", overflow="fold", max_width=28)
    table.add_column("B", justify="right", overflow="fold", max_width=28)
    table.add_column("B - A", justify="right", no_wrap=True)
    shown = differences if max_rows == 0 else differences[:max_rows]
    for d in shown:
        change = ""
        if d.delta is not None:
            change = f"{d.delta:+,.6g}"
            if d.relative is not None:
                change += f" ({100 * d.relative:+.1f} %)"
        elif d.a is MISSING:
            change = "added"
        elif d.b is MISSING:
            change = "removed"
        table.add_row(Text(d.field), Text(_cell(d.a)), Text(_cell(d.b)), change)
    out.print(table)
    if len(shown) < len(differences):
        out.print(
            f"[dim]{len(differences) - len(shown)} more fields differ: --max-rows 0 shows all, "
            "--format json gives them as data[/dim]"
        )


KeyName = Annotated[str, typer.Argument(help="The key's name, e.g. team-freight.")]


@keys_app.command("create")
@handle_errors
def keys_create_command(name: KeyName, url: UrlOption = None) -> None:
    """Create an API key and print it, once: only its hash is kept.

    Example: [bold]corridor keys create team-freight[/bold]
    """
    with open_store(url) as store:
        token = store.create_key(name)
        where = store.url
    sys.stdout.write(token + "\n")
    err.print(
        f"created key {name!r} in {where}; store it now (a password manager): it is not shown "
        "again. Send it as: Authorization: Bearer <key>",
        markup=False,
    )


@keys_app.command("list")
@handle_errors
def keys_list_command(fmt: Format = ListFormat.table, url: UrlOption = None) -> None:
    """List the API keys: names and first characters, never the keys.

    Example: [bold]corridor keys list[/bold]
    """
    with open_store(url) as store:
        keys = store.list_keys()
    if fmt is ListFormat.json:
        _emit_json(
            [
                {
                    "name": k.name,
                    "prefix": k.prefix,
                    "created": k.created.isoformat(),
                    "revoked": None if k.revoked is None else k.revoked.isoformat(),
                }
                for k in keys
            ]
        )
        return
    if not keys:
        err.print("no keys; fix: corridor keys create NAME", markup=False)
        return
    table = Table(show_edge=False)
    for column in ("name", "starts with", "created", "state"):
        table.add_column(column, no_wrap=True)
    for k in keys:
        state = "valid" if k.revoked is None else f"revoked {_when(k.revoked)}"
        table.add_row(k.name, k.prefix + "...", _when(k.created), state)
    out.print(table)


@keys_app.command("revoke")
@handle_errors
def keys_revoke_command(name: KeyName, url: UrlOption = None) -> None:
    """Revoke an API key: the server refuses it from now on.

    Example: [bold]corridor keys revoke team-freight[/bold]
    """
    with open_store(url) as store:
        revoked = store.revoke_key(name)
    if not revoked:
        raise CorridorError(
            f"no valid key named {name!r}; fix: see the names with `corridor keys list`"
        )
    out.print(f"revoked key {name!r}", markup=False)
