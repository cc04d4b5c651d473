"""``diff_runs`` and ``flatten``: what ``corridor runs diff`` shows."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from types import MappingProxyType

from hypothesis import given
from hypothesis import strategies as st

from corridor.store import MISSING, Difference, Run, diff_runs
from corridor.store.diff import flatten

LEAVES = st.none() | st.booleans() | st.integers(-1000, 1000) | st.text(max_size=5)
TREES = st.recursive(
    LEAVES,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text("abc", min_size=1, max_size=3), children, max_size=3)
    ),
    max_leaves=10,
)
OBJECTS = st.dictionaries(st.text("abcde", min_size=1, max_size=3), TREES, max_size=4)
NOW = datetime(2026, 12, 3, tzinfo=UTC)


def _run(result: dict[str, object], request: dict[str, object] | None = None) -> Run:
    return Run(
        id="0" * 32,
        kind="compare",
        owner=None,
        request=MappingProxyType(request or {}),
        result=MappingProxyType(result),
        created=NOW,
        updated=NOW,
    )


def test_options_line_up_by_corridor_not_rank() -> None:
    a = _run({"options": [{"corridor": "northern", "days": 14.3}, {"corridor": "sea", "days": 40}]})
    b = _run({"options": [{"corridor": "sea", "days": 38}, {"corridor": "middle", "days": 20}]})
    found = {d.field: d for d in diff_runs(a, b)}
    assert set(found) == {
        "result.options[northern]",
        "result.options[sea].days",
        "result.options[middle]",
    }
    assert found["result.options[northern]"].b is MISSING
    assert found["result.options[northern]"].a == {"corridor": "northern", "days": 14.3}
    assert found["result.options[middle]"].a is MISSING
    assert found["result.options[sea].days"].delta == -2.0
    assert found["result.options[sea].days"].relative == -0.05


def test_requests_are_compared_unless_asked_not_to() -> None:
    a, b = _run({}, {"avoid_country": []}), _run({}, {"avoid_country": ["RU"]})
    assert diff_runs(a, b) == [Difference("request.avoid_country", [], ["RU"])]
    assert diff_runs(a, b, requests=False) == []


def test_an_empty_list_against_a_full_one_is_one_row() -> None:
    a, b = _run({"flags": []}), _run({"flags": [{"text": "dominated"}]})
    assert diff_runs(a, b) == [Difference("result.flags", [], {"[0].text": "dominated"})]
    assert diff_runs(b, a) == [Difference("result.flags", {"[0].text": "dominated"}, [])]


def test_numbers_compare_by_value_and_booleans_by_type() -> None:
    a, b = _run({"x": 1, "y": True, "z": 0}), _run({"x": 1.0, "y": 1, "z": 3})
    found = {d.field: d for d in diff_runs(a, b)}
    assert set(found) == {"result.y", "result.z"}
    assert found["result.y"].delta is None
    assert found["result.z"].relative is None  # from zero


@given(OBJECTS)
def test_a_run_does_not_differ_from_itself(result: dict[str, object]) -> None:
    assert diff_runs(_run(result, result), _run(result, result)) == []


@given(OBJECTS, OBJECTS)
def test_differences_are_symmetric(a: dict[str, object], b: dict[str, object]) -> None:
    forward = {(d.field, repr(d.a), repr(d.b)) for d in diff_runs(_run(a), _run(b))}
    backward = {(d.field, repr(d.b), repr(d.a)) for d in diff_runs(_run(b), _run(a))}
    assert forward == backward
    if json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True):
        assert forward == set()
    else:
        assert forward


@given(OBJECTS)
def test_flatten_keeps_every_leaf(value: dict[str, object]) -> None:
    flat = flatten({"result": value})
    assert all(path.startswith("result") for path in flat)
    assert len(flat) >= (1 if value else 0)
