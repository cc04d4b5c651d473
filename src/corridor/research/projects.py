"""Transport projects as edits of the world network: read the table, place the links.

The table (``corridor/research/data/bri_projects.csv`` for the 68 Belt and Road projects
of Reed & Trubetskoy 2019, researched one by one with sources) gives each project's mode,
kind, end points and optional waypoints, published length and design speed, status and
sources. Placing a project on a world network:

- **rail and road links** run through their points. A point within ``snap_km`` of a vertex
  of the project's mode joins it; a point farther away brings a new vertex, which cities
  within ``max_access_km`` reach by truck (plus the road↔rail switch for rail). A segment's
  length is its share of the published length (by great-circle distance), or the great
  circle times ``new_link_circuity`` where none is published. An *upgrade* between two
  joined vertices is as long as today's shortest route between them. Trains and trucks run
  at the published design speed capped at ``max_rail_freight_speed_kmh`` /
  ``max_truck_speed_kmh``, or at the mode's default speed where none is published (so an
  upgrade without a published speed changes nothing). A link that crosses a border pays the
  customs of the two countries, as any border link does.
- **ports** join their nearest sea vertex to their nearest road vertex (port fee and
  customs). A port already in the network gains nothing: capacity is not modelled.
- **canals** are sea links between their two ends.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from os import PathLike
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from corridor._checks import check_path
from corridor.exceptions import CorridorError, FileProblem
from corridor.research.assemble import great_circle_km, unit_vectors
from corridor.research.matrices import ProjectEdges
from corridor.research.parameters import Parameters
from corridor.research.world import LAYERS, ModeClass, WorldNetwork
from corridor.routing.shortest import distance_matrix

__all__ = [
    "PROJECTS_FILE",
    "Placement",
    "ProjectRecord",
    "ProjectTableError",
    "place_projects",
    "read_projects",
]

PROJECTS_FILE: Final = "bri_projects.csv"
#: Spacing of the points at which a new link's countries are looked up.
_SAMPLE_KM: Final = 20.0

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
MODES: Final = ("rail", "road", "port", "canal", "pipeline_or_other")
KINDS: Final = ("new_link", "upgrade", "new_port", "port_expansion", "canal")
STATUSES: Final = ("operational", "under_construction", "planned", "cancelled", "unknown")
REQUIRED: Final = ("project_id", "project", "countries_iso3", "mode", "kind", "status")


class ProjectTableError(ValueError, CorridorError):
    """A project table has problems (every one listed: file, row, column, fix)."""


@dataclass(frozen=True, slots=True)
class ProjectRecord:
    """One researched project.

    Parameters
    ----------
    project_id
        Identifier.
    project
        Name.
    countries
        ISO3 codes.
    mode
        ``rail``, ``road``, ``port``, ``canal`` or ``pipeline_or_other``.
    kind
        ``new_link``, ``upgrade``, ``new_port``, ``port_expansion`` or ``canal``.
    points
        ``(name, lon, lat)`` from the first end point through the waypoints to the last.
    length_km
        Published length (``None``: not published).
    design_speed_kmh
        Published design speed (``None``: not published).
    status
        ``operational``, ``under_construction``, ``planned``, ``cancelled`` or ``unknown``.
    year_open
        Year opened or planned (``None``: not found).
    sources
        Source URLs.
    notes
        What the research found and could not find.
    """

    project_id: str
    project: str
    countries: tuple[str, ...]
    mode: str
    kind: str
    points: tuple[tuple[str, float, float], ...]
    length_km: float | None
    design_speed_kmh: float | None
    status: str
    year_open: int | None
    sources: tuple[str, ...]
    notes: str


class _Problems:
    """Problems of one table, each with its row and column."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[FileProblem] = []
        self.line = 0

    def add(self, key: str, message: str, fix: str) -> None:
        self.items.append(FileProblem(self.file, self.line, key, message, fix))


def _number(text: str, key: str, problems: _Problems, *, low: float, high: float) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and low <= value <= high):
        problems.add(key, f"{text!r} is not a number from {low:g} to {high:g}", "correct it")
        return None
    return value


