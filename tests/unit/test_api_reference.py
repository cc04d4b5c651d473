"""docs/api.md is generated from the docstrings and must not drift from them."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import api_reference as ar  # noqa: E402


def test_api_page_is_current() -> None:
    page = ar.render()
    current = ar.API_PAGE.read_text(encoding="utf-8") if ar.API_PAGE.exists() else ""
    if current != page:
        diff = "".join(
            list(
                difflib.unified_diff(
                    current.splitlines(keepends=True),
                    page.splitlines(keepends=True),
                    "docs/api.md (committed)",
                    "docs/api.md (from the docstrings)",
                    n=1,
                )
            )[:60]
        )
        msg = f"docs/api.md is stale; run `.venv/bin/python tools/api_reference.py`\n{diff}"
        raise AssertionError(msg)


def test_rendering_is_deterministic() -> None:
    assert ar.render() == ar.render()


def test_page_documents_the_front_door() -> None:
    page = ar.render()
    assert page.startswith("# API reference\n")
    for name in ("corridor.route", "corridor.compare", "corridor.read_network"):
        assert f"`{name}`" in page
    assert "**Parameters**" in page
    assert "**Examples**" in page or "**Returns**" in page
    assert " at 0x" not in page  # no object addresses: the page is stable across runs


def test_check_mode_exits_1_on_a_stale_page(tmp_path: Path) -> None:
    stale = tmp_path / "api.md"
    stale.write_text("# old\n", encoding="utf-8")
    assert ar.main(["--check", "--output", str(stale)]) == 1
    assert ar.main(["--output", str(stale)]) == 0
    assert ar.main(["--check", "--output", str(stale)]) == 0
    assert stale.read_text(encoding="utf-8") == ar.render()


def test_signature_text_keeps_markers_and_hides_addresses() -> None:
    sentinel = object()

    def f(a: int, /, b: str = "x", *args: int, c: object = sentinel, **kw: int) -> None:
        del a, b, args, c, kw

    text = ar.signature_text("f", f)
    assert text.startswith("f(a: int, /, b: str = 'x', *args: int, c: object = <object object")
    assert text.endswith(", **kw: int) -> None")
    assert "0x" not in text
