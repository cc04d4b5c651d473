"""``corridor places``: find places by name, alias or UN/LOCODE."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from corridor.cli._common import NetworkOption, err, handle_errors, load_network, out
from corridor.exceptions import UnknownPlaceError

__all__ = ["places"]


@handle_errors
def places(
    query: Annotated[
        str, typer.Argument(help="Name, alias, id or UN/LOCODE; spelling-tolerant.")
    ] = "",
    limit: Annotated[int, typer.Option("--limit", "-l", min=1, help="At most this many.")] = 20,
    country: Annotated[
        str | None, typer.Option("--country", "-c", help="Only this ISO country, e.g. KZ.")
    ] = None,
    network: NetworkOption = None,
) -> None:
    """Find places by name, alias, id or UN/LOCODE (tolerant of spelling).

    Lists exact matches and close spellings (a misspelt name: the place taken is named on
    stderr), then other names that start with or contain the text. A place that is not in
    the network is not answered with a different one: exit 2 with suggestions.

    Examples: [bold]corridor places xian[/bold], [bold]corridor places CNXIA[/bold],
    [bold]corridor places --country GE[/bold]
    """
    from corridor.network.places import find_places, suggestions  # noqa: PLC0415

    net = load_network(network)
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
