"""The API test client (skipped without FastAPI: ``pip install 'corridor[api]'``)."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest

pytest.importorskip("fastapi", reason="the API needs the api extra: pip install 'corridor[api]'")
pytest.importorskip("httpx", reason="the API test client needs httpx (test dependency group)")

if TYPE_CHECKING:
    from fastapi.testclient import TestClient


def new_client(**settings: object) -> TestClient:
    """A test client of an app built with these settings."""
    with warnings.catch_warnings():  # starlette's note about httpx versions
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient  # noqa: PLC0415

    from corridor.api import Settings, create_app  # noqa: PLC0415

    return TestClient(create_app(Settings(**settings)))  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def client() -> Iterator[TestClient]:
    """One client on the default settings for the whole session."""
    with new_client() as c:
        yield c


@pytest.fixture
def make_client() -> Callable[..., TestClient]:
    """A factory of clients on other settings (``make_client(max_request_bytes=200)``)."""
    return new_client
