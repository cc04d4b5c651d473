"""``corridor reliability``: transit-time distributions, deadlines and digital borders."""

from __future__ import annotations

import json
import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from corridor.cli._common import (
    NetworkOption,
    ScenarioOption,
    check_number,
    check_output_file,
    comma_list,
    err,
    handle_errors,
    load_network,
    out,
)
from corridor.cli.routing import (
    AvoidCountry,
    Cargo,
    Close,
    Date,
    Destination,
    ModeOnly,
    Operations,
    Origin,
    Via,
    check_countries,
    check_edge,
    emit_csv,
    resolve_places,
)
from corridor.cli.store import SaveOption, save_result
from corridor.exceptions import CorridorError

if TYPE_CHECKING:
    from corridor.network.model import Network
    from corridor.planning import Comparison
    from corridor.reliability.montecarlo import TransitSimulation
    from corridor.routing.result import Route

__all__ = ["parse_days", "reliability_command"]

#: The most sampled transits per route: 10 million take about a minute and some GB.
MAX_SAMPLES = 10_000_000
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([dh]?)\s*$", re.IGNORECASE)


class ReliabilityFormat(StrEnum):
    """Output formats of ``corridor reliability``."""

    table = "table"
    json = "json"
    csv = "csv"


def parse_days(text: str) -> float:
    """``"20d"``, ``"20"`` (days) or ``"480h"`` → days.

    Raises
    ------
    CorridorError
        If the text is not such a duration.
    """
    match = _DURATION.match(text)
    if match is None or float(match.group(1)) <= 0:
        raise CorridorError(f"--deadline {text}: use a positive duration like 20d or 480h")
    value = float(match.group(1))
    return value / 24.0 if match.group(2).lower() == "h" else value


def _payload(
    result: Comparison,
    runs: list[tuple[str, Route, TransitSimulation]],
    month: int | None,
    deadline_days: float | None,
) -> dict[str, object]:
    """The JSON output of ``corridor reliability`` (``--format json`` and ``--save``)."""
    return {
        "origin": {"id": result.origin.id, "name": result.origin.name},
        "destination": {"id": result.destination.id, "name": result.destination.name},
        "month": month,
        "runs": [
            {"label": label, "corridor": r.corridor, **sim.to_dict(deadline_days=deadline_days)}
            for label, r, sim in runs
        ],
    }


