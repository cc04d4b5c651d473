"""Equilibrium assignment against the best-known solutions of the TNTP networks.

Data: Transportation Networks for Research Core Team, *Transportation Networks for
Research*, https://github.com/bstabler/TransportationNetworks (academic research only; read
from ``../shared/data``, never copied here). Best-known objectives are from the data set's
README (see ``../shared/data/SOURCES.md``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pytest

from corridor.assignment import AssignmentProblem, TrackBy, assign
from corridor.io.tntp import TntpNetwork, read_tntp

#: (name, prefix, toll factor, distance factor, relative gap to reach, best-known objective
#: in the README's units, scale of those units, max |flow - best| / max best flow).
CASES = [
    # SiouxFalls's README objective is in units of 1e5 (veh·min).
    ("SiouxFalls", "tntp/SiouxFalls/SiouxFalls", 0.0, 0.0, 1e-6, 42.31335287107440, 1e-5, 5e-4),
    # Anaheim's README gives no objective: the reference is that of the best-known flows
    # (average excess cost < 1e-15), computed in the test.
    ("Anaheim", "tntp/Anaheim/Anaheim", 0.0, 0.0, 1e-6, None, 1.0, 1e-2),
    # Chicago-Sketch: generalised cost time + 0.02 min/cent toll + 0.04 min/mile.
    (
        "Chicago-Sketch",
        "tntp/Chicago-Sketch/ChicagoSketch",
        0.02,
        0.04,
        1e-5,
        17_313_018.7387477,
        1.0,
        5e-3,
    ),
]


@cache
def _load(
    root: str, prefix: str, toll: float, distance: float
) -> tuple[TntpNetwork, AssignmentProblem]:
    network = read_tntp(Path(root) / prefix)
    return network, network.to_problem(toll_factor=toll, distance_factor=distance)


@pytest.mark.parametrize(
    ("name", "prefix", "toll", "distance", "gap", "best", "scale", "flow_tol"),
    CASES,
    ids=[c[0] for c in CASES],
)
def test_bfw_reaches_best_known_equilibrium(
    shared_data: Path,
    name: str,
    prefix: str,
    toll: float,
    distance: float,
    gap: float,
    best: float | None,
    scale: float,
    flow_tol: float,
) -> None:
    network, problem = _load(str(shared_data), prefix, toll, distance)
    assert network.flow is not None
    best_flow, best_cost = network.flow.aligned(network.net)
    reference = problem.objective(best_flow) * scale if best is None else best
    # The best-known flows reproduce the README objective and the listed costs.
    assert problem.objective(best_flow) * scale == pytest.approx(reference, rel=1e-9)
    np.testing.assert_allclose(problem.cost(best_flow), best_cost, rtol=1e-8, atol=1e-9)

    result = assign(problem, algorithm="bfw", gap=gap, max_iter=3000)
    assert result.converged, f"{name}: gap {result.relative_gap:.2e} after {result.iterations}"
    assert result.relative_gap <= gap
    error = (result.objective * scale - reference) / reference
    # The Beckmann objective is minimal at equilibrium: ours can only be above the best.
    assert -1e-9 <= error <= 1e-5, f"{name}: relative objective error {error:.2e}"
    deviation = np.abs(result.flow - best_flow).max() / best_flow.max()
    assert deviation <= flow_tol, f"{name}: max flow deviation {deviation:.2e} of max flow"
    assert np.abs(result.flow - best_flow).sum() / best_flow.sum() <= flow_tol / 2


def test_gap_falls_and_bfw_beats_fw(shared_data: Path) -> None:
    _, problem = _load(str(shared_data), "tntp/SiouxFalls/SiouxFalls", 0.0, 0.0)
    target = 1e-4
    runs = {
        algorithm: assign(problem, algorithm=algorithm, gap=target, max_iter=3000)
        for algorithm in ("fw", "cfw", "bfw")
    }
    iterations = {a: r.report.iterations_to(target) for a, r in runs.items()}
    assert all(k is not None for k in iterations.values()), iterations
    assert iterations["bfw"] < iterations["cfw"] < iterations["fw"], iterations  # type: ignore[operator]
    assert iterations["bfw"] * 3 < iterations["fw"], iterations  # type: ignore[operator]
    for result in runs.values():
        gaps = result.report.relative_gap
        assert gaps[-1] < gaps[0] / 1000
        # Allowing for wiggles (conjugate directions) and plateaus (FW), the gap keeps falling.
        best = np.minimum.accumulate(gaps)
        n = best.shape[0]
        assert best[-1] < best[n // 2] < best[n // 10] < best[0]


def test_chicago_zero_free_flow_connectors_and_scipy_path(shared_data: Path) -> None:
    network, problem = _load(str(shared_data), "tntp/Chicago-Sketch/ChicagoSketch", 0.02, 0.04)
    assert np.sum(network.net.free_flow_time == 0) > 700  # connectors, used as they are
    fast = assign(problem, gap=1e-3)
    scipy = assign(problem, gap=1e-3, backend="scipy")
    assert scipy.iterations == fast.iterations
    np.testing.assert_allclose(scipy.flow, fast.flow, rtol=1e-7, atol=1e-6)


@pytest.mark.parametrize("by", ["origin", "od"])
def test_siouxfalls_tracked_rows_are_the_reported_equilibrium(
    shared_data: Path, by: TrackBy
) -> None:
    _, problem = _load(str(shared_data), "tntp/SiouxFalls/SiouxFalls", 0.0, 0.0)
    plain = assign(problem, algorithm="bfw", gap=1e-5, backend="scipy")
    tracked = assign(problem, algorithm="bfw", gap=1e-5, backend="scipy", track=by)
    flows = tracked.demand_flows
    assert flows is not None
    assert tracked.iterations == plain.iterations
    assert tracked.flow == pytest.approx(plain.flow, rel=1e-9)
    assert np.abs(flows.total - tracked.flow).max() <= 1e-9 * tracked.flow.max()
    assert flows.n_rows == (24 if by == "origin" else int(np.count_nonzero(problem.demand)))
    assert flows.demand.sum() == pytest.approx(problem.total_demand)
    # each origin's flow leaves its zone: out-flow at the origin node equals its demand
    out = np.array(
        [np.bincount(problem.tail, weights=row, minlength=problem.n_nodes) for row in flows.flow]
    )
    into = np.array(
        [np.bincount(problem.head, weights=row, minlength=problem.n_nodes) for row in flows.flow]
    )
    origin_nodes = problem.zones[flows.origin]
    rows = np.arange(flows.n_rows)
    net_out = out[rows, origin_nodes] - into[rows, origin_nodes]
    assert net_out == pytest.approx(flows.demand, rel=1e-9)