def _points(row: dict[str, str], problems: _Problems) -> tuple[tuple[str, float, float], ...]:
    out: list[tuple[str, float, float]] = []
    for end in ("from", "to"):
        lon = _number(row.get(f"{end}_lon") or "", f"{end}_lon", problems, low=-180, high=180)
        lat = _number(row.get(f"{end}_lat") or "", f"{end}_lat", problems, low=-90, high=90)
        if lon is None or lat is None:
            problems.add(f"{end}_lon/{end}_lat", "no position", "give its lon and lat in degrees")
            continue
        out.append(((row.get(f"{end}_name") or "").strip() or end, lon, lat))
    via: list[tuple[str, float, float]] = []
    items = (v.strip() for v in (row.get("via") or "").split(";"))
    for i, item in enumerate(filter(None, items)):
        name, _, pos = item.rpartition("@")
        parts = pos.split(",")
        coords = [_number(x, f"via[{i}]", problems, low=-180, high=180) for x in parts[:2]]
        if len(parts) != 2 or None in coords or abs(coords[1] or 0) > 90:  # noqa: PLR2004
            problems.add(f"via[{i}]", f"{item!r} is not name@lon,lat", "write name@lon,lat")
            continue
        via.append((name or f"via {i}", float(coords[0] or 0), float(coords[1] or 0)))
    if len(out) == 2:  # noqa: PLR2004
        return (out[0], *via, out[1])
    return tuple(out)


def read_projects(path: str | PathLike[str] | None = None) -> tuple[ProjectRecord, ...]:
    """Read and check a project table (default: the shipped Belt and Road projects).

    Parameters
    ----------
    path
        A CSV file with the columns of ``bri_projects.csv``; ``None``: the shipped table.

    Returns
    -------
    tuple of ProjectRecord
        The projects, in table order.

    Raises
    ------
    ProjectTableError
        Listing every problem with its row and column.
    InvalidArgumentError
        If ``path`` is not a path or does not exist.

    Examples
    --------
    >>> from corridor.research.projects import read_projects
    >>> projects = read_projects()
    >>> len(projects) > 30, {p.mode for p in projects} <= {"rail", "road", "port", "canal",
    ...                                                      "pipeline_or_other"}
    (True, True)
    """
    if path is None:
        name = f"<shipped {PROJECTS_FILE}>"
        text = resources.files("corridor.research").joinpath("data", PROJECTS_FILE).read_text()
    else:
        file = check_path("path", path)
        name = str(file)
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            msg = f"{name}: cannot read the project table ({exc}); give a UTF-8 CSV file"
            raise ProjectTableError(msg) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        msg = f"{name}: missing column(s) {', '.join(missing)}; see {PROJECTS_FILE} for the layout"
        raise ProjectTableError(msg)
    problems = _Problems(name)
    records: list[ProjectRecord] = []
    seen: set[str] = set()
    for line, row in enumerate(reader, start=2):
        problems.line = line
        pid = (row.get("project_id") or "").strip()
        if not pid or pid in seen:
            problems.add("project_id", f"{pid!r} is empty or repeated", "give a unique id")
        seen.add(pid)
        mode, kind, status = ((row.get(k) or "").strip() for k in ("mode", "kind", "status"))
        for key, value, allowed in (
            ("mode", mode, MODES),
            ("kind", kind, KINDS),
            ("status", status, STATUSES),
        ):
            if value not in allowed:
                problems.add(key, f"{value!r} is unknown", f"use one of {', '.join(allowed)}")
        length = _number(row.get("length_km") or "", "length_km", problems, low=0.1, high=2e4)
        speed = _number(
            row.get("design_speed_kmh") or "", "design_speed_kmh", problems, low=1, high=500
        )
        year = _number(row.get("year_open") or "", "year_open", problems, low=1800, high=2100)
        points = _points(row, problems)
        records.append(
            ProjectRecord(
                project_id=pid,
                project=(row.get("project") or "").strip(),
                countries=tuple(c for c in (row.get("countries_iso3") or "").split(";") if c),
                mode=mode,
                kind=kind,
                points=points,
                length_km=length,
                design_speed_kmh=speed,
                status=status,
                year_open=int(year) if year is not None else None,
                sources=tuple(u for u in (row.get("source_urls") or "").split(";") if u),
                notes=(row.get("notes") or "").strip(),
            )
        )
    if problems.items:
        if len(problems.items) == 1:
            raise ProjectTableError(str(problems.items[0]))
        head = f"{name}: {len(problems.items)} problems in the project table"
        raise ProjectTableError("\n".join([head, *(str(p) for p in problems.items)]))
    return tuple(records)


