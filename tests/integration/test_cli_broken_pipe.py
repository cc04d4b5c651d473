"""A reader that leaves early (`corridor ... | head`) ends the command quietly: no error line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CLI = Path(sys.executable).with_name("corridor")


@pytest.mark.parametrize(
    "args",
    [
        ["compare", "Shanghai", "Rotterdam", "-f", "csv"],
        ["route", "Xi'an", "Duisburg", "--alternatives", "3"],
        ["places"],
    ],
)
def test_closed_stdout_gives_no_error_line_and_no_traceback(args: list[str]) -> None:
    with subprocess.Popen(
        [str(CLI), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stdout is not None
        assert proc.stderr is not None
        proc.stdout.close()  # the reader is gone before the first line is written
        stderr = proc.stderr.read()
        code = proc.wait(timeout=120)
    assert "Traceback" not in stderr
    assert "error" not in stderr.lower(), stderr
    assert code == 1, stderr  # click's status for a closed stdout, whichever write fails
