"""Time ``corridor compare`` end to end on the embedded network.

Load: reading the embedded network, median of repeats after a first load has imported what
it needs; target < 50 ms. Twice: parsed (file, JSON, parse, validation: a user's first run,
or ``CORRIDOR_CACHE=off``) and from the per-user cache that the first run writes (every
later process; ``corridor.data._cache``). The cache goes to a temporary directory here.
Warm: ``compare()`` in one process after a first call (network loaded and compiled; each
option simulated for its P50/P90/P95); target < 100 ms.
Cold: the ``corridor compare`` command as a new process, as a user runs it (with the cache
written by an earlier run, and with the cache off).

Run: ``python benchmarks/bench_compare.py [--repeat 20]``; prints a markdown table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
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


def _cold(origin: str, destination: str, repeat: int, *, cache: bool) -> float:
    env = dict(os.environ)
    if not cache:
        env["CORRIDOR_CACHE"] = "off"
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(
            [str(CLI), "compare", origin, destination], check=True, capture_output=True, env=env
        )
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _loads(repeat: int, *, cache: bool) -> tuple[float, float]:
    """Median and first load time (s) of ``eurasia()``, parsed or from the cache."""
    if cache:
        os.environ.pop("CORRIDOR_CACHE", None)
    else:
        os.environ["CORRIDOR_CACHE"] = "off"
    loads = []
    for _ in range(repeat + 1):
        eurasia.cache_clear()
        t0 = time.perf_counter()
        eurasia()
        loads.append(time.perf_counter() - t0)
    os.environ.pop("CORRIDOR_CACHE", None)
    return statistics.median(loads[1:]), loads[0]  # the first pays one-off imports


def main() -> None:
    """Run the benchmark and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    os.environ["CORRIDOR_CACHE_DIR"] = tempfile.mkdtemp(prefix="bench-compare-cache-")
    parsed, parsed_first = _loads(args.repeat, cache=False)
    cached, cached_first = _loads(args.repeat, cache=True)  # its first load writes the cache
    net = eurasia()
    print(
        f"embedded network: {len(net.nodes)} nodes, {len(net.links)} links; load, median of "
        f"{args.repeat}: parsed {parsed * 1000:.1f} ms (first {parsed_first * 1000:.0f} ms), "
        f"from the cache {cached * 1000:.1f} ms (first, parsing and writing it, "
        f"{cached_first * 1000:.0f} ms)"
    )
    print(
        "| origin → destination | warm compare, median (ms) | cold CLI, median (s) "
        "| cold CLI, cache off, median (s) |"
    )
    print("| --- | ---: | ---: | ---: |")
    for o, d in PAIRS:
        warm = _warm(o, d, args.repeat)
        cold = _cold(o, d, max(3, args.repeat // 4), cache=True)
        cold_off = _cold(o, d, max(3, args.repeat // 4), cache=False)
        print(f"| {o} → {d} | {warm:.1f} | {cold:.2f} | {cold_off:.2f} |")


if __name__ == "__main__":
    main()
