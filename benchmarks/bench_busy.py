"""Slowdown on a busy machine: the same solves idle and next to CPU-bound processes.

A tool that runs on a laptop shares it. Each case is timed idle, then while one
CPU-bound process spins (the issue's test: another solve or a build next to it), then while
one spins per core (every core taken), as a fresh process each time, the way a user runs
it:

- ``corridor assign --demand examples/demand_2030.csv`` (the embedded network, BFW to
  the default gap), end to end;
- Chicago-Sketch (``../shared/data``), BFW to a relative gap of 1e-4, in one process.

The goal is at most 1.5x slower next to one CPU-bound process. With every core taken a
one-thread run gets 2/3 of a core on two cores, so 1.5x is the floor there.

Run: ``python benchmarks/bench_busy.py [--repeat 3]``; prints a markdown table.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
CLI = Path(sys.executable).with_name("corridor")

_CHICAGO = r"""
import sys, time
from corridor.assignment import assign
from corridor.io.tntp import read_tntp
net = read_tntp(sys.argv[1])
problem = net.to_problem()
t = time.perf_counter()
result = assign(problem, algorithm="bfw", gap=1e-4, max_iter=10000)
print(time.perf_counter() - t)
"""


def _spin(stop: float) -> None:
    x = 0
    while time.time() < stop:
        x += 1


def _embedded() -> float:
    t = time.perf_counter()
    subprocess.run(
        [str(CLI), "assign", "--demand", str(ROOT / "examples" / "demand_2030.csv")],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - t


def _chicago() -> float:
    prefix = DATA / "tntp" / "Chicago-Sketch" / "ChicagoSketch"
    out = subprocess.run(
        [sys.executable, "-c", _CHICAGO, str(prefix)], check=True, capture_output=True, text=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def _timed(case: Callable[[], float], repeat: int, *, busy: int) -> float:
    """Median seconds of ``case`` with ``busy`` CPU-bound processes spinning."""
    times: list[float] = []
    for _ in range(repeat):
        spinners = []
        if busy:
            stop = time.time() + 600
            for _ in range(busy):
                p = mp.Process(target=_spin, args=(stop,), daemon=True)
                p.start()
                spinners.append(p)
            time.sleep(1.0)
        try:
            times.append(case())
        finally:
            for p in spinners:
                p.terminate()
                p.join()
    return float(statistics.median(times))


def main() -> None:
    """Time each case idle and busy and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cases = [("corridor assign --demand examples/demand_2030.csv (s, end to end)", _embedded)]
    if (DATA / "tntp" / "Chicago-Sketch").is_dir():
        cases.append(("Chicago-Sketch BFW to 1e-4 (s, solve)", _chicago))
    else:
        print(f"Chicago-Sketch skipped: {DATA / 'tntp'} not found")
    cores = os.cpu_count() or 1
    print(f"{cores} cores; busy: 1 spinning process, then {cores} (one per core)\n")
    print("| case | idle | 1 busy | 1 busy / idle | all busy | all busy / idle |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, case in cases:
        idle = _timed(case, args.repeat, busy=0)
        one = _timed(case, args.repeat, busy=1)
        every = _timed(case, args.repeat, busy=cores)
        print(
            f"| {name} | {idle:.2f} | {one:.2f} | {one / idle:.2f}x | {every:.2f} "
            f"| {every / idle:.2f}x |",
            flush=True,
        )


if __name__ == "__main__":
    main()
