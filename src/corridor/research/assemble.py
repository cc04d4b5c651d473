"""Join road, rail and sea graphs, ports, borders and cities into a :class:`WorldNetwork`.

The rules, the same for the synthetic test world and for the world built from the shared
data (every number comes from :class:`~corridor.research.parameters.Parameters`):

- running edges take ``km / speed`` hours and ``km x rate`` US$ per TEU of their mode;
- an edge whose ends lie in two countries is a land border: it adds the exporting
  country's export hours and fee and the importing country's import hours and fee
  (World Bank Doing Business border compliance, as Reed & Trubetskoy 2019 do; their
  90-hour default where a country has no figure);
- a port joins its nearest sea vertex to its nearest road vertex within ``max_port_km``
  (port fee and hours; export customs when loading, import customs when unloading). Rail
  reaches a port through the road↔rail switch at its city: a port joined to both road and
  rail would let a shipment change between them by calling at a port without sailing;
- a city is a vertex of its own, joined to its nearest road vertex by truck and, within
  ``max_access_km``, to its nearest rail vertex by truck plus the road↔rail switch.
  Shipments change between road and rail only at cities (and ports).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from corridor.exceptions import InvalidArgumentError
from corridor.research.parameters import Parameters
from corridor.research.world import EDGE_MODES, LAYERS, City, WorldNetwork

__all__ = [
    "BorderHours",
    "CityInput",
    "LayerInput",
    "PortInput",
    "assemble",
    "great_circle_km",
    "unit_vectors",
]

EARTH_RADIUS_KM = 6371.0088

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class LayerInput:
    """One mode's graph: vertices with positions and countries, directed edges in km.

    Parameters
    ----------
    mode
        ``road``, ``rail`` or ``sea``.
    lon, lat
        Vertex positions in degrees.
    country
        ISO3 of each vertex (``""`` at sea).
    tail, head, km
        Directed edges and their lengths.
    """

    mode: str
    lon: FloatArray
    lat: FloatArray
    country: Sequence[str]
    tail: IntArray
    head: IntArray
    km: FloatArray


@dataclass(frozen=True, slots=True)
class PortInput:
    """A seaport.

    Parameters
    ----------
    name
        Name.
    iso3
        Country.
    lon, lat
        Position in degrees.
    """

    name: str
    iso3: str
    lon: float
    lat: float


@dataclass(frozen=True, slots=True)
class CityInput:
    """A city to join to the network.

    Parameters
    ----------
    name
        Name.
    iso3
        Country.
    lon, lat
        Position in degrees.
    population
        Population.
    """

    name: str
    iso3: str
    lon: float
    lat: float
    population: float


@dataclass(frozen=True, slots=True)
class BorderHours:
    """Border compliance of one country (World Bank Doing Business).

    Parameters
    ----------
    export_h, import_h
        Hours to clear exports and imports (``None``: no figure, the default applies).
    export_usd, import_usd
        Fees in US$ (``None``: no figure, 0).
    """

    export_h: float | None
    import_h: float | None
    export_usd: float | None = None
    import_usd: float | None = None


def great_circle_km(
    lon1: npt.ArrayLike, lat1: npt.ArrayLike, lon2: npt.ArrayLike, lat2: npt.ArrayLike
) -> FloatArray:
    """Great-circle distance in km (haversine), elementwise.

    Parameters
    ----------
    lon1, lat1, lon2, lat2
        Positions in degrees.

    Returns
    -------
    numpy.ndarray
        Distances in km.

    Examples
    --------
    >>> from corridor.research.assemble import great_circle_km
    >>> round(float(great_circle_km(0.0, 0.0, 1.0, 0.0)), 1)
    111.2
    """
    x1, y1, x2, y2 = (np.radians(np.asarray(v, dtype=np.float64)) for v in (lon1, lat1, lon2, lat2))
    a = np.sin((y2 - y1) / 2) ** 2 + np.cos(y1) * np.cos(y2) * np.sin((x2 - x1) / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))))


def unit_vectors(lon: FloatArray, lat: FloatArray) -> FloatArray:
    """Unit vectors on the sphere of positions in degrees (for nearest-point trees).

    Parameters
    ----------
    lon, lat
        Positions in degrees.

    Returns
    -------
    numpy.ndarray
        ``(n, 3)`` unit vectors.
    """
    x, y = np.radians(lon), np.radians(lat)
    return np.column_stack([np.cos(y) * np.cos(x), np.cos(y) * np.sin(x), np.sin(y)])


def _nearest(
    lon: FloatArray, lat: FloatArray, among: IntArray, qlon: FloatArray, qlat: FloatArray
) -> tuple[IntArray, FloatArray]:
    """Nearest vertex of ``among`` to each query point, and its great-circle km."""
    from scipy.spatial import cKDTree  # noqa: PLC0415 - scipy.spatial only when building

    if among.size == 0:
        return np.full(qlon.shape[0], -1, dtype=np.int64), np.full(qlon.shape[0], np.inf)
    tree = cKDTree(unit_vectors(lon[among], lat[among]))
    _, idx = tree.query(unit_vectors(qlon, qlat))
    vertex = among[np.asarray(idx, dtype=np.int64)]
    return vertex, great_circle_km(qlon, qlat, lon[vertex], lat[vertex])


class _Edges:
    """Edge columns under construction."""

    def __init__(self) -> None:
        self.cols: dict[str, list[npt.NDArray[np.generic]]] = {
            k: [] for k in ("tail", "head", "mode", "km", "hours", "usd", "border")
        }

    def add(
        self,
        tail: npt.ArrayLike,
        head: npt.ArrayLike,
        mode: str,
        *,
        km: npt.ArrayLike,
        hours: npt.ArrayLike,
        usd: npt.ArrayLike,
        border: npt.ArrayLike | None = None,
    ) -> None:
        t = np.atleast_1d(np.asarray(tail, dtype=np.int64))
        size = t.shape[0]
        self.cols["tail"].append(t)
        self.cols["head"].append(np.atleast_1d(np.asarray(head, dtype=np.int64)))
        self.cols["mode"].append(np.full(size, EDGE_MODES.index(mode), dtype=np.int8))
        for key, value in (("km", km), ("hours", hours), ("usd", usd)):
            self.cols[key].append(np.broadcast_to(np.asarray(value, dtype=np.float64), (size,)))
        flags = np.zeros(size, dtype=bool) if border is None else np.asarray(border, dtype=bool)
        self.cols["border"].append(np.broadcast_to(flags, (size,)))

    def arrays(self) -> dict[str, npt.NDArray[Any]]:
        return {k: np.concatenate(v) if v else np.zeros(0) for k, v in self.cols.items()}


def _border_table(
    countries: Sequence[str], hours: Mapping[str, BorderHours], params: Parameters
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    default = params.border_default_h
    exp_h = np.array([_or(hours.get(c), "export_h", default) for c in countries])
    imp_h = np.array([_or(hours.get(c), "import_h", default) for c in countries])
    exp_usd = np.array([_or(hours.get(c), "export_usd", 0.0) for c in countries])
    imp_usd = np.array([_or(hours.get(c), "import_usd", 0.0) for c in countries])
    return exp_h, imp_h, exp_usd, imp_usd


def _or(row: BorderHours | None, key: str, default: float) -> float:
    value = getattr(row, key) if row is not None else None
    return float(default if value is None else value)


def assemble(
    layers: Sequence[LayerInput],
    ports: Sequence[PortInput],
    cities: Sequence[CityInput],
    border_hours: Mapping[str, BorderHours],
    params: Parameters,
    *,
    name: str = "world",
    attribution: str = "",
) -> WorldNetwork:
    """Build a world network from its layers (rules: see the module docstring).

    Parameters
    ----------
    layers
        The road, rail and sea graphs (any subset; one per mode).
    ports
        Seaports.
    cities
        Cities (each becomes a city vertex).
    border_hours
        Border compliance by ISO3 (missing countries take ``params.border_default_h``).
    params
        Speeds, rates and switching times.
    name
        Name of the network.
    attribution
        Licences and sources of the inputs.

    Returns
    -------
    WorldNetwork
        The network.

    Raises
    ------
    InvalidArgumentError
        If a layer's mode is unknown or repeated, or its arrays do not match.
    """
    modes = [layer.mode for layer in layers]
    if len(set(modes)) != len(modes) or not set(modes) <= {"road", "rail", "sea"}:
        msg = f"layers {modes}: give at most one each of road, rail and sea"
        raise InvalidArgumentError(msg)
    countries = sorted(
        {c for layer in layers for c in layer.country if c}
        | {p.iso3 for p in ports}
        | {c.iso3 for c in cities}
    )
    index = {c: i for i, c in enumerate(countries)}
    lon_parts, lat_parts, layer_parts, country_parts = [], [], [], []
    offset: dict[str, int] = {}
    start = 0
    for layer in layers:
        n = layer.lon.shape[0]
        if layer.lat.shape != (n,) or len(layer.country) != n:
            msg = f"{layer.mode} layer: lon, lat and country differ in length"
            raise InvalidArgumentError(msg)
        offset[layer.mode] = start
        lon_parts.append(np.asarray(layer.lon, dtype=np.float64))
        lat_parts.append(np.asarray(layer.lat, dtype=np.float64))
        layer_parts.append(np.full(n, LAYERS.index(layer.mode), dtype=np.int8))
        country_parts.append(np.array([index[c] if c else -1 for c in layer.country], np.int16))
        start += n
    n_city = len(cities)
    lon_parts.append(np.array([c.lon for c in cities], dtype=np.float64))
    lat_parts.append(np.array([c.lat for c in cities], dtype=np.float64))
    layer_parts.append(np.full(n_city, LAYERS.index("city"), dtype=np.int8))
    country_parts.append(np.array([index[c.iso3] for c in cities], dtype=np.int16))
    lon, lat = np.concatenate(lon_parts), np.concatenate(lat_parts)
    layer_of, country = np.concatenate(layer_parts), np.concatenate(country_parts)
    exp_h, imp_h, exp_usd, imp_usd = _border_table(countries, border_hours, params)

    edges = _Edges()
    for layer in layers:
        tail = np.asarray(layer.tail, dtype=np.int64) + offset[layer.mode]
        head = np.asarray(layer.head, dtype=np.int64) + offset[layer.mode]
        km = np.asarray(layer.km, dtype=np.float64)
        if not (tail.shape == head.shape == km.shape):
            msg = f"{layer.mode} layer: tail, head and km differ in length"
            raise InvalidArgumentError(msg)
        hours = km / params.speed_kmh(layer.mode)
        usd = km * params.rate_usd_per_teu_km(layer.mode)
        a, b = country[tail], country[head]
        cross = (a >= 0) & (b >= 0) & (a != b)
        hours = hours + np.where(cross, exp_h[a] + imp_h[b], 0.0)
        usd = usd + np.where(cross, exp_usd[a] + imp_usd[b], 0.0)
        edges.add(tail, head, layer.mode, km=km, hours=hours, usd=usd, border=cross)

    def among(mode: str) -> npt.NDArray[np.int64]:
        return np.flatnonzero(layer_of == LAYERS.index(mode)).astype(np.int64)

    if ports and "sea" in offset:
        _join_ports(
            edges,
            ports,
            lon=lon,
            lat=lat,
            among=among,
            index=index,
            params=params,
            border=(exp_h, imp_h, exp_usd, imp_usd),
        )
    city_vertex = np.arange(start, start + n_city, dtype=np.int64)
    if n_city:
        _join_cities(
            edges, cities, city_vertex=city_vertex, lon=lon, lat=lat, among=among, params=params
        )
    world_cities = tuple(
        City(c.name, c.iso3, c.lon, c.lat, c.population, int(v))
        for c, v in zip(cities, city_vertex, strict=True)
    )
    arrays = edges.arrays()
    return WorldNetwork(
        lon=lon,
        lat=lat,
        layer=layer_of,
        country=country,
        countries=tuple(countries),
        tail=arrays["tail"],
        head=arrays["head"],
        mode=arrays["mode"],
        km=arrays["km"],
        hours=arrays["hours"],
        usd=arrays["usd"],
        border=arrays["border"],
        cities=world_cities,
        customs=np.column_stack([exp_h, imp_h, exp_usd, imp_usd]).reshape(-1, 4),
        name=name,
        attribution=attribution,
    )


def _join_ports(
    edges: _Edges,
    ports: Sequence[PortInput],
    *,
    lon: FloatArray,
    lat: FloatArray,
    among: object,
    index: Mapping[str, int],
    params: Parameters,
    border: tuple[FloatArray, FloatArray, FloatArray, FloatArray],
) -> None:
    assert callable(among)  # noqa: S101
    exp_h, imp_h, exp_usd, imp_usd = border
    plon = np.array([p.lon for p in ports])
    plat = np.array([p.lat for p in ports])
    cc = np.array([index[p.iso3] for p in ports])
    sea, _ = _nearest(lon, lat, among("sea"), plon, plat)
    land, dist = _nearest(lon, lat, among("road"), plon, plat)
    ok = (land >= 0) & (dist <= params.max_port_km)
    if not ok.any():
        return
    km = great_circle_km(lon[land[ok]], lat[land[ok]], lon[sea[ok]], lat[sea[ok]])
    c = cc[ok]
    # loading: export customs; unloading: import customs
    edges.add(
        land[ok],
        sea[ok],
        "port",
        km=km,
        hours=params.port_h + exp_h[c],
        usd=params.port_usd + exp_usd[c],
    )
    edges.add(
        sea[ok],
        land[ok],
        "port",
        km=km,
        hours=params.port_h + imp_h[c],
        usd=params.port_usd + imp_usd[c],
    )


def _join_cities(
    edges: _Edges,
    cities: Sequence[CityInput],
    *,
    city_vertex: IntArray,
    lon: FloatArray,
    lat: FloatArray,
    among: object,
    params: Parameters,
) -> None:
    assert callable(among)  # noqa: S101
    clon = np.array([c.lon for c in cities])
    clat = np.array([c.lat for c in cities])
    truck_kmh, truck_rate = params.road_speed_kmh, params.road_usd_per_teu_km
    for land_mode in ("road", "rail"):
        land, dist = _nearest(lon, lat, among(land_mode), clon, clat)
        ok = land >= 0
        if land_mode == "rail":
            ok &= dist <= params.max_access_km
        if not ok.any():
            continue
        km = dist[ok] * params.access_circuity
        hours = km / truck_kmh
        usd = km * truck_rate
        if land_mode == "rail":
            hours = hours + params.switch_h
            usd = usd + params.switch_usd
        mode = f"access_{land_mode}"
        edges.add(city_vertex[ok], land[ok], mode, km=km, hours=hours, usd=usd)
        edges.add(land[ok], city_vertex[ok], mode, km=km, hours=hours, usd=usd)
