"""Reliability spots pinned by known distributions (see ``tools/mutation.py``).

Percentiles of a known sample (P95 is not P99), and the Monte Carlo wait for a departure
by random incidence: the headway is drawn length-biased and the wait is a uniform part of
it, so its mean is ``E[H^2] / (2 E[H])`` for every headway family.
"""

from __future__ import annotations

import numpy as np
import pytest

from corridor.network.distributions import Distribution, Empirical, Fixed, LogNormal, Triangular
from corridor.reliability.components import Component
from corridor.reliability.montecarlo import TransitSimulation, simulate_components

_N = 200_000


def _known(totals_days: np.ndarray) -> TransitSimulation:
    return TransitSimulation(
        totals_h=totals_days * 24.0,
        labels=("x",),
        component_mean_h=np.array([float(totals_days.mean() * 24.0)]),
        variance_share=np.ones(1),
    )


def test_percentiles_of_a_known_sample() -> None:
    sim = _known(np.arange(101, dtype=np.float64))  # 0, 1, ..., 100 days
    assert sim.percentiles() == pytest.approx({"p10": 10.0, "p50": 50.0, "p90": 90.0, "p95": 95.0})
    assert sim.percentile_days(95) == pytest.approx(95.0)
    assert sim.percentile_days(5) == pytest.approx(5.0)


def _mean_wait(headway: Distribution) -> tuple[float, float]:
    sim = simulate_components([Component("wait", "wait", headway)], samples=_N, seed=7)
    return float(sim.totals_h.mean()), float(sim.totals_h.std() / np.sqrt(_N))


@pytest.mark.parametrize(
    ("headway", "expected"),
    [
        # mean 10, sd 10: E[H^2] = 200, E[W] = 200 / 20 = 10 (5 without the length bias)
        (LogNormal(10.0, 10.0), 10.0),
        # triangular(0, 12, 24): variance 24, E[H^2] = 168, E[W] = 7 (6 without)
        (Triangular(0.0, 12.0, 24.0), 7.0),
        # 6 h or 18 h: E[H^2] = 180, E[W] = 7.5 (6 without)
        (Empirical((6.0, 18.0)), 7.5),
        # fixed: half the headway
        (Fixed(24.0), 12.0),
    ],
)
def test_monte_carlo_wait_by_random_incidence(headway: Distribution, expected: float) -> None:
    mean, se = _mean_wait(headway)
    assert abs(mean - expected) < max(5.0 * se, 0.01 * expected)


def test_monte_carlo_wait_is_spread_uniformly_over_the_headway() -> None:
    sim = simulate_components([Component("wait", "wait", Fixed(24.0))], samples=_N, seed=3)
    # uniform on [0, 24]: P10 = 2.4 h, P90 = 21.6 h
    assert np.percentile(sim.totals_h, 10) == pytest.approx(2.4, abs=0.2)
    assert np.percentile(sim.totals_h, 90) == pytest.approx(21.6, abs=0.2)
