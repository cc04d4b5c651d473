"""Write ``src/corridor/data/network.schema.json``, the JSON Schema of the network format.

Run ``python tools/write_schema.py`` after changing the format; a test checks the file is
current and that the embedded network and the writer's output validate against it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from corridor._typing import (
    CAPACITY_UNITS,
    DIRECTIONS,
    ESTIMATE_KINDS,
    MODES,
    NODE_KINDS,
    REGIME_KINDS,
    REGIMES,
    SERVICE_KINDS,
    TARIFF_UNITS,
    TRANSFER_KINDS,
)

OUT = Path(__file__).resolve().parents[1] / "src" / "corridor" / "data" / "network.schema.json"
NUM = {"type": "number"}
NONNEG = {"type": "number", "minimum": 0}
POS = {"type": "number", "exclusiveMinimum": 0}


def schema() -> dict[str, Any]:
    """The schema as a dict."""
    defs: dict[str, Any] = {
        "distribution": {
            "description": "A duration in hours: a number (fixed) or a distribution object.",
            "oneOf": [
                NONNEG,
                {
                    "type": "object",
                    "required": ["type", "value"],
                    "additionalProperties": False,
                    "properties": {"type": {"const": "fixed"}, "value": NONNEG},
                },
                {
                    "type": "object",
                    "required": ["type", "low", "mode", "high"],
                    "additionalProperties": False,
                    "properties": {
                        "type": {"const": "triangular"},
                        "low": NONNEG,
                        "mode": NONNEG,
                        "high": NONNEG,
                    },
                },
                {
                    "type": "object",
                    "required": ["type", "mean", "sd"],
                    "additionalProperties": False,
                    "properties": {"type": {"const": "lognormal"}, "mean": POS, "sd": POS},
                },
                {
                    "type": "object",
                    "required": ["type", "values"],
                    "additionalProperties": False,
                    "properties": {
                        "type": {"const": "empirical"},
                        "values": {"type": "array", "items": NONNEG, "minItems": 1},
                    },
                },
                {
                    "type": "object",
                    "required": ["type", "weights", "components"],
                    "additionalProperties": False,
                    "properties": {
                        "type": {"const": "mixture"},
                        "weights": {"type": "array", "items": NONNEG, "minItems": 1},
                        "components": {
                            "type": "array",
                            "minItems": 1,
                            "items": {"$ref": "#/$defs/distribution"},
                        },
                    },
                },
            ],
        },
        "provenance_entry": {
            "type": "object",
            "required": ["source"],
            "additionalProperties": False,
            "properties": {
                "source": {"type": "string", "minLength": 1},
                "kind": {"enum": list(ESTIMATE_KINDS)},
                "note": {"type": "string"},
            },
        },
        "provenance": {
            "description": "Source of each number, keyed by the field name: an entry, or "
            "the id of a shared entry in corridor.provenance.",
            "type": "object",
            "additionalProperties": {
                "oneOf": [
                    {"$ref": "#/$defs/provenance_entry"},
                    {"type": "string", "minLength": 1},
                ]
            },
        },
        "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
        "money": {
            "type": "object",
            "required": ["amount"],
            "additionalProperties": False,
            "properties": {"amount": NONNEG, "currency": {"$ref": "#/$defs/currency"}},
        },
        "capacity": {
            "type": "object",
            "required": ["value", "unit"],
            "additionalProperties": False,
            "properties": {"value": POS, "unit": {"enum": list(CAPACITY_UNITS)}},
        },
        "mode": {"enum": list(MODES)},
        "tariff": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "fixed": NONNEG,
                "per_km": NONNEG,
                "currency": {"$ref": "#/$defs/currency"},
                "unit": {"enum": list(TARIFF_UNITS)},
            },
        },
        "transfer": {
            "type": "object",
            "required": ["from_mode", "to_mode", "kind", "time_h"],
            "additionalProperties": False,
            "properties": {
                "from_mode": {"$ref": "#/$defs/mode"},
                "to_mode": {"$ref": "#/$defs/mode"},
                "kind": {"enum": list(TRANSFER_KINDS)},
                "time_h": {"$ref": "#/$defs/distribution"},
                "cost": {"$ref": "#/$defs/money"},
                "capacity": {"$ref": "#/$defs/capacity"},
                "both_ways": {"type": "boolean"},
                "provenance": {"$ref": "#/$defs/provenance"},
            },
        },
        "border": {
            "type": "object",
            "required": ["countries", "dwell_h"],
            "additionalProperties": False,
            "properties": {
                "countries": {
                    "type": "array",
                    "items": {"type": "string", "pattern": "^[A-Z]{2}$"},
                    "minItems": 2,
                    "maxItems": 2,
                },
                "dwell_h": {
                    "type": "object",
                    "minProperties": 1,
                    "additionalProperties": False,
                    "properties": {r: {"$ref": "#/$defs/distribution"} for r in REGIMES},
                },
                "regime": {"enum": list(REGIMES)},
                "dwell_h_by_direction": {
                    "description": "Dwell per direction FROM>TO (ISO codes), then per regime.",
                    "type": "object",
                    "propertyNames": {"pattern": "^[A-Z]{2}>[A-Z]{2}$"},
                    "additionalProperties": {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": {r: {"$ref": "#/$defs/distribution"} for r in REGIMES},
                    },
                },
                "fee": {"$ref": "#/$defs/money"},
                "provenance": {"$ref": "#/$defs/provenance"},
            },
        },
        "node": {
            "type": "object",
            "required": ["id", "name", "kind", "country"],
            "properties": {
                "feature_type": {"const": "node"},
                "id": {"type": "string", "minLength": 1},
                "name": {"type": "string", "minLength": 1},
                "kind": {"enum": list(NODE_KINDS)},
                "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
                "aliases": {"type": "array", "items": {"type": "string"}},
                "locode": {"type": "string", "pattern": "^[A-Z]{2}[A-Z2-9]{3}$"},
                "transfers": {"type": "array", "items": {"$ref": "#/$defs/transfer"}},
                "border": {"$ref": "#/$defs/border"},
                "handling": {
                    "type": "object",
                    "required": ["time_h"],
                    "additionalProperties": False,
                    "properties": {
                        "time_h": {"$ref": "#/$defs/distribution"},
                        "cost": {"$ref": "#/$defs/money"},
                        "provenance": {"$ref": "#/$defs/provenance"},
                    },
                },
                "closures": {
                    "type": "object",
                    "required": ["monthly_probability", "delay_h"],
                    "additionalProperties": False,
                    "properties": {
                        "monthly_probability": {
                            "type": "array",
                            "items": {"type": "number", "minimum": 0, "maximum": 1},
                            "minItems": 12,
                            "maxItems": 12,
                        },
                        "delay_h": {"$ref": "#/$defs/distribution"},
                        "provenance": {"$ref": "#/$defs/provenance"},
                    },
                },
                "passage": {
                    "description": "Canal or strait: transit time and toll for ships passing.",
                    "type": "object",
                    "required": ["time_h"],
                    "additionalProperties": False,
                    "properties": {
                        "time_h": {"$ref": "#/$defs/distribution"},
                        "toll": {"$ref": "#/$defs/money"},
                        "toll_unit": {"enum": list(TARIFF_UNITS)},
                        "provenance": {"$ref": "#/$defs/provenance"},
                    },
                },
                "provenance": {"$ref": "#/$defs/provenance"},
            },
        },
        "link": {
            "type": "object",
            "required": ["id", "from", "to", "mode", "distance_km"],
            "anyOf": [{"required": ["speed_kmh"]}, {"required": ["duration_h"]}],
            "properties": {
                "feature_type": {"const": "link"},
                "id": {"type": "string", "minLength": 1},
                "from": {"type": "string", "minLength": 1},
                "to": {"type": "string", "minLength": 1},
                "mode": {"$ref": "#/$defs/mode"},
                "name": {"type": "string"},
                "distance_km": POS,
                "speed_kmh": POS,
                "duration_h": {"$ref": "#/$defs/distribution"},
                "tariff": {"$ref": "#/$defs/tariff"},
                "tariff_reverse": {"$ref": "#/$defs/tariff"},
                "capacity": {"$ref": "#/$defs/capacity"},
                "emission_g_per_tkm": NONNEG,
                "electrified": {"type": "boolean"},
                "directions": {"enum": list(DIRECTIONS)},
                "service": {
                    "type": "object",
                    "required": ["name"],
                    "additionalProperties": False,
                    "properties": {
                        "name": {"type": "string"},
                        "headway_h": {"$ref": "#/$defs/distribution"},
                        "weekly_departures_h": {
                            "type": "array",
                            "items": {"type": "number", "minimum": 0, "exclusiveMaximum": 168},
                        },
                        "operator": {"type": "string"},
                        "kind": {"enum": list(SERVICE_KINDS)},
                        "call_h": {"$ref": "#/$defs/distribution"},
                        "schedule_delay_h": {"$ref": "#/$defs/distribution"},
                    },
                },
                "provenance": {"$ref": "#/$defs/provenance"},
            },
        },
        "position": {
            "type": "array",
            "minItems": 2,
            "items": NUM,
            "prefixItems": [
                {"type": "number", "minimum": -180, "maximum": 180},
                {"type": "number", "minimum": -90, "maximum": 90},
            ],
        },
    }
    feature = {
        "type": "object",
        "required": ["type", "geometry", "properties"],
        "properties": {"type": {"const": "Feature"}},
        "oneOf": [
            {
                "properties": {
                    "geometry": {
                        "type": "object",
                        "required": ["type", "coordinates"],
                        "properties": {
                            "type": {"const": "Point"},
                            "coordinates": {"$ref": "#/$defs/position"},
                        },
                    },
                    "properties": {"$ref": "#/$defs/node"},
                }
            },
            {
                "properties": {
                    "geometry": {
                        "oneOf": [
                            {"type": "null"},
                            {
                                "type": "object",
                                "required": ["type", "coordinates"],
                                "properties": {
                                    "type": {"const": "LineString"},
                                    "coordinates": {
                                        "type": "array",
                                        "minItems": 2,
                                        "items": {"$ref": "#/$defs/position"},
                                    },
                                },
                            },
                        ]
                    },
                    "properties": {"$ref": "#/$defs/link"},
                }
            },
        ],
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://corridor.invalid/schema/network-1.json",
        "title": "corridor network (GeoJSON FeatureCollection)",
        "description": "Nodes are Point features, links are LineString features (geometry may "
        "be null). See docs/network-format.md.",
        "type": "object",
        "required": ["type", "features"],
        "properties": {
            "type": {"const": "FeatureCollection"},
            "corridor": {
                "type": "object",
                "properties": {
                    "format": {"const": "corridor-network"},
                    "version": {"const": 1},
                    "name": {"type": "string"},
                    "attribution": {"type": "string"},
                    "provenance": {
                        "description": "Shared provenance entries by id, referred to from "
                        "the provenance objects of features and settings.",
                        "type": "object",
                        "additionalProperties": {"$ref": "#/$defs/provenance_entry"},
                    },
                    "fx": {
                        "type": "object",
                        "properties": {
                            "base": {"$ref": "#/$defs/currency"},
                            "date": {"type": "string"},
                            "rates": {"type": "object", "additionalProperties": POS},
                            "provenance": {"$ref": "#/$defs/provenance"},
                        },
                    },
                    "customs_unions": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["id", "name", "members"],
                            "additionalProperties": False,
                            "properties": {
                                "id": {"type": "string"},
                                "name": {"type": "string"},
                                "members": {
                                    "type": "array",
                                    "items": {"type": "string", "pattern": "^[A-Z]{2}$"},
                                    "minItems": 1,
                                },
                                "provenance": {"$ref": "#/$defs/provenance"},
                            },
                        },
                    },
                    "applied_regimes": {"type": "array", "items": {"type": "string"}},
                    "regimes": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["id", "name", "kind"],
                            "additionalProperties": False,
                            "properties": {
                                "id": {"type": "string"},
                                "name": {"type": "string"},
                                "kind": {"enum": list(REGIME_KINDS)},
                                "valid_from": {"type": "string", "format": "date"},
                                "valid_to": {"type": "string", "format": "date"},
                                "default": {"type": "boolean"},
                                "tariff_factor": {"type": "object", "additionalProperties": POS},
                                "tariff_reverse_factor": {
                                    "type": "object",
                                    "additionalProperties": POS,
                                    "description": "Back-haul tariff multiplier by service "
                                    "name, mode or *; else tariff_factor.",
                                },
                                "dwell_factor": {"type": "object", "additionalProperties": POS},
                                "wait_factor": {"type": "object", "additionalProperties": POS},
                                "speed_factor": {
                                    "type": "object",
                                    "additionalProperties": POS,
                                    "description": "Running-time multiplier of land links by "
                                    "ISO:mode, ISO country of the from-node, mode or *.",
                                },
                                "closed": {"type": "array", "items": {"type": "string"}},
                                "schedule_delay_h": {
                                    "type": "object",
                                    "additionalProperties": {"$ref": "#/$defs/distribution"},
                                },
                                "provenance": {"$ref": "#/$defs/provenance"},
                            },
                        },
                    },
                    "cargo_classes": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": [
                                "id",
                                "name",
                                "teu",
                                "tonnes",
                                "value_usd",
                                "value_of_time_usd_per_day",
                            ],
                            "properties": {
                                "id": {"type": "string"},
                                "name": {"type": "string"},
                                "teu": NONNEG,
                                "tonnes": POS,
                                "value_usd": NONNEG,
                                "value_of_time_usd_per_day": NONNEG,
                                "unit": {"type": "string"},
                                "modes": {"type": "array", "items": {"$ref": "#/$defs/mode"}},
                                "provenance": {"$ref": "#/$defs/provenance"},
                            },
                        },
                    },
                },
            },
            "features": {"type": "array", "items": feature},
        },
        "$defs": defs,
    }


def main() -> None:
    """Write the schema file."""
    OUT.write_text(json.dumps(schema(), indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
