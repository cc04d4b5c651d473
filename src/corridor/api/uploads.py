"""The body of an upload: the raw file, or the ``file`` field of a ``multipart/form-data`` form.

``POST /v1/networks`` and ``POST /v1/scenarios`` take the file either way (``curl
--data-binary @net.geojson`` or ``curl -F file=@net.geojson``); both then go through the
same reader, size limit (:class:`corridor.api.middleware.SizeLimit`, before anything is
parsed) and key check. A form that cannot be read is a 400, a form without exactly one
``file`` field a 422, each as problem+json naming the field and the fix.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from corridor.api.documents import InvalidUploadError
from corridor.exceptions import CorridorError

if TYPE_CHECKING:
    from fastapi import Request

__all__ = ["FILE_FIELD", "MULTIPART", "MalformedUploadError", "multipart_schema", "upload_body"]

#: The form field that carries the file.
FILE_FIELD: Final = "file"
#: The media type of forms.
MULTIPART: Final = "multipart/form-data"
_MAX_FIELDS: Final = 16


class MalformedUploadError(CorridorError):
    """A ``multipart/form-data`` body that cannot be read as a form (HTTP 400)."""


def multipart_schema() -> dict[str, object]:
    """The OpenAPI schema of the upload form (one ``file`` field).

    Returns
    -------
    dict
        A JSON Schema object.
    """
    return {
        "type": "object",
        "properties": {FILE_FIELD: {"type": "string", "format": "binary"}},
        "required": [FILE_FIELD],
    }


def _is_form(request: Request) -> bool:
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    return media == MULTIPART


async def upload_body(request: Request, kind: str, limit: int) -> bytes:
    """The uploaded file's bytes, from the raw body or from the form's ``file`` field.

    Parameters
    ----------
    request
        The upload request (its size already checked).
    kind
        ``network`` or ``scenario``, for messages.
    limit
        The largest file accepted (the upload size limit).

    Returns
    -------
    bytes
        The file as sent.

    Raises
    ------
    MalformedUploadError
        For a form that cannot be parsed (no boundary, cut short, too many parts).
    InvalidUploadError
        For a form without a ``file`` field, or with more than one.
    """
    if not _is_form(request):
        return await request.body()
    from starlette.datastructures import UploadFile  # noqa: PLC0415
    from starlette.exceptions import HTTPException  # noqa: PLC0415

    try:
        form = await request.form(max_files=2, max_fields=_MAX_FIELDS, max_part_size=limit)
    except HTTPException as exc:  # starlette's answer to a form it cannot parse
        raise MalformedUploadError(
            f"{kind} upload: not a readable {MULTIPART} body ({exc.detail}); fix: send the "
            f"file as the {FILE_FIELD!r} field (curl -F {FILE_FIELD}=@FILE) or as the raw "
            "body (curl --data-binary @FILE)"
        ) from None
    try:
        values = form.getlist(FILE_FIELD)
        if len(values) != 1:
            sent = ", ".join(sorted({repr(k) for k in form})) or "none"
            raise InvalidUploadError(
                f"{kind} upload: {len(values)} {FILE_FIELD!r} fields in the form (fields sent: "
                f"{sent}); fix: send exactly one, e.g. curl -F {FILE_FIELD}=@FILE"
            )
        (value,) = values
        if isinstance(value, UploadFile):
            return await value.read()
        return value.encode("utf-8")
    finally:
        await form.close()
