"""Re-run the commands shown in README.md (and docs/realism.md) and paste their real output back.

Every fenced block whose first line starts with ``$ corridor`` is re-generated: each ``$ ``
line is run (with the repository's ``.venv/bin`` first on ``PATH``) and followed by what it
printed; ``$ echo $?`` prints the previous command's exit code. Run after any change to the
network or the CLI::

    .venv/bin/python tools/readme_outputs.py          # rewrite the documents
    .venv/bin/python tools/readme_outputs.py --check  # exit 1 if one is stale
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = (
    ROOT / "README.md",
    ROOT / "docs" / "realism.md",
    ROOT / "docs" / "compare.md",
    ROOT / "docs" / "landed-cost.md",
    ROOT / "docs" / "assignment.md",
)
"""Documents whose ``$ corridor`` blocks only need the repository (no scratch files)."""
_BLOCK = re.compile(r"```\n(\$ corridor.*?)```", re.DOTALL)
_WIDTH = "120"
# wall-clock timings differ from run to run: --check ignores them
_TIMING = re.compile(r"\d+(?:\.\d+)? s\b|(│ seconds\s+│)\s*[\d.]+")


def _untimed(text: str) -> str:
    return _TIMING.sub(lambda m: m.group(1) or "<t> s", text)


def _run_block(block: str) -> str:
    env = {**os.environ, "COLUMNS": _WIDTH, "NO_COLOR": "1", "TERM": "dumb"}
    env["PATH"] = f"{ROOT / '.venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    out: list[str] = []
    last = 0
    for line in block.splitlines():
        if not line.startswith("$ "):
            continue
        command = line[2:]
        out.append(line)
        if command.strip() == "echo $?":
            out.append(str(last))
            continue
        before = set(ROOT.iterdir())
        done = subprocess.run(  # noqa: S602 - the README's own commands, run as shown
            command, shell=True, cwd=ROOT, env=env, capture_output=True, text=True, check=False
        )
        for made in set(ROOT.iterdir()) - before:  # what a command wrote (a plot) goes
            if made.is_file():
                made.unlink()
        last = done.returncode
        text = (done.stdout + done.stderr).rstrip("\n")
        out.extend(row.rstrip() for row in text.splitlines())
    return "\n".join(out) + "\n"


_BACKGROUND = re.compile(r"^\$ .*[^&]&(?!&)", re.MULTILINE)
"""A command sent to the background (a server): its block is shown as written, not re-run."""


def render(text: str) -> str:
    """README text with every command block re-run (but those that start a server)."""

    def rerun(m: re.Match[str]) -> str:
        if _BACKGROUND.search(m.group(1)):
            return m.group(0)
        return "```\n" + _run_block(m.group(1)) + "```"

    return _BLOCK.sub(rerun, text)


def main() -> None:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if a document is stale")
    args = ap.parse_args()
    stale = False
    before = set(ROOT.iterdir())
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        new = render(text)
        if args.check:
            if _untimed(new) != _untimed(text):
                print(f"{path.relative_to(ROOT)} is stale: run tools/readme_outputs.py")
                stale = True
            continue
        path.write_text(new, encoding="utf-8")
        print(f"rewrote {path.relative_to(ROOT)}")
    for made in set(ROOT.iterdir()) - before:  # a plot a piped command wrote late
        if made.is_file():
            made.unlink()
    if stale:
        sys.exit(1)


if __name__ == "__main__":
    main()
