"""JSON Schemas of the ``compare`` and ``route`` JSON outputs (the public contract)."""

from __future__ import annotations

from typing import Any, Final

__all__ = ["COMPARE_SCHEMA", "OPTION_SCHEMA", "ROUTE_SCHEMA"]

_PLACE: Final = {
    "type": "object",
    "required": ["id", "name", "country"],
    "properties": {
        "id": {"type": "string"},
        "name": {"type": "string"},
        "country": {"type": "string"},
    },
}
_LEG: Final = {
    "type": "object",
    "required": ["from", "to", "mode", "distance_km", "hours", "cost_usd", "co2_kg"],
    "properties": {
        "kind": {
            "enum": [
                "move",
                "border",
                "transfer",
                "load",
                "unload",
                "wait",
                "call",
                "passage",
                "delay",
            ]
        },
        "service": {"type": "string"},
        "direction": {"type": "string", "pattern": "^[A-Z]{2}>[A-Z]{2}$"},
        "customs": {"enum": ["frontier", "internal"]},
        "from": {"type": "string"},
        "to": {"type": "string"},
        "mode": {"type": "string"},
        "distance_km": {"type": "number", "minimum": 0},
        "hours": {"type": "number", "minimum": 0},
        "cost_usd": {"type": "number", "minimum": 0},
        "co2_kg": {"type": "number", "minimum": 0},
    },
}
OPTION_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "required": [
        "corridor",
        "transit_days",
        "cost_usd",
        "co2_kg",
        "distance_km",
        "border_crossings",
        "customs_frontiers",
        "internal_borders",
        "transshipments",
        "countries",
        "legs",
    ],
    "properties": {
        "corridor": {"type": "string"},
        "transit_days": {
            "type": "object",
            "required": ["mean", "p50", "p90", "p95"],
            "properties": {
                q: {"type": "number", "minimum": 0} for q in ("mean", "p50", "p90", "p95")
            },
        },
        "cost_usd": {"type": "number", "minimum": 0},
        "co2_kg": {"type": "number", "minimum": 0},
        "distance_km": {"type": "number", "minimum": 0},
        "border_crossings": {"type": "integer", "minimum": 0},
        "customs_frontiers": {"type": "integer", "minimum": 0},
        "internal_borders": {"type": "integer", "minimum": 0},
        "services": {"type": "array", "items": {"type": "string"}},
        "transshipments": {"type": "integer", "minimum": 0},
        "countries": {"type": "array", "items": {"type": "string", "pattern": "^[A-Z]{2}$"}},
        "legs": {"type": "array", "items": _LEG, "minItems": 1},
    },
}
COMPARE_SCHEMA: Final[dict[str, Any]] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "corridor compare --format json",
    "type": "object",
    "required": ["origin", "destination", "cargo", "options"],
    "properties": {
        "origin": _PLACE,
        "destination": _PLACE,
        "cargo": {"type": "string"},
        "options": {"type": "array", "items": OPTION_SCHEMA, "minItems": 1},
        "unavailable": {"type": "object", "additionalProperties": {"type": "string"}},
    },
}
ROUTE_SCHEMA: Final[dict[str, Any]] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "corridor route --format json",
    "allOf": [
        OPTION_SCHEMA,
        {
            "type": "object",
            "required": ["origin", "destination", "cargo", "alternatives"],
            "properties": {
                "origin": _PLACE,
                "destination": _PLACE,
                "alternatives": {"type": "array", "items": OPTION_SCHEMA},
            },
        },
    ],
}
