"""Cold start (issue 10): what ``corridor --help`` and ``corridor compare`` import.

A list of modules, not a timing: a command that starts importing one of these has become
slow to start, whatever the machine. Each check runs in a fresh interpreter.
"""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys

import pytest

from corridor.cli import COMMANDS, load_command

_PROBE = """
import json, sys
sys.argv = ["corridor", *json.loads(sys.argv[1])]
from corridor.cli import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n")
"""


def _imported(*args: str) -> set[str]:
    """Top-level and dotted names of the modules a ``corridor`` command imported."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(list(args))],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    line = done.stderr.rsplit("\nMODULES ", 1)[1]
    return set(json.loads(line))


#: Never needed to list the commands (the root's help is plain click help: typer's Rich
#: formatter imports rich.markdown and rich.traceback).
HELP_NEVER = (
    "numpy",
    "scipy",
    "numba",
    "pandas",
    "matplotlib",
    "sqlalchemy",
    "fastapi",
    "pydantic",
    "dask",
    "rich",
    "corridor.network",
    "corridor.cli.routing",
    "corridor.cli.store",
)

#: Never needed by a compare on the embedded network, table output.
COMPARE_NEVER = (
    "scipy",
    "pydantic",
    "numpy.ma",
    "numba",
    "pandas",
    "matplotlib",
    "sqlalchemy",
    "fastapi",
    "dask",
    "jsonschema",
    "corridor.assignment",
    "corridor.finance",
    "corridor.store",
    "corridor.scenarios",
    "corridor.api",
    "corridor.cli.store",
    "csv",
    "rich._emoji_codes",
)


def _loaded(modules: set[str], name: str) -> bool:
    return name in modules or any(m.startswith(name + ".") for m in modules)


def test_help_imports_no_heavy_module() -> None:
    modules = _imported("--help")
    assert [m for m in HELP_NEVER if _loaded(modules, m)] == []


def test_compare_imports_no_heavy_module() -> None:
    modules = _imported("compare", "Xi'an", "Duisburg")
    assert "corridor.planning" in modules  # the probe did run the comparison
    assert [m for m in COMPARE_NEVER if _loaded(modules, m)] == []


@pytest.mark.parametrize("name", list(COMMANDS))
def test_help_line_is_the_commands_own(name: str) -> None:
    """``corridor --help`` lists each command by a line it keeps in COMMANDS."""
    command = load_command(name)
    own = inspect.cleandoc(command.short_help or command.help or "").split("\n\n")[0]
    assert COMMANDS[name][2] == " ".join(own.split())


def test_bare_command_prints_its_help() -> None:
    """``corridor`` or ``corridor network`` alone: the help on stdout, exit 2, no error line."""
    for args in ([], ["network"]):
        done = subprocess.run(
            [sys.executable, "-m", "corridor", *args],
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
            env={**os.environ, "COLUMNS": "100"},
        )
        assert done.returncode == 2  # usage
        assert "Usage:" in done.stdout
        assert "compare" in done.stdout if not args else "validate" in done.stdout
        assert done.stderr == ""
