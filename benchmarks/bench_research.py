"""Research mode at scale: build the world network, one before/after matrix, per-project runs.

Three measurements, each in a fresh process (peak resident memory from ``getrusage``):

1. ``build``: the world network from ``../shared/data`` (OSM-derived rail and road graphs,
   MARNET, Natural Earth, Doing Business), 1,000 cities; goal: peak memory under 8 GB.
2. ``matrix``: one 1,000 x 1,000 before/after matrix of least hours with mode switching
   (the upper bound): the searches from every city and project portal on the network
   before the projects, then the matrix after all the projects; goal: under 10 minutes.
3. ``projects``: every project alone and in complement with the others, from stored base
   searches, serially and on a Dask LocalCluster of 1 and 2 workers (speed-up recorded).

Run: ``python benchmarks/bench_research.py [--only build,matrix,projects] [--projects N]``;
needs ``../shared/data`` (skips with a reason without it). Prints a markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

_BUILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from corridor.research import save_world
from corridor.research.build import build_world
w = build_world(sys.argv[1], cities=1000)
t1 = time.perf_counter()
save_world(w, sys.argv[2])
print(json.dumps({"seconds": t1 - t0, "save_s": time.perf_counter() - t1,
                  "vertices": w.n_vertices, "edges": w.n_edges, "cities": len(w.cities),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_MATRIX = r"""
import json, resource, sys, time
import numpy as np
t0 = time.perf_counter()
from corridor.research import Parameters, load_world
from corridor.research.matrices import base_distances
from corridor.research.projects import place_projects, read_projects
world = load_world(sys.argv[1])
t1 = time.perf_counter()
world, edges, _ = place_projects(world, read_projects(), Parameters.default())
t2 = time.perf_counter()
base = base_distances(world, edges, "hours", "all")
t3 = time.perf_counter()
after = base.after(edges)
t4 = time.perf_counter()
pre = base.city_city
iso = np.array([c.iso3 for c in world.cities])
ok = (iso[:, None] != iso[None, :]) & np.isfinite(pre) & (pre > 0)
print(json.dumps({"load_s": t1 - t0, "place_s": t2 - t1, "search_s": t3 - t2,
                  "after_s": t4 - t3, "total_s": t4 - t0, "portals": int(base.portals.size),
                  "world_upper_pct": float(((after[ok] / pre[ok]) - 1).mean() * 100),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_PROJECTS = r"""
import json, sys, time
from corridor.research import Parameters, load_world
from corridor.research.projects import read_projects
from corridor.research.study import run_study
world = load_world(sys.argv[1])
records = read_projects()[: int(sys.argv[3])]
out = __import__("pathlib").Path(sys.argv[2])
t0 = time.perf_counter()
run_study(world, records, out=out, per_project=False)  # the base searches (or reads them)
searches = time.perf_counter() - t0
timings = {}
effects = {}
for label, workers in (("serial", None), ("dask-1", 1), ("dask-2", 2)):
    for f in (out / "projects").glob("*.json"):
        f.unlink()
    t0 = time.perf_counter()
    r = run_study(world, records, out=out, workers=workers)
    timings[label] = time.perf_counter() - t0
    effects[label] = [(e.project_id, e.isolation_upper_pct, e.complement_upper_pct)
                      for e in r.effects]
same = effects["serial"] == effects["dask-1"] == effects["dask-2"]
print(json.dumps({"projects": len(r.effects), "seconds": timings, "identical": same,
                  "searches_s": searches}))
"""


def _run(code: str, *args: str) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(proc.returncode)
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    """Run the measurements and print a markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="build,matrix,projects")
    parser.add_argument("--projects", type=int, default=68, help="first N projects of the table")
    parser.add_argument("--world", type=Path, help="reuse a world network (.npz)")
    parser.add_argument(
        "--study",
        type=Path,
        help="reuse the stored searches of a `corridor research bri --out DIR` run on --world",
    )
    args = parser.parse_args()
    if not (DATA / "scgraph").is_dir():
        print(f"skipped: {DATA} is absent (research mode needs the shared open data)")
        return
    only = set(args.only.split(","))
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores; "
        f"Python {platform.python_version()}; "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        world = args.world or Path(tmp) / "world.npz"
        print("| step | result |\n| --- | --- |")
        if "build" in only or args.world is None:
            b = _run(_BUILD, str(DATA), str(world))
            print(
                f"| build world network | {b['seconds']:.0f} s (+{b['save_s']:.0f} s to save), "
                f"peak {b['peak_mb']:,.0f} MB; {b['vertices']:,} vertices, {b['edges']:,} "
                f"edges, {b['cities']} cities |"
            )
        if "matrix" in only:
            m = _run(_MATRIX, str(world))
            print(
                f"| 1,000 x 1,000 before/after, upper bound | {m['total_s']:.0f} s (searches "
                f"{m['search_s']:.0f} s from 1,000 cities + {m['portals']} portals, after "
                f"{m['after_s']:.1f} s), peak {m['peak_mb']:,.0f} MB; world mean "
                f"{m['world_upper_pct']:+.2f} % |"
            )
        if "projects" in only:
            study = args.study or Path(tmp) / "study"
            p = _run(_PROJECTS, str(world), str(study), str(args.projects))
            secs = p["seconds"]
            assert isinstance(secs, dict)
            print(
                f"| {p['projects']} projects alone and in complement | serial "
                f"{secs['serial']:.0f} s, Dask 1 worker {secs['dask-1']:.0f} s, 2 workers "
                f"{secs['dask-2']:.0f} s (speed-up {secs['dask-1'] / secs['dask-2']:.2f}x); "
                f"identical: {p['identical']}; base searches {p['searches_s']:.0f} s "
                f"({'read from --study' if args.study else 'computed'}) |"
            )


if __name__ == "__main__":
    main()
