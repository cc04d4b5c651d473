"""Published figures against the model: tools/validation/figures.csv and its report.

Every figure marked ``calibration`` must stay within its band. The band is the published
range widened by the row's stated ``tolerance`` (a fraction), or the explicit
``band_low``-``band_high`` of a ``docs/calibration.md`` target; the report
(``docs/validation.md``) shows how the held-apart (``holdout``) figures fare, without a
pass mark here.
"""

from __future__ import annotations

import csv
import math
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import validation_report as vr  # noqa: E402

FIGURES = vr.read_figures()
CALIBRATION = [f for f in FIGURES if f.use == "calibration"]


@cache
def _outcomes() -> dict[str, vr.Outcome]:
    return {o.figure.id: o for o in vr.evaluate(FIGURES)}


@pytest.mark.parametrize("fig", CALIBRATION, ids=lambda f: f.id)
def test_calibration_figure_stays_within_its_band(fig: vr.Figure) -> None:
    out = _outcomes()[fig.id]
    shown = (
        f"P5-P95 {out.interval[0]:.2f}-{out.interval[1]:.2f}"
        if out.interval is not None
        else f"{out.value}"
    )
    assert out.status == "within", (
        f"{fig.id} ({fig.origin} -> {fig.destination}, {fig.metric}): model {shown} is "
        f"{out.status} [{fig.band_low:,.2f}, {fig.band_high:,.2f}] (published "
        f"{fig.published_low:,.2f}-{fig.published_high:,.2f}, tolerance {fig.tolerance:.0%}): "
        f"{out.reason}; re-calibrate the network tables or update docs/calibration.md and "
        "tools/validation/figures.csv together"
    )


def test_figures_file_is_well_formed() -> None:
    assert len(FIGURES) >= 50
    assert len({f.id for f in FIGURES}) == len(FIGURES)
    assert {f.category for f in FIGURES} == set(vr.CATEGORIES)
    assert sum(f.use == "holdout" for f in FIGURES) >= 40
    for f in FIGURES:
        assert f.source.strip(), f.id
        assert "http" in f.source or "FACTS.md" in f.source, f"{f.id}: give the source's URL"
        assert f.confidence in vr.CONFIDENCES, f.id
        assert f.metric in vr.METRICS, f.id
        assert f.category in vr.CATEGORIES, f.id
        assert f.published_low <= f.published_high, f.id
        assert f.band_low <= f.published_low <= f.published_high <= f.band_high, f.id
        assert all(math.isfinite(x) for x in (f.band_low, f.band_high)), f.id


def test_withdrawn_figures_say_why_and_are_not_counted() -> None:
    withdrawn = [f for f in FIGURES if f.use == "withdrawn"]
    for f in withdrawn:
        assert f.note.startswith("withdrawn:"), f"{f.id}: say in the note why it is withdrawn"
    hold = [o for o in _outcomes().values() if o.figure.use == "holdout"]
    assert all(o.figure.use != "withdrawn" for o in hold)


def test_every_docs_calibration_target_is_a_calibration_figure() -> None:
    """The 18 targets of tests/regression/test_corridor_figures.py are all here."""
    cal_targets = [f for f in CALIBRATION if "calibration target #" in f.note]
    numbers = sorted(int(f.note.split("#")[1].split()[0].rstrip(":;,)")) for f in cal_targets)
    assert numbers == list(range(1, 19))


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(vr.COLUMNS))
        w.writeheader()
        w.writerows([{c: r.get(c, "") for c in vr.COLUMNS} for r in rows])
    return path


def _row(**kw: str) -> dict[str, str]:
    base = {
        "id": "x",
        "use": "holdout",
        "category": "distance",
        "metric": "km",
        "origin": "Xi'an",
        "destination": "Duisburg",
        "family": "northern",
        "direction": "westbound",
        "query": "compare",
        "published_low": "9908",
        "published_high": "9908",
        "tolerance": "0.05",
        "confidence": "S",
        "source": "test, https://example.org",
    }
    base.update(kw)
    return base


def test_malformed_rows_are_all_reported(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "figures.csv",
        [
            _row(id="a", published_low="10", published_high="5"),
            _row(id="b", metric="furlongs"),
            _row(id="c", source=""),
            _row(id="d", options="speed=fast"),
            _row(id="d"),
        ],
    )
    with pytest.raises(vr.FigureFileError) as err:
        vr.read_figures(path)
    text = str(err.value)
    assert "row 2, column published_low" in text
    assert "row 3, column metric: 'furlongs' unknown" in text
    assert "row 4, column source: empty" in text
    assert "row 5, column options" in text
    assert "id 'd' appears 2 times" in text


def test_unknown_place_or_regime_is_not_modelled_not_dropped(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "figures.csv",
        [
            _row(id="atlantis", origin="Atlantis"),
            _row(
                id="jam",
                category="transit_time",
                metric="mean_days",
                regime="rail:gridlock",
                published_low="30",
                published_high="40",
            ),
            _row(id="ok"),
        ],
    )
    out = {o.figure.id: o for o in vr.evaluate(vr.read_figures(path))}
    assert out["atlantis"].status == "not modelled"
    assert "place not in the network" in out["atlantis"].reason
    assert out["jam"].status == "not modelled"
    assert "gridlock" in out["jam"].reason
    assert out["ok"].status == "within"
    assert out["ok"].value == pytest.approx(_outcomes()["cal_km_xian_duisburg"].value)


def test_report_script_writes_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "validation.md"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "validation_report.py"), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    text = out.read_text(encoding="utf-8")
    assert "## Summary" in text
    assert "Holdout:" in text
    for title in vr.CATEGORY_TITLES.values():
        assert f"## {title}" in text
    for f in FIGURES:
        assert f"`{f.id}`" in text, f.id
    check = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "validation_report.py"),
            "--out",
            str(out),
            "--check",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert check.returncode == 0, "the report is not deterministic: " + check.stderr
