"""Property tests: each landed-cost component moves with its own input, and only it does.

Raising one input of :func:`corridor.finance.route_landed_cost` (value, insurance rate,
carrying rate, conversion spread, the P90 spread, transit days) never lowers the
components it drives and leaves every other component exactly as it was; the charges
(freight, handling, fees) follow the tariffs of the network the route was found on.
"""

from __future__ import annotations

from functools import cache

from hypothesis import given
from hypothesis import strategies as st

import corridor
from corridor.finance import COMPONENTS, route_landed_cost
from corridor.finance.landed import LandedCost
from corridor.network.model import Network
from corridor.planning import Comparison
from corridor.routing.result import Route

_DAYS = st.floats(min_value=0.0, max_value=120.0, allow_nan=False)
_CHARGES = ("freight", "handling", "transshipment", "border_fees", "canal_tolls")


@cache
def _setting() -> tuple[Network, Comparison]:
    net = corridor.eurasia()
    return net, corridor.compare(net, "Chengdu", "Warsaw")


def _routes() -> st.SearchStrategy[Route]:
    return st.sampled_from(_setting()[1].options)


def _cost(route: Route, **kw: float) -> LandedCost:
    """Landed cost of 10 containers for a EUR shipper; ``kw`` overrides one input."""
    net = _setting()[0]
    value = kw.get("value", 4e5)
    return route_landed_cost(
        net,
        route,
        value=value,
        currency="EUR",
        quantity=10,
        insurance_rate=kw.get("insurance_rate", 0.002),
        carrying_rate=kw.get("carrying_rate", 0.25),
        conversion_spread=kw.get("conversion_spread", 0.01),
        p50_days=kw.get("p50_days", 20.0),
        p90_days=kw.get("p90_days", 25.0),
        transit_days=kw.get("transit_days", 21.0),
    )


def _moves_only(a: LandedCost, b: LandedCost, driven: tuple[str, ...]) -> None:
    """``b`` is ``a`` with one input raised: ``driven`` not lower, the rest equal."""
    for name in COMPONENTS:
        if name in driven:
            assert b.components[name] >= a.components[name], name
        else:
            assert b.components[name] == a.components[name], name
    assert b.total >= a.total


def _pair(low: float, high: float) -> st.SearchStrategy[tuple[float, float]]:
    """Two values in ``[low, high]``, the smaller first."""
    x = st.floats(min_value=low, max_value=high, allow_nan=False)
    return st.tuples(x, x).map(lambda t: (min(t), max(t)))


@given(route=_routes(), v=_pair(0.0, 1e9))
def test_value_drives_insurance_and_inventory(route: Route, v: tuple[float, float]) -> None:
    a, b = _cost(route, value=v[0]), _cost(route, value=v[1])
    _moves_only(a, b, ("insurance", "carrying_in_transit", "safety_stock"))


@given(route=_routes(), r=_pair(0.0, 1.0))
def test_insurance_rate_drives_insurance_only(route: Route, r: tuple[float, float]) -> None:
    a, b = _cost(route, insurance_rate=r[0]), _cost(route, insurance_rate=r[1])
    _moves_only(a, b, ("insurance",))


@given(route=_routes(), r=_pair(0.0, 10.0))
def test_carrying_rate_drives_inventory_only(route: Route, r: tuple[float, float]) -> None:
    a, b = _cost(route, carrying_rate=r[0]), _cost(route, carrying_rate=r[1])
    _moves_only(a, b, ("carrying_in_transit", "safety_stock"))


@given(route=_routes(), r=_pair(0.0, 1.0))
def test_spread_drives_fx_conversion_only(route: Route, r: tuple[float, float]) -> None:
    a, b = _cost(route, conversion_spread=r[0]), _cost(route, conversion_spread=r[1])
    _moves_only(a, b, ("fx_conversion",))
    # every charge of the embedded network is in USD: a EUR shipper always converts
    assert b.components["fx_conversion"] > 0.0 or r[1] == 0.0


@given(route=_routes(), p50=_DAYS, extra=_DAYS, more=_DAYS)
def test_p90_spread_drives_safety_stock_only(
    route: Route, p50: float, extra: float, more: float
) -> None:
    a = _cost(route, p50_days=p50, p90_days=p50 + extra)
    b = _cost(route, p50_days=p50, p90_days=p50 + extra + more)
    _moves_only(a, b, ("safety_stock",))


@given(route=_routes(), d=_pair(0.0, 365.0))
def test_transit_days_drive_carrying_in_transit_only(route: Route, d: tuple[float, float]) -> None:
    a, b = _cost(route, transit_days=d[0]), _cost(route, transit_days=d[1])
    _moves_only(a, b, ("carrying_in_transit",))


def test_charges_follow_the_network_tariffs() -> None:
    """Sea rates at the 2024 crisis peak (Drewry WCI x4.88) against mid-2023: dearer freight."""
    net = _setting()[0]
    calm = corridor.compare(net, "Shanghai", "Rotterdam", date="2023-06-01").option("sea_cape")
    peak = corridor.compare(net, "Shanghai", "Rotterdam", date="2024-06-01").option("sea_cape")
    assert calm is not None
    assert peak is not None
    a = route_landed_cost(net, calm, value=4e5, transit_days=calm.days)
    b = route_landed_cost(net, peak, value=4e5, transit_days=calm.days)
    assert b.components["freight"] > a.components["freight"]
    for name in ("insurance", "carrying_in_transit"):
        assert b.components[name] == a.components[name]
    assert sum(b.components[n] for n in _CHARGES) > sum(a.components[n] for n in _CHARGES)
