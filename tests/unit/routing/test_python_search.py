"""The pure-Python point-to-point search gives scipy's path, or steps aside on a tie.

``corridor compare`` runs its few searches in Python so as not to import scipy (cold start,
issue 10); its output must not change by a byte. Ties (two predecessors at the same
distance) are where two Dijkstra implementations may differ: the Python search must
detect every one on its path and return ``None`` so the caller asks scipy.
"""

from __future__ import annotations

import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.routing import shortest
from corridor.routing.shortest import CSRGraph, shortest_path

Edges = tuple[int, list[tuple[int, int, float]]]


@st.composite
def tied_graphs(draw: st.DrawFn) -> Edges:
    """Small graphs with small whole weights and zeros: many equal-length paths."""
    n = draw(st.integers(2, 14))
    vertex = st.integers(0, n - 1)
    weight = st.sampled_from([0.0, 1.0, 1.0, 2.0, 3.0, 0.5, 1.5])
    return n, draw(st.lists(st.tuples(vertex, vertex, weight), max_size=50))


def _graph(spec: Edges) -> CSRGraph:
    n, edges = spec
    return CSRGraph.from_edges(
        [e[0] for e in edges], [e[1] for e in edges], [e[2] for e in edges], n
    )


@settings(max_examples=300, deadline=None)
@given(spec=tied_graphs(), data=st.data())
def test_python_search_is_scipy_or_steps_aside(spec: Edges, data: st.DataObject) -> None:
    graph = _graph(spec)
    source = data.draw(st.integers(0, graph.n_vertices - 1), label="source")
    target = data.draw(st.integers(0, graph.n_vertices - 1).filter(lambda t: t != source))
    found = shortest._python_search(graph, source, target)
    length, path = shortest._tree_scipy(graph, source, target)
    if found is None:  # a tie on the path: scipy decides
        return
    assert found[0] == length
    assert found[1].tolist() == path.tolist()


def test_a_tie_on_the_path_steps_aside() -> None:
    # 0 -> 1 -> 3 and 0 -> 2 -> 3, both of length 2: the predecessor of 3 is a heap's choice
    graph = CSRGraph.from_edges([0, 0, 1, 2], [1, 2, 3, 3], [1.0, 1.0, 1.0, 1.0], 4)
    assert shortest._python_search(graph, 0, 3) is None
    # off the path, a tie does not matter: 0 -> 1 is unique
    length, path = shortest._python_search(graph, 0, 1) or (None, None)
    assert length == 1.0
    assert path is not None
    assert path.tolist() == [0, 1]


def test_a_tie_just_past_the_target_is_seen() -> None:
    # 2 is reached through zero-weight edges from 1 and from 3, all three at distance 1;
    # the binary heap pops 1, then the target 2, then 3: the search must scan 3 (at the
    # target's distance) after popping the target to see the tie
    graph = CSRGraph.from_edges([0, 0, 1, 3], [1, 3, 2, 2], [1.0, 1.0, 0.0, 0.0], 4)
    assert shortest._python_search(graph, 0, 2) is None
    # a tight predecessor farther away is no tie: 1 (at 1) is scanned before 4 (at 2)
    graph = CSRGraph.from_edges([0, 0, 1, 4], [1, 4, 2, 2], [1.0, 2.0, 1.0, 0.0], 5)
    length, path = shortest._python_search(graph, 0, 2) or (None, None)
    assert length == 2.0
    assert path is not None
    assert path.tolist() == [0, 1, 2]


def test_unreachable_is_infinite() -> None:
    graph = CSRGraph.from_edges([0], [1], [1.0], 3)
    length, path = shortest._python_search(graph, 0, 2) or (None, None)
    assert length == np.inf
    assert path is not None
    assert path.size == 0


def test_python_only_before_scipy_is_loaded_and_within_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    graph = CSRGraph.from_edges([0], [1], [1.0], 2)
    import scipy.sparse.csgraph  # noqa: F401, PLC0415 - loaded: scipy is used

    assert not shortest._use_python(graph)
    monkeypatch.delitem(sys.modules, "scipy.sparse.csgraph")
    monkeypatch.setattr(shortest, "_python_spent", [0])
    assert shortest._use_python(graph)
    monkeypatch.setattr(shortest, "_python_spent", [shortest._PYTHON_BUDGET])
    assert not shortest._use_python(graph)
    monkeypatch.setattr(shortest, "_python_spent", [0])
    monkeypatch.setattr(shortest, "_PYTHON_MAX_VERTICES", 1)
    assert not shortest._use_python(graph)


def test_shortest_path_gives_the_same_with_either(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(3)
    n = 300
    tail, head = rng.integers(0, n, 2000), rng.integers(0, n, 2000)
    graph = CSRGraph.from_edges(tail, head, rng.random(2000) * 100, n)
    pairs = [(int(a), int(b)) for a, b in rng.integers(0, n, (40, 2)) if a != b]
    monkeypatch.setattr(shortest, "_use_python", lambda _graph: False)
    by_scipy = [shortest_path(graph, a, b, backend="scipy") for a, b in pairs]
    monkeypatch.setattr(shortest, "_use_python", lambda _graph: True)
    by_python = [shortest_path(graph, a, b, backend="scipy") for a, b in pairs]
    for (d1, p1), (d2, p2) in zip(by_scipy, by_python, strict=True):
        assert d1 == d2
        assert p1.tolist() == p2.tolist()
