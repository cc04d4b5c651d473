"""``corridor network ...``: inspect, validate and export networks."""

from __future__ import annotations

import sys
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from corridor.cli._common import (
    EXIT_USAGE,
    NetworkOption,
    ScenarioOption,
    check_output_dir,
    check_output_file,
    err,
    handle_errors,
    load_network,
    out,
)

if TYPE_CHECKING:
    from corridor.network.model import Network

__all__ = ["app"]

app = typer.Typer(
    help="Inspect, validate and export networks.", no_args_is_help=True, rich_markup_mode="rich"
)


@app.command("info")
@handle_errors
def info(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="Network GeoJSON file or GMNS directory (default: the embedded network).",
            show_default=False,
        ),
    ] = None,
    network: NetworkOption = None,
    scenario: ScenarioOption = None,
) -> None:
    """Summarise a network: links and km by mode, nodes by kind and country.

    Example: [bold]corridor network info[/bold], [bold]corridor network info gmns_dir/[/bold]
    """
    from corridor.network.validate import PLACE_KINDS  # noqa: PLC0415

    if path is not None and network is not None:
        err.print("error: give the network either as an argument or with --network, not both")
        raise typer.Exit(EXIT_USAGE)
    net = load_network(path if path is not None else network, scenario)
    out.print(f"[bold]{net.name}[/bold]  ({net.source})")
    places = sum(1 for n in net.nodes if n.kind in PLACE_KINDS)
    total_km = sum(lk.distance_km for lk in net.links)
    out.print(
        f"{len(net.nodes)} nodes ({places} places), {len(net.links)} links, "
        f"{total_km:,.0f} km, {len(net.countries)} countries"
    )
    by_mode: Counter[str] = Counter(lk.mode for lk in net.links)
    km = net.km_by_mode()
    t = Table(title="Links by mode")
    t.add_column("mode")
    t.add_column("links", justify="right")
    t.add_column("km", justify="right")
    for mode, count in sorted(by_mode.items(), key=lambda kv: -km[kv[0]]):
        t.add_row(mode, str(count), f"{km[mode]:,.0f}")
    out.print(t)
    kinds: Counter[str] = Counter(n.kind for n in net.nodes)
    t = Table(title="Nodes by kind")
    t.add_column("kind")
    t.add_column("nodes", justify="right")
    for kind, count in kinds.most_common():
        t.add_row(kind, str(count))
    out.print(t)
    t = Table(title="Nodes by country")
    t.add_column("country")
    t.add_column("nodes", justify="right")
    t.add_column("places")
    for country, count in Counter(n.country for n in net.nodes).most_common():
        names = sorted(n.name for n in net.nodes if n.country == country and n.kind in PLACE_KINDS)
        t.add_row(country, str(count), ", ".join(names))
    out.print(t)
    estimates = _count_estimates(net)
    out.print(
        f"provenance: {estimates['measured']} measured, {estimates['published']} published, "
        f"{estimates['derived']} derived, {estimates['estimate']} estimate figures"
    )
    if net.attribution:
        out.print(f"[dim]{net.attribution}[/dim]")


def _count_estimates(net: Network) -> Counter[str]:
    counts: Counter[str] = Counter()
    for lk in net.links:
        counts.update(p.kind for p in lk.provenance.values())
    for node in net.nodes:
        counts.update(p.kind for p in node.provenance.values())
        for tr in node.transfers:
            counts.update(p.kind for p in tr.provenance.values())
        if node.border is not None:
            counts.update(p.kind for p in node.border.provenance.values())
        if node.handling is not None:
            counts.update(p.kind for p in node.handling.provenance.values())
    return counts


@app.command("validate")
@handle_errors
def validate(
    file: Annotated[
        Path,
        typer.Argument(
            help="Network GeoJSON file (.geojson or .geojson.gz) or GMNS directory "
            "(node.csv, link.csv)."
        ),
    ],
    strict: Annotated[
        bool, typer.Option("--strict", help="Also fail (exit 2) on warnings.")
    ] = False,
) -> None:
    """Check a network file and list every problem: file, feature, field and fix.

    A GMNS directory is checked file by file: each problem names the file, the row, the
    feature id and the column. Exit code 0 when the network is usable, 2 when it has errors
    (or warnings with --strict).

    Example: [bold]corridor network validate my_network.geojson[/bold]
    """
    if file.is_dir():
        from corridor.io.gmns import check_gmns_directory  # noqa: PLC0415

        issues = check_gmns_directory(file)
    else:
        from corridor.io.geojson import check_network_file  # noqa: PLC0415

        issues = check_network_file(file)
    errors = [i for i in issues if i.severity == "error"]
    warnings = [i for i in issues if i.severity == "warning"]
    for issue in errors + warnings:
        err.print(f"{issue.severity}: {issue}", markup=False)
    if errors or (strict and warnings):
        err.print(f"{file}: {len(errors)} error(s), {len(warnings)} warning(s)", markup=False)
        raise typer.Exit(EXIT_USAGE)
    out.print(f"{file}: valid ({len(warnings)} warning(s))")


class ExportFormat(StrEnum):
    """Export formats."""

    geojson = "geojson"
    csv = "csv"
    gmns = "gmns"


@app.command("export")
@handle_errors
def export(
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="geojson: one file; csv: nodes + links; gmns: a GMNS directory (node.csv, "
            "link.csv, config.csv, corridor.json) that corridor reads back losslessly.",
        ),
    ] = ExportFormat.geojson,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "--out",
            "-o",
            help="GeoJSON file (default: stdout) or, for csv and gmns, a directory.",
        ),
    ] = None,
    network: NetworkOption = None,
    scenario: ScenarioOption = None,
) -> None:
    """Export a network (the embedded one by default) as GeoJSON, CSV or GMNS.

    Example: [bold]corridor network export --format gmns --out eurasia_gmns/[/bold]
    """
    from corridor.io.geojson import network_to_geojson, write_network  # noqa: PLC0415

    if output is not None and fmt is ExportFormat.geojson:
        check_output_file("--out", output)
    elif output is not None:
        check_output_dir("--out", output)
    net = load_network(network, scenario)
    if fmt is ExportFormat.geojson:
        if output is None:
            import json  # noqa: PLC0415

            sys.stdout.write(json.dumps(network_to_geojson(net), ensure_ascii=False) + "\n")
            return
        write_network(net, output)
        err.print(f"wrote {output} ({len(net.nodes)} nodes, {len(net.links)} links)")
        return
    if output is None:
        err.print(
            f"error: --format {fmt.value} writes several files; give a directory with --out DIR"
        )
        raise typer.Exit(EXIT_USAGE)
    if fmt is ExportFormat.gmns:
        from corridor.io.gmns import write_gmns  # noqa: PLC0415

        paths = write_gmns(net, output)
        err.print(f"wrote {', '.join(str(p) for p in paths)}")
        return
    from corridor.io.csv import write_csv  # noqa: PLC0415

    nodes_path, links_path = write_csv(net, output)
    err.print(f"wrote {nodes_path} and {links_path}")
