"""Time the Monte Carlo of a 30-component route: corridor against a plain-Python loop.

Run: ``python benchmarks/bench_reliability.py [--samples 1000000]``; prints a markdown table.
The components mix the families a real route has (fixed running times, triangular
transfers, log-normal border dwells, empirical handling, headway waits and a closure).
"""

from __future__ import annotations

import argparse
import random
import time

from corridor.network.distributions import Empirical, Fixed, LogNormal, Triangular
from corridor.reliability import Component, simulate_components

N_COMPONENTS = 30


def components() -> list[Component]:
    """Thirty components in the proportions of a Middle Corridor route."""
    out: list[Component] = []
    for i in range(N_COMPONENTS):
        kind = i % 6
        if kind == 0:
            out.append(Component(f"run{i}", "running", Fixed(20.0 + i)))
        elif kind == 1:
            out.append(Component(f"tr{i}", "transfer", Triangular(2.0, 4.0, 12.0)))
        elif kind == 2:
            out.append(Component(f"b{i}", "border", LogNormal(30.0, 25.0)))
        elif kind == 3:
            out.append(Component(f"h{i}", "handling", Empirical((2.0, 4.0, 6.0, 24.0))))
        elif kind == 4:
            out.append(Component(f"w{i}", "wait", Triangular(48.0, 72.0, 120.0)))
        else:
            out.append(Component(f"c{i}", "closure", Fixed(48.0), probability=0.2))
    return out


def python_loop(comps: list[Component], samples: int, seed: int) -> list[float]:
    """The baseline a user would write: a loop per sample and per component."""
    rng = random.Random(seed)
    totals = []
    for _ in range(samples):
        total = 0.0
        for c in comps:
            d = c.dist
            if isinstance(d, Fixed):
                x = d.value
            elif isinstance(d, Triangular):
                x = rng.triangular(d.low, d.high, d.mode)
            elif isinstance(d, LogNormal):
                x = rng.lognormvariate(d.mu, d.sigma)
            else:
                assert isinstance(d, Empirical)
                x = rng.choice(d.values)
            if c.kind == "wait":
                x *= rng.random()
            elif c.kind == "closure":
                x = x if rng.random() < c.probability else 0.0
            total += x
        totals.append(total)
    return totals


def main() -> None:
    """Run the benchmark and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--samples", type=int, default=1_000_000)
    ap.add_argument("--loop-samples", type=int, default=50_000)
    args = ap.parse_args()
    comps = components()
    simulate_components(comps, samples=10_000, seed=0)  # warm caches
    t0 = time.perf_counter()
    sim = simulate_components(comps, samples=args.samples, seed=1)
    fast = time.perf_counter() - t0
    t0 = time.perf_counter()
    python_loop(comps, args.loop_samples, 1)
    loop = (time.perf_counter() - t0) * args.samples / args.loop_samples
    print(
        f"{N_COMPONENTS} components, {args.samples:,} samples; mean {sim.mean_days:.2f} d, "
        f"P90 {sim.percentile_days(90):.2f} d"
    )
    print("| implementation | time (s) | speed-up |")
    print("| --- | ---: | ---: |")
    print(f"| corridor `simulate_components` (numpy, one core) | {fast:.2f} | {loop / fast:.0f}× |")
    print(
        f"| plain-Python loop ({args.loop_samples:,} samples timed, extrapolated) | "
        f"{loop:.1f} | 1× |"
    )


if __name__ == "__main__":
    main()
