"""Layers only point down: no module imports from a floor above its own.

Every import counts, including those inside functions (a lazy import that runs back up
is still a cycle in the design). The floors, bottom to top, are listed in ``FLOORS``;
a module belongs to the floor of its longest listed prefix.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"

FLOORS: dict[str, int] = {
    # the foundation: errors, option vocabularies, optional-dependency helpers
    "corridor.exceptions": 0,
    "corridor._typing": 0,
    "corridor._dependencies": 0,
    "corridor._numba_heap": 0,
    "corridor._frame": 0,
    "corridor._checks": 0,
    # the domain model
    "corridor.network": 1,
    # network formats and the embedded network
    "corridor.io": 2,
    "corridor.data": 2,
    # scenario files and their edits: networks built from networks
    "corridor.scenarios": 2,
    # deterministic searches, and the routing-graph reader built on their CSR graph
    "corridor.routing": 3,
    "corridor.io.graphjson": 3,
    # simulation of routes
    "corridor.reliability": 4,
    # traffic assignment, and the readers that build its problems
    "corridor.assignment": 5,
    "corridor.io.tntp": 6,
    "corridor.io.demand": 6,
    # what combines searches with simulation: front door, p90, comparison
    "corridor.planning": 7,
    # demand growth by corridor (routes each pair) and scenario comparisons
    "corridor.scenarios.demand": 7,
    "corridor.scenarios.compare": 7,
    # financial connectivity: landed cost over comparisons and simulations
    "corridor.finance": 8,
    # investment appraisal: benefits from assignments of scenarios, cash flows, risk
    "corridor.appraisal": 8,
    # sweeps: scenarios x OD pairs x Monte Carlo draws, serial or on Dask
    "corridor.sweep": 8,
    # reports: comparison, simulation and landed cost as one HTML page; the basemap
    "corridor.report": 8,
    # the run store: saved runs, jobs, uploaded files and API keys (SQLite or PostgreSQL)
    "corridor.store": 8,
    # research mode: world shipment-time matrices before and after projects
    "corridor.research": 8,
    # faces: the top-level package, test helpers, and the command line above them
    "corridor": 8,
    "corridor.testing": 8,
    "corridor.cli": 9,
    "corridor.api": 9,
    "corridor.__main__": 9,
}

# package __init__ modules re-export their package; they sit on the floor of the
# highest module they re-export
AGGREGATORS: dict[str, int] = {"corridor.io": 3, "corridor.scenarios": 7}


def _floor(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 2 and parts[1].startswith("_") and module not in FLOORS:
        return 0  # private helpers at the top of the package are foundation modules
    for n in range(len(parts), 0, -1):
        prefix = ".".join(parts[:n])
        if prefix in FLOORS:
            return FLOORS[prefix]
    raise KeyError(module)


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
    return [(line, m) for line, m in found if m == "corridor" or m.startswith("corridor.")]


def _modules() -> list[Path]:
    return sorted((SRC / "corridor").rglob("*.py"))


def test_every_module_has_a_floor() -> None:
    for path in _modules():
        _floor(_module_name(path))


@pytest.mark.parametrize("path", _modules(), ids=_module_name)
def test_imports_only_point_down(path: Path) -> None:
    me = _module_name(path)
    mine = AGGREGATORS.get(me, _floor(me))
    upward = [
        f"{path.relative_to(SRC)}:{line} imports {target} (floor {_floor(target)} > {mine})"
        for line, target in _imports(path)
        if _floor(target) > mine
    ]
    assert not upward, "imports that run back up:\n" + "\n".join(upward)
