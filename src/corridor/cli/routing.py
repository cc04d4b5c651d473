"""``corridor route`` and ``corridor compare``."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer
from rich.table import Table

from corridor.cli._common import (
    NetworkOption,
    SaveOption,
    ScenarioOption,
    check_number,
    comma_list,
    err,
    handle_errors,
    load_network,
    out,
    refuse_together,
    scenario_carbon,
)
from corridor.exceptions import CorridorError
from corridor.routing.options import MAX_TRANSSHIPMENTS, RouteOptions

if TYPE_CHECKING:
    from corridor.network.model import Network
    from corridor.routing.result import Route

__all__ = [
    "Places",
    "check_countries",
    "check_edge",
    "compare_command",
    "emit_csv",
    "resolve_places",
    "route_command",
]


class OutputFormat(StrEnum):
    """Output formats."""

    table = "table"
    json = "json"
    csv = "csv"
    geojson = "geojson"


class OptimizeChoice(StrEnum):
    """Criteria to optimise."""

    generalized = "generalized"
    time = "time"
    cost = "cost"
    co2 = "co2"
    distance = "distance"
    p90 = "p90"


class CompareOptimizeChoice(StrEnum):
    """Criteria of ``corridor compare``: those of a route, and a shipper's landed cost."""

    generalized = "generalized"
    time = "time"
    cost = "cost"
    co2 = "co2"
    distance = "distance"
    p90 = "p90"
    landed = "landed"


Origin = Annotated[str, typer.Argument(help="Origin: name, alias, id or UN/LOCODE.")]
Destination = Annotated[str, typer.Argument(help="Destination: name, alias, id or UN/LOCODE.")]
Cargo = Annotated[
    str, typer.Option("--cargo", help="Cargo class: TEU, FEU, bulk_grain, liquid_energy.")
]
Optimize = Annotated[
    OptimizeChoice,
    typer.Option(
        "--optimize",
        help="generalized = money + value of time x time + carbon price x CO2; p90 = the "
        "smallest simulated 90th-percentile transit time.",
    ),
]
CompareOptimize = Annotated[
    CompareOptimizeChoice,
    typer.Option(
        "--optimize",
        help="generalized = money + value of time x time + carbon price x CO2; p90 = the "
        "smallest simulated 90th-percentile transit time; landed = a shipper's landed cost "
        "of --value goods (freight, fees, insurance, inventory, safety stock, FX).",
    ),
]
Format = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="table, json, csv (one row per table row) or geojson."),
]
AvoidCountry = Annotated[
    list[str] | None,
    typer.Option(
        "--avoid-country",
        help="ISO countries to avoid, e.g. RU or RU,BY (repeatable).",
    ),
]
Close = Annotated[
    list[str] | None,
    typer.Option(
        "--close", help="Node or link ids to close, e.g. suez or suez,bab_el_mandeb (repeatable)."
    ),
]
ModeOnly = Annotated[
    list[str] | None,
    typer.Option(
        "--mode-only",
        help="Modes allowed, e.g. rail or rail_1435,rail_1520,sea (repeatable).",
    ),
]
Via = Annotated[
    list[str] | None,
    typer.Option(
        "--via", help="Places the route must pass, in order, e.g. Aktau or Aktau,Baku (repeatable)."
    ),
]
#: The most containers ``--quantity`` may give (the landed-cost library's bound).
MAX_QUANTITY = 10_000_000
#: The most transfers ``--max-transshipments`` may allow (no route has more than a few).
MaxTransshipments = Annotated[
    int | None, typer.Option("--max-transshipments", help="At most N transfers (0 to 100).")
]
ValueOfTime = Annotated[
    float | None,
    typer.Option("--value-of-time", help="USD per cargo unit per day (default: cargo class)."),
]
Month = Annotated[
    int | None,
    typer.Option("--month", min=1, max=12, help="Month of departure (seasonal port closures)."),
]
CarbonPrice = Annotated[
    float, typer.Option("--carbon-price", help="USD per tonne CO2e in the generalized cost.")
]
Date = Annotated[
    str | None,
    typer.Option(
        "--date",
        help="Shipping date YYYY-MM-DD: picks the sea-rate regime in force (default: latest).",
    ),
]
Operations = Annotated[
    str | None,
    typer.Option(
        "--operations",
        help="Rail operating regime: scheduled (block train), average or congested "
        "(default: the network's default).",
    ),
]


