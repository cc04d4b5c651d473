"""``corridor assign``: capacitated assignment on the embedded network or a TNTP network."""

from __future__ import annotations

import dataclasses
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from corridor.cli._common import (
    NetworkOption,
    ScenarioOption,
    check_number,
    comma_list,
    handle_errors,
    load_network,
    out,
    refuse_together,
)
from corridor.cli.routing import Date, Operations
from corridor.exceptions import CorridorError

if TYPE_CHECKING:
    from corridor.assignment.corridor_results import CorridorAssignment

__all__ = ["assign_command"]


class AlgorithmChoice(StrEnum):
    """Assignment algorithms."""

    aon = "aon"
    msa = "msa"
    fw = "fw"
    cfw = "cfw"
    bfw = "bfw"
    so = "so"
    algb = "algb"


class AssignFormat(StrEnum):
    """Output formats."""

    table = "table"
    json = "json"
    geojson = "geojson"
    csv = "csv"


Tntp = Annotated[
    Path | None,
    typer.Option(
        "--tntp",
        help="TNTP prefix, e.g. ../shared/data/tntp/SiouxFalls/SiouxFalls "
        "(reads PREFIX_net.tntp and PREFIX_trips.tntp, gzipped or not).",
        show_default=False,
    ),
]
Demand = Annotated[
    Path | None,
    typer.Option(
        "--demand",
        help="OD demand CSV (origin, destination, cargo, volume, unit TEU|tonnes) for the "
        "embedded network (or --network), e.g. examples/demand_2030.csv.",
        show_default=False,
    ),
]
AlgorithmOpt = Annotated[
    AlgorithmChoice,
    typer.Option(
        "--algorithm",
        "-a",
        help="aon, msa, fw, cfw, bfw (bi-conjugate Frank-Wolfe), so (system optimum) or "
        "algb (Dial's Algorithm B, bush-based: exact OD flows, gaps to 1e-8 and below).",
    ),
]
Gap = Annotated[float, typer.Option("--gap", help="Stop at this relative gap (>= 0).")]
MaxIter = Annotated[int, typer.Option("--max-iter", help="Iteration limit.", min=1)]
TollFactor = Annotated[
    float | None,
    typer.Option(
        "--toll-factor",
        help="Time per unit toll in the generalised cost (default: file metadata, else 0; "
        "Chicago-Sketch uses 0.02).",
        show_default=False,
    ),
]
DistanceFactor = Annotated[
    float | None,
    typer.Option(
        "--distance-factor",
        help="Time per unit length in the generalised cost (default: file metadata, else 0; "
        "Chicago-Sketch uses 0.04).",
        show_default=False,
    ),
]
Format = Annotated[
    AssignFormat,
    typer.Option(
        "--format",
        "-f",
        help="table, json, geojson (--demand only) or csv: the link table (--demand: one "
        "row per real link with flow or a capacity; --tntp: one row per link) or, with "
        "--select-link, the select-link table.",
    ),
]
MaxIterDefault = 1000


