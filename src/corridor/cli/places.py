"""``corridor places``: find places by name, alias or UN/LOCODE."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from corridor.cli._common import (
    NetworkOption,
    ScenarioOption,
    err,
    handle_errors,
    load_network,
    out,
)
from corridor.cli.routing import emit_csv
from corridor.exceptions import UnknownPlaceError

if TYPE_CHECKING:
    from corridor.network.places import PlaceMatch

__all__ = ["PLACE_COLUMNS", "place_row", "places"]

PLACE_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "kind",
    "country",
    "locode",
    "lon",
    "lat",
    "matched",
    "match",
    "score",
)
"""Columns of ``corridor places -f csv`` (and the keys of ``-f json``): the node, the key
that matched (name, alias, id or UN/LOCODE) and how (``exact``, ``near``, ``prefix``,
``contains``); ``matched``, ``match`` and ``score`` are empty without a query."""


class PlacesFormat(StrEnum):
    """Output formats of ``corridor places``."""

    table = "table"
    json = "json"
    csv = "csv"


def _row(m: PlaceMatch, *, query: bool) -> dict[str, Any]:
    n = m.node
    return {
        "id": n.id,
        "name": n.name,
        "kind": n.kind,
        "country": n.country,
        "locode": n.locode,
        "lon": n.lon,
        "lat": n.lat,
        "matched": m.matched if query else None,
        "match": m.kind if query else None,
        "score": round(m.score, 4) if query else None,
    }


place_row = _row
"""One row of ``corridor places -f json`` (shared with ``GET /v1/places``)."""


@handle_errors
def places(
    query: Annotated[
        str, typer.Argument(help="Name, alias, id or UN/LOCODE; spelling-tolerant.")
    ] = "",
    limit: Annotated[int, typer.Option("--limit", "-l", min=1, help="At most this many.")] = 20,
    country: Annotated[
        str | None, typer.Option("--country", "-c", help="Only this ISO country, e.g. KZ.")
    ] = None,
    fmt: Annotated[
        PlacesFormat,
        typer.Option("--format", "-f", help="table, json or csv (one row per place)."),
    ] = PlacesFormat.table,
    network: NetworkOption = None,
    scenario: ScenarioOption = None,
) -> None:
    """Find places by name, alias, id or UN/LOCODE (tolerant of spelling).

    Lists exact matches and close spellings (a misspelt name: the place taken is named on
    stderr), then other names that start with or contain the text. A place that is not in
    the network is not answered with a different one: exit 2 with suggestions.

    Examples: [bold]corridor places xian[/bold], [bold]corridor places CNXIA[/bold],
    [bold]corridor places --country GE[/bold], [bold]corridor places --country KZ -f csv[/bold]
    """
    from corridor.network.places import find_places, suggestions  # noqa: PLC0415

    net = load_network(network, scenario)
    matches = find_places(net, query, limit=len(net.nodes))
    if country is not None:
        matches = [m for m in matches if m.node.country == country.upper()]
    listed = [m for m in matches if m.kind != "similar"][:limit]
    if query and not any(m.answers for m in listed):
        listed = []  # names that merely start with or contain it are suggestions
    if not listed and country is not None:
        raise UnknownPlaceError(f"no place in {country.upper()} matches {query!r}")
    if not listed:
        raise UnknownPlaceError(f"no place matches {query!r}: {suggestions(matches)}")
    if query and listed[0].kind == "near":
        near = [m for m in listed if m.kind == "near"]
        names = " or ".join(f"{m.node.name!r}" for m in near if m.edits == near[0].edits)
        err.print(f"note: matched {names} for {query!r}", markup=False)
    if fmt is PlacesFormat.csv:
        emit_csv(PLACE_COLUMNS, [_row(m, query=bool(query)) for m in listed])
        return
    if fmt is PlacesFormat.json:
        rows = [_row(m, query=bool(query)) for m in listed]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
        return
    t = Table()
    for col in ("id", "name", "kind", "country", "locode", "lon", "lat", "matched", "how"):
        t.add_column(col, justify="right" if col in ("lon", "lat") else "left")
    for m in listed:
        n = m.node
        t.add_row(
            n.id,
            n.name,
            n.kind,
            n.country,
            n.locode or "",
            f"{n.lon:.3f}",
            f"{n.lat:.3f}",
            m.matched if query else "",
            m.kind if query else "",
        )
    out.print(t)
