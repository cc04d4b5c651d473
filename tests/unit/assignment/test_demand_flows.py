"""Per-origin and per-OD link flows carried through the engine's own steps.

The rows must add up to the reported link flows (the same equilibrium, not a second one),
each row must carry exactly its own demand, and tracking must not change the equilibrium.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor.assignment import ALGORITHMS, AssignmentProblem, LinkCostFunction, assign
from corridor.assignment.aon import LoadingGraph, TrackBy, has_numba

Braess = Callable[..., AssignmentProblem]
BACKENDS: list[Any] = [
    "scipy",
    pytest.param(
        "numba",
        marks=pytest.mark.skipif(not has_numba(), reason="numba not installed (corridor[scale])"),
    ),
]
EQUILIBRIA = [a for a in ALGORITHMS if a != "aon"]


def _grid(demand: npt.NDArray[np.float64], *, side: int = 4) -> AssignmentProblem:
    """A ``side × side`` grid, links both ways, BPR with small capacities (congested).

    Zones are the four corners and the centre-ish node ``side + 1``; ``demand`` is 5 × 5.
    """
    tail: list[int] = []
    head: list[int] = []
    for r in range(side):
        for c in range(side):
            v = r * side + c
            if c + 1 < side:
                tail += [v, v + 1]
                head += [v + 1, v]
            if r + 1 < side:
                tail += [v, v + side]
                head += [v + side, v]
    n = len(tail)
    rng = np.random.default_rng(7)
    fft = rng.uniform(1.0, 3.0, n)
    capacity = rng.uniform(20.0, 60.0, n)
    zones = [0, side - 1, side * (side - 1), side * side - 1, side + 1]
    return AssignmentProblem.create(
        tail, head, vdf=LinkCostFunction.bpr_links(fft, capacity), demand=demand, zones=zones
    )


def _demand(seed: int = 1) -> npt.NDArray[np.float64]:
    od = np.random.default_rng(seed).uniform(10.0, 80.0, (5, 5))
    np.fill_diagonal(od, 0.0)
    od[2, :] = 0.0  # a zone that sends nothing: it has no row
    return od


def _node_balance(problem: AssignmentProblem, flow: npt.NDArray[np.float64]) -> Any:
    out = np.bincount(problem.tail, weights=flow, minlength=problem.n_nodes)
    into = np.bincount(problem.head, weights=flow, minlength=problem.n_nodes)
    return out - into


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("by", ["origin", "od"])
@pytest.mark.parametrize("algorithm", EQUILIBRIA)
def test_rows_add_up_to_the_reported_link_flows(algorithm: Any, by: TrackBy, backend: Any) -> None:
    problem = _grid(_demand())
    result = assign(problem, algorithm=algorithm, gap=1e-6, max_iter=300, backend=backend, track=by)
    flows = result.demand_flows
    assert flows is not None
    assert flows.by == by
    scale = float(np.abs(result.flow).max())
    assert scale > 0
    # the same equilibrium: not a second solver's (its gap was 400x worse)
    assert np.abs(flows.total - result.flow).max() <= 1e-9 * scale
    assert flows.demand.sum() == pytest.approx(problem.total_demand, rel=1e-12)
    # each row is a flow of its own demand: out of its origin, into its destination(s)
    for row in range(flows.n_rows):
        balance = _node_balance(problem, flows.flow[row])
        origin = problem.zones[flows.origin[row]]
        assert balance[origin] == pytest.approx(flows.demand[row], rel=1e-9)
        if by == "od":
            dest = problem.zones[flows.destination[row]]
            assert balance[dest] == pytest.approx(-flows.demand[row], rel=1e-9)
            others = np.ones(problem.n_nodes, dtype=bool)
            others[[origin, dest]] = False
            assert np.abs(balance[others]).max() <= 1e-9 * flows.demand[row]
    assert flows.flow.min() >= -1e-9 * scale


@pytest.mark.parametrize("algorithm", EQUILIBRIA)
def test_tracking_does_not_change_the_equilibrium(algorithm: Any) -> None:
    problem = _grid(_demand(3))
    plain = assign(problem, algorithm=algorithm, gap=1e-6, max_iter=300, backend="scipy")
    tracked = assign(
        problem, algorithm=algorithm, gap=1e-6, max_iter=300, backend="scipy", track="od"
    )
    assert plain.demand_flows is None
    assert tracked.iterations == plain.iterations
    assert tracked.flow == pytest.approx(plain.flow, rel=1e-9, abs=1e-9)
    assert tracked.relative_gap == pytest.approx(plain.relative_gap, rel=1e-6, abs=1e-15)


def test_od_rows_sum_to_origin_rows() -> None:
    problem = _grid(_demand(5))
    by_od = assign(problem, gap=1e-7, max_iter=400, backend="scipy", track="od").demand_flows
    by_origin = assign(problem, gap=1e-7, max_iter=400, backend="scipy", track="origin")
    assert by_od is not None
    assert by_origin.demand_flows is not None
    summed = np.zeros_like(by_origin.demand_flows.flow)
    row_of = {int(o): i for i, o in enumerate(by_origin.demand_flows.origin)}
    for r in range(by_od.n_rows):
        summed[row_of[int(by_od.origin[r])]] += by_od.flow[r]
    assert summed == pytest.approx(by_origin.demand_flows.flow, rel=1e-9, abs=1e-9)
    assert set(by_origin.demand_flows.origin.tolist()) == {0, 1, 3, 4}  # zone 2 sends nothing
    assert (by_origin.demand_flows.destination == -1).all()


def test_braess_od_flow_is_the_equilibrium_path_split(braess: Braess) -> None:
    # one OD pair: its row is the link flows, 27/13 + 24/13 = 51/13 on s->a
    result = assign(braess(), algorithm="bfw", gap=1e-12, max_iter=200, track="od")
    flows = result.demand_flows
    assert flows is not None
    assert flows.n_rows == 1
    assert flows.flow[0] == pytest.approx([51 / 13, 27 / 13, 27 / 13, 51 / 13, 24 / 13], rel=1e-9)


@pytest.mark.parametrize("by", ["origin", "od"])
def test_backends_load_the_same_rows(by: TrackBy) -> None:
    if not has_numba():
        pytest.skip("numba not installed (corridor[scale])")
    problem = _grid(_demand(11))
    graph = LoadingGraph.build(problem)
    cost = problem.cost(np.full(problem.n_links, 30.0))
    flow_s, sptt_s, rows_s = graph.load_rows(cost, by, backend="scipy")
    flow_n, sptt_n, rows_n = graph.load_rows(cost, by, backend="numba")
    assert sptt_s == pytest.approx(sptt_n, rel=1e-12)
    assert rows_s == pytest.approx(rows_n, abs=1e-9)
    plain, sptt = graph.load(cost, backend="scipy")
    assert flow_s == pytest.approx(plain, abs=1e-9)
    assert flow_n == pytest.approx(plain, abs=1e-9)
    assert sptt == pytest.approx(sptt_s, rel=1e-12)


def test_select_on_links_and_frame() -> None:
    pd = pytest.importorskip("pandas")
    problem = _grid(_demand(2))
    result = assign(problem, gap=1e-6, max_iter=300, backend="scipy", track="od")
    flows = result.demand_flows
    assert flows is not None
    busiest = int(np.argmax(result.flow))
    on = flows.on([busiest])
    assert on.sum() == pytest.approx(result.flow[busiest], rel=1e-9)
    mask = np.zeros(problem.n_links, dtype=bool)
    mask[busiest] = True
    assert flows.on(mask) == pytest.approx(on)
    with pytest.raises(IndexError, match="one value per link"):
        flows.on(np.ones(3, dtype=bool))
    frame = flows.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["origin", "destination", "link", "flow"]
    assert frame["flow"].sum() == pytest.approx(result.flow.sum(), rel=1e-9)
    on_busiest = frame[frame["link"] == busiest]["flow"].sum()
    assert on_busiest == pytest.approx(result.flow[busiest], rel=1e-9)


def test_invalid_track(braess: Braess) -> None:
    with pytest.raises(ValueError, match="track"):
        assign(braess(), track="destination")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"by=.path.: use one of origin, od"):
        LoadingGraph.build(braess()).rows("path")  # type: ignore[arg-type]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cells=st.lists(st.floats(0.0, 200.0), min_size=25, max_size=25),
    algorithm=st.sampled_from(EQUILIBRIA),
)
def test_any_demand_rows_add_up(cells: list[float], algorithm: Any) -> None:
    od = np.array(cells).reshape(5, 5)
    np.fill_diagonal(od, 0.0)
    problem = _grid(od, side=3)
    result = assign(problem, algorithm=algorithm, gap=1e-5, max_iter=60, track="od")
    flows = result.demand_flows
    assert flows is not None
    assert flows.n_rows == int(np.count_nonzero(od))
    scale = max(1.0, float(np.abs(result.flow).max()))
    assert np.abs(flows.total - result.flow).max() <= 1e-9 * scale
    assert flows.demand == pytest.approx(od[od > 0])
