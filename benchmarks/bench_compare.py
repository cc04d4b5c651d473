"""Time ``corridor compare`` end to end on the embedded network.

Load: reading the embedded network (file, JSON, parse, validation), median of repeats after
a first load has imported what it needs; target < 50 ms.
Warm: ``compare()`` in one process after a first call (network loaded and compiled; each
option simulated for its P50/P90/P95); target < 100 ms.
Cold: the ``corridor compare`` command as a new process, as a user runs it.

Run: ``python benchmarks/bench_compare.py [--repeat 20]``; prints a markdown table.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from corridor import eurasia
from corridor.planning import compare

PAIRS = [("Xi'an", "Duisburg"), ("Shanghai", "Rotterdam"), ("Chongqing", "Istanbul")]
CLI = Path(sys.executable).with_name("corridor")


def _warm(origin: str, destination: str, repeat: int) -> float:
    net = eurasia()
    compare(net, origin, destination)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        compare(net, origin, destination)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def _cold(origin: str, destination: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run([str(CLI), "compare", origin, destination], check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    """Run the benchmark and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    loads = []
    for _ in range(args.repeat + 1):
        eurasia.cache_clear()
        t0 = time.perf_counter()
        net = eurasia()
        loads.append(time.perf_counter() - t0)
    load = statistics.median(loads[1:])  # the first pays one-off imports
    print(
        f"embedded network: {len(net.nodes)} nodes, {len(net.links)} links, "
        f"loaded in {load * 1000:.1f} ms (median of {args.repeat}; first {loads[0] * 1000:.0f} ms)"
    )
    print("| origin → destination | warm compare, median (ms) | cold CLI, median (s) |")
    print("| --- | ---: | ---: |")
    for o, d in PAIRS:
        warm = _warm(o, d, args.repeat)
        cold = _cold(o, d, max(3, args.repeat // 4))
        print(f"| {o} → {d} | {warm:.1f} | {cold:.2f} |")


if __name__ == "__main__":
    main()
