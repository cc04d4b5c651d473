"""``corridor sweep``: many scenarios x OD pairs x Monte Carlo draws, serial or on Dask."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.table import Table

from corridor.cli._common import (
    NetworkOption,
    check_number,
    check_output_file,
    comma_list,
    err,
    handle_errors,
    load_network,
    out,
    refuse_together,
)
from corridor.cli.routing import Cargo, Date, Month, Operations, Optimize, OptimizeChoice
from corridor.exceptions import CorridorError, UnknownPlaceError
from corridor.routing.options import RouteOptions

if TYPE_CHECKING:
    from corridor.network.model import Network
    from corridor.sweep import SweepResult

__all__ = ["read_od_file", "sweep_command"]

MAX_OD_FILE_BYTES = 50_000_000
"""Largest --od-file read (about a million pairs)."""


class SweepFormat(StrEnum):
    """Output formats of ``corridor sweep``."""

    table = "table"
    csv = "csv"
    json = "json"


def _split(text: str, where: str) -> tuple[str, str]:
    """``ORIGIN:DESTINATION`` as two place texts."""
    parts = [p.strip() for p in text.split(":")]
    if len(parts) != 2 or not all(parts):  # noqa: PLR2004 - a pair
        raise CorridorError(f"{where}: use ORIGIN:DESTINATION, e.g. Shanghai:Rotterdam")
    return parts[0], parts[1]


def _pair(net: Network, origin: str, destination: str, where: str) -> tuple[str, str]:
    """Two places as node ids, matched tolerantly (a note on stderr for a near match)."""
    from corridor.network.places import check_endpoint, match_place  # noqa: PLC0415

    ids: list[str] = []
    for role, place in (("origin", origin), ("destination", destination)):
        try:
            m = match_place(net, place)
            check_endpoint(m.node, role)
        except UnknownPlaceError as exc:
            raise UnknownPlaceError(f"{where}: {exc}") from None
        if m.kind == "near":
            err.print(f"note: matched {m.node.name!r} for {place!r}", markup=False)
        ids.append(m.node.id)
    if ids[0] == ids[1]:
        raise CorridorError(f"{where}: origin and destination are the same place")
    return ids[0], ids[1]


def read_od_file(path: Path) -> list[tuple[str, str, int]]:
    """The pairs of a CSV file with ``origin`` and ``destination`` columns.

    Parameters
    ----------
    path
        The file: a header naming ``origin`` and ``destination`` (other columns are
        ignored), then one pair per line.

    Returns
    -------
    list of tuple
        ``(origin, destination, line)`` as written.

    Raises
    ------
    CorridorError
        If the file cannot be read, lacks the columns, has an empty cell or no pair (the
        message names the file and line).
    """
    where = f"--od-file {path}"
    try:
        if path.stat().st_size > MAX_OD_FILE_BYTES:
            msg = f"{where}: larger than {MAX_OD_FILE_BYTES:,} bytes; fix: split it"
            raise CorridorError(msg)
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CorridorError(f"{where}: no such file; fix: check the path") from None
    except UnicodeDecodeError:
        raise CorridorError(f"{where}: not UTF-8 text; fix: save it as UTF-8 CSV") from None
    except OSError as exc:
        raise CorridorError(f"{where}: cannot read it ({exc.strerror}); fix: check it") from None
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    if "origin" not in header or "destination" not in header:
        msg = (
            f"{where} line 1: no origin and destination columns; fix: start the file with "
            "the header origin,destination"
        )
        raise CorridorError(msg)
    o, d = header.index("origin"), header.index("destination")
    pairs: list[tuple[str, str, int]] = []
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = [row[i].strip() if i < len(row) else "" for i in (o, d)]
        if not all(cells):
            msg = f"{where} line {line}: empty origin or destination; fix: give both places"
            raise CorridorError(msg)
        pairs.append((cells[0], cells[1], line))
    if not pairs:
        raise CorridorError(f"{where}: no pair; fix: add lines such as Shanghai,Rotterdam")
    return pairs


def _pairs(net: Network, od: list[str] | None, od_file: Path | None) -> list[tuple[str, str]]:
    pairs = [
        _pair(net, *_split(text, f"--od {text}"), f"--od {text}") for text in comma_list("--od", od)
    ]
    if od_file is not None:
        pairs += [
            _pair(net, o, d, f"--od-file {od_file} line {line}")
            for o, d, line in read_od_file(od_file)
        ]
    if not pairs:
        raise CorridorError(
            "no origin-destination pair; fix: give --od ORIGIN:DESTINATION (repeatable) "
            "or --od-file pairs.csv"
        )
    return pairs


def _table(result: SweepResult, net: Network) -> Table:
    def name(node_id: str) -> str:
        return net.node(node_id).name if net.has_node(node_id) else node_id

    from corridor.routing.families import FAMILY_LABELS  # noqa: PLC0415

    t = Table(
        title=f"{len(result.scenarios)} scenario(s) x {len(result.pairs)} pair(s), "
        f"{result.samples:,} simulated transits per option, terminal to terminal",
        show_edge=False,
    )
    left = ("scenario", "origin → destination", "#", "corridor")
    t.add_column("scenario", overflow="fold", max_width=24)  # long names fold, numbers stay
    t.add_column("origin → destination", overflow="fold", max_width=28)
    for col in ("#", "corridor", "days", "P50", "P90", "USD", "kg CO2"):
        t.add_column(col, justify="left" if col in left else "right", no_wrap=True)
    previous: tuple[str, str, str] | None = None
    for r in result.rows:
        key = (r.scenario, r.origin, r.destination)
        if previous is not None and key[:1] != previous[:1]:
            t.add_section()
        head = key != previous
        previous = key
        pair = f"{name(r.origin)} → {name(r.destination)}" if head else ""
        label = r.scenario.replace("+", " + ") if head else ""  # wraps at the +
        if r.corridor is None:
            t.add_row(label, pair, "", f"[dim]{r.note}[/dim]")
            continue
        t.add_row(
            label,
            pair,
            str(r.rank),
            FAMILY_LABELS.get(r.corridor, r.corridor),
            f"{r.mean_days:.1f}",
            f"{r.p50_days:.1f}",
            f"{r.p90_days:.1f}",
            f"{r.cost_usd:,.0f}",
            f"{r.co2_kg:,.0f}",
        )
    return t


def _write_csv(result: SweepResult, stream: TextIO) -> None:
    from corridor.sweep import SWEEP_COLUMNS  # noqa: PLC0415

    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(SWEEP_COLUMNS)
    for row in result.records():
        writer.writerow(["" if row[c] is None else row[c] for c in SWEEP_COLUMNS])


@contextmanager
def _progress(show: bool) -> Iterator[Any]:
    """A progress bar of tasks on stderr (on a terminal), or ``None``."""
    if not show or not err.is_terminal:
        yield None
        return
    from rich.progress import (  # noqa: PLC0415
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    with Progress(
        TextColumn("sweep"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        yield bar


def _format(fmt: SweepFormat | None, output: Path | None) -> SweepFormat:
    if fmt is not None:
        return fmt
    if output is None:
        return SweepFormat.table
    return SweepFormat.json if output.suffix.lower() == ".json" else SweepFormat.csv


def _emit(result: SweepResult, net: Network, fmt: SweepFormat, stream: TextIO | None) -> None:
    if fmt is SweepFormat.json:
        text = json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n"
        (stream or _stdout()).write(text)
        return
    if fmt is SweepFormat.csv:
        _write_csv(result, stream or _stdout())
        return
    console = out if stream is None else Console(file=stream, width=160, highlight=False)
    console.print(_table(result, net))
    console.print(
        f"[dim]{result.samples:,} simulated transits per option; seeds from seed "
        f"{result.seed}, scenario, pair and corridor (the same on any backend or batch "
        f"size); ran on {result.backend}; days: simulated mean; USD and CO2 per cargo unit[/dim]",
        highlight=False,
    )


def _stdout() -> TextIO:
    import sys  # noqa: PLC0415

    return sys.stdout


@handle_errors
def sweep_command(
    scenario: Annotated[
        list[str] | None,
        typer.Option(
            "--scenario",
            "-s",
            help="Scenario to run (repeatable, each a separate run): base, a built-in name "
            "(corridor scenario list) or a .toml file; a+b applies both. Default: base.",
            show_default=False,
        ),
    ] = None,
    od: Annotated[
        list[str] | None,
        typer.Option(
            "--od",
            help="Origin-destination pair ORIGIN:DESTINATION (repeatable, or comma list).",
            show_default=False,
        ),
    ] = None,
    od_file: Annotated[
        Path | None,
        typer.Option(
            "--od-file",
            help="CSV of pairs with a header naming origin and destination columns.",
            show_default=False,
        ),
    ] = None,
    samples: Annotated[
        int, typer.Option("--samples", help="Simulated transits per corridor option.")
    ] = 2_000,
    seed: Annotated[int, typer.Option("--seed", help="Base seed of the simulations.")] = 0,
    batch_size: Annotated[
        int,
        typer.Option("--batch-size", help="Pairs per task (the grain of work, not the numbers)."),
    ] = 4,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            help="Run on a Dask LocalCluster of N worker processes "
            "(pip install 'corridor\\[dask]').",
            show_default=False,
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Run on the Dask scheduler at this address, e.g. tcp://host:8786.",
            show_default=False,
        ),
    ] = None,
    cargo: Cargo = "FEU",
    optimize: Optimize = OptimizeChoice.generalized,
    month: Month = None,
    date: Date = None,
    operations: Operations = None,
    fmt: Annotated[
        SweepFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="table, csv or json (default: table; with -o, from its suffix, else csv).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file instead of stdout."),
    ] = None,
    progress: Annotated[
        bool, typer.Option("--progress/--no-progress", help="Progress bar on stderr.")
    ] = True,
    network: NetworkOption = None,
) -> None:
    """Sweep scenarios x origin-destination pairs x Monte Carlo draws, serial or on Dask.

    Each pair's corridors are compared under each scenario and every option simulated
    with --samples draws, seeded from --seed, the scenario, the pair and the corridor: the
    numbers are the same serially, on --workers N or on a --scheduler, whatever the
    --batch-size.

    Example: [bold]corridor sweep -s base -s red-sea-closure --od Shanghai:Rotterdam
    --od Chengdu:Warsaw --workers 2[/bold]; [bold]corridor sweep -s base -s
    northern-sanctions --od-file pairs.csv --scheduler tcp://10.0.0.5:8786 -o
    sweep.csv[/bold]
    """
    from corridor.sweep import sweep  # noqa: PLC0415
    from corridor.sweep.engine import (  # noqa: PLC0415
        MAX_BATCH_SIZE,
        MAX_SWEEP_SAMPLES,
        MAX_WORKERS,
    )

    check_number("--samples", samples, low=1, high=MAX_SWEEP_SAMPLES)
    check_number("--seed", seed, low=0)
    check_number("--batch-size", batch_size, low=1, high=MAX_BATCH_SIZE)
    check_number("--workers", workers, low=1, high=MAX_WORKERS)
    refuse_together("--workers", "--scheduler", given=workers is not None and bool(scheduler))
    if scheduler is not None and not scheduler.strip():
        raise CorridorError("--scheduler '': empty address; fix: give tcp://host:8786")
    check_output_file("--output", output)
    chosen = _format(fmt, output)
    names = comma_list("--scenario", scenario) or ["base"]
    net = load_network(network)
    pairs = _pairs(net, od, od_file)
    opts = RouteOptions(
        cargo=cargo, optimize=optimize.value, month=month, date=date, operations=operations
    )
    with _progress(progress) as bar:
        task = None if bar is None else bar.add_task("sweep", total=None)  # set by the first call

        def advance(done: int, total: int) -> None:
            if bar is not None:
                bar.update(task, completed=done, total=total)

        result = sweep(
            net,
            names,
            pairs,
            samples=samples,
            seed=seed,
            batch_size=batch_size,
            workers=workers,
            scheduler=scheduler,
            options=opts,
            progress=advance,
        )
    if output is None:
        _emit(result, net, chosen, None)
        return
    with output.open("w", encoding="utf-8", newline="") as stream:
        _emit(result, net, chosen, stream)
    err.print(f"wrote {len(result.rows)} rows to {output}", markup=False)
