"""Public test helpers: a tiny example network and hypothesis strategies (needs hypothesis)."""

from __future__ import annotations

import copy
from typing import Any

__all__ = ["feature_properties", "tiny_network_geojson"]

_PROV = {"source": "test fixture", "kind": "estimate", "note": "UNSOURCED ESTIMATE"}


def _node(
    node_id: str, kind: str, country: str, lon: float, lat: float, **extra: object
) -> dict[str, Any]:
    props: dict[str, Any] = {
        "feature_type": "node",
        "id": node_id,
        "name": node_id.title(),
        "kind": kind,
        "country": country,
        "provenance": {"coordinates": _PROV},
    }
    props.update(extra)
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": props,
    }


def _link(link_id: str, a: str, b: str, mode: str, km: float, **extra: object) -> dict[str, Any]:
    props: dict[str, Any] = {
        "feature_type": "link",
        "id": link_id,
        "from": a,
        "to": b,
        "mode": mode,
        "distance_km": km,
        "speed_kmh": 40.0,
        "tariff": {"fixed": 100.0, "per_km": 0.5, "currency": "USD", "unit": "FEU"},
        "provenance": {"distance_km": _PROV, "speed_kmh": _PROV, "tariff": _PROV},
    }
    props.update(extra)
    return {"type": "Feature", "geometry": None, "properties": props}


_GAUGE = {
    "from_mode": "rail_1435",
    "to_mode": "rail_1520",
    "kind": "gauge_change",
    "time_h": {"type": "triangular", "low": 1.0, "mode": 2.0, "high": 6.0},
    "cost": {"amount": 329.0, "currency": "USD"},
    "provenance": {"time_h": _PROV, "cost": _PROV},
}
_FERRY = {
    "from_mode": "rail_1520",
    "to_mode": "ferry",
    "kind": "rail_ship",
    "time_h": {"type": "fixed", "value": 12.0},
    "provenance": {"time_h": _PROV},
}
_BORDER = {
    "countries": ["CN", "KZ"],
    "dwell_h": {
        "paper": {"type": "lognormal", "mean": 60.0, "sd": 30.0},
        "digital": {"type": "lognormal", "mean": 20.0, "sd": 10.0},
    },
    "regime": "paper",
    "fee": {"amount": 2000.0, "currency": "KZT"},
    "provenance": {"dwell_h.paper": _PROV, "dwell_h.digital": _PROV, "fee": _PROV},
}

_TINY: dict[str, Any] = {
    "type": "FeatureCollection",
    "corridor": {
        "format": "corridor-network",
        "version": 1,
        "name": "tiny",
        "fx": {"base": "USD", "rates": {"KZT": 500.0, "EUR": 0.9}},
        "cargo_classes": [
            {
                "id": "FEU",
                "name": "40-foot container",
                "teu": 2.0,
                "tonnes": 20.0,
                "value_usd": 100000.0,
                "value_of_time_usd_per_day": 1000.0,
            }
        ],
    },
    "features": [
        _node("xian", "city", "CN", 108.94, 34.34, aliases=["Xi'an", "Sian"], locode="CNXAN"),
        _node("urumqi", "rail_terminal", "CN", 87.6, 43.8),
        _node("dostyk", "border_crossing", "KZ", 82.5, 45.25, border=_BORDER, transfers=[_GAUGE]),
        _node("almaty", "city", "KZ", 76.9, 43.25),
        _node("aktau", "port", "KZ", 51.2, 43.6, transfers=[_FERRY]),
        _node("baku", "port", "AZ", 49.87, 40.4),
        _link("r1", "xian", "urumqi", "rail_1435", 2568.0),
        _link("r2", "urumqi", "dostyk", "rail_1435", 480.0),
        _link("r3", "dostyk", "almaty", "rail_1520", 850.0),
        _link("r4", "almaty", "aktau", "rail_1520", 3100.0),
        _link("f1", "aktau", "baku", "ferry", 430.0),
    ],
}


def tiny_network_geojson() -> dict[str, Any]:
    """A small valid network as a GeoJSON dict (a fresh copy each call).

    Xi'an → Urumqi → Dostyk (CN/KZ border, gauge change) → Almaty → Aktau → ferry → Baku.

    Returns
    -------
    dict
        The FeatureCollection.
    """
    return copy.deepcopy(_TINY)


def feature_properties(collection: dict[str, Any], feature_id: str) -> dict[str, Any]:
    """The (mutable) properties of the feature with id ``feature_id`` in a GeoJSON dict.

    Parameters
    ----------
    collection
        A GeoJSON FeatureCollection, such as :func:`tiny_network_geojson` returns.
    feature_id
        The ``id`` property of the node or link.

    Returns
    -------
    dict
        The feature's ``properties``, not a copy: editing it edits ``collection``.

    Raises
    ------
    KeyError
        If no feature has that id.
    """
    for feature in collection["features"]:
        if feature["properties"]["id"] == feature_id:
            props: dict[str, Any] = feature["properties"]
            return props
    raise KeyError(feature_id)
