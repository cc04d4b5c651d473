"""``/v1/networks``: the embedded network and uploaded GeoJSON networks.

``POST /v1/networks?name=NAME[&private=true]`` with the GeoJSON as the body, or as the
``file`` field of a ``multipart/form-data`` form (an API key needed), validates it with the
library's reader, every problem listed in a 422, and stores it; ``network=NAME`` then works
on compare, route, reliability, cost and jobs. A private upload is seen by its key only (404
for others).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Final, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from corridor.api.auth import ForbiddenError, optional_key, owner_of, require_key
from corridor.api.documents import EMBEDDED, ReservedNameError, network_named, parse_network_text
from corridor.api.responses import GEOJSON, json_response
from corridor.api.state import store_of
from corridor.api.uploads import MULTIPART, multipart_schema, upload_body
from corridor.exceptions import NetworkFormatError
from corridor.store.records import Key

if TYPE_CHECKING:
    from corridor.store import Document, Store

__all__ = ["document_dict", "read_text", "router"]

router = APIRouter(tags=["networks"])
Name = Annotated[str, Path(min_length=1, max_length=100, description="The network's name.")]
NameQuery = Annotated[str, Query(min_length=1, max_length=100, description="Name to store.")]
_MAX_LIMIT: Final = 500


def read_text(body: bytes, kind: str, name: str) -> str:
    """An uploaded body as text (UTF-8, a byte-order mark dropped).

    Parameters
    ----------
    body
        The request body.
    kind
        ``network`` or ``scenario``.
    name
        The upload's name.

    Returns
    -------
    str
        The text.

    Raises
    ------
    NetworkFormatError
        If it is empty or not UTF-8.
    """
    if not body.strip():
        raise NetworkFormatError(
            f"{kind} {name!r}: empty file; fix: send the file as the body or as the 'file' "
            "field of a multipart/form-data form"
        )
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NetworkFormatError(
            f"{kind} {name!r}: not UTF-8 text (byte {exc.start}); fix: save the file as UTF-8"
        ) from None


def document_dict(doc: Document, **extra: Any) -> dict[str, Any]:  # noqa: ANN401 - JSON values
    """An upload as the API lists it (without its text).

    Parameters
    ----------
    doc
        The document.
    **extra
        More members (``nodes``, ``links``).

    Returns
    -------
    dict
        ``name``, ``source`` (``uploaded``), ``owner``, ``private``, ``characters``, times,
        ``href``.
    """
    return {
        "name": doc.name,
        "source": "uploaded",
        "owner": doc.owner,
        "private": doc.private,
        "characters": doc.size,
        "created": doc.created.isoformat(),
        "updated": doc.updated.isoformat(),
        **extra,
        "href": f"/v1/{doc.kind}s/{doc.name}",
    }


def _embedded() -> dict[str, Any]:
    from corridor.data import eurasia  # noqa: PLC0415

    net = eurasia()
    return {
        "name": EMBEDDED,
        "source": "embedded",
        "owner": None,
        "private": False,
        "nodes": len(net.nodes),
        "links": len(net.links),
        "description": "The embedded Eurasian network (corridor.eurasia()).",
    }


def _checked(name: str) -> str:
    from corridor.store.records import check_name  # noqa: PLC0415

    return check_name(name, what="network name")


@router.get("/networks", summary="List networks: the embedded one, then uploads")
def list_networks(
    request: Request,
    key: Annotated[Key | None, Depends(optional_key)],
    limit: Annotated[int, Query(ge=1, le=_MAX_LIMIT)] = 100,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
) -> Response:
    """``eurasia`` first, then the uploads this request may see; ``next`` pages on."""
    store = store_of(request)
    owner = owner_of(key)
    items: list[dict[str, Any]] = []
    if offset == 0:
        items.append({**_embedded(), "href": f"/v1/networks/{EMBEDDED}"})
    want = limit - len(items)
    docs = (
        store.list_documents("network", owner=owner, limit=want, offset=max(offset - 1, 0))
        if want
        else []
    )
    items.extend(document_dict(d) for d in docs)
    nxt = f"/v1/networks?limit={limit}&offset={offset + limit}" if len(items) == limit else None
    return json_response({"limit": limit, "offset": offset, "items": items, "next": nxt})


@router.get("/networks/{name}", summary="One network: summary, or its GeoJSON")
def get_network(
    request: Request,
    name: Name,
    key: Annotated[Key | None, Depends(optional_key)],
    fmt: Annotated[Literal["json", "geojson"], Query(alias="format")] = "json",
) -> Response:
    """Name, owner, nodes and links (``format=geojson``: the uploaded file itself)."""
    store = store_of(request)
    if name == EMBEDDED:
        if fmt == "geojson":
            from importlib import resources  # noqa: PLC0415

            text = resources.files("corridor.data").joinpath("eurasia.geojson").read_bytes()
            return Response(text, media_type=GEOJSON)
        return json_response(_embedded())
    doc = store.get_document("network", _checked(name), owner=owner_of(key))
    if fmt == "geojson":
        return Response(doc.text.encode(), media_type=GEOJSON)
    net = network_named(store, doc.name, owner=owner_of(key))
    return json_response(document_dict(doc, nodes=len(net.nodes), links=len(net.links)))


def _store_network(store: Store, name: str, text: str, owner: str, private: bool) -> Document:
    net = parse_network_text(text, name)
    store.put_document("network", name, text, owner=owner, private=private)
    del net
    return store.get_document("network", name, owner=owner)


@router.post(
    "/networks",
    status_code=201,
    summary="Upload a GeoJSON network (validated)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                GEOJSON: {"schema": {"type": "object"}},
                MULTIPART: {"schema": multipart_schema()},
            },
        }
    },
)
async def upload_network(
    request: Request,
    name: NameQuery,
    key: Annotated[Key, Depends(require_key)],
    private: Annotated[bool, Query(description="Only this key sees it.")] = False,
) -> Response:
    """The GeoJSON FeatureCollection as the body, or as the ``file`` field of a form.

    Every problem comes back in a 422.
    """
    checked = _checked(name)
    if checked == EMBEDDED:
        raise ReservedNameError(
            f"network name {EMBEDDED!r}: the embedded network's name; fix: choose another"
        )
    limit = request.app.state.settings.max_upload_bytes
    text = read_text(await upload_body(request, "network", limit), "network", checked)
    store = store_of(request)
    doc = await run_in_threadpool(_store_network, store, checked, text, key.name, private)
    net = await run_in_threadpool(network_named, store, doc.name, owner=key.name)
    response = json_response(document_dict(doc, nodes=len(net.nodes), links=len(net.links)))
    response.status_code = 201
    response.headers["Location"] = f"/v1/networks/{doc.name}"
    return response


@router.delete("/networks/{name}", summary="Delete an uploaded network")
def delete_network(
    request: Request,
    name: Name,
    key: Annotated[Key, Depends(require_key)],
) -> Response:
    """Only the key that uploaded it may delete it; the embedded network cannot be."""
    from corridor.store.errors import NotFoundError  # noqa: PLC0415

    if name == EMBEDDED:
        raise ForbiddenError(f"network {EMBEDDED!r}: the embedded network cannot be deleted")
    checked = _checked(name)
    store = store_of(request)
    if not store.delete_document("network", checked, owner=key.name):
        raise NotFoundError(f"network {checked!r}: no such upload; fix: see GET /v1/networks")
    return Response(status_code=204)
