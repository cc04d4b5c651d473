"""The report's images, drawn with matplotlib (Agg, no display) as PNG bytes."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from corridor._dependencies import import_optional
from corridor.report.basemap import OKABE_ITO, countries

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from corridor.reliability.montecarlo import TransitSimulation
    from corridor.routing.result import Route

__all__ = ["chart_figure", "chart_png", "map_figure", "map_png"]

_SEA = "#dbe9f4"
_LAND = "#f4f1ea"
_BORDER = "#b9b3a6"
_MARGIN_DEG = 4.0
_WIDTH = 10.0
_HEIGHT = 5.6


def _png(fig: Figure, dpi: int) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    return [poly[0] for poly in geometry["coordinates"]]


def map_png(routes: Sequence[Route], *, dpi: int = 100) -> bytes:
    """A static map (see :func:`map_figure`) as PNG bytes.

    Parameters
    ----------
    routes
        The routes to draw, in table order (colour ``i`` is ``OKABE_ITO[i]``).
    dpi
        Resolution of the PNG (the figure is 10 x 5.6 inches).

    Returns
    -------
    bytes
        The PNG image.

    Raises
    ------
    MissingOptionalDependencyError
        If matplotlib is not installed (``pip install 'corridor[plot]'``).
    """
    return _png(map_figure(routes), dpi)


def map_figure(routes: Sequence[Route]) -> Figure:
    """A static map: Natural Earth countries, the sea, each route in its Okabe-Ito colour.

    Parameters
    ----------
    routes
        The routes to draw, in table order (colour ``i`` is ``OKABE_ITO[i]``).

    Returns
    -------
    matplotlib.figure.Figure
        The figure (10 x 5.6 inches), not registered with pyplot.

    Raises
    ------
    MissingOptionalDependencyError
        If matplotlib is not installed (``pip install 'corridor[plot]'``).
    """
    from corridor.routing.families import FAMILY_LABELS  # noqa: PLC0415

    figure = import_optional("matplotlib.figure", extra="plot")
    fig: Figure = figure.Figure(figsize=(_WIDTH, _HEIGHT))
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_facecolor(_SEA)
    for feature in countries()["features"]:
        for ring in _rings(feature["geometry"]):
            xs = [p[0] for p in ring]
            ys = [p[1] for p in ring]
            ax.fill(xs, ys, facecolor=_LAND, edgecolor=_BORDER, linewidth=0.4)
    lons: list[float] = []
    lats: list[float] = []
    for i, route in enumerate(routes):
        line = route.to_feature()["geometry"]["coordinates"]
        xs = [p[0] for p in line]
        ys = [p[1] for p in line]
        lons += xs
        lats += ys
        colour = OKABE_ITO[i % len(OKABE_ITO)]
        name = FAMILY_LABELS.get(route.corridor, route.corridor)
        ax.plot(xs, ys, color=colour, linewidth=2.4, label=f"{i + 1} {name}")
    for route in routes[:1]:
        for node in (route.origin, route.destination):
            ax.plot(node.lon, node.lat, "o", color="black", markersize=5)
            ax.annotate(
                node.name,
                (node.lon, node.lat),
                textcoords="offset points",
                xytext=(5, 5),
                fontsize=9,
            )
    if lons:
        west, east = min(lons) - _MARGIN_DEG, max(lons) + _MARGIN_DEG
        south, north = min(lats) - _MARGIN_DEG, max(lats) + _MARGIN_DEG
        # widen the shorter side so that degrees are square (plate carrée) on the figure
        ratio = _WIDTH / _HEIGHT
        if (east - west) / (north - south) < ratio:
            grow = ((north - south) * ratio - (east - west)) / 2
            west, east = west - grow, east + grow
        else:
            grow = ((east - west) / ratio - (north - south)) / 2
            south, north = south - grow, north + grow
        ax.set_xlim(west, east)
        ax.set_ylim(south, north)
        ax.legend(loc="lower left", fontsize=8, framealpha=0.9)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.text(
        0.995,
        0.005,
        "Natural Earth (public domain)",
        transform=ax.transAxes,
        ha="right",
        va="bottom",
        fontsize=7,
        color="#555555",
    )
    return fig


def chart_png(
    simulations: Sequence[tuple[str, TransitSimulation]],
    *,
    deadline_days: float | None = None,
    dpi: int = 90,
) -> bytes:
    """The transit-time distributions (histogram and CDF), the deadline marked.

    Parameters
    ----------
    simulations
        ``(label, simulation)`` pairs, in table order.
    deadline_days
        Drawn as a vertical line, with each option's on-time probability.
    dpi
        Resolution of the PNG.

    Returns
    -------
    bytes
        The PNG image.

    Raises
    ------
    InvalidArgumentError
        If ``simulations`` is empty or ``deadline_days`` is not a finite number >= 0.
    MissingOptionalDependencyError
        If matplotlib is not installed (``pip install 'corridor[plot]'``).
    """
    return _png(chart_figure(simulations, deadline_days=deadline_days), dpi)


def chart_figure(
    simulations: Sequence[tuple[str, TransitSimulation]],
    *,
    deadline_days: float | None = None,
) -> Figure:
    """The transit-time distributions in the Okabe-Ito colours of the table.

    Parameters
    ----------
    simulations
        ``(label, simulation)`` pairs, in table order.
    deadline_days
        Drawn as a vertical line, with each option's on-time probability.

    Returns
    -------
    matplotlib.figure.Figure
        :func:`corridor.reliability.plot_transit_times`, recoloured.

    Raises
    ------
    InvalidArgumentError
        If ``simulations`` is empty or ``deadline_days`` is not a finite number >= 0.
    MissingOptionalDependencyError
        If matplotlib is not installed (``pip install 'corridor[plot]'``).
    """
    from corridor.reliability.plot import plot_transit_times  # noqa: PLC0415

    fig = plot_transit_times(simulations, deadline_days=deadline_days)
    for ax in fig.axes:
        for i, container in enumerate(ax.containers):
            for patch in container:
                patch.set_facecolor(OKABE_ITO[i % len(OKABE_ITO)])
        curves = [ln for ln in ax.get_lines() if ln.get_linestyle() != "--"]
        for i, line in enumerate(curves):
            line.set_color(OKABE_ITO[i % len(OKABE_ITO)])
        if ax.get_legend() is not None:
            ax.legend(fontsize=8, loc="upper right")
    return fig
