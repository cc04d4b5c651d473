from __future__ import annotations

import itertools
import math
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.routing.shortest import (
    Backend,
    CSRGraph,
    distance_matrix,
    has_numba,
    largest_component,
    path_edges,
    shortest_path,
    shortest_path_tree,
)

BACKENDS: list[Any] = [
    "scipy",
    pytest.param(
        "numba", marks=pytest.mark.skipif(not has_numba(), reason="numba is not installed")
    ),
]

ALL_BACKENDS: tuple[Backend, ...] = ("scipy", "numba") if has_numba() else ("scipy",)

EdgeList = tuple[int, list[tuple[int, int, float]], npt.NDArray[np.float64] | None]


@st.composite
def graphs(draw: st.DrawFn) -> EdgeList:
    """Random directed multigraphs: zero weights, parallel edges, self-loops, coords."""
    n = draw(st.integers(1, 12))
    vertex = st.integers(0, n - 1)
    weight = st.one_of(st.just(0.0), st.floats(0.0, 100.0), st.integers(0, 5).map(float))
    edges = draw(st.lists(st.tuples(vertex, vertex, weight), max_size=40))
    coords = None
    if draw(st.booleans()):
        lon = draw(st.lists(st.floats(-20, 20), min_size=n, max_size=n))
        lat = draw(st.lists(st.floats(-20, 20), min_size=n, max_size=n))
        coords = np.column_stack((lon, lat))
    return n, edges, coords


def build(spec: EdgeList) -> tuple[CSRGraph, nx.DiGraph]:
    n, edges, coords = spec
    tail = np.array([e[0] for e in edges], dtype=np.int64)
    head = np.array([e[1] for e in edges], dtype=np.int64)
    weight = np.array([e[2] for e in edges], dtype=np.float64)
    graph = CSRGraph.from_edges(tail, head, weight, n, coords=coords)
    ref = nx.DiGraph()
    ref.add_nodes_from(range(n))
    for a, b, w in edges:
        if a != b and (not ref.has_edge(a, b) or ref[a][b]["weight"] > w):
            ref.add_edge(a, b, weight=w)
    return graph, ref


def path_weight(ref: nx.DiGraph, path: npt.NDArray[np.int64]) -> float:
    return math.fsum(ref[int(a)][int(b)]["weight"] for a, b in itertools.pairwise(path))


@pytest.mark.parametrize("backend", BACKENDS)
@settings(max_examples=150, deadline=None)
@given(spec=graphs(), data=st.data())
def test_shortest_path_matches_networkx(
    spec: EdgeList, data: st.DataObject, backend: Backend
) -> None:
    graph, ref = build(spec)
    s = data.draw(st.integers(0, spec[0] - 1))
    t = data.draw(st.integers(0, spec[0] - 1))
    dist, path = shortest_path(graph, s, t, backend=backend)
    try:
        want = nx.dijkstra_path_length(ref, s, t)
    except nx.NetworkXNoPath:
        assert dist == math.inf
        assert path.shape == (0,)
        return
    assert dist == pytest.approx(want, rel=1e-9, abs=1e-12)
    assert path[0] == s
    assert path[-1] == t
    assert path_weight(ref, path) == pytest.approx(want, rel=1e-9, abs=1e-12)
    edge_ids = path_edges(graph, path)
    _, edges, _ = spec
    assert [edges[i][:2] for i in edge_ids] == list(
        zip(path[:-1].tolist(), path[1:].tolist(), strict=True)
    )
    # the lightest of parallel edges is the one reported
    assert all(edges[i][2] == ref[edges[i][0]][edges[i][1]]["weight"] for i in edge_ids)


@pytest.mark.parametrize("backend", BACKENDS)
@settings(max_examples=100, deadline=None)
@given(spec=graphs(), data=st.data())
def test_distance_matrix_matches_networkx(
    spec: EdgeList, data: st.DataObject, backend: Backend
) -> None:
    graph, ref = build(spec)
    vertex = st.integers(0, spec[0] - 1)
    sources = data.draw(st.lists(vertex, max_size=6))
    targets = data.draw(st.lists(vertex, max_size=6))
    got = distance_matrix(graph, sources, targets, backend=backend)
    assert got.shape == (len(sources), len(targets))
    for i, s in enumerate(sources):
        lengths = nx.single_source_dijkstra_path_length(ref, s)
        want = [lengths.get(t, math.inf) for t in targets]
        np.testing.assert_allclose(got[i], want, rtol=1e-9, atol=1e-12)


