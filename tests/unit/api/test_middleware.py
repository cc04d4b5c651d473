"""The size limit and the key gate as plain ASGI middleware: bodies without a length too."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from corridor.api.middleware import SizeLimit
from corridor.testing import tiny_network_geojson

if TYPE_CHECKING:
    from fastapi.testclient import TestClient
    from starlette.types import Message, Receive, Scope, Send

GEO = {"Content-Type": "application/geo+json"}


def _chunks(data: bytes, size: int = 100) -> Iterator[bytes]:
    """The body in pieces: httpx sends it chunked, without a Content-Length."""
    for start in range(0, len(data), size):
        yield data[start : start + size]


def test_a_chunked_upload_is_read_and_passed_on(
    client: TestClient, key_for: Callable[..., dict[str, str]]
) -> None:
    key = key_for(client, "mw-chunked")
    body = json.dumps(tiny_network_geojson()).encode()
    r = client.post("/v1/networks?name=tiny-chunked", content=_chunks(body), headers={**key, **GEO})
    assert r.status_code == 201, r.text
    assert client.get("/v1/networks/tiny-chunked?format=geojson", headers=key).content == body


def test_a_chunked_upload_over_the_limit_is_413_unread() -> None:
    pieces = [b"x" * 100] * 50
    asked: list[int] = []
    sent: list[Message] = []

    async def receive() -> Message:
        asked.append(1)
        return {"type": "http.request", "body": pieces[len(asked) - 1], "more_body": True}

    async def send(message: Message) -> None:
        sent.append(message)

    async def inner(scope: Scope, receive: Receive, send: Send) -> None:
        raise AssertionError((scope, receive, send))  # never called

    scope: Scope = {
        "type": "http",
        "method": "POST",
        "path": "/v1/networks",
        "query_string": b"name=big",
        "headers": [(b"host", b"testserver"), (b"transfer-encoding", b"chunked")],
    }
    asyncio.run(SizeLimit(inner, limit=10, upload_limit=1000)(scope, receive, send))
    assert len(asked) == 11  # stops one piece past the limit
    assert sent[0]["status"] == 413
    headers = dict(sent[0]["headers"])
    assert headers[b"content-type"] == b"application/problem+json"
    assert headers[b"connection"] == b"close"
    detail = json.loads(sent[1]["body"])["detail"]
    assert detail.startswith("request body over the 1,000 bytes allowed (reading stopped at 1,100)")
    assert "CORRIDOR_MAX_UPLOAD_BYTES" in detail


def test_a_declared_length_over_the_limit_is_413(
    make_client: Callable[..., TestClient], key_for: Callable[..., dict[str, str]]
) -> None:
    with make_client(max_request_bytes=300) as small:
        key = key_for(small, "mw-declared")
        r = small.post("/v1/jobs", content=b"{" + b" " * 400 + b"}", headers=key)
        assert r.status_code == 413
        assert r.json()["detail"].startswith("request of 402 bytes: more than the 300 allowed")
