from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor import NetworkValidationError, network_from_geojson, validate_network
from corridor.testing import feature_properties, tiny_network_geojson


def _errors(tiny: dict[str, Any]) -> list[str]:
    with pytest.raises(NetworkValidationError) as info:
        network_from_geojson(tiny, source="t.geojson")
    return [str(i) for i in info.value.issues if i.severity == "error"]


def test_tiny_network_is_clean() -> None:
    net = network_from_geojson(tiny_network_geojson())
    assert validate_network(net) == []


def test_duplicate_ids(tiny: dict[str, Any]) -> None:
    feature_properties(tiny, "r2")["id"] = "r1"
    feature_properties(tiny, "urumqi")["id"] = "xian"
    errors = _errors(tiny)
    assert (
        "t.geojson: feature 'r1', field 'id': link id used 2 times; fix: give every "
        "link its own id" in errors
    )
    assert any("feature 'xian', field 'id'" in e and "node id used 2 times" in e for e in errors)


def test_link_to_missing_node_suggests_a_close_id(tiny: dict[str, Any]) -> None:
    feature_properties(tiny, "r3")["to"] = "almati"
    (error,) = _errors(tiny)
    assert "feature 'r3', field 'to'" in error
    assert "node 'almati' does not exist" in error
    assert "did you mean 'almaty'?" in error


def test_gauges_meeting_without_gauge_change(tiny: dict[str, Any]) -> None:
    del feature_properties(tiny, "dostyk")["transfers"]
    (error,) = _errors(tiny)
    assert "feature 'dostyk', field 'transfers'" in error
    assert "rail_1435 and rail_1520 links meet here without a gauge-change transfer" in error


def test_land_border_without_border_node(tiny: dict[str, Any]) -> None:
    feature_properties(tiny, "dostyk")["country"] = "CN"
    feature_properties(tiny, "dostyk")["border"]["countries"] = ["CN", "MN"]
    errors = _errors(tiny)
    assert any(
        "feature 'r3'" in e and "land link crosses from CN to KZ without a border crossing" in e
        for e in errors
    )


def test_border_kind_needs_border_data(tiny: dict[str, Any]) -> None:
    feature_properties(tiny, "almaty")["kind"] = "border_crossing"
    assert any("feature 'almaty', field 'border'" in e for e in _errors(tiny))


def test_currency_without_fx_rate(tiny: dict[str, Any]) -> None:
    feature_properties(tiny, "r1")["tariff"]["currency"] = "CNY"
    (error,) = _errors(tiny)
    assert "field 'tariff.currency'" in error
    assert "currency 'CNY' has no exchange rate" in error
    assert "EUR, KZT, USD" in error


def test_digital_slower_than_paper_is_rejected(tiny: dict[str, Any]) -> None:
    feature_properties(tiny, "dostyk")["border"]["dwell_h"]["digital"] = {
        "type": "fixed",
        "value": 100,
    }
    (error,) = _errors(tiny)
    assert "digital dwell (mean 100.0 h) is slower than paper (mean 60.0 h)" in error


def test_disconnected_places_are_warnings(tiny: dict[str, Any]) -> None:
    del feature_properties(tiny, "aktau")["transfers"]  # no way from rail onto the ferry
    net = network_from_geojson(tiny)
    issues = validate_network(net)
    assert [i.severity for i in issues] == ["warning", "warning"]
    messages = {i.feature: i.message for i in issues}
    # Aktau itself can still load onto the ferry; only rail cargo cannot get on it
    assert messages["xian, urumqi, almaty"] == "cannot reach baku"
    assert messages["baku"] == "cannot reach xian, urumqi, almaty"


def test_one_way_link_breaks_return_reachability(tiny: dict[str, Any]) -> None:
    feature_properties(tiny, "f1")["directions"] = "forward"
    issues = validate_network(network_from_geojson(tiny))
    assert [(i.feature, i.message) for i in issues] == [
        ("baku", "cannot reach xian, urumqi, almaty, aktau")
    ]


