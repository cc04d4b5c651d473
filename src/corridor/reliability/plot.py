"""Pictures of transit-time distributions (needs ``corridor[plot]``: matplotlib)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from corridor._dependencies import import_optional
from corridor.exceptions import InvalidArgumentError
from corridor.reliability.montecarlo import TransitSimulation

__all__ = ["plot_transit_times"]


def plot_transit_times(
    simulations: Sequence[tuple[str, TransitSimulation]],
    path: str | Path,
    *,
    deadline_days: float | None = None,
    title: str = "",
) -> Path:
    """Histogram and CDF of each simulation's terminal-to-terminal days, the deadline marked.

    Parameters
    ----------
    simulations
        ``(label, simulation)`` pairs.
    path
        Output file; the suffix (``.png``, ``.svg``, ``.pdf``) picks the format, and a
        name without a suffix gets ``.png`` (the returned path says so).
    deadline_days
        Drawn as a vertical line, with each curve's on-time probability in the legend.
    title
        Figure title.

    Returns
    -------
    Path
        The file actually written.

    Raises
    ------
    InvalidArgumentError
        If ``path`` is an existing directory or its suffix names no image format.
    """
    out = Path(path)
    if out.is_dir():
        raise InvalidArgumentError(
            f"plot path {str(out)!r} is a directory; give a file name such as "
            f"{str(out / 'transit.png')!r}"
        )
    matplotlib = import_optional("matplotlib", extra="plot")
    matplotlib.use("Agg")
    plt = import_optional("matplotlib.pyplot", extra="plot")
    fig, (hist_ax, cdf_ax) = plt.subplots(2, 1, figsize=(9, 7), sharex=True)
    formats = fig.canvas.get_supported_filetypes()
    if not out.suffix:
        out = out.with_name(out.name + ".png")
    elif out.suffix[1:].lower() not in formats:
        plt.close(fig)
        raise InvalidArgumentError(
            f"plot path {str(out)!r}: {out.suffix!r} is not an image format; "
            f"use one of {', '.join('.' + f for f in sorted(formats))}"
        )
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
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out
