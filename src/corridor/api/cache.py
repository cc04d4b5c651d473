"""A response cache for the deterministic questions (compare, route, places, ...).

On the embedded network a question's answer depends on its query alone: the network and the
built-in scenarios never change while the server runs, and every simulation is seeded (its
``seed`` is a parameter). So the body of a ``200`` answer is kept, keyed on the path, the
query parameters in order and whether GeoJSON was asked for, and the same question is
answered from memory (``Corridor-Cache: hit``). Requests naming an uploaded network
(``network=``) or an uploaded scenario are never cached: an upload can change and can be
private.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Final
from urllib.parse import parse_qsl

from fastapi import Request
from fastapi.responses import Response

from corridor.api.responses import GEOJSON, NOTES_HEADER

__all__ = ["CACHED_PATHS", "CACHE_HEADER", "MAX_CACHED_BODY", "response_cache"]

#: The header that says whether an answer came from the cache (``hit``) or not (``miss``).
CACHE_HEADER: Final = "Corridor-Cache"
#: The endpoints whose answers are cached.
CACHED_PATHS: Final = frozenset(
    {"/v1/compare", "/v1/route", "/v1/reliability", "/v1/cost", "/v1/places"}
)
#: The largest body kept.
MAX_CACHED_BODY: Final = 1_000_000

Key = tuple[str, tuple[tuple[str, str], ...], bool]
Entry = tuple[bytes, str, str | None]
Middleware = Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]


def _builtin_only(query: tuple[tuple[str, str], ...]) -> bool:
    """Whether every ``scenario`` of the query is built in (an upload can change)."""
    from corridor.scenarios import builtin_scenarios  # noqa: PLC0415

    names = [n.strip() for key, value in query if key == "scenario" for n in value.split(",")]
    return not names or set(names) <= set(builtin_scenarios())


def response_cache(size: int) -> Middleware:
    """An HTTP middleware keeping the last ``size`` cacheable answers.

    Parameters
    ----------
    size
        How many answers are kept (least recently used dropped first); 0 keeps none.

    Returns
    -------
    Callable
        The middleware.
    """
    entries: OrderedDict[Key, Entry] = OrderedDict()

    async def middleware(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        path = request.url.path
        if size < 1 or request.method != "GET" or path not in CACHED_PATHS:
            return await call_next(request)
        query = tuple(parse_qsl(request.url.query, keep_blank_values=True))
        if any(name == "network" for name, _ in query) or not _builtin_only(query):
            return await call_next(request)
        key: Key = (path, query, GEOJSON in request.headers.get("accept", ""))
        found = entries.get(key)
        if found is not None:
            entries.move_to_end(key)
            body, media_type, notes = found
            headers = {CACHE_HEADER: "hit", **({NOTES_HEADER: notes} if notes else {})}
            return Response(body, media_type=media_type, headers=headers)
        response = await call_next(request)
        if response.status_code != 200:  # noqa: PLR2004 - only answers are kept
            return response
        chunks = [
            chunk if isinstance(chunk, bytes) else chunk.encode()
            async for chunk in response.body_iterator  # type: ignore[attr-defined]
        ]
        body = b"".join(chunks)
        headers = dict(response.headers)
        headers.pop("content-length", None)
        headers[CACHE_HEADER] = "miss"
        if len(body) <= MAX_CACHED_BODY:
            media_type = response.headers.get("content-type", "application/json")
            entries[key] = (body, media_type, response.headers.get(NOTES_HEADER))
            while len(entries) > size:
                entries.popitem(last=False)
        return Response(body, status_code=200, headers=headers)

    return middleware
