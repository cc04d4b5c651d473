"""``corridor cost``: the landed cost of a consignment per corridor."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

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
    scenario_carbon,
)
from corridor.cli.routing import (
    AvoidCountry,
    Cargo,
    Close,
    Date,
    Destination,
    ModeOnly,
    Month,
    Operations,
    Origin,
    Via,
    check_countries,
    emit_csv,
    resolve_places,
)
from corridor.cli.store import SaveOption, save_result
from corridor.routing.options import RouteOptions

if TYPE_CHECKING:
    from corridor.finance.landed import LandedCostComparison

__all__ = ["cost_command"]


class CostFormat(StrEnum):
    """Output formats of ``corridor cost``."""

    table = "table"
    json = "json"
    csv = "csv"


class RankChoice(StrEnum):
    """How the options are ranked."""

    landed = "landed"
    time = "time"


_LABELS = {
    "freight": "freight",
    "handling": "handling (load, unload)",
    "transshipment": "transshipment",
    "border_fees": "border fees",
    "canal_tolls": "canal tolls",
    "insurance": "insurance",
    "carrying_in_transit": "carrying in transit",
    "safety_stock": "safety stock (P90-P50)",
    "fx_conversion": "FX conversion",
}


def _money(x: float) -> str:
    return f"{x:,.0f}"


def _render(result: LandedCostComparison) -> None:
    unit = result.cargo.id if result.cargo.teu else result.cargo.unit
    head = (
        f"{result.origin.name} → {result.destination.name}: landed cost of "
        f"{result.quantity} {unit} carrying goods worth {result.currency} {result.value:,.0f}, "
        f"in {result.currency}, ranked by "
        f"{'landed cost' if result.rank_by == 'landed' else 'mean transit time'}"
    )
    if result.deadline_days is not None:
        head += (
            f"; only options arriving within {result.deadline_days:g} days with "
            f"probability {result.confidence:g} or more"
        )
    t = Table(title=head, show_edge=False)
    t.add_column("", justify="left", no_wrap=True)
    for i, lc in enumerate(result.options, 1):
        t.add_column(f"{i} {lc.to_dict()['label']}", justify="right", no_wrap=True)
    rows: list[tuple[str, list[str]]] = [
        ("mean days", [f"{lc.transit_days:.1f}" for lc in result.options]),
        ("P50 / P90 days", [f"{lc.p50_days:.1f} / {lc.p90_days:.1f}" for lc in result.options]),
    ]
    if result.deadline_days is not None:
        rows.append(
            (
                f"P(within {result.deadline_days:g} d)",
                [f"{lc.on_time_probability or 0.0:.2f}" for lc in result.options],
            )
        )
    for name, label in _LABELS.items():
        rows.append((label, [_money(lc.rounded_components()[name]) for lc in result.options]))
    for label, cells in rows:
        t.add_row(label, *cells)
    t.add_section()
    t.add_row(
        "[bold]landed cost[/bold]",
        *[f"[bold]{_money(lc.to_dict()['total'])}[/bold]" for lc in result.options],
    )
    t.add_row(f"per {unit}", *[_money(lc.to_dict()["per_unit"]) for lc in result.options])
    t.add_row(
        "% of goods value",
        *[
            "" if lc.share_of_value is None else f"{100 * lc.share_of_value:.1f} %"
            for lc in result.options
        ],
    )
    if result.options:
        out.print(t)
    else:
        out.print(f"[bold]{head}[/bold]")
        out.print("no option meets the deadline")
    notes: list[str] = []
    for d in result.dropped:
        label = d.cost.to_dict()["label"]
        notes.append(
            f"dropped {label}: {d.reason}; landed cost would be "
            f"{result.currency} {_money(d.cost.to_dict()['total'])}"
        )
    implausible = [a.route.corridor for a in result.comparison.implausible]
    if implausible:
        notes.append(
            f"not costed (detours, see `corridor compare --all`): {', '.join(implausible)}"
        )
    a = result.assumptions
    notes.append(
        f"insurance {100 * a['insurance_rate'].value:g} % of value; carrying "
        f"{100 * a['carrying_rate'].value:g} % of value a year x mean days / 365; safety stock "
        "= value x carrying rate x (P90 - P50) / 365; FX spread "
        f"{100 * a['conversion_spread'].value:g} % on charges paid in another currency"
    )
    notes.extend(f"{name}: {x.provenance.source}" for name, x in a.items() if x.provenance.source)
    paid = ", ".join(
        f"{r['currency']} {r['per_usd']:g}/USD ({r['date'] or 'base'}, {r['kind']})"
        for r in result.fx.rows(result.currencies_paid)
    )
    notes.append(f"exchange rates used: {paid}")
    notes.append(
        f"P50, P90 and on-time probabilities from {result.samples:,} simulated transits "
        f"(seed {result.seed}); times terminal to terminal"
    )
    for note in notes:
        out.print(f"[dim]{note}[/dim]", markup=True, highlight=False)


@handle_errors
def cost_command(
    origin: Origin,
    destination: Destination,
    value: Annotated[
        float,
        typer.Option(
            "--value", help="Value of the goods of the whole consignment.", show_default=False
        ),
    ],
    currency: Annotated[
        str, typer.Option("--currency", help="ISO currency of --value and of every amount shown.")
    ] = "USD",
    quantity: Annotated[
        int, typer.Option("--quantity", help="Containers (units of --cargo) shipped.")
    ] = 1,
    cargo: Cargo = "FEU",
    deadline: Annotated[
        str | None,
        typer.Option(
            "--deadline", help="Keep only options arriving in time: 25d (days) or 600h (hours)."
        ),
    ] = None,
    confidence: Annotated[
        float | None,
        typer.Option(
            "--confidence",
            help="Probability of meeting --deadline an option needs, above 0 and below 1 "
            "(default 0.9).",
        ),
    ] = None,
    insurance_rate: Annotated[
        float | None,
        typer.Option(
            "--insurance-rate", help="Insurance premium, fraction of value (default 0.002)."
        ),
    ] = None,
    carrying_rate: Annotated[
        float | None,
        typer.Option(
            "--carrying-rate",
            help="Inventory carrying cost, fraction of value per year (default 0.25).",
        ),
    ] = None,
    conversion_spread: Annotated[
        float | None,
        typer.Option(
            "--conversion-spread",
            help="FX spread on charges paid in another currency, fraction (default 0.01).",
        ),
    ] = None,
    fx: Annotated[
        list[str] | None,
        typer.Option(
            "--fx",
            help="Your exchange rate, units per US dollar, e.g. EUR=0.92 (repeatable); "
            "others from the packaged dated table.",
        ),
    ] = None,
    rank: Annotated[
        RankChoice, typer.Option("--rank", help="Rank by landed cost or by mean transit time.")
    ] = RankChoice.landed,
    samples: Annotated[
        int, typer.Option("--samples", help="Simulated transits per option (P50, P90, deadline).")
    ] = 10_000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the simulation.")] = 0,
    fmt: Annotated[
        CostFormat,
        typer.Option("--format", "-f", help="table, json or csv (one row per option)."),
    ] = CostFormat.table,
    avoid_country: AvoidCountry = None,
    close: Close = None,
    mode_only: ModeOnly = None,
    via: Via = None,
    month: Month = None,
    date: Date = None,
    operations: Operations = None,
    network: NetworkOption = None,
    scenario: ScenarioOption = None,
    save: SaveOption = False,
) -> None:
    """Landed cost per corridor: freight, fees, insurance, inventory and FX, ranked.

    For --quantity containers carrying goods worth --value in --currency: freight,
    handling, transshipment, border and canal fees (route legs x quantity), insurance
    (rate x value), carrying cost in transit (value x rate x days / 365), the safety
    stock the transit-time spread forces (value x rate x (P90 - P50) / 365) and the FX
    spread on charges paid in other currencies. With --deadline, options that arrive in
    time with less than --confidence are dropped, with why.

    Example: [bold]corridor cost Chengdu Warsaw --value 400000 --quantity 10 --deadline 25d
    --confidence 0.9[/bold]; [bold]corridor cost Shanghai Rotterdam --value 1e6 --currency
    EUR --fx EUR=0.92 --format json[/bold]
    """
    from corridor.finance.fx import default_fx, parse_rates  # noqa: PLC0415
    from corridor.finance.landed import (  # noqa: PLC0415
        LANDED_COLUMNS,
        landed_cost,
    )

    check_number("--value", value, low=0.0)
    rates = parse_rates(comma_list("--fx", fx))
    net = load_network(network, scenario)
    check_countries(net, avoid_country)
    places = resolve_places(net, origin, destination, via)
    opts = RouteOptions(
        cargo=cargo,
        avoid_countries=tuple(comma_list("--avoid-country", avoid_country)),
        close=tuple(comma_list("--close", close)),
        modes=tuple(comma_list("--mode-only", mode_only)),  # type: ignore[arg-type]
        via=tuple(places.via),
        month=month,
        date=date,
        operations=operations,
        carbon_usd_per_t=scenario_carbon(scenario, 0.0),
    )
    result = landed_cost(
        net,
        places.origin,
        places.destination,
        value=value,
        currency=currency,
        quantity=quantity,
        deadline=deadline,
        confidence=confidence,
        fx=default_fx().with_rates(rates) if rates else None,
        insurance_rate=insurance_rate,
        carrying_rate=carrying_rate,
        conversion_spread=conversion_spread,
        rank_by=rank.value,
        samples=samples,
        seed=seed,
        options=opts,
    )
    if save:
        save_result("cost", result.to_dict())
    if fmt is CostFormat.json:
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n")
        return
    if fmt is CostFormat.csv:
        emit_csv(LANDED_COLUMNS, result.rows())
        return
    _render(result)
