"""Doctest collection over ``src/corridor`` (``--doctest-modules`` in pyproject.toml).

Collecting doctests imports every module of the package. A module that imports an optional
dependency at its top (numba kernels, hypothesis strategies) is skipped when that
dependency is missing, and ``__main__`` is never imported (it runs the command line).
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path

_SRC = Path(__file__).resolve().parent / "src" / "corridor"


def _top_level_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def _missing(package: str) -> bool:
    if package in sys.stdlib_module_names or package == "corridor":
        return False
    try:
        return importlib.util.find_spec(package) is None
    except (ImportError, ValueError):  # a module set to None in sys.modules: blocked
        return True


collect_ignore = [str(_SRC / "__main__.py")]
collect_ignore += sorted(
    str(path)
    for path in _SRC.rglob("*.py")
    if any(_missing(name) for name in _top_level_imports(path))
)
