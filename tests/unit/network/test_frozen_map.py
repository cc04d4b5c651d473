"""FrozenMap: a read-only mapping that behaves like a dict for reading, hashes and pickles."""

from __future__ import annotations

import copy
import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corridor.network.frozen import EMPTY, FrozenMap, freeze_map

_KEYS = st.one_of(st.text(max_size=8), st.integers(-5, 5))
_VALUES = st.one_of(
    st.floats(allow_nan=False), st.text(max_size=5), st.none(), st.tuples(st.integers())
)
_DICTS = st.dictionaries(_KEYS, _VALUES, max_size=12)


@given(_DICTS)
def test_reads_like_the_dict_it_was_built_from(data: dict[Any, Any]) -> None:
    fm = FrozenMap(data)
    assert fm == data
    assert data == fm
    assert dict(fm) == data
    assert list(fm) == list(data)  # insertion order kept
    assert list(fm.items()) == list(data.items())
    assert list(fm.values()) == list(data.values())
    assert len(fm) == len(data)
    for key, value in data.items():
        assert key in fm
        assert fm[key] == value
        assert fm.get(key, "missing") == value
    assert fm.get(object(), "missing") == "missing"
    assert object() not in fm


@given(_DICTS)
def test_a_copy_is_taken_so_the_source_dict_cannot_change_it(data: dict[Any, Any]) -> None:
    fm = FrozenMap(data)
    before = dict(data)
    data["__added__"] = 1.0
    data.clear()
    assert fm == before
    assert "__added__" not in fm


@given(_DICTS, _KEYS, _VALUES)
def test_every_mutation_is_refused(data: dict[Any, Any], key: Any, value: Any) -> None:
    fm = FrozenMap(data)
    target: Any = fm  # bypass the type checker: this is what a careless caller does
    with pytest.raises(TypeError):
        target[key] = value
    with pytest.raises(TypeError):
        del target[key]
    for method in ("pop", "popitem", "clear", "update", "setdefault"):
        assert not hasattr(fm, method)
    with pytest.raises(AttributeError):
        target._data = {key: value}
    with pytest.raises(AttributeError):
        target.anything = 1
    with pytest.raises(AttributeError):
        del target._data
    assert fm == data


@given(_DICTS, _DICTS)
def test_equality_is_dict_equality_and_equal_maps_hash_alike(
    a: dict[Any, Any], b: dict[Any, Any]
) -> None:
    assert (FrozenMap(a) == FrozenMap(b)) == (a == b)
    assert (FrozenMap(a) != FrozenMap(b)) == (a != b)
    reordered = dict(reversed(list(a.items())))
    assert FrozenMap(reordered) == FrozenMap(a)
    assert hash(FrozenMap(reordered)) == hash(FrozenMap(a))
    assert FrozenMap(a) != list(a.items())  # not a mapping: never equal


@given(_DICTS)
def test_pickle_and_copy_round_trip(data: dict[Any, Any]) -> None:
    fm = FrozenMap(data)
    back = pickle.loads(pickle.dumps(fm))  # noqa: S301 - our own bytes
    assert type(back) is FrozenMap
    assert back == fm
    assert list(back) == list(fm)
    assert hash(back) == hash(fm)
    assert copy.copy(fm) is fm
    deep = copy.deepcopy(fm)
    assert type(deep) is FrozenMap
    assert deep == fm


@given(_DICTS, _DICTS)
def test_union_is_a_new_frozen_map_like_dict_union(a: dict[Any, Any], b: dict[Any, Any]) -> None:
    left = FrozenMap(a)
    merged = left | b
    assert type(merged) is FrozenMap
    assert merged == a | b
    assert list(merged) == list(a | b)
    assert left == a  # unchanged


@given(st.lists(st.tuples(_KEYS, _VALUES), max_size=10))
def test_built_from_pairs_like_dict(pairs: list[tuple[Any, Any]]) -> None:
    assert FrozenMap(pairs) == dict(pairs)


def test_nested_maps_hash_and_compare_by_value() -> None:
    a = FrozenMap({"KZ>CN": FrozenMap({"paper": 1.0}), "CN>KZ": FrozenMap({"paper": 2.0})})
    b = FrozenMap({"CN>KZ": FrozenMap({"paper": 2.0}), "KZ>CN": FrozenMap({"paper": 1.0})})
    assert a == b
    assert hash(a) == hash(b)
    assert {a: "x"}[b] == "x"
    assert a != FrozenMap({"KZ>CN": FrozenMap({"paper": 1.5}), "CN>KZ": FrozenMap({"paper": 2.0})})


def test_unhashable_values_fail_only_when_hashed() -> None:
    fm = FrozenMap({"a": [1, 2]})
    assert fm["a"] == [1, 2]
    with pytest.raises(TypeError):
        hash(fm)


def test_freeze_map_reuses_frozen_maps_and_the_empty_map() -> None:
    fm = FrozenMap({"EUR": 0.86})
    assert freeze_map(fm) is fm
    assert freeze_map({}) is EMPTY
    frozen = freeze_map({"EUR": 0.86})
    assert type(frozen) is FrozenMap
    assert frozen == fm
    assert repr(fm) == "FrozenMap({'EUR': 0.86})"
    assert len(EMPTY) == 0
    assert hash(EMPTY) == hash(FrozenMap())
