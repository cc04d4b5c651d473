"""Shortest paths on world_railways: corridor against scgraph, igraph and networkx.

Run ``python benchmarks/bench_shortest.py [--data ../shared/data] [--repeat N]``. Every tool
loads the file itself (load times are reported), answers the same seeded OD pairs inside the
largest component, and must agree with corridor on every distance (relative 1e-6) before
any timing is printed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from corridor.io.graphjson import read_graphjson
from corridor.routing.shortest import (
    Backend,
    CSRGraph,
    distance_matrix,
    has_numba,
    largest_component,
    shortest_path,
)

FILE = Path("scgraph") / "world_railways.graphjson.gz"
N_PAIRS = 20
N_MATRIX = 100
NX_MATRIX_SOURCES = 5
RTOL = 1e-6


@dataclass
class Row:
    tool: str
    load_s: float | None = None
    query_ms: float | None = None
    matrix_s: float | None = None
    notes: list[str] = field(default_factory=list)


@contextmanager
def stopwatch(out: list[float]) -> Iterator[None]:
    start = time.perf_counter()
    yield
    out.append(time.perf_counter() - start)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def median_query_ms(
    query: Callable[[int, int], float], pairs: npt.NDArray[np.int64], repeat: int
) -> tuple[float, npt.NDArray[np.float64]]:
    """Median wall time (ms) of ``query(s, t)`` over the pairs and repeats, and its answers."""
    times: list[float] = []
    answers = np.empty(len(pairs))
    for _ in range(repeat):
        for i, (s, t) in enumerate(pairs):
            with stopwatch(times):
                answers[i] = query(int(s), int(t))
    return statistics.median(times) * 1e3, answers


def check(name: str, got: npt.ArrayLike, want: npt.NDArray[np.float64]) -> None:
    got_a = np.asarray(got, dtype=np.float64)
    if not np.allclose(got_a, want, rtol=RTOL, atol=0.0):
        worst = np.nanmax(np.abs(got_a - want) / np.maximum(want, 1e-300))
        msg = f"{name} disagrees with corridor (worst relative difference {worst:.3g})"
        raise SystemExit(msg)


def load_raw(path: Path) -> dict[str, Any]:
    with gzip.open(path, "rb") as fh:
        data: dict[str, Any] = json.loads(fh.read())
    return data


def edge_list(data: dict[str, Any]) -> list[tuple[int, int, float]]:
    return [
        (i, int(k), float(w))
        for i, row in enumerate(data["graph"])
        for k, w in row.items()
        if int(k) != i
    ]


def bench_corridor(
    path: Path, pairs: npt.NDArray[np.int64], matrix_nodes: npt.NDArray[np.int64], repeat: int
) -> tuple[list[Row], npt.NDArray[np.float64], npt.NDArray[np.float64], CSRGraph]:
    load_s, graph = timed(lambda: read_graphjson(path))
    rows = []
    ref_p2p = np.empty(0)
    ref_matrix = np.empty(0)
    backends: list[Backend] = ["numba", "scipy"] if has_numba() else ["scipy"]
    for backend in backends:
        row = Row(f"corridor ({backend})", load_s=load_s)
        # Warm-up: JIT compilation (numba) and the cached reverse CSR / bound scale.
        compile_s, _ = timed(lambda b=backend: shortest_path(graph, 0, 1, backend=b))  # type: ignore[misc]
        timed(lambda b=backend: distance_matrix(graph, [0], [1], backend=b))  # type: ignore[misc]
        if backend == "numba":
            row.notes.append(f"first call incl. JIT {compile_s:.1f} s (cached on disk)")
            row.notes.append("A* with great-circle bound")
        else:
            row.notes.append("bidirectional, radius-limited scipy Dijkstra")
        row.query_ms, answers = median_query_ms(
            lambda s, t, b=backend: shortest_path(graph, s, t, backend=b)[0],  # type: ignore[misc]
            pairs,
            repeat,
        )
        times: list[float] = []
        for _ in range(repeat):
            with stopwatch(times):
                matrix = distance_matrix(graph, matrix_nodes, matrix_nodes, backend=backend)
        row.matrix_s = min(times)
        if ref_p2p.size == 0:
            ref_p2p, ref_matrix = answers, matrix
        check(row.tool + " query", answers, ref_p2p)
        check(row.tool + " matrix", matrix, ref_matrix)
        rows.append(row)
    return rows, ref_p2p, ref_matrix, graph


def bench_scgraph(
    path: Path,
    *,
    graph: CSRGraph,
    pairs: npt.NDArray[Any],
    matrix_nodes: npt.NDArray[Any],
    ref_p2p: npt.NDArray[Any],
    ref_matrix: npt.NDArray[np.float64],
    repeat: int,
) -> list[Row]:
    from scgraph import GeoGraph  # noqa: PLC0415
    from scgraph.utils import has_cpp  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "world_railways.graphjson"

        def load() -> Any:  # noqa: ANN401
            plain.write_bytes(gzip.decompress(path.read_bytes()))
            return GeoGraph.load_from_graphjson(str(plain))

        load_s, geo = timed(load)
    core = geo.graph_object
    engine = "C++ core" if has_cpp() else "pure Python"
    assert graph.coords is not None
    latlon = graph.coords[:, ::-1]

    def point(v: int) -> dict[str, float]:
        return {"latitude": float(latlon[v, 0]), "longitude": float(latlon[v, 1])}

    rows = []
    for algorithm in ("dijkstra", "bidirectional_buckets"):
        row = Row(f"scgraph `Graph.{algorithm}`", load_s=load_s, notes=[engine, "by vertex id"])
        fn = getattr(core, algorithm)
        row.query_ms, answers = median_query_ms(
            lambda s, t, f=fn: f(origin_id=s, destination_id=t)["length"],  # type: ignore[misc]
            pairs,
            repeat,
        )
        check(row.tool, answers, ref_p2p)
        rows.append(row)
    row = Row("scgraph `GeoGraph.get_shortest_path`", load_s=load_s)
    row.notes = [engine, "default (bidirectional_buckets), incl. KD-tree snapping"]
    row.query_ms, answers = median_query_ms(
        lambda s, t: geo.get_shortest_path(point(s), point(t), length_only=True, silent=True)[
            "length"
        ],
        pairs,
        repeat,
    )
    check(row.tool, answers, ref_p2p)
    points = [point(int(v)) for v in matrix_nodes]
    times: list[float] = []
    for _ in range(repeat):
        core.reset_cache()  # its matrix caches shortest-path trees across calls
        with stopwatch(times):
            matrix = geo.distance_matrix(points, silent=True)
    row.matrix_s = min(times)
    check("scgraph distance_matrix", matrix, ref_matrix)
    rows.append(row)
    return rows


def bench_igraph(
    path: Path,
    *,
    pairs: npt.NDArray[Any],
    matrix_nodes: npt.NDArray[Any],
    ref_p2p: npt.NDArray[Any],
    ref_matrix: npt.NDArray[np.float64],
    repeat: int,
) -> Row:
    import igraph  # noqa: PLC0415

    def load() -> Any:  # noqa: ANN401
        data = load_raw(path)
        edges = edge_list(data)
        g = igraph.Graph(n=len(data["graph"]), edges=[(a, b) for a, b, _ in edges], directed=True)
        g.es["weight"] = [w for _, _, w in edges]
        return g

    load_s, g = timed(load)
    row = Row("igraph", load_s=load_s, notes=["json + Graph build", "`get_shortest_path`"])

    def query(s: int, t: int) -> float:
        vpath = g.get_shortest_path(s, t, weights="weight", output="epath")
        return float(sum(g.es[vpath]["weight"]))

    row.query_ms, answers = median_query_ms(query, pairs, repeat)
    check("igraph query", answers, ref_p2p)
    nodes = [int(v) for v in matrix_nodes]
    times: list[float] = []
    for _ in range(repeat):
        with stopwatch(times):
            matrix = g.distances(source=nodes, target=nodes, weights="weight")
    row.matrix_s = min(times)
    check("igraph distances", matrix, ref_matrix)
    return row


def bench_networkx(
    path: Path,
    *,
    pairs: npt.NDArray[Any],
    matrix_nodes: npt.NDArray[Any],
    ref_p2p: npt.NDArray[Any],
    ref_matrix: npt.NDArray[np.float64],
) -> Row:
    import networkx as nx  # noqa: PLC0415

    def load() -> Any:  # noqa: ANN401
        g = nx.DiGraph()
        g.add_weighted_edges_from(edge_list(load_raw(path)))
        return g

    load_s, g = timed(load)
    row = Row("networkx", load_s=load_s, notes=["json + DiGraph build", "`single_source_dijkstra`"])
    sub = pairs[:5]
    row.query_ms, answers = median_query_ms(
        lambda s, t: nx.single_source_dijkstra(g, s, t, weight="weight")[0], sub, 1
    )
    check("networkx query", answers, ref_p2p[:5])
    row.notes.append("query: 5 pairs, once each")
    nodes = [int(v) for v in matrix_nodes]
    times: list[float] = []
    for i, s in enumerate(nodes[:NX_MATRIX_SOURCES]):
        with stopwatch(times):
            lengths = nx.single_source_dijkstra_path_length(g, s, weight="weight")
        check("networkx matrix row", [lengths.get(t, np.inf) for t in nodes], ref_matrix[i])
    row.matrix_s = sum(times) * len(nodes) / NX_MATRIX_SOURCES
    row.notes.append(f"matrix: {NX_MATRIX_SOURCES} of {len(nodes)} rows timed, extrapolated")
    return row


def pick_nodes(graph: CSRGraph, seed: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Seeded OD pairs and matrix vertices in the largest component, with unique coords.

    Unique coordinates keep scgraph's coordinate snapping on the same vertex.
    """
    assert graph.coords is not None
    big = largest_component(graph)
    _, first, counts = np.unique(graph.coords, axis=0, return_index=True, return_counts=True)
    unique_coord = np.zeros(graph.n_vertices, dtype=bool)
    unique_coord[first[counts == 1]] = True
    pool = big[unique_coord[big]]
    rng = np.random.default_rng(seed)
    pairs = rng.choice(pool, size=(N_PAIRS, 2), replace=False)
    matrix_nodes = rng.choice(pool, size=N_MATRIX, replace=False)
    return pairs.astype(np.int64), matrix_nodes.astype(np.int64)


