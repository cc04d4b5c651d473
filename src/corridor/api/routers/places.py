"""``GET /v1/places``: find places by name, alias, id or UN/LOCODE, paginated."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from corridor.api.responses import json_response
from corridor.api.routers._deps import network_for
from corridor.exceptions import UnknownPlaceError

__all__ = ["MAX_LIMIT", "router"]

router = APIRouter(tags=["places"])
#: The most places one page holds.
MAX_LIMIT = 500


@router.get("/places", summary="Find places (spelling-tolerant), paginated")
def places(
    request: Request,
    q: Annotated[str, Query(max_length=200, description="Name, alias, id or UN/LOCODE.")] = "",
    country: Annotated[str | None, Query(max_length=3, description="ISO country.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
    scenario: Annotated[list[str] | None, Query()] = None,
) -> Response:
    """Places matching ``q``: the rows of ``corridor places -f json``, one page.

    The body is ``{"total", "limit", "offset", "items"}``; ``items`` are the CLI's rows
    (id, name, kind, country, locode, lon, lat, matched, match, score). An unknown place
    is 404 with ``suggestions``.
    """
    from corridor.cli.places import place_row  # noqa: PLC0415
    from corridor.network.places import find_places, suggestions  # noqa: PLC0415

    net, _ = network_for(request, scenario)
    matches = find_places(net, q, limit=len(net.nodes))
    if country is not None:
        matches = [m for m in matches if m.node.country == country.upper()]
    listed = [m for m in matches if m.kind != "similar"]
    if q and not any(m.answers for m in listed):
        listed = []
    if not listed:
        if country is not None:
            exc = UnknownPlaceError(f"no place in {country.upper()} matches {q!r}")
        else:
            exc = UnknownPlaceError(f"no place matches {q!r}: {suggestions(matches)}")
        exc.suggestions = [m.node.name for m in matches[:5]]  # type: ignore[attr-defined]
        raise exc
    page = listed[offset : offset + limit]
    items: list[dict[str, Any]] = [place_row(m, query=bool(q)) for m in page]
    return json_response({"total": len(listed), "limit": limit, "offset": offset, "items": items})
