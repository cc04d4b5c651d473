"""Build the embedded Eurasian corridor network from the tables in ``tools/eurasia/``.

Usage::

    python tools/build_eurasia.py --data ../shared/data --out src/corridor/data/eurasia.geojson

The tables (``tools/eurasia/*.csv``, documented in ``tools/eurasia/README.md``) hold every
figure with its provenance; they are read and validated by ``tools/eurasia_tables.py``, and
any problem stops the build with exit code 2 and a list of every problem (table, row,
column, fix). The derived rules stay here, as code: distances and geometries are measured
on the scgraph graphs (rail: world_railways, road: world_highways, sea/ferry: marnet, gated
per leg so that paths cannot use the Arctic, the Volga–Don or a passage the leg is not
meant to use); node positions are resolved from UN/LOCODE, the OSM station extracts or
Natural Earth; per-km tariffs come from through-rates over measured reference paths; the
digital border dwell is the paper dwell halved. A Markdown build report is written next to
this script. numpy, scipy, the standard library and ``corridor`` itself (for its
vocabulary and distribution checks) are needed.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import itertools
import json
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components, dijkstra
from scipy.spatial import cKDTree

from corridor.io.provenance import share_provenance

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eurasia_tables import (
    HALF_OF_PAPER,
    LINK_PREFIX,
    MONTHS,
    REGIME_FACTORS,
    SEA_LEG_NAMES,
    SPEED_UNITS,
    Row,
    TableIssue,
    Tables,
    TableValidationError,
    read_tables,
    regime_factor_value,
)

Json = dict[str, Any]
FArr = npt.NDArray[np.float64]
IArr = npt.NDArray[np.int64]
EARTH_R = 6371.0088
ATTRIBUTION = (
    "Distances and geometries derived from OpenStreetMap, © OpenStreetMap contributors, "
    "ODbL 1.0, via scgraph / scgraph_data (MIT packaging). Sea distances measured on marnet "
    "(MIT, scgraph; derived from searoute / Eurostat SeaRoute). Positions from UN/LOCODE "
    "(UNECE), OpenStreetMap (ODbL) and Natural Earth (public domain)."
)

# Sea gating: (lat_min, lat_max, lon_min, lon_max) boxes.
Box = tuple[float, float, float, float]
ARCTIC: Box = (66.0, 90.0, -180.0, 180.0)
VOLGA_DON: Box = (45.5, 62.0, 40.0, 60.0)
CASPIAN: Box = (36.0, 47.5, 46.0, 56.0)
RED_SEA_SUEZ: Box = (10.0, 32.5, 32.0, 44.0)
MEDITERRANEAN: Box = (30.0, 47.0, -5.4, 37.0)
SEA_LEGS: dict[str, tuple[Box | None, tuple[Box, ...]]] = {
    "caspian": (CASPIAN, ()),
    "blacksea": ((40.4, 47.5, 27.0, 42.0), (VOLGA_DON,)),
    "marmara": ((40.2, 41.4, 26.0, 30.0), ()),
    "aegean": ((35.0, 41.4, 22.0, 30.0), ()),
    "asia": ((-12.0, 42.0, 95.0, 125.0), ()),
    "indian": ((-15.0, 30.0, 40.0, 105.0), ()),
    "redsea": ((11.0, 32.0, 32.0, 45.0), ()),
    "med": ((29.8, 46.0, -7.0, 37.0), (VOLGA_DON,)),
    "atlantic": ((34.0, 60.0, -15.0, 12.0), ()),
    "cape": (None, (ARCTIC, VOLGA_DON, CASPIAN, RED_SEA_SUEZ, MEDITERRANEAN)),
    "northsea_baltic": ((48.0, 66.0, -6.0, 31.0), ()),
}
SNAP_MAX_KM = {"rail": 25.0, "road": 25.0, "sea": 150.0}
PUBLISHED_SNAP_KM = 10.0
"""A measured path snapping farther than this from a node yields to a ``published_km``."""
SEA_SNAP_SPREAD_KM = 30.0
"""A port joins marnet at whichever of its nearest lane nodes (within this many km of the
nearest one) gives the shortest snap + path + snap: marnet's nodes are sparse near some
ports, and the nearest one may lie behind the ship's course."""
UNSOURCED = "UNSOURCED ESTIMATE"
TABLES_DIR = Path(__file__).resolve().parent / "eurasia"
if set(SEA_LEGS) | {"none"} != set(SEA_LEG_NAMES):  # pragma: no cover - a programming error
    msg = "SEA_LEGS and eurasia_tables.SEA_LEG_NAMES disagree"
    raise RuntimeError(msg)


def prov(source: str, kind: str = "published", note: str | None = None) -> Json:
    """A provenance entry."""
    out: Json = {"source": source, "kind": kind}
    if note is not None:
        out["note"] = note
    return out


