"""The README's Python examples run, importing only what ``corridor`` exports."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def _blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)


def test_readme_python_runs_on_the_public_api_only() -> None:
    blocks = _blocks()
    assert blocks, "the README has no Python example"
    for code in blocks:
        imports = re.findall(r"^\s*(?:from|import)\s+(\S+)", code, re.MULTILINE)
        assert all(name == "corridor" for name in imports), imports
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            exec(compile(code, str(README), "exec"), {})  # noqa: S102 - our own README
        assert buffer.getvalue().strip()
