from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from corridor import network_from_geojson, network_to_geojson
from corridor.data import network_schema

ROOT = Path(__file__).resolve().parents[3]


def test_schema_file_is_current() -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import write_schema  # noqa: PLC0415

        assert write_schema.schema() == network_schema()
    finally:
        sys.path.remove(str(ROOT / "tools"))


def test_schema_is_valid_and_accepts_the_writer_output(tiny: dict[str, Any]) -> None:
    schema = network_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(tiny, schema)
    jsonschema.validate(
        json.loads(json.dumps(network_to_geojson(network_from_geojson(tiny)))), schema
    )


def test_schema_rejects_what_the_reader_rejects(tiny: dict[str, Any]) -> None:
    tiny["features"][6]["properties"]["mode"] = "rail_1000"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(tiny, network_schema())
