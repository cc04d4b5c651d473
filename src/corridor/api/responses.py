"""JSON and GeoJSON responses: the CLI's ``--format json`` payloads, NaN-safe."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

from fastapi import Request
from fastapi.responses import Response

__all__ = ["GEOJSON", "NOTES_HEADER", "finite", "json_response", "wants_geojson"]

GEOJSON = "application/geo+json"
NOTES_HEADER = "Corridor-Notes"


def finite(data: Any) -> Any:  # noqa: ANN401 - any JSON value
    """``data`` with every NaN or infinite float replaced by ``None`` (valid JSON).

    Parameters
    ----------
    data
        A JSON-like value (dicts, lists, tuples, numbers, strings).

    Returns
    -------
    Any
        The same structure, strictly JSON-serialisable.
    """
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {str(k): finite(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [finite(v) for v in data]
    return data


def json_response(
    data: Any,  # noqa: ANN401 - any JSON value
    *,
    media_type: str = "application/json",
    notes: Sequence[str] = (),
) -> Response:
    """A response with ``data`` as compact UTF-8 JSON.

    Parameters
    ----------
    data
        The payload.
    media_type
        ``application/json`` or ``application/geo+json``.
    notes
        Notes for the client (a misspelt place matched), sent as the ``Corridor-Notes``
        header: a JSON list of strings, ASCII-escaped.

    Returns
    -------
    fastapi.responses.Response
        The response.
    """
    body = json.dumps(finite(data), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    headers = {NOTES_HEADER: json.dumps(list(notes))} if notes else None
    return Response(body.encode(), media_type=media_type, headers=headers)


def wants_geojson(request: Request, fmt: str | None) -> bool:
    """Whether GeoJSON is asked for: ``format=geojson`` or ``Accept: application/geo+json``.

    Parameters
    ----------
    request
        The request.
    fmt
        The ``format`` query parameter.

    Returns
    -------
    bool
        True for GeoJSON.
    """
    if fmt is not None:
        return fmt == "geojson"
    return GEOJSON in request.headers.get("accept", "")
