"""``corridor research ...``: the world network and the Belt and Road shipment-time study."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from corridor.cli._common import err, handle_errors, out, refuse_together
from corridor.exceptions import CorridorError

__all__ = ["app"]

app = typer.Typer(
    help="Research mode: world shipment times before and after the Belt and Road projects.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)

Data = Annotated[
    Path,
    typer.Option(
        "--data",
        help="The shared data folder (scgraph/, naturalearth/, worldbank/; see its SOURCES.md).",
    ),
]
DEFAULT_DATA = Path("../shared/data")
WORLD_FILE = "world.npz"


def _check_data(data: Path) -> None:
    from corridor.research.build import REQUIRED_FILES  # noqa: PLC0415

    if not data.is_dir():
        msg = (
            f"--data {data}: no such folder; research mode reads the open data described in "
            "../shared/data/SOURCES.md (OSM-derived rail and road graphs, MARNET sea lanes, "
            f"Natural Earth, World Bank Doing Business): {', '.join(REQUIRED_FILES)}"
        )
        raise CorridorError(msg)


@contextmanager
def _steps(show: bool) -> Iterator[Callable[[str, int, int], None]]:
    """A progress bar per step on stderr (on a terminal), else one line per step."""
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TimeElapsedColumn  # noqa: PLC0415

    tasks: dict[str, Any] = {}
    started = time.perf_counter()
    if show and err.is_terminal:
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
            console=err,
        ) as bar:

            def advance(step: str, done: int, total: int) -> None:
                if step not in tasks:
                    tasks[step] = bar.add_task(step, total=total)
                bar.update(tasks[step], completed=done, total=total)

            yield advance
        return

    def line(step: str, done: int, total: int) -> None:
        # one line per step at its start and end, and at most one every 10 s in between
        now = time.perf_counter()
        last = tasks.get(step)
        if show and (last is None or done == total or now - last >= 10.0):  # noqa: PLR2004
            tasks[step] = now
            err.print(f"[{now - started:6.0f} s] {step}: {done}/{total}", markup=False)

    yield line


def _region(text: str | None) -> frozenset[str] | None:
    """ISO3 codes of a --region option ('projects': the economies hosting a project)."""
    if text is None:
        return None
    if text.strip().lower() == "projects":
        from corridor.research.projects import read_projects  # noqa: PLC0415

        return frozenset(c for r in read_projects() for c in r.countries)
    codes = frozenset(c.strip().upper() for c in text.split(",") if c.strip())
    bad = sorted(c for c in codes if len(c) != 3 or not c.isalpha())  # noqa: PLR2004
    if not codes or bad:
        msg = (
            f"--region {text!r}: give ISO3 codes separated by commas (e.g. KAZ,UZB), or 'projects'"
        )
        raise CorridorError(msg)
    return codes


@app.command("build-world")
@handle_errors
def build_world_command(
    data: Data = DEFAULT_DATA,
    output: Annotated[
        Path, typer.Option("--out", "-o", help="Where to write the world network (.npz).")
    ] = Path(WORLD_FILE),
    cities: Annotated[
        int, typer.Option("--cities", help="The largest cities (at least one per country).")
    ] = 1000,
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            help="Cities of these countries only (ISO3 list, or 'projects' for the economies "
            "that host a project): a regional set on the world network.",
        ),
    ] = None,
) -> None:
    """Build the world rail, road and sea network with its cities and ports.

    Example: [bold]corridor research build-world --data ../shared/data --out world.npz[/bold]
    """
    from corridor.research import save_world  # noqa: PLC0415
    from corridor.research.build import build_world  # noqa: PLC0415

    countries = _region(region)
    _check_data(data)
    started = time.perf_counter()
    world = build_world(
        data,
        cities=cities,
        countries=countries,
        progress=lambda s: err.print(f"{s} ...", markup=False),
    )
    save_world(world, output)
    out.print(
        f"wrote {output}: {world.n_vertices:,} vertices, {world.n_edges:,} edges, "
        f"{len(world.cities):,} cities, {len(world.countries)} countries "
        f"({time.perf_counter() - started:.0f} s)",
        markup=False,
    )


@app.command("bri")
@handle_errors
def bri_command(
    output: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for the tables, map and report.")
    ],
    data: Data = DEFAULT_DATA,
    world_file: Annotated[
        Path | None,
        typer.Option("--world", help="A world network from build-world (default: build it)."),
    ] = None,
    projects: Annotated[
        Path | None,
        typer.Option("--projects", help="A project table (default: the shipped BRI projects)."),
    ] = None,
    cities: Annotated[
        int, typer.Option("--cities", help="Cities when building the world network.")
    ] = 1000,
    workers: Annotated[
        int | None,
        typer.Option("--workers", help="Run the per-project analysis on a local Dask cluster."),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Run it on a Dask scheduler (tcp://host:8786)."),
    ] = None,
    per_project: Annotated[
        bool,
        typer.Option(
            "--per-project/--no-per-project", help="Each project alone and in complement."
        ),
    ] = True,
    value_of_time: Annotated[
        float | None,
        typer.Option(
            "--value-of-time", help="Share of cargo value per day in transit (default 0.021)."
        ),
    ] = None,
    progress: Annotated[
        bool, typer.Option("--progress/--no-progress", help="Progress on stderr.")
    ] = True,
) -> None:
    """Shipment times between the world's cities before and after the Belt and Road projects.

    Writes pairs.parquet, groups.csv, countries.csv, projects.csv, map.png and report.html.
    An interrupted run resumes from what it stored in --out.

    Example: [bold]corridor research bri --out results/ --workers 2[/bold]
    """
    from corridor._checks import check_int, check_number  # noqa: PLC0415
    from corridor.research import Parameters, load_world, save_world  # noqa: PLC0415
    from corridor.research.build import build_world  # noqa: PLC0415
    from corridor.research.outputs import write_outputs  # noqa: PLC0415
    from corridor.research.projects import read_projects  # noqa: PLC0415
    from corridor.research.study import run_study  # noqa: PLC0415

    refuse_together("--workers", "--scheduler", given=workers is not None and scheduler is not None)
    if workers is not None:
        check_int("--workers", workers, low=1, high=256)
    params = Parameters.default()
    if value_of_time is not None:
        params = params.replace(
            value_of_time_per_day=check_number("--value-of-time", value_of_time, low=0.0, high=1.0)
        )
    records = read_projects(projects)
    output.mkdir(parents=True, exist_ok=True)
    if world_file is None:
        cached = output / WORLD_FILE
        if cached.is_file():
            world = load_world(cached)
        else:
            _check_data(data)
            world = build_world(
                data,
                cities=cities,
                params=params,
                progress=lambda s: err.print(f"{s} ...", markup=False) if progress else None,
            )
            save_world(world, cached)
    else:
        world = load_world(world_file)
    started = time.perf_counter()
    with _steps(progress) as step:
        result = run_study(
            world,
            records,
            params,
            out=output,
            workers=workers,
            scheduler=scheduler,
            per_project=per_project,
            progress=step,
        )
    countries = data / "naturalearth/ne_50m_admin_0_countries.geojson.gz"
    files = write_outputs(result, records, output, countries=countries)
    groups = {g.group: g for g in result.groups}
    for name in ("world", "project_economies"):
        g = groups[name]
        out.print(
            f"{name}: {g.pairs:,} city pairs, shipment time {g.lower_pct:+.2f}% (lower bound) "
            f"to {g.upper_pct:+.2f}% (upper bound)",
            markup=False,
        )
    placed = sum(p.placed for p in result.placements)
    out.print(
        f"{placed} of {len(result.placements)} projects placed; per-project runs: {result.ran_on}; "
        f"{time.perf_counter() - started:.0f} s; wrote {', '.join(f.name for f in files)} "
        f"to {output}",
        markup=False,
    )