def versions() -> str:
    out = []
    for package in ("numpy", "scipy", "numba", "scgraph", "igraph", "networkx"):
        try:
            out.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            out.append(f"{package} absent")
    return ", ".join(out)


def fmt(value: float | None, spec: str) -> str:
    return "–" if value is None else format(value, spec)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20261122)
    args = parser.parse_args()
    path = args.data / FILE
    pairs, matrix_nodes = pick_nodes(read_graphjson(path), args.seed)
    rows, ref_p2p, ref_matrix, graph = bench_corridor(path, pairs, matrix_nodes, args.repeat)
    kw = {"pairs": pairs, "matrix_nodes": matrix_nodes, "ref_p2p": ref_p2p}
    rows += bench_scgraph(path, graph=graph, ref_matrix=ref_matrix, repeat=args.repeat, **kw)
    rows.append(bench_igraph(path, ref_matrix=ref_matrix, repeat=args.repeat, **kw))
    rows.append(bench_networkx(path, ref_matrix=ref_matrix, **kw))

    print(f"world_railways: {graph.n_vertices:,} vertices, {graph.n_edges:,} directed edges")
    print(
        f"{N_PAIRS} OD pairs (seed {args.seed}), {N_MATRIX}x{N_MATRIX} matrix, "
        f"repeat {args.repeat}; all tools agree to {RTOL:g} relative"
    )
    print(f"python {platform.python_version()}, {versions()}")
    print()
    print("| tool | load (s) | point-to-point, median (ms) | 100×100 matrix (s) | notes |")
    print("| --- | ---: | ---: | ---: | --- |")
    for row in rows:
        print(
            f"| {row.tool} | {fmt(row.load_s, '.2f')} | {fmt(row.query_ms, '.1f')} "
            f"| {fmt(row.matrix_s, '.2f')} | {'; '.join(row.notes)} |"
        )


if __name__ == "__main__":
    main()
