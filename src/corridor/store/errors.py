"""Errors of the run store: every one is a :class:`StoreError`, one line with a fix."""

from __future__ import annotations

from corridor.exceptions import CorridorError

__all__ = ["NotFoundError", "OwnershipError", "StateError", "StoreError"]


class StoreError(CorridorError):
    """A problem with the run store that a user can cause (bad URL, unknown id, ...)."""


class NotFoundError(StoreError):
    """No run, job, document or key with this id or name (or not visible to this owner)."""


class StateError(StoreError):
    """A job is not in a state that allows this change (finishing a cancelled job, ...)."""


class OwnershipError(StoreError):
    """A document with this name belongs to another owner."""
