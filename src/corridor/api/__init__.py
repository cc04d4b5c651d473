"""The corridor REST API (FastAPI): ``create_app(settings)``; ``corridor serve`` runs it.

Importing this package does not import FastAPI; :func:`create_app` does, and names the
extra to install (``pip install 'corridor[api]'``) when it is missing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from corridor.api.settings import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["Settings", "create_app"]


def create_app(settings: Settings | None = None) -> FastAPI:
    """The corridor API application.

    Parameters
    ----------
    settings
        Server settings (default: :meth:`Settings.from_env`).

    Returns
    -------
    fastapi.FastAPI
        The ASGI application: endpoints under ``/v1``, OpenAPI at ``/docs`` and
        ``/openapi.json``.

    Raises
    ------
    MissingOptionalDependencyError
        If FastAPI is not installed (``pip install 'corridor[api]'``).
    """
    from corridor._dependencies import import_optional  # noqa: PLC0415

    import_optional("fastapi", extra="api")
    from corridor.api.app import build_app  # noqa: PLC0415

    return build_app(Settings.from_env() if settings is None else settings)
