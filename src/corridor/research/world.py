"""The world network of research mode: a compact multimodal graph held in arrays.

The embedded corridor network describes ~450 features in detail; the world network has
millions of vertices (the OSM-derived railways and highways and the maritime network), so
it is kept as arrays, not objects: vertices with their layer (road, rail, sea, city) and
country, directed edges with their mode, length, hours and US$ per TEU, and the cities
shipments start and end at. It is stored as one ``.npz`` file that loads in seconds.

Edge modes, and which ones a shipment of each *mode class* may use (the lower bound of the
BRI study keeps every city pair on the modes of its pre-project route):

============  =================================================================
mode          what
============  =================================================================
road          road running (border hours added where it crosses a border)
rail          rail running (idem)
sea           sea running
port          port call between sea and road (fee, customs hours)
access_road   a city to its road vertex (pre- and on-carriage by truck)
access_rail   a city to its rail vertex (truck to the station plus the road↔rail switch)
============  =================================================================
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from os import PathLike
from pathlib import Path
from typing import Any, Final, Literal

import numpy as np
import numpy.typing as npt

from corridor._checks import check_instance, check_path
from corridor.exceptions import InvalidArgumentError, NetworkFormatError
from corridor.routing.shortest import CSRGraph

__all__ = [
    "EDGE_MODES",
    "LAYERS",
    "MODE_CLASSES",
    "City",
    "ClassGraph",
    "ModeClass",
    "WorldNetwork",
    "load_world",
    "save_world",
]

LAYERS: Final = ("road", "rail", "sea", "city")
EDGE_MODES: Final = ("road", "rail", "sea", "port", "access_road", "access_rail")

ModeClass = Literal["road", "rail", "sea", "all"]

#: Edge modes each mode class may use: ``sea`` shipments reach their ports by road, and
#: their routes must sail (see :meth:`WorldNetwork.class_graph`).
MODE_CLASSES: Final[Mapping[ModeClass, frozenset[str]]] = {
    "road": frozenset({"road", "access_road"}),
    "rail": frozenset({"rail", "access_rail"}),
    "sea": frozenset({"sea", "port", "road", "access_road"}),
    "all": frozenset(EDGE_MODES),
}

FORMAT_VERSION: Final = 1

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class City:
    """A place shipments start and end at.

    Parameters
    ----------
    name
        Display name.
    iso3
        Country (ISO 3166-1 alpha-3).
    lon, lat
        Position in degrees.
    population
        Population (for weights and the choice of cities).
    vertex
        Its city vertex in the world network.
    """

    name: str
    iso3: str
    lon: float
    lat: float
    population: float
    vertex: int


def _frozen(array: npt.ArrayLike, dtype: npt.DTypeLike) -> npt.NDArray[Any]:
    out = np.array(array, dtype=dtype, copy=True)
    out.flags.writeable = False
    return out


_SEA: Final = EDGE_MODES.index("sea")
_PORT: Final = EDGE_MODES.index("port")
_SEA_LAYER: Final = LAYERS.index("sea")


class ClassGraph:
    """The search graph of a mode class, and how network vertices and edges map into it.

    Parameters
    ----------
    world
        The network.
    modes
        Mode class.

    Attributes
    ----------
    graph
        The CSR graph (set by :meth:`WorldNetwork.class_graph`).
    sources, targets
        City vertices to search from and to (the second road copy for ``sea``).
    """

    def __init__(self, world: WorldNetwork, modes: ModeClass) -> None:
        self.modes: ModeClass = modes
        self.n = world.n_vertices
        cities = world.city_vertices
        self.sources: IntArray = cities
        self.targets: IntArray = cities + self.n if modes == "sea" else cities
        self.allowed = np.array([m in MODE_CLASSES[modes] for m in EDGE_MODES], dtype=bool)
        self.layer = world.layer
        self.graph: CSRGraph | None = None

    def map_edges(
        self,
        tail: npt.ArrayLike,
        head: npt.ArrayLike,
        mode: npt.ArrayLike,
        layer: npt.ArrayLike | None = None,
    ) -> tuple[IntArray, IntArray, IntArray]:
        """Network edges as edges of this graph.

        Parameters
        ----------
        tail, head
            Network vertices.
        mode
            Index into :data:`EDGE_MODES` per edge.
        layer
            Layer of every network vertex (default: the network's).

        Returns
        -------
        tail, head : numpy.ndarray
            Vertices in this graph.
        rows : numpy.ndarray
            For each returned edge, the index of the input edge it comes from (an input
            edge may give two, or none if the class does not use its mode).
        """
        t = np.asarray(tail, dtype=np.int64)
        h = np.asarray(head, dtype=np.int64)
        m = np.asarray(mode, dtype=np.int64)
        lay = self.layer if layer is None else np.asarray(layer)
        rows = np.flatnonzero(self.allowed[m]).astype(np.int64)
        if self.modes != "sea":
            return t[rows], h[rows], rows
        n = self.n
        m_rows = m[rows]
        land = rows[(m_rows != _SEA) & (m_rows != _PORT)]
        sea = rows[m_rows == _SEA]
        port = rows[m_rows == _PORT]
        loading = port[lay[t[port]] != _SEA_LAYER]
        unloading = port[lay[t[port]] == _SEA_LAYER]
        tails = np.concatenate([t[land], t[land] + n, t[sea], t[loading], t[unloading]])
        heads = np.concatenate([h[land], h[land] + n, h[sea], h[loading], h[unloading] + n])
        out_rows = np.concatenate([land, land, sea, loading, unloading])
        return tails, heads, out_rows


@dataclass(frozen=True, slots=True)
class WorldNetwork:
    """A multimodal world network in arrays (see the module docstring for the edge modes).

    Parameters
    ----------
    lon, lat
        Vertex positions in degrees.
    layer
        Index into :data:`LAYERS` per vertex.
    country
        Index into ``countries`` per vertex; ``-1`` at sea.
    countries
        ISO3 codes.
    tail, head
        Vertices of each directed edge.
    mode
        Index into :data:`EDGE_MODES` per edge.
    km, hours, usd
        Length, time (running plus border, port or switch hours) and US$ per TEU per edge.
    border
        Whether the edge crosses a land border (its hours include the customs hours).
    cities
        The cities, each with its city vertex.
    customs
        ``(countries, 4)`` export hours, import hours, export US$ and import US$ of every
        country's border compliance (what a link built by a project pays when it crosses
        a border); zeros when not given.
    name
        Name of the network.
    attribution
        Licences and sources of the data it was built from.
    """

    lon: FloatArray
    lat: FloatArray
    layer: npt.NDArray[np.int8]
    country: npt.NDArray[np.int16]
    countries: tuple[str, ...]
    tail: IntArray
    head: IntArray
    mode: npt.NDArray[np.int8]
    km: FloatArray
    hours: FloatArray
    usd: FloatArray
    border: npt.NDArray[np.bool_]
    cities: tuple[City, ...]
    customs: FloatArray | None = None
    name: str = "world"
    attribution: str = ""
    _graphs: dict[tuple[str, str], ClassGraph] = field(
        default_factory=dict, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        for key, dtype in (("lon", np.float64), ("lat", np.float64)):
            set_(self, key, _frozen(getattr(self, key), dtype))
        set_(self, "layer", _frozen(self.layer, np.int8))
        set_(self, "country", _frozen(self.country, np.int16))
        for key in ("tail", "head"):
            set_(self, key, _frozen(getattr(self, key), np.int64))
        set_(self, "mode", _frozen(self.mode, np.int8))
        for key in ("km", "hours", "usd"):
            set_(self, key, _frozen(getattr(self, key), np.float64))
        set_(self, "border", _frozen(self.border, np.bool_))
        set_(self, "countries", tuple(self.countries))
        customs = np.zeros((len(self.countries), 4)) if self.customs is None else self.customs
        set_(self, "customs", _frozen(customs, np.float64))
        set_(self, "cities", tuple(self.cities))
        self._check()

    def _check(self) -> None:
        n, m = self.lon.shape[0], self.tail.shape[0]
        for key in ("lat", "layer", "country"):
            if getattr(self, key).shape != (n,):
                msg = f"world network: {key} has {getattr(self, key).shape[0]} entries, not {n}"
                raise InvalidArgumentError(msg)
        for key in ("head", "mode", "km", "hours", "usd", "border"):
            if getattr(self, key).shape != (m,):
                msg = f"world network: edge array {key} has the wrong length (not {m})"
                raise InvalidArgumentError(msg)
        if m and (
            min(self.tail.min(), self.head.min()) < 0 or max(self.tail.max(), self.head.max()) >= n
        ):
            msg = "world network: an edge names a vertex that does not exist"
            raise InvalidArgumentError(msg)
        for key in ("km", "hours", "usd"):
            values = getattr(self, key)
            if m and not (np.isfinite(values).all() and (values >= 0).all()):
                msg = f"world network: edge {key} must be finite and >= 0"
                raise InvalidArgumentError(msg)
        if m and (self.mode.min() < 0 or self.mode.max() >= len(EDGE_MODES)):
            msg = "world network: an edge has an unknown mode"
            raise InvalidArgumentError(msg)
        assert self.customs is not None  # noqa: S101 - set in __post_init__
        if self.customs.shape != (len(self.countries), 4):
            msg = f"world network: customs must have shape ({len(self.countries)}, 4)"
            raise InvalidArgumentError(msg)
        for city in self.cities:
            if not 0 <= city.vertex < n or self.layer[city.vertex] != LAYERS.index("city"):
                msg = f"world network: city {city.name!r} does not sit on a city vertex"
                raise InvalidArgumentError(msg)

    @property
    def n_vertices(self) -> int:
        """Number of vertices."""
        return int(self.lon.shape[0])

    @property
    def n_edges(self) -> int:
        """Number of directed edges."""
        return int(self.tail.shape[0])

    @property
    def city_vertices(self) -> IntArray:
        """The city vertices, in city order."""
        return np.array([c.vertex for c in self.cities], dtype=np.int64)

    def class_graph(
        self, weight: Literal["hours", "usd", "km"], modes: ModeClass = "all"
    ) -> ClassGraph:
        """The search graph of one weight for a mode class (memoised).

        For ``road``, ``rail`` and ``all`` it is the network's edges of the class's modes. A
        ``sea`` route must sail: its graph holds two copies of the road layer, one before
        the sea leg (reached from the origin city) and one after it (leading to the
        destination city); loading at a port leads from the first copy onto the sea and
        unloading from the sea into the second, so a route that never sails cannot reach
        its destination.

        Parameters
        ----------
        weight
            ``hours``, ``usd`` or ``km``.
        modes
            Mode class (see :data:`MODE_CLASSES`).

        Returns
        -------
        ClassGraph
            The graph with the city vertices to search from and to.

        Raises
        ------
        InvalidArgumentError
            If ``weight`` or ``modes`` is unknown.
        """
        if weight not in ("hours", "usd", "km"):
            msg = f"weight={weight!r}: choose 'hours', 'usd' or 'km'"
            raise InvalidArgumentError(msg)
        if modes not in MODE_CLASSES:
            msg = f"modes={modes!r}: choose one of {', '.join(MODE_CLASSES)}"
            raise InvalidArgumentError(msg)
        key = (weight, modes)
        cached = self._graphs.get(key)
        if cached is None:
            values = {"hours": self.hours, "usd": self.usd, "km": self.km}[weight]
            cached = ClassGraph(self, modes)
            tail, head, keep = cached.map_edges(self.tail, self.head, self.mode, self.layer)
            n = self.n_vertices * (2 if modes == "sea" else 1)
            cached.graph = CSRGraph.from_edges(tail, head, values[keep], n)
            self._graphs[key] = cached
        return cached

    def with_edges(
        self,
        tail: npt.ArrayLike,
        head: npt.ArrayLike,
        mode: Sequence[str],
        *,
        km: npt.ArrayLike,
        hours: npt.ArrayLike,
        usd: npt.ArrayLike,
    ) -> WorldNetwork:
        """A copy with more directed edges (projects are added this way).

        Parameters
        ----------
        tail, head
            Vertices of the new edges.
        mode
            Edge mode of each new edge (one of :data:`EDGE_MODES`).
        km, hours, usd
            Their length, hours and US$ per TEU.

        Returns
        -------
        WorldNetwork
            The network with the edges appended (the original is unchanged).

        Raises
        ------
        InvalidArgumentError
            If a mode is unknown or an array does not match.
        """
        unknown = sorted({m for m in mode if m not in EDGE_MODES})
        if unknown:
            msg = f"unknown edge mode(s) {', '.join(unknown)}; choose from {', '.join(EDGE_MODES)}"
            raise InvalidArgumentError(msg)
        codes = np.array([EDGE_MODES.index(m) for m in mode], dtype=np.int8)
        n_new = codes.shape[0]
        return replace(
            self,
            tail=np.concatenate([self.tail, np.asarray(tail, dtype=np.int64)]),
            head=np.concatenate([self.head, np.asarray(head, dtype=np.int64)]),
            mode=np.concatenate([self.mode, codes]),
            km=np.concatenate([self.km, np.asarray(km, dtype=np.float64)]),
            hours=np.concatenate([self.hours, np.asarray(hours, dtype=np.float64)]),
            usd=np.concatenate([self.usd, np.asarray(usd, dtype=np.float64)]),
            border=np.concatenate([self.border, np.zeros(n_new, dtype=bool)]),
            _graphs={},
        )

    def with_vertices(
        self,
        lon: npt.ArrayLike,
        lat: npt.ArrayLike,
        layer: Sequence[str],
        country: npt.ArrayLike,
    ) -> WorldNetwork:
        """A copy with more vertices, not yet joined to anything (projects bring them).

        Parameters
        ----------
        lon, lat
            Positions in degrees.
        layer
            Layer name of each (one of :data:`LAYERS`, not ``city``).
        country
            Index into ``countries`` of each (``-1`` at sea).

        Returns
        -------
        WorldNetwork
            The network with the vertices appended: the first new one is ``n_vertices``.

        Raises
        ------
        InvalidArgumentError
            If a layer is unknown or ``city``.
        """
        bad = sorted({x for x in layer if x not in LAYERS or x == "city"})
        if bad:
            msg = f"layer(s) {', '.join(bad)}: a new vertex is road, rail or sea"
            raise InvalidArgumentError(msg)
        codes = np.array([LAYERS.index(x) for x in layer], dtype=np.int8)
        return replace(
            self,
            lon=np.concatenate([self.lon, np.asarray(lon, dtype=np.float64)]),
            lat=np.concatenate([self.lat, np.asarray(lat, dtype=np.float64)]),
            layer=np.concatenate([self.layer, codes]),
            country=np.concatenate([self.country, np.asarray(country, dtype=np.int16)]),
            _graphs={},
        )

    def edge_mode_names(self) -> list[str]:
        """The mode of every edge as a name.

        Returns
        -------
        list of str
            One name per edge.
        """
        return [EDGE_MODES[i] for i in self.mode.tolist()]


_ARRAYS: Final = (
    "lon",
    "lat",
    "layer",
    "country",
    "tail",
    "head",
    "mode",
    "km",
    "hours",
    "usd",
    "border",
    "customs",
)


def save_world(world: WorldNetwork, path: str | PathLike[str]) -> Path:
    """Write ``world`` to one compressed ``.npz`` file.

    Parameters
    ----------
    world
        The network.
    path
        Where to write it.

    Returns
    -------
    Path
        The path written.

    Raises
    ------
    InvalidArgumentError
        If ``world`` is not a :class:`WorldNetwork`.
    """
    check_instance("world", world, WorldNetwork, "a WorldNetwork")
    out = Path(path)
    meta = {
        "format": "corridor-world",
        "version": FORMAT_VERSION,
        "name": world.name,
        "attribution": world.attribution,
        "countries": list(world.countries),
        "cities": [[c.name, c.iso3, c.lon, c.lat, c.population, c.vertex] for c in world.cities],
    }
    arrays: dict[str, Any] = {key: getattr(world, key) for key in _ARRAYS}
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    with out.open("wb") as handle:
        np.savez_compressed(handle, **arrays)
    return out


def load_world(path: str | PathLike[str]) -> WorldNetwork:
    """Read a world network written by :func:`save_world`.

    Parameters
    ----------
    path
        The ``.npz`` file.

    Returns
    -------
    WorldNetwork
        The network.

    Raises
    ------
    NetworkFormatError
        If the file is missing, not a world network file or damaged.
    InvalidArgumentError
        If ``path`` is not a path, or the arrays in the file do not fit together.
    """
    file = check_path("path", path)
    try:
        with np.load(file, allow_pickle=False) as data:
            meta = json.loads(bytes(data["meta"]).decode())
            arrays = {key: data[key] for key in _ARRAYS}
    except FileNotFoundError:
        msg = f"{file}: no such file; build it with `corridor research build-world`"
        raise NetworkFormatError(msg) from None
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        msg = (
            f"{file}: not a corridor world network ({type(exc).__name__}: {exc}); "
            "rebuild it with `corridor research build-world`"
        )
        raise NetworkFormatError(msg) from None
    if meta.get("format") != "corridor-world" or meta.get("version") != FORMAT_VERSION:
        msg = (
            f"{file}: world network format {meta.get('format')!r} v{meta.get('version')!r}, "
            f"not corridor-world v{FORMAT_VERSION}; rebuild it with `corridor research build-world`"
        )
        raise NetworkFormatError(msg)
    cities = tuple(
        City(str(n), str(i), float(x), float(y), float(p), int(v))
        for n, i, x, y, p, v in meta["cities"]
    )
    return WorldNetwork(
        **arrays,
        countries=tuple(meta["countries"]),
        cities=cities,
        name=str(meta.get("name", "world")),
        attribution=str(meta.get("attribution", "")),
    )
