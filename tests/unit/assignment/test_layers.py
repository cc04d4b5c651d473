"""The assignment package is domain code: it imports neither ``corridor.io`` nor the CLI."""

from __future__ import annotations

import ast
from pathlib import Path

import corridor.assignment

PACKAGE = Path(corridor.assignment.__file__).parent
FORBIDDEN = ("corridor.io", "corridor.cli", "corridor.api")


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_assignment_does_not_import_io_or_cli() -> None:
    modules = sorted(PACKAGE.glob("*.py"))
    assert len(modules) > 10
    bad = [
        f"{path.name}: {name}"
        for path in modules
        for name in _imports(path)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)
    ]
    assert bad == []


def test_modules_are_small() -> None:
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.glob("*.py")}
    assert "network.py" not in sizes  # split by concept
    assert max(sizes.values()) < 800
