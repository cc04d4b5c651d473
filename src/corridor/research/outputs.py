"""Write a study's results: Parquet matrices, CSV tables, a choropleth map, an HTML report."""

from __future__ import annotations

import base64
import csv
import gzip
import html
import json
import math
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from corridor._dependencies import import_optional
from corridor.research.matrices import CLASS_ORDER
from corridor.research.parameters import table
from corridor.research.projects import ProjectRecord
from corridor.research.study import PAPER, GroupChange, StudyResult

__all__ = ["OUTPUT_FILES", "write_outputs"]

OUTPUT_FILES: Final = (
    "pairs.parquet",
    "groups.csv",
    "countries.csv",
    "projects.csv",
    "map.png",
    "report.html",
)


def _write_pairs(result: StudyResult, path: Path) -> None:
    pa = import_optional("pyarrow", extra="research")
    pq = import_optional("pyarrow.parquet", extra="research")
    cities = result.world.cities
    n = len(cities)
    m = result.matrices
    origin = np.repeat(np.arange(n), n)
    dest = np.tile(np.arange(n), n)
    keep = origin != dest
    names = pa.array([c.name for c in cities])
    iso = pa.array([c.iso3 for c in cities])

    def coded(codes: npt.NDArray[np.int64], values: Any) -> Any:  # noqa: ANN401 - pyarrow
        # dictionary-encoded: one string per city, not one per pair
        return pa.DictionaryArray.from_arrays(pa.array(codes.astype(np.int32)), values)

    columns: dict[str, Any] = {
        "origin": coded(origin[keep], names),
        "origin_iso3": coded(origin[keep], iso),
        "destination": coded(dest[keep], names),
        "destination_iso3": coded(dest[keep], iso),
        "hours_pre": m.pre_hours.ravel()[keep],
        "hours_post_lower": m.post_hours_lower.ravel()[keep],
        "hours_post_upper": m.post_hours_upper.ravel()[keep],
        "usd_per_teu_pre": m.pre_usd.ravel()[keep],
        "usd_per_teu_post": m.post_usd.ravel()[keep],
        "mode_class_pre": coded(
            m.mode_class.ravel()[keep].astype(np.int64), pa.array(list(CLASS_ORDER))
        ),
    }
    table_ = pa.table(columns)
    pq.write_table(table_, path)


