"""Shared provenance entries (``corridor.provenance``): written once, read as if inline."""

from __future__ import annotations

import copy
import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor import (
    InvalidArgumentError,
    NetworkValidationError,
    eurasia,
    network_from_geojson,
    network_to_geojson,
    read_network,
    write_network,
)
from corridor.data import network_schema
from corridor.io.provenance import SHARED_PROVENANCE, provenance_id, share_provenance
from corridor.testing import feature_properties, tiny_network_geojson


def _errors(doc: dict[str, Any]) -> list[tuple[str | None, str | None, str]]:
    with pytest.raises(NetworkValidationError) as info:
        network_from_geojson(doc, source="net.geojson")
    return [(i.feature, i.field, i.message) for i in info.value.issues if i.severity == "error"]


def _entries(doc: object) -> list[dict[str, Any]]:
    """Every inline provenance entry below ``doc`` (the shared table excluded)."""
    found: list[dict[str, Any]] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "corridor":
                    walk({k: v for k, v in item.items() if k != SHARED_PROVENANCE})
                elif key == "provenance" and isinstance(item, dict):
                    found.extend(e for e in item.values() if isinstance(e, dict))
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(doc)
    return found


def test_the_embedded_network_is_stored_with_shared_entries() -> None:
    data = resources.files("corridor.data").joinpath("eurasia.geojson").read_bytes()
    doc = json.loads(data)
    table = doc["corridor"][SHARED_PROVENANCE]
    assert len(table) > 100
    assert all(key == provenance_id(entry) for key, entry in table.items())
    # what stays inline is used once: sharing again changes nothing
    assert share_provenance(doc) == doc
    assert len(data) < 800_000  # 1.43 MB with every entry inline


def test_sharing_keeps_the_network_and_shrinks_the_file() -> None:
    net = eurasia()
    inline = network_to_geojson(net)
    before = copy.deepcopy(inline)
    shared = share_provenance(inline)
    assert inline == before  # the input is not changed
    assert network_from_geojson(shared, source="a") == network_from_geojson(inline, source="a")
    assert len(json.dumps(shared)) < 0.5 * len(json.dumps(inline))
    # every shared entry is used at least twice, every inline one once
    refs = json.dumps(shared["features"]) + json.dumps(
        {k: v for k, v in shared["corridor"].items() if k != SHARED_PROVENANCE}
    )
    for key in shared["corridor"][SHARED_PROVENANCE]:
        assert refs.count(f'"{key}"') >= 2, key
    ids = [provenance_id(e) for e in _entries(shared)]
    assert len(ids) == len(set(ids))
    jsonschema.validate(shared, network_schema())


def test_share_everything_and_the_writer_option(tmp_path: Path) -> None:
    tiny = tiny_network_geojson()
    every = share_provenance(tiny, min_uses=1)
    assert _entries(every) == []
    assert network_from_geojson(every, source="a") == network_from_geojson(tiny, source="a")
    net = network_from_geojson(tiny, source="a")
    path = write_network(net, tmp_path / "n.geojson", shared_provenance=True)
    assert read_network(path).links == net.links
    assert read_network(path).nodes == net.nodes


def test_an_unknown_id_names_the_feature_and_field() -> None:
    tiny = tiny_network_geojson()
    props = feature_properties(tiny, "dostyk")
    props["provenance"] = {"coordinates": "p0000000000"}
    assert _errors(tiny) == [
        (
            "dostyk",
            "provenance.coordinates",
            "refers to 'p0000000000', which the file's corridor.provenance table lacks",
        )
    ]


def test_a_bad_table_entry_is_reported_where_it_is() -> None:
    tiny = tiny_network_geojson()
    tiny["corridor"][SHARED_PROVENANCE] = {"pa": {"kind": "published"}, "pb": "pa"}
    feature_properties(tiny, "dostyk")["provenance"] = {"coordinates": "pa"}
    errors = _errors(tiny)
    assert (None, "corridor.provenance.pa.source", "is missing") in errors
    assert (None, "corridor.provenance.pb", "must be an object") in errors
    # the reference to the bad entry is reported too: nothing is silently dropped
    assert any(f == "provenance.coordinates" for _, f, _ in errors)


@pytest.mark.parametrize("bad", [None, 0, "2", 1.5, True])
def test_min_uses_must_be_a_whole_number_of_one_or_more(bad: object) -> None:
    with pytest.raises(InvalidArgumentError, match="min_uses"):
        share_provenance(tiny_network_geojson(), min_uses=bad)  # type: ignore[arg-type]


def test_writer_option_must_be_a_bool() -> None:
    with pytest.raises(InvalidArgumentError, match="shared_provenance"):
        network_to_geojson(eurasia(), shared_provenance="yes")  # type: ignore[arg-type]


_ENTRY = st.fixed_dictionaries(
    {"source": st.sampled_from(["A", "B", "C 2024", "Σ"])},
    optional={
        "kind": st.sampled_from(["published", "measured", "derived", "estimate"]),
        "note": st.sampled_from(["", "n", "note ≈ 1"]),
    },
)


@settings(max_examples=60, deadline=None)
@given(
    entries=st.lists(_ENTRY, min_size=1, max_size=8),
    fields=st.lists(st.sampled_from(["coordinates", "distance_km", "speed_kmh"]), max_size=3),
    min_uses=st.integers(1, 4),
)
def test_any_sharing_reads_back_as_the_inline_file(
    entries: list[dict[str, Any]], fields: list[str], min_uses: int
) -> None:
    tiny = tiny_network_geojson()
    for i, feature in enumerate(tiny["features"]):
        props = feature["properties"]
        keys = ["coordinates"] if props.get("feature_type") == "node" else fields
        props["provenance"] = {
            key: dict(entries[(i + j) % len(entries)]) for j, key in enumerate(keys)
        }
    shared = share_provenance(tiny, min_uses=min_uses)
    assert network_from_geojson(shared, source="a") == network_from_geojson(tiny, source="a")
    assert share_provenance(shared, min_uses=min_uses) == shared
