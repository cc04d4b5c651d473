"""The compiled all-or-nothing kernel on several threads gives scipy's flows."""

from __future__ import annotations

import numpy as np
import pytest

from corridor.assignment import AssignmentProblem, LinkCostFunction, LoadingGraph
from corridor.assignment.aon import has_numba

pytestmark = pytest.mark.skipif(not has_numba(), reason="numba is not installed")


def _grid(
    side: int, n_zones: int, seed: int, *, block: bool = False
) -> tuple[AssignmentProblem, np.random.Generator]:
    """A two-way grid of ``side`` x ``side`` nodes, zones on random nodes, sparse demand.

    With ``block``, zones are path ends only: their destination copies are dead ends,
    most of them no destination of a given origin.
    """
    ids = np.arange(side * side).reshape(side, side)
    pairs = [(ids[:, :-1], ids[:, 1:]), (ids[:-1, :], ids[1:, :])]
    tail = np.concatenate([np.concatenate([a.ravel(), b.ravel()]) for a, b in pairs])
    head = np.concatenate([np.concatenate([b.ravel(), a.ravel()]) for a, b in pairs])
    rng = np.random.default_rng(seed)
    demand = rng.integers(0, 4, size=(n_zones, n_zones)).astype(float)
    demand[rng.random((n_zones, n_zones)) < 0.7] = 0.0  # most pairs without demand
    demand[0, :] = 0.0  # an origin without demand
    demand[:, 1] = 0.0  # a destination without demand
    m = tail.shape[0]
    vdf = LinkCostFunction.bpr_links(np.ones(m), np.ones(m))
    zones = rng.permutation(side * side)[:n_zones]
    problem = AssignmentProblem.create(
        tail,
        head,
        vdf=vdf,
        demand=demand,
        n_nodes=side * side,
        zones=zones,
        block_zone_transit=block,
    )
    return problem, rng


@pytest.mark.parametrize("block", [False, True])
@pytest.mark.parametrize("threads", ["1", "2", "3"])
def test_threads_give_the_same_flows(
    threads: str, block: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CORRIDOR_THREADS", threads)
    problem, rng = _grid(40, 70, seed=int(threads), block=block)
    graph = LoadingGraph.build(problem)
    for _ in range(3):  # new costs each time: the kernel's scratch must start clean
        cost = rng.uniform(0.5, 2.0, problem.n_links) + np.arange(problem.n_links) * 1e-9
        flows, sptt = graph.load(cost, backend="numba")
        expected, expected_sptt = graph.load(cost, backend="scipy")
        np.testing.assert_allclose(flows, expected, rtol=1e-12, atol=1e-9)
        assert sptt == pytest.approx(expected_sptt, rel=1e-12)
