"""Regimes do not stack: a network that carries a regime keeps it, and refuses another."""

from __future__ import annotations

from functools import cache

import pytest

import corridor
from corridor.network.model import Network
from corridor.network.regimes import RegimeError, apply_regimes


@cache
def _net() -> Network:
    return corridor.eurasia()


@cache
def _mid_2023() -> Network:
    return apply_regimes(_net(), date="2023-06-01").network


def test_a_carried_regime_is_kept_without_a_date() -> None:
    net = _mid_2023()
    again = apply_regimes(net)
    assert (
        again.network.applied_regimes
        == net.applied_regimes
        == (
            "sea_pre_crisis_2023",
            "scheduled",
        )
    )
    assert again.sea_rates == "sea_pre_crisis_2023"


def test_routing_a_carried_regime_gives_the_same_route() -> None:
    """Before the fix the latest regime (Suez closed, rates x2.2) was laid on top."""
    carried = corridor.route(_mid_2023(), "Singapore", "Rotterdam")
    dated = corridor.route(_net(), "Singapore", "Rotterdam", date="2023-06-01")
    assert carried.regimes == dated.regimes
    assert carried.corridor == dated.corridor == "sea_suez"
    assert carried.cost_usd == pytest.approx(dated.cost_usd)


def test_a_date_of_the_same_regime_is_fine() -> None:
    out = apply_regimes(_mid_2023(), date="2023-07-01")
    assert out.network.applied_regimes == _mid_2023().applied_regimes


@pytest.mark.parametrize(
    ("kw", "words"),
    [({"date": "2025-01-01"}, "sea-rate regime"), ({"operations": "congested"}, "rail operating")],
)
def test_another_regime_on_top_is_refused(kw: dict[str, str], words: str) -> None:
    with pytest.raises(RegimeError, match=f"already carries the {words}.*do not stack"):
        apply_regimes(_mid_2023(), **kw)
