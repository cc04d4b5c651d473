"""One self-contained HTML report of a corridor comparison, to send by e-mail.

Everything is inside the file: the CSS inline, the map and the chart as PNG ``data:``
URIs. The sources of the numbers are listed as text (``github.com/...``, without the
scheme), so the file refers to nothing outside itself and opens offline.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from corridor.report.basemap import BASEMAP_ATTRIBUTION, OKABE_ITO
from corridor.report.content import ReportContent, ReportSettings, gather

if TYPE_CHECKING:
    from corridor.network.model import Network
    from corridor.planning.compare import Comparison
    from corridor.reliability.montecarlo import TransitSimulation
    from corridor.routing.options import RouteOptions

__all__ = ["build_report", "render_html"]

_SCHEME = re.compile(r"\bhttps?://", re.IGNORECASE)
_CSS = """
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d232a;
max-width:1050px;margin:1.5em auto;padding:0 1em}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccd}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums;margin:.5em 0}
th,td{border-bottom:1px solid #dde;padding:.25em .5em;text-align:right;vertical-align:top}
th:first-child,td:first-child,td.t,th.t{text-align:left}
thead th{background:#f0f2f5}
.sw{display:inline-block;width:.9em;height:.9em;border-radius:2px;margin-right:.4em;
vertical-align:-.1em}
img{max-width:100%;height:auto;border:1px solid #ccd}
.meta{color:#4a5560}.src li{margin:.2em 0}small{color:#4a5560}
details{margin:.4em 0}summary{cursor:pointer}
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _num(value: object, digits: int = 0) -> str:
    if isinstance(value, int | float) and value == value:  # noqa: PLR0124 - NaN check
        return f"{value:,.{digits}f}"
    return "–"


def _img(png: bytes, alt: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{_e(alt)}">'


def _plain(text: str) -> str:
    """A citation without its ``http(s)://`` (the report links to nothing outside)."""
    return _SCHEME.sub("", text)


def _table(comparison: Comparison) -> str:
    from corridor.routing.families import FAMILY_LABELS  # noqa: PLC0415

    head = (
        "<tr><th>#</th><th class=t>corridor</th><th>P50 days</th><th>P90 days</th>"
        "<th>USD</th><th>kg CO2e</th><th>km</th><th>borders</th><th>customs frontiers</th>"
        "<th>transfers</th><th class=t>countries</th><th class=t>passages</th></tr>"
    )
    rows = []
    for i, route in enumerate(comparison.options):
        d = route.to_dict()
        days = d["transit_days"]
        colour = OKABE_ITO[i % len(OKABE_ITO)]
        label = FAMILY_LABELS.get(route.corridor, route.corridor)
        rows.append(
            f'<tr><td>{i + 1}</td><td class=t><span class=sw style="background:{colour}">'
            f"</span>{_e(label)}</td><td>{_num(days.get('p50'), 1)}</td>"
            f"<td>{_num(days.get('p90'), 1)}</td><td>{_num(d['cost_usd'])}</td>"
            f"<td>{_num(d['co2_kg'])}</td><td>{_num(d['distance_km'])}</td>"
            f"<td>{d['border_crossings']}</td><td>{d['customs_frontiers']}</td>"
            f"<td>{d['transshipments']}</td><td class=t>{_e('-'.join(d['countries']))}</td>"
            f"<td class=t>{_e(', '.join(d['chokepoints']) or '–')}</td></tr>"
        )
    return f"<table id=options><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"


def _legs(comparison: Comparison) -> str:
    parts = []
    for i, route in enumerate(comparison.options):
        rows = []
        for leg in route.to_dict()["legs"]:
            where = (
                leg["from_name"]
                if leg["from"] == leg["to"]
                else (f"{leg['from_name']} → {leg['to_name']}")
            )
            rows.append(
                f"<tr><td class=t>{_e(leg['kind'])}</td><td class=t>{_e(where)}</td>"
                f"<td class=t>{_e(leg['mode'])}</td><td>{_num(leg['distance_km'])}</td>"
                f"<td>{_num(leg['hours'], 1)}</td><td>{_num(leg['cost_usd'])}</td>"
                f"<td class=t>{_e(leg.get('note', ''))}</td></tr>"
            )
        parts.append(
            f"<details><summary>{i + 1} {_e(route.corridor)}: {len(rows)} legs</summary>"
            "<table><thead><tr><th class=t>leg</th><th class=t>where</th><th class=t>mode</th>"
            "<th>km</th><th>hours</th><th>USD</th><th class=t>note</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></details>"
        )
    return "".join(parts)


def _reliability(sims: Sequence[tuple[str, TransitSimulation]], deadline_days: float | None) -> str:
    head = "<tr><th class=t>corridor</th><th>mean</th><th>P10</th><th>P50</th><th>P90</th>"
    head += "<th>P95</th>" + ("<th>on time</th>" if deadline_days is not None else "") + "</tr>"
    rows = []
    for label, sim in sims:
        d = sim.to_dict(deadline_days=deadline_days)
        t = d["transit_days"]
        cells = "".join(f"<td>{_num(t[k], 1)}</td>" for k in ("mean", "p10", "p50", "p90", "p95"))
        if deadline_days is not None:
            cells += f"<td>{100 * d['on_time_probability']:.0f} %</td>"
        rows.append(f"<tr><td class=t>{_e(label)}</td>{cells}</tr>")
    return f"<table id=reliability><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"


def _landed(data: dict[str, Any]) -> str:
    head = (
        "<tr><th>#</th><th class=t>corridor</th><th>freight</th><th>insurance</th>"
        "<th>inventory in transit</th><th>safety stock</th><th>total</th><th>per unit</th>"
        "<th>share of value</th></tr>"
    )
    rows = []
    for o in data["options"]:
        c = o["components"]
        rows.append(
            f"<tr><td>{o['rank']}</td><td class=t>{_e(o['label'])}</td>"
            f"<td>{_num(c['freight'])}</td><td>{_num(c['insurance'])}</td>"
            f"<td>{_num(c['carrying_in_transit'])}</td><td>{_num(c['safety_stock'])}</td>"
            f"<td>{_num(o['total'])}</td><td>{_num(o['per_unit'])}</td>"
            f"<td>{100 * o['share_of_value']:.2f} %</td></tr>"
        )
    dropped = "".join(
        f"<li>{_e(o['label'])}: total {_num(o['total'])}, {_e(o.get('reason', 'dropped'))}</li>"
        for o in data.get("dropped", [])
    )
    if dropped:
        dropped = f"<p class=meta>Dropped by the deadline:</p><ul class=meta>{dropped}</ul>"
    return (
        f"<p>Goods worth {_e(data['currency'])} {_num(data['value'])} in "
        f"{data['quantity']} unit(s) of {_e(data['cargo'])}; costs in {_e(data['currency'])}."
        f"</p><table id=landed><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"
        f"{dropped}"
    )


def build_report(
    network: Network,
    origin: str,
    destination: str,
    *,
    options: RouteOptions | None = None,
    settings: ReportSettings | None = None,
) -> str:
    """The HTML report comparing the corridors from ``origin`` to ``destination``.

    One file, nothing outside it: a map (Natural Earth countries and the routes), the
    comparison table, the transit-time distributions (Monte Carlo, the deadline marked),
    the landed cost when ``settings.value`` is given, every leg, and the sources of the
    numbers of the links, borders and passages used, with corridor's version and the date.

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
    str
        The HTML document.

    Raises
    ------
    InvalidArgumentError
        If a setting is out of range (a negative deadline or value, samples above
        200,000).
    UnknownPlaceError
        If a place is not in the network.
    NoRouteError
        If no corridor connects the places.
    MissingOptionalDependencyError
        If matplotlib is not installed (``pip install 'corridor[plot]'``).

    Examples
    --------
    >>> from corridor import eurasia
    >>> from corridor.report import ReportSettings, build_report
    >>> page = build_report(eurasia(), "xian", "duisburg", settings=ReportSettings(samples=200))
    >>> page.startswith("<!DOCTYPE html>") and "northern" in page
    True
    """
    from corridor.report.figures import chart_png, map_png  # noqa: PLC0415

    content = gather(network, origin, destination, options=options, settings=settings)
    chart = chart_png(content.simulations, deadline_days=content.settings.deadline_days)
    return render_html(content, map_png(content.comparison.options), chart)


def render_html(content: ReportContent, map_image: bytes, chart_image: bytes) -> str:
    """The HTML page of ``content``, with the two images (PNG bytes) inlined.

    Parameters
    ----------
    content
        What the report shows (:func:`corridor.report.content.gather`).
    map_image, chart_image
        The map and the transit-time chart, PNG.

    Returns
    -------
    str
        The HTML document.
    """
    comparison = content.comparison
    settings = content.settings
    n = len(comparison.options)
    body = [
        f"<h1>{_e(content.title)}: corridor options</h1>",
        (
            f"<p class=meta>{_e('; '.join(content.facts))}. Terminal-to-terminal times, no "
            f"first or last mile. Made with {_e(content.made)}.</p>"
        ),
        "<h2>Map</h2>",
        _img(map_image, f"map of the {n} corridor options"),
        "<h2>Comparison</h2>",
        _table(comparison),
    ]
    if comparison.unavailable:
        gone = "; ".join(f"{k}: {v}" for k, v in comparison.unavailable.items())
        body.append(f"<p class=meta>Not available: {_e(gone)}</p>")
    body += [
        "<h2>Transit-time distribution</h2>",
        (
            f"<p class=meta>{settings.samples:,} sampled transits per option (Monte Carlo, "
            f"seed {settings.seed}).</p>"
        ),
        _img(chart_image, "histogram and cumulative distribution of transit days per corridor"),
        _reliability(content.simulations, settings.deadline_days),
    ]
    if content.landed is not None:
        body += ["<h2>Landed cost</h2>", _landed(content.landed)]
    body += ["<h2>Legs</h2>", _legs(comparison), "<h2>Sources of the numbers</h2>"]
    items = [
        f"<li>{_e(_plain(src))} <small>({_e(kind)}; {_e(', '.join(fields[:6]))}"
        f"{'…' if len(fields) > 6 else ''})</small></li>"  # noqa: PLR2004
        for src, kind, fields in content.sources
    ]
    body.append(f"<ul class=src>{''.join(items)}</ul>")
    body.append(
        f"<p class=meta>Map: {_e(BASEMAP_ATTRIBUTION)}. Estimates are marked as such in "
        "the sources above.</p>"
    )
    title = content.title
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)} – corridor report</title><style>{_CSS}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )
