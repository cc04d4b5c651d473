"""Silent wrong answers of issue 9: absurd prices and bogus paths."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor import NoRouteError, eurasia
from corridor.routing.constraints import InvalidConstraintError
from corridor.routing.route import (
    MAX_CARBON_USD_PER_T,
    MAX_VALUE_OF_TIME_USD_PER_DAY,
    best_route,
    prepare,
    route,
)
from corridor.routing.shortest import CSRGraph, shortest_path

XIAN, DUISBURG = "Xi'an", "Duisburg"


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"value_of_time_usd_per_day": 1e308}, "value_of_time_usd_per_day"),
        ({"value_of_time_usd_per_day": math.inf}, "value_of_time_usd_per_day"),
        ({"value_of_time_usd_per_day": math.nan}, "value_of_time_usd_per_day"),
        ({"value_of_time_usd_per_day": -1.0}, "value_of_time_usd_per_day"),
        ({"carbon_usd_per_t": 1e308}, "carbon_usd_per_t"),
        ({"carbon_usd_per_t": math.nan}, "carbon_usd_per_t"),
        ({"carbon_usd_per_t": -math.inf}, "carbon_usd_per_t"),
    ],
)
def test_absurd_prices_are_refused_naming_the_parameter(
    kwargs: dict[str, float], name: str
) -> None:
    """1e308 used to give a 'route' Xi'an -> Zhengzhou -> Xi'an."""
    with pytest.raises(InvalidConstraintError, match=name):
        prepare(eurasia(), XIAN, DUISBURG, **kwargs)  # type: ignore[arg-type]


@settings(max_examples=15, deadline=None)
@given(
    vot=st.floats(min_value=0.0, max_value=MAX_VALUE_OF_TIME_USD_PER_DAY),
    carbon=st.floats(min_value=0.0, max_value=MAX_CARBON_USD_PER_T),
)
def test_every_accepted_price_gives_a_route_to_the_destination(vot: float, carbon: float) -> None:
    r = route(eurasia(), XIAN, DUISBURG, value_of_time_usd_per_day=vot, carbon_usd_per_t=carbon)
    moves = [leg for leg in r.legs if leg.kind == "move"]
    assert moves[0].from_id == r.origin.id
    assert moves[-1].to_id == r.destination.id
    assert math.isfinite(r.objective)


def test_weights_that_overflow_never_give_a_path_that_misses_the_destination() -> None:
    """Bypassing the bounds: the search finds the destination or reports no route."""
    query = prepare(eurasia(), XIAN, DUISBURG)
    huge = replace(query, value_of_time_usd_per_day=1e308)
    try:
        r = best_route(huge)
    except NoRouteError:
        return
    moves = [leg for leg in r.legs if leg.kind == "move"]
    assert moves[-1].to_id == r.destination.id


def test_shortest_path_with_overflowing_weights_is_unreachable_not_bogus() -> None:
    """0 -> 1 is a dead end; 0 -> 2 -> 3 sums past the largest float.

    The bidirectional search used to take the first edge of an all-overflowed frontier and
    return the path 0 -> 1, which does not end at 3.
    """
    graph = CSRGraph.from_edges(
        np.array([0, 0, 2]), np.array([1, 2, 3]), np.array([1.0, 1e308, 1e308]), 4
    )
    dist, path = shortest_path(graph, 0, 3, backend="scipy")
    assert path.size == 0 or (path[0] == 0 and path[-1] == 3)
    assert math.isinf(dist)
