"""Build the embedded Eurasian corridor network from ``tools/eurasia_spec.py``.

Usage::

    python tools/build_eurasia.py --data ../shared/data --out src/corridor/data/eurasia.geojson

Distances and geometries are measured on the scgraph graphs (rail: world_railways, road:
world_highways, sea/ferry: marnet, gated per leg so that paths cannot use the Arctic, the
Volga–Don or a passage the leg is not meant to use). Node positions are resolved from
UN/LOCODE, the OSM station extracts or Natural Earth. A Markdown build report is written
next to this script. Only numpy, scipy and the standard library are needed.
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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components, dijkstra
from scipy.spatial import cKDTree

sys.path.insert(0, str(Path(__file__).resolve().parent))
import eurasia_spec as spec

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
}
SNAP_MAX_KM = {"rail": 25.0, "road": 25.0, "sea": 150.0}


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

    def measure(
        self, a: tuple[float, float], b: tuple[float, float], snap_max: float
    ) -> Measured | str:
        """Shortest path a → b, or the reason it failed."""
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
        dist, pred = dijkstra(  # type: ignore[call-overload]
            self.csr,
            directed=True,
            indices=ia,
            return_predecessors=True,
            limit=max(4.0 * gc, gc + 500.0),
        )
        if not np.isfinite(dist[ib]):
            return "no path within the search limit (disconnected under the leg's restrictions)"
        path = [ib]
        while path[-1] != ia:
            path.append(int(pred[path[-1]]))
        path.reverse()
        gidx = self.idx[np.asarray(path)]
        coords = np.column_stack([self.g.lon[gidx], self.g.lat[gidx]])
        coords = np.vstack([[a[1], a[0]], coords, [b[1], b[0]]])
        return Measured(float(dist[ib]) + sa + sb, float(dist[ib]), sa, sb, ga, gb, coords)


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


def resolve_position(n: spec.NodeSpec, pl: Places) -> tuple[float, float, Json]:
    """The cited position of a node and its provenance."""
    if n.kind == "chokepoint":
        return (
            n.lat,
            n.lon,
            spec.prov(
                "hand-placed at the passage on the marnet sea lanes",
                "estimate",
                f"{spec.UNSOURCED}: representative point of {n.name}; sea legs are measured to the "
                "nearest marnet node",
            ),
        )
    if n.locode and pl.locode.get(n.locode):
        lat, lon = pl.locode[n.locode]  # type: ignore[misc]
        if haversine(lat, lon, n.lat, n.lon) < 30.0:
            return (
                lat,
                lon,
                spec.prov(
                    f"UN/LOCODE 2018-1 entry {n.locode} (UNECE), ../shared/data/unlocode",
                    "published",
                    "minute precision (~1.8 km)",
                ),
            )
    q = unit_xyz(np.array([n.lat]), np.array([n.lon]))[0]
    _, i = pl.st_xyz.query(q)
    s = pl.st[int(i)]
    if haversine(s[0], s[1], n.lat, n.lon) < 6.0 and n.kind != "port":
        return (
            s[0],
            s[1],
            spec.prov(
                f"OpenStreetMap node {s[2]} '{s[3]}' (railway=station), {s[4]} in ../shared/data/"
                "osm_eurasia_rail (ODbL, © OpenStreetMap contributors)",
                "published",
            ),
        )
    _, j = pl.ne_xyz.query(q)
    p = pl.ne[int(j)]
    if n.kind != "border_crossing" and haversine(p[0], p[1], n.lat, n.lon) < 15.0:
        return (
            p[0],
            p[1],
            spec.prov(
                f"Natural Earth 10m populated places v4.0.0, '{p[2]}' (public domain), "
                "../shared/data/naturalearth/ne_10m_populated_places_simple",
                "published",
            ),
        )
    return (
        n.lat,
        n.lon,
        spec.prov(
            "hand-placed from general map knowledge",
            "estimate",
            f"{spec.UNSOURCED}: no UN/LOCODE position, OSM station or Natural Earth place nearby",
        ),
    )


# --------------------------------------------------------------------------- build


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def build(data: Path, out: Path, report: Path) -> None:
    """Build the network file and its report."""
    t0 = time.time()
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
    pos: dict[str, tuple[float, float]] = {}
    features: list[Json] = []
    rep_nodes: list[str] = []
    for n in spec.NODES:
        lat, lon, cprov = resolve_position(n, places)
        pos[n.id] = (lat, lon)
        rep_nodes.append(f"| {n.id} | {lat:.4f}, {lon:.4f} | {cprov['source'][:90]} |")
        features.append(node_feature(n, lat, lon, cprov, places))

    links_out: list[Json] = []
    dist: dict[tuple[str, str], float] = {}
    rep_links: list[str] = []
    ratios: list[tuple[float, str]] = []
    for ls in spec.LINKS:
        a, b = pos[ls.a], pos[ls.b]
        gc = float(haversine(a[0], a[1], b[0], b[1]))
        if gc < 1.0:
            msg = f"{ls.a} and {ls.b} resolve to the same position {a}"
            raise SystemExit(msg)
        km, geom, dprov, method = measure_link(ls, a, b, gc, rail_m, road_m, sea_m, rail, road, sea)
        dist[_pair(ls.a, ls.b)] = km
        lid = f"{link_prefix(ls.mode)}:{ls.a}-{ls.b}"
        rep_links.append(
            f"| {lid} | {method} | {km:.0f} | {gc:.0f} | {km / gc:.2f} | "
            f"{dprov.get('note', '')[:150]} |"
        )
        if ls.mode in {"rail_1435", "rail_1520", "sea"}:
            ratios.append((km / gc, lid))
        links_out.append({"spec": ls, "id": lid, "km": km, "geom": geom, "dprov": dprov})

    ref_rates: dict[str, tuple[float, str]] = {}
    for key, ref in spec.REF_PATHS.items():
        nodes = ref["nodes"]
        total = sum(dist[_pair(x, y)] for x, y in itertools.pairwise(nodes))
        ref_rates[key] = (
            ref["amount"] / total,
            (
                f"{ref['what']} / {total:,.0f} km measured "
                f"({' → '.join(nodes)}) = {ref['amount'] / total:.4f} USD/FEU-km"
            ),
        )
    features.extend(link_feature(lk, ref_rates) for lk in links_out)

    doc = {"type": "FeatureCollection", "corridor": meta(), "features": features}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    write_report(report, rail, road, sea, rep_nodes, rep_links, ratios, ref_rates)
    print(
        f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB), {len(spec.NODES)} nodes, "
        f"{len(spec.LINKS)} links in {time.time() - t0:.1f} s",
        file=sys.stderr,
    )


def spec_legs() -> dict[str, tuple[Box | None, tuple[Box, ...]]]:
    """Sea legs and their gating boxes."""
    return SEA_LEGS


def link_prefix(mode: str) -> str:
    """Link id prefix per mode."""
    return {
        "rail_1435": "rail",
        "rail_1520": "rail",
        "road": "road",
        "sea": "sea",
        "ferry": "ferry",
        "inland_water": "iww",
    }[mode]


def _graph_note(g: Graph, m: Measured) -> str:
    return (
        f"{g.file} sha256:{g.sha}; snapped graph nodes {m.ia} → {m.ib}; snap {m.snap_a:.1f} + "
        f"{m.snap_b:.1f} km; path {m.path_km:.1f} km"
    )


def measure_link(  # noqa: PLR0917
    ls: spec.LinkSpec,
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
    if ls.mode in {"rail_1435", "rail_1520"}:
        m = rail_m.measure(a, b, SNAP_MAX_KM["rail"])
        if isinstance(m, Measured) and m.km / gc <= 2.0:
            return (
                m.km,
                simplify(m.coords),
                spec.prov(
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
        if ls.published is not None and ls.published[0] < gc:
            reasons.append(
                f"published {ls.published[0]:.0f} km is shorter than the great circle between "
                "the nodes"
            )
        elif ls.published is not None:
            km, src, note = ls.published
            return (
                km,
                geom,
                spec.prov(src, "published", f"{note}; rail graph unusable here: {reasons[0]}"),
                "published",
            )
        if isinstance(r, Measured) and r.km / gc > 2.0:
            reasons.append(f"road path {r.km:.0f} km is {r.km / gc:.2f}× great circle")
        elif isinstance(r, Measured):
            return (
                r.km,
                geom,
                spec.prov(
                    "derived from the road distance on scgraph world_highways (OSM, ODbL)",
                    "derived",
                    f"rail graph unusable: {reasons[0]}; road km used as the rail distance; "
                    f"{_graph_note(road, r)}",
                ),
                "road-derived",
            )
        else:
            reasons.append(r)
    elif ls.mode == "road":
        r = road_m.measure(a, b, SNAP_MAX_KM["road"])
        if isinstance(r, Measured):
            return (
                r.km,
                simplify(r.coords),
                spec.prov(
                    "measured on scgraph world_highways (OSM, ODbL), shortest path",
                    "measured",
                    _graph_note(road, r),
                ),
                "measured road",
            )
        reasons.append(r)
    elif ls.box in sea_m:
        s = sea_m[ls.box].measure(a, b, SNAP_MAX_KM["sea"])
        if isinstance(s, Measured) and s.km / gc > 2.0:
            reasons.append(
                f"marnet path {s.km:.0f} km is {s.km / gc:.2f}× great circle (marnet too coarse "
                "here)"
            )
            s = "coarse"
        if isinstance(s, Measured):
            return (
                s.km,
                simplify(s.coords, 0.05),
                spec.prov(
                    f"measured on scgraph marnet (MIT; from searoute / Eurostat SeaRoute), leg "
                    f"'{ls.box}'",
                    "measured",
                    f"{_graph_note(sea, s)}; gated: {gate_text(ls.box)}",
                ),
                "measured sea",
            )
        if s != "coarse":
            reasons.append(s)
    else:
        reasons.append("no graph for this water body (Lake Van is not in marnet)")
    return (
        gc * 1.25,
        straight,
        spec.prov(
            "great-circle distance × 1.25",
            "estimate",
            f"{spec.UNSOURCED}: great circle {gc:.1f} km × 1.25 circuity; {'; '.join(reasons)}",
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


_XFER_KEYS: dict[str, Callable[[], Json]] = {
    "rr1435": lambda: spec.road_rail("rail_1435"),
    "rr1520": lambda: spec.road_rail("rail_1520"),
    "rs1435": lambda: spec.rail_sea("rail_1435"),
    "rs1520": lambda: spec.rail_sea("rail_1520"),
    "rf1520": lambda: spec.rail_sea("rail_1520", "ferry"),
    "riw1435": lambda: spec.rail_sea("rail_1435", "inland_water"),
    "roadsea": spec.road_sea,
    "roadferry": lambda: spec.road_sea("ferry"),
}


def node_feature(n: spec.NodeSpec, lat: float, lon: float, cprov: Json, pl: Places) -> Json:
    """GeoJSON feature of a node."""
    props: Json = {
        "feature_type": "node",
        "id": n.id,
        "name": n.name,
        "kind": n.kind,
        "country": n.country,
    }
    if n.aliases:
        props["aliases"] = list(n.aliases)
    if n.locode is not None:
        if n.locode not in pl.locode:
            msg = f"{n.id}: LOCODE {n.locode} not in the UN/LOCODE list"
            raise SystemExit(msg)
        props["locode"] = n.locode
    transfers: list[Json] = []
    for key in n.xfers:
        t = spec.GAUGE_CHANGES[n.id] if key == "gc" else _XFER_KEYS[key]()
        if key in {"rs1435", "rs1520", "rf1520"} and n.id in spec.NODE_CAPACITY:
            cap, cap_p = spec.NODE_CAPACITY[n.id]
            t = {**t, "capacity": cap, "provenance": {**t["provenance"], "capacity": cap_p}}
        transfers.append(t)
    if transfers:
        props["transfers"] = transfers
    if n.id in spec.BORDERS:
        props["border"] = spec.BORDERS[n.id]
    if n.id in spec.CLOSURES:
        props["closures"] = spec.CLOSURES[n.id]
    if n.handling:
        if n.kind == "port":
            props["handling"] = {
                "time_h": spec.tri(12, 24, 72),
                "cost": {"amount": 200.0, "currency": "USD"},
                "provenance": {
                    "time_h": spec.est("port loading/unloading and dwell 12–72 h"),
                    "cost": spec.prov(spec.S_RT_COSTS, "published", "port fee US$200"),
                },
            }
        else:
            props["handling"] = {
                "time_h": spec.tri(2, 4, 12),
                "cost": {"amount": 25.0, "currency": "USD"},
                "provenance": {
                    "time_h": spec.est("terminal lift and dwell 2–12 h"),
                    "cost": spec.prov(
                        spec.S_RT_COSTS,
                        "derived",
                        "road↔rail switch US$25 used as a lift on/off charge",
                    ),
                },
            }
    props["provenance"] = {"coordinates": cprov}
    return {
        "type": "Feature",
        "id": n.id,
        "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
        "properties": props,
    }


def link_feature(lk: Json, ref_rates: dict[str, tuple[float, str]]) -> Json:
    """GeoJSON feature of a link."""
    ls: spec.LinkSpec = lk["spec"]
    prof = spec.PROFILES[ls.profile]
    pv: Json = {"distance_km": lk["dprov"]}
    props: Json = {
        "feature_type": "link",
        "id": lk["id"],
        "from": ls.a,
        "to": ls.b,
        "mode": ls.mode,
        "distance_km": round(lk["km"], 1),
        "directions": "both",
    }
    if ls.name:
        props["name"] = ls.name
    if ls.ferry is not None:
        if ls.ferry == "feeder":
            published = {_pair("poti", "constanta"), _pair("batumi", "constanta")}
            kind = "published" if _pair(ls.a, ls.b) in published else "derived"
            props["duration_h"] = spec.tri(108, 120, 144)
            pv["duration_h"] = spec.prov(
                spec.S_TITR_FEEDER,
                kind,
                "~5 days one way Poti/Batumi → Constanța; ±12–24 h spread is an UNSOURCED ESTIMATE"
                + ("" if kind == "published" else "; applied to Burgas (similar distance)"),
            )
            props["service"] = {"name": ls.service, "headway_h": spec.tri(120, 168, 240)}
            pv["service"] = spec.est("weekly-ish feeder service, 5–10 days between sailings")
        else:
            d, dp = spec.ferry_duration(ls.ferry)
            props["duration_h"] = d
            pv["duration_h"] = dp
            if ls.ferry == "van":
                props["service"] = {
                    "name": ls.service,
                    "headway_h": spec.tri(12, 24, 48),
                    "operator": "TCDD",
                }
                pv["service"] = spec.est("Lake Van ferry sailings every 12–48 h")
            else:
                props["service"] = {
                    "name": ls.service,
                    "headway_h": spec.CASPIAN_HEADWAY["headway_h"],
                    "operator": "ASCO / KTZ Marine Fleet",
                }
                pv["service"] = spec.CASPIAN_HEADWAY["prov"]
    elif ls.profile == "feeder" and {ls.a, ls.b} & {"poti", "batumi"}:
        # Georgian ports are served by the Black Sea feeder whichever way it sails
        props["service"] = {"name": "Black Sea feeder", "headway_h": spec.tri(120, 168, 240)}
        pv["service"] = spec.est("weekly-ish feeder service, 5–10 days between sailings")
    if "speed_kmh" in prof and "duration_h" not in props:
        props["speed_kmh"] = round(prof["speed_kmh"], 2)
        pv["speed_kmh"] = prof["provenance"]["speed_kmh"]
    tariff = dict(prof["tariff"])
    tprov = dict(prof["provenance"]["tariff"])
    if "ref" in tariff:
        rate, note = ref_rates[tariff.pop("ref")]
        mult = tariff.pop("mult")
        tariff["per_km"] = round(rate * mult, 4)
        tprov["note"] = f"{tprov.get('note', '')}: {note}" + (f" × {mult}" if mult != 1.0 else "")
    props["tariff"] = tariff
    pv["tariff"] = tprov
    props["emission_g_per_tkm"] = prof["emission_g_per_tkm"]
    pv["emission_g_per_tkm"] = prof["provenance"]["emission_g_per_tkm"]
    if ls.capacity is not None:
        props["capacity"] = ls.capacity[0]
        pv["capacity"] = ls.capacity[1]
    if ls.electrified is not None:
        props["electrified"] = ls.electrified[0]
        pv["electrified"] = ls.electrified[1]
        if ls.electrified[0] and ls.profile != "cauc_rail_el":
            pass
    props["provenance"] = pv
    coords = [[round(float(x), 4), round(float(y), 4)] for x, y in lk["geom"]]
    return {
        "type": "Feature",
        "id": lk["id"],
        "geometry": {"type": "LineString", "coordinates": coords},
        "properties": props,
    }


def meta() -> Json:
    """The top-level ``corridor`` member."""
    return {
        "format": "corridor-network",
        "version": 1,
        "name": "eurasia",
        "attribution": ATTRIBUTION,
        "fx": spec.FX,
        "cargo_classes": spec.cargo_classes(),
    }


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
    args = ap.parse_args()
    build(args.data, args.out, args.report)


if __name__ == "__main__":
    main()
