"""The report as a PDF, drawn by matplotlib's PDF backend (no browser needed).

The same content as the HTML page (:func:`corridor.report.content.gather`), on A4
landscape pages: the map and the comparison table, the transit-time distributions, the
landed cost, and the sources of the numbers.
"""

from __future__ import annotations

import io
import re
import textwrap
from typing import TYPE_CHECKING

from corridor._dependencies import import_optional
from corridor.report.basemap import BASEMAP_ATTRIBUTION, OKABE_ITO
from corridor.report.content import ReportContent, ReportSettings, gather

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from corridor.network.model import Network
    from corridor.routing.options import RouteOptions

__all__ = ["build_report_pdf", "render_pdf"]

_A4 = (11.69, 8.27)
_SCHEME = re.compile(r"\bhttps?://", re.IGNORECASE)
_LINES_PER_PAGE = 44


def _num(value: object, digits: int = 0) -> str:
    if isinstance(value, int | float) and value == value:  # noqa: PLR0124 - NaN check
        return f"{value:,.{digits}f}"
    return "–"


def _page(title: str) -> Figure:
    figure = import_optional("matplotlib.figure", extra="plot")
    fig: Figure = figure.Figure(figsize=_A4)
    fig.text(0.04, 0.96, title, fontsize=14, weight="bold", va="top")
    return fig


def _table(
    fig: Figure,
    box: tuple[float, float, float, float],
    header: list[str],
    rows: list[list[str]],
    colours: list[str] | None = None,
) -> None:
    ax = fig.add_axes(box)
    ax.axis("off")
    table = ax.table(cellText=rows, colLabels=header, loc="upper left", cellLoc="right")
    table.auto_set_font_size(False)  # noqa: FBT003 - matplotlib's signature
    table.set_fontsize(8)
    table.scale(1, 1.3)
    for (row, col), cell in table.get_celld().items():
        cell.set_edgecolor("#cccccc")
        if row == 0:
            cell.set_facecolor("#eef0f3")
        elif col == 1 and colours is not None:
            cell.get_text().set_color(colours[(row - 1) % len(colours)])
            cell.get_text().set_fontweight("bold")


def render_pdf(content: ReportContent) -> bytes:
    """The PDF of ``content``: A4 landscape pages drawn with matplotlib.

    Parameters
    ----------
    content
        What the report shows (:func:`corridor.report.content.gather`).

    Returns
    -------
    bytes
        The PDF document.

    Raises
    ------
    MissingOptionalDependencyError
        If matplotlib is not installed (``pip install 'corridor[plot]'``).
    """
    from corridor.report.figures import chart_figure, map_figure  # noqa: PLC0415
    from corridor.routing.families import FAMILY_LABELS  # noqa: PLC0415

    backend = import_optional("matplotlib.backends.backend_pdf", extra="plot")
    comparison = content.comparison
    settings = content.settings
    pages: list[Figure] = []

    first = map_figure(comparison.options)
    first.set_size_inches(*_A4)
    first.axes[0].set_position((0.02, 0.36, 0.96, 0.56))
    first.text(
        0.02, 0.97, f"{content.title}: corridor options", fontsize=14, weight="bold", va="top"
    )
    first.text(
        0.02,
        0.935,
        "; ".join(content.facts) + f". Made with {content.made}.",
        fontsize=8,
        va="top",
        color="#444444",
    )
    rows = []
    for i, route in enumerate(comparison.options):
        d = route.to_dict()
        days = d["transit_days"]
        rows.append(
            [
                str(i + 1),
                FAMILY_LABELS.get(route.corridor, route.corridor),
                _num(days.get("p50"), 1),
                _num(days.get("p90"), 1),
                _num(d["cost_usd"]),
                _num(d["co2_kg"]),
                _num(d["distance_km"]),
                str(d["border_crossings"]),
                str(d["customs_frontiers"]),
                str(d["transshipments"]),
            ]
        )
    header = [
        "#",
        "corridor",
        "P50 days",
        "P90 days",
        "USD",
        "kg CO2e",
        "km",
        "borders",
        "customs frontiers",
        "transfers",
    ]
    _table(first, (0.02, 0.02, 0.96, 0.3), header, rows, list(OKABE_ITO))
    pages.append(first)

    chart = chart_figure(content.simulations, deadline_days=settings.deadline_days)
    chart.set_size_inches(*_A4)
    chart.suptitle(
        f"Transit-time distribution: {settings.samples:,} sampled transits per option "
        f"(seed {settings.seed})"
    )
    pages.append(chart)

    if content.landed is not None:
        landed = content.landed
        page = _page(
            f"Landed cost of goods worth {landed['currency']} {_num(landed['value'])} "
            f"({landed['quantity']} x {landed['cargo']})"
        )
        rows = [
            [
                str(o["rank"]),
                o["label"],
                _num(o["components"]["freight"]),
                _num(o["components"]["insurance"]),
                _num(o["components"]["carrying_in_transit"]),
                _num(o["components"]["safety_stock"]),
                _num(o["total"]),
                _num(o["per_unit"]),
                f"{100 * o['share_of_value']:.2f} %",
            ]
            for o in landed["options"]
        ]
        header = [
            "#",
            "corridor",
            "freight",
            "insurance",
            "inventory in transit",
            "safety stock",
            "total",
            "per unit",
            "share of value",
        ]
        _table(page, (0.04, 0.35, 0.92, 0.55), header, rows)
        notes = [
            f"Dropped: {o['label']}, total {_num(o['total'])}: {o.get('reason', '')}"
            for o in landed.get("dropped", [])
        ]
        if notes:
            page.text(0.04, 0.3, "\n".join(notes), fontsize=8, va="top")
        pages.append(page)

    lines: list[str] = []
    for src, kind, fields in content.sources:
        text = f"{_SCHEME.sub('', src)} ({kind}; {', '.join(fields[:6])})"
        lines += textwrap.wrap(text, 150, subsequent_indent="    ") or [""]
    lines += ["", f"Map: {BASEMAP_ATTRIBUTION}. Estimates are marked as such above."]
    for start in range(0, len(lines), _LINES_PER_PAGE):
        page = _page("Sources of the numbers")
        page.text(
            0.04,
            0.92,
            "\n".join(lines[start : start + _LINES_PER_PAGE]),
            fontsize=7,
            va="top",
            family="monospace",
        )
        pages.append(page)

    buffer = io.BytesIO()
    with backend.PdfPages(
        buffer, metadata={"Title": f"{content.title}: corridor options", "Creator": content.made}
    ) as pdf:
        for fig in pages:
            pdf.savefig(fig)
    return buffer.getvalue()


def build_report_pdf(
    network: Network,
    origin: str,
    destination: str,
    *,
    options: RouteOptions | None = None,
    settings: ReportSettings | None = None,
) -> bytes:
    """The report comparing the corridors from ``origin`` to ``destination``, as a PDF.

    Parameters
    ----------
    network
        The network (with any scenario applied).
    origin, destination
        Node ids (or names, matched as :func:`corridor.compare` matches them).
    options
        Route options (cargo, closures, countries avoided, month, ...).
    settings
        Deadline, value of the goods, samples and scenario names shown.

    Returns
    -------
    bytes
        The PDF document.

    Raises
    ------
    InvalidArgumentError
        If a setting is out of range.
    UnknownPlaceError
        If a place is not in the network.
    NoRouteError
        If no corridor connects the places.
    MissingOptionalDependencyError
        If matplotlib is not installed (``pip install 'corridor[plot]'``).
    """
    return render_pdf(gather(network, origin, destination, options=options, settings=settings))
