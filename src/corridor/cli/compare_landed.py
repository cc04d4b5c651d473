"""``corridor compare --optimize landed``: the corridors ranked by a shipper's landed cost."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from rich.table import Table

from corridor.cli._common import out
from corridor.routing.options import MAX_VALUE_OF_TIME_USD_PER_DAY, RouteOptions

if TYPE_CHECKING:
    from corridor.finance.landed import LandedCostComparison
    from corridor.network.model import Network

__all__ = ["compare_by_landed_cost", "search_value_of_time"]

_DAYS_PER_YEAR = 365.0


def search_value_of_time(
    value: float, currency: str, quantity: int, *, carrying_rate: float | None = None
) -> float:
    """USD per day per cargo unit that holding the goods in transit costs the shipper.

    ``value`` in USD (packaged FX table) x carrying rate / 365 / ``quantity``, capped at
    the largest value of time a search accepts: the per-family searches of
    ``--optimize landed`` weigh time by it, so that they minimise money plus inventory
    cost, the part of the landed cost that differs between routes of one corridor.

    Parameters
    ----------
    value
        Value of the goods of the whole consignment.
    currency
        ISO code of ``value``.
    quantity
        Cargo units shipped (1 or more).
    carrying_rate
        Annual carrying cost, fraction of the value; ``None``: the sourced default.

    Returns
    -------
    float
        USD per day per cargo unit.

    Raises
    ------
    InvalidArgumentError
        If ``currency`` has no rate in the packaged table.
    """
    from corridor.finance import default_assumptions, default_fx  # noqa: PLC0415

    rate = default_assumptions()["carrying_rate"].value if carrying_rate is None else carrying_rate
    usd = default_fx().convert(value, currency, "USD")
    return min(usd * rate / _DAYS_PER_YEAR / max(quantity, 1), MAX_VALUE_OF_TIME_USD_PER_DAY)


def compare_by_landed_cost(
    net: Network,
    origin: str,
    destination: str,
    *,
    options: RouteOptions,
    tie_margin: float,
    value: float,
    currency: str,
    quantity: int,
    fmt: str,
    save: bool = False,
) -> None:
    """Compare corridors, cost each option's landed cost and print them cheapest first.

    Parameters
    ----------
    net
        The network (scenarios applied).
    origin, destination
        Node ids.
    options
        The request's options; without a value of time, the search weighs time by the
        goods' carrying cost (:func:`search_value_of_time`).
    tie_margin
        As for ``corridor compare``.
    value, currency, quantity
        The consignment, as for ``corridor cost``.
    fmt
        ``table``, ``json``, ``csv`` or ``geojson``.

    Raises
    ------
    CorridorError
        For a bad value, currency or routing option, or when no route exists.
    """
    from corridor.finance.landed import (  # noqa: PLC0415
        LANDED_COLUMNS,
        landed_cost_of_comparison,
    )
    from corridor.planning import compare  # noqa: PLC0415

    changes: dict[str, object] = {"optimize": "generalized"}
    if options.value_of_time_usd_per_day is None:
        changes["value_of_time_usd_per_day"] = search_value_of_time(value, currency, quantity)
    search = RouteOptions.of(options, changes)
    comparison = compare(net, origin, destination, tie_margin=tie_margin, options=search)
    result = landed_cost_of_comparison(
        net,
        comparison,
        value=value,
        currency=currency,
        quantity=quantity,
        rank_by="landed",
        month=options.month,
    )
    if save:
        from corridor.cli.store import save_result  # noqa: PLC0415

        save_result("compare", {"optimize": "landed", **result.to_dict()})
    if fmt == "json":
        data = {"optimize": "landed", **result.to_dict()}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        return
    if fmt == "geojson":
        features = [lc.route.to_feature() for lc in result.options]
        collection = {"type": "FeatureCollection", "features": features}
        sys.stdout.write(json.dumps(collection, ensure_ascii=False, indent=1) + "\n")
        return
    if fmt == "csv":
        from corridor.cli.routing import emit_csv  # noqa: PLC0415

        emit_csv(LANDED_COLUMNS, result.rows())
        return
    _render(result, search)


def _render(result: LandedCostComparison, search: RouteOptions) -> None:
    unit = result.cargo.id if result.cargo.teu else result.cargo.unit
    t = Table(
        title=f"{result.origin.name} → {result.destination.name}, {result.quantity} {unit} "
        f"carrying goods worth {result.currency} {result.value:,.0f}, terminal to terminal, "
        "best first by landed cost",
        show_edge=False,
    )
    money = f"landed {result.currency}"
    for col in ("#", "corridor", "days", "P90", money, f"per {unit}", "% of value", "kg CO2"):
        t.add_column(col, justify="left" if col == "corridor" else "right", no_wrap=True)
    for i, lc in enumerate(result.options, 1):
        data = lc.to_dict()
        share = lc.share_of_value
        t.add_row(
            str(i),
            str(data["label"]),
            f"{lc.transit_days:.1f}",
            f"{lc.p90_days:.1f}",
            f"{data['total']:,.0f}",
            f"{data['per_unit']:,.0f}",
            "" if share is None else f"{100 * share:.1f} %",
            f"{lc.route.co2_kg * result.quantity:,.0f}",  # the whole consignment
        )
    out.print(t)
    notes = [
        (
            "landed cost: freight, handling, transshipment, border fees, canal tolls, "
            "insurance, carrying in transit, safety stock (P90 - P50) and FX conversion, for "
            "the whole consignment (breakdown: corridor cost with the same --value)"
        ),
        (
            f"each corridor's route searched by money + "
            f"{search.value_of_time_usd_per_day or 0.0:,.2f} USD per {unit} per day in transit "
            "(the goods' carrying cost unless --value-of-time)"
        ),
    ]
    implausible = [a.route.corridor for a in result.comparison.implausible]
    if implausible:
        notes.append(f"not costed (detours, see --all): {', '.join(implausible)}")
    for note in notes:
        out.print(f"[dim]{note}[/dim]", markup=True, highlight=False)
