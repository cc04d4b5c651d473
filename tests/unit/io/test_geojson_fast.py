"""The fast reading paths give what the plain ones give: orjson or json, trusted objects."""

from __future__ import annotations

import dataclasses
import json
import math
import pickle
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import corridor
from corridor.exceptions import NetworkFormatError, NetworkValidationError
from corridor.io import geojson
from corridor.io._fields import IssueLog
from corridor.io._plain import read_plain
from corridor.network._fast import trusted_link, trusted_node
from corridor.network.columns import link_columns, node_columns
from corridor.network.model import Link, Node
from corridor.testing import tiny_network_geojson


def _no_module(module: str) -> None:
    del module


@pytest.fixture
def without_orjson(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read as an install without orjson does."""
    monkeypatch.setattr(geojson, "try_import", _no_module)


def _grid_file(path: Path, n: int) -> Path:
    """A plain network file of ``n`` nodes in a chain, the shape of a large rail graph."""
    data = tiny_network_geojson()
    features: list[dict[str, Any]] = [
        {
            "type": "Feature",
            "id": f"v{i}",
            "geometry": {"type": "Point", "coordinates": [60.0 + i / 1000, 45.0 - i / 3000]},
            "properties": {
                "feature_type": "node",
                "id": f"v{i}",
                "name": f"v{i}",
                "kind": "rail_terminal" if i % 7 == 0 else "junction",
                "country": "KZ",
            },
        }
        for i in range(n)
    ]
    features += [
        {
            "type": "Feature",
            "id": f"e{i}",
            "geometry": None,
            "properties": {
                "feature_type": "link",
                "id": f"e{i}",
                "from": f"v{i}",
                "to": f"v{i + 1}",
                "mode": "rail_1520",
                "distance_km": 1.5 + i % 3,
                "speed_kmh": 50 if i % 2 else 50.0,
                "directions": "both",
            },
        }
        for i in range(n - 1)
    ]
    data["features"] = features
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _read_both(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    fast = corridor.read_network(path)
    with monkeypatch.context() as m:
        m.setattr(geojson, "try_import", _no_module)
        slow = corridor.read_network(path)
    return fast, slow


def test_orjson_is_used_when_installed() -> None:
    pytest.importorskip("orjson")
    from corridor._dependencies import try_import  # noqa: PLC0415

    assert try_import("orjson") is not None


def test_orjson_and_json_read_the_same_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _grid_file(tmp_path / "grid.geojson", 300)
    fast, slow = _read_both(path, monkeypatch)
    assert fast == slow
    embedded = corridor.write_network(corridor.eurasia(), tmp_path / "eurasia.geojson")
    fast, slow = _read_both(embedded, monkeypatch)
    assert fast == slow == corridor.read_network(embedded)


_JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.integers(-(10**25), 10**25)
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(_JSON_VALUES)
def test_the_two_decoders_agree(value: object) -> None:
    """orjson and json give equal values; a long 64-bit integer stays exact (the only gap)."""
    raw = json.dumps(value).encode()
    fast = geojson._decode_json(raw)
    slow = json.loads(raw, parse_int=geojson._json_int)
    assert fast == slow or _only_long_integers_differ(fast, slow)


def _only_long_integers_differ(a: object, b: object) -> bool:
    if isinstance(a, int) and isinstance(b, float):
        return len(str(a)) > geojson._LONGEST_INT and float(a) == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(
            x == y or _only_long_integers_differ(x, y) for x, y in zip(a, b, strict=True)
        )
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(
            a[k] == b[k] or _only_long_integers_differ(a[k], b[k]) for k in a
        )
    return False


@pytest.mark.parametrize(
    ("raw", "check"),
    [
        (b'{"x": NaN}', lambda v: math.isnan(v["x"])),
        (b'{"x": Infinity}', lambda v: v["x"] == math.inf),
        (b'{"x": ' + b"9" * 400 + b"}", lambda v: v["x"] == math.inf),
        ('{"x": "é"}'.encode("utf-16"), lambda v: v["x"] == "é"),
    ],
)
def test_what_orjson_refuses_json_reads(raw: bytes, check: Any) -> None:
    assert check(geojson._decode_json(raw))


@pytest.mark.usefixtures("without_orjson")
def test_without_orjson_the_reader_still_reads(tmp_path: Path) -> None:
    path = _grid_file(tmp_path / "grid.geojson", 20)
    assert len(corridor.read_network(path).nodes) == 20


@pytest.mark.parametrize("use_orjson", [True, False])
def test_invalid_json_is_the_same_error_either_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, use_orjson: bool
) -> None:
    if not use_orjson:
        monkeypatch.setattr(geojson, "try_import", _no_module)
    path = tmp_path / "bad.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [}', encoding="utf-8")
    with pytest.raises(NetworkFormatError) as err:
        corridor.read_network(path)
    assert str(err.value).startswith(f"{path}: not valid JSON (Expecting value: line 1")


def test_a_bad_feature_in_a_large_file_is_named(tmp_path: Path) -> None:
    """Among thousands of plain features, one bad one is reported with its id and field."""
    path = _grid_file(tmp_path / "grid.geojson", 2000)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["features"][1234]["geometry"]["coordinates"][1] = 95.0
    data["features"][2000 + 77]["properties"]["distance_km"] = -1.0
    data["features"][2000 + 78]["properties"]["to"] = "nowhere"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(NetworkValidationError) as err:
        corridor.read_network(path)
    found = [(i.feature, i.field) for i in err.value.issues if i.severity == "error"]
    assert found == [("v1234", "geometry.lat"), ("e77", "distance_km"), ("e78", "to")]


def test_trusted_objects_equal_the_constructed_ones() -> None:
    node = trusted_node("xian", "Xi'an", "rail_terminal", "CN", 108.9, 34.3)
    built = Node(id="xian", name="Xi'an", kind="rail_terminal", country="CN", lon=108.9, lat=34.3)
    link = trusted_link("e", "a", "b", "rail_1520", 3.0, 50.0, 20.0, True, "forward", "L1")  # noqa: FBT003
    made = Link(
        id="e",
        from_node="a",
        to_node="b",
        mode="rail_1520",
        distance_km=3.0,
        speed_kmh=50.0,
        emission_g_per_tkm=20.0,
        electrified=True,
        directions="forward",
        name="L1",
    )
    for fast, slow in ((node, built), (link, made)):
        # every field, so a field added to the model without a setter in _fast fails here
        for f in dataclasses.fields(slow):
            assert getattr(fast, f.name) == getattr(slow, f.name), f.name
            assert type(getattr(fast, f.name)) is type(getattr(slow, f.name)), f.name
        assert fast == slow
        assert hash(fast) == hash(slow)
        assert pickle.loads(pickle.dumps(fast)) == slow  # noqa: S301 - our own bytes
        assert dataclasses.replace(fast) == slow
        with pytest.raises(dataclasses.FrozenInstanceError):
            fast.id = "other"  # type: ignore[misc]


_VALUE = st.sampled_from(["a", " ", "", "v1", "KZ", "kz", "rail_1520", "junction", None])
_NUMBER = st.sampled_from([3, 3.5, 0, 0.0, -1.0, math.nan, math.inf, 200.0, True, "5", None])


@st.composite
def _feature(draw: st.DrawFn) -> object:
    """A feature that is plain, nearly plain, or not a feature at all."""
    node = draw(st.booleans())
    props: dict[str, Any] = {
        "feature_type": "node" if node else draw(st.sampled_from(["link", "node", 5])),
        "id": draw(_VALUE | st.just("x")),
    }
    if node:
        props |= {
            "name": draw(_VALUE | st.just("N")),
            "kind": draw(st.sampled_from(["junction", "port", "station", 3, ["port"]])),
            "country": draw(st.sampled_from(["KZ", "XX", "kz", "KAZ", "KZ\n", 7, ["KZ"]])),
        }
        coords = draw(st.lists(_NUMBER, min_size=1, max_size=3))
        geometry: object = draw(
            st.sampled_from(
                [
                    {"type": "Point", "coordinates": coords},
                    {"type": "LineString", "coordinates": [coords, coords]},
                    None,
                ]
            )
        )
    else:
        props |= {
            "from": draw(_VALUE | st.just("a")),
            "to": draw(_VALUE | st.just("b")),
            "mode": draw(st.sampled_from(["rail_1520", "sea", "teleport", None, ["sea"]])),
            "distance_km": draw(_NUMBER),
            "speed_kmh": draw(_NUMBER),
        }
        for key, values in (
            ("directions", st.sampled_from(["both", "forward", "back", None, ["both"]])),
            ("name", _VALUE),
            ("electrified", st.sampled_from([True, False, None, 1])),
            ("emission_g_per_tkm", _NUMBER),
            ("tariff", st.just({"fixed": 1})),
        ):
            if draw(st.booleans()):
                props[key] = draw(values)
        geometry = draw(st.sampled_from([None, {"type": "LineString", "coordinates": []}]))
    feature: dict[str, Any] = {"type": "Feature", "properties": props, "geometry": geometry}
    return draw(st.sampled_from([feature, feature, feature, {**feature, "type": "X"}, [1]]))


@settings(max_examples=300, deadline=None)
@given(st.lists(_feature(), max_size=12))
def test_the_plain_reader_reads_what_the_full_reader_reads(features: list[object]) -> None:
    plain = read_plain(list(features))
    got = dict(zip(plain.node_at, plain.nodes, strict=True)) | dict(
        zip(plain.link_at, plain.links, strict=True)
    )
    for index, obj in got.items():
        log = IssueLog("t")
        assert obj == geojson._read_feature(features[index], index, log, {})
        assert log.issues == []
    for columns, objects in ((plain.node_columns, plain.nodes), (plain.link_columns, plain.links)):
        for name, values in columns.items():
            assert values == tuple(getattr(obj, name) for obj in objects), name


def test_a_plain_file_hands_its_columns_to_the_network(tmp_path: Path) -> None:
    path = _grid_file(tmp_path / "grid.geojson", 50)
    net = corridor.read_network(path)
    assert net.cached("link_columns") is not None
    assert link_columns(net)["to_node"] == tuple(lk.to_node for lk in net.links)
    assert node_columns(net)["lat"] == tuple(n.lat for n in net.nodes)
    # a file with one feature that is not plain reads its columns from the objects
    data = json.loads(path.read_text(encoding="utf-8"))
    data["features"][0]["properties"]["aliases"] = ["V zero"]
    mixed = corridor.network_from_geojson(data, validate=False)
    assert mixed.cached("node_columns") is None
    assert mixed.cached("link_columns") is not None
    assert mixed.nodes[0].aliases == ("V zero",)
    assert [n.id for n in mixed.nodes] == [n.id for n in net.nodes]


def test_a_large_network_is_moved_to_the_oldest_generation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _grid_file(tmp_path / "grid.geojson", 30)
    calls: list[int] = []
    monkeypatch.setattr(geojson, "_promote_all", lambda: calls.append(1))
    corridor.read_network(path)
    assert calls == []  # a small network stays where the collector put it
    monkeypatch.setattr(geojson, "_LONG_LIVED", 10)
    corridor.read_network(path)
    assert calls == [1]


def test_promoting_freezes_nothing_for_good() -> None:
    import gc  # noqa: PLC0415

    young = [object(), []]
    geojson._promote_all()
    assert gc.get_freeze_count() == 0  # nothing left out of the collector's reach
    assert any(obj is young[1] for obj in gc.get_objects(generation=2))


def test_the_collector_runs_again_after_a_check(tmp_path: Path) -> None:
    import gc  # noqa: PLC0415

    path = _grid_file(tmp_path / "grid.geojson", 20)
    assert geojson.check_network_file(path) == []
    assert gc.isenabled()
    path.write_text("{", encoding="utf-8")
    with pytest.raises(NetworkFormatError):
        geojson.check_network_file(path)
    assert gc.isenabled()
