"""API keys: who sends a request (``Authorization: Bearer cor_...`` or ``X-API-Key``).

Every write (POST, DELETE) needs a valid key, checked with
:meth:`corridor.store.Store.verify_key` (the store keeps only a hash). Reads answer without
one unless ``CORRIDOR_READ_ONLY_OPEN=false``; a key sent with a read still counts, so that
its owner sees their private uploads.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from fastapi import Request

from corridor.exceptions import CorridorError

if TYPE_CHECKING:
    from corridor.store import Key, Store

__all__ = [
    "KEY_PREFIX",
    "MAX_TOKEN",
    "AuthenticationError",
    "ForbiddenError",
    "authenticate",
    "optional_key",
    "owner_of",
    "require_key",
    "token_of",
]

#: How every key starts (``corridor keys create`` prints one).
KEY_PREFIX = "cor_"
#: The longest key text looked at (a key is ``cor_`` and 43 characters).
MAX_TOKEN = 200


class AuthenticationError(CorridorError):
    """No API key, or one that the store does not know (HTTP 401)."""


class ForbiddenError(CorridorError):
    """A revoked key, or a key acting on what another key owns (HTTP 403)."""


def token_of(headers: Mapping[str, str]) -> str | None:
    """The API key a request carries, or ``None``.

    Parameters
    ----------
    headers
        The request headers (case-insensitive mapping).

    Returns
    -------
    str or None
        The ``Authorization: Bearer`` token, else the ``X-API-Key`` value, stripped.

    Examples
    --------
    >>> token_of({"authorization": "Bearer cor_abc"})
    'cor_abc'
    >>> token_of({"x-api-key": " cor_abc "})
    'cor_abc'
    >>> token_of({}) is None
    True
    """
    auth = headers.get("authorization", "").strip()
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip() or None
    key = headers.get("x-api-key", "").strip()
    return key or None


def authenticate(store: Store, token: str | None, what: str) -> Key:
    """The key behind ``token``, or an error saying why there is none.

    Parameters
    ----------
    store
        The store that knows the keys.
    token
        The key sent (``None``: none).
    what
        What was asked (``POST /v1/jobs``), for the message.

    Returns
    -------
    Key
        The valid key.

    Raises
    ------
    AuthenticationError
        Without a key, or with one the store does not know.
    ForbiddenError
        With a revoked key.
    """
    if token is None:
        raise AuthenticationError(
            f"{what}: needs an API key; fix: send 'Authorization: Bearer cor_...' (or "
            "X-API-Key), a key made with 'corridor keys create NAME'"
        )
    if len(token) > MAX_TOKEN or not token.startswith(KEY_PREFIX):
        raise AuthenticationError(
            f"{what}: the API key sent is not a corridor key (they start with "
            f"{KEY_PREFIX!r}); fix: send the key 'corridor keys create' printed"
        )
    key = store.verify_key(token)
    if key is not None:
        return key
    revoked = [
        k for k in store.list_keys() if not k.active and k.prefix and token.startswith(k.prefix)
    ]
    if revoked:
        raise ForbiddenError(
            f"{what}: the API key {revoked[0].name!r} was revoked; fix: ask the operator for "
            "a new one"
        )
    raise AuthenticationError(
        f"{what}: unknown API key; fix: check it, or create one with 'corridor keys create NAME'"
    )


def _what(request: Request) -> str:
    return f"{request.method} {request.url.path}"


def require_key(request: Request) -> Key:
    """FastAPI dependency of the writing endpoints: the request's valid key.

    Parameters
    ----------
    request
        The request.

    Returns
    -------
    Key
        The key.
    """
    from corridor.api.state import store_of  # noqa: PLC0415

    return authenticate(store_of(request), token_of(request.headers), _what(request))


def optional_key(request: Request) -> Key | None:
    """FastAPI dependency of the reading endpoints: the request's key if it sent one.

    A key that is sent must be valid (a wrong one is refused rather than ignored).

    Parameters
    ----------
    request
        The request.

    Returns
    -------
    Key or None
        The key, ``None`` when the request sent none.
    """
    from corridor.api.state import store_of  # noqa: PLC0415

    token = token_of(request.headers)
    if token is None:
        return None
    return authenticate(store_of(request), token, _what(request))


def owner_of(key: Key | None) -> str | None:
    """The owner name of what ``key`` writes or may read (``None`` without a key).

    Parameters
    ----------
    key
        The key.

    Returns
    -------
    str or None
        The key's name.
    """
    return None if key is None else key.name