@dataclass(frozen=True, slots=True)
class Placement:
    """How one project was placed on the network.

    Parameters
    ----------
    project_id
        Identifier.
    placed
        Whether it adds edges.
    edges
        Number of directed edges it adds.
    km
        Length of its links (one direction).
    new_vertices
        Vertices it brings (end points far from the network).
    snap_km
        Largest distance from one of its points to the vertex it joined.
    reason
        Why it adds nothing, or notes on the placement.
    """

    project_id: str
    placed: bool
    edges: int
    km: float
    new_vertices: int
    snap_km: float
    reason: str


_LAYER_OF_MODE: Final = {"rail": "rail", "road": "road", "canal": "sea"}


class _Placer:
    """Places projects one after the other, collecting new vertices and edges."""

    def __init__(self, world: WorldNetwork, params: Parameters) -> None:
        self.world = world
        self.p = params
        self.new_lon: list[float] = []
        self.new_lat: list[float] = []
        self.new_layer: list[str] = []
        self.new_country: list[int] = []
        land = np.flatnonzero(world.country >= 0)
        self._land = land
        self._by_layer = {
            name: np.flatnonzero(world.layer == i).astype(np.int64) for i, name in enumerate(LAYERS)
        }
        self._tree: Any = None
        self._city_lon = np.array([c.lon for c in world.cities])
        self._city_lat = np.array([c.lat for c in world.cities])

    def nearest(self, layer: str, lon: float, lat: float) -> tuple[int, float]:
        among = self._by_layer[layer]
        if among.size == 0:
            return -1, math.inf
        d = great_circle_km(lon, lat, self.world.lon[among], self.world.lat[among])
        i = int(np.argmin(d))
        return int(among[i]), float(d[i])

    def _countries_at(self, lon: FloatArray, lat: FloatArray) -> IntArray:
        """Country index of the nearest land vertex of each point."""
        if self._land.size == 0:
            return np.full(lon.shape[0], -1, dtype=np.int64)
        if self._tree is None:
            from scipy.spatial import cKDTree  # noqa: PLC0415

            land = self._land
            self._tree = cKDTree(unit_vectors(self.world.lon[land], self.world.lat[land]))
        _, idx = self._tree.query(unit_vectors(lon, lat))
        return self.world.country[self._land[np.asarray(idx, dtype=np.int64)]].astype(np.int64)

    def country_at(self, lon: float, lat: float) -> int:
        return int(self._countries_at(np.array([lon]), np.array([lat]))[0])

    def countries_between(self, a: int, b: int) -> list[int]:
        """The countries a straight link from ``a`` to ``b`` passes, in order (every 20 km)."""
        x1, y1, ca = self.position(a)
        x2, y2, cb = self.position(b)
        km = float(great_circle_km(x1, y1, x2, y2))
        t = np.linspace(0.0, 1.0, max(2, math.ceil(km / _SAMPLE_KM) + 1))
        seq = self._countries_at(x1 + t * (x2 - x1), y1 + t * (y2 - y1)).tolist()
        seq[0], seq[-1] = ca, cb
        out: list[int] = []
        for c in seq:
            if c >= 0 and (not out or out[-1] != c):
                out.append(c)
        return out

    def new_vertex(self, layer: str, lon: float, lat: float) -> int:
        self.new_lon.append(lon)
        self.new_lat.append(lat)
        self.new_layer.append(layer)
        self.new_country.append(self.country_at(lon, lat))
        return self.world.n_vertices + len(self.new_lon) - 1

    def position(self, v: int) -> tuple[float, float, int]:
        n = self.world.n_vertices
        if v < n:
            return float(self.world.lon[v]), float(self.world.lat[v]), int(self.world.country[v])
        i = v - n
        return self.new_lon[i], self.new_lat[i], self.new_country[i]

    def customs(self, a: int, b: int) -> tuple[float, float]:
        """Hours and US$ of the borders a land link from ``a`` to ``b`` crosses.

        Every border on the way counts (export of the country left, import of the country
        entered), so a link through a transit country pays its two crossings, as the
        network's own border links do.
        """
        assert self.world.customs is not None  # noqa: S101
        seq = self.countries_between(a, b)
        hours = usd = 0.0
        for c1, c2 in itertools.pairwise(seq):
            exp, imp = self.world.customs[c1], self.world.customs[c2]
            hours += float(exp[0] + imp[1])
            usd += float(exp[2] + imp[3])
        return hours, usd


