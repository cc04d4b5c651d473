"""The embedded network is reproducible from tools/build_eurasia.py and ../shared/data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_rebuild_reproduces_the_committed_network(shared_data: Path, tmp_path: Path) -> None:
    out, report = tmp_path / "eurasia.geojson", tmp_path / "report.md"
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "build_eurasia.py"),
            "--data",
            str(shared_data),
            "--out",
            str(out),
            "--report",
            str(report),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    committed = ROOT / "src" / "corridor" / "data" / "eurasia.geojson"
    assert out.read_bytes() == committed.read_bytes(), (
        "the committed network differs from a fresh build: run tools/build_eurasia.py"
    )
    assert report.read_text() == (ROOT / "tools" / "eurasia_build_report.md").read_text()


def test_committed_network_has_one_feature_per_line() -> None:
    committed = ROOT / "src" / "corridor" / "data" / "eurasia.geojson"
    lines = committed.read_text(encoding="utf-8").splitlines()
    doc = json.loads("\n".join(lines))
    feature_lines = [ln for ln in lines if ln.startswith('{"type":"Feature"')]
    assert len(feature_lines) == len(doc["features"]) > 0
    for line, feature in zip(feature_lines, doc["features"], strict=True):
        assert json.loads(line.removesuffix(",")) == feature
    assert '"corridor":{' in lines
    assert max(len(ln) for ln in lines if not ln.startswith('{"type":"Feature"')) < 2000
