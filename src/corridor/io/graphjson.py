"""Read scgraph "GeoGraph" files (``.graphjson``, optionally gzipped).

The format, as written by ``scgraph.GeoGraph.save_as_graphjson``::

    {"type": "GeoGraph",
     "graph": [{"1": 2.02, "0": 0.0, ...}, ...],   # graph[i] = {str(neighbour): weight}
     "nodes": [[lat, lon], ...],
     "geograph_units": "km", ...}

``graph[i]`` maps each neighbour of vertex ``i`` to the edge weight (kilometres in the
scgraph data sets); many vertices carry a self-entry ``{i: 0.0}``, which is skipped.
"""

from __future__ import annotations

import gzip
import itertools
import json
import zlib
from os import PathLike
from pathlib import Path
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from corridor._checks import check_instance, check_path, show
from corridor.exceptions import InvalidArgumentError, NetworkFormatError
from corridor.io._fields import read_file_bytes
from corridor.routing.shortest import CSRGraph

__all__ = ["nearest_vertex", "read_graphjson"]

_GZIP_MAGIC = b"\x1f\x8b"
_NUMBER_TYPES = frozenset({int, float})
#: Above this many query points, :func:`nearest_vertex` builds a KD-tree.
_KDTREE_MIN_POINTS = 16
_MAX_LAT = 90.0


def _fail(path: Path, what: str, fix: str) -> NetworkFormatError:
    return NetworkFormatError(f"{path}: {what}; fix: {fix}")


def _load_json(path: Path) -> object:
    try:
        raw = read_file_bytes(path)
    except FileNotFoundError:
        raise _fail(path, "no such file", "check the path") from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise _fail(path, f"cannot read the file ({reason})", "give a .graphjson file") from None
    try:
        if raw[:2] == _GZIP_MAGIC:
            raw = gzip.decompress(raw)
        return json.loads(raw)
    except (OSError, EOFError, zlib.error) as exc:
        raise _fail(
            path, f"not a readable gzip file ({exc})", "re-download or re-compress it"
        ) from exc
    except UnicodeDecodeError as exc:
        raise _fail(path, f"not UTF-8 text ({exc})", "save it as UTF-8 JSON") from exc
    except json.JSONDecodeError as exc:
        raise _fail(
            path,
            f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
            "write it with scgraph's GeoGraph.save_as_graphjson",
        ) from exc
    except ValueError as exc:
        raise _fail(
            path, f"not valid JSON ({exc})", "write it with scgraph's GeoGraph.save_as_graphjson"
        ) from exc
    except RecursionError as exc:
        raise _fail(path, "JSON nested too deeply", "check the file is a GeoGraph") from exc


