"""The API test client (skipped without FastAPI: ``pip install 'corridor[api]'``)."""

from __future__ import annotations

import os
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

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

    settings.setdefault("prestart_workers", False)  # most test apps run no job
    return TestClient(create_app(Settings(**settings)))  # type: ignore[arg-type]


@pytest.fixture(scope="session", autouse=True)
def _data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Every app of the session keeps its store in a temporary data directory.

    ``CORRIDOR_TEST_API_DATABASE_URL`` runs them on that database instead (a throwaway
    PostgreSQL, as ``scripts/postgres.sh`` starts).
    """
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CORRIDOR_DATA_DIR", str(tmp_path_factory.mktemp("corridor-data")))
        url = os.environ.get("CORRIDOR_TEST_API_DATABASE_URL", "").strip()
        if url:
            mp.setenv("CORRIDOR_DATABASE_URL", url)
        else:
            mp.delenv("CORRIDOR_DATABASE_URL", raising=False)
        yield


@pytest.fixture(scope="session")
def client() -> Iterator[TestClient]:
    """One client on the default settings for the whole session."""
    with new_client() as c:
        yield c


@pytest.fixture
def make_client() -> Callable[..., TestClient]:
    """A factory of clients on other settings (``make_client(max_request_bytes=200)``)."""
    return new_client


FINAL_STATES = ("succeeded", "failed", "cancelled")


def _key(client: TestClient, name: str) -> dict[str, str]:
    token = client.app.state.store.create_key(name)  # type: ignore[attr-defined]
    return {"Authorization": f"Bearer {token}"}


def _wait(
    client: TestClient, job_id: str, timeout: float = 60.0, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    end = time.monotonic() + timeout
    job: dict[str, Any] = {}
    while time.monotonic() < end:
        job = client.get(f"/v1/jobs/{job_id}", headers=headers).json()
        if job.get("state") in FINAL_STATES:
            return job
        time.sleep(0.1)
    return job


@pytest.fixture
def key_for() -> Callable[[TestClient, str], dict[str, str]]:
    """``key_for(client, name)``: headers with a new API key of the client's store."""
    return _key


@pytest.fixture
def wait_job() -> Callable[..., dict[str, Any]]:
    """``wait_job(client, job_id, timeout=60, headers=None)``: the job once it has ended."""
    return _wait


@pytest.fixture(scope="module")
def keyed_client() -> Iterator[tuple[TestClient, dict[str, str]]]:
    """A client whose jobs are dropped when it stops (no grace), and an API key."""
    with new_client(shutdown_grace=0.0) as c:
        yield c, _key(c, f"keyed-{uuid.uuid4().hex[:12]}")
