"""Assignment applies the network's dated regimes as routing does (default: the latest)."""

from __future__ import annotations

from functools import cache

import pytest

from corridor import eurasia
from corridor.assignment.corridor_results import CorridorAssignment
from corridor.assignment.demand_assignment import assign_demand
from corridor.exceptions import CorridorError
from corridor.io.demand import demand_from_rows
from corridor.network.model import Network
from corridor.network.regimes import RegimeError, pick_rail_regime, pick_sea_regime

CHOKEPOINTS = frozenset({"suez", "bab_el_mandeb"})
#: Singapore → Rotterdam: by sea, through Suez before the Red Sea crisis (December 2023).
ROWS = [("singapore", "rotterdam", "TEU", 10_000.0, "TEU")]


@cache
def _net() -> Network:
    return eurasia()


def _assign(**kw: str | None) -> CorridorAssignment:
    net = _net()
    return assign_demand(net, demand_from_rows(net, ROWS), **kw)  # type: ignore[arg-type]


def _through_red_sea(res: CorridorAssignment) -> float:
    """TEU per year through the canal: on the links into or out of Suez, halved."""
    return 0.5 * sum(lf.flow_teu for lf in res.links if "suez" in (lf.from_node, lf.to_node))


def test_default_regime_is_the_latest_and_closes_suez() -> None:
    res = _assign()
    sea, rail = pick_sea_regime(_net()), pick_rail_regime(_net())
    assert sea is not None
    assert rail is not None
    assert res.network.applied_regimes == (sea.id, rail.id)
    assert set(sea.closed) >= CHOKEPOINTS
    assert res.demand.total_teu == pytest.approx(10_000.0)
    assert _through_red_sea(res) == 0.0
    assert not any({lf.from_node, lf.to_node} & CHOKEPOINTS for lf in res.links if lf.flow_teu)
    assert res.to_dict()["regimes"] == [sea.id, rail.id]


def test_a_2023_date_reopens_suez() -> None:
    res = _assign(date="2023-06-01")
    assert res.network.applied_regimes[0] == "sea_pre_crisis_2023"
    assert _through_red_sea(res) == pytest.approx(10_000.0)
    # Suez closed and liner rates up: the crisis costs the shipper (uncongested pair)
    now = _assign()
    assert now.total_generalised_cost_usd > res.total_generalised_cost_usd


def test_operations_picks_the_rail_regime() -> None:
    res = _assign(operations="congested")
    assert res.network.applied_regimes[1] == "congested"


def test_the_base_network_is_not_changed() -> None:
    _assign(date="2023-06-01")
    assert _net().applied_regimes == ()


@pytest.mark.parametrize(
    ("kw", "words"),
    [
        ({"date": "2023-13-01"}, "not a date"),
        ({"date": "1999-01-01"}, "no sea-rate regime covers it"),
        ({"operations": "gridlock"}, "unknown rail operating regime"),
    ],
)
def test_bad_regime_arguments(kw: dict[str, str], words: str) -> None:
    with pytest.raises(RegimeError, match=words) as info:
        _assign(**kw)
    assert isinstance(info.value, CorridorError)
