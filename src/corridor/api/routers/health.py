"""``GET /v1/health``: liveness, version and the network loaded."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from corridor.api.responses import json_response

__all__ = ["router"]

router = APIRouter(tags=["health"])


@router.get("/health", summary="Liveness and version")
def health(request: Request) -> Response:
    """``{"status": "ok", "version", "network": {nodes, links}, "scenario_cache"}``."""
    from corridor import __version__  # noqa: PLC0415
    from corridor.data import eurasia  # noqa: PLC0415

    net = eurasia()
    return json_response(
        {
            "status": "ok",
            "version": __version__,
            "network": {"nodes": len(net.nodes), "links": len(net.links)},
            "scenario_cache": len(request.app.state.networks),
        }
    )
