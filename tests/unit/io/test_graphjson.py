from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor.exceptions import CorridorError, InvalidArgumentError, NetworkFormatError
from corridor.io.graphjson import nearest_vertex, read_graphjson
from corridor.routing.shortest import largest_component, shortest_path

TINY: dict[str, Any] = {
    "type": "GeoGraph",
    "graph": [{"0": 0.0, "1": 2.5}, {"0": 2.5, "2": 1.0}, {"1": 1.0}, {}],
    "nodes": [[10.0, 20.0], [10.0, 21.0], [11.0, 21.0], [50.0, 50.0]],
    "geograph_units": "km",
}


def write(path: Path, data: Any, *, compress: bool) -> Path:
    raw = (data if isinstance(data, str) else json.dumps(data)).encode()
    path.write_bytes(gzip.compress(raw) if compress else raw)
    return path


@pytest.mark.parametrize("compress", [False, True])
def test_reads_tiny_graph(tmp_path: Path, compress: bool) -> None:
    graph = read_graphjson(write(tmp_path / "tiny.graphjson", TINY, compress=compress))
    assert graph.n_vertices == 4
    assert graph.n_edges == 4  # the self-entry {0: 0.0} is skipped
    assert graph.coords is not None
    assert graph.coords[1].tolist() == [21.0, 10.0]  # lon, lat
    dist, path = shortest_path(graph, 0, 2)
    assert dist == pytest.approx(3.5)
    assert path.tolist() == [0, 1, 2]
    assert shortest_path(graph, 0, 3)[0] == np.inf
    assert nearest_vertex(graph, 20.9, 10.8) == 2
    assert nearest_vertex(graph, np.array([20.1, 49.0]), np.array([10.0, 49.0])).tolist() == [0, 3]
    assert nearest_vertex(graph, 49.0, 49.0, among=[0, 1, 2]) == 2


@pytest.mark.parametrize(
    ("content", "match"),
    [
        ("not json", "not valid JSON"),
        ("[1, 2]", "top level is a list"),
        ('{"type": "Other", "graph": [], "nodes": []}', '"type" is'),
        ('{"graph": [], "nodes": 3}', '"nodes" is missing or not a list'),
        ('{"graph": [{}], "nodes": []}', '"graph" has 1 entries but "nodes" has 0'),
        ('{"graph": [[1]], "nodes": [[0, 0]]}', r"graph\[0\] is a list"),
        ('{"graph": [{"x": 1}], "nodes": [[0, 0]]}', "not an integer"),
        ('{"graph": [{"5": 1}], "nodes": [[0, 0]]}', "names neighbour 5"),
        ('{"graph": [{"0": "a"}], "nodes": [[0, 0]]}', "is a str, not a number"),
        ('{"graph": [{"0": -1}], "nodes": [[0, 0]]}', "weights must be finite"),
        ('{"graph": [{}], "nodes": [[0]]}', "lat, lon"),
        ('{"graph": [{}], "nodes": [[95, 0]]}', "latitude first"),
    ],
)
def test_malformed_files_raise(tmp_path: Path, content: str, match: str) -> None:
    path = write(tmp_path / "bad.graphjson", content, compress=False)
    with pytest.raises(NetworkFormatError, match=match) as info:
        read_graphjson(path)
    assert str(path) in str(info.value)
    assert "fix:" in str(info.value)


def test_broken_gzip_raises(tmp_path: Path) -> None:
    path = tmp_path / "bad.graphjson.gz"
    path.write_bytes(gzip.compress(b'{"graph": []}')[:12])
    with pytest.raises(NetworkFormatError, match="gzip"):
        read_graphjson(path)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=4)
    ),
    max_leaves=12,
)
documents = st.fixed_dictionaries(
    {},
    optional={
        "type": st.sampled_from(["GeoGraph", "x"]) | json_values,
        "graph": st.lists(
            st.dictionaries(
                st.integers(-2, 4).map(str) | st.text(max_size=2), json_values, max_size=3
            )
            | json_values,
            max_size=4,
        ),
        "nodes": st.lists(
            st.lists(st.floats() | st.integers(-200, 200) | json_values, max_size=3), max_size=4
        ),
    },
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    payload=documents.map(lambda d: json.dumps(d).encode())
    | st.binary(max_size=64)
    | st.binary(max_size=64).map(lambda b: gzip.compress(b)[: len(b)])
)
def test_garbage_raises_only_format_errors(tmp_path: Path, payload: bytes) -> None:
    path = tmp_path / "garbage.graphjson"
    path.write_bytes(payload)
    try:
        graph = read_graphjson(path)
    except NetworkFormatError as exc:
        assert str(path) in str(exc)
    else:
        assert graph.n_vertices >= 0


def test_world_railways_facts(shared_data: Path) -> None:
    graph = read_graphjson(shared_data / "scgraph" / "world_railways.graphjson.gz")
    assert graph.n_vertices == 274_974
    big = largest_component(graph)
    assert big.size == 163_140
    xian = nearest_vertex(graph, 108.94, 34.34, among=big)
    duisburg = nearest_vertex(graph, 6.76, 51.43, among=big)
    dist, path = shortest_path(graph, xian, duisburg)
    assert dist == pytest.approx(9_393, rel=0.005)
    assert path[0] == xian
    assert path[-1] == duisburg


@pytest.mark.parametrize(
    ("lon", "lat"),
    [
        (np.nan, np.nan),
        (20.0, np.nan),
        (np.inf, 10.0),
        (np.array([20.0, np.nan]), np.array([10.0, 10.0])),
        (20.0, 91.0),
    ],
)
def test_nearest_vertex_refuses_non_finite_points(tmp_path: Path, lon: Any, lat: Any) -> None:
    """A NaN point used to snap silently to vertex 0."""
    graph = read_graphjson(write(tmp_path / "tiny.graphjson", TINY, compress=False))
    with pytest.raises(InvalidArgumentError, match=r"nearest_vertex: (lon and )?lat") as info:
        nearest_vertex(graph, lon, lat)
    assert isinstance(info.value, CorridorError)
    assert isinstance(info.value, ValueError)


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lon=st.floats(-180, 180),
    lat=st.floats(-90, 90),
)
def test_nearest_vertex_is_the_closest_by_great_circle(
    tmp_path: Path, lon: float, lat: float
) -> None:
    graph = read_graphjson(write(tmp_path / "tiny.graphjson", TINY, compress=False))
    assert graph.coords is not None
    got = nearest_vertex(graph, lon, lat)
    lat_r, lon_r = np.radians(lat), np.radians(lon)
    v_lon, v_lat = np.radians(graph.coords[:, 0]), np.radians(graph.coords[:, 1])
    cos_d = np.sin(lat_r) * np.sin(v_lat) + np.cos(lat_r) * np.cos(v_lat) * np.cos(v_lon - lon_r)
    assert cos_d[got] >= cos_d.max() - 1e-12
