"""Traffic assignment: corridor against AequilibraE, time to a relative gap.

Both solve the same TNTP networks (BPR links; Chicago-Sketch with generalised cost
``0.02 · toll + 0.04 · length``) with bi-conjugate Frank-Wolfe. The gap of every result is
measured the same way, by corridor: ``(TSTT − SPTT) / TSTT`` at the returned flows, with SPTT
from an all-or-nothing loading at their costs. AequilibraE's own stopping gap mixes the
costs of one iterate with the flows of the next, so it is run with its target tightened
(×1, ×1/2, ×1/4, ...) until the measured gap of its flows reaches the goal; the time of
that run is reported.

Run::

    .venv/bin/python benchmarks/bench_assignment.py --data ../shared/data --repeat 3
    .venv/bin/python benchmarks/bench_assignment.py --networks Berlin-Center --repeat 3

A network whose files are absent from ``--data`` is skipped with a line saying so.
Berlin-Center (865 zones, 12,981 nodes, 28,376 links) runs BFW with numba only: the scipy
path needs over 100 s to 1e-4 there (issue 10).
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from corridor.assignment import (
    Algorithm,
    AONBackend,
    AssignmentProblem,
    LoadingGraph,
    assign,
    relative_gap,
)
from corridor.io.tntp import TntpNetwork, read_tntp

FloatArray = npt.NDArray[np.float64]
#: Replaces zero free-flow times for AequilibraE only (minutes): its cost effect is far below
#: the gaps measured.
_AEQ_MIN_FFT = 1e-8


@dataclass(frozen=True)
class Case:
    """One network of the benchmark and what runs on it."""

    name: str
    prefix: str
    toll_factor: float
    distance_factor: float
    #: Targets of bi-conjugate Frank-Wolfe (corridor and AequilibraE).
    targets: tuple[float, ...]
    #: Targets of corridor's bush-based Algorithm B (``algorithm="algb"``).
    algb_targets: tuple[float, ...]
    #: corridor's shortest-path backends for BFW.
    backends: tuple[AONBackend, ...] = ("numba", "scipy")


CASES: tuple[Case, ...] = (
    Case("SiouxFalls", "tntp/SiouxFalls/SiouxFalls", 0.0, 0.0, (1e-4, 1e-5, 1e-6), (1e-6, 1e-8)),
    Case(
        "Chicago-Sketch",
        "tntp/Chicago-Sketch/ChicagoSketch",
        0.02,
        0.04,
        (1e-4, 1e-5),
        (1e-6, 1e-8),
    ),
    Case(
        "Berlin-Center",
        "tntp/Berlin-Center/berlin-center",
        0.0,
        0.0,
        (1e-4, 1e-5),
        (1e-6,),
        ("numba",),
    ),
)


def _present(data: Path, prefix: str) -> bool:
    """Whether the TNTP network file of ``prefix`` (plain or gzipped) is under ``data``."""
    stem = data / prefix
    return any((stem.parent / f"{stem.name}_net.tntp{ext}").is_file() for ext in ("", ".gz"))


@dataclass(frozen=True)
class Timing:
    tool: str
    network: str
    target: float
    seconds: float
    iterations: int
    measured_gap: float
    objective: float
    note: str = ""


def measured_gap(problem: AssignmentProblem, flow: FloatArray) -> float:
    cost = problem.cost(flow)
    _, sptt = LoadingGraph.build(problem).load(cost)
    return relative_gap(flow, cost, sptt)


def run_corridor(
    name: str,
    problem: AssignmentProblem,
    target: float,
    repeat: int,
    backend: AONBackend = "numba",
    *,
    algorithm: Algorithm = "bfw",
) -> Timing:
    # warm-up: JIT from the on-disk cache
    assign(problem, algorithm=algorithm, gap=1e-2, backend=backend)
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = assign(problem, algorithm=algorithm, gap=target, max_iter=20_000, backend=backend)
        times.append(time.perf_counter() - start)
    assert result is not None
    return Timing(
        f"corridor ({algorithm}, {backend})",
        name,
        target,
        statistics.median(times),
        result.iterations,
        measured_gap(problem, result.flow),
        problem.objective(result.flow),
    )


def aon_milliseconds(problem: AssignmentProblem, repeat: int) -> float:
    """Median time of one all-or-nothing loading (numba), graph built once.

    The costs are those at the free-flow all-or-nothing flows (a congested state, the same
    for every run).
    """
    graph = LoadingGraph.build(problem)
    flow, _ = graph.load(problem.cost(np.zeros(problem.n_links)), backend="numba")
    cost = problem.cost(flow)
    graph.load(cost, backend="numba")  # warm-up
    times = []
    for _ in range(max(5, repeat)):
        start = time.perf_counter()
        graph.load(cost, backend="numba")
        times.append(time.perf_counter() - start)
    return 1e3 * statistics.median(times)


def _aequilibrae_setup(network: TntpNetwork, problem: AssignmentProblem) -> dict[str, Any]:
    import pandas as pd  # noqa: PLC0415
    from aequilibrae.matrix import AequilibraeMatrix  # noqa: PLC0415
    from aequilibrae.paths import Graph  # noqa: PLC0415

    net = network.net
    n_zones = net.n_zones
    links = pd.DataFrame(
        {
            "link_id": np.arange(1, net.n_links + 1),
            "a_node": net.init_node,
            "b_node": net.term_node,
            "direction": np.ones(net.n_links, dtype=np.int8),
            # AequilibraE rejects zero free-flow times (Chicago-Sketch's connectors).
            "free_flow_time": np.maximum(net.free_flow_time, _AEQ_MIN_FFT),
            "capacity": net.capacity,
            "b": net.b,
            "power": net.power,
            "fixed_cost": problem.fixed_cost,
        }
    )
    graph = Graph()
    graph.network = links
    graph.prepare_graph(np.arange(1, n_zones + 1))
    graph.set_graph("free_flow_time")
    graph.set_skimming([])
    graph.set_blocked_centroid_flows(net.first_thru_node > 1)
    matrix = AequilibraeMatrix()
    matrix.create_empty(zones=n_zones, matrix_names=["demand"], memory_only=True)
    matrix.index = np.arange(1, n_zones + 1)
    matrix.matrices[:, :, 0] = network.trips.demand
    matrix.computational_view(["demand"])
    return {"graph": graph, "matrix": matrix, "fixed": bool(np.any(problem.fixed_cost))}


def _aequilibrae_once(
    setup: dict[str, Any], target: float, cores: int
) -> tuple[float, int, FloatArray, float]:
    from aequilibrae.paths import TrafficAssignment, TrafficClass  # noqa: PLC0415

    tc = TrafficClass("car", setup["graph"], setup["matrix"])
    if setup["fixed"]:
        tc.set_fixed_cost("fixed_cost", 1.0)
        tc.set_vot(1.0)
    ta = TrafficAssignment()
    ta.set_classes([tc])
    ta.set_vdf("BPR")
    ta.set_vdf_parameters({"alpha": "b", "beta": "power"})
    ta.set_capacity_field("capacity")
    ta.set_time_field("free_flow_time")
    ta.set_algorithm("bfw")
    ta.set_cores(cores)
    ta.max_iter = 20_000
    ta.rgap_target = target
    start = time.perf_counter()
    ta.execute()
    seconds = time.perf_counter() - start
    flows = tc.results.get_load_results()
    ordered = flows.sort_index()["demand_ab"].to_numpy(dtype=np.float64)
    report = ta.report()
    return seconds, len(report), ordered, float(report["rgap"].iloc[-1])


def run_aequilibrae(
    name: str, network: TntpNetwork, problem: AssignmentProblem, target: float, repeat: int
) -> Timing:
    setup = _aequilibrae_setup(network, problem)
    cores = os.cpu_count() or 1
    _aequilibrae_once(setup, 1e-2, cores)  # warm-up
    for factor in (1.0, 0.5, 0.25, 0.1, 0.05, 0.02, 0.01):
        seconds, iterations, flow, own_gap = _aequilibrae_once(setup, target * factor, cores)
        gap = measured_gap(problem, flow)
        if gap <= target:
            times = [seconds] + [
                _aequilibrae_once(setup, target * factor, cores)[0] for _ in range(repeat - 1)
            ]
            note = f"own rgap target {target * factor:.1e} (its final own rgap {own_gap:.2e})"
            return Timing(
                "AequilibraE (bfw)",
                name,
                target,
                statistics.median(times),
                iterations,
                gap,
                problem.objective(flow),
                note,
            )
    return Timing(
        "AequilibraE (bfw)",
        name,
        target,
        float("nan"),
        iterations,
        gap,
        problem.objective(flow),
        "never reached the gap",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-aequilibrae", action="store_true")
    parser.add_argument(
        "--networks",
        nargs="+",
        choices=[c.name for c in CASES],
        default=[c.name for c in CASES],
        help="networks to run (default: all)",
    )
    args = parser.parse_args()
    logging.getLogger("aequilibrae").setLevel(logging.ERROR)
    # AequilibraE's progress bars off (read when aequilibrae is first imported, below).
    os.environ.setdefault("AEQ_SHOW_PROGRESS", "FALSE")

    print(f"python {platform.python_version()}, {os.cpu_count()} cores, {platform.platform()}")
    rows: list[Timing] = []
    aon_rows: list[tuple[str, str, float, str]] = []
    for case in CASES:
        if case.name not in args.networks:
            continue
        if not _present(args.data, case.prefix):
            print(f"skipped {case.name}: no {case.prefix}_net.tntp[.gz] under {args.data}")
            continue
        network = read_tntp(args.data / case.prefix)
        problem = network.to_problem(
            toll_factor=case.toll_factor, distance_factor=case.distance_factor
        )
        aon_rows.append(
            (
                case.name,
                "corridor (numba)",
                aon_milliseconds(problem, args.repeat),
                "median of one loading",
            )
        )
        print(aon_rows[-1], flush=True)
        for target in case.targets:
            for backend in case.backends:
                rows.append(run_corridor(case.name, problem, target, args.repeat, backend))
                print(rows[-1], flush=True)
            if not args.skip_aequilibrae:
                rows.append(run_aequilibrae(case.name, network, problem, target, args.repeat))
                print(rows[-1], flush=True)
                aeq = rows[-1]
                aon_rows.append(
                    (
                        case.name,
                        "AequilibraE (bfw)",
                        1e3 * aeq.seconds / max(1, aeq.iterations),
                        f"its seconds / iterations to {target:.0e} (loading and line search)",
                    )
                )
        for target in case.algb_targets:
            rows.append(run_corridor(case.name, problem, target, args.repeat, algorithm="algb"))
            print(rows[-1], flush=True)
    print()
    print(
        "| network | target gap | tool | seconds | iterations | measured gap | objective | note |"
    )
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: | --- |")
    for r in rows:
        print(
            f"| {r.network} | {r.target:.0e} | {r.tool} | {r.seconds:.3f} | {r.iterations} | "
            f"{r.measured_gap:.2e} | {r.objective:.10g} | {r.note} |"
        )
    print()
    print("| network | tool | ms per all-or-nothing | note |")
    print("| --- | --- | ---: | --- |")
    for network_name, tool, ms, note in aon_rows:
        print(f"| {network_name} | {tool} | {ms:.1f} | {note} |")


if __name__ == "__main__":
    main()