def _parse_adjacency(
    path: Path, graph: list[Any], n: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    if not set(map(type, graph)) <= {dict}:
        bad = next(i for i, row in enumerate(graph) if not isinstance(row, dict))
        raise _fail(
            path,
            f"graph[{bad}] is a {type(graph[bad]).__name__}, not an object",
            'write each graph entry as {"neighbour id": weight, ...}',
        )
    counts = np.fromiter(map(len, graph), dtype=np.int64, count=n)
    total = int(counts.sum())
    keys = list(itertools.chain.from_iterable(graph))
    try:
        heads = np.array(keys, dtype=np.str_).astype(np.int64) if total else np.empty(0, np.int64)
    except (ValueError, OverflowError) as exc:
        raise _fail(
            path,
            f"a neighbour id in graph is not an integer ({exc})",
            "use vertex indices as the keys of each graph entry",
        ) from exc
    values = list(itertools.chain.from_iterable(row.values() for row in graph))
    if not set(map(type, values)) <= _NUMBER_TYPES:
        bad_type = next(type(v).__name__ for v in values if type(v) not in _NUMBER_TYPES)
        raise _fail(
            path,
            f"an edge weight in graph is a {bad_type}, not a number",
            "write every weight as a JSON number",
        )
    try:
        weights = np.array(values, dtype=np.float64) if total else np.empty(0, np.float64)
    except OverflowError as exc:
        raise _fail(path, "an edge weight is too large", "check the weights") from exc
    tails = np.repeat(np.arange(n, dtype=np.int64), counts)
    out_of_range = (heads < 0) | (heads >= n)
    if out_of_range.any():
        i = int(np.flatnonzero(out_of_range)[0])
        raise _fail(
            path,
            f"graph[{tails[i]}] names neighbour {heads[i]}, but there are only {n} nodes",
            "keep neighbour ids within 0..len(nodes)-1",
        )
    bad_weight = ~np.isfinite(weights) | (weights < 0)
    if bad_weight.any():
        i = int(np.flatnonzero(bad_weight)[0])
        raise _fail(
            path,
            f"graph[{tails[i]}] has weight {weights[i]!r} to {heads[i]}",
            "weights must be finite and >= 0",
        )
    return tails, heads, weights


def _parse_nodes(path: Path, nodes: list[Any], n: int) -> npt.NDArray[np.float64]:
    try:
        latlon = np.array(nodes) if n else np.empty((0, 2))
    except (ValueError, TypeError, OverflowError) as exc:
        raise _fail(
            path, f"nodes is not a list of [lat, lon] pairs ({exc})", "write nodes[i] as [lat, lon]"
        ) from exc
    if latlon.shape != (n, 2) or latlon.dtype.kind not in "iuf":
        raise _fail(
            path,
            f"nodes is not a list of [lat, lon] number pairs (array shape {latlon.shape}, "
            f"dtype {latlon.dtype})",
            "write nodes[i] as [lat, lon] in degrees",
        )
    latlon = latlon.astype(np.float64)
    bad = ~np.isfinite(latlon).all(axis=1)
    bad |= (np.abs(latlon[:, 0]) > 90) | (np.abs(latlon[:, 1]) > 360)  # noqa: PLR2004
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise _fail(
            path,
            f"nodes[{i}] = {latlon[i].tolist()} is not a valid [lat, lon]",
            "write nodes[i] as [latitude, longitude] in degrees (latitude first)",
        )
    return latlon[:, ::-1].copy()


def read_graphjson(path: str | PathLike[str]) -> CSRGraph:
    """Read an scgraph GeoGraph file into a :class:`~corridor.routing.shortest.CSRGraph`.

    Parameters
    ----------
    path
        A ``.graphjson`` file, plain or gzipped (detected from its first bytes).

    Returns
    -------
    CSRGraph
        One CSR entry per ``graph[i][j]`` with ``i != j`` (directed, as stored); weights in
        the file's units (kilometres for the scgraph data sets); ``coords`` as longitude,
        latitude. ``edge_ids`` index the non-self entries in file order.

    Raises
    ------
    NetworkFormatError
        If the file is not gzip/JSON, is not a GeoGraph, or holds an invalid entry; the
        message names the file, what is wrong and how to fix it.
        It is also raised when ``path`` does not exist, is a folder or a device, or
        cannot be read.
    InvalidArgumentError
        If ``path`` is not a path (a str or ``os.PathLike``).
    """
    file = check_path("path", path)
    data = _load_json(file)
    if not isinstance(data, dict):
        raise _fail(
            file,
            f"the top level is a {type(data).__name__}, not an object",
            'write {"type": "GeoGraph", "graph": [...], "nodes": [...]}',
        )
    kind = data.get("type", "GeoGraph")
    if kind != "GeoGraph":
        raise _fail(
            file, f'"type" is {kind!r}, not "GeoGraph"', "read it with the reader for its format"
        )
    graph, nodes = data.get("graph"), data.get("nodes")
    for name, value in (("graph", graph), ("nodes", nodes)):
        if not isinstance(value, list):
            raise _fail(
                file,
                f'"{name}" is missing or not a list',
                'a GeoGraph needs "graph" (adjacency list) and "nodes" ([lat, lon] list)',
            )
    assert isinstance(graph, list)  # noqa: S101  (narrowed above)
    assert isinstance(nodes, list)  # noqa: S101
    n = len(graph)
    if len(nodes) != n:
        raise _fail(
            file,
            f'"graph" has {n} entries but "nodes" has {len(nodes)}',
            "give one [lat, lon] per graph entry",
        )
    tails, heads, weights = _parse_adjacency(file, graph, n)
    coords = _parse_nodes(file, nodes, n)
    keep = tails != heads
    return CSRGraph.from_edges(tails[keep], heads[keep], weights[keep], n, coords=coords)


def _candidates(graph: CSRGraph, among: object) -> npt.NDArray[np.int64]:
    """The vertex ids to choose from: all, or ``among`` checked against the graph."""
    if among is None:
        return np.arange(graph.n_vertices, dtype=np.int64)
    raw = np.asarray(among) if not isinstance(among, str | bytes) else np.asarray([among])
    if raw.size and not np.issubdtype(raw.dtype, np.integer):
        raise InvalidArgumentError(
            f"among={show(among)}: use integer vertex ids (e.g. largest_component(graph))"
        )
    ids = raw.astype(np.int64).ravel()
    if ids.size == 0:
        raise InvalidArgumentError("among is empty: give at least one vertex id, or None")
    if ids.min() < 0 or ids.max() >= graph.n_vertices:
        raise InvalidArgumentError(
            f"among has a vertex id outside 0..{graph.n_vertices - 1}; use ids of the graph"
        )
    return ids


def _degrees(name: str, value: object) -> npt.NDArray[np.float64]:
    """Degrees as a float array (numbers only: a str, None or bool is refused)."""
    arr = np.asarray(value) if not isinstance(value, str | bytes) else np.asarray([value])
    if arr.dtype == np.bool_ or not (
        np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)
    ):
        raise InvalidArgumentError(f"{name}={show(value)}: use a number of degrees")
    return arr.astype(np.float64)


