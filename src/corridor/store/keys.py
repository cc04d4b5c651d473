"""API key tokens: made with :mod:`secrets`, kept only as a SHA-256 hash.

A key reads ``cor_`` then 43 URL-safe characters (32 random bytes). Its first
:data:`LOOKUP_LENGTH` characters after ``cor_`` are stored in clear to find the row; the
whole token is compared by hash with :func:`hmac.compare_digest`.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

__all__ = [
    "KEY_PATTERN",
    "KEY_PREFIX",
    "LOOKUP_LENGTH",
    "hash_token",
    "lookup_of",
    "new_token",
    "same_hash",
]

KEY_PREFIX = "cor_"
"""Every key starts with this, so that a leaked one is easy to recognise (and to scan for)."""

TOKEN_BYTES = 32
"""Random bytes in a key: 256 bits, so a plain SHA-256 at rest is enough (no key stretching)."""

KEY_PATTERN = re.compile(r"cor_[A-Za-z0-9_-]{43}")
"""The form of every key :func:`new_token` makes."""

LOOKUP_LENGTH = 8
"""Characters of the token (after ``cor_``) stored in clear to find its row."""


def new_token() -> str:
    """A new API key: ``cor_`` and 32 random bytes, URL-safe base64.

    Returns
    -------
    str
        The key, 47 characters.

    Examples
    --------
    >>> key = new_token()
    >>> key.startswith("cor_"), len(key), KEY_PATTERN.fullmatch(key) is not None
    (True, 47, True)
    """
    return KEY_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)


def lookup_of(token: str) -> str:
    """The clear part of ``token`` that finds its row (``cor_`` and 8 characters).

    Parameters
    ----------
    token
        A key of the form :data:`KEY_PATTERN`.

    Returns
    -------
    str
        Its first ``4 + LOOKUP_LENGTH`` characters.
    """
    return token[: len(KEY_PREFIX) + LOOKUP_LENGTH]


def hash_token(token: str) -> str:
    """The SHA-256 of ``token``, in hexadecimal: what the store keeps.

    Parameters
    ----------
    token
        The key.

    Returns
    -------
    str
        64 hexadecimal digits.
    """
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same_hash(token: str, stored: str) -> bool:
    """Whether ``token`` hashes to ``stored``, in constant time.

    Parameters
    ----------
    token
        The key presented.
    stored
        The hash kept in the store.

    Returns
    -------
    bool
        ``True`` when they match.
    """
    return hmac.compare_digest(hash_token(token).encode("ascii"), stored.encode("ascii"))