def haversine(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> Any:  # noqa: ANN401
    """Great-circle distance (km), vectorised."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_R * np.arcsin(np.sqrt(np.minimum(a, 1.0)))


def unit_xyz(lat: Any, lon: Any) -> FArr:  # noqa: ANN401
    """Unit vectors for a KD-tree on the sphere."""
    la, lo = np.radians(lat), np.radians(lon)
    return np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])


@dataclass
class Graph:
    """A scgraph GeoGraph as CSR arrays."""

    name: str
    file: str
    sha: str
    lat: FArr
    lon: FArr
    csr: csr_matrix
    comp: IArr
    comp_size: IArr


def load_graph(path: Path, name: str) -> Graph:
    """Read a gzipped graphjson into CSR form (self-entries skipped)."""
    raw = path.read_bytes()
    sha = hashlib.sha256(raw).hexdigest()[:12]
    data = json.loads(gzip.decompress(raw))
    nodes = np.asarray(data["nodes"], dtype=np.float64)
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for i, adj in enumerate(data["graph"]):
        for k, v in adj.items():
            j = int(k)
            if j != i:
                rows.append(i)
                cols.append(j)
                vals.append(max(float(v), 1e-6))
    n = len(nodes)
    csr = csr_matrix((np.asarray(vals), (np.asarray(rows), np.asarray(cols))), shape=(n, n))
    _, labels = connected_components(csr, directed=False)
    comp: IArr = labels.astype(np.int64)
    return Graph(
        name,
        path.name,
        sha,
        nodes[:, 0].copy(),
        nodes[:, 1].copy(),
        csr,
        comp,
        np.bincount(comp).astype(np.int64),
    )


def in_box(lat: FArr, lon: FArr, box: Box) -> npt.NDArray[np.bool_]:
    """Which points lie in a lat/lon box."""
    return (lat >= box[0]) & (lat <= box[1]) & (lon >= box[2]) & (lon <= box[3])


@dataclass
class Measured:
    """A shortest path measured on a graph."""

    km: float
    path_km: float
    snap_a: float
    snap_b: float
    ia: int
    ib: int
    coords: FArr  # (n, 2) lon, lat


class Measurer:
    """Snaps points to a (masked) graph and runs Dijkstra on it."""

    def __init__(self, g: Graph, mask: npt.NDArray[np.bool_]) -> None:
        self.g = g
        self.idx = np.flatnonzero(mask)
        sub = g.csr[self.idx][:, self.idx]
        self.csr = csr_matrix(sub)
        self.tree = cKDTree(unit_xyz(g.lat[self.idx], g.lon[self.idx]))

    def snap(self, lat: float, lon: float) -> tuple[int, float]:
        """Nearest graph node (local index) and its distance (km)."""
        _, i = self.tree.query(unit_xyz(np.array([lat]), np.array([lon]))[0])
        gi = int(self.idx[int(i)])
        return int(i), float(haversine(lat, lon, self.g.lat[gi], self.g.lon[gi]))

    def candidates(self, lat: float, lon: float, spread: float) -> list[tuple[int, float]]:
        """Graph nodes (local index, km) within ``spread`` km of the nearest one (at most 8)."""
        _, found = self.tree.query(unit_xyz(np.array([lat]), np.array([lon]))[0], k=8)
        out: list[tuple[int, float]] = []
        for i in np.atleast_1d(found):
            if int(i) >= len(self.idx):
                continue
            gi = int(self.idx[int(i)])
            out.append((int(i), float(haversine(lat, lon, self.g.lat[gi], self.g.lon[gi]))))
        out.sort(key=lambda c: c[1])
        return [c for c in out if c[1] <= out[0][1] + spread]

    def measure(
        self,
        a: tuple[float, float],
        b: tuple[float, float],
        snap_max: float,
        spread: float = 0.0,
    ) -> Measured | str:
        """Shortest path a → b, or the reason it failed.

        With ``spread`` > 0 each end may join the graph at any of its nearest nodes within
        ``spread`` km of the nearest one: the one giving the shortest snap + path + snap
        (at sea a ship leaves port straight for the lane ahead, not for the nearest lane
        node behind it).
        """
        ia, sa = self.snap(*a)
        ib, sb = self.snap(*b)
        if sa > snap_max or sb > snap_max:
            return f"snap too far ({sa:.1f} / {sb:.1f} km > {snap_max:.0f} km)"
        ga, gb = int(self.idx[ia]), int(self.idx[ib])
        if self.g.comp[ga] != self.g.comp[gb]:
            return (
                f"endpoints in different graph components (sizes "
                f"{self.g.comp_size[self.g.comp[ga]]}"
                f" / {self.g.comp_size[self.g.comp[gb]]})"
            )
        gc = float(haversine(a[0], a[1], b[0], b[1]))
        froms = self.candidates(*a, spread) if spread > 0 else [(ia, sa)]
        tos = self.candidates(*b, spread) if spread > 0 else [(ib, sb)]
        dist, pred = dijkstra(
            self.csr,
            directed=True,
            indices=[i for i, _ in froms],
            return_predecessors=True,
            limit=max(4.0 * gc, gc + 500.0),
        )
        dist = np.atleast_2d(dist)
        pred = np.atleast_2d(pred)
        best: tuple[float, int, int] | None = None
        for r, (_, s_from) in enumerate(froms):
            for j, s_to in tos:
                total = s_from + float(dist[r, j]) + s_to
                if np.isfinite(total) and (best is None or total < best[0]):
                    best = (total, r, j)
        if best is None:
            return "no path within the search limit (disconnected under the leg's restrictions)"
        _, r, jb = best
        ia, sa = froms[r]
        ib, sb = jb, next(s for j, s in tos if j == jb)
        path = [ib]
        while path[-1] != ia:
            path.append(int(pred[r, path[-1]]))
        path.reverse()
        gidx = self.idx[np.asarray(path)]
        coords = np.column_stack([self.g.lon[gidx], self.g.lat[gidx]])
        coords = np.vstack([[a[1], a[0]], coords, [b[1], b[0]]])
        ga, gb = int(self.idx[ia]), int(self.idx[ib])
        return Measured(float(dist[r, ib]) + sa + sb, float(dist[r, ib]), sa, sb, ga, gb, coords)


def simplify(coords: FArr, tol_deg: float = 0.03) -> FArr:
    """Douglas–Peucker simplification (lon scaled by cos(lat)); keeps both ends."""
    n = len(coords)
    if n <= 2:
        return coords
    lat0 = math.radians(float(np.mean(coords[:, 1])))
    pts = coords * np.array([math.cos(lat0), 1.0])
    keep = np.zeros(n, dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        s, e = stack.pop()
        if e - s < 2:
            continue
        seg = pts[e] - pts[s]
        rel = pts[s + 1 : e] - pts[s]
        norm = float(np.hypot(seg[0], seg[1]))
        d = (
            np.abs(seg[0] * rel[:, 1] - seg[1] * rel[:, 0]) / norm
            if norm > 0
            else np.hypot(rel[:, 0], rel[:, 1])
        )
        k = int(np.argmax(d))
        if d[k] > tol_deg:
            m = s + 1 + k
            keep[m] = True
            stack.extend([(s, m), (m, e)])
    return coords[keep]


# --------------------------------------------------------------------------- positions


@dataclass
class Places:
    """Reference positions: UN/LOCODE, OSM stations, Natural Earth places."""

    locode: dict[str, tuple[float, float] | None]
    st_xyz: cKDTree
    st: list[tuple[float, float, str, str, str]]
    ne_xyz: cKDTree
    ne: list[tuple[float, float, str]]


def _locode_coord(text: str) -> tuple[float, float] | None:
    text = text.strip()
    if len(text) != 12:
        return None
    lat = int(text[0:2]) + int(text[2:4]) / 60.0
    lon = int(text[6:9]) + int(text[9:11]) / 60.0
    return (-lat if text[4] == "S" else lat, -lon if text[11] == "W" else lon)


def load_places(data: Path) -> Places:
    """Load UN/LOCODE, OSM stations and Natural Earth places."""
    loc: dict[str, tuple[float, float] | None] = {}
    with gzip.open(
        data / "unlocode" / "unlocode-code-list-2018-1.csv.gz", "rt", encoding="utf-8"
    ) as f:
        for row in csv.reader(f):
            if len(row) > 10 and row[2]:
                loc[row[1] + row[2]] = _locode_coord(row[10])
    st: list[tuple[float, float, str, str, str]] = []
    for p in sorted((data / "osm_eurasia_rail").glob("stations_*.json.gz")):
        for s in json.loads(gzip.decompress(p.read_bytes())):
            if s.get("type") == "station":
                name = s.get("name") or s.get("nameLocal") or "?"
                st.append((float(s["lat"]), float(s["lon"]), str(s["id"]), str(name), p.name))
    ne_raw = json.loads(
        gzip.decompress(
            (data / "naturalearth" / "ne_10m_populated_places_simple.geojson.gz").read_bytes()
        )
    )
    ne = [
        (
            float(f["properties"]["latitude"]),
            float(f["properties"]["longitude"]),
            str(f["properties"]["name"]),
        )
        for f in ne_raw["features"]
    ]
    return Places(
        loc,
        cKDTree(unit_xyz(np.array([s[0] for s in st]), np.array([s[1] for s in st]))),
        st,
        cKDTree(unit_xyz(np.array([x[0] for x in ne]), np.array([x[1] for x in ne]))),
        ne,
    )


def resolve_position(n: Row, pl: Places, tables: Tables) -> tuple[float, float, Json]:
    """The cited position of a node and its provenance.

    With ``position_source`` the coordinates of ``node.csv`` are used as given and cited;
    else a chokepoint is hand-placed and other nodes are looked up (UN/LOCODE, an OSM
    station, a Natural Earth place, else hand-placed).
    """
    kind, name, locode = n.text("node_type"), n.text("name"), n.opt_text("locode")
    lat0, lon0 = float(n.number("y_coord")), float(n.number("x_coord"))
    if n.get("position_source") is not None:
        return lat0, lon0, tables.prov(n, "position")
    if kind == "chokepoint":
        return (
            lat0,
            lon0,
            prov(
                "hand-placed at the passage on the marnet sea lanes",
                "estimate",
                f"{UNSOURCED}: representative point of {name}; sea legs are measured to the "
                "nearest marnet node",
            ),
        )
    if locode and pl.locode.get(locode):
        lat, lon = pl.locode[locode]  # type: ignore[misc]
        if haversine(lat, lon, lat0, lon0) < 30.0:
            return (
                lat,
                lon,
                prov(
                    f"UN/LOCODE 2018-1 entry {locode} (UNECE), ../shared/data/unlocode",
                    "published",
                    "minute precision (~1.8 km)",
                ),
            )
    q = unit_xyz(np.array([lat0]), np.array([lon0]))[0]
    _, i = pl.st_xyz.query(q)
    s = pl.st[int(i)]
    if haversine(s[0], s[1], lat0, lon0) < 6.0 and kind != "port":
        return (
            s[0],
            s[1],
            prov(
                f"OpenStreetMap node {s[2]} '{s[3]}' (railway=station), {s[4]} in ../shared/data/"
                "osm_eurasia_rail (ODbL, © OpenStreetMap contributors)",
                "published",
            ),
        )
    _, j = pl.ne_xyz.query(q)
    p = pl.ne[int(j)]
    if kind != "border_crossing" and haversine(p[0], p[1], lat0, lon0) < 15.0:
        return (
            p[0],
            p[1],
            prov(
                f"Natural Earth 10m populated places v4.0.0, '{p[2]}' (public domain), "
                "../shared/data/naturalearth/ne_10m_populated_places_simple",
                "published",
            ),
        )
    return (
        lat0,
        lon0,
        prov(
            "hand-placed from general map knowledge",
            "estimate",
            f"{UNSOURCED}: no UN/LOCODE position, OSM station or Natural Earth place nearby",
        ),
    )


# --------------------------------------------------------------------------- build


def _pair(a: str, b: str) -> frozenset[str]:
    return frozenset((a, b))


def reference_rates(tables: Tables, dist: dict[str, float]) -> dict[str, tuple[float, str]]:
    """Per-km rates of the reference paths: through-rate / measured length, and the working.

    Each step of a path is measured on a link joining its two nodes: one of the path's
    service (``service_id``) when given, else a link without a service, else the first
    link (``link.csv`` first, then the rotations).
    """
    joining: dict[frozenset[str], list[Row]] = {}
    for ls in tables.links:
        joining.setdefault(_pair(ls.text("from_node_id"), ls.text("to_node_id")), []).append(ls)
    rates: dict[str, tuple[float, str]] = {}
    for ref in tables["ref_paths"]:
        nodes = ref.items("nodes")
        service = ref.opt_text("service_id")
        total = 0.0
        for x, y in itertools.pairwise(nodes):
            found = joining[_pair(x, y)]
            plain = [ls for ls in found if ls.opt_text("service_id") is None]
            own = [ls for ls in found if ls.opt_text("service_id") == service]
            step = (own if service is not None else plain or found)[0]
            total += dist[step.text("link_id")]
        amount = ref.number("amount")
        unit = f"{ref.text('currency')}/{ref.text('unit')}-km"
        on = "" if service is None else f" on {tables.by_key('services')[service].text('name')}"
        rates[ref.text("ref_id")] = (
            amount / total,
            (
                f"{ref.text('what')} / {total:,.0f} km measured "
                f"({' → '.join(nodes)}{on}) = {amount / total:.4f} {unit}"
            ),
        )
    return rates


def build(data: Path, out: Path, report: Path, tables_dir: Path = TABLES_DIR) -> None:
    """Build the network file and its report.

    Raises
    ------
    TableValidationError
        If the tables have problems, or refer to positions or codes the data do not have.
    """
    t0 = time.time()
    tables = read_tables(tables_dir, _label(tables_dir))
    sc = data / "scgraph"
    rail = load_graph(sc / "world_railways.graphjson.gz", "world_railways")
    road = load_graph(sc / "world_highways.graphjson.gz", "world_highways")
    sea = load_graph(sc / "marnet.graphjson.gz", "marnet")
    print(f"graphs loaded in {time.time() - t0:.1f} s", file=sys.stderr)
    rail_m = Measurer(rail, rail.comp_size[rail.comp] >= 20)
    road_m = Measurer(road, road.comp_size[road.comp] >= 300)
    base_sea = np.ones(len(sea.lat), dtype=bool)
    sea_m: dict[str, Measurer] = {}
    for leg, (allow, forbid) in spec_legs().items():
        mask = base_sea.copy() if allow is None else in_box(sea.lat, sea.lon, allow)
        for box in (*forbid, ARCTIC):
            if leg != "caspian" or box is not ARCTIC:
                mask &= ~in_box(sea.lat, sea.lon, box)
        sea_m[leg] = Measurer(sea, mask)

    places = load_places(data)
    issues: list[TableIssue] = []
    pos: dict[str, tuple[float, float]] = {}
    features: list[Json] = []
    rep_nodes: list[str] = []
    for n in tables["node"]:
        lat, lon, cprov = resolve_position(n, places, tables)
        nid = n.text("node_id")
        pos[nid] = (lat, lon)
        rep_nodes.append(f"| {nid} | {lat:.4f}, {lon:.4f} | {cprov['source'][:90]} |")
        locode = n.opt_text("locode")
        if locode is not None and locode not in places.locode:
            issues.append(
                TableIssue(
                    n.table,
                    n.line,
                    "locode",
                    f"{locode} is not in the UN/LOCODE 2018-1 list",
                    "fix the code or leave the cell empty",
                )
            )
        features.append(node_feature(n, lat, lon, cprov, tables))

    links_out: list[Json] = []
    dist: dict[str, float] = {}
    rep_links: list[str] = []
    ratios: list[tuple[float, str]] = []
    for ls in tables.links:
        na, nb = ls.text("from_node_id"), ls.text("to_node_id")
        a, b = pos[na], pos[nb]
        gc = float(haversine(a[0], a[1], b[0], b[1]))
        if gc < 1.0:
            issues.append(
                TableIssue(
                    *ls.where("to_node_id"),
                    f"{na} and {nb} resolve to the same position {a}",
                    "move one of the nodes (x_coord, y_coord or locode in node.csv)",
                )
            )
            continue
        km, geom, dprov, method = measure_link(
            ls, tables, a, b, gc, rail_m, road_m, sea_m, rail, road, sea
        )
        lid = ls.text("link_id")
        dist[lid] = km
        rep_links.append(
            f"| {lid} | {method} | {km:.0f} | {gc:.0f} | {km / gc:.2f} | "
            f"{dprov.get('note', '')[:150]} |"
        )
        if ls.text("facility_type") in {"rail_1435", "rail_1520", "sea"}:
            ratios.append((km / gc, lid))
        links_out.append({"row": ls, "id": lid, "km": km, "geom": geom, "dprov": dprov})
    if issues:
        raise TableValidationError(issues)

    ref_rates = reference_rates(tables, dist)
    features.extend(link_feature(lk, tables, ref_rates) for lk in links_out)

    # repeated source entries written once (corridor.provenance): half the file, read faster
    doc = share_provenance(
        {"type": "FeatureCollection", "corridor": meta(tables), "features": features}
    )
    errors, warnings = network_issues(doc, tables)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if errors:
        raise TableValidationError(errors)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(dumps_network(doc), encoding="utf-8")
    write_report(report, rail, road, sea, rep_nodes, rep_links, ratios, ref_rates)
    print(
        f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB), {len(tables['node'])} nodes, "
        f"{len(tables.links)} links in {time.time() - t0:.1f} s",
        file=sys.stderr,
    )


_NODE_FIELDS = (
    ("transfers", "node", "transfer_ids"),
    ("border", "borders", None),
    ("passage.toll", "passages", "toll"),
    ("passage", "passages", "time"),
    ("handling", "node", "handling_id"),
    ("locode", "node", "locode"),
    ("kind", "node", "node_type"),
    ("country", "node", "country"),
)
_LINK_FIELDS = (
    ("from", "link", "from_node_id"),
    ("to", "link", "to_node_id"),
    ("mode", "link", "facility_type"),
    ("duration_h", "link", "duration"),
    ("service.call_h", "services", "call"),
    ("service.schedule_delay_h", "services", "schedule_delay"),
    ("service.headway_h", "services", "headway"),
    ("service.kind", "services", "kind"),
    ("service", "link", "service_id"),
    ("capacity", "link", "capacity"),
    ("electrified", "link", "electrified"),
    ("speed_kmh", "link", "profile_id"),
    ("tariff_reverse", "priced", "tariff_reverse_factor"),
    ("tariff", "priced", "tariff_fixed"),
    ("emission_g_per_tkm", "priced", "emission_g_per_tkm"),
)
_BORDER_COLUMNS = (
    ("border.countries", "country_a"),
    ("border.dwell_h.digital", "dwell_digital"),
    ("border.dwell_h", "dwell_paper"),
    ("border.fee", "fee"),
    ("border.regime", "regime"),
)


def _border_where(tables: Tables, node: Row, fld: str) -> tuple[str, int | None, str | None]:
    nid = node.text("node_id")
    border_row = tables.find("borders", nid)
    if border_row is None:
        return node.table, node.line, "node_type"
    if fld.startswith("border.dwell_h_by_direction."):
        direction, _, regime = fld.removeprefix("border.dwell_h_by_direction.").partition(".")
        for d in tables["border_directions"]:
            if d.get("node_id") == nid and d.get("direction") == direction:
                column = {"paper": "dwell_paper", "digital": "dwell_digital"}.get(regime)
                return d.table, d.line, column or "direction"
    col = next((c for p, c in _BORDER_COLUMNS if fld.startswith(p)), None)
    return border_row.table, border_row.line, col


def _link_where(tables: Tables, link: Row, fld: str | None) -> tuple[str, int | None, str | None]:
    sid = link.opt_text("service_id")
    svc = tables.find("services", sid) if sid is not None else None
    profile = tables.find("profiles", link.text("profile_id"))
    for prefix, table, column in _LINK_FIELDS:
        if fld is None or not fld.startswith(prefix):
            continue
        if table == "link":
            return link.where(column)
        if table == "services" and svc is not None:
            return svc.table, svc.line, column
        if table == "priced":
            row = svc if svc is not None and svc.get(column) is not None else profile
            if row is not None:
                return row.table, row.line, column
        return link.where(None)
    return link.where(None)


def _where(
    tables: Tables, feature: str | None, fld: str | None
) -> tuple[str, int | None, str | None]:
    """Table, row and column that a network-file issue (feature, field) comes from."""
    node, link = tables.find("node", feature or ""), tables.link(feature or "")
    if link is not None and node is None:
        return _link_where(tables, link, fld)
    if node is None:
        if fld is not None and fld.startswith("corridor.regimes"):
            rid = fld.removeprefix("corridor.regimes").lstrip(".").partition(".")[0]
            regime = tables.find("regimes", rid)
            if regime is not None:
                return regime.table, regime.line, None
            return f"{tables.directory}/regimes.csv", None, None
        if fld is not None and fld.startswith("corridor.customs_unions"):
            return f"{tables.directory}/customs_unions.csv", None, None
        return f"{tables.directory}/node.csv", None, None
    for prefix, table, column in _NODE_FIELDS:
        if fld is None or not fld.startswith(prefix):
            continue
        if table == "borders":
            return _border_where(tables, node, fld)
        if table == "passages":
            row = tables.find("passages", node.text("node_id"))
            if row is not None:
                return row.table, row.line, column
        return node.table, node.line, column
    return node.table, node.line, None


def network_issues(doc: Json, tables: Tables) -> tuple[list[TableIssue], list[TableIssue]]:
    """Errors and warnings of the corridor network checks, traced back to table rows.

    The tables are valid on their own; these are the checks every network file gets
    (``corridor network validate``): references, gauges, borders, currencies, transfers
    whose modes are absent, places that cannot reach each other.
    """
    from corridor.io.geojson import parse_network  # noqa: PLC0415 - heavy, only here

    _, issues = parse_network(doc, source="eurasia.geojson", validate=True)
    errors: list[TableIssue] = []
    warnings: list[TableIssue] = []
    for issue in issues:
        table, line, column = _where(tables, issue.feature, issue.field)
        where = f"feature {issue.feature!r}" if issue.feature else "network"
        if issue.field:
            where += f", field {issue.field!r}"
        found = TableIssue(table, line, column, f"{issue.message} ({where})", issue.fix)
        (errors if issue.severity == "error" else warnings).append(found)
    return errors, warnings


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


_SPLIT_ITEMS = frozenset({"regimes"})
"""Lists whose records are written one member per line (regimes with per-factor sources)."""


def _object_lines(obj: Json, expand: frozenset[str]) -> list[str]:
    """One member per line; members named in ``expand`` further split, one item per line."""
    lines = ["{"]
    for i, (key, value) in enumerate(obj.items()):
        comma = "," if i < len(obj) - 1 else ""
        if key in expand and isinstance(value, dict):
            inner = _object_lines(value, expand)
            lines += [f"{_compact(key)}:{inner[0]}", *inner[1:-1], inner[-1] + comma]
        elif key in expand and isinstance(value, list):
            items: list[str] = []
            for j, v in enumerate(value):
                sep = "," if j < len(value) - 1 else ""
                if key in _SPLIT_ITEMS and isinstance(v, dict):
                    # long records: one member per line, provenance one entry per line
                    item = _object_lines(v, frozenset({"provenance"}))
                    items += [*item[:-1], item[-1] + sep]
                else:
                    items.append(_compact(v) + sep)
            lines += [f"{_compact(key)}:[", *items, "]" + comma]
        else:
            lines.append(f"{_compact(key)}:{_compact(value)}{comma}")
    lines.append("}")
    return lines


def dumps_network(doc: Json) -> str:
    """The network file's text: valid JSON with one feature (and cargo class) per line.

    Top-level members and the members of ``corridor`` are on lines of their own, so a diff
    of the file shows which feature or setting changed.
    """
    expand = frozenset(
        {"corridor", "features", "cargo_classes", "customs_unions", "regimes", "provenance"}
    )
    return "\n".join(_object_lines(doc, expand)) + "\n"


def _label(directory: Path) -> str:
    """The tables folder as shown in messages: relative to the repository if inside it."""
    root = Path(__file__).resolve().parents[1]
    try:
        return str(directory.resolve().relative_to(root))
    except ValueError:
        return str(directory)


def spec_legs() -> dict[str, tuple[Box | None, tuple[Box, ...]]]:
    """Sea legs and their gating boxes."""
    return SEA_LEGS


def link_prefix(mode: str) -> str:
    """Link id prefix per mode."""
    return LINK_PREFIX[mode]


def _graph_note(g: Graph, m: Measured) -> str:
    return (
        f"{g.file} sha256:{g.sha}; snapped graph nodes {m.ia} → {m.ib}; snap {m.snap_a:.1f} + "
        f"{m.snap_b:.1f} km; path {m.path_km:.1f} km"
    )


def measure_link(  # noqa: PLR0917
    ls: Row,
    tables: Tables,
    a: tuple[float, float],
    b: tuple[float, float],
    gc: float,
    rail_m: Measurer,
    road_m: Measurer,
    sea_m: dict[str, Measurer],
    rail: Graph,
    road: Graph,
    sea: Graph,
) -> tuple[float, FArr, Json, str]:
    """Distance, geometry, provenance and method of one link."""
    straight = np.array([[a[1], a[0]], [b[1], b[0]]])
    reasons: list[str] = []
    mode, leg = ls.text("facility_type"), ls.opt_text("sea_leg")
    published_km = ls.opt_number("published_km")
    published = (
        None
        if published_km is None
        else (
            float(published_km),
            tables.prov(ls, "published_km", "published")["source"],
            ls.opt_text("published_km_note") or "",
            ls.opt_text("published_km_kind") or "published",
        )
    )

    def use_published(geom: FArr, why: str) -> tuple[float, FArr, Json, str] | None:
        if published is None:
            return None
        if published[0] < gc:
            reasons.append(
                f"published {published[0]:.0f} km is shorter than the great circle between "
                "the nodes"
            )
            return None
        km, src, note, kind = published
        return km, geom, prov(src, kind, f"{note}; {why}" if note else why), kind

    if mode in {"rail_1435", "rail_1520"}:
        m = rail_m.measure(a, b, SNAP_MAX_KM["rail"])
        far = max(m.snap_a, m.snap_b) if isinstance(m, Measured) else 0.0
        if isinstance(m, Measured) and m.km / gc <= 2.0 and far > PUBLISHED_SNAP_KM:
            chosen = use_published(
                simplify(m.coords),
                f"the rail graph path ({m.km:.0f} km) snaps {far:.1f} km from a node "
                f"(> {PUBLISHED_SNAP_KM:.0f} km)",
            )
            if chosen is not None:
                return chosen
        if isinstance(m, Measured) and m.km / gc <= 2.0:
            return (
                m.km,
                simplify(m.coords),
                prov(
                    "measured on scgraph world_railways (OSM, ODbL), shortest path",
                    "measured",
                    _graph_note(rail, m),
                ),
                "measured rail",
            )
        reasons.append(
            m if isinstance(m, str) else f"rail path {m.km:.0f} km is {m.km / gc:.2f}× great circle"
        )
        r = road_m.measure(a, b, SNAP_MAX_KM["road"])
        geom = simplify(r.coords) if isinstance(r, Measured) else straight
        chosen = use_published(geom, f"rail graph unusable here: {reasons[0]}")
        if chosen is not None:
            return chosen
        if isinstance(r, Measured) and r.km / gc > 2.0:
            reasons.append(f"road path {r.km:.0f} km is {r.km / gc:.2f}× great circle")
        elif isinstance(r, Measured):
            return (
                r.km,
                geom,
                prov(
                    "derived from the road distance on scgraph world_highways (OSM, ODbL)",
                    "derived",
                    f"rail graph unusable: {reasons[0]}; road km used as the rail distance; "
                    f"{_graph_note(road, r)}",
                ),
                "road-derived",
            )
        else:
            reasons.append(r)
    elif mode == "road":
        r = road_m.measure(a, b, SNAP_MAX_KM["road"])
        if isinstance(r, Measured):
            return (
                r.km,
                simplify(r.coords),
                prov(
                    "measured on scgraph world_highways (OSM, ODbL), shortest path",
                    "measured",
                    _graph_note(road, r),
                ),
                "measured road",
            )
        reasons.append(r)
    elif leg is not None and leg in sea_m:
        s = sea_m[leg].measure(a, b, SNAP_MAX_KM["sea"], SEA_SNAP_SPREAD_KM)
        if isinstance(s, Measured) and s.km / gc > 2.0:
            reasons.append(
                f"marnet path {s.km:.0f} km is {s.km / gc:.2f}× great circle (marnet too coarse "
                "here)"
            )
            s = "coarse"
        far = max(s.snap_a, s.snap_b) if isinstance(s, Measured) else 0.0
        if isinstance(s, Measured) and far > PUBLISHED_SNAP_KM:
            chosen = use_published(
                simplify(s.coords, 0.05),
                f"the marnet path ({s.km:.0f} km, leg '{leg}') snaps {far:.1f} km from a node "
                f"(> {PUBLISHED_SNAP_KM:.0f} km)",
            )
            if chosen is not None:
                return chosen
        if isinstance(s, Measured):
            return (
                s.km,
                simplify(s.coords, 0.05),
                prov(
                    f"measured on scgraph marnet (MIT; from searoute / Eurostat SeaRoute), leg "
                    f"'{leg}'",
                    "measured",
                    f"{_graph_note(sea, s)}; gated: {gate_text(leg)}",
                ),
                "measured sea",
            )
        if s != "coarse":
            reasons.append(s)
    else:
        reasons.append("no graph for this water body (Lake Van is not in marnet)")
    if mode != "road":
        chosen = use_published(straight, f"no usable graph path: {'; '.join(reasons)}")
        if chosen is not None:
            return chosen
    return (
        gc * 1.25,
        straight,
        prov(
            "great-circle distance × 1.25",
            "estimate",
            f"{UNSOURCED}: great circle {gc:.1f} km × 1.25 circuity; {'; '.join(reasons)}",
        ),
        "estimate",
    )


def gate_text(leg: str) -> str:
    """Human-readable gating of a sea leg."""
    allow, forbid = SEA_LEGS[leg]
    parts = (
        []
        if allow is None
        else [f"only nodes in lat {allow[0]}..{allow[1]}, lon {allow[2]}..{allow[3]}"]
    )
    parts += [f"no nodes in lat {f[0]}..{f[1]}, lon {f[2]}..{f[3]}" for f in forbid]
    if leg != "caspian":
        parts.append("no nodes north of 66°N")
    return "; ".join(parts)


def _dist_scaled(d: Json, factor: float) -> Json:
    """A distribution with every point multiplied by ``factor``."""
    if d["type"] == "fixed":
        return {"type": "fixed", "value": d["value"] * factor}
    if d["type"] == "lognormal":
        return {"type": "lognormal", "mean": d["mean"] * factor, "sd": d["sd"] * factor}
    if d["type"] == "triangular":
        return {
            "type": "triangular",
            "low": d["low"] * factor,
            "mode": d["mode"] * factor,
            "high": d["high"] * factor,
        }
    if d["type"] == "empirical":
        return {"type": "empirical", "values": [v * factor for v in d["values"]]}
    return {
        "type": "mixture",
        "weights": d["weights"],
        "components": [_dist_scaled(c, factor) for c in d["components"]],
    }


def _money(row: Row, column: str) -> Json:
    return {"amount": row.number(column), "currency": row.text("currency")}


def _capacity(row: Row) -> Json:
    return {"value": row.number("capacity"), "unit": row.text("capacity_unit")}


def transfer(row: Row, tables: Tables, kind: str) -> Json:
    """A transfer from a ``transfers.csv`` or ``gauge_changes.csv`` row."""
    t: Json = {
        "from_mode": row.text("from_mode"),
        "to_mode": row.text("to_mode"),
        "kind": kind,
        "time_h": row.dist("time"),
        "both_ways": row.flag("both_ways"),
    }
    p: Json = {"time_h": tables.prov(row, "time")}
    if row.get("cost") is not None:
        t["cost"] = _money(row, "cost")
        p["cost"] = tables.prov(row, "cost")
    if row.get("capacity") is not None:
        t["capacity"] = _capacity(row)
        p["capacity"] = tables.prov(row, "capacity")
    t["provenance"] = p
    return t


def border(row: Row, tables: Tables) -> Json:
    """Border procedures; ``half_of_paper``: the digital dwell is the paper dwell halved."""
    paper = row.dist("dwell_paper")
    assert paper is not None  # noqa: S101 - required by the table schema
    digital = row.dist("dwell_digital")
    if row.opt_text("dwell_digital") == HALF_OF_PAPER:
        digital = _dist_scaled(paper, 0.5)
    out: Json = {
        "countries": [row.text("country_a"), row.text("country_b")],
        "dwell_h": {"paper": paper, "digital": digital},
        "regime": row.text("regime"),
        "provenance": {
            "dwell_h.paper": tables.prov(row, "dwell_paper"),
            "dwell_h.digital": tables.prov(row, "dwell_digital"),
        },
    }
    by_direction: Json = {}
    for d in tables["border_directions"]:
        if d.get("node_id") != row.get("node_id"):
            continue
        direction = d.text("direction")
        per: Json = {}
        for regime, column in (("paper", "dwell_paper"), ("digital", "dwell_digital")):
            dwell = d.dist(column)
            if d.opt_text(column) == HALF_OF_PAPER:
                dwell = _dist_scaled(d.dist("dwell_paper") or {}, 0.5)
            if dwell is not None:
                per[regime] = dwell
                out["provenance"][f"dwell_h_by_direction.{direction}.{regime}"] = tables.prov(
                    d, column
                )
        by_direction[direction] = per
    if by_direction:
        out["dwell_h_by_direction"] = by_direction
    if row.get("fee") is not None:
        out["fee"] = _money(row, "fee")
        out["provenance"]["fee"] = tables.prov(row, "fee")
    return out


def passage(row: Row, tables: Tables) -> Json:
    """Transit time and toll of a canal or strait."""
    out: Json = {"time_h": row.dist("time")}
    p: Json = {"time_h": tables.prov(row, "time")}
    if row.get("toll") is not None:
        out["toll"] = _money(row, "toll")
        out["toll_unit"] = row.text("toll_unit")
        p["toll"] = tables.prov(row, "toll")
    out["provenance"] = p
    return out


def closures(row: Row, tables: Tables) -> Json:
    """Seasonal closures of a port."""
    return {
        "monthly_probability": [row.number(m) for m in MONTHS],
        "delay_h": row.dist("delay"),
        "provenance": {
            "monthly_probability": tables.prov(row, "probability"),
            "delay_h": tables.prov(row, "delay"),
        },
    }


def handling(row: Row, tables: Tables) -> Json:
    """Loading/unloading at a terminal or port."""
    out: Json = {"time_h": row.dist("time")}
    p: Json = {"time_h": tables.prov(row, "time")}
    if row.get("cost") is not None:
        out["cost"] = _money(row, "cost")
        p["cost"] = tables.prov(row, "cost")
    out["provenance"] = p
    return out


def node_feature(n: Row, lat: float, lon: float, cprov: Json, tables: Tables) -> Json:
    """GeoJSON feature of a node."""
    nid = n.text("node_id")
    props: Json = {
        "feature_type": "node",
        "id": nid,
        "name": n.text("name"),
        "kind": n.text("node_type"),
        "country": n.text("country"),
    }
    if n.items("aliases"):
        props["aliases"] = list(n.items("aliases"))
    if n.opt_text("locode") is not None:
        props["locode"] = n.opt_text("locode")
    capacity = {
        r.text("transfer_kind"): r for r in tables["node_capacity"] if r.get("node_id") == nid
    }
    transfers: list[Json] = []
    for tid in n.items("transfer_ids"):
        row = tables.by_key("transfers")[tid]
        t = transfer(row, tables, row.text("kind"))
        cap = capacity.get(t["kind"])
        if cap is not None:
            t = {
                **t,
                "capacity": _capacity(cap),
                "provenance": {**t["provenance"], "capacity": tables.prov(cap, "")},
            }
        transfers.append(t)
    gauge = tables.find("gauge_changes", nid)
    if gauge is not None:
        transfers.append(transfer(gauge, tables, "gauge_change"))
    if transfers:
        props["transfers"] = transfers
    border_row = tables.find("borders", nid)
    if border_row is not None:
        props["border"] = border(border_row, tables)
    passage_row = tables.find("passages", nid)
    if passage_row is not None:
        props["passage"] = passage(passage_row, tables)
    closure_row = tables.find("closures", nid)
    if closure_row is not None:
        props["closures"] = closures(closure_row, tables)
    handling_id = n.opt_text("handling_id")
    if handling_id is not None:
        props["handling"] = handling(tables.by_key("handling")[handling_id], tables)
    props["provenance"] = {"coordinates": cprov}
    return {
        "type": "Feature",
        "id": nid,
        "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
        "properties": props,
    }


def service_object(svc: Row, tables: Tables) -> tuple[Json, Json]:
    """The ``service`` of a link and its provenance entries (by link provenance key)."""
    service: Json = {"name": svc.text("name"), "headway_h": svc.dist("headway")}
    if svc.opt_text("operator") is not None:
        service["operator"] = svc.opt_text("operator")
    if svc.opt_text("kind") is not None:
        service["kind"] = svc.opt_text("kind")
    pv: Json = {"service": tables.prov(svc, "headway")}
    for column, key in (("call", "call_h"), ("schedule_delay", "schedule_delay_h")):
        if svc.dist(column) is not None:
            service[key] = svc.dist(column)
            pv[f"service.{key}"] = tables.prov(svc, column)
    return service, pv


def tariff_of(
    row: Row, tables: Tables, ref_rates: dict[str, tuple[float, str]]
) -> tuple[Json, Json]:
    """The tariff of a profile or service row and its provenance."""
    tariff: Json = {
        "fixed": row.number("tariff_fixed"),
        "currency": row.text("currency"),
        "unit": row.text("tariff_unit"),
    }
    tprov = tables.prov(row, "tariff")
    ref = row.opt_text("tariff_ref")
    if ref is not None:
        rate, note = ref_rates[ref]
        mult = row.opt_number("tariff_mult")
        mult = 1.0 if mult is None else mult
        tariff["per_km"] = round(rate * mult, 4)
        tprov["note"] = f"{tprov.get('note', '')}: {note}" + (f" × {mult}" if mult != 1.0 else "")
    else:
        tariff["per_km"] = row.number("tariff_per_km")
    return tariff, tprov


def reverse_tariff(tariff: Json, row: Row, tables: Tables) -> tuple[Json, Json]:
    """The back-haul tariff (to → from): the tariff × ``tariff_reverse_factor``."""
    factor = row.number("tariff_reverse_factor")
    out: Json = {
        "fixed": round(tariff["fixed"] * factor, 4),
        "per_km": round(tariff["per_km"] * factor, 4),
        "currency": tariff["currency"],
        "unit": tariff["unit"],
    }
    pv = tables.prov(row, "tariff_reverse")
    pv["note"] = f"tariff × {factor} for the to → from direction" + (
        f": {pv['note']}" if "note" in pv else ""
    )
    return out, pv


def link_feature(lk: Json, tables: Tables, ref_rates: dict[str, tuple[float, str]]) -> Json:
    """GeoJSON feature of a link (of ``link.csv`` or of a service rotation)."""
    ls: Row = lk["row"]
    prof = tables.by_key("profiles")[ls.text("profile_id")]
    pv: Json = {"distance_km": lk["dprov"]}
    props: Json = {
        "feature_type": "link",
        "id": lk["id"],
        "from": ls.text("from_node_id"),
        "to": ls.text("to_node_id"),
        "mode": ls.text("facility_type"),
        "distance_km": round(lk["km"], 1),
        "directions": "forward" if ls.flag("directed") else "both",
    }
    if ls.opt_text("name") is not None:
        props["name"] = ls.opt_text("name")
    if ls.dist("duration") is not None:
        props["duration_h"] = ls.dist("duration")
        pv["duration_h"] = tables.prov(ls, "duration")
    service_id = ls.opt_text("service_id")
    svc = tables.by_key("services")[service_id] if service_id is not None else None
    if svc is not None:
        props["service"], service_pv = service_object(svc, tables)
        pv.update(service_pv)
    speed = prof.opt_number("speed")
    if speed is not None and "duration_h" not in props:
        props["speed_kmh"] = round(speed * SPEED_UNITS[prof.text("speed_unit")], 2)
        pv["speed_kmh"] = tables.prov(prof, "speed")
    priced = svc if svc is not None and svc.get("tariff_fixed") is not None else prof
    props["tariff"], pv["tariff"] = tariff_of(priced, tables, ref_rates)
    reverse = next(
        (r for r in (svc, prof) if r is not None and r.get("tariff_reverse_factor") is not None),
        None,
    )
    if reverse is not None:
        props["tariff_reverse"], pv["tariff_reverse"] = reverse_tariff(
            props["tariff"], reverse, tables
        )
    emits = svc if svc is not None and svc.get("emission_g_per_tkm") is not None else prof
    props["emission_g_per_tkm"] = emits.number("emission_g_per_tkm")
    pv["emission_g_per_tkm"] = tables.prov(emits, "emission")
    if ls.get("capacity") is not None:
        props["capacity"] = _capacity(ls)
        pv["capacity"] = tables.prov(ls, "capacity")
    if ls.flag("electrified") is not None:
        props["electrified"] = ls.flag("electrified")
        pv["electrified"] = tables.prov(ls, "electrified")
    props["provenance"] = pv
    coords = [[round(float(x), 4), round(float(y), 4)] for x, y in lk["geom"]]
    return {
        "type": "Feature",
        "id": lk["id"],
        "geometry": {"type": "LineString", "coordinates": coords},
        "properties": props,
    }


def cargo_classes(tables: Tables) -> list[Json]:
    """Cargo classes; value of time = value × %/day (rounded to 0.001 USD)."""
    out: list[Json] = []
    for c in tables["cargo_classes"]:
        value = c.number("value_usd")
        entry: Json = {
            "id": c.text("cargo_id"),
            "name": c.text("name"),
            "teu": c.number("teu"),
            "tonnes": c.number("tonnes"),
            "value_usd": value,
            "value_of_time_usd_per_day": round(
                value * c.number("value_of_time_pct_per_day") / 100.0, 3
            ),
            "unit": c.text("unit"),
        }
        if c.items("modes"):
            entry["modes"] = list(c.items("modes"))
        entry["provenance"] = {
            "tonnes": tables.prov(c, "tonnes"),
            "value_usd": tables.prov(c, "value"),
            "value_of_time_usd_per_day": tables.prov(c, "value_of_time"),
        }
        out.append(entry)
    return out


def fx(tables: Tables) -> Json:
    """Exchange rates (one base, date and provenance for all rows)."""
    rows = tables["fx"]
    return {
        "base": rows[0].text("base"),
        "date": rows[0].text("date"),
        "rates": {r.text("currency"): r.number("rate") for r in rows},
        "provenance": {"rates": tables.prov(rows[0], "")},
    }


def customs_unions(tables: Tables) -> list[Json]:
    """Customs unions: crossings between two members are internal borders."""
    return [
        {
            "id": u.text("union_id"),
            "name": u.text("name"),
            "members": sorted(u.items("members")),
            "provenance": {"members": tables.prov(u, "")},
        }
        for u in tables["customs_unions"]
    ]


def _regime_factor_prov(f: Row, regime: Row, tables: Tables) -> Json | None:
    """Provenance of one ``regime_factors.csv`` row (its own source, else the regime's)."""
    if f.get("source") is None and f.get("note") is None:
        return None
    entry = tables.prov(f, "") if f.get("source") is not None else tables.prov(regime, "factors")
    entry.pop("note", None)
    if f.get("note") is not None:
        entry["note"] = f.text("note")
    return entry


def regimes(tables: Tables) -> list[Json]:
    """Sea-rate and rail operating regimes; service ids in keys become service names."""
    names = {k: v.text("name") for k, v in tables.by_key("services").items()}
    fields = (
        "tariff_factor",
        "tariff_reverse_factor",
        "dwell_factor",
        "wait_factor",
        "speed_factor",
        "schedule_delay_h",
    )
    by_name = frozenset(
        {"tariff_factor", "tariff_reverse_factor", "wait_factor", "schedule_delay_h"}
    )
    out: list[Json] = []
    for g in tables["regimes"]:
        gid = g.text("regime_id")
        maps: dict[str, Json] = {
            name: dict(g.mapping("schedule_delay" if name == "schedule_delay_h" else name))
            for name in fields
        }
        closed = list(g.items("closed"))
        pv: Json = {"factors": tables.prov(g, "factors")}
        for f in tables["regime_factors"]:
            if f.get("regime_id") != gid:
                continue
            key, name = f.text("key"), REGIME_FACTORS[f.text("factor")]
            if name == "closed":
                closed.append(key)
            else:
                maps[name][key] = regime_factor_value(f.text("factor"), f.opt_text("value"))[0]
            entry = _regime_factor_prov(f, g, tables)
            if entry is not None:
                pv[f"{name}.{names.get(key, key) if name in by_name else key}"] = entry
        regime: Json = {"id": gid, "name": g.text("name"), "kind": g.text("kind")}
        for col in ("valid_from", "valid_to"):
            if g.opt_text(col) is not None:
                regime[col] = g.opt_text(col)
        if g.flag("default"):
            regime["default"] = True
        for name in fields[:-1]:
            if maps[name]:
                regime[name] = {
                    (names.get(k, k) if name in by_name else k): v for k, v in maps[name].items()
                }
        if closed:
            regime["closed"] = closed
        if maps["schedule_delay_h"]:
            regime["schedule_delay_h"] = {
                names.get(k, k): v for k, v in maps["schedule_delay_h"].items()
            }
        regime["provenance"] = pv
        out.append(regime)
    return out


def meta(tables: Tables) -> Json:
    """The top-level ``corridor`` member."""
    out: Json = {
        "format": "corridor-network",
        "version": 1,
        "name": "eurasia",
        "attribution": ATTRIBUTION,
        "fx": fx(tables),
        "cargo_classes": cargo_classes(tables),
    }
    if tables["customs_unions"]:
        out["customs_unions"] = customs_unions(tables)
    if tables["regimes"]:
        out["regimes"] = regimes(tables)
    return out


def write_report(  # noqa: PLR0917
    path: Path,
    rail: Graph,
    road: Graph,
    sea: Graph,
    rep_nodes: list[str],
    rep_links: list[str],
    ratios: list[tuple[float, str]],
    ref_rates: dict[str, tuple[float, str]],
) -> None:
    """Markdown build report."""
    ratios.sort()
    bad = [f"{lid} ({r:.2f})" for r, lid in ratios if not 1.0 <= r <= 2.0]
    lines = [
        "# Eurasia network build report",
        "",
        "Generated by `tools/build_eurasia.py`; do not edit by hand.",
        "",
        (
            f"- graphs: {rail.file} sha256:{rail.sha} ({len(rail.lat):,} nodes), {road.file} "
            f"sha256:{road.sha} ({len(road.lat):,} nodes), {sea.file} sha256:{sea.sha} "
            f"({len(sea.lat):,} nodes)"
        ),
        f"- nodes: {len(rep_nodes)}, links: {len(rep_links)}",
        (
            f"- rail/sea distance ÷ great circle: {ratios[0][0]:.2f} ({ratios[0][1]}) to "
            f"{ratios[-1][0]:.2f} ({ratios[-1][1]})"
        ),
        f"- outside 1.0–2.0: {', '.join(bad) if bad else 'none'}",
        "",
        "## Tariff reference paths",
        "",
        *[f"- `{k}`: {note}" for k, (_, note) in ref_rates.items()],
        "",
        "## Links",
        "",
        "| link | method | km | great-circle km | ratio | note |",
        "|---|---|---:|---:|---:|---|",
        *rep_links,
        "",
        "## Node positions",
        "",
        "| node | lat, lon | source |",
        "|---|---|---|",
        *rep_nodes,
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--out", type=Path, default=Path("src/corridor/data/eurasia.geojson"))
    ap.add_argument(
        "--report", type=Path, default=Path(__file__).resolve().parent / "eurasia_build_report.md"
    )
    ap.add_argument("--tables", type=Path, default=TABLES_DIR)
    args = ap.parse_args()
    try:
        build(args.data, args.out, args.report, args.tables)
    except TableValidationError as exc:
        for issue in exc.issues:
            print(f"error: {issue}", file=sys.stderr)
        print(
            f"{len(exc.issues)} problem(s) in the network tables; nothing written", file=sys.stderr
        )
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
