from __future__ import annotations

import contextlib
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor import (
    NetworkFormatError,
    NetworkValidationError,
    network_from_geojson,
    network_to_geojson,
)
from corridor.network.distributions import distribution_from_dict
from corridor.network.model import Network
from corridor.testing import tiny_network_geojson
from corridor.testing.strategies import distributions, json_values, networks


@given(networks())
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
def test_write_then_read_is_lossless(net: Network) -> None:
    text = json.dumps(network_to_geojson(net))
    again = network_from_geojson(json.loads(text), validate=False)
    assert again.nodes == net.nodes
    assert again.links == net.links
    assert again.cargo_classes == net.cargo_classes
    assert again.fx == net.fx
    assert again.attribution == net.attribution


@given(distributions())
def test_distribution_json_round_trip(dist: Any) -> None:
    assert distribution_from_dict(json.loads(json.dumps(dist.to_dict()))) == dist


@given(json_values())
def test_distribution_parser_only_raises_value_error(data: object) -> None:
    try:
        dist = distribution_from_dict(data)
    except ValueError as exc:
        assert str(exc)
    else:
        assert dist.mean >= 0


_TINY = tiny_network_geojson()
_FEATURE_KEYS = [(i, key) for i, f in enumerate(_TINY["features"]) for key in f["properties"]]


@given(st.sampled_from(_FEATURE_KEYS), json_values())
@settings(max_examples=400)
def test_corrupted_fields_give_located_errors_never_crashes(
    target: tuple[int, str], value: object
) -> None:
    data = tiny_network_geojson()
    index, key = target
    data["features"][index]["properties"][key] = value
    try:
        network_from_geojson(data, source="fuzz.geojson")
    except NetworkValidationError as exc:
        errors = [i for i in exc.issues if i.severity == "error"]
        assert errors
        for issue in errors:
            assert issue.source == "fuzz.geojson"
            assert issue.message
            assert issue.fix
    except NetworkFormatError:  # pragma: no cover - only top-level corruption gives this
        raise AssertionError("a field-level problem must be a validation error") from None


@given(json_values())
def test_garbage_documents_raise_corridor_errors(data: object) -> None:
    with contextlib.suppress(NetworkFormatError, NetworkValidationError):
        network_from_geojson(data)


@given(st.lists(json_values(), max_size=4))
def test_garbage_features_raise_validation_errors(features: list[object]) -> None:
    try:
        network_from_geojson({"type": "FeatureCollection", "features": features})
    except NetworkValidationError as exc:
        assert all(i.feature is not None for i in exc.issues if i.severity == "error")
