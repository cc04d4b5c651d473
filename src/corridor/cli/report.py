"""``corridor report``: one self-contained HTML file comparing the corridors, to e-mail."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from corridor.cli._common import (
    NetworkOption,
    ScenarioOption,
    check_number,
    check_output_file,
    err,
    handle_errors,
    load_network,
    scenario_carbon,
)
from corridor.cli.routing import (
    AvoidCountry,
    Cargo,
    Close,
    Date,
    Destination,
    Month,
    OptimizeChoice,
    Origin,
    _options,
    check_countries,
    check_edge,
    resolve_places,
)

__all__ = ["report_command"]


class ReportFormat(StrEnum):
    """Report formats."""

    html = "html"
    pdf = "pdf"


@handle_errors
def report_command(
    origin: Origin,
    destination: Destination,
    out_path: Annotated[
        Path,
        typer.Option("--out", "-o", help="The HTML file to write, e.g. report.html."),
    ],
    cargo: Cargo = "FEU",
    scenario: ScenarioOption = None,
    date: Date = None,
    month: Month = None,
    avoid_country: AvoidCountry = None,
    close: Close = None,
    deadline: Annotated[
        str | None,
        typer.Option("--deadline", help="Deadline, e.g. 20d or 480h: marked on the chart."),
    ] = None,
    value: Annotated[
        float | None,
        typer.Option("--value", help="Value of the goods in USD: adds the landed-cost table."),
    ] = None,
    quantity: Annotated[
        int, typer.Option("--quantity", help="Cargo units the value is spread over.")
    ] = 1,
    samples: Annotated[
        int, typer.Option("--samples", help="Sampled transits per option (1 to 200,000).")
    ] = 5_000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the simulations.")] = 1,
    fmt: Annotated[
        ReportFormat,
        typer.Option("--format", "-f", help="html (one self-contained file) or pdf (A4 pages)."),
    ] = ReportFormat.html,
    network: NetworkOption = None,
) -> None:
    """Write a self-contained HTML report: map, comparison table, transit-time chart.

    One file with everything inside (inline CSS, images as data: URIs): a map of the
    corridor options, the comparison table, the transit-time distributions with the
    deadline, the landed cost when --value is given, every leg, and the sources of the
    numbers. It opens offline and can be sent by e-mail. --format pdf draws the same on A4
    pages with matplotlib.

    Example: [bold]corridor report "Xi'an" Duisburg --deadline 20d --value 400000 --out
    report.html[/bold]
    """
    from corridor.cli.reliability import parse_days  # noqa: PLC0415
    from corridor.report import (  # noqa: PLC0415
        MAX_REPORT_SAMPLES,
        ReportSettings,
        build_report,
        build_report_pdf,
    )

    check_output_file("--out", out_path)
    deadline_days = parse_days(deadline) if deadline is not None else None
    check_number("--value", value, low=0.0)
    check_number("--quantity", quantity, low=1, high=10_000_000)
    check_number("--samples", samples, low=1, high=MAX_REPORT_SAMPLES)
    check_number("--seed", seed, low=0)
    check_edge(None, 0.0, avoid_country, close)
    net = load_network(network, scenario)
    check_countries(net, avoid_country)
    places = resolve_places(net, origin, destination, None)
    opts = _options(
        cargo,
        OptimizeChoice.generalized,
        avoid_country,
        close,
        None,
        [],
        None,
        None,
        scenario_carbon(scenario, 0.0),
        month,
        date,
    )
    make = build_report_pdf if fmt is ReportFormat.pdf else build_report
    page = make(
        net,
        places.origin,
        places.destination,
        options=opts,
        settings=ReportSettings(
            scenarios=tuple(scenario or ()),
            deadline_days=deadline_days,
            value=value,
            quantity=quantity,
            samples=samples,
            seed=seed,
        ),
    )
    data = page if isinstance(page, bytes) else page.encode()
    out_path.write_bytes(data)
    err.print(f"wrote {out_path} ({len(data):,} bytes)", markup=False)
