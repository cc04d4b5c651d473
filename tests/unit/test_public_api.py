"""The top-level package: every exported name resolves, and importing it stays light."""

from __future__ import annotations

import subprocess
import sys

import pytest

import corridor
import corridor.io


@pytest.mark.parametrize("module", [corridor, corridor.io], ids=lambda m: m.__name__)
def test_every_exported_name_resolves(module: object) -> None:
    names = module.__all__  # type: ignore[attr-defined]
    for name in names:
        assert getattr(module, name) is not None, name
    assert set(dir(module)) >= set(names)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = corridor.nope


def test_the_command_line_starts_without_numpy_or_scipy() -> None:
    """`corridor --help` must not pay for the numerical stack (cold start, issue 10)."""
    code = "import sys, corridor.cli; print('numpy' in sys.modules, 'scipy' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.split() == ["False", "False"]
