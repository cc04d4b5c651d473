"""Tornado plot of a project's sensitivity table (needs ``corridor[plot]``: matplotlib)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from corridor._checks import check_instance, writing
from corridor._dependencies import import_optional
from corridor.appraisal.appraise import Appraisal
from corridor.reliability.plot import image_path

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["plot_tornado"]

_LABELS = {
    "capex": "capex",
    "opex": "opex",
    "demand": "demand",
    "value_of_time": "value of time",
    "carbon": "carbon price",
    "discount_rate": "discount rate",
    "tariff": "tariff",
    "fx": "FX (revenue currency)",
}


def plot_tornado(appraisal: Appraisal, path: str | Path | None = None) -> Figure:
    """Bars of the economic NPV with each input at −20 % and +20 %, widest first.

    The figure is returned (not registered with ``matplotlib.pyplot``); it is saved only
    when ``path`` is given, and the path is checked before anything is drawn.

    Parameters
    ----------
    appraisal
        An appraisal (:func:`~corridor.appraisal.appraise.appraise`).
    path
        Also save the figure to this file (the suffix picks the format, none gives
        ``.png``); ``None``: write nothing.

    Returns
    -------
    matplotlib.figure.Figure
        One horizontal bar per input around the central ENPV.

    Raises
    ------
    InvalidArgumentError
        If ``appraisal`` is not an Appraisal, or ``path`` is a directory, its folder does
        not exist, its suffix names no image format or it cannot be written.
    MissingOptionalDependencyError
        If matplotlib is not installed (``pip install 'corridor[plot]'``).
    """
    check_instance("appraisal", appraisal, Appraisal, "an Appraisal from appraise()")
    out = None if path is None else image_path(path)
    figure = import_optional("matplotlib.figure", extra="plot")
    rows = list(reversed(appraisal.sensitivity))  # widest at the top
    central = appraisal.central.economic_npv / 1e6
    fig: Figure = figure.Figure(figsize=(8, 0.5 * len(rows) + 1.8))
    ax = fig.subplots()
    for i, r in enumerate(rows):
        lo, hi = r.npv_low / 1e6, r.npv_high / 1e6
        ax.barh(i, lo - central, left=central, color="tab:red", alpha=0.75)
        ax.barh(i, hi - central, left=central, color="tab:blue", alpha=0.75)
    ax.set_yticks(range(len(rows)), [_LABELS.get(r.input, r.input) for r in rows])
    ax.axvline(central, color="black", linewidth=1)
    ax.axvline(0.0, color="grey", linewidth=0.8, linestyle="--")
    currency = appraisal.project.currency
    ax.set_xlabel(f"economic NPV (million {currency}); red: input -20 %, blue: +20 %")
    ax.set_title(f"{appraisal.project.name}: ENPV {central:,.0f} M {currency}", fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    if out is not None:
        with writing("path", out):
            fig.savefig(out, dpi=110)
    return fig
