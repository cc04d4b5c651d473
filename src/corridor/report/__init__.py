"""Reports and map layers: a self-contained HTML report of a comparison, the basemap.

``build_report`` writes the page ``corridor report`` saves and ``GET /v1/report`` answers;
``countries`` and ``network_layers`` are the layers of the web map.
"""

from __future__ import annotations

from corridor.report.basemap import BASEMAP_ATTRIBUTION, OKABE_ITO, countries, network_layers
from corridor.report.html import MAX_REPORT_SAMPLES, ReportSettings, build_report

__all__ = [
    "BASEMAP_ATTRIBUTION",
    "MAX_REPORT_SAMPLES",
    "OKABE_ITO",
    "ReportSettings",
    "build_report",
    "countries",
    "network_layers",
]
