"""``GET /v1/scenarios`` and ``GET /v1/scenarios/{name}``: the built-in scenarios."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from corridor.api.networks import check_scenarios
from corridor.api.responses import json_response
from corridor.exceptions import UnknownIdError

__all__ = ["router"]

router = APIRouter(tags=["scenarios"])


@router.get("/scenarios", summary="List the built-in scenarios")
def list_scenarios(
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """Built-in scenarios: name, number of edits, description (``corridor scenario list``)."""
    from corridor.scenarios import builtin_scenarios, load_scenario  # noqa: PLC0415

    names = builtin_scenarios()
    items = []
    for name in names[offset : offset + limit]:
        s = load_scenario(name)
        items.append(
            {
                "name": name,
                "edits": len(s.edits) + len(s.demand_growth),
                "description": s.description,
            }
        )
    return json_response({"total": len(names), "limit": limit, "offset": offset, "items": items})


@router.get("/scenarios/{name}", summary="One built-in scenario")
def get_scenario(name: Annotated[str, Path(max_length=100)]) -> Response:
    """A scenario as ``corridor scenario show NAME -f json``: edits, sources, demand growth."""
    from corridor.cli.scenario import scenario_dict  # noqa: PLC0415
    from corridor.scenarios import load_scenario  # noqa: PLC0415

    if "," in name:
        raise UnknownIdError(f"scenario {name!r}: one name only; fix: drop the comma")
    (checked,) = check_scenarios([name])
    data = scenario_dict(load_scenario(checked))
    data["file"] = None  # a path on the server says nothing to a client
    return json_response(data)
