"""Warm ``route``, ``--alternatives 10`` and ``--pareto`` on the embedded network.

Goal (issue 10): alternatives (k = 10) and the Pareto set each under 50 ms warm, in one
process after a first call (network loaded and compiled), median of ``--repeat`` calls.

Run: ``python benchmarks/bench_alternatives.py [--repeat 20]``; prints a markdown table.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from functools import partial

from corridor import eurasia
from corridor.planning import alternatives, pareto, route

PAIRS = [("Xi'an", "Duisburg"), ("Shanghai", "Rotterdam"), ("Chongqing", "Istanbul")]


def _median_ms(call: Callable[[], object], repeat: int) -> float:
    call()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        call()
        times.append(time.perf_counter() - t)
    return 1000 * statistics.median(times)


def main() -> None:
    """Time each query and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    net = eurasia()
    print("| origin → destination | route (ms) | alternatives k=10 (ms) | Pareto (ms) |")
    print("| --- | ---: | ---: | ---: |")
    for o, d in PAIRS:
        best = _median_ms(partial(route, net, o, d), args.repeat)
        alt = _median_ms(partial(alternatives, net, o, d, k=10), args.repeat)
        par = _median_ms(partial(pareto, net, o, d), args.repeat)
        print(f"| {o} → {d} | {best:.1f} | {alt:.1f} | {par:.1f} |", flush=True)


if __name__ == "__main__":
    main()
