"""``compare`` takes its plausibility margins as finite numbers in range, or names them."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor import InvalidArgumentError, compare, eurasia
from corridor.planning.compare import compare_query
from corridor.routing.route import prepare

_NET = eurasia()
_QUERY = prepare(_NET, "Xi'an", "Tashkent")
ANY = st.floats(allow_nan=True, allow_infinity=True) | st.integers(-(10**30), 10**30)
LOW = {"tie_margin": 0.0, "detour_ratio": 1.0, "transit_margin": 0.0}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(LOW)), ANY)
def test_a_margin_is_finite_and_in_range_or_named(name: str, value: float) -> None:
    ok = math.isfinite(value) and value >= LOW[name]
    try:
        result = compare_query(_QUERY, **{name: value})
    except InvalidArgumentError as exc:
        assert not ok
        assert str(exc).startswith(f"{name}=")
        assert exc.parameter is None or exc.parameter == name
    else:
        assert ok
        assert getattr(result, name) == value
        assert result.options


@pytest.mark.parametrize("name", sorted(LOW))
def test_compare_refuses_before_searching(name: str) -> None:
    with pytest.raises(InvalidArgumentError, match=rf"^{name}=nan: use a finite number"):
        compare(_NET, "Xi'an", "Duisburg", **{name: math.nan})  # type: ignore[arg-type]
