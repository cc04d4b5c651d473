"""The direct reader of plain features builds what the full reader builds, or defers."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.io._fields import IssueLog
from corridor.io.geojson import _plain_feature, _read_link, _read_node

_TEXT = st.sampled_from(["a", "Xi'an", " ", "", "v1"]) | st.integers() | st.none()
_NUMBER = (
    st.floats(allow_nan=True, allow_infinity=True)
    | st.integers(-5, 10**6)
    | st.sampled_from([0, 0.0, -0.0, True, "5", None])
)


def _drop_missing(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not _MISSING}


_MISSING = object()
_MAYBE = st.just(_MISSING)


@settings(max_examples=300, deadline=None)
@given(
    st.fixed_dictionaries(
        {
            "feature_type": st.just("node") | _MAYBE,
            "id": _TEXT,
            "name": _TEXT,
            "kind": st.sampled_from(["junction", "port", "station", None]),
            "country": st.sampled_from(["KZ", "XX", "kz", "KAZ", 7]),
            "locode": _MAYBE | st.just("CNXAN"),
        }
    ),
    st.lists(_NUMBER, min_size=1, max_size=3),
)
def test_plain_nodes_match_the_full_reader(props: dict[str, Any], coords: list[Any]) -> None:
    props = _drop_missing(props)
    geometry = {"type": "Point", "coordinates": coords}
    fast = _plain_feature(props, geometry, "Point")
    log = IssueLog("t")
    full = _read_node(props, geometry, "f", log)
    if fast is not None:
        assert fast == full
        assert log.issues == []


@settings(max_examples=300, deadline=None)
@given(
    st.fixed_dictionaries(
        {
            "feature_type": st.just("link"),
            "id": _TEXT,
            "from": _TEXT,
            "to": _TEXT,
            "mode": st.sampled_from(["rail_1520", "sea", "teleport", None]),
            "distance_km": _NUMBER,
            "speed_kmh": _NUMBER | _MAYBE,
            "directions": st.sampled_from(["both", "forward", "backward", None]) | _MAYBE,
            "name": _TEXT | _MAYBE,
            "electrified": st.sampled_from([True, False, None, 1]) | _MAYBE,
            "emission_g_per_tkm": _NUMBER | _MAYBE,
            "capacity": _MAYBE | st.just({"value": 5, "unit": "trains_per_day"}),
        }
    )
)
def test_plain_links_match_the_full_reader(props: dict[str, Any]) -> None:
    props = _drop_missing(props)
    fast = _plain_feature(props, None, None)
    log = IssueLog("t")
    full = _read_link(props, None, "f", log, {})
    if fast is not None:
        assert fast == full
        assert log.issues == []
        assert math.isfinite(fast.distance_km)
        assert fast.distance_km > 0


def test_a_plain_network_file_takes_the_direct_path() -> None:
    props = {"feature_type": "link", "id": "e", "from": "a", "to": "b", "mode": "road"}
    assert _plain_feature({**props, "distance_km": 3, "speed_kmh": 60}, None, None) is not None
    # a link with a tariff (or any other field) is read field by field
    assert (
        _plain_feature({**props, "distance_km": 3, "speed_kmh": 60, "tariff": {}}, None, None)
        is None
    )


def test_a_text_that_looks_like_json_stays_text(tmp_path: Path) -> None:
    from dataclasses import replace  # noqa: PLC0415

    import corridor  # noqa: PLC0415
    from corridor.testing import tiny_network_geojson  # noqa: PLC0415

    net = replace(corridor.network_from_geojson(tiny_network_geojson()), name="[]")
    path = corridor.write_network(net, tmp_path / "n.geojson")
    assert corridor.read_network(path).name == "[]"