@handle_errors
def assign_command(
    tntp: Tntp = None,
    demand: Demand = None,
    algorithm: AlgorithmOpt = AlgorithmChoice.bfw,
    gap: Gap = 1e-5,
    max_iter: MaxIter = 1000,
    toll_factor: TollFactor = None,
    distance_factor: DistanceFactor = None,
    fmt: Format = AssignFormat.table,
    select_link: Annotated[
        list[str] | None,
        typer.Option(
            "--select-link",
            help="With --demand: list the OD pairs that use this link, border or place id "
            "(repeatable).",
        ),
    ] = None,
    month: Annotated[
        int | None,
        typer.Option("--month", min=1, max=12, help="With --demand: month (port closures)."),
    ] = None,
    network: NetworkOption = None,
    scenario: ScenarioOption = None,
    date: Date = None,
    operations: Operations = None,
) -> None:
    """Assign OD demand to a congested network (user equilibrium or system optimum).

    Examples: [bold]corridor assign --demand examples/demand_2030.csv[/bold] (bottlenecks
    of the embedded network); [bold]corridor assign --tntp
    ../shared/data/tntp/SiouxFalls/SiouxFalls[/bold]; [bold]corridor assign --tntp
    .../ChicagoSketch --toll-factor 0.02 --distance-factor 0.04 --format json[/bold]

    With --demand, the network's dated regimes apply as in compare: the latest sea-rate
    regime (Suez closed to liners since December 2023) unless --date picks another, the
    default rail operating regime unless --operations names one.
    """
    refuse_together("--demand", "--tntp", given=demand is not None and tntp is not None)
    check_number("--gap", gap, low=0.0)
    check_number("--toll-factor", toll_factor, low=0.0)
    check_number("--distance-factor", distance_factor, low=0.0)
    links = comma_list("--select-link", select_link)
    if demand is not None:
        refuse_together("--toll-factor", "--demand", given=toll_factor is not None)
        refuse_together("--distance-factor", "--demand", given=distance_factor is not None)
        refuse_together(
            "--select-link", "--format geojson", given=bool(links) and fmt is AssignFormat.geojson
        )
        _assign_demand(
            demand,
            algorithm,
            gap,
            max_iter,
            fmt,
            links,
            month,
            network,
            scenario,
            regimes=(date, operations),
        )
        return
    if tntp is None:
        raise CorridorError(
            "no demand given; fix: pass --demand FILE (embedded network) or --tntp PREFIX"
        )
    if fmt is AssignFormat.geojson:
        raise CorridorError("--format geojson needs --demand (TNTP networks have no geometry)")
    refuse_together("--select-link", "--tntp", given=bool(links))
    refuse_together("--network", "--tntp", given=network is not None)
    refuse_together("--month", "--tntp", given=month is not None)
    refuse_together("--scenario", "--tntp", given=bool(scenario))
    refuse_together("--date", "--tntp", given=date is not None)
    refuse_together("--operations", "--tntp", given=operations is not None)
    from corridor.assignment.engine import assign  # noqa: PLC0415 - lazy: keeps --help fast
    from corridor.io.tntp import read_tntp  # noqa: PLC0415

    tntp_net = read_tntp(tntp)
    problem = tntp_net.to_problem(toll_factor=toll_factor, distance_factor=distance_factor)
    result = assign(problem, algorithm=algorithm.value, gap=gap, max_iter=max_iter)
    if fmt is AssignFormat.csv:
        from corridor.assignment.results import LINK_RESULT_COLUMNS  # noqa: PLC0415
        from corridor.cli.assign_render import csv_table  # noqa: PLC0415

        rows = result.records(tail=tntp_net.net.init_node, head=tntp_net.net.term_node)
        sys.stdout.write(csv_table(rows, LINK_RESULT_COLUMNS))
        return
    if fmt is AssignFormat.json:
        data = {
            "network": tntp_net.name,
            "algorithm": result.algorithm,
            "iterations": result.iterations,
            "relative_gap": result.relative_gap,
            "objective": result.objective,
            "total_travel_time": result.total_travel_time,
            "total_cost": result.total_cost,
            "converged": result.converged,
            "seconds": result.seconds,
        }
        sys.stdout.write(json.dumps(data, indent=1) + "\n")
        return
    objective_label = (
        "total cost (SO objective)" if algorithm is AlgorithmChoice.so else ("Beckmann objective")
    )
    table = Table(
        title=f"{tntp_net.name}: {problem.n_links} links, {problem.n_zones} zones, "
        f"{problem.total_demand:,.0f} trips"
    )
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("algorithm", result.algorithm)
    table.add_row(
        "iterations",
        f"{result.iterations}" + ("" if result.converged else " (gap not reached)"),
    )
    table.add_row("relative gap", f"{result.relative_gap:.3e}")
    table.add_row(objective_label, f"{result.objective:,.6f}")
    table.add_row("total travel time", f"{result.total_travel_time:,.6f}")
    table.add_row("total generalised cost", f"{result.total_cost:,.6f}")
    table.add_row("seconds", f"{result.seconds:.3f}")
    out.print(table)


def _assign_demand(
    demand: Path,
    algorithm: AlgorithmChoice,
    gap: float,
    max_iter: int,
    fmt: AssignFormat,
    select_link: list[str],
    month: int | None,
    network: Path | None,
    scenario: list[str] | None = None,
    *,
    regimes: tuple[str | None, str | None] = (None, None),
) -> None:
    from corridor.assignment.demand_assignment import assign_demand  # noqa: PLC0415
    from corridor.assignment.select_link import element_vlinks  # noqa: PLC0415
    from corridor.cli.assign_render import csv_table, render_assignment  # noqa: PLC0415
    from corridor.io.demand import read_demand  # noqa: PLC0415

    net = load_network(network, scenario)
    od = read_demand(demand, net)
    if scenario:
        from corridor.scenarios import grow_demand  # noqa: PLC0415

        od = grow_demand(od, scenario, network=net)
    result = assign_demand(
        net,
        od,
        algorithm=algorithm.value,
        gap=gap,
        max_iter=max_iter,
        month=month,
        track_od=True if select_link else None,
        date=regimes[0],
        operations=regimes[1],
    )
    for item in select_link:  # an unknown element fails before anything is printed
        element_vlinks(result.corridor_problem.compiled, item)
    if fmt is AssignFormat.csv and select_link:
        from corridor.assignment.corridor_results import SELECT_LINK_COLUMNS  # noqa: PLC0415

        rows = result.select_link_records(select_link)
        sys.stdout.write(csv_table(rows, SELECT_LINK_COLUMNS))
        return
    if fmt is AssignFormat.json and select_link:
        data = json.loads(render_assignment(result, "json"))
        data["select_link"] = {s: _select_rows(result, s) for s in select_link}
        sys.stdout.write(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
        return
    sys.stdout.write(render_assignment(result, fmt.value).rstrip("\n") + "\n")
    for item in select_link if fmt is AssignFormat.table else []:
        rows = _select_rows(result, item)
        sys.stdout.write(f"\nselect link {item}: {len(rows)} OD pair(s)\n")
        for row in rows:
            sys.stdout.write(
                f"  {row['origin']} -> {row['destination']}: {row['teu']:,.0f} TEU/yr "
                f"({100 * row['share']:.0f}% of the pair)\n"
            )


def _select_rows(result: CorridorAssignment, item: str) -> list[dict[str, Any]]:
    return [dataclasses.asdict(row) for row in result.select_link(item)]
