"""A live corridor server and a headless Chromium for the browser tests.

Chromium is Debian's ``/usr/bin/chromium`` (``apt-get install chromium``; scripts/check
installs it), driven by Playwright for Python; nothing is downloaded at run time (never
``playwright install``). Without Chromium or Playwright the tests skip, saying why.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        f"{CHROMIUM} is absent: apt-get install -y chromium (scripts/check does it)",
        allow_module_level=True,
    )
pytest.importorskip("playwright", reason="the browser tests need playwright (test group)")
pytest.importorskip("uvicorn", reason="the browser tests need the api extra")

if TYPE_CHECKING:
    from fastapi import FastAPI
    from playwright.sync_api import Browser, Page

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, FastAPI]]:
    """A corridor server on a free loopback port (a thread), its store a fresh SQLite file.

    Module-scoped like the browser: both stop when the browser tests end, so neither keeps
    a core busy during the rest of the suite.
    """
    import uvicorn  # noqa: PLC0415

    from corridor.api import Settings, create_app  # noqa: PLC0415

    port = _free_port()
    database = tmp_path_factory.mktemp("corridor-store") / "store.sqlite3"
    app = create_app(Settings(port=port, database_url=f"sqlite:///{database}"))
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the corridor server did not start within 60 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", app
    srv.should_exit = True
    thread.join(timeout=30)


@pytest.fixture(scope="module")
def server(live: tuple[str, FastAPI]) -> str:
    """The base URL of the live server."""
    return live[0]


@pytest.fixture(scope="module")
def api_key(live: tuple[str, FastAPI]) -> str:
    """An API key of the live server's store (jobs need one)."""
    token: str = live[1].state.store.create_key("browser-tests")
    return token


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium with a fresh profile, no network but the test server's."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    # launch() starts Chromium on a fresh, temporary profile of its own every time
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page at 1280 x 720 that fails the test on any script error."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    pg = context.new_page()
    errors: list[Any] = []
    pg.on("pageerror", lambda error: errors.append(error))  # noqa: PLW0108 - not a bound builtin
    pg.set_default_timeout(30_000)
    yield pg
    context.close()
    assert not errors, f"script errors on the page: {errors}"


@pytest.fixture
def shot() -> Callable[[Page, str], Path]:
    """Save a screenshot under tests/artifacts/ (git-ignored); returns its path."""

    def save(pg: Page, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        pg.screenshot(path=str(path))
        return path

    return save
