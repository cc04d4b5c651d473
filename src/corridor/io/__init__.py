"""Readers and writers, one module per format."""

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
