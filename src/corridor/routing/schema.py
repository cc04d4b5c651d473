"""JSON Schemas of the ``compare`` and ``route`` JSON outputs (the public contract).

Every time, cost and CO2 figure is terminal to terminal: from the origin node (a terminal,
port or city node) to the destination node, without pre- or on-carriage by road.
"""

from __future__ import annotations

from typing import Any, Final

__all__ = ["COMPARED_OPTION_SCHEMA", "COMPARE_SCHEMA", "OPTION_SCHEMA", "ROUTE_SCHEMA"]

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
            "description": "Terminal-to-terminal transit time in days: the mean of the leg "
            "times and simulated percentiles (no first or last mile).",
            "required": ["mean", "p50", "p90", "p95"],
            "properties": {
                q: {"type": "number", "minimum": 0} for q in ("mean", "p50", "p90", "p95")
            },
        },
        "cost_usd": {
            "type": "number",
            "minimum": 0,
            "description": "Terminal-to-terminal money per cargo unit (USD).",
        },
        "co2_kg": {
            "type": "number",
            "minimum": 0,
            "description": "Terminal-to-terminal CO2e per cargo unit (kg, well-to-wheel).",
        },
        "distance_km": {"type": "number", "minimum": 0},
        "border_crossings": {
            "type": "integer",
            "minimum": 0,
            "description": "customs_frontiers + internal_borders.",
        },
        "customs_frontiers": {
            "type": "integer",
            "minimum": 0,
            "description": "Crossings that are customs frontiers, ports of entry included.",
        },
        "internal_borders": {
            "type": "integer",
            "minimum": 0,
            "description": "Crossings inside one customs union (EU, EAEU).",
        },
        "services": {"type": "array", "items": {"type": "string"}},
        "transshipments": {"type": "integer", "minimum": 0},
        "countries": {"type": "array", "items": {"type": "string", "pattern": "^[A-Z]{2}$"}},
        "legs": {"type": "array", "items": _LEG, "minItems": 1},
    },
}
_FINDING: Final = {
    "type": "object",
    "required": ["rule", "reference", "text"],
    "properties": {
        "rule": {
            "enum": [
                "dominated",
                "dominated_detour",
                "third_union_detour",
                "reentry_detour",
                "land_bridge_detour",
            ]
        },
        "reference": {"type": "string", "description": "Corridor it is measured against."},
        "text": {"type": "string"},
    },
}
_RANKED: Final = {
    "type": "object",
    "required": ["rank", "tie_with", "flags"],
    "properties": {
        "rank": {
            "type": ["integer", "null"],
            "minimum": 1,
            "description": "1 = best; options that tie share the rank of the best of their "
            "group; null for an implausible option.",
        },
        "tie_with": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Corridors within the tie margin of this one (same rank).",
        },
        "flags": {"type": "array", "items": _FINDING},
    },
}
COMPARED_OPTION_SCHEMA: Final[dict[str, Any]] = {"allOf": [OPTION_SCHEMA, _RANKED]}
COMPARE_SCHEMA: Final[dict[str, Any]] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "corridor compare --format json",
    "type": "object",
    "required": ["origin", "destination", "cargo", "options"],
    "properties": {
        "origin": _PLACE,
        "destination": _PLACE,
        "cargo": {"type": "string"},
        "options": {
            "type": "array",
            "items": COMPARED_OPTION_SCHEMA,
            "minItems": 1,
            "description": "One option per corridor family shown as a corridor, best first.",
        },
        "implausible": {
            "type": "object",
            "description": "Corridor family → an option found but judged a detour through "
            "another corridor, with the reasons (shown by corridor compare --all).",
            "additionalProperties": {
                "type": "object",
                "required": ["reasons", "option"],
                "properties": {
                    "reasons": {"type": "array", "items": _FINDING, "minItems": 1},
                    "option": COMPARED_OPTION_SCHEMA,
                },
            },
        },
        "unavailable": {"type": "object", "additionalProperties": {"type": "string"}},
        "margins": {
            "type": "object",
            "description": "tie: relative objective margin of a tie; detour_ratio: distance "
            "ratio of a dominated detour; transit: how much shorter an option avoiding a "
            "third customs union must be.",
            "properties": {
                "tie": {"type": "number"},
                "detour_ratio": {"type": "number"},
                "transit": {"type": "number"},
            },
        },
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