@settings(max_examples=100, deadline=None)
@given(spec=graphs(), data=st.data())
def test_tree_matches_networkx(spec: EdgeList, data: st.DataObject) -> None:
    graph, ref = build(spec)
    s = data.draw(st.integers(0, spec[0] - 1))
    dist, pred = shortest_path_tree(graph, s)
    lengths = nx.single_source_dijkstra_path_length(ref, s)
    want = [lengths.get(v, math.inf) for v in range(spec[0])]
    np.testing.assert_allclose(dist, want, rtol=1e-9, atol=1e-12)
    assert pred[s] == -1
    for v in np.flatnonzero(np.isfinite(dist)):
        if v != s:
            u = int(pred[v])
            assert dist[v] == pytest.approx(dist[u] + ref[u][int(v)]["weight"], abs=1e-9)
    assert np.all(pred[~np.isfinite(dist)] == -1)


def test_zero_weight_chain_is_an_edge() -> None:
    graph = CSRGraph.from_edges([0, 1, 0], [1, 2, 2], [0.0, 0.0, 1.0], 3)
    for backend in ALL_BACKENDS:
        dist, path = shortest_path(graph, 0, 2, backend=backend)
        assert dist == 0.0
        assert path.tolist() == [0, 1, 2]
    assert largest_component(graph).tolist() == [0, 1, 2]


def test_parallel_edges_keep_the_lightest() -> None:
    graph = CSRGraph.from_edges([0, 0, 0], [1, 1, 1], [3.0, 1.0, 2.0], 2)
    assert graph.n_edges == 1
    assert graph.edge_ids.tolist() == [1]
    assert path_edges(graph, [0, 1]).tolist() == [1]


@pytest.mark.parametrize("bad", [-1.0, math.nan])
def test_invalid_weights_raise(bad: float) -> None:
    with pytest.raises(ValueError, match="weight"):
        CSRGraph.from_edges([0, 1], [1, 0], [1.0, bad], 2)


def test_infinite_weight_is_dropped() -> None:
    graph = CSRGraph.from_edges([0], [1], [math.inf], 2)
    assert shortest_path(graph, 0, 1)[0] == math.inf


@pytest.mark.parametrize(
    ("tail", "head", "n", "match"),
    [([0], [2], 2, "head"), ([-1], [0], 2, "tail"), ([0, 1], [1], 2, "differ")],
)
def test_invalid_edges_raise(tail: list[int], head: list[int], n: int, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        CSRGraph.from_edges(tail, head, np.ones(len(tail)), n)


def test_bad_vertex_and_path_raise() -> None:
    graph = CSRGraph.from_edges([0], [1], [1.0], 3)
    with pytest.raises(ValueError, match="target=3"):
        shortest_path(graph, 0, 3)
    with pytest.raises(ValueError, match="no edge 1 -> 2"):
        path_edges(graph, [0, 1, 2])
    with pytest.raises(ValueError, match="backend"):
        shortest_path(graph, 0, 1, backend="fast")  # type: ignore[arg-type]


def test_great_circle_bound_is_admissible() -> None:
    # 1 degree of longitude on the equator ~ 111.2 km; weights are km-like.
    coords = np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 0.0], [1.0, 1.0]])
    graph = CSRGraph.from_edges(
        [0, 1, 0, 3], [1, 2, 3, 2], [111.3, 111.3, 157.5, 157.5], 4, coords=coords
    )
    assert 0 < graph.bound_scale <= 111.3 / np.radians(1.0) * 1.0001
    for backend in ALL_BACKENDS:
        dist, path = shortest_path(graph, 0, 2, backend=backend)
        assert dist == pytest.approx(222.6)
        assert path.tolist() == [0, 1, 2]