def _csv(path: Path, rows: Sequence[dict[str, Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        if not rows:
            handle.write("")
            return
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(v) for k, v in row.items()})


def _cell(value: object) -> object:
    if isinstance(value, float):
        return "" if math.isnan(value) else round(value, 6)
    return value


def _group_rows(groups: Sequence[GroupChange]) -> list[dict[str, Any]]:
    return [asdict(g) for g in groups]


def _project_rows(result: StudyResult, records: Sequence[ProjectRecord]) -> list[dict[str, Any]]:
    effects = {e.project_id: e for e in result.effects}
    placed = {p.project_id: p for p in result.placements}
    ranked = sorted(effects.values(), key=lambda e: (e.isolation_upper_pct, e.complement_upper_pct))
    rank = {e.project_id: i + 1 for i, e in enumerate(ranked)}
    rows = []
    for r in records:
        p = placed[r.project_id]
        e = effects.get(r.project_id)
        rows.append(
            {
                "rank_isolation_upper": rank.get(r.project_id, ""),
                "project_id": r.project_id,
                "project": r.project,
                "countries_iso3": ";".join(r.countries),
                "mode": r.mode,
                "kind": r.kind,
                "status": r.status,
                "year_open": r.year_open or "",
                "placed": p.placed,
                "km": round(p.km, 1),
                "new_vertices": p.new_vertices,
                "snap_km": round(p.snap_km, 1),
                "isolation_lower_pct": e.isolation_lower_pct if e else float("nan"),
                "isolation_upper_pct": e.isolation_upper_pct if e else float("nan"),
                "complement_lower_pct": e.complement_lower_pct if e else float("nan"),
                "complement_upper_pct": e.complement_upper_pct if e else float("nan"),
                "pairs_faster": e.pairs_faster if e else "",
                "note": p.reason,
            }
        )
    return sorted(
        rows, key=lambda row: (row["rank_isolation_upper"] == "", row["rank_isolation_upper"] or 0)
    )


def _map(result: StudyResult, countries: Path | None, path: Path) -> None:
    matplotlib = import_optional("matplotlib", extra="plot")
    matplotlib.use("Agg")
    plt = import_optional("matplotlib.pyplot", extra="plot")
    by_iso = {g.group: g.upper_pct for g in result.groups}
    fig, ax = plt.subplots(figsize=(12, 6), dpi=100)
    cmap = plt.get_cmap("viridis")
    values = [v for k, v in by_iso.items() if len(k) == 3 and math.isfinite(v)]  # noqa: PLR2004
    low = min([*values, -0.1])
    norm = matplotlib.colors.Normalize(vmin=low, vmax=0.0)
    if countries is not None and countries.is_file():
        data = json.loads(gzip.decompress(countries.read_bytes()))
        for feature in data["features"]:
            code = feature["properties"].get("ADM0_A3")
            value = by_iso.get(code)
            color = cmap(norm(value)) if value is not None and math.isfinite(value) else "#dddddd"
            geom = feature["geometry"]
            polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
            for poly in polys:
                ring = np.asarray(poly[0])
                ax.fill(ring[:, 0], ring[:, 1], color=color, linewidth=0.2, edgecolor="white")
    cities = result.world.cities
    ax.scatter([c.lon for c in cities], [c.lat for c in cities], s=1, color="black", alpha=0.4)
    sm = plt.cm.ScalarMappable(norm=norm, cmap=cmap)
    fig.colorbar(sm, ax=ax, shrink=0.6, label="mean change in shipment time, % (upper bound)")
    ax.set_xlim(-180, 180)
    ax.set_ylim(-60, 85)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title("Belt and Road projects: change in average shipment time by country")
    fig.text(0.01, 0.01, "Natural Earth (public domain); network: OSM (ODbL), MARNET", fontsize=7)
    fig.savefig(path, bbox_inches="tight")
    plt.close(fig)


def _paper(group: str) -> str:
    low, high = PAPER[group]
    return f"{low} to {high}"


def _fmt(value: float | None, digits: int = 2) -> str:
    if value is None or not math.isfinite(value):
        return "–"
    return f"{value:.{digits}f}"


def _report(
    result: StudyResult, records: Sequence[ProjectRecord], map_png: Path, path: Path
) -> None:
    groups = {g.group: g for g in result.groups}
    world, econ = groups["world"], groups.get("project_economies")
    countries = sorted(
        (g for g in result.groups if len(g.group) == 3 and g.pairs),  # noqa: PLR2004
        key=lambda g: g.upper_pct,
    )
    best = countries[0] if countries else None
    rows = _project_rows(result, records)
    image = base64.b64encode(map_png.read_bytes()).decode() if map_png.is_file() else ""
    e = html.escape

    def tr(cells: Sequence[object]) -> str:
        return "<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in cells) + "</tr>"

    headline = [
        tr(["World", _fmt(world.lower_pct), _fmt(world.upper_pct), _paper("world"), world.pairs]),
    ]
    bri = groups.get("bri_economies")
    if bri is not None:
        headline.append(
            tr(
                [
                    "BRI economies",
                    _fmt(bri.lower_pct),
                    _fmt(bri.upper_pct),
                    _paper("bri_economies"),
                    bri.pairs,
                ]
            )
        )
    if econ is not None:
        headline.append(
            tr(
                [
                    f"Project economies ({len(result.project_economies)})",
                    _fmt(econ.lower_pct),
                    _fmt(econ.upper_pct),
                    f"{_paper('bri_economies')} for the 71 BRI economies (another set)",
                    econ.pairs,
                ]
            )
        )
    if best is not None:
        headline.append(
            tr(
                [
                    f"Most improved country ({best.group})",
                    _fmt(best.lower_pct),
                    _fmt(best.upper_pct),
                    f"up to {PAPER['corridor_max'][1]} (along corridors)",
                    best.pairs,
                ]
            )
        )
    project_table = "".join(
        tr(
            [
                r["rank_isolation_upper"],
                r["project"],
                r["countries_iso3"],
                r["mode"],
                r["status"],
                _fmt(r["isolation_upper_pct"], 4),
                _fmt(r["complement_upper_pct"], 4),
                r["note"],
            ]
        )
        for r in rows
    )
    params = "".join(tr([p.name, p.value, p.unit, p.kind, p.source]) for p in table())
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    body = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>corridor research: Belt and Road</title>
<style>body{{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}}
table{{border-collapse:collapse;font-size:0.85em}}td,th{{border:1px solid #ccc;padding:3px 6px}}
th{{background:#eee}}img{{max-width:100%}}</style></head><body>
<h1>How much do the Belt and Road projects cut shipment times?</h1>
<p>Open, reproducible re-estimate in the manner of de Soyres, Mulabdic, Murray, Rocha &amp; Ruta
(2019): least shipment time between {len(result.world.cities)} cities on the world's rail, road
and sea network, before and after {sum(p.placed for p in result.placements)} of the
{len(result.placements)} projects of Reed &amp; Trubetskoy (2019). Lower bound: every city pair
keeps its mode class; upper bound: mode switching allowed. Means over international city pairs
(unweighted). Generated {stamp}; per-project runs: {e(result.ran_on)}.</p>
<h2>Headline: mean change in shipment time, %</h2>
<table><tr><th>group</th><th>lower bound</th><th>upper bound</th><th>paper</th><th>pairs</th></tr>
{"".join(headline)}</table>
<p>A pair counts for a group when it sends or receives in it. Project economies (the
countries that host at least one placed project) are this study's own group; the BRI
economies, where shown, are the list shipped in bri_economies.csv with its source. The
paper's network, city set, speeds and project alignments are not public, so differences of
this size are expected; docs/research.md says what drives them.</p>
<h2>Map</h2><img alt="choropleth of the change in shipment time by country"
src="data:image/png;base64,{image}">
<h2>Projects, ranked by their effect alone (upper bound)</h2>
<table><tr><th>rank</th><th>project</th><th>countries</th><th>mode</th><th>status</th>
<th>alone, %</th><th>in complement, %</th><th>note</th></tr>{project_table}</table>
<h2>Parameters</h2><table><tr><th>parameter</th><th>value</th><th>unit</th><th>kind</th>
<th>source</th></tr>{params}</table>
<h2>Data</h2><p>{e(result.world.attribution)}. Projects: names from Reed &amp; Trubetskoy (2019),
World Bank PRWP 8815; alignments, status and lengths researched with sources (projects.csv,
bri_projects.csv).</p>
</body></html>
"""
    path.write_text(body, encoding="utf-8")


def write_outputs(
    result: StudyResult,
    records: Sequence[ProjectRecord],
    out: Path,
    *,
    countries: Path | None = None,
) -> list[Path]:
    """Write the study's files into ``out`` (see :data:`OUTPUT_FILES`).

    Parameters
    ----------
    result
        The study.
    records
        The project table it ran on.
    out
        Output folder (created).
    countries
        Natural Earth countries (``ne_50m_admin_0_countries.geojson.gz``) for the map.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    MissingOptionalDependencyError
        If pyarrow or matplotlib is missing (``pip install 'corridor[research]'``).
    """
    out.mkdir(parents=True, exist_ok=True)
    _write_pairs(result, out / "pairs.parquet")
    _csv(out / "groups.csv", _group_rows([g for g in result.groups if len(g.group) != 3]))  # noqa: PLR2004
    _csv(out / "countries.csv", _group_rows([g for g in result.groups if len(g.group) == 3]))  # noqa: PLR2004
    _csv(out / "projects.csv", _project_rows(result, records))
    _map(result, countries, out / "map.png")
    _report(result, records, out / "map.png", out / "report.html")
    return [out / name for name in OUTPUT_FILES]
