"""The argument checks of ``corridor._checks``: choices and arrays of numbers."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from corridor._checks import check_choice, check_floats
from corridor.exceptions import InvalidArgumentError


def test_a_choice_is_returned_as_the_choice() -> None:
    choices = ("fw", "bfw")
    assert check_choice("algorithm", "bfw", choices) == "bfw"
    found = check_choice("algorithm", np.str_("fw"), choices)  # a numpy string is a str
    assert found == "fw"
    assert type(found) is str


@pytest.mark.parametrize("value", ["newton", "BFW", "", None, 1, b"fw", ["fw"]])
def test_anything_else_is_refused_with_the_choices(value: object) -> None:
    with pytest.raises(InvalidArgumentError, match=r"^algorithm=.*: use one of fw, bfw$"):
        check_choice("algorithm", value, ("fw", "bfw"))


def test_floats_are_a_flat_float_array() -> None:
    out = check_floats("cost", [1, 2.5, 0])
    assert out.dtype == np.float64
    assert out.tolist() == [1.0, 2.5, 0.0]
    assert check_floats("cost", (), length=0).shape == (0,)


@pytest.mark.parametrize(
    ("value", "kwargs", "message"),
    [
        ("12", {}, "not a text"),
        (b"12", {}, "not a text"),
        ([1, "x"], {}, "sequence or array of numbers"),
        ([object()], {}, "sequence or array of numbers"),
        ([[1.0, 2.0]], {}, "not shape (1, 2)"),
        (5.0, {}, "not shape ()"),
        ([1.0, 2.0], {"length": 3}, "has 2 values; give 3"),
        ([1.0, math.nan], {}, "item 1 is nan"),
        ([math.inf], {}, "item 0 is inf"),
        ([-1.0, 2.0], {"low": 0.0}, "item 0 is -1; use numbers >= 0"),
        ([0.0], {"low": 0.0, "low_open": True}, "item 0 is 0; use numbers above 0"),
    ],
)
def test_bad_floats_are_refused_by_name(
    value: object, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidArgumentError, match=r"^cost=") as info:
        check_floats("cost", value, **kwargs)  # type: ignore[arg-type]
    assert message in str(info.value)


def test_infinity_may_be_allowed_but_not_nan() -> None:
    assert check_floats("cost", [math.inf], finite=False).tolist() == [math.inf]
    with pytest.raises(InvalidArgumentError, match="item 0 is nan"):
        check_floats("cost", [math.nan], finite=False)


@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=5), st.floats(-2, 2))
def test_floats_pass_exactly_when_finite_and_in_range(values: list[float], low: float) -> None:
    ok = all(math.isfinite(v) and v >= low for v in values)
    try:
        out = check_floats("cost", values, low=low)
    except InvalidArgumentError:
        assert not ok
    else:
        assert ok
        assert out.tolist() == values
