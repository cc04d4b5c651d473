"""``corridor scenario ...``: list, show, validate and compare scenarios."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from corridor.cli._common import (
    EXIT_USAGE,
    NetworkOption,
    err,
    handle_errors,
    load_network,
    out,
    scenario_carbon,
)
from corridor.cli.routing import Cargo, Date, Operations
from corridor.exceptions import CorridorError

if TYPE_CHECKING:
    from corridor.scenarios.compare import AssignmentDiff, RouteDiff
    from corridor.scenarios.model import Edit, Scenario

__all__ = ["app", "scenario_dict"]

app = typer.Typer(
    help="List, show, validate and compare scenarios (what-if edits of the network).",
    no_args_is_help=True,
    rich_markup_mode="rich",
)


class ScenarioFormat(StrEnum):
    """Output formats of ``corridor scenario show`` and ``compare``."""

    table = "table"
    json = "json"


Format = Annotated[ScenarioFormat, typer.Option("--format", "-f", help="table or json.")]


@app.command("list")
@handle_errors
def list_command() -> None:
    """List the built-in scenarios.

    Example: [bold]corridor scenario list[/bold]
    """
    from corridor.scenarios import builtin_scenarios, load_scenario  # noqa: PLC0415

    table = Table(title="Built-in scenarios (corridor scenario show NAME)")
    table.add_column("name")
    table.add_column("edits", justify="right")
    table.add_column("description")
    for name in builtin_scenarios():
        s = load_scenario(name)
        table.add_row(name, str(len(s.edits) + len(s.demand_growth)), s.description)
    out.print(table)


def _join(items: tuple[str, ...] | list[str]) -> str:
    return ", ".join(items)


def _amount(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.6g}"


def describe_edit(edit: Edit) -> str:
    """One line saying what an edit does."""
    from corridor.scenarios import model as m  # noqa: PLC0415

    def how(value: float | None, factor: float | None, unit: str = "") -> str:
        if factor is not None:
            return f"x{factor:g}"
        shown = "?" if value is None else _amount(value)
        return f"= {shown}{(' ' + unit) if unit else ''}"

    if isinstance(edit, m.CloseEdit):
        verb = "reopen" if edit.reopen else "close"
        return f"{verb} {edit.target}: {_join(edit.ids)}"
    if isinstance(edit, m.CapacityEdit):
        what = _join([*edit.links, *edit.nodes])
        at = f" ({edit.transfer[0]}>{edit.transfer[1]})" if edit.transfer else ""
        return f"capacity {what}{at} {how(edit.value, edit.factor, edit.unit or '')}"
    if isinstance(edit, m.SpeedEdit):
        return f"speed {_join(edit.links)} {how(edit.speed_kmh, edit.factor, 'km/h')}"
    if isinstance(edit, m.TariffEdit):
        what = _join([*edit.links, *edit.services])
        if edit.factor is not None:
            return f"tariff {what} x{edit.factor:g}"
        return (
            f"tariff {what} = {edit.fixed or 0:g} + {edit.per_km or 0:g}/km "
            f"{edit.currency} per {edit.unit or 'FEU'}"
        )
    if isinstance(edit, m.BorderRegimeEdit):
        where = _join([*edit.nodes, *edit.countries]) or "every crossing"
        return f"border regime {edit.regime}: {where}"
    if isinstance(edit, m.HeadwayEdit):
        if edit.sailings_per_week is not None:
            value = f"{edit.sailings_per_week:g} sailings/week"
        else:
            value = how(edit.headway_h, edit.factor, "h")
        return f"headway {_join(edit.services)} {value}"
    if isinstance(edit, m.RegimeEdit):
        parts = []
        if edit.sea_rates or edit.sea_rates_date:
            parts.append(f"sea rates {edit.sea_rates or 'of ' + str(edit.sea_rates_date)}")
        if edit.rail_operations:
            parts.append(f"rail operations {edit.rail_operations}")
        return "regimes: " + "; ".join(parts)
    if isinstance(edit, m.FxEdit):
        rates = ", ".join(f"{k} {v:g}" for k, v in edit.rates.items())
        return f"FX per USD: {rates}"
    if isinstance(edit, m.ValueOfTimeEdit):
        return f"value of time {edit.cargo} = {edit.usd_per_day:,.6g} USD/day"
    ident = edit.properties.get("id") or edit.properties.get("name") or ""
    return f"add {edit.kind} {ident}"


def _edit_source(source: str | None, estimate: bool) -> str:
    if source is None:
        return "estimate" if estimate else ""
    return f"{source}{' (estimate)' if estimate else ''}"


def _show_dict(s: Scenario) -> dict[str, Any]:
    return {
        "name": s.name,
        "description": s.description,
        "file": s.path,
        "base": s.base,
        "edits": [
            {
                "edit": describe_edit(e),
                "line": e.where.line,
                "source": getattr(e, "source", None),
                "estimate": getattr(e, "estimate", False),
            }
            for e in s.edits
        ],
        "carbon_usd_per_t": s.carbon_usd_per_t,
        "demand_growth": [
            {
                "origin": g.origin,
                "destination": g.destination,
                "corridor": g.corridor,
                "factor": g.factor,
                "source": g.source,
                "estimate": g.estimate,
            }
            for g in s.demand_growth
        ],
        "sources": dict(s.sources),
    }


scenario_dict = _show_dict
"""A scenario as ``corridor scenario show -f json`` (shared with ``GET /v1/scenarios``)."""


@app.command("show")
@handle_errors
def show_command(
    name: Annotated[str, typer.Argument(help="Built-in name or scenario .toml file.")],
    fmt: Format = ScenarioFormat.table,
) -> None:
    """Show a scenario: its edits, their sources, carbon price and demand growth.

    Example: [bold]corridor scenario show middle-corridor-2030[/bold]
    """
    from corridor.scenarios import load_scenario  # noqa: PLC0415

    s = load_scenario(name)
    if fmt is ScenarioFormat.json:
        sys.stdout.write(json.dumps(_show_dict(s), indent=1, ensure_ascii=False) + "\n")
        return
    out.print(f"[bold]{s.name}[/bold]: {s.description}")
    if s.base:
        out.print(f"applied after: {s.base}")
    table = Table()
    table.add_column("#", justify="right")
    table.add_column("edit")
    table.add_column("source")
    for i, e in enumerate(s.edits, start=1):
        table.add_row(
            str(i),
            describe_edit(e),
            _edit_source(getattr(e, "source", None), getattr(e, "estimate", False)),
        )
    for g in s.demand_growth:
        what = g.corridor or f"{g.origin} → {g.destination}"
        table.add_row("", f"demand growth {what} x{g.factor:g}", _edit_source(g.source, g.estimate))
    if s.carbon_usd_per_t is not None:
        table.add_row(
            "",
            f"carbon price {s.carbon_usd_per_t:g} USD/t",
            _edit_source(s.carbon_source, s.carbon_source is None),
        )
    out.print(table)
    if s.sources:
        sources = Table(title="Sources")
        sources.add_column("id")
        sources.add_column("citation")
        for key, text in s.sources.items():
            sources.add_row(key, text)
        out.print(sources)


@app.command("validate")
@handle_errors
def validate_command(
    files: Annotated[list[Path], typer.Argument(help="Scenario .toml files.")],
    network: NetworkOption = None,
) -> None:
    """Check scenario files: keys, values, sources, ids, and the network they produce.

    Every problem of every file is listed (file:line: key: what; fix: ...), then any error
    the network validator finds in the edited network (an added link whose mode meets no
    transfer, ...); the exit code is 2 if there is any.

    Example: [bold]corridor scenario validate my-scenario.toml[/bold]
    """
    from corridor.network.validate import validate_network  # noqa: PLC0415
    from corridor.scenarios import ScenarioError, apply_scenario  # noqa: PLC0415

    net = load_network(network)
    failed = False
    for path in files:
        try:
            edited = apply_scenario(net, path)  # a bad file: its unknown ids too
        except ScenarioError as exc:
            failed = True
            for problem in exc.problems:
                err.print(f"error: {problem}", markup=False)
            continue
        errors = [i for i in validate_network(edited, connectivity=False) if i.severity == "error"]
        for issue in errors:
            err.print(f"error: {path}: the edited network: {issue}", markup=False)
        failed = failed or bool(errors)
        if not errors:
            out.print(f"ok: {path}", markup=False)
    if failed:
        raise typer.Exit(EXIT_USAGE)


def _num(value: float | None, fmt: str) -> str:
    return "-" if value is None else format(value, fmt)


def _delta(a: float | None, b: float | None, fmt: str) -> str:
    if a is None or b is None:
        return ""
    d = b - a
    return "0" if abs(d) < 1e-9 else format(d, "+" + fmt)  # noqa: PLR2004


def _routes_table(rows: list[RouteDiff], title: str) -> Table:
    table = Table(title=title)
    table.add_column("corridor")
    for head in ("days", "P90", "USD", "CO2 kg"):
        table.add_column(head, justify="right")
        table.add_column("→", justify="right")
        table.add_column("Δ", justify="right")
    for r in rows:
        row = r.row()
        cells = [r.label]
        for key, fmt in (("days", ".1f"), ("p90_days", ".1f"), ("usd", ",.0f"), ("co2_kg", ",.0f")):
            a, b = row[f"base_{key}"], row[f"other_{key}"]
            cells += [_num(a, fmt), _num(b, fmt), _delta(a, b, fmt)]
        table.add_row(*cells)
    return table


def _assignment_tables(diff: AssignmentDiff, base: str, other: str) -> list[Table]:
    from corridor.scenarios.compare import CORRIDOR_LABELS  # noqa: PLC0415

    flows = Table(title=f"TEU per year by corridor: {base} → {other}")
    flows.add_column("corridor")
    flows.add_column(base, justify="right")
    flows.add_column(other, justify="right")
    flows.add_column("moved", justify="right")
    for g, moved in diff.moved_teu.items():
        a, b = diff.base_flows.teu.get(g, 0.0), diff.other_flows.teu.get(g, 0.0)
        if abs(a) + abs(b) >= 0.5:  # noqa: PLR2004 - half a TEU
            flows.add_row(CORRIDOR_LABELS.get(g, g), f"{a:,.0f}", f"{b:,.0f}", f"{moved:+,.0f}")
    necks = Table(title="Bottlenecks (congestion delay, TEU-hours per year)")
    for head in ("element", "status", base, other, "v/c", "→"):
        necks.add_column(head, justify="left" if head in ("element", "status") else "right")
    for neck in diff.bottlenecks[:12]:
        necks.add_row(
            neck.name,
            neck.status,
            f"{neck.base_delay_teu_h:,.0f}",
            f"{neck.other_delay_teu_h:,.0f}",
            _num(neck.base_vc, ".2f"),
            _num(neck.other_vc, ".2f"),
        )
    pairs = Table(title="Per OD pair, per TEU at equilibrium (→: under the other scenario)")
    for head in ("origin → destination", "TEU/yr", "→", "days", "→", "USD", "→", "CO2 kg", "→"):
        pairs.add_column(head, justify="left" if head.startswith("origin") else "right")
    for r in diff.od:
        cells = [f"{r['origin']} → {r['destination']}"]
        for key, fmt in (("teu", ",.0f"), ("days", ".1f"), ("usd", ",.0f"), ("co2_kg", ",.0f")):
            cells += [_num(r[f"base_{key}"], fmt), _num(r[f"other_{key}"], fmt)]
        pairs.add_row(*cells)
    totals = Table(title="System totals per year")
    for head in ("measure", base, other, "change"):
        totals.add_column(head, justify="left" if head == "measure" else "right")
    for label, a, b in (
        ("demand (TEU)", diff.base_teu, diff.other_teu),
        ("total system time (TEU-h)", diff.base_time_teu_h, diff.other_time_teu_h),
        ("generalised cost (USD)", diff.base_cost_usd, diff.other_cost_usd),
    ):
        totals.add_row(label, f"{a:,.0f}", f"{b:,.0f}", f"{b - a:+,.0f}")
    return [pairs, flows, necks, totals]


@app.command("compare")
@handle_errors
def compare_command(
    base: Annotated[str, typer.Argument(help="Base scenario: base, a built-in name or a file.")],
    other: Annotated[str, typer.Argument(help="Other scenario: a built-in name or a file.")],
    origin: Annotated[
        str | None, typer.Option("--origin", help="Origin place (with --destination).")
    ] = None,
    destination: Annotated[
        str | None, typer.Option("--destination", help="Destination place.")
    ] = None,
    demand: Annotated[
        Path | None,
        typer.Option("--demand", help="Demand CSV: assign it under both scenarios and diff."),
    ] = None,
    cargo: Cargo = "FEU",
    date: Date = None,
    operations: Operations = None,
    fmt: Format = ScenarioFormat.table,
    network: NetworkOption = None,
) -> None:
    """Compare two scenarios: routes per corridor, and with --demand flows and totals.

    Per corridor family: the best route's days, P90 days, USD and CO2 under both. With
    --demand: the demand (grown by each scenario's demand growth) is assigned under both;
    TEU moved between corridors, bottlenecks relieved or created, and the change in total
    system time (TEU-hours) and generalised cost (USD) per year.

    Example: [bold]corridor scenario compare base red-sea-closure --origin Shanghai
    --destination Rotterdam --date 2023-06-01[/bold]
    """
    if (origin is None) != (destination is None):
        raise CorridorError("--origin and --destination go together; fix: give both")
    if origin is None and demand is None:
        raise CorridorError(
            "nothing to compare; fix: give --origin and --destination, and/or --demand FILE"
        )
    from corridor.routing.families import FAMILY_LABELS  # noqa: PLC0415
    from corridor.routing.options import RouteOptions  # noqa: PLC0415
    from corridor.scenarios.compare import compare_assignments, compare_routes  # noqa: PLC0415

    base_net = load_network(network, [base])
    other_net = load_network(network, [other])
    data: dict[str, Any] = {"base": base, "other": other}
    tables: list[Table | str] = []
    footer = ""
    if origin is not None and destination is not None:

        def opts(name: str) -> RouteOptions:
            carbon = scenario_carbon([name], 0.0)
            return RouteOptions(
                cargo=cargo, date=date, operations=operations, carbon_usd_per_t=carbon
            )

        rows, a, b = compare_routes(
            base_net, other_net, origin, destination, options=opts(base), other_options=opts(other)
        )
        data["routes"] = {
            "origin": a.origin.id,
            "destination": a.destination.id,
            "cargo": cargo,
            "corridors": [r.row() for r in rows],
        }
        title = (
            f"{a.origin.name} → {a.destination.name}, per {cargo}: {base} → {other} "
            "(→: under the other scenario, Δ: change)"
        )
        tables.append(_routes_table(rows, title))
        best = [c.options[0].corridor if c.options else None for c in (a, b)]
        data["routes"]["best"] = {"base": best[0], "other": best[1]}
        labels = [FAMILY_LABELS.get(x, x) if x else "no route" for x in best]
        footer = f"best by generalized cost: {labels[0]} ({base}) → {labels[1]} ({other})"
    if demand is not None:
        from corridor.assignment.demand_assignment import assign_demand  # noqa: PLC0415
        from corridor.io.demand import read_demand  # noqa: PLC0415
        from corridor.scenarios import grow_demand  # noqa: PLC0415

        runs = []
        for name, net in ((base, base_net), (other, other_net)):
            od = grow_demand(read_demand(demand, net), [name], network=net)
            runs.append(assign_demand(net, od, track_od=True, date=date, operations=operations))
        diff = compare_assignments(runs[0], runs[1])
        data["assignment"] = diff.to_dict()
        data["assignment"]["regimes"] = list(runs[0].network.applied_regimes)
        tables.extend(_assignment_tables(diff, base, other))
    if fmt is ScenarioFormat.json:
        sys.stdout.write(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
        return
    if footer:
        tables.insert(1, footer)
    for table in tables:
        out.print(table)
