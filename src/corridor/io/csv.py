"""Flat CSV export of a network: ``nodes.csv`` and ``links.csv`` (for spreadsheets)."""

from __future__ import annotations

import csv
from os import PathLike
from pathlib import Path

from corridor._checks import check_instance, make_output_dir, writing
from corridor.network.model import Network

__all__ = ["write_csv"]

NODE_COLUMNS = (
    "id",
    "name",
    "kind",
    "country",
    "lon",
    "lat",
    "locode",
    "aliases",
    "transfers",
    "border_countries",
    "border_regime",
    "border_dwell_mean_h",
)
LINK_COLUMNS = (
    "id",
    "from",
    "to",
    "mode",
    "distance_km",
    "speed_kmh",
    "duration_mean_h",
    "tariff_fixed",
    "tariff_per_km",
    "tariff_currency",
    "tariff_unit",
    "capacity",
    "capacity_unit",
    "emission_g_per_tkm",
    "electrified",
    "directions",
    "service",
    "distance_source",
    "distance_kind",
)


def write_csv(network: Network, directory: str | PathLike[str]) -> tuple[Path, Path]:
    """Write ``nodes.csv`` and ``links.csv`` into ``directory`` (created if needed).

    Distributions are written as their means; the GeoJSON export keeps everything.

    Parameters
    ----------
    network
        The network.
    directory
        Output directory.

    Returns
    -------
    tuple of Path
        The nodes and links files.

    Raises
    ------
    InvalidArgumentError
        If ``directory`` is a file, cannot be created or written, or ``network`` is not a
        network.
    """
    check_instance("network", network, Network, "a Network, e.g. corridor.eurasia()")
    out = make_output_dir("directory", directory)
    with writing("directory", out):
        return _write_files(network, out)


def _write_files(network: Network, out: Path) -> tuple[Path, Path]:
    nodes_path, links_path = out / "nodes.csv", out / "links.csv"
    with nodes_path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(NODE_COLUMNS)
        for n in network.nodes:
            b = n.border
            w.writerow(
                [
                    n.id,
                    n.name,
                    n.kind,
                    n.country,
                    n.lon,
                    n.lat,
                    n.locode or "",
                    ";".join(n.aliases),
                    ";".join(f"{t.from_mode}>{t.to_mode}" for t in n.transfers),
                    "-".join(b.countries) if b else "",
                    b.regime if b else "",
                    f"{b.dwell.mean:.3f}" if b else "",
                ]
            )
    with links_path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(LINK_COLUMNS)
        for lk in network.links:
            t, c = lk.tariff, lk.capacity
            prov = lk.provenance.get("distance_km")
            w.writerow(
                [
                    lk.id,
                    lk.from_node,
                    lk.to_node,
                    lk.mode,
                    lk.distance_km,
                    "" if lk.speed_kmh is None else lk.speed_kmh,
                    "" if lk.duration_h is None else f"{lk.duration_h.mean:.3f}",
                    t.fixed if t else "",
                    t.per_km if t else "",
                    t.currency if t else "",
                    t.unit if t else "",
                    c.value if c else "",
                    c.unit if c else "",
                    "" if lk.emission_g_per_tkm is None else lk.emission_g_per_tkm,
                    "" if lk.electrified is None else lk.electrified,
                    lk.directions,
                    lk.service.name if lk.service else "",
                    prov.source if prov else "",
                    prov.kind if prov else "",
                ]
            )
    return nodes_path, links_path