_OBJECTIVE_NAMES = {
    "generalized": "generalized cost",
    "time": "mean time",
    "cost": "money cost",
    "co2": "CO2",
    "distance": "distance",
    "p90": "90th-percentile time",
}


def _options(
    cargo: str,
    optimize: OptimizeChoice,
    avoid_country: list[str] | None,
    close: list[str] | None,
    mode_only: list[str] | None,
    via: list[str] | None,
    max_transshipments: int | None,
    value_of_time: float | None,
    carbon_price: float,
    month: int | None = None,
    date: str | None = None,
    operations: str | None = None,
) -> RouteOptions:
    return RouteOptions(
        date=date,
        operations=operations,
        cargo=cargo,
        optimize=optimize.value,
        avoid_countries=tuple(comma_list("--avoid-country", avoid_country)),
        close=tuple(comma_list("--close", close)),
        modes=tuple(comma_list("--mode-only", mode_only)),  # type: ignore[arg-type]
        via=tuple(via or ()),
        max_transshipments=max_transshipments,
        value_of_time_usd_per_day=value_of_time,
        carbon_usd_per_t=carbon_price,
        month=month,
    )


def check_edge(
    value_of_time: float | None,
    carbon_price: float,
    avoid_country: list[str] | None,
    close: list[str] | None,
    mode_only: list[str] | None = None,
    max_transshipments: int | None = None,
    via: list[str] | None = None,
) -> None:
    """Refuse bad routing options before any work (NaN, infinite, negative, empty items).

    Raises
    ------
    CorridorError
        Naming the option.
    """
    check_number("--value-of-time", value_of_time, low=0.0)
    check_number("--carbon-price", carbon_price, low=0.0)
    comma_list("--avoid-country", avoid_country)
    comma_list("--close", close)
    comma_list("--mode-only", mode_only)
    comma_list("--via", via)
    check_number("--max-transshipments", max_transshipments, low=0, high=MAX_TRANSSHIPMENTS)


def check_countries(net: Network, avoid_country: list[str] | None) -> None:
    """Refuse an ``--avoid-country`` code that no node of the network is in (a typo).

    Raises
    ------
    CorridorError
        Naming the code and the countries of the network.
    """
    known = net.countries
    for code in comma_list("--avoid-country", avoid_country):
        if code.upper() not in known:
            listed = ", ".join(sorted(c for c in known if c != "XX"))
            raise CorridorError(
                f"--avoid-country {code}: no place of the network is in this country; "
                f"fix: use an ISO code of the network: {listed}"
            )


