from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from corridor import (
    Fixed,
    NetworkFormatError,
    NetworkValidationError,
    network_from_geojson,
    network_to_geojson,
    read_network,
    write_network,
)
from corridor.testing import feature_properties


def _issues(tiny: dict[str, Any]) -> list[tuple[str | None, str | None, str]]:
    with pytest.raises(NetworkValidationError) as info:
        network_from_geojson(tiny, source="net.geojson")
    return [(i.feature, i.field, i.message) for i in info.value.issues if i.severity == "error"]


def test_reads_the_tiny_network(tiny: dict[str, Any]) -> None:
    net = network_from_geojson(tiny)
    assert [n.id for n in net.nodes] == ["xian", "urumqi", "dostyk", "almaty", "aktau", "baku"]
    dostyk = net.node("dostyk")
    assert dostyk.border is not None
    assert dostyk.border.dwell.mean == pytest.approx(60.0)
    assert dostyk.transfers[0].kind == "gauge_change"
    assert net.link("f1").mode == "ferry"
    assert net.fx.to_base(1000.0, "KZT") == pytest.approx(2.0)
    assert net.cargo("feu").value_of_time_usd_per_day == 1000.0


def test_round_trip_through_a_gzipped_file(tiny: dict[str, Any], tmp_path: Path) -> None:
    net = network_from_geojson(tiny, source="x")
    path = write_network(net, tmp_path / "n.geojson.gz")
    again = read_network(path)
    assert again.nodes == net.nodes
    assert again.links == net.links
    assert again.fx == net.fx
    assert again.cargo_classes == net.cargo_classes


def test_qgis_style_json_strings_are_decoded(tiny: dict[str, Any]) -> None:
    props = feature_properties(tiny, "dostyk")
    props["border"] = json.dumps(props["border"])
    props["transfers"] = json.dumps(props["transfers"])
    net = network_from_geojson(tiny)
    assert net.node("dostyk").border is not None
    assert len(net.node("dostyk").transfers) == 1


@pytest.mark.parametrize(
    ("feature", "field", "value", "expected_field", "message"),
    [
        ("r1", "mode", "rail_1000", "mode", "'rail_1000' is not valid"),
        ("r1", "distance_km", -5, "distance_km", "must be > 0"),
        ("r1", "distance_km", "far", "distance_km", "must be a number"),
        ("r1", "speed_kmh", 0, "speed_kmh", "must be > 0"),
        ("r1", "tariff", {"per_km": 1, "currency": "usd"}, "tariff.currency", "ISO 4217"),
        ("xian", "country", "China", "country", "alpha-2"),
        ("xian", "kind", "village", "kind", "'village' is not valid"),
        ("xian", "locode", "XIAN", "locode", "not a UN/LOCODE"),
        (
            "dostyk",
            "border",
            {"countries": ["KZ"], "dwell_h": {"paper": 1}},
            "border.countries",
            "two different ISO country codes",
        ),
        (
            "dostyk",
            "border",
            {"countries": ["CN", "KZ"], "dwell_h": {"fax": 1}},
            "border.dwell_h.fax",
            "not a border regime",
        ),
        (
            "dostyk",
            "transfers",
            [
                {
                    "from_mode": "rail_1435",
                    "to_mode": "rail_1520",
                    "kind": "gauge_change",
                    "time_h": {"type": "triangular", "low": 9, "mode": 2, "high": 6},
                }
            ],
            "transfers[0].time_h",
            "low <= mode <= high",
        ),
    ],
)
def test_each_field_error_names_feature_and_field(
    tiny: dict[str, Any],
    feature: str,
    field: str,
    value: object,
    expected_field: str,
    message: str,
) -> None:
    feature_properties(tiny, feature)[field] = value
    issues = _issues(tiny)
    assert any(f == feature and fld == expected_field and message in m for f, fld, m in issues), (
        issues
    )


def test_out_of_range_coordinates(tiny: dict[str, Any]) -> None:
    tiny["features"][0]["geometry"]["coordinates"] = [34.3, 108.9]
    assert ("xian", "geometry.lat", "latitude 108.9 is out of range") in _issues(tiny)


def test_all_problems_are_reported_at_once(tiny: dict[str, Any]) -> None:
    feature_properties(tiny, "r1")["mode"] = "hovercraft"
    feature_properties(tiny, "r2")["distance_km"] = float("nan")
    feature_properties(tiny, "almaty")["country"] = "kz"
    del feature_properties(tiny, "aktau")["name"]
    fields = {(f, fld) for f, fld, _ in _issues(tiny)}
    assert {("r1", "mode"), ("r2", "distance_km"), ("almaty", "country"), ("aktau", "name")} <= (
        fields
    )


def test_missing_speed_and_duration(tiny: dict[str, Any]) -> None:
    del feature_properties(tiny, "r3")["speed_kmh"]
    assert ("r3", "speed_kmh", "a link needs speed_kmh or duration_h") in _issues(tiny)
    feature_properties(tiny, "r3")["duration_h"] = {"type": "fixed", "value": 20}
    assert network_from_geojson(tiny).link("r3").duration_h == Fixed(20.0)


def test_not_a_feature_collection() -> None:
    with pytest.raises(NetworkFormatError, match="not a GeoJSON FeatureCollection"):
        network_from_geojson({"type": "Feature"}, source="a.json")


def test_unreadable_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.geojson"
    bad.write_text("{not json")
    with pytest.raises(NetworkFormatError, match=r"bad.geojson: not valid JSON"):
        read_network(bad)
    with pytest.raises(NetworkFormatError, match="no such file"):
        read_network(tmp_path / "missing.geojson")
    gz = tmp_path / "bad.geojson.gz"
    gz.write_bytes(b"plain text")
    with pytest.raises(NetworkFormatError, match="cannot read the file"):
        read_network(gz)
    ok = tmp_path / "ok.geojson.gz"
    ok.write_bytes(gzip.compress(b'{"type": "FeatureCollection", "features": []}'))
    assert read_network(ok).nodes == ()


def test_unsupported_geometry(tiny: dict[str, Any]) -> None:
    tiny["features"][0]["geometry"] = {"type": "Polygon", "coordinates": []}
    assert ("xian", "geometry", "geometry type 'Polygon' is not supported") in _issues(tiny)


def test_writer_output_is_stable(tiny: dict[str, Any]) -> None:
    net = network_from_geojson(tiny)
    assert network_to_geojson(network_from_geojson(network_to_geojson(net))) == (
        network_to_geojson(net)
    )
