from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from corridor.testing import tiny_network_geojson

# CI runs the same examples every time (reproducible); locally hypothesis explores freely.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# the embedded network's per-user cache (corridor.data._cache) goes to a directory of this
# run, inherited by the CLI subprocesses, not to the user's ~/.cache
if "CORRIDOR_CACHE_DIR" not in os.environ:
    os.environ["CORRIDOR_CACHE_DIR"] = tempfile.mkdtemp(prefix="corridor-test-cache-")
    atexit.register(shutil.rmtree, os.environ["CORRIDOR_CACHE_DIR"], ignore_errors=True)

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture
def tiny() -> dict[str, Any]:
    """The tiny valid network as a GeoJSON dict."""
    return tiny_network_geojson()


@pytest.fixture
def shared_data() -> Path:
    """``../shared/data``, or skip when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data not found at {SHARED_DATA} (see docs/data.md to obtain it)")
    return SHARED_DATA
