"""tools/build_basemap.py re-creates the committed basemap from Natural Earth exactly."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tools"))

import build_basemap as bb  # noqa: E402

SOURCE = "naturalearth/ne_110m_admin_0_countries.geojson.gz"


def test_the_committed_basemap_is_the_build_of_natural_earth(
    shared_data: Path, tmp_path: Path
) -> None:
    out = tmp_path / "countries.geojson"
    size = bb.write(bb.build(shared_data / SOURCE), out)
    assert out.read_text(encoding="utf-8") == bb.OUT.read_text(encoding="utf-8")
    assert size < 250_000  # compact: 3 decimals, three properties


def test_rounding_keeps_rings_closed_and_drops_repeats() -> None:
    ring = [[1.00001, 2.0], [1.00002, 2.0], [3.0, 4.0], [1.0, 2.00049]]
    out = bb._ring(bb._round(ring, 3))
    assert out[0] == out[-1] == [1.0, 2.0]
    assert out == [[1.0, 2.0], [3.0, 4.0], [1.0, 2.0]]
