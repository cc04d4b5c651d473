"""Readers and writers, one module per format."""

from corridor.io.geojson import (
    network_from_geojson,
    network_to_geojson,
    read_network,
    write_network,
)

__all__ = ["network_from_geojson", "network_to_geojson", "read_network", "write_network"]
