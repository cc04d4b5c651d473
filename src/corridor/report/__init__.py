"""Reports and map layers: a self-contained HTML (or PDF) report of a comparison, the basemap.

``build_report`` writes the page ``corridor report`` saves and ``GET /v1/report`` answers,
``build_report_pdf`` the same as a PDF; ``countries`` and ``network_layers`` are the layers
of the web map.
"""

from __future__ import annotations

from corridor.report.basemap import BASEMAP_ATTRIBUTION, OKABE_ITO, countries, network_layers
from corridor.report.content import MAX_REPORT_SAMPLES, ReportContent, ReportSettings, gather
from corridor.report.html import build_report, render_html
from corridor.report.pdf import build_report_pdf, render_pdf

__all__ = [
    "BASEMAP_ATTRIBUTION",
    "MAX_REPORT_SAMPLES",
    "OKABE_ITO",
    "ReportContent",
    "ReportSettings",
    "build_report",
    "build_report_pdf",
    "countries",
    "gather",
    "network_layers",
    "render_html",
    "render_pdf",
]