def test_transfer_naming_absent_mode_is_a_warning(tiny: dict[str, Any]) -> None:
    feature_properties(tiny, "xian")["transfers"] = [
        {"from_mode": "rail_1435", "to_mode": "sea", "kind": "rail_ship", "time_h": 5}
    ]
    issues = validate_network(network_from_geojson(tiny))
    assert [(i.severity, i.field) for i in issues] == [("warning", "transfers[0].to_mode")]


@pytest.mark.parametrize(("lon", "lat"), [(math.nan, 40.0), (10.0, math.inf), (200.0, 0.0)])
def test_bad_coordinates_of_a_network_built_in_memory(
    tiny: dict[str, Any], lon: float, lat: float
) -> None:
    net = network_from_geojson(tiny)
    bad = replace(net.nodes[0], lon=lon, lat=lat)
    net = replace(net, nodes=(bad, *net.nodes[1:]))
    errors = [i for i in validate_network(net) if i.severity == "error"]
    assert errors
    assert {i.feature for i in errors} == {bad.id}
    assert {i.field for i in errors} <= {"lon", "lat"}


@settings(max_examples=30, deadline=None)
@given(
    distance=st.one_of(
        st.floats(max_value=0.0, allow_nan=False), st.just(math.nan), st.just(math.inf)
    )
)
def test_non_positive_or_non_finite_distance_is_an_error(distance: float) -> None:
    net = network_from_geojson(tiny_network_geojson())
    bad = replace(net.links[0], distance_km=distance)
    net = replace(net, links=(bad, *net.links[1:]))
    errors = [i for i in validate_network(net) if i.severity == "error"]
    assert [(i.feature, i.field) for i in errors] == [(bad.id, "distance_km")]


@settings(max_examples=30, deadline=None)
@given(distance=st.floats(min_value=1e-3, max_value=1e5))
def test_positive_distance_is_accepted(distance: float) -> None:
    net = network_from_geojson(tiny_network_geojson())
    good = replace(net.links[0], distance_km=distance)
    net = replace(net, links=(good, *net.links[1:]))
    assert [i for i in validate_network(net) if i.severity == "error"] == []


def test_non_positive_speed_is_an_error() -> None:
    net = network_from_geojson(tiny_network_geojson())
    link = next(lk for lk in net.links if lk.speed_kmh is not None)
    bad = replace(link, speed_kmh=-5.0)
    net = replace(net, links=tuple(bad if lk is link else lk for lk in net.links))
    errors = [i for i in validate_network(net) if i.severity == "error"]
    assert [(i.feature, i.field) for i in errors] == [(bad.id, "speed_kmh")]


def _reach_by_search(net: Any) -> Any:
    """Reference: one search per place over the virtual graph (the definition)."""
    import numpy as np  # noqa: PLC0415
    from scipy.sparse import csgraph  # noqa: PLC0415

    from corridor.network.graph import build_virtual_graph  # noqa: PLC0415
    from corridor.network.validate import PLACE_KINDS  # noqa: PLC0415

    graph = build_virtual_graph(net)
    ix = np.array([i for i, n in enumerate(net.nodes) if n.kind in PLACE_KINDS])
    hops = csgraph.dijkstra(graph.adjacency(), indices=graph.source[ix], unweighted=True)
    return np.isfinite(hops[:, graph.sink[ix]])


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(["keep", "forward", "drop"]), min_size=5, max_size=5))
def test_reachability_matches_one_search_per_place(edits: list[str]) -> None:
    import numpy as np  # noqa: PLC0415

    from corridor.network.validate import reachability  # noqa: PLC0415

    tiny = tiny_network_geojson()
    links = [f for f in tiny["features"] if "from" in f["properties"]]
    for feature, edit in zip(links, edits, strict=False):
        if edit == "forward":
            feature["properties"]["directions"] = "forward"
        elif edit == "drop":
            tiny["features"].remove(feature)
    net = network_from_geojson(tiny)
    _, reach = reachability(net)
    assert np.array_equal(reach, _reach_by_search(net))