def _emit_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def emit_csv(columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> None:
    """Write ``rows`` to stdout as CSV: a header of ``columns``, then one line per row.

    Numbers are written as Python writes them (``6229.86``: no thousands separators, no
    units); ``None`` is an empty cell; booleans are ``True``/``False``.
    """
    import csv  # noqa: PLC0415 - only for --format csv

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([["" if r.get(c) is None else r.get(c) for c in columns] for r in rows])


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _countries(route: Route, per_line: int = 6) -> str:
    """``CN-KZ-RU-BY-PL-DE``, broken after every ``per_line`` countries."""
    codes = list(route.countries)
    lines = ["-".join(codes[i : i + per_line]) for i in range(0, len(codes), per_line)]
    return "-\n".join(lines)


def resolve_places(net: Network, origin: str, destination: str, via: list[str] | None) -> Places:
    """Resolve places tolerantly, naming on stderr any place taken for a misspelling.

    ``via`` is the ``--via`` option as given: repeated, each occurrence a comma list.
    """
    from corridor.network.places import check_endpoint, match_place  # noqa: PLC0415

    ids: list[str] = []
    for i, text in enumerate((origin, destination, *comma_list("--via", via))):
        m = match_place(net, text)
        if i < 2:  # noqa: PLR2004 - origin and destination
            check_endpoint(m.node, "origin" if i == 0 else "destination")
        if m.kind == "near":
            err.print(f"note: matched {m.node.name!r} for {text!r}", markup=False)
        ids.append(m.node.id)
    return Places(ids[0], ids[1], ids[2:])


class Places(NamedTuple):
    """Node ids of a request's origin, destination and via places."""

    origin: str
    destination: str
    via: list[str]


def _borders(route: Route) -> tuple[str, str]:
    """Customs frontiers and internal (customs-union) crossings of a route."""
    return str(route.customs_frontiers), str(route.internal_borders)


@handle_errors
def compare_command(
    origin: Origin,
    destination: Destination,
    cargo: Cargo = "FEU",
    optimize: CompareOptimize = CompareOptimizeChoice.generalized,
    fmt: Format = OutputFormat.table,
    show_all: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Also show options judged detours through another corridor, with why.",
        ),
    ] = False,
    tie_margin: Annotated[
        float,
        typer.Option(
            "--tie-margin",
            help="Options within this fraction of the objective of the one ranked above "
            "them tie (rank ~); 0 to 1.",
        ),
    ] = 0.03,
    avoid_country: AvoidCountry = None,
    close: Close = None,
    mode_only: ModeOnly = None,
    via: Via = None,
    max_transshipments: MaxTransshipments = None,
    value_of_time: ValueOfTime = None,
    carbon_price: CarbonPrice = 0.0,
    month: Month = None,
    date: Date = None,
    operations: Operations = None,
    network: NetworkOption = None,
    scenario: ScenarioOption = None,
    value: Annotated[
        float | None,
        typer.Option(
            "--value",
            help="With --optimize landed: value of the goods of the whole consignment.",
            show_default=False,
        ),
    ] = None,
    currency: Annotated[
        str, typer.Option("--currency", help="With --optimize landed: ISO currency of --value.")
    ] = "USD",
    quantity: Annotated[
        int, typer.Option("--quantity", help="With --optimize landed: containers shipped.")
    ] = 1,
    save: SaveOption = False,
) -> None:
    """Compare corridors: the best route of each corridor family between two places.

    Times are terminal to terminal (no first or last mile). Options within 3 % of the
    best's objective tie (rank ~); options that are detours through another corridor are
    listed apart and shown with --all. --optimize landed ranks them by the landed cost of
    --quantity containers carrying goods worth --value (see corridor cost).

    Example: [bold]corridor compare "Xi'an" Duisburg[/bold];
    [bold]corridor compare Shanghai Rotterdam --close suez --format json[/bold];
    [bold]corridor compare "Xi'an" Duisburg --all --format csv > options.csv[/bold];
    [bold]corridor compare Chengdu Warsaw --optimize landed --value 400000 --quantity
    10[/bold]
    """
    from corridor.planning import compare  # noqa: PLC0415
    from corridor.routing.families import FAMILY_LABELS  # noqa: PLC0415

    def label_of(corridor: str) -> str:
        return FAMILY_LABELS.get(corridor, corridor)

    check_number("--tie-margin", tie_margin, low=0.0, high=1.0)
    landed = optimize is CompareOptimizeChoice.landed
    if landed and value is None:
        raise CorridorError(
            "--optimize landed needs --value, the value of the goods shipped; fix: add "
            "--value 400000 (and --currency, --quantity)"
        )
    if not landed and value is not None:
        raise CorridorError("--value is used with --optimize landed; fix: add it or drop --value")
    check_number("--value", value, low=0.0)
    check_number("--quantity", quantity, low=1, high=MAX_QUANTITY)
    check_edge(
        value_of_time, carbon_price, avoid_country, close, mode_only, max_transshipments, via
    )
    net = load_network(network, scenario)
    carbon_price = scenario_carbon(scenario, carbon_price)
    check_countries(net, avoid_country)
    places = resolve_places(net, origin, destination, via)
    opts = _options(
        cargo,
        OptimizeChoice.generalized if landed else OptimizeChoice(optimize.value),
        avoid_country,
        close,
        mode_only,
        places.via,
        max_transshipments,
        value_of_time,
        carbon_price,
        month,
        date,
        operations,
    )
    if landed and value is not None:
        from corridor.cli.compare_landed import compare_by_landed_cost  # noqa: PLC0415

        compare_by_landed_cost(
            net,
            places.origin,
            places.destination,
            options=opts,
            tie_margin=tie_margin,
            value=value,
            currency=currency,
            quantity=quantity,
            fmt=fmt.value,
            save=save,
        )
        return
    result = compare(net, places.origin, places.destination, tie_margin=tie_margin, options=opts)
    if save:
        from corridor.cli.store import save_result  # noqa: PLC0415 - the store only to save

        save_result("compare", result.to_dict())
    if fmt is OutputFormat.json:
        _emit_json(result.to_dict())
        return
    if fmt is OutputFormat.geojson:
        _emit_json(result.to_geojson())
        return
    if fmt is OutputFormat.csv:
        from corridor.planning.compare import COMPARISON_COLUMNS  # noqa: PLC0415

        emit_csv(COMPARISON_COLUMNS, result.rows(include_implausible=show_all))
        return
    unit = result.cargo.unit if result.cargo.teu == 0 else result.cargo.id
    t = Table(
        title=f"{result.origin.name} → {result.destination.name}, per {unit} "
        f"({result.cargo.name}), terminal to terminal, best first by {result.optimize}",
        show_edge=False,
    )
    for col in (
        "#",
        "corridor",
        "days",
        "P90",
        "USD",
        "CO2 kg",
        "km",
        "frontiers",
        "internal",
        "transfers",
        "countries",
    ):
        t.add_column(
            col,
            justify="left" if col in ("corridor", "countries") else "right",
            no_wrap=col != "corridor",
        )
    rows = [a for a in result.assessed if show_all or a.shown]
    for a in rows:
        r = a.route
        label = label_of(r.corridor)
        t.add_row(
            a.rank_label,
            label if a.shown else f"{label} (detour)",
            f"{r.days:.1f}",
            f"{r.transit_days.get('p90', float('nan')):.1f}",
            f"{r.cost_usd:,.0f}",
            f"{r.co2_kg:,.0f}",
            f"{r.distance_km:,.0f}",
            *_borders(r),
            str(r.transshipments),
            _countries(r),
            style=None if a.shown else "dim",
        )
    out.print(t)
    notes: list[str] = []
    if any(a.tied_above for a in result.assessed):
        what = _OBJECTIVE_NAMES.get(result.optimize, result.optimize)
        notes.append(
            f"~ ties with the option holding that rank: within {100 * result.tie_margin:g} % "
            f"of its {what}"
        )
    dominated: dict[str, list[str]] = {}
    for a in result.assessed:
        for f in a.flags:
            dominated.setdefault(f.reference, []).append(label_of(a.route.corridor))
    notes.extend(
        f"dominated by {label_of(ref)} (slower, dearer and more CO2): {', '.join(names)}"
        for ref, names in dominated.items()
    )
    if result.implausible:
        notes.append("detours:" if show_all else "not shown as corridors (--all to show):")
        notes.extend(
            f"  {label_of(a.route.corridor)}: {a.implausible[0].text}" for a in result.implausible
        )
    if result.unavailable:
        missing = ", ".join(f"{label_of(k)} ({v})" for k, v in result.unavailable.items())
        notes.append(f"no route: {missing}")
    notes.append(
        "frontiers: customs frontiers (incl. ports of entry); internal: crossings "
        "inside one customs union"
    )
    for note in notes:
        out.print(f"[dim]{note}[/dim]", markup=True, highlight=False)


