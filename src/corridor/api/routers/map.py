"""The web map: its page at ``/``, its layers under ``/v1/map``, and ``GET /v1/report``.

The page and its bundle (MapLibre GL JS) are static files in ``corridor/api/static``,
built from ``web/`` by ``web/build.sh`` and shipped in the wheel; nothing is fetched from
outside the server.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

from corridor.api.params import RouteParams
from corridor.api.responses import GEOJSON, json_response
from corridor.api.routers._deps import network_for

__all__ = ["MAX_REPORT_SAMPLES", "STATIC", "mount_web", "router"]

router = APIRouter(tags=["map"])
#: Where the built page and bundle are (``index.html``, ``app.js``, ``app.css``).
STATIC = Path(str(resources.files("corridor.api") / "static"))
#: The most sampled transits per option a report may ask for.
MAX_REPORT_SAMPLES = 50_000


@router.get("/map/basemap", summary="Country shapes for the map (Natural Earth 1:110m)")
def basemap() -> Response:
    """Natural Earth 1:110m countries (public domain): name and ISO codes, 3 decimals."""
    from corridor.report import countries  # noqa: PLC0415

    return json_response(countries(), media_type=GEOJSON)


@router.get("/map/network", summary="The network's nodes and links as map layers")
def network(
    request: Request,
    scenario: Annotated[list[str] | None, Query(description="Built-in scenarios.")] = None,
    network: Annotated[
        str | None, Query(max_length=200, description="An uploaded network (default: embedded).")
    ] = None,
) -> Response:
    """The embedded network (scenarios applied) as light GeoJSON: links and nodes.

    Links carry ``id``, ``from``, ``to``, ``mode``, ``distance_km``; nodes ``id``,
    ``name``, ``kind``, ``country`` and ``passage`` (canals and straits).
    """
    from corridor.report import network_layers  # noqa: PLC0415

    net, _ = network_for(request, scenario, network)
    return json_response(network_layers(net), media_type=GEOJSON)


@router.get(
    "/map/example-demand",
    summary="The example 2030 demand (CSV) for the map's capacity layer",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def example_demand() -> Response:
    """``examples/demand_2030.csv``: illustrative westbound container demand (estimates).

    Send it as the ``demand`` of an assignment job (``POST /v1/jobs``).
    """
    text = (resources.files("corridor.report") / "data" / "demand_2030.csv").read_text(
        encoding="utf-8"
    )
    return Response(text.encode(), media_type="text/csv; charset=utf-8")


@router.get(
    "/report",
    summary="A self-contained HTML report of a comparison",
    response_class=Response,
    responses={200: {"content": {"text/html": {}, "application/pdf": {}}}},
)
def report(
    request: Request,
    params: Annotated[RouteParams, Query()],
    deadline: Annotated[str | None, Query(max_length=20, description="20d or 480h.")] = None,
    value: Annotated[float | None, Query(description="Value of the goods, USD.")] = None,
    quantity: Annotated[int, Query(ge=1, le=10_000_000)] = 1,
    samples: Annotated[int, Query(ge=1, le=MAX_REPORT_SAMPLES)] = 5_000,
    seed: Annotated[int, Query(ge=0, le=2**63 - 1)] = 1,
    fmt: Annotated[
        Literal["html", "pdf"], Query(alias="format", description="html or pdf.")
    ] = "html",
) -> Response:
    """``corridor report``: one HTML file (map, table, chart, landed cost, sources), or PDF."""
    from corridor.cli._common import check_number, scenario_carbon  # noqa: PLC0415
    from corridor.cli.reliability import parse_days  # noqa: PLC0415
    from corridor.report import ReportSettings, build_report, build_report_pdf  # noqa: PLC0415

    deadline_days = parse_days(deadline) if deadline is not None else None
    check_number("--value", value, low=0.0)
    params.check()
    net, names = network_for(request, params.scenario, params.network)
    where = params.places(net)
    opts = params.options(where, "generalized", scenario_carbon(list(names), params.carbon_price))
    make = build_report_pdf if fmt == "pdf" else build_report
    page = make(
        net,
        where.origin,
        where.destination,
        options=opts,
        settings=ReportSettings(
            scenarios=names,
            deadline_days=deadline_days,
            value=value,
            quantity=quantity,
            samples=samples,
            seed=seed,
        ),
    )
    name = f"corridor-{where.origin}-{where.destination}.{fmt}"
    data, media = (
        (page, "application/pdf")
        if isinstance(page, bytes)
        else (page.encode(), "text/html; charset=utf-8")
    )
    return Response(
        data, media_type=media, headers={"Content-Disposition": f'inline; filename="{name}"'}
    )


def _index() -> FileResponse:
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")


def mount_web(app: FastAPI) -> None:
    """Serve the map page at ``/`` and its bundle under ``/static``.

    Parameters
    ----------
    app
        The application.
    """
    app.get("/", include_in_schema=False)(_index)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
