"""A small mutation-testing run: plant one-line bugs in core spots, see which the tests catch.

Each mutant replaces one exact snippet of a source file with a plausible wrong version.
For every mutant the repository's ``src/`` and ``tests/`` (with ``pyproject.toml``) are
copied into a temporary directory, the bug is planted in the copy (the working tree is
never touched), and a fast, selected pytest subset is run there with ``-x -q``. A mutant
is *killed* when the tests fail, *survived* when they pass, *timeout* when they run past
the limit (counted as killed: the bug was noticed) and *missing* when its snippet is no
longer in the source (update the mutant; not counted).

Run on demand, not in CI (a full run takes several minutes)::

    .venv/bin/python tools/mutation.py            # every mutant, a table and the score
    .venv/bin/python tools/mutation.py --list     # the mutants, nothing run
    .venv/bin/python tools/mutation.py --only G1 --only C2
    .venv/bin/python tools/mutation.py --jobs 2   # mutants in parallel
    .venv/bin/python tools/mutation.py --ignore tests/unit/test_mutants_compile.py

The exit status is 0 when the score reaches ``--goal`` (default 90 %), 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: pytest subsets by area (paths relative to the repository root).
ROUTING = (
    "tests/unit/test_mutants_routing.py",
    "tests/unit/routing/test_shortest.py",
    "tests/unit/routing/test_route_eurasia.py",
    "tests/unit/routing/test_compare_eurasia.py",
    "tests/unit/routing/test_families.py",
)
RELIABILITY = (
    "tests/unit/test_mutants_reliability.py",
    "tests/unit/reliability/test_montecarlo.py",
)
ASSIGNMENT = (
    "tests/unit/test_mutants_assignment.py",
    "tests/unit/assignment/test_vdf.py",
    "tests/unit/assignment/test_engine.py",
    "tests/unit/assignment/test_aon.py",
)
COMPILE = (
    "tests/unit/test_mutants_compile.py",
    "tests/unit/network/test_services_customs.py",
    "tests/unit/routing/test_route_eurasia.py",
)
VALIDATION = (
    "tests/unit/test_mutants_validation.py",
    "tests/unit/network/test_validate.py",
    "tests/unit/io/test_geojson.py",
    "tests/regression/test_validation.py",
)


@dataclass(frozen=True)
class Mutant:
    """One planted bug.

    Attributes
    ----------
    id
        Short name (``--only``).
    path
        Source file, relative to the repository root.
    original
        Exact snippet; it must occur exactly once in the file.
    replacement
        The wrong version planted in its place.
    description
        What the bug does.
    tests
        pytest paths run against it.
    """

    id: str
    path: str
    original: str
    replacement: str
    description: str
    tests: tuple[str, ...]


_COMPILE = "src/corridor/network/compile.py"
_ENGINE = "src/corridor/routing/engine.py"
_ROUTE = "src/corridor/routing/route.py"
_CONSTRAINTS = "src/corridor/routing/constraints.py"
_RESULT = "src/corridor/routing/result.py"
_MC = "src/corridor/reliability/montecarlo.py"
_GAP = "src/corridor/assignment/gap.py"
_AENGINE = "src/corridor/assignment/engine.py"
_VDF = "src/corridor/assignment/vdf.py"
_VALIDATE = "src/corridor/network/validate.py"
_FIELDS = "src/corridor/io/_fields.py"

MUTANTS: tuple[Mutant, ...] = (
    # --- compile: CO2, electric/diesel, money units, waits ---------------------------------
    Mutant(
        "C1",
        _COMPILE,
        "co2_kg=self.co2_g_per_t * cargo.tonnes / 1000.0",
        "co2_kg=self.co2_g_per_t * cargo.teu / 1000.0",
        "CO2 per TEU instead of per tonne",
        COMPILE,
    ),
    Mutant(
        "C2",
        _COMPILE,
        "RAIL_ELECTRIC_G_PER_TKM if link.electrified else RAIL_DIESEL_G_PER_TKM",
        "RAIL_DIESEL_G_PER_TKM if link.electrified else RAIL_ELECTRIC_G_PER_TKM",
        "electric and diesel emission factors swapped",
        COMPILE,
    ),
    Mutant(
        "C3",
        _COMPILE,
        "co2_kg=self.co2_g_per_t * cargo.tonnes / 1000.0",
        "co2_kg=self.co2_g_per_t * cargo.tonnes / 1.0",
        "CO2 in grams reported as kilograms",
        COMPILE,
    ),
    Mutant(
        "C4",
        _COMPILE,
        "teu = 2.0 * feu",
        "teu = feu",
        "per-TEU charges counted once per FEU",
        COMPILE,
    ),
    Mutant(
        "C5",
        _COMPILE,
        "return cargo.teu / 2.0",
        "return cargo.teu",
        "a TEU counted as an FEU",
        COMPILE,
    ),
    Mutant(
        "C6",
        _COMPILE,
        'if passage.toll_unit == "TEU":\n        return 2.0 * amount',
        'if passage.toll_unit == "TEU":\n        return amount',
        "a per-TEU passage toll charged once per FEU",
        COMPILE,
    ),
    Mutant(
        "C7",
        _COMPILE,
        "t.fixed + t.per_km * lk.distance_km",
        "t.fixed + t.per_km",
        "tariff per km not multiplied by the distance",
        COMPILE,
    ),
    Mutant(
        "C8",
        _COMPILE,
        "for money, t in ((l_money, lk.tariff), (r_money, lk.tariff_reverse or lk.tariff))",
        "for money, t in ((l_money, lk.tariff), (r_money, lk.tariff))",
        "back-haul tariff ignored",
        COMPILE,
    ),
    Mutant(
        "C9",
        _COMPILE,
        "(h.variance + h.mean**2) / (2.0 * h.mean)",
        "(h.mean**2) / (2.0 * h.mean)",
        "headway variance left out of the mean wait (random incidence)",
        COMPILE,
    ),
    Mutant(
        "C10",
        _COMPILE,
        "np.sum(gaps**2) / (2.0 * _HOURS_PER_WEEK)",
        "np.sum(gaps) / (2.0 * len(gaps))",
        "timetable wait as half the mean gap (no length bias)",
        COMPILE,
    ),
    Mutant(
        "C11",
        _COMPILE,
        "a_cc, b_cc = g.vertex_side[g.tail[b_idx]], g.vertex_side[g.head[b_idx]]",
        "b_cc, a_cc = g.vertex_side[g.tail[b_idx]], g.vertex_side[g.head[b_idx]]",
        "border dwell of the opposite direction",
        COMPILE,
    ),
    Mutant(
        "C12",
        _COMPILE,
        'handling = (kind == _KIND["load"]) | unload',
        'handling = kind == _KIND["load"]',
        "terminal handling charged on loading only",
        COMPILE,
    ),
    # --- routing: weights, constraints, alternatives -----------------------------------------
    Mutant(
        "R1",
        _ENGINE,
        "costs.time_h * (value_of_time_usd_per_day / 24.0)",
        "costs.time_h * value_of_time_usd_per_day",
        "value of time per day applied per hour",
        ROUTING,
    ),
    Mutant(
        "R2",
        _ENGINE,
        "costs.co2_kg * (carbon_usd_per_t / 1000.0)",
        "costs.co2_kg * carbon_usd_per_t",
        "carbon price per tonne applied per kg",
        ROUTING,
    ),
    Mutant(
        "R3",
        _ENGINE,
        "ok &= ~np.isin(g.link, link_ix) | (g.link < 0)",
        "ok &= ~np.isin(g.link, link_ix) | (g.link >= 0)",
        "closing a link by id closes nothing",
        ROUTING,
    ),
    Mutant(
        "R4",
        _CONSTRAINTS,
        "if network.has_node(item) or item in link_ids:",
        "if network.has_node(item):",
        "a link id is not accepted by --close",
        ROUTING,
    ),
    Mutant(
        "R5",
        _CONSTRAINTS,
        "c.strip().upper() for c in avoid_countries",
        "c.strip().lower() for c in avoid_countries",
        "avoided country codes lower-cased",
        ROUTING,
    ),
    Mutant(
        "R6",
        _ENGINE,
        "avoid_countries))\n        ok &= ~bad_vertex[g.tail] & ~bad_vertex[g.head]",
        "avoid_countries))\n        ok &= ~bad_vertex[g.tail]",
        "an avoided country may be entered (only leaving it is refused)",
        ROUTING,
    ),
    Mutant(
        "R7",
        _ENGINE,
        "ok[move] &= allowed_link[g.link[move]]",
        "ok[move] |= allowed_link[g.link[move]]",
        "mode restriction ignored",
        ROUTING,
    ),
    Mutant(
        "R8",
        _ROUTE,
        "if all(_shared(km, other) <= max_overlap for other in kept_km):",
        "if any(_shared(km, other) <= max_overlap for other in kept_km):",
        "alternatives overlap limit checked against any kept route, not all",
        ROUTING,
    ),
    Mutant(
        "R9",
        _ROUTE,
        "max(min(float(a.sum()), float(b.sum())), 1e-9)",
        "max(max(float(a.sum()), float(b.sum())), 1e-9)",
        "overlap share of the longer route instead of the shorter",
        ROUTING,
    ),
    Mutant(
        "R10",
        _RESULT,
        "carbon_usd_per_t * self.co2_kg / 1000.0",
        "carbon_usd_per_t * self.co2_kg",
        "generalised cost of a route: carbon price per kg",
        ROUTING,
    ),
    # --- reliability: percentiles, waits by random incidence --------------------------------
    Mutant(
        "P1",
        _MC,
        "_PERCENTILES = (10, 50, 90, 95)",
        "_PERCENTILES = (10, 50, 90, 99)",
        "P95 computed as P99",
        RELIABILITY,
    ),
    Mutant(
        "P2",
        _MC,
        'ln.mu + (ln.sigma**2 if c.kind == "wait" else 0.0)',
        "ln.mu + 0.0",
        "log-normal headway not length-biased",
        RELIABILITY,
    ),
    Mutant(
        "P3",
        _MC,
        "w = v if transform == _WAIT and v.sum() > 0 else np.ones_like(v)",
        "w = np.ones_like(v)",
        "empirical headway not length-biased",
        RELIABILITY,
    ),
    Mutant(
        "P4",
        _MC,
        "keep = rng.random((n, k)) * tri[:, 2] <= out",
        "keep = np.ones_like(out, dtype=bool)",
        "triangular headway not length-biased",
        RELIABILITY,
    ),
    Mutant(
        "P5",
        _MC,
        "if b.transform == _WAIT:\n            view *= rng.random((n, k))",
        "if b.transform == _WAIT:\n            view *= 1.0",
        "the wait is the whole headway, not a uniform part of it",
        RELIABILITY,
    ),
    Mutant(
        "P6",
        _MC,
        "return float(np.percentile(self.totals_h, q) / 24.0)",
        "return float(np.percentile(self.totals_h, 100.0 - q) / 24.0)",
        "percentile_days counts from the top",
        RELIABILITY,
    ),
    # --- assignment: gap, conjugate weights, VDFs -------------------------------------------
    Mutant(
        "G1",
        _GAP,
        "return (tstt - sptt) / tstt",
        "return (tstt - sptt) / sptt",
        "relative gap divided by SPTT instead of TSTT",
        ASSIGNMENT,
    ),
    Mutant(
        "G2",
        _GAP,
        "return (tstt - sptt) / total_demand",
        "return (tstt - sptt) / tstt",
        "average excess cost divided by TSTT",
        ASSIGNMENT,
    ),
    Mutant(
        "G3",
        _AENGINE,
        "return (1.0 - alpha, alpha, 0.0)",
        "return (alpha, 1.0 - alpha, 0.0)",
        "CFW conjugate weights swapped",
        ASSIGNMENT,
    ),
    Mutant(
        "G4",
        _AENGINE,
        "numerator = float(d_prev @ (hessian * (y - x)))",
        "numerator = float(d_prev @ (hessian * (y - prev)))",
        "CFW numerator uses y - prev",
        ASSIGNMENT,
    ),
    Mutant(
        "G5",
        _AENGINE,
        "beta0 = 1.0 / (1.0 + nu + mu)",
        "beta0 = 1.0 / (1.0 + nu)",
        "BFW weights do not sum to one",
        ASSIGNMENT,
    ),
    Mutant(
        "G6",
        _AENGINE,
        "return (beta0, nu * beta0, mu * beta0)",
        "return (beta0, mu * beta0, nu * beta0)",
        "BFW weights of the two previous targets swapped",
        ASSIGNMENT,
    ),
    Mutant(
        "G7",
        _AENGINE,
        "generalised = travel_time + problem.fixed_cost",
        "generalised = travel_time",
        "fixed (toll) cost left out of the reported cost",
        ASSIGNMENT,
    ),
    Mutant(
        "G8",
        _AENGINE,
        "tau = 1.0 / (k + 1)",
        "tau = 1.0 / k",
        "MSA: first step of length 1 (all-or-nothing again)",
        ASSIGNMENT,
    ),
    Mutant(
        "V1",
        _VDF,
        "return _f(fft) * (1.0 + _f(alpha) * np.power(ratio, beta))",
        "return _f(fft) * (1.0 + _f(alpha) * np.power(ratio, 2.0))",
        "BPR exponent ignored",
        ASSIGNMENT,
    ),
    Mutant(
        "V2",
        _VDF,
        "x * (1.0 + _f(alpha) / (b + 1.0) * np.power(x / _f(capacity), b))",
        "x * (1.0 + _f(alpha) / b * np.power(x / _f(capacity), b))",
        "BPR integral divides by beta, not beta + 1",
        ASSIGNMENT,
    ),
    Mutant(
        "V3",
        _VDF,
        "return _f(fft) * _f(alpha) * b * np.power(_f(flow) / cap, b - 1.0) / cap",
        "return _f(fft) * _f(alpha) * np.power(_f(flow) / cap, b - 1.0) / cap",
        "BPR derivative misses the factor beta",
        ASSIGNMENT,
    ),
    Mutant(
        "V4",
        _VDF,
        "return (2.0 * alpha - 1.0) / (2.0 * alpha - 2.0)",
        "return (2.0 * alpha - 1.0) / (2.0 * alpha - 1.0)",
        "conical gamma wrong",
        ASSIGNMENT,
    ),
    Mutant(
        "V5",
        _VDF,
        "return _f(delay) / (_f(capacity) * (1.0 - r) ** 2)",
        "return _f(delay) / (_f(capacity) * (1.0 - r))",
        "queueing derivative: (1 - rho) not squared",
        ASSIGNMENT,
    ),
    # --- validation: gauge check, country codes ---------------------------------------------
    Mutant(
        "N1",
        _VALIDATE,
        'if {"rail_1435", "rail_1520"} <= modes and not any(',
        'if {"rail_1435", "rail_1520"} <= modes or not any(',
        "gauge-change check: and read as or",
        VALIDATION,
    ),
    Mutant(
        "N2",
        _VALIDATE,
        'if {"rail_1435", "rail_1520"} <= modes and not any(',
        'if {"rail_1435", "rail_1520"} & modes and not any(',
        "gauge change required where only one gauge arrives",
        VALIDATION,
    ),
    Mutant(
        "N4",
        _VALIDATE,
        'tr.kind == "gauge_change" and {tr.from_mode, tr.to_mode}',
        'tr.kind == "gauge_change" or {tr.from_mode, tr.to_mode}',
        "any transfer between the gauges, or any gauge change, counts as one",
        VALIDATION,
    ),
    Mutant(
        "N3",
        _FIELDS,
        'COUNTRY_RE = re.compile(r"^[A-Z]{2}$")',
        'COUNTRY_RE = re.compile(r"^[A-Za-z]{2}$")',
        "lower-case country codes accepted",
        VALIDATION,
    ),
)


@dataclass(frozen=True)
class Outcome:
    """The result of one mutant."""

    mutant: Mutant
    status: str  # killed, survived, timeout, missing, error
    seconds: float
    detail: str = ""


def _copy_tree(dest: Path) -> None:
    """Copy what the tests need into ``dest`` (src and tests copied, the rest linked)."""
    for name in ("src", "tests"):
        shutil.copytree(ROOT / name, dest / name, symlinks=True)
    shutil.copy2(ROOT / "pyproject.toml", dest / "pyproject.toml")
    for name in ("examples", "tools", "docs", "benchmarks", "scripts"):
        if (ROOT / name).exists():
            (dest / name).symlink_to(ROOT / name)
    shared = ROOT.parent / "shared"
    if shared.exists() and not (dest.parent / "shared").exists():
        (dest.parent / "shared").symlink_to(shared)


def _pytest(workdir: Path, tests: Sequence[str], timeout: float) -> tuple[int | None, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(workdir / "src")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    paths = [t for t in tests if (workdir / t).exists()]
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *paths]
    try:
        done = subprocess.run(
            cmd, cwd=workdir, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return None, ""
    lines = (done.stdout + done.stderr).strip().splitlines()
    return done.returncode, lines[-1] if lines else ""


def run_mutant(mutant: Mutant | None, timeout: float, tests: Sequence[str] = ()) -> Outcome | None:
    """Plant ``mutant`` in a temporary copy and run its tests (``None``: the baseline)."""
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="corridor-mutant-") as tmp:
        work = Path(tmp) / "repo"
        work.mkdir()
        _copy_tree(work)
        if mutant is not None:
            target = work / mutant.path
            text = target.read_text(encoding="utf-8")
            count = text.count(mutant.original)
            if count != 1:
                return Outcome(mutant, "missing", 0.0, f"snippet found {count} times")
            target.write_text(text.replace(mutant.original, mutant.replacement), encoding="utf-8")
            tests = mutant.tests
        rc, last = _pytest(work, tests, timeout)
    seconds = time.perf_counter() - start
    if mutant is None:
        if rc != 0:
            print(f"baseline fails ({last}); fix the suite first", file=sys.stderr)
            sys.exit(2)
        return None
    if rc is None:
        return Outcome(mutant, "timeout", seconds)
    if rc == 0:
        return Outcome(mutant, "survived", seconds, last)
    if rc == 1:
        return Outcome(mutant, "killed", seconds, last)
    return Outcome(mutant, "error", seconds, f"pytest exit {rc}: {last}")


def _table(outcomes: Sequence[Outcome]) -> str:
    rows = [("id", "status", "s", "file", "bug")]
    rows += [
        (
            o.mutant.id,
            o.status,
            f"{o.seconds:.0f}",
            o.mutant.path.removeprefix("src/corridor/"),
            o.mutant.description,
        )
        for o in outcomes
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(r[:4], widths, strict=True)) + "  " + r[4]
        for r in rows
    )


def score(outcomes: Sequence[Outcome]) -> tuple[int, int]:
    """``(killed, counted)``: timeouts and errors count as killed, missing are not counted."""
    counted = [o for o in outcomes if o.status != "missing"]
    killed = sum(o.status in ("killed", "timeout", "error") for o in counted)
    return killed, len(counted)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the mutants (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    parser.add_argument("--only", action="append", default=[], help="run this mutant id")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per mutant")
    parser.add_argument("--jobs", type=int, default=1, help="mutants run in parallel")
    parser.add_argument("--goal", type=float, default=90.0, help="score to reach (percent)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the unmutated run")
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        help="leave this test file out of every subset (e.g. to score the suite without it)",
    )
    args = parser.parse_args(argv)
    unknown = set(args.only) - {m.id for m in MUTANTS}
    if unknown:
        parser.error(f"unknown mutant id(s): {', '.join(sorted(unknown))}")
    ignored = set(args.ignore)
    chosen = [
        replace(m, tests=tuple(t for t in m.tests if t not in ignored))
        for m in MUTANTS
        if not args.only or m.id in args.only
    ]
    if args.list:
        for m in chosen:
            print(f"{m.id:4} {m.path.removeprefix('src/corridor/'):28} {m.description}")
        print(f"{len(chosen)} mutants")
        return 0
    if not args.no_baseline:
        every = sorted({t for m in chosen for t in m.tests})
        print(f"baseline: {len(every)} test files, unmutated ...", flush=True)
        run_mutant(None, args.timeout * 2, every)

    def one(m: Mutant) -> Outcome:
        outcome = run_mutant(m, args.timeout)
        assert outcome is not None  # noqa: S101 - only the baseline returns None
        print(f"  {m.id:4} {outcome.status:8} {outcome.seconds:5.0f} s", flush=True)
        return outcome

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        outcomes = list(pool.map(one, chosen))
    print()
    print(_table(outcomes))
    killed, counted = score(outcomes)
    pct = 100.0 * killed / counted if counted else 0.0
    missing = len(outcomes) - counted
    print(
        f"\nscore: {killed}/{counted} killed ({pct:.1f} %)"
        + (f"; {missing} missing (snippet not found)" if missing else "")
    )
    return 0 if pct >= args.goal else 1


if __name__ == "__main__":
    raise SystemExit(main())
