"""Algorithm B's shortest-path search: chain vertices skipped, distances unchanged."""

from __future__ import annotations

import itertools

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor.assignment import AssignmentProblem, LinkCostFunction, LoadingGraph
from corridor.assignment import aon as aon_module
from corridor.assignment import bush as bush_module
from corridor.exceptions import NoRouteError

FloatArray = npt.NDArray[np.float64]


def _street(tail: list[int], head: list[int], n_zones: int, od: FloatArray) -> AssignmentProblem:
    n = len(tail)
    vdf = LinkCostFunction.bpr_links(np.ones(n), np.full(n, 10.0))
    return AssignmentProblem.create(
        tail, head, vdf=vdf, demand=od, zones=list(range(n_zones)), block_zone_transit=True
    )


def test_chain_vertices_are_skipped() -> None:
    # Zones 0 and 1; a two-way street 0-2-3-1 and a one-way detour 2→4→5→3.
    tail = [0, 2, 2, 3, 3, 1, 2, 4, 5]
    head = [2, 0, 3, 2, 1, 3, 4, 5, 3]
    od = np.array([[0.0, 5.0], [3.0, 0.0]])
    problem = _street(tail, head, 2, od)
    graph = LoadingGraph.build(problem)
    interior = aon_module._interior(graph)
    # 4 and 5 are one-way chain vertices; 2 and 3 have three neighbours; zones stay.
    assert np.flatnonzero(interior).tolist() == [4, 5]
    state = bush_module._BushState(problem, graph)
    ptr, tails, heads, chain_ptr, chain = state.shortcuts
    assert ptr.shape == (graph.graph.n_vertices + 1,)
    # Every entry is in exactly one shortcut; the detour 2→4→5→3 is one shortcut.
    assert sorted(chain.tolist()) == list(range(graph.graph.indices.shape[0]))
    lengths = np.diff(chain_ptr)
    assert lengths.max() == 3
    detour = int(np.argmax(lengths))
    assert (int(tails[detour]), int(heads[detour])) == (2, 3)
    assert graph.graph.tails[chain[chain_ptr[detour]]] == 2


@st.composite
def _chained_grids(draw: st.DrawFn) -> tuple[AssignmentProblem, FloatArray]:
    """Grids whose streets are cut into chains of 0-3 vertices, one-way or both ways."""
    side = draw(st.integers(2, 4))
    rng = np.random.default_rng(draw(st.integers(0, 2**31 - 1)))
    n_zones = side * side
    tail: list[int] = []
    head: list[int] = []
    n = n_zones
    for r in range(side):
        for c in range(side):
            v = r * side + c
            for w in ([v + 1] if c + 1 < side else []) + ([v + side] if r + 1 < side else []):
                cuts = int(rng.integers(0, 4))
                path = [v, *range(n, n + cuts), w]
                n += cuts
                ways = rng.choice(3, p=[0.1, 0.1, 0.8])  # 0: forward, 1: backward, 2: both
                for a, b in itertools.pairwise(path):
                    if ways != 1:
                        tail.append(a)
                        head.append(b)
                    if ways != 0:
                        tail.append(b)
                        head.append(a)
    # Zones joined both ways to their grid node through a connector vertex.
    tail += list(range(n_zones))
    head += list(range(n, n + n_zones))
    tail += list(range(n, n + n_zones))
    head += list(range(n_zones))
    n_links = len(tail)
    vdf = LinkCostFunction.bpr_links(np.ones(n_links), np.full(n_links, 10.0))
    od = rng.uniform(0.0, 5.0, (n_zones, n_zones)) * (rng.random((n_zones, n_zones)) < 0.5)
    np.fill_diagonal(od, 0.0)
    od[0, n_zones - 1] = 1.0
    # Zones at the connector vertices (grid nodes become plain, passable nodes).
    problem = AssignmentProblem.create(
        tail,
        head,
        vdf=vdf,
        demand=od,
        zones=list(range(n, n + n_zones)),
        block_zone_transit=True,
    )
    zero = rng.random(n_links) < 0.2
    cost = np.where(zero, 0.0, rng.uniform(0.1, 5.0, n_links))
    return problem, cost


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=_chained_grids())
def test_search_matches_all_or_nothing(case: tuple[AssignmentProblem, FloatArray]) -> None:
    problem, cost = case
    graph = LoadingGraph.build(problem)
    state = bush_module._BushState(problem, graph)
    sptt, missing = state.shortest_paths(cost)
    if missing:  # one-way streets may cut some pairs off: the loading says so too
        with pytest.raises(NoRouteError):
            graph.load(cost, backend="scipy")
        return
    _, reference = graph.load(cost, backend="scipy")
    assert abs(sptt - reference) <= 1e-12 * reference
    g = graph.graph
    weights = graph.weights(cost)
    dist = np.full(g.n_vertices, np.inf)
    for o, source in enumerate(state.sources):
        # The paths come in topological order: each tail is the source or an earlier head,
        # and they reach every destination with demand at its shortest distance.
        dist[:] = np.inf
        dist[source] = 0.0
        for k in state.tree[o, : state.n_tree[o]]:
            assert np.isfinite(dist[g.tails[k]])
            assert not np.isfinite(dist[g.indices[k]])
            dist[g.indices[k]] = dist[g.tails[k]] + weights[k]
        lo, hi = state.demand_ptr[o], state.demand_ptr[o + 1]
        assert np.all(np.isfinite(dist[state.demand_vertex[lo:hi]]))
    # Loading the demand on these paths costs the SPTT.
    state.start()
    assert abs(float(state.link_flow @ cost) - sptt) <= 1e-9 * max(1.0, sptt)
