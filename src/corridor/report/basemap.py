"""The basemap shipped with corridor, and a network as light GeoJSON layers for maps."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from corridor.network.model import Network

__all__ = ["BASEMAP_ATTRIBUTION", "OKABE_ITO", "countries", "network_layers"]

#: Credit line for the country shapes (public domain, credit given as a courtesy).
BASEMAP_ATTRIBUTION = "Natural Earth 1:110m countries (public domain)"

#: The Okabe-Ito colour-blind-safe palette (black last), one colour per corridor option.
OKABE_ITO: tuple[str, ...] = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#D55E00",
    "#0072B2",
    "#CC79A7",
    "#F0E442",
    "#000000",
)
_DIGITS = 3


@cache
def _countries_text() -> str:
    return (resources.files("corridor.report") / "data" / "countries.geojson").read_text(
        encoding="utf-8"
    )


def countries() -> dict[str, Any]:
    """Natural Earth 1:110m country shapes: name, ``iso_a2``, ``iso_a3``, 3 decimals.

    Built from Natural Earth by ``tools/build_basemap.py``; a new dict on every call.

    Returns
    -------
    dict
        A GeoJSON FeatureCollection of (Multi)Polygons, with an ``attribution`` member.

    Examples
    --------
    >>> from corridor.report import countries
    >>> len(countries()["features"]) > 150
    True
    """
    data: dict[str, Any] = json.loads(_countries_text())
    return data


def _point(lon: float, lat: float) -> list[float]:
    return [round(lon, _DIGITS), round(lat, _DIGITS)]


def network_layers(network: Network) -> dict[str, Any]:
    """The nodes and links of ``network`` as a light GeoJSON collection for a map.

    Links keep ``id``, ``from``, ``to``, ``mode``, ``distance_km`` and their line (the
    straight segment between the nodes when it has none); nodes keep ``id``, ``name``,
    ``kind`` and ``country`` and mark passages (canals, straits) with ``passage: true``.
    Coordinates are rounded to 3 decimals.

    Parameters
    ----------
    network
        The network (with any scenario applied).

    Returns
    -------
    dict
        A GeoJSON FeatureCollection; each feature's ``layer`` property is ``link`` or
        ``node``.

    Examples
    --------
    >>> from corridor import eurasia
    >>> from corridor.report import network_layers
    >>> layers = network_layers(eurasia())
    >>> sorted({f["properties"]["layer"] for f in layers["features"]})
    ['link', 'node']
    """
    nodes = {n.id: n for n in network.nodes}
    features: list[dict[str, Any]] = []
    for link in network.links:
        a, b = nodes[link.from_node], nodes[link.to_node]
        line = link.geometry or ((a.lon, a.lat), (b.lon, b.lat))
        features.append(
            {
                "type": "Feature",
                "id": len(features),
                "properties": {
                    "layer": "link",
                    "id": link.id,
                    "from": link.from_node,
                    "to": link.to_node,
                    "mode": link.mode,
                    "distance_km": link.distance_km,
                },
                "geometry": {"type": "LineString", "coordinates": [_point(*p) for p in line]},
            }
        )
    for node in network.nodes:
        features.append(
            {
                "type": "Feature",
                "id": len(features),
                "properties": {
                    "layer": "node",
                    "id": node.id,
                    "name": node.name,
                    "kind": node.kind,
                    "country": node.country,
                    "passage": node.kind == "chokepoint" or node.passage is not None,
                },
                "geometry": {"type": "Point", "coordinates": _point(node.lon, node.lat)},
            }
        )
    return {"type": "FeatureCollection", "features": features}
