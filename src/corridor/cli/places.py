"""``corridor places``: find places by name, alias or UN/LOCODE."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from corridor.cli._common import EXIT_USAGE, NetworkOption, err, handle_errors, load_network, out

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

    Examples: [bold]corridor places xian[/bold], [bold]corridor places CNXAN[/bold],
    [bold]corridor places --country GE[/bold]
    """
    from corridor.network.places import find_places  # noqa: PLC0415

    net = load_network(network)
    pool = len(net.nodes)
    matches = find_places(net, query, limit=pool)
    if country is not None:
        matches = [m for m in matches if m.node.country == country.upper()]
    matches = matches[:limit]
    if not matches:
        err.print(f"error: no place matches {query!r}; run `corridor places` to list them all")
        raise typer.Exit(EXIT_USAGE)
    t = Table()
    for col in ("id", "name", "kind", "country", "locode", "lon", "lat", "matched"):
        t.add_column(col, justify="right" if col in ("lon", "lat") else "left")
    for m in matches:
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
        )
    out.print(t)