@handle_errors
def route_command(
    origin: Origin,
    destination: Destination,
    cargo: Cargo = "FEU",
    optimize: Optimize = OptimizeChoice.generalized,
    alternatives: Annotated[
        int,
        typer.Option("--alternatives", "-k", min=1, help="Up to K materially different routes."),
    ] = 1,
    max_overlap: Annotated[
        float,
        typer.Option(
            "--max-overlap",
            help="Most shared-km fraction allowed between alternatives (0 to 1).",
        ),
    ] = 0.6,
    pareto: Annotated[
        bool, typer.Option("--pareto", help="All routes not dominated in (time, money, CO2).")
    ] = False,
    fmt: Format = OutputFormat.table,
    avoid_country: AvoidCountry = None,
    close: Close = None,
    mode_only: ModeOnly = None,
    via: Via = None,
    max_transshipments: MaxTransshipments = None,
    value_of_time: ValueOfTime = None,
    carbon_price: CarbonPrice = 0.0,
    month: Month = None,
    date: Date = None,
    operations: Operations = None,
    network: NetworkOption = None,
    scenario: ScenarioOption = None,
    save: SaveOption = False,
) -> None:
    """Route one shipment and print its itinerary leg by leg, terminal to terminal.

    Example: [bold]corridor route "Xi'an" Duisburg --avoid-country RU --alternatives 3[/bold];
    [bold]corridor route "Xi'an" Duisburg --format csv > legs.csv[/bold] (one row per leg)
    """
    from corridor.planning import (  # noqa: PLC0415
        alternative_routes,
        best_route,
        pareto_routes,
    )
    from corridor.routing.route import prepare  # noqa: PLC0415

    refuse_together("--pareto", "--alternatives", given=pareto and alternatives > 1)
    check_number("--max-overlap", max_overlap, low=0.0, high=1.0)
    check_edge(
        value_of_time, carbon_price, avoid_country, close, mode_only, max_transshipments, via
    )
    net = load_network(network, scenario)
    carbon_price = scenario_carbon(scenario, carbon_price)
    check_countries(net, avoid_country)
    places = resolve_places(net, origin, destination, via)
    opts = _options(
        cargo,
        optimize,
        avoid_country,
        close,
        mode_only,
        places.via,
        max_transshipments,
        value_of_time,
        carbon_price,
        month,
        date,
        operations,
    )
    query = prepare(net, places.origin, places.destination, opts)
    if pareto:
        routes = pareto_routes(query)
    elif alternatives > 1:
        routes = alternative_routes(query, k=alternatives, max_overlap=max_overlap)
    else:
        routes = [best_route(query)]
    from corridor.reliability.simulate import with_percentiles  # noqa: PLC0415

    routes = [r if r.transit_days else with_percentiles(net, r, month=month) for r in routes]
    if save or fmt is OutputFormat.json:
        head = {
            "origin": {
                "id": query.origin.id,
                "name": query.origin.name,
                "country": query.origin.country,
            },
            "destination": {
                "id": query.destination.id,
                "name": query.destination.name,
                "country": query.destination.country,
            },
            "cargo": query.cargo.id,
        }
        data = {**head, **routes[0].to_dict(), "alternatives": [r.to_dict() for r in routes[1:]]}
        if save:
            from corridor.cli.store import save_result  # noqa: PLC0415 - the store only to save

            save_result("route", data)
        if fmt is OutputFormat.json:
            _emit_json(data)
            return
    if fmt is OutputFormat.geojson:
        _emit_json({"type": "FeatureCollection", "features": [r.to_feature() for r in routes]})
        return
    if fmt is OutputFormat.csv:
        from corridor.routing.result import (  # noqa: PLC0415
            LEG_COLUMNS,
            ROUTE_LEG_COLUMNS,
            route_leg_rows,
        )

        if pareto or alternatives > 1:
            emit_csv(ROUTE_LEG_COLUMNS, route_leg_rows(routes))
        else:
            emit_csv(LEG_COLUMNS, routes[0].leg_rows())
        return
    for i, r in enumerate(routes):
        title = "Pareto route" if pareto else ("Route" if i == 0 else "Alternative")
        out.print(
            f"[bold]{title} {i + 1}: {r.origin.name} → {r.destination.name}[/bold] "
            f"({r.corridor}): {r.days:.1f} days (P90 {r.transit_days['p90']:.1f}), "
            f"US${r.cost_usd:,.0f}, {r.co2_kg:,.0f} kg CO2e, "
            f"{r.distance_km:,.0f} km, {_count(r.customs_frontiers, 'customs frontier')}, "
            f"{_count(r.internal_borders, 'internal border')}, "
            f"{_count(r.transshipments, 'transfer')}, per {r.cargo.id}, terminal to terminal"
        )
        t = Table(show_edge=False, box=None, pad_edge=False)
        for col in ("step", "what", "km", "hours", "USD", "kg CO2"):
            t.add_column(col, justify="left" if col in ("step", "what") else "right")
        for leg in r.legs:
            if leg.kind == "move":
                step, what = f"{leg.from_name} → {leg.to_name}", leg.mode
            elif leg.kind == "border":
                step, what = leg.from_name, leg.note.replace(" regime", "")
            elif leg.kind == "transfer":
                step, what = leg.from_name, f"{leg.note} {leg.mode.replace('>', '→')}"
            elif leg.kind in ("wait", "call", "passage", "delay"):
                service = f" ({leg.service})" if leg.service else ""
                step, what = leg.from_name, f"{leg.note or leg.kind}{service}"
            else:
                step, what = leg.from_name, leg.kind
            t.add_row(
                step,
                what,
                f"{leg.distance_km:,.0f}" if leg.distance_km else "",
                f"{leg.hours:.1f}",
                f"{leg.cost_usd:,.0f}",
                f"{leg.co2_kg:,.0f}" if leg.co2_kg else "",
            )
        out.print(t)
