"""image_path names the file plot_transit_times really writes; a directory is refused."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from corridor import InvalidArgumentError
from corridor.reliability.montecarlo import TransitSimulation
from corridor.reliability.plot import image_path, plot_transit_times

pytest.importorskip("matplotlib")
PNG = b"\x89PNG\r\n\x1a\n"


def _sims() -> list[tuple[str, TransitSimulation]]:
    rng = np.random.default_rng(0)
    sim = TransitSimulation(
        totals_h=rng.gamma(20.0, 20.0, size=2_000),
        labels=("all",),
        component_mean_h=np.array([400.0]),
        variance_share=np.array([1.0]),
    )
    return [("a", sim)]


def test_name_without_suffix_returns_the_png_it_wrote(tmp_path: Path) -> None:
    """It used to return ``DIR/plot`` while writing ``DIR/plot.png``."""
    written = image_path(tmp_path / "plot")
    plot_transit_times(_sims(), tmp_path / "plot")
    assert written == tmp_path / "plot.png"
    assert written.read_bytes()[:8] == PNG
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plot.png"]


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidArgumentError, match="is a directory"):
        plot_transit_times(_sims(), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_unknown_suffix_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidArgumentError, match=r"'\.txt' is not an image format"):
        plot_transit_times(_sims(), tmp_path / "plot.txt")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["p.png", "p.svg", "p.PDF"])
def test_known_suffix_is_kept(tmp_path: Path, name: str) -> None:
    plot_transit_times(_sims(), tmp_path / name, deadline_days=18.0)
    written = image_path(tmp_path / name)
    assert written == tmp_path / name
    assert written.stat().st_size > 0
