from __future__ import annotations

import math

import numpy as np
import pytest

from corridor.network.distributions import (
    Empirical,
    Fixed,
    LogNormal,
    Triangular,
    distribution_from_dict,
)


def test_triangular_moments_match_closed_form() -> None:
    t = Triangular(1.0, 2.0, 6.0)
    assert t.mean == pytest.approx(3.0)
    # (1 + 36 + 4 - 6 - 2 - 12) / 18 = 21 / 18
    assert t.variance == pytest.approx(21 / 18)


def test_lognormal_parameters_reproduce_mean_and_sd() -> None:
    d = LogNormal(60.0, 30.0)
    mean = math.exp(d.mu + d.sigma**2 / 2)
    var = (math.exp(d.sigma**2) - 1) * math.exp(2 * d.mu + d.sigma**2)
    assert mean == pytest.approx(60.0)
    assert math.sqrt(var) == pytest.approx(30.0)


@pytest.mark.parametrize(
    "dist",
    [Fixed(5.0), Triangular(1.0, 2.0, 6.0), LogNormal(60.0, 30.0), Empirical((1.0, 2.0, 9.0))],
)
def test_samples_match_analytic_moments(
    dist: Fixed | Triangular | LogNormal | Empirical,
) -> None:
    x = dist.sample(np.random.default_rng(7), 400_000)
    assert x.mean() == pytest.approx(dist.mean, rel=0.01, abs=1e-9)
    assert x.var() == pytest.approx(dist.variance, rel=0.05, abs=1e-9)


def test_json_round_trip() -> None:
    for dist in (Fixed(5.0), Triangular(1.0, 2.0, 6.0), LogNormal(6.0, 3.0), Empirical((1.0,))):
        assert distribution_from_dict(dist.to_dict()) == dist
    assert distribution_from_dict(4) == Fixed(4.0)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"type": "triangular", "low": 5, "mode": 2, "high": 6}, "low <= mode <= high"),
        ({"type": "lognormal", "mean": 5}, "missing sd"),
        ({"type": "gamma", "k": 1}, "unknown distribution type 'gamma'"),
        ({"type": "fixed", "value": -1}, "value must be a finite number >= 0"),
        ({"type": "fixed", "value": 1, "extra": 2}, "unknown parameter(s) extra"),
        ({"type": "empirical", "values": []}, "at least one value"),
        ("soon", "must be a number or an object"),
        ({"type": "lognormal", "mean": 0, "sd": 1}, "mean > 0"),
    ],
)
def test_bad_distributions_say_what_is_wrong(data: object, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        distribution_from_dict(data)


def test_scaled_multiplies_mean() -> None:
    assert LogNormal(10.0, 5.0).scaled(0.5).mean == pytest.approx(5.0)
    assert Triangular(1, 2, 3).scaled(2).mean == pytest.approx(4.0)
