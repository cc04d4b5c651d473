"""Time and peak memory of read, compile and one route against network size.

Networks of 10^3, 10^4 and 10^5 nodes are cut from world_railways (breadth-first from
Almaty, so each is one connected rail network) and the whole of it (274,974 nodes) is
used as the largest; each is written as a corridor GeoJSON network (2 % of the nodes rail
terminals, the rest junctions, broad-gauge rail at 50 km/h, the embedded network's cargo
classes). Each size is then measured in a fresh process: ``read_network`` (parse and
validate), and ``route`` between the two ends of the cut (compile, search, decode), with
the process's peak resident memory (``VmHWM``: ``ru_maxrss`` would report the parent's
peak, which Linux carries over into a child started by fork and exec).

Run: ``python benchmarks/bench_scale.py [--sizes 1000,10000,100000,0]`` (0 = all of
world_railways); ``--graph world_highways --sizes 0`` measures the whole of world_highways
(560,282 nodes, written as a road network), the largest open network in the shared data;
needs ``../shared/data``. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from scipy.sparse import csgraph, csr_array

from corridor._typing import Mode, NodeKind

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
RAIL = DATA / "scgraph" / "world_railways.graphjson.gz"
#: Per graph: the file, the mode of its links, the kind of every 50th node, its speed.
GRAPHS: dict[str, tuple[Path, Mode, NodeKind, float]] = {
    "world_railways": (RAIL, "rail_1520", "rail_terminal", 50.0),
    "world_highways": (DATA / "scgraph" / "world_highways.graphjson.gz", "road", "city", 60.0),
}

_MEASURE = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from corridor.io import read_network
from corridor.planning import route
t1 = time.perf_counter()
net = read_network(sys.argv[1])
t2 = time.perf_counter()
r = route(net, sys.argv[2], sys.argv[3])
t3 = time.perf_counter()
# VmHWM: this process's own peak; ru_maxrss keeps the parent's across fork and exec
try:
    with open("/proc/self/status") as f:
        hwm = [ln for ln in f if ln.startswith("VmHWM:")]
    peak_mb = int(hwm[0].split()[1]) / 1024
except (OSError, IndexError):
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"import_s": t1 - t0, "read_s": t2 - t1, "route_s": t3 - t2,
                  "peak_mb": peak_mb, "km": r.distance_km}))
"""


def _write(size: int, out: Path, graph: str) -> tuple[str, str, int, int]:
    import corridor  # noqa: PLC0415
    from corridor.io.geojson import write_network  # noqa: PLC0415
    from corridor.io.graphjson import read_graphjson  # noqa: PLC0415
    from corridor.network.model import Link, Network, Node  # noqa: PLC0415

    source, mode, terminal, speed = GRAPHS[graph]
    g = read_graphjson(source)
    assert g.coords is not None
    m = csr_array((g.weights, g.indices, g.indptr), shape=(g.n_vertices, g.n_vertices))
    start = int(np.argmin((g.coords[:, 0] - 76.9) ** 2 + (g.coords[:, 1] - 43.2) ** 2))
    if size:
        order: np.ndarray = csgraph.breadth_first_order(
            m, start, directed=False, return_predecessors=False
        )[:size]
    else:
        order = np.arange(g.n_vertices, dtype=np.int64)
    keep = np.zeros(g.n_vertices, dtype=bool)
    keep[order] = True
    nodes = [
        Node(
            id=f"v{i}",
            name=f"v{i}",
            kind=terminal if j % 50 == 0 else "junction",
            country="KZ",
            lon=float(g.coords[i, 0]),
            lat=float(g.coords[i, 1]),
        )
        for j, i in enumerate(order)
    ]
    tails = np.repeat(np.arange(g.n_vertices), np.diff(g.indptr))
    heads = g.indices.astype(np.int64)
    use = keep[tails] & keep[heads] & (tails < heads)
    links = [
        Link(
            id=f"e{k}",
            from_node=f"v{u}",
            to_node=f"v{v}",
            mode=mode,
            distance_km=max(float(w), 0.01),
            speed_kmh=speed,
        )
        for k, (u, v, w) in enumerate(zip(tails[use], heads[use], g.weights[use], strict=True))
    ]
    base = corridor.eurasia()
    net = Network(
        nodes=tuple(nodes),
        links=tuple(links),
        name=f"{graph}_{len(nodes)}",
        cargo_classes=base.cargo_classes,
        fx=base.fx,
    )

    write_network(net, out)
    # the two ends: the first node and the farthest one reached in the cut
    dist = np.asarray(csgraph.dijkstra(m, indices=[int(order[0])]))[0]
    far = int(order[np.argmax(np.where(np.isfinite(dist[order]), dist[order], -1))])
    return f"v{order[0]}", f"v{far}", len(nodes), len(links)


def main() -> None:
    """Build each size, measure it in a fresh process and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000,0")
    parser.add_argument("--graph", choices=sorted(GRAPHS), default="world_railways")
    args = parser.parse_args()
    source = GRAPHS[args.graph][0]
    if not source.exists():
        sys.exit(f"skipped: {source} not found (see docs/data.md)")
    print("| nodes | links | file MB | read s | route s | read + route s | peak MB |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            path = Path(tmp) / f"{args.graph}_{size}.geojson"
            origin, destination, n_nodes, n_links = _write(size, path, args.graph)
            t = time.perf_counter()
            out = subprocess.run(
                [sys.executable, "-c", _MEASURE, str(path), origin, destination],
                capture_output=True,
                text=True,
                check=True,
            )
            del t
            r = json.loads(out.stdout)
            print(
                f"| {n_nodes:,} | {n_links:,} | {path.stat().st_size / 1e6:.0f} "
                f"| {r['read_s']:.2f} | {r['route_s']:.2f} "
                f"| {r['read_s'] + r['route_s']:.2f} | {r['peak_mb']:,.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
