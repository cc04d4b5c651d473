"""The README and docs import only what ``corridor`` or a documented subpackage exports.

Documented subpackages are those of the API reference (``tools/api_reference.py``:
``corridor`` and its public subpackages with an ``__all__``). Every ``import corridor...``
and ``from corridor... import ...`` in README.md and docs/*.md (code blocks and inline
code alike; the generated docs/api.md aside) must name one of those modules, and each
imported name must be in its ``__all__``.
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import api_reference as ar  # noqa: E402

_FROM = re.compile(r"\bfrom[ \t]+(corridor[\w.]*)[ \t]+import[ \t]+(?:\(([^)]*)\)|([\w \t,]+))")
_IMPORT = re.compile(r"(?:^|`|\n)\s*import\s+(corridor[\w.]*)")

#: Offenders whose fix lies in a file being reworked by its owner: (doc, module, name).
#: Remove an entry once the doc imports the name from a documented module.
PENDING: frozenset[tuple[str, str, str]] = frozenset()


def _docs() -> list[Path]:
    docs = sorted(p for p in (ROOT / "docs").glob("*.md") if p.name != "api.md")
    return [ROOT / "README.md", *docs]


def doc_imports(text: str) -> list[tuple[int, str, str]]:
    """Each ``(line, module, name)`` a Markdown text imports (``name`` empty for ``import``).

    Parameters
    ----------
    text
        The Markdown.

    Returns
    -------
    list of tuple of (int, str, str)
        One entry per imported name, in order.
    """
    found: list[tuple[int, str, str]] = []
    for match in _FROM.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        for name in (match.group(2) or match.group(3)).split(","):
            word = name.strip().split(" as ")[0].strip()
            if word:
                found.append((line, match.group(1), word))
    for match in _IMPORT.finditer(text):
        line = text.count("\n", 0, match.start(1)) + 1
        found.append((line, match.group(1), ""))
    return found


def offenders() -> list[tuple[str, int, str, str]]:
    """Imports in the README and docs of something no documented module exports.

    Returns
    -------
    list of tuple of (str, int, str, str)
        ``(doc, line, module, name)`` of each offending import.
    """
    documented = set(ar.public_modules())
    bad: list[tuple[str, int, str, str]] = []
    for path in _docs():
        doc = str(path.relative_to(ROOT))
        for line, module, name in doc_imports(path.read_text(encoding="utf-8")):
            if module not in documented:
                bad.append((doc, line, module, name))
                continue
            if name and name not in getattr(importlib.import_module(module), "__all__", ()):
                bad.append((doc, line, module, name))
    return bad


def test_the_scan_finds_imports() -> None:
    text = (
        "```python\nimport corridor\nfrom corridor.io import (read_network,\n"
        "    write_network)\n```\nuse `from corridor.io.demand import read_demand`."
    )
    assert doc_imports(text) == [
        (3, "corridor.io", "read_network"),
        (3, "corridor.io", "write_network"),
        (6, "corridor.io.demand", "read_demand"),
        (2, "corridor", ""),
    ]


def test_readme_and_docs_import_only_the_documented_api() -> None:
    bad = [b for b in offenders() if (b[0], b[2], b[3]) not in PENDING]
    if bad:
        lines = [f"{doc}:{line}: from {module} import {name}" for doc, line, module, name in bad]
        pytest.fail(
            "import these from corridor or a documented subpackage:\n" + "\n".join(lines),
            pytrace=False,
        )


def test_pending_offenders_are_still_there() -> None:
    current = {(doc, module, name) for doc, _, module, name in offenders()}
    assert current >= PENDING, f"fixed, remove from PENDING: {sorted(PENDING - current)}"
