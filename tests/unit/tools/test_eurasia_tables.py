"""The tables of the embedded network (tools/eurasia/) parse and validate."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tools"))

from eurasia_tables import TABLES, read_tables  # noqa: E402

TABLES_DIR = ROOT / "tools" / "eurasia"


def test_committed_tables_validate() -> None:
    tables = read_tables(TABLES_DIR, "tools/eurasia")
    assert len(tables["node"]) == 116
    assert len(tables["link"]) == 156
    assert {s.name for s in TABLES} == {p.stem for p in TABLES_DIR.glob("*.csv")}
