"""Pictures of transit-time distributions (needs ``corridor[plot]``: matplotlib)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from corridor._checks import check_number, check_output_path, show, writing
from corridor._dependencies import import_optional
from corridor.exceptions import InvalidArgumentError
from corridor.reliability.montecarlo import TransitSimulation

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["image_path", "plot_transit_times"]


def image_path(path: str | Path) -> Path:
    """The image file that saving a figure to ``path`` writes, checked before any drawing.

    Parameters
    ----------
    path
        Output file; its suffix (``.png``, ``.svg``, ``.pdf``, ...) picks the format, and
        a name without a suffix gets ``.png``.

    Returns
    -------
    Path
        The file that will be written (``plot`` becomes ``plot.png``).

    Raises
    ------
    InvalidArgumentError
        If ``path`` is not a path, is an existing directory, its folder does not exist or
        its suffix names no image format.
    MissingOptionalDependencyError
        If matplotlib is not installed (``pip install 'corridor[plot]'``).
    """
    out = Path(path) if isinstance(path, str | Path) else path
    if isinstance(out, Path) and out.is_dir():
        raise InvalidArgumentError(
            f"plot path {str(out)!r} is a directory; give a file name such as "
            f"{str(out / 'transit.png')!r}"
        )
    out = check_output_path("path", out)
    bases = import_optional("matplotlib.backend_bases", extra="plot")
    formats = bases.FigureCanvasBase.get_supported_filetypes()
    if not out.suffix:
        return out.with_name(out.name + ".png")
    if out.suffix[1:].lower() not in formats:
        raise InvalidArgumentError(
            f"plot path {str(out)!r}: {out.suffix!r} is not an image format; "
            f"use one of {', '.join('.' + f for f in sorted(formats))}"
        )
    return out


def plot_transit_times(
    simulations: Sequence[tuple[str, TransitSimulation]],
    path: str | Path | None = None,
    *,
    deadline_days: float | None = None,
    title: str = "",
) -> Figure:
    """Histogram and CDF of each simulation's terminal-to-terminal days, the deadline marked.

    The figure is returned, to show in a notebook or to change before saving; it is saved
    only when ``path`` is given (the path is checked before anything is drawn). The
    figure is not registered with ``matplotlib.pyplot`` (no global state, nothing to
    close); ``fig.savefig(...)`` saves it later.

    Parameters
    ----------
    simulations
        ``(label, simulation)`` pairs.
    path
        Also save the figure to this file (see :func:`image_path`: the suffix picks the
        format, a name without one gets ``.png``); ``None``: write nothing.
    deadline_days
        Drawn as a vertical line, with each curve's on-time probability in the legend.
    title
        Figure title.

    Returns
    -------
    matplotlib.figure.Figure
        The figure: a histogram (density) above the cumulative distribution.

    Raises
    ------
    InvalidArgumentError
        If ``path`` is an existing directory, its folder does not exist, its suffix names
        no image format or it cannot be written; if ``simulations`` is empty or holds
        anything but ``(label, TransitSimulation)`` pairs; if ``deadline_days`` is not a
        finite number >= 0.
    MissingOptionalDependencyError
        If matplotlib is not installed (``pip install 'corridor[plot]'``).
    """
    out = None if path is None else image_path(path)
    _check_simulations(simulations)
    if deadline_days is not None:
        deadline_days = check_number("deadline_days", deadline_days, low=0.0)
    figure = import_optional("matplotlib.figure", extra="plot")
    fig: Figure = figure.Figure(figsize=(9, 7))
    hist_ax, cdf_ax = fig.subplots(2, 1, sharex=True)
    hi = max(float(np.percentile(s.totals_h, 99.5)) for _, s in simulations) / 24.0
    lo = min(float(np.percentile(s.totals_h, 0.1)) for _, s in simulations) / 24.0
    bins = np.linspace(lo, hi, 80)
    for label, sim in simulations:
        days = sim.totals_h / 24.0
        text = f"{label}: P50 {sim.percentile_days(50):.1f} d, P90 {sim.percentile_days(90):.1f} d"
        if deadline_days is not None:
            text += f", on time {100 * sim.probability_within(deadline_days):.0f}%"
        hist_ax.hist(days, bins=bins, density=True, alpha=0.45, label=text)
        xs = np.sort(days)
        cdf_ax.plot(xs, np.arange(1, xs.size + 1) / xs.size, label=label)
    for ax in (hist_ax, cdf_ax):
        if deadline_days is not None:
            ax.axvline(deadline_days, color="black", linestyle="--", linewidth=1)
        ax.grid(alpha=0.3)
    if deadline_days is not None:
        cdf_ax.text(deadline_days, 0.02, f" deadline {deadline_days:g} d", fontsize=9)
    hist_ax.set_ylabel("density")
    hist_ax.legend(fontsize=8, loc="upper right")
    cdf_ax.set_ylabel("P(arrived)")
    cdf_ax.set_xlabel("terminal-to-terminal transit time (days)")
    cdf_ax.set_ylim(0, 1)
    right = hi if deadline_days is None else max(hi, deadline_days * 1.05)
    cdf_ax.set_xlim(lo, right)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    if out is not None:
        with writing("path", out):
            fig.savefig(out, dpi=110)
    return fig


def _check_simulations(simulations: object) -> None:
    """Refuse anything but a non-empty sequence of ``(label, TransitSimulation)`` pairs."""
    if isinstance(simulations, str | bytes) or not isinstance(simulations, Sequence):
        raise InvalidArgumentError(
            f"simulations={show(simulations)}: use a list of (label, TransitSimulation) pairs"
        )
    if not simulations:
        raise InvalidArgumentError("simulations=[]: give at least one (label, simulation) pair")
    for i, pair in enumerate(simulations):
        if (
            not isinstance(pair, tuple | list)
            or len(pair) != 2  # noqa: PLR2004
            or not isinstance(pair[1], TransitSimulation)
        ):
            raise InvalidArgumentError(
                f"simulations[{i}]={show(pair)}: use a (label, TransitSimulation) pair"
            )
