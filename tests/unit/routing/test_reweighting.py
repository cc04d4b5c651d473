"""Graphs re-weighted in place of rebuilt (alternatives) and full distance trees (Pareto bounds)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse import csgraph

from corridor import eurasia
from corridor.exceptions import InvalidArgumentError
from corridor.planning import alternatives
from corridor.routing import shortest
from corridor.routing.engine import SearchGraph, solve
from corridor.routing.route import prepare
from corridor.routing.shortest import CSRGraph, distances_from, shortest_path


@st.composite
def simple_graphs(draw: st.DrawFn) -> tuple[int, list[int], list[int], list[float], list[float]]:
    n = draw(st.integers(2, 12))
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda p: p[0] != p[1]),
            min_size=1,
            max_size=40,
            unique=True,
        )
    )
    weight = st.floats(0, 1e6, allow_nan=False)
    w1 = draw(st.lists(weight, min_size=len(pairs), max_size=len(pairs)))
    w2 = draw(st.lists(weight, min_size=len(pairs), max_size=len(pairs)))
    return n, [p[0] for p in pairs], [p[1] for p in pairs], w1, w2


@given(simple_graphs(), st.data())
@settings(max_examples=150, deadline=None)
def test_with_weights_is_from_edges_with_those_weights(
    case: tuple[int, list[int], list[int], list[float], list[float]], data: st.DataObject
) -> None:
    n, tail, head, w1, w2 = case
    first = CSRGraph.from_edges(tail, head, w1, n)
    again = first.with_weights(np.asarray(w2)[first.edge_ids])
    fresh = CSRGraph.from_edges(tail, head, w2, n)
    for name in ("indptr", "indices", "weights", "edge_ids"):
        np.testing.assert_array_equal(getattr(again, name), getattr(fresh, name))
    s = data.draw(st.integers(0, n - 1))
    t = data.draw(st.integers(0, n - 1).filter(lambda v: v != s))
    d_again, p_again = shortest_path(again, s, t)
    d_fresh, p_fresh = shortest_path(fresh, s, t)
    assert d_again == d_fresh
    np.testing.assert_array_equal(p_again, p_fresh)
    np.testing.assert_array_equal(first.weights, np.asarray(w1)[first.edge_ids])  # unchanged


def test_with_weights_refuses_what_from_edges_would_not_keep() -> None:
    g = CSRGraph.from_edges([0, 1], [1, 2], [1.0, 2.0], 3)
    for bad in ([1.0], [1.0, -1.0], [1.0, float("nan")], [1.0, float("inf")], ["a", "b"]):
        with pytest.raises(InvalidArgumentError):
            g.with_weights(bad)


@given(simple_graphs(), st.data())
@settings(max_examples=150, deadline=None)
def test_distances_from_matches_scipy_in_python_and_scipy_modes(
    case: tuple[int, list[int], list[int], list[float], list[float]],
    data: st.DataObject,
) -> None:
    n, tail, head, w1, _ = case
    g = CSRGraph.from_edges(tail, head, w1, n)
    s = data.draw(st.integers(0, n - 1))
    want = csgraph.dijkstra(g.matrix, indices=s)  # type: ignore[call-overload]
    np.testing.assert_allclose(distances_from(g, s), want, rtol=1e-12)
    python = shortest._use_python
    try:
        shortest._use_python = lambda _graph: True  # type: ignore[assignment]
        np.testing.assert_allclose(distances_from(g, s), want, rtol=1e-12)
    finally:
        shortest._use_python = python


def test_distances_from_checks_its_arguments() -> None:
    g = CSRGraph.from_edges([0], [1], [1.0], 2)
    with pytest.raises(InvalidArgumentError):
        distances_from(g, 5)
    with pytest.raises(InvalidArgumentError):
        distances_from("not a graph", 0)  # type: ignore[arg-type]


def test_a_query_reuses_its_layout_and_gets_the_same_graph() -> None:
    query = prepare(eurasia(), "Xi'an", "Duisburg")
    search: SearchGraph = query.search()
    rng = np.random.default_rng(7)
    first = search.graph(query.weights)
    assert "_layout" in search.__dict__  # the embedded network's searches have no parallels
    for _ in range(5):
        w = query.weights * rng.uniform(1.0, 5.0, query.weights.shape[0])
        reused = search.graph(w)
        fresh = CSRGraph.from_edges(
            search.tail,
            search.head,
            np.where(search.vlink >= 0, w[np.maximum(search.vlink, 0)], 0.0),
            search.n_vertices,
        )
        assert reused is not first
        for name in ("indptr", "indices", "weights", "edge_ids"):
            np.testing.assert_array_equal(getattr(reused, name), getattr(fresh, name))
        assert solve(search, w) is not None


def test_alternatives_are_the_same_with_and_without_the_reused_layout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    net = eurasia()
    got = [r.link_ids for r in alternatives(net, "Chongqing", "Istanbul", k=8)]
    original = SearchGraph.graph

    def rebuilt(self: SearchGraph, vlink_weights: np.ndarray) -> CSRGraph:
        self.__dict__.pop("_layout", None)  # never reuse: from_edges every time
        graph = original(self, vlink_weights)
        self.__dict__.pop("_layout", None)
        return graph

    monkeypatch.setattr(SearchGraph, "graph", rebuilt)
    want = [r.link_ids for r in alternatives(net, "Chongqing", "Istanbul", k=8)]
    assert got == want
    assert len(got) == 8


@given(
    st.integers(1, 9).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(
                st.tuples(
                    st.integers(0, n - 1),
                    st.integers(0, n - 1),
                    st.one_of(st.floats(0, 100, allow_nan=False), st.just(float("inf"))),
                ),
                max_size=40,
            ),
        )
    )
)
@settings(max_examples=300, deadline=None)
def test_from_edges_matches_the_three_key_sort(
    case: tuple[int, list[tuple[int, int, float]]],
) -> None:
    """Parallel edges (the lightest, then the first given), self-loops and inf dropped."""
    n, edges = case
    tail = np.array([e[0] for e in edges], dtype=np.int64)
    head = np.array([e[1] for e in edges], dtype=np.int64)
    weight = np.array([e[2] for e in edges], dtype=np.float64)
    g = CSRGraph.from_edges(tail, head, weight, n)
    keep = np.flatnonzero((tail != head) & np.isfinite(weight))
    order = keep[np.lexsort((weight[keep], head[keep], tail[keep]))]
    first = np.ones(order.shape[0], dtype=bool)
    first[1:] = (tail[order][1:] != tail[order][:-1]) | (head[order][1:] != head[order][:-1])
    order = order[first]
    np.testing.assert_array_equal(g.edge_ids, order)
    np.testing.assert_array_equal(g.indices, head[order])
    np.testing.assert_array_equal(g.weights, weight[order])
    np.testing.assert_array_equal(np.diff(g.indptr), np.bincount(tail[order], minlength=n))