@overload
def nearest_vertex(
    graph: CSRGraph, lon: float, lat: float, *, among: npt.ArrayLike | None = None
) -> int: ...
@overload
def nearest_vertex(
    graph: CSRGraph,
    lon: npt.NDArray[np.floating[Any]],
    lat: npt.NDArray[np.floating[Any]],
    *,
    among: npt.ArrayLike | None = None,
) -> npt.NDArray[np.int64]: ...
def nearest_vertex(
    graph: CSRGraph,
    lon: float | npt.NDArray[np.floating[Any]],
    lat: float | npt.NDArray[np.floating[Any]],
    *,
    among: npt.ArrayLike | None = None,
) -> int | npt.NDArray[np.int64]:
    """The vertex nearest (great-circle) to a point, or to each of many points.

    Parameters
    ----------
    graph
        A graph with ``coords``.
    lon, lat
        Degrees; scalars or arrays of the same shape.
    among
        Optional vertex ids to choose from (e.g. :func:`largest_component`).

    Returns
    -------
    int or numpy.ndarray
        The vertex id (an array of ids for array input).

    Raises
    ------
    InvalidArgumentError
        If the graph has no coords; ``among`` is empty or holds anything but vertex ids of
        the graph; a ``lon`` or ``lat`` is not a number, is NaN or infinite, or a ``lat``
        is outside -90..90 (a NaN point would otherwise snap to vertex 0); or ``lon`` and
        ``lat`` differ in shape. It is a ``ValueError`` too.
    """
    check_instance("graph", graph, CSRGraph, "a CSRGraph with coords (read_graphjson)")
    unit = graph.unit_vectors
    if unit is None:
        raise InvalidArgumentError(
            "graph has no coords; build it with coords=(lon, lat) per vertex"
        )
    candidates = _candidates(graph, among)
    lon_deg, lat_deg = _degrees("lon", lon), _degrees("lat", lat)
    if lon_deg.shape != lat_deg.shape:
        raise InvalidArgumentError(
            f"lon has shape {lon_deg.shape} and lat {lat_deg.shape}: give one lat per lon"
        )
    if not (np.all(np.isfinite(lon_deg)) and np.all(np.isfinite(lat_deg))):
        raise InvalidArgumentError(
            "nearest_vertex: lon and lat must be finite numbers (degrees); got NaN or infinity"
        )
    if np.any(np.abs(lat_deg) > _MAX_LAT):
        raise InvalidArgumentError("nearest_vertex: lat must be between -90 and 90 degrees")
    lon_r = np.radians(lon_deg)
    lat_r = np.radians(lat_deg)
    points = np.stack(
        (np.cos(lat_r) * np.cos(lon_r), np.cos(lat_r) * np.sin(lon_r), np.sin(lat_r)), axis=-1
    )
    flat = points.reshape(-1, 3)
    pool = unit[candidates]
    if flat.shape[0] < _KDTREE_MIN_POINTS:
        # Largest dot product = smallest chord = smallest great-circle distance.
        best = np.argmax(pool @ flat.T, axis=0)
    else:
        from scipy.spatial import cKDTree  # noqa: PLC0415

        best = cKDTree(pool).query(flat)[1]
    ids: npt.NDArray[np.int64] = candidates[np.asarray(best, dtype=np.int64)]
    if np.ndim(lon) == 0 and np.ndim(lat) == 0:
        return int(ids[0])
    return ids.reshape(points.shape[:-1])
