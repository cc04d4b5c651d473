"""Validation spots (see ``tools/mutation.py``): the gauge-change check and country codes.

A gauge change is required exactly where both gauges meet, and only a ``gauge_change``
transfer between the two gauges satisfies it; country codes are two capital letters.
"""

from __future__ import annotations

from typing import Any

import pytest

from corridor import NetworkValidationError, network_from_geojson, validate_network
from corridor.testing import feature_properties, tiny_network_geojson

_GAUGE_MSG = "rail_1435 and rail_1520 links meet here without a gauge-change transfer"


def _issues(collection: dict[str, Any]) -> list[str]:
    try:
        net = network_from_geojson(collection)
    except NetworkValidationError as err:
        return [str(i) for i in err.issues]
    return [str(i) for i in validate_network(net)]


def _gauge_errors(collection: dict[str, Any]) -> list[str]:
    return [i for i in _issues(collection) if _GAUGE_MSG in i]


def test_gauge_change_required_only_where_both_gauges_meet() -> None:
    # Urumqi (standard gauge only) and Almaty (broad gauge only) need none; Dostyk has one
    assert _gauge_errors(tiny_network_geojson()) == []


def test_both_gauges_without_a_gauge_change_is_an_error() -> None:
    tiny = tiny_network_geojson()
    feature_properties(tiny, "dostyk")["transfers"] = []
    (error,) = _gauge_errors(tiny)
    assert "'dostyk'" in error


@pytest.mark.parametrize(
    ("kind", "to_mode"),
    [
        ("rail_road", "rail_1520"),  # the right modes, but not a gauge change
        ("gauge_change", "road"),  # a gauge change, but not between the gauges
    ],
)
def test_only_a_gauge_change_between_the_gauges_counts(kind: str, to_mode: str) -> None:
    tiny = tiny_network_geojson()
    transfer = dict(feature_properties(tiny, "dostyk")["transfers"][0])
    transfer.update(kind=kind, to_mode=to_mode)
    feature_properties(tiny, "dostyk")["transfers"] = [transfer]
    (error,) = _gauge_errors(tiny)
    assert "'dostyk'" in error


def test_a_lower_case_country_code_is_refused() -> None:
    tiny = tiny_network_geojson()
    feature_properties(tiny, "almaty")["country"] = "kz"
    issues = _issues(tiny)
    assert any("'kz' is not an ISO 3166-1 alpha-2 country code" in i for i in issues)
