"""``/v1/scenarios``: the built-in scenarios and uploaded scenario files.

``POST /v1/scenarios?name=NAME[&private=true]`` with a scenario file (TOML) as the body, or
as the ``file`` field of a ``multipart/form-data`` form (an API key needed), checks it as
``corridor scenario validate`` does, against the embedded network (every problem listed in a
422), and stores it. Jobs name uploaded scenarios like built-in ones. A private upload is
seen by its key only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Final

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from corridor.api.auth import ForbiddenError, optional_key, owner_of, require_key
from corridor.api.documents import ReservedNameError, check_scenario_text
from corridor.api.networks import check_scenarios
from corridor.api.responses import json_response
from corridor.api.routers.networks import document_dict, read_text
from corridor.api.state import store_of
from corridor.api.uploads import MULTIPART, multipart_schema, upload_body
from corridor.exceptions import UnknownIdError
from corridor.store.records import Key

if TYPE_CHECKING:
    from corridor.store import Document, Store

__all__ = ["router"]

router = APIRouter(tags=["scenarios"])
_MAX_LIMIT: Final = 500


def _builtin_item(name: str) -> dict[str, Any]:
    from corridor.scenarios import load_scenario  # noqa: PLC0415

    s = load_scenario(name)
    return {
        "name": name,
        "source": "builtin",
        "edits": len(s.edits) + len(s.demand_growth),
        "description": s.description,
    }


@router.get("/scenarios", summary="List scenarios: built-in, then uploads")
def list_scenarios(
    request: Request,
    key: Annotated[Key | None, Depends(optional_key)],
    limit: Annotated[int, Query(ge=1, le=_MAX_LIMIT)] = 100,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
) -> Response:
    """Built-in scenarios (name, number of edits, description), then the uploads seen."""
    from corridor.scenarios import builtin_scenarios  # noqa: PLC0415

    names = builtin_scenarios()
    items = [_builtin_item(n) for n in names[offset : offset + limit]]
    want = limit - len(items)
    store = getattr(request.app.state, "store", None)
    if want and store is not None:
        docs = store.list_documents(
            "scenario", owner=owner_of(key), limit=want, offset=max(offset - len(names), 0)
        )
        items.extend(document_dict(d) for d in docs)
    nxt = f"/v1/scenarios?limit={limit}&offset={offset + limit}" if len(items) == limit else None
    return json_response(
        {"builtin": len(names), "limit": limit, "offset": offset, "items": items, "next": nxt}
    )


@router.get("/scenarios/{name}", summary="One scenario")
def get_scenario(
    request: Request,
    name: Annotated[str, Path(max_length=100)],
    key: Annotated[Key | None, Depends(optional_key)],
) -> Response:
    """A scenario as ``corridor scenario show NAME -f json``: edits, sources, demand growth."""
    from corridor.api.documents import parse_scenario_text  # noqa: PLC0415
    from corridor.cli.scenario import scenario_dict  # noqa: PLC0415
    from corridor.scenarios import builtin_scenarios, load_scenario  # noqa: PLC0415
    from corridor.store.records import NAME_PATTERN  # noqa: PLC0415

    if "," in name:
        raise UnknownIdError(f"scenario {name!r}: one name only; fix: drop the comma")
    store = getattr(request.app.state, "store", None)
    if name in builtin_scenarios() or store is None or not NAME_PATTERN.fullmatch(name):
        (checked,) = check_scenarios([name])
        data = scenario_dict(load_scenario(checked))
        data["file"] = None  # a path on the server says nothing to a client
        data["source"] = "builtin"
        return json_response(data)
    doc = store.get_document("scenario", name, owner=owner_of(key))
    data = scenario_dict(parse_scenario_text(doc.text, doc.name))
    data["file"] = None
    data.update(document_dict(doc))
    return json_response(data)


def _store_scenario(store: Store, name: str, text: str, owner: str, private: bool) -> Document:
    from corridor.data import eurasia  # noqa: PLC0415

    check_scenario_text(text, name, eurasia())
    store.put_document("scenario", name, text, owner=owner, private=private)
    return store.get_document("scenario", name, owner=owner)


def _checked(name: str) -> str:
    from corridor.scenarios import BASE, builtin_scenarios  # noqa: PLC0415
    from corridor.store.records import check_name  # noqa: PLC0415

    check_name(name, what="scenario name")
    if name in (BASE, *builtin_scenarios()):
        raise ReservedNameError(
            f"scenario name {name!r}: a built-in scenario's name; fix: choose another"
        )
    return name


@router.post(
    "/scenarios",
    status_code=201,
    summary="Upload a scenario file (TOML, validated)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/toml": {"schema": {"type": "string"}},
                MULTIPART: {"schema": multipart_schema()},
            },
        }
    },
)
async def upload_scenario(
    request: Request,
    name: Annotated[str, Query(min_length=1, max_length=100, description="Name to store.")],
    key: Annotated[Key, Depends(require_key)],
    private: Annotated[bool, Query(description="Only this key sees it.")] = False,
) -> Response:
    """The scenario file as the body, or as the ``file`` field of a form.

    Every problem (with its line) comes back in a 422.
    """
    checked = _checked(name)
    limit = request.app.state.settings.max_upload_bytes
    text = read_text(await upload_body(request, "scenario", limit), "scenario", checked)
    store = store_of(request)
    doc = await run_in_threadpool(_store_scenario, store, checked, text, key.name, private)
    response = json_response(document_dict(doc))
    response.status_code = 201
    response.headers["Location"] = f"/v1/scenarios/{doc.name}"
    return response


@router.delete("/scenarios/{name}", summary="Delete an uploaded scenario")
def delete_scenario(
    request: Request,
    name: Annotated[str, Path(max_length=100)],
    key: Annotated[Key, Depends(require_key)],
) -> Response:
    """Only the key that uploaded it may delete it; built-in scenarios cannot be."""
    from corridor.scenarios import BASE, builtin_scenarios  # noqa: PLC0415
    from corridor.store.errors import NotFoundError  # noqa: PLC0415
    from corridor.store.records import check_name  # noqa: PLC0415

    if name in (BASE, *builtin_scenarios()):
        raise ForbiddenError(f"scenario {name!r}: built in, it cannot be deleted")
    check_name(name, what="scenario name")
    store = store_of(request)
    if not store.delete_document("scenario", name, owner=key.name):
        raise NotFoundError(f"scenario {name!r}: no such upload; fix: see GET /v1/scenarios")
    return Response(status_code=204)
