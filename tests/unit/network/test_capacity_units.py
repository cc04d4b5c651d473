"""Capacity units: a typo is refused with the valid list, never read as TEU/year."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor import CorridorError, InvalidArgumentError
from corridor._typing import CAPACITY_UNITS
from corridor.assignment.corridor_problem import capacity_teu_per_year
from corridor.network.model import Capacity


def test_unit_typo_is_refused_with_the_valid_units() -> None:
    """``train_per_day`` (no s) used to be read silently as TEU per year."""
    with pytest.raises(InvalidArgumentError, match="'train_per_day' is not known") as info:
        Capacity(2.0, "train_per_day")  # type: ignore[arg-type]
    assert isinstance(info.value, CorridorError)
    for unit in CAPACITY_UNITS:
        assert unit in str(info.value)


def test_unit_typo_is_refused_by_the_conversion_too() -> None:
    """Even a Capacity whose unit was changed behind the constructor's back."""
    cap = Capacity(2.0, "trains_per_day")
    object.__setattr__(cap, "unit", "train_per_day")
    with pytest.raises(InvalidArgumentError, match="trains_per_day"):
        capacity_teu_per_year(cap)


@settings(max_examples=50, deadline=None)
@given(unit=st.text(max_size=20).filter(lambda u: u not in CAPACITY_UNITS))
def test_any_unknown_unit_is_refused(unit: str) -> None:
    with pytest.raises(InvalidArgumentError):
        Capacity(1.0, unit)  # type: ignore[arg-type]


@settings(max_examples=50, deadline=None)
@given(
    value=st.floats(min_value=1e-6, max_value=1e9),
    unit=st.sampled_from(CAPACITY_UNITS),
)
def test_known_units_convert_to_positive_teu_per_year(value: float, unit: str) -> None:
    cap = Capacity(value, unit)  # type: ignore[arg-type]
    teu = capacity_teu_per_year(cap)
    assert teu > 0
    assert capacity_teu_per_year(replace(cap, value=2 * value)) == pytest.approx(2 * teu)
