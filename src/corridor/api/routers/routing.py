"""``GET /v1/compare`` and ``GET /v1/route``: the CLI's JSON and GeoJSON over HTTP."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from corridor.api.params import FormatParam, RouteParams
from corridor.api.responses import GEOJSON, json_response, wants_geojson
from corridor.api.routers._deps import resolve_network
from corridor.exceptions import CorridorError

__all__ = ["MAX_ALTERNATIVES", "router"]

router = APIRouter(tags=["routing"])
#: The most alternatives one request may ask for.
MAX_ALTERNATIVES = 20
Optimize = Literal["generalized", "time", "cost", "co2", "distance", "p90"]


@router.get("/compare", summary="Compare corridors between two places")
def compare(
    request: Request,
    params: Annotated[RouteParams, Query()],
    optimize: Annotated[Optimize, Query(description="Criterion to rank by.")] = "generalized",
    tie_margin: Annotated[float, Query(description="Tie margin, 0 to 1.")] = 0.03,
    fmt: FormatParam = None,
) -> Response:
    """The best route of each corridor family: ``corridor compare -f json`` (or geojson).

    Landed-cost ranking is ``GET /v1/cost``.
    """
    from corridor.cli._common import check_number  # noqa: PLC0415
    from corridor.planning import compare as compare_routes  # noqa: PLC0415

    check_number("--tie-margin", tie_margin, low=0.0, high=1.0)
    params.check()
    resolved = resolve_network(request, params.scenario, params.network)
    net = resolved.network
    where = params.places(net)
    opts = params.options(where, optimize, resolved.carbon(params.carbon_price))
    result = compare_routes(
        net, where.origin, where.destination, tie_margin=tie_margin, options=opts
    )
    if wants_geojson(request, fmt):
        return json_response(result.to_geojson(), media_type=GEOJSON, notes=where.notes)
    return json_response(result.to_dict(), notes=where.notes)


@router.get("/route", summary="Route one shipment, with alternatives or Pareto routes")
def route(
    request: Request,
    params: Annotated[RouteParams, Query()],
    optimize: Annotated[Optimize, Query(description="Criterion.")] = "generalized",
    alternatives: Annotated[int, Query(ge=1, le=MAX_ALTERNATIVES)] = 1,
    max_overlap: Annotated[float, Query(description="Shared-km fraction, 0 to 1.")] = 0.6,
    pareto: Annotated[bool, Query(description="All non-dominated routes.")] = False,
    fmt: FormatParam = None,
) -> Response:
    """The route leg by leg: ``corridor route -f json`` (alternatives in ``alternatives``)."""
    from corridor.cli._common import check_number, refuse_together  # noqa: PLC0415
    from corridor.planning import alternative_routes, best_route, pareto_routes  # noqa: PLC0415
    from corridor.reliability.simulate import with_percentiles  # noqa: PLC0415
    from corridor.routing.route import prepare  # noqa: PLC0415

    refuse_together("--pareto", "--alternatives", given=pareto and alternatives > 1)
    check_number("--max-overlap", max_overlap, low=0.0, high=1.0)
    params.check()
    resolved = resolve_network(request, params.scenario, params.network)
    net = resolved.network
    where = params.places(net)
    opts = params.options(where, optimize, resolved.carbon(params.carbon_price))
    query = prepare(net, where.origin, where.destination, opts)
    if pareto:
        routes = pareto_routes(query)
    elif alternatives > 1:
        routes = alternative_routes(query, k=alternatives, max_overlap=max_overlap)
    else:
        routes = [best_route(query)]
    if not routes:
        raise CorridorError("no route found; fix: relax the options")
    routes = [r if r.transit_days else with_percentiles(net, r, month=params.month) for r in routes]
    if wants_geojson(request, fmt):
        collection = {"type": "FeatureCollection", "features": [r.to_feature() for r in routes]}
        return json_response(collection, media_type=GEOJSON, notes=where.notes)
    head: dict[str, Any] = {
        "origin": {
            "id": query.origin.id,
            "name": query.origin.name,
            "country": query.origin.country,
        },
        "destination": {
            "id": query.destination.id,
            "name": query.destination.name,
            "country": query.destination.country,
        },
        "cargo": query.cargo.id,
    }
    return json_response(
        {**head, **routes[0].to_dict(), "alternatives": [r.to_dict() for r in routes[1:]]},
        notes=where.notes,
    )
