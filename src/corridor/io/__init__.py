"""Readers and writers, one module per format.

The names below are imported from their modules on first use, so that reading a network
file does not load the routing graph reader (and scipy's graph routines) with it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from corridor.io.geojson import (
        network_from_geojson,
        network_to_geojson,
        read_network,
        write_network,
    )
    from corridor.io.gmns import read_gmns, write_gmns
    from corridor.io.graphjson import nearest_vertex, read_graphjson

__all__ = [
    "nearest_vertex",
    "network_from_geojson",
    "network_to_geojson",
    "read_gmns",
    "read_graphjson",
    "read_network",
    "write_gmns",
    "write_network",
]

_LAZY: dict[str, str] = {
    "nearest_vertex": "corridor.io.graphjson",
    "network_from_geojson": "corridor.io.geojson",
    "network_to_geojson": "corridor.io.geojson",
    "read_gmns": "corridor.io.gmns",
    "read_graphjson": "corridor.io.graphjson",
    "read_network": "corridor.io.geojson",
    "write_gmns": "corridor.io.gmns",
    "write_network": "corridor.io.geojson",
}


def __getattr__(name: str) -> object:
    """Import an exported name on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'corridor.io' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