def _speed(record: ProjectRecord, mode: str, p: Parameters) -> float:
    default = p.speed_kmh(mode)
    if record.design_speed_kmh is None or mode == "sea":
        return default
    cap = p.max_rail_freight_speed_kmh if mode == "rail" else p.max_truck_speed_kmh
    return min(record.design_speed_kmh, cap)


class _Edges:
    def __init__(self, project_id: str) -> None:
        self.project_id = project_id
        self.tail: list[int] = []
        self.head: list[int] = []
        self.mode: list[str] = []
        self.hours: list[float] = []
        self.usd: list[float] = []
        self.km = 0.0

    def both(
        self, a: int, b: int, mode: str, hours: tuple[float, float], usd: tuple[float, float]
    ) -> None:
        self.tail += [a, b]
        self.head += [b, a]
        self.mode += [mode, mode]
        self.hours += list(hours)
        self.usd += list(usd)

    def build(self) -> ProjectEdges:
        return ProjectEdges(
            project_id=self.project_id,
            tail=np.array(self.tail, dtype=np.int64),
            head=np.array(self.head, dtype=np.int64),
            mode=tuple(self.mode),
            hours=np.array(self.hours, dtype=np.float64),
            usd=np.array(self.usd, dtype=np.float64),
        )


def _place_link(placer: _Placer, record: ProjectRecord, edges: _Edges) -> tuple[int, float]:
    """Rail, road or canal links through the project's points; (new vertices, worst snap)."""
    p, world = placer.p, placer.world
    layer = _LAYER_OF_MODE[record.mode]
    vertices: list[int] = []
    snaps: list[float] = []
    fresh = 0
    for _, x, y in record.points:
        v, d = placer.nearest(layer, x, y)
        if v < 0 or (d > p.snap_km and layer != "sea"):
            v, d = placer.new_vertex(layer, x, y), 0.0
            fresh += 1
            _join_new_vertex(placer, v, layer, edges)
        vertices.append(v)
        snaps.append(d)
    lon = np.array([pt[1] for pt in record.points])
    lat = np.array([pt[2] for pt in record.points])
    seg_gc = great_circle_km(lon[:-1], lat[:-1], lon[1:], lat[1:])
    total = float(seg_gc.sum())
    mode = "sea" if layer == "sea" else record.mode
    speed, rate = _speed(record, mode, p), p.rate_usd_per_teu_km(mode)
    existing = None
    n = world.n_vertices
    if record.kind == "upgrade" and vertices[0] < n and vertices[-1] < n and len(vertices) >= 2:  # noqa: PLR2004
        graph = world.class_graph("km", mode_class(mode))
        assert graph.graph is not None  # noqa: S101
        km_path = float(distance_matrix(graph.graph, [vertices[0]], [vertices[-1]])[0, 0])
        if math.isfinite(km_path):
            existing = km_path
    if existing is not None:
        segments = [(vertices[0], vertices[-1], record.length_km or existing)]
    else:
        shares = seg_gc / total if total > 0 else np.full(seg_gc.size, 1.0 / max(seg_gc.size, 1))
        segments = [
            (
                a,
                b,
                float(record.length_km * share)
                if record.length_km is not None
                else float(gc * p.new_link_circuity),
            )
            for a, b, gc, share in zip(vertices[:-1], vertices[1:], seg_gc, shares, strict=True)
        ]
    for a, b, km in segments:
        if a == b:
            continue
        run_h, run_usd = km / speed, km * rate
        land = mode != "sea"
        ab = placer.customs(a, b) if land else (0.0, 0.0)
        ba = placer.customs(b, a) if land else (0.0, 0.0)
        edges.both(a, b, mode, (run_h + ab[0], run_h + ba[0]), (run_usd + ab[1], run_usd + ba[1]))
        edges.km += km
    return fresh, max(snaps) if snaps else 0.0