@handle_errors
def reliability_command(
    origin: Origin,
    destination: Destination,
    corridor: Annotated[
        list[str] | None,
        typer.Option(
            "--corridor",
            help="Corridor families (northern, middle, middle_black_sea, sea_suez, ...), "
            "e.g. northern or northern,middle (repeatable); default: every family that "
            "connects the places.",
        ),
    ] = None,
    samples_given: Annotated[
        float,
        typer.Option(
            "--samples",
            metavar="N",
            help="Sampled transits per route: 1 to 10,000,000 (1e6 is fine).",
        ),
    ] = 100_000,
    month: Annotated[
        int | None,
        typer.Option("--month", min=1, max=12, help="Month of departure (seasonal closures)."),
    ] = None,
    deadline: Annotated[
        str | None, typer.Option("--deadline", help="Promised delivery: 20d or 480h.")
    ] = None,
    seed: Annotated[
        int,
        typer.Option("--seed", help="Random seed >= 0 (same seed, same numbers)."),
    ] = 1,
    digital_borders: Annotated[
        list[str] | None,
        typer.Option(
            "--digital-borders",
            help="Switch borders to the digital regime: ISO codes (KZ,AZ,GE), border ids, "
            "a corridor family or all (repeatable); shown side by side with the paper "
            "regime.",
        ),
    ] = None,
    border_correlation: Annotated[
        float,
        typer.Option(
            "--border-correlation",
            help="Correlation of border dwells, 0 to 1 (congestion waves).",
        ),
    ] = 0.0,
    plot: Annotated[
        Path | None,
        typer.Option("--plot", help="Draw histogram + CDF to this .png/.svg (corridor\\[plot])."),
    ] = None,
    fmt: Annotated[
        ReliabilityFormat,
        typer.Option("--format", "-f", help="table, json or csv (one row per route)."),
    ] = ReliabilityFormat.table,
    cargo: Cargo = "FEU",
    avoid_country: AvoidCountry = None,
    close: Close = None,
    mode_only: ModeOnly = None,
    via: Via = None,
    date: Date = None,
    operations: Operations = None,
    network: NetworkOption = None,
    scenario: ScenarioOption = None,
    save: SaveOption = False,
) -> None:
    """Transit-time distribution of a route: mean, P10-P95, on-time probability, what drives it.

    Times are terminal to terminal (no first or last mile). Without --corridor, every
    corridor that corridor compare shows; a detour is simulated only when named.

    Example: [bold]corridor reliability "Xi'an" Baku --corridor middle --month 12
    --deadline 20d[/bold]; [bold]corridor reliability "Xi'an" Duisburg --format csv[/bold]
    """
    from corridor.planning import compare  # noqa: PLC0415
    from corridor.reliability.simulate import digital_borders as make_digital  # noqa: PLC0415
    from corridor.reliability.simulate import simulate_route  # noqa: PLC0415

    deadline_days = parse_days(deadline) if deadline is not None else None
    samples = _count("--samples", samples_given, MAX_SAMPLES)
    check_number("--seed", seed, low=0)
    check_number("--border-correlation", border_correlation, low=0.0, high=1.0)
    check_edge(None, 0.0, avoid_country, close, mode_only, via=via)
    digital = comma_list("--digital-borders", digital_borders)
    if any(not c.strip() for c in corridor or ()):
        raise CorridorError("--corridor '': empty; fix: name a corridor family, e.g. northern")
    families = comma_list("--corridor", corridor)
    check_output_file("--plot", plot)
    _check_plot_format(plot)
    net = load_network(network, scenario)
    check_countries(net, avoid_country)
    places = resolve_places(net, origin, destination, via)
    result = compare(
        net,
        places.origin,
        places.destination,
        cargo=cargo,
        optimize="time",
        month=month,
        avoid_countries=comma_list("--avoid-country", avoid_country),
        close=comma_list("--close", close),
        via=places.via,
        modes=comma_list("--mode-only", mode_only),
        date=date,
        operations=operations,
    )
    detours = tuple(a.route for a in result.implausible)
    routes: list[Route] = []
    wanted: list[str | None] = [*families] if families else [None]
    for family in wanted:
        routes.extend(
            r for r in _pick(result.options, detours, family) if all(r is not x for x in routes)
        )
    runs: list[tuple[str, Route, TransitSimulation]] = []
    variants: list[tuple[str, Network, Route]] = []
    for r in routes:
        variants.append((r.corridor, net, r))
        if digital:
            digital_net = make_digital(net, digital, r)
            variants.append((f"{r.corridor} (digital {','.join(digital)})", digital_net, r))
    from rich.progress import Progress  # noqa: PLC0415

    with Progress(console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("sampling transits", total=samples * len(variants))
        for i, (label, variant_net, r) in enumerate(variants):

            def advance(n: int, base: int = i * samples) -> None:
                bar.update(task, completed=base + n)

            sim = simulate_route(
                variant_net,
                r,
                samples=samples,
                month=month,
                seed=seed,
                border_correlation=border_correlation,
                progress=advance,
            )
            runs.append((label, r, sim))
    if save:
        save_result("reliability", _payload(result, runs, month, deadline_days))
    if fmt is ReliabilityFormat.csv:
        from corridor.reliability.montecarlo import (  # noqa: PLC0415
            SIMULATION_COLUMNS,
            simulations_rows,
        )

        pairs = [(label, sim) for label, _, sim in runs]
        emit_csv(SIMULATION_COLUMNS, simulations_rows(pairs, deadline_days=deadline_days))
    elif fmt is ReliabilityFormat.json:
        payload = _payload(result, runs, month, deadline_days)
        sys.stdout.write(json.dumps(payload, indent=1, ensure_ascii=False) + "\n")
    else:
        _render(
            result.origin.name, result.destination.name, runs, deadline_days, month, samples, seed
        )
    if plot is not None:
        from corridor.reliability.plot import image_path, plot_transit_times  # noqa: PLC0415

        path = image_path(plot)
        plot_transit_times(
            [(label, sim) for label, _, sim in runs],
            path,
            deadline_days=deadline_days,
            title=f"{result.origin.name} → {result.destination.name}"
            + (f", month {month}" if month else ""),
        )
        err.print(f"wrote {path}", markup=False)


def _check_plot_format(plot: Path | None) -> None:
    """Before any sampling: matplotlib is installed and the suffix names an image format."""
    if plot is None:
        return
    from corridor._dependencies import import_optional  # noqa: PLC0415

    bases = import_optional("matplotlib.backend_bases", extra="plot")
    formats = sorted(bases.FigureCanvasBase.get_supported_filetypes())
    if plot.suffix and plot.suffix[1:].lower() not in formats:
        raise CorridorError(
            f"--plot {plot}: {plot.suffix!r} is not an image format; fix: use one of "
            + ", ".join("." + f for f in formats)
        )


def _count(flag: str, value: float, most: int) -> int:
    """A whole number from 1 to ``most`` (``1e6`` allowed), else a one-line error."""
    check_number(flag, value, low=1, high=most)
    if not value.is_integer():
        raise CorridorError(f"{flag} {value:g}: use a whole number from 1 to {most:,}")
    return int(value)


def _pick(
    options: tuple[Route, ...], detours: tuple[Route, ...], corridor: str | None
) -> list[Route]:
    """The shown options, or those of the family asked for (a detour only when named)."""
    if corridor is None:
        return list(options)
    for pool in (options, detours):
        exact = [r for r in pool if r.corridor == corridor]
        chosen = exact or [r for r in pool if r.corridor.startswith(corridor)]
        if chosen:
            if pool is detours:
                err.print(
                    f"note: {corridor} is a detour through another corridor here "
                    "(see corridor compare --all)",
                    markup=False,
                )
            return chosen
    found = ", ".join(r.corridor for r in options)
    raise CorridorError(
        f"--corridor {corridor}: no route of that family between these places; available: {found}"
    )


def _render(
    origin: str,
    destination: str,
    runs: list[tuple[str, Route, TransitSimulation]],
    deadline_days: float | None,
    month: int | None,
    samples: int,
    seed: int,
) -> None:
    when = f", departing in month {month}" if month else ", yearly average"
    t = Table(
        title=f"{origin} → {destination}{when}: terminal-to-terminal days "
        f"({samples:,} samples, seed {seed})"
    )
    cols = ["route", "mean", "P10", "P50", "P90", "P95"]
    if deadline_days is not None:
        cols.append(f"P(≤ {deadline_days:g} d)")
    for c in cols:
        t.add_column(c, justify="left" if c == "route" else "right")
    for label, _, sim in runs:
        pct = sim.percentiles()
        row = [
            label,
            f"{sim.mean_days:.1f}",
            *(f"{pct[k]:.1f}" for k in ("p10", "p50", "p90", "p95")),
        ]
        if deadline_days is not None:
            row.append(f"{100 * sim.probability_within(deadline_days):.1f}%")
        t.add_row(*row)
    out.print(t)
    for label, _, sim in runs:
        top = ", ".join(f"{name} {100 * share:.0f}%" for name, share in sim.top_contributors(4))
        out.print(f"[bold]{label}[/bold] spread comes from: {top}")
