"""Cold start: ``corridor --help`` and ``corridor compare`` as new processes (issue 10).

Goals: ``corridor --help`` under 0.3 s, a cold ``corridor compare "Xi'an" Duisburg`` under
0.6 s. Each command runs ``--repeat`` times as a fresh process after one untimed run; wall
time and the CPU time of the process (user + system) are reported, median and fastest,
with the load average, next to two references that scale with the machine: an empty
Python start and ``import numpy``.

The commands run as an installed package runs: with Python's bytecode cache, kept in a
temporary directory (``PYTHONPYCACHEPREFIX``) even where the shell sets
``PYTHONDONTWRITEBYTECODE``, which would otherwise compile every corridor module from
source at each start (~0.1 s of CPU); and with the embedded network's per-user cache
(``CORRIDOR_CACHE_DIR``, in the same temporary directory) written by the untimed run, as
after a user's first run. ``--imports`` adds where one compare's import time
goes (``python -X importtime``, grouped by top-level package).

Run: ``python benchmarks/bench_cold_start.py [--repeat 10] [--imports]``; prints markdown.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

CLI = Path(sys.executable).with_name("corridor")
GOALS = {"help": 0.3, "compare": 0.6}
_IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+\d+ \|( *)(\S+)")


def _run(command: Sequence[str], env: Mapping[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``command`` as a new process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=dict(env))
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _time(command: Sequence[str], env: Mapping[str, str], repeat: int) -> dict[str, float]:
    _run(command, env)  # writes the bytecode cache, warms the file cache
    runs = [_run(command, env) for _ in range(repeat)]
    walls, cpus = [w for w, _ in runs], [c for _, c in runs]
    return {
        "wall": statistics.median(walls),
        "wall_min": min(walls),
        "cpu": statistics.median(cpus),
        "cpu_min": min(cpus),
    }


def _imports(command: Sequence[str], env: Mapping[str, str]) -> list[tuple[str, float]]:
    """Milliseconds of import time (own time of each module) per top-level package."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *command],
        check=True,
        capture_output=True,
        text=True,
        env=dict(env),
    )
    totals: collections.defaultdict[str, float] = collections.defaultdict(float)
    for line in done.stderr.splitlines():
        m = _IMPORT_LINE.match(line)
        if m:
            totals[m.group(3).split(".")[0]] += int(m.group(1)) / 1000
    return sorted(totals.items(), key=lambda kv: -kv[1])[:10]


def main() -> None:
    """Run the benchmark and print the tables."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--origin", default="Xi'an")
    ap.add_argument("--destination", default="Duisburg")
    ap.add_argument("--imports", action="store_true", help="also break one compare's imports")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="corridor-pyc-") as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache
        env["CORRIDOR_CACHE_DIR"] = str(Path(cache) / "network")
        env.pop("CORRIDOR_CACHE", None)
        compare = [str(CLI), "compare", args.origin, args.destination]
        rows = {
            "python -c pass (reference)": [sys.executable, "-c", "pass"],
            "python -c 'import numpy' (reference)": [sys.executable, "-c", "import numpy"],
            "corridor --help": [str(CLI), "--help"],
            f"corridor compare {args.origin!r} {args.destination}": compare,
        }
        load_before = os.getloadavg()[0]
        results = {name: _time(command, env, args.repeat) for name, command in rows.items()}
        load_after = os.getloadavg()[0]
        breakdown = _imports(["-m", "corridor", *compare[1:]], env) if args.imports else []
    print(
        f"{args.repeat} fresh processes each after one untimed run; load average "
        f"{load_before:.2f} before, {load_after:.2f} after; {os.cpu_count()} cores"
    )
    print("| command | wall, median (s) | wall, fastest (s) | CPU, median (s) | goal (s) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    goals = [None, None, GOALS["help"], GOALS["compare"]]
    for (name, r), goal in zip(results.items(), goals, strict=True):
        target = f"< {goal}" if goal is not None else ""
        print(f"| {name} | {r['wall']:.3f} | {r['wall_min']:.3f} | {r['cpu']:.3f} | {target} |")
    if breakdown:
        print("\nimport time of one compare (own time of each module, by package):")
        print("| package | ms |")
        print("| --- | ---: |")
        for package, ms in breakdown:
            print(f"| {package} | {ms:.1f} |")


if __name__ == "__main__":
    main()