def mode_class(mode: str) -> ModeClass:
    """The mode class whose graph measures today's route of a link of ``mode``.

    Parameters
    ----------
    mode
        ``rail``, ``road`` or ``sea``.

    Returns
    -------
    str
        ``rail``, ``road`` or ``all`` (sea routes run on the whole network's sea layer).
    """
    if mode == "rail":
        return "rail"
    if mode == "road":
        return "road"
    return "all"


def _join_new_vertex(placer: _Placer, v: int, layer: str, edges: _Edges) -> None:
    """Cities within reach of a new rail or road vertex get a truck link to it."""
    if layer == "sea":
        return
    p = placer.p
    lon, lat, _ = placer.position(v)
    d = great_circle_km(lon, lat, placer._city_lon, placer._city_lat)  # noqa: SLF001
    for i in np.flatnonzero(d <= p.max_access_km):
        km = float(d[i]) * p.access_circuity
        h = km / p.road_speed_kmh + (p.switch_h if layer == "rail" else 0.0)
        usd = km * p.road_usd_per_teu_km + (p.switch_usd if layer == "rail" else 0.0)
        city = placer.world.cities[int(i)].vertex
        edges.both(city, v, f"access_{layer}", (h, h), (usd, usd))


def _place_port(placer: _Placer, record: ProjectRecord, edges: _Edges) -> tuple[int, float]:
    p = placer.p
    _, lon, lat = record.points[0]
    sea, d_sea = placer.nearest("sea", lon, lat)
    land, d_land = placer.nearest("road", lon, lat)
    fresh = 0
    if land < 0 or d_land > p.max_port_km:
        land = placer.new_vertex("road", lon, lat)
        fresh = 1
        _join_new_vertex(placer, land, "road", edges)
        d_land = 0.0
    if sea < 0:
        return fresh, math.inf
    country = placer.position(land)[2]
    assert placer.world.customs is not None  # noqa: S101
    exp_h, imp_h, exp_usd, imp_usd = placer.world.customs[country] if country >= 0 else np.zeros(4)
    km = float(great_circle_km(lon, lat, placer.world.lon[sea], placer.world.lat[sea]))
    edges.tail += [land, sea]
    edges.head += [sea, land]
    edges.mode += ["port", "port"]
    edges.hours += [p.port_h + float(exp_h), p.port_h + float(imp_h)]
    edges.usd += [p.port_usd + float(exp_usd), p.port_usd + float(imp_usd)]
    edges.km += km
    return fresh, max(d_sea, d_land)


def place_projects(
    world: WorldNetwork, records: Sequence[ProjectRecord], params: Parameters
) -> tuple[WorldNetwork, list[ProjectEdges], list[Placement]]:
    """Place projects on a world network (rules: see the module docstring).

    Parameters
    ----------
    world
        The network before the projects.
    records
        The projects.
    params
        Parameters.

    Returns
    -------
    world : WorldNetwork
        The network with the projects' new vertices added (not joined: searches on it give
        the same distances as on ``world``).
    edges : list of ProjectEdges
        The edges of every placed project.
    placements : list of Placement
        How each project was placed, or why not.
    """
    placer = _Placer(world, params)
    out: list[ProjectEdges] = []
    notes: list[Placement] = []
    for record in records:
        edges = _Edges(record.project_id)
        reason = ""
        fresh, snap = 0, 0.0
        if record.mode == "pipeline_or_other":
            reason = "not a freight transport link (pipeline or other)"
        elif len(record.points) < 1 or (record.mode != "port" and len(record.points) < 2):  # noqa: PLR2004
            reason = "no end points in the table"
        elif record.mode == "port":
            fresh, snap = _place_port(placer, record, edges)
        else:
            fresh, snap = _place_link(placer, record, edges)
        if not reason and not edges.tail:
            reason = (
                f"its end points join the same {record.mode if record.mode != 'canal' else 'sea'}"
                f" vertex ({snap:.0f} km away): the network is too coarse there to place it"
            )
        placed = not reason
        if placed:
            out.append(edges.build())
        notes.append(
            Placement(
                project_id=record.project_id,
                placed=placed,
                edges=len(edges.tail),
                km=edges.km,
                new_vertices=fresh,
                snap_km=snap,
                reason=reason,
            )
        )
    if placer.new_lon:
        world = world.with_vertices(
            placer.new_lon, placer.new_lat, placer.new_layer, placer.new_country
        )
    return world, out, notes
