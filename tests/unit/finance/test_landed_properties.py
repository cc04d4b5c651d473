"""Property tests: landed-cost components sum to the total and respond to their inputs."""

from __future__ import annotations

import math
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import corridor
from corridor.finance import (
    COMPONENTS,
    carrying_cost,
    insurance_cost,
    landed_cost_of_comparison,
    route_landed_cost,
    safety_stock_cost,
)
from corridor.network.model import Network
from corridor.planning import Comparison
from corridor.routing.result import Route

_VALUES = st.floats(min_value=0.0, max_value=1e9, allow_nan=False)
_RATES = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
_DAYS = st.floats(min_value=0.0, max_value=365.0, allow_nan=False)
_QUANTITY = st.integers(min_value=1, max_value=10_000)
_FACTOR = st.floats(min_value=0.0, max_value=1e3, allow_nan=False)


@cache
def _setting() -> tuple[Network, Comparison]:
    net = corridor.eurasia()
    return net, corridor.compare(net, "Chengdu", "Warsaw")


def _routes() -> st.SearchStrategy[Route]:
    return st.sampled_from(_setting()[1].options)


@given(
    route=_routes(),
    value=_VALUES,
    quantity=_QUANTITY,
    insurance=_RATES,
    carrying=_RATES,
    spread=_RATES,
    currency=st.sampled_from(["USD", "EUR", "CNY", "PLN", "KZT"]),
    p50=_DAYS,
    extra=_DAYS,
)
def test_components_sum_to_the_total(
    route: Route,
    value: float,
    quantity: int,
    insurance: float,
    carrying: float,
    spread: float,
    currency: str,
    p50: float,
    extra: float,
) -> None:
    lc = route_landed_cost(
        _setting()[0],
        route,
        value=value,
        currency=currency,
        quantity=quantity,
        insurance_rate=insurance,
        carrying_rate=carrying,
        conversion_spread=spread,
        p50_days=p50,
        p90_days=p50 + extra,
    )
    assert tuple(lc.components) == COMPONENTS
    assert all(v >= 0.0 for v in lc.components.values())
    assert math.fsum(lc.components.values()) == lc.total
    assert sum(lc.components.values()) == pytest.approx(lc.total, rel=1e-12)
    shown = lc.to_dict()
    assert math.isclose(sum(shown["components"].values()), shown["total"], abs_tol=1e-6)
    assert lc.per_unit * quantity == pytest.approx(lc.total, rel=1e-12)


@given(value=_VALUES, rate=_RATES, k=_FACTOR)
def test_insurance_is_linear_in_value_and_rate(value: float, rate: float, k: float) -> None:
    base = insurance_cost(value, rate)
    assert insurance_cost(k * value, rate) == pytest.approx(k * base, rel=1e-12, abs=1e-9)
    assert insurance_cost(value, k * rate) == pytest.approx(k * base, rel=1e-12, abs=1e-9)
    assert insurance_cost(value, 0.0) == 0.0


@given(value=_VALUES, rate=_RATES, days=_DAYS, k=_FACTOR)
def test_carrying_cost_is_linear_in_days_and_rate(
    value: float, rate: float, days: float, k: float
) -> None:
    base = carrying_cost(value, rate, days)
    assert carrying_cost(value, rate, k * days) == pytest.approx(k * base, rel=1e-12, abs=1e-9)
    assert carrying_cost(value, k * rate, days) == pytest.approx(k * base, rel=1e-12, abs=1e-9)
    assert carrying_cost(value, rate, 365.0) == pytest.approx(value * rate, rel=1e-12)


@given(value=_VALUES, rate=_RATES, p50=_DAYS, extra=_DAYS)
def test_safety_stock_grows_with_the_spread_and_never_goes_negative(
    value: float, rate: float, p50: float, extra: float
) -> None:
    cost = safety_stock_cost(value, rate, p50, p50 + extra)
    # the spread as floats hold it: (p50 + extra) - p50 is not extra when extra << p50
    spread = (p50 + extra) - p50
    assert cost == pytest.approx(carrying_cost(value, rate, spread), rel=1e-9, abs=1e-9)
    assert safety_stock_cost(value, rate, p50 + extra, p50) == 0.0  # P90 below P50: none
    assert safety_stock_cost(value, rate, p50, p50 + 2 * extra) >= cost


@given(route=_routes(), value=_VALUES, quantity=st.integers(min_value=1, max_value=5_000))
def test_doubling_quantity_doubles_the_charges_and_nothing_else(
    route: Route, value: float, quantity: int
) -> None:
    net = _setting()[0]
    one = route_landed_cost(net, route, value=value, quantity=quantity, currency="EUR")
    two = route_landed_cost(net, route, value=value, quantity=2 * quantity, currency="EUR")
    assert two.components["freight"] == 2 * one.components["freight"]
    for name in ("handling", "transshipment", "border_fees", "canal_tolls", "fx_conversion"):
        assert two.components[name] == pytest.approx(2 * one.components[name], rel=1e-12)
    for name in ("insurance", "carrying_in_transit", "safety_stock"):
        assert two.components[name] == one.components[name]


@given(route=_routes(), value=_VALUES, days=_DAYS, k=st.floats(min_value=0, max_value=10))
def test_carrying_in_transit_follows_the_transit_days(
    route: Route, value: float, days: float, k: float
) -> None:
    net = _setting()[0]
    a = route_landed_cost(net, route, value=value, transit_days=days)
    b = route_landed_cost(net, route, value=value, transit_days=k * days)
    assert b.components["carrying_in_transit"] == pytest.approx(
        k * a.components["carrying_in_transit"], rel=1e-12, abs=1e-9
    )
    assert b.components["freight"] == a.components["freight"]


@given(
    value=_VALUES,
    rate=st.floats(min_value=0.01, max_value=1e4, allow_nan=False),
    spread=_RATES,
)
def test_a_dearer_euro_costs_a_euro_shipper_less_in_euros(
    value: float, rate: float, spread: float
) -> None:
    # every charge of the embedded network is in USD: a euro shipper pays rate x USD
    net, cmp = _setting()
    route = cmp.options[0]
    lc = route_landed_cost(
        net, route, value=value, currency="EUR", fx={"EUR": rate}, conversion_spread=spread
    )
    charges = route.cost_usd * rate
    assert sum(lc.components[k] for k in COMPONENTS[:5]) == pytest.approx(charges, rel=1e-9)
    assert lc.components["fx_conversion"] == pytest.approx(spread * charges, rel=1e-9)


@settings(max_examples=25, deadline=None)
@given(
    deadline=st.floats(min_value=5.0, max_value=70.0),
    low=st.floats(min_value=0.01, max_value=0.99),
    high=st.floats(min_value=0.01, max_value=0.99),
)
def test_a_higher_confidence_never_adds_options(deadline: float, low: float, high: float) -> None:
    low, high = min(low, high), max(low, high)
    net, cmp = _setting()

    def kept(confidence: float) -> set[str]:
        lc = landed_cost_of_comparison(
            net, cmp, value=1e5, deadline=deadline, confidence=confidence, samples=500
        )
        assert len(lc.options) + len(lc.dropped) == len(cmp.options)
        return {o.corridor for o in lc.options}

    assert kept(high) <= kept(low)
