"""plot_transit_times returns the figure and writes a file only when given a path."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from corridor import InvalidArgumentError, MissingOptionalDependencyError
from corridor.reliability.montecarlo import TransitSimulation
from corridor.reliability.plot import image_path, plot_transit_times

matplotlib = pytest.importorskip("matplotlib")
from matplotlib.figure import Figure  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n"


def _sim(seed: int, shape: float = 20.0) -> TransitSimulation:
    rng = np.random.default_rng(seed)
    return TransitSimulation(
        totals_h=rng.gamma(shape, 20.0, size=3_000),
        labels=("all",),
        component_mean_h=np.array([shape * 20.0]),
        variance_share=np.array([1.0]),
    )


def _sims() -> list[tuple[str, TransitSimulation]]:
    return [("northern", _sim(0)), ("middle", _sim(1, 30.0))]


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_without_a_path_it_returns_a_figure_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    fig = plot_transit_times(_sims(), deadline_days=18.0, title="Xi'an → Duisburg")
    assert isinstance(fig, Figure)
    assert _files(tmp_path) == []
    hist_ax, cdf_ax = fig.axes
    assert cdf_ax.get_xlabel() == "terminal-to-terminal transit time (days)"
    assert cdf_ax.get_ylim() == (0.0, 1.0)
    assert fig.get_suptitle() == "Xi'an → Duisburg"
    legend = hist_ax.get_legend()
    assert legend is not None
    texts = [t.get_text() for t in legend.get_texts()]
    assert len(texts) == 2
    assert texts[0].startswith("northern: P50 ")
    assert "on time" in texts[0]
    # the CDF of each run reaches 1 at its slowest sample, in days (not hours)
    for line, (_, sim) in zip(cdf_ax.get_lines(), _sims(), strict=False):
        xs = np.asarray(line.get_xdata(), dtype=float)
        ys = np.asarray(line.get_ydata(), dtype=float)
        assert float(xs.max()) == pytest.approx(float(sim.totals_h.max()) / 24.0)
        assert float(ys[-1]) == pytest.approx(1.0)


def test_the_deadline_is_drawn_on_both_axes() -> None:
    fig = plot_transit_times(_sims(), deadline_days=25.0)
    for ax in fig.axes:
        verticals = [
            ln
            for ln in ax.get_lines()
            if np.asarray(ln.get_xdata(), dtype=float).tolist() == [25.0, 25.0]
        ]
        assert len(verticals) == 1


def test_the_figure_is_not_left_open_in_pyplot() -> None:
    plt = pytest.importorskip("matplotlib.pyplot")
    before = plt.get_fignums()
    for _ in range(3):
        plot_transit_times(_sims())
    assert plt.get_fignums() == before


def test_with_a_path_it_also_saves_and_returns_the_same_figure(tmp_path: Path) -> None:
    target = tmp_path / "dist.png"
    fig = plot_transit_times(_sims(), target)
    assert isinstance(fig, Figure)
    assert target.read_bytes()[:8] == PNG
    assert _files(tmp_path) == ["dist.png"]
    again = tmp_path / "again.svg"
    fig.savefig(again)
    assert b"<svg" in again.read_bytes()[:400]


def test_a_name_without_suffix_is_saved_as_png(tmp_path: Path) -> None:
    assert image_path(tmp_path / "plot") == tmp_path / "plot.png"
    plot_transit_times(_sims(), str(tmp_path / "plot"))
    assert _files(tmp_path) == ["plot.png"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing/x.png", "does not exist"),
        ("x.txt", r"'\.txt' is not an image format"),
        ("", "is a directory"),
    ],
)
def test_a_bad_path_is_refused_before_drawing(tmp_path: Path, name: str, message: str) -> None:
    target = tmp_path / name if name else tmp_path
    with pytest.raises(InvalidArgumentError, match=message):
        plot_transit_times(_sims(), target)
    assert _files(tmp_path) == []


def test_a_bad_deadline_is_refused() -> None:
    with pytest.raises(InvalidArgumentError, match="deadline_days"):
        plot_transit_times(_sims(), deadline_days=float("nan"))


def test_without_matplotlib_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(MissingOptionalDependencyError, match=r"corridor\[plot\]"):
        plot_transit_times(_sims())
