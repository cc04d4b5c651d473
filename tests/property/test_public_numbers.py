"""Properties of the public functions that take user numbers.

Each test draws numbers a user could pass (any float, NaN and infinities included, huge
and negative values, whole and fractional) and checks that the function either answers
with values that obey the function's contract, or refuses with an
:class:`~corridor.exceptions.InvalidArgumentError` that names the parameter.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from corridor import (
    Empirical,
    Fixed,
    FxTable,
    InvalidArgumentError,
    LogNormal,
    Network,
    Triangular,
    eurasia,
    find_places,
    network_from_geojson,
    route,
    simulate_route,
    validate_network,
)
from corridor.network.distributions import MAX_HOURS, Mixture, distribution_from_dict
from corridor.network.geo import EARTH_RADIUS_KM, great_circle_km
from corridor.reliability import Component, TransitSimulation, simulate_components
from corridor.testing import tiny_network_geojson
from corridor.testing.strategies import distributions

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ANY_FLOAT = st.floats(allow_nan=True, allow_infinity=True)
ANY_NUMBER = ANY_FLOAT | st.integers(-(10**30), 10**30)
HOURS = st.floats(0, 1e4, allow_nan=False)

_NET = eurasia()
_ROUTE = route(_NET, "Xi'an", "Duisburg")
_TINY = network_from_geojson(tiny_network_geojson())


def _valid_hours(x: float) -> bool:
    return isinstance(x, int | float) and math.isfinite(x) and 0 <= x <= MAX_HOURS


# --------------------------------------------------------------------------- distributions


@FAST
@given(ANY_NUMBER)
def test_fixed_takes_exactly_the_hours_in_range(value: float) -> None:
    if _valid_hours(value):
        d = Fixed(value)
        assert d.mean == float(value)
        assert d.variance == 0.0
    else:
        with pytest.raises(InvalidArgumentError, match="value"):
            Fixed(value)


@FAST
@given(ANY_FLOAT, ANY_FLOAT, ANY_FLOAT)
def test_triangular_is_built_only_from_ordered_finite_hours(
    low: float, mode: float, high: float
) -> None:
    ok = all(_valid_hours(v) for v in (low, mode, high)) and low <= mode <= high and low < high
    if not ok:
        with pytest.raises(InvalidArgumentError):
            Triangular(low, mode, high)
        return
    d = Triangular(low, mode, high)
    assert low <= d.mean <= high
    assert 0 <= d.variance <= (high - low) ** 2 / 12 + 1e-9 * high * high


@FAST
@given(ANY_FLOAT, ANY_FLOAT)
def test_lognormal_keeps_its_mean_and_sd(mean: float, sd: float) -> None:
    if not (_valid_hours(mean) and _valid_hours(sd) and mean > 0 and sd > 0):
        with pytest.raises(InvalidArgumentError):
            LogNormal(mean, sd)
        return
    d = LogNormal(mean, sd)
    assert d.mean == mean
    assert d.variance == pytest.approx(sd * sd)
    assert math.isfinite(d.sigma)
    assert math.isfinite(d.mu)
    # the parameters of the underlying normal give back the mean and the sd
    if d.sigma < 5:
        assert math.exp(d.mu + d.sigma**2 / 2) == pytest.approx(mean, rel=1e-9)


@FAST
@given(st.lists(ANY_FLOAT, max_size=6))
def test_empirical_takes_a_list_of_hours(values: list[float]) -> None:
    if values and all(_valid_hours(v) for v in values):
        d = Empirical(values)  # type: ignore[arg-type]
        assert d.values == tuple(values)
        assert min(values) - 1e-9 <= d.mean <= max(values) + 1e-9
        assert hash(d) == hash(Empirical(tuple(values)))
    else:
        with pytest.raises(InvalidArgumentError):
            Empirical(values)  # type: ignore[arg-type]


@FAST
@given(st.lists(st.floats(0, 1), min_size=1, max_size=4))
def test_mixture_weights_must_be_probabilities_summing_to_one(weights: list[float]) -> None:
    parts = tuple(Fixed(float(i)) for i in range(len(weights)))
    if abs(sum(weights) - 1.0) > 1e-6:
        with pytest.raises(InvalidArgumentError, match="sum to 1"):
            Mixture(tuple(weights), parts)
        return
    mix = Mixture(tuple(weights), parts)
    assert mix.mean == pytest.approx(sum(w * i for i, w in enumerate(weights)), abs=1e-6)


@FAST
@given(distributions(), st.integers(-5, 300), st.integers(0, 2**32 - 1))
def test_samples_are_finite_hours_of_the_size_asked(dist: Any, size: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    if size < 0:
        with pytest.raises(InvalidArgumentError, match="size"):
            dist.sample(rng, size)
        return
    x = dist.sample(rng, size)
    assert x.shape == (size,)
    assert np.isfinite(x).all()
    assert (x >= 0).all()
    same = dist.sample(np.random.default_rng(seed), size)
    assert np.array_equal(x, same)


@FAST
@given(distributions(), st.sampled_from([1.5, math.nan, "3", None, True, 10**13]))
def test_a_sample_size_that_is_no_count_is_refused(dist: Any, size: object) -> None:
    with pytest.raises(InvalidArgumentError, match="size"):
        dist.sample(np.random.default_rng(0), size)


@FAST
@given(distributions(), ANY_FLOAT)
def test_scaling_multiplies_the_mean_or_is_refused(dist: Any, factor: float) -> None:
    if not (math.isfinite(factor) and factor >= 0):
        with pytest.raises(InvalidArgumentError, match="factor"):
            dist.scaled(factor)
        return
    try:
        scaled = dist.scaled(factor)
    except InvalidArgumentError as exc:  # a product beyond the largest duration
        assert "hours" in str(exc)
        return
    assert scaled.mean == pytest.approx(dist.mean * factor, rel=1e-9, abs=1e-9)


@FAST
@given(
    st.sampled_from(["fixed", "triangular", "lognormal", "empirical"]),
    st.lists(ANY_NUMBER | st.text(max_size=3) | st.none(), min_size=1, max_size=3),
)
def test_distribution_json_with_any_numbers_is_read_or_refused(
    kind: str, numbers: list[Any]
) -> None:
    keys = {
        "fixed": ["value"],
        "triangular": ["low", "mode", "high"],
        "lognormal": ["mean", "sd"],
        "empirical": ["values"],
    }[kind]
    data: dict[str, Any] = {"type": kind}
    for i, key in enumerate(keys):
        data[key] = numbers if key == "values" else numbers[i % len(numbers)]
    try:
        dist = distribution_from_dict(data)
    except InvalidArgumentError as exc:
        assert str(exc)
    else:
        assert math.isfinite(dist.mean)
        assert dist.mean >= 0


# --------------------------------------------------------------------------- simulations


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    samples=st.integers(1, 1500),
    seed=st.integers(0, 2**63),
    month=st.none() | st.integers(1, 12),
)
def test_simulate_route_is_reproducible_and_ordered(
    samples: int, seed: int, month: int | None
) -> None:
    sim = simulate_route(_NET, _ROUTE, samples=samples, seed=seed, month=month)
    again = simulate_route(_NET, _ROUTE, samples=samples, seed=seed, month=month)
    assert sim.samples == samples
    assert np.array_equal(sim.totals_h, again.totals_h)
    pct = sim.percentiles()
    assert pct["p10"] <= pct["p50"] <= pct["p90"] <= pct["p95"]
    assert sim.totals_h.min() / 24 <= pct["p50"] <= sim.totals_h.max() / 24
    # every route takes at least its fixed running times: never less than the route's hours
    assert sim.totals_h.min() > 0
    assert sim.variance_share.sum() == pytest.approx(1.0, abs=1e-6) or sim.std_days == 0


@FAST
@given(
    samples=ANY_NUMBER | st.sampled_from(["100", None, True]),
    month=st.integers(-3, 15) | ANY_FLOAT | st.sampled_from(["3", True]),
    seed=st.integers(-5, 5) | st.sampled_from([1.5, "x", math.nan]),
    rho=ANY_FLOAT,
)
def test_simulate_route_refuses_bad_numbers_by_name(
    samples: Any, month: Any, seed: Any, rho: float
) -> None:
    good_samples = (
        isinstance(samples, int) and not isinstance(samples, bool) and 1 <= samples <= 10**8
    )
    good_month = isinstance(month, int) and not isinstance(month, bool) and 1 <= month <= 12
    good_seed = isinstance(seed, int) and seed >= 0
    good_rho = math.isfinite(rho) and 0 <= rho <= 1
    assume(not (good_samples and good_month and good_seed and good_rho))
    with pytest.raises(InvalidArgumentError) as info:
        simulate_route(
            _NET, _ROUTE, samples=samples, month=month, seed=seed, border_correlation=rho
        )
    named = str(info.value).split("=")[0]
    assert named in {"samples", "month", "seed", "border_correlation"}


@FAST
@given(
    st.lists(st.floats(0, 167.99), min_size=1, max_size=3),
    st.floats(0, 1),
    st.integers(1, 400),
    st.floats(0, 1),
)
def test_component_sums_are_bounded_by_their_parts(
    timetable: list[float], probability: float, samples: int, rho: float
) -> None:
    comps = [
        Component("run", "running", Triangular(10.0, 12.0, 20.0)),
        Component("border", "border", LogNormal(5.0, 2.0)),
        Component("wait", "wait", Fixed(0.0), timetable=tuple(sorted(timetable))),
        Component("closed", "closure", Fixed(24.0), probability=probability),
    ]
    sim = simulate_components(comps, samples=samples, seed=1, border_correlation=rho)
    # running in [10, 20], a dwell > 0, a timetable wait in [0, 168], closure 0 or 24
    assert (sim.totals_h >= 10.0).all()
    assert (sim.totals_h <= 20.0 + 168.0 + 24.0 + sim.totals_h.max()).all()
    assert sim.component_mean_h[0] == pytest.approx(14.0, rel=0.35)
    assert 0.0 <= sim.component_mean_h[3] <= 24.0


@FAST
@given(ANY_FLOAT)
def test_component_probability_is_a_probability(p: float) -> None:
    if math.isfinite(p) and 0 <= p <= 1:
        assert Component("c", "closure", Fixed(1.0), probability=p).probability == p
    else:
        with pytest.raises(InvalidArgumentError, match="probability"):
            Component("c", "closure", Fixed(1.0), probability=p)


@FAST
@given(st.lists(st.floats(0, 1e4), min_size=1, max_size=50), ANY_FLOAT)
def test_percentiles_are_monotone_and_inside_the_sample(totals: list[float], q: float) -> None:
    sim = TransitSimulation(np.asarray(totals), ("x",), np.zeros(1), np.ones(1))
    if not (math.isfinite(q) and 0 <= q <= 100):
        with pytest.raises(InvalidArgumentError, match="q="):
            sim.percentile_days(q)
        return
    value = sim.percentile_days(q)
    assert min(totals) / 24 - 1e-9 <= value <= max(totals) / 24 + 1e-9
    assert sim.percentile_days(0) <= value <= sim.percentile_days(100)
    assert sim.probability_within(value) >= q / 100 - 1 / len(totals) - 1e-9


# --------------------------------------------------------------------------- money / FX


@FAST
@given(
    st.dictionaries(
        st.sampled_from(["EUR", "CNY", "KZT", "GEL", "TRY"]),
        st.floats(1e-6, 1e6),
        min_size=1,
    ),
    st.floats(-1e9, 1e9),
)
def test_fx_round_trip(rates: dict[str, float], amount: float) -> None:
    fx = FxTable(rates)
    for currency, rate in rates.items():
        assert fx.to_base(amount * rate, currency) == pytest.approx(amount, rel=1e-9, abs=1e-6)
    assert fx.to_base(amount, "USD") == amount
    assert fx.currencies == frozenset(rates) | {"USD"}


@FAST
@given(ANY_FLOAT)
def test_a_bad_fx_rate_is_reported_by_the_validator(rate: float) -> None:
    tiny = replace(_TINY, fx=FxTable({**dict(_TINY.fx.rates), "EUR": rate}))
    try:
        issues = validate_network(tiny, connectivity=False)
    except InvalidArgumentError:  # refused when the table is built
        assert not (math.isfinite(rate) and rate > 0)
        return
    flagged = any(i.severity == "error" and "EUR" in str(i) for i in issues)
    assert flagged == (not (math.isfinite(rate) and rate > 0))


# --------------------------------------------------------------------------- validators


_NUMERIC_FIELDS = [
    ("node", "lon", lambda v: math.isfinite(v) and abs(v) <= 180),
    ("node", "lat", lambda v: math.isfinite(v) and abs(v) <= 90),
    ("link", "distance_km", lambda v: math.isfinite(v) and v > 0),
    ("link", "speed_kmh", lambda v: math.isfinite(v) and v > 0),
    ("link", "emission_g_per_tkm", lambda v: math.isfinite(v) and v >= 0),
]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(_NUMERIC_FIELDS), ANY_FLOAT)
def test_validator_reports_exactly_the_bad_numbers(spec: Any, value: float) -> None:
    kind, name, ok = spec
    net: Network
    edit: dict[str, Any] = {name: value}
    if kind == "node":
        net = replace(_TINY, nodes=(replace(_TINY.nodes[0], **edit), *_TINY.nodes[1:]))
        feature = _TINY.nodes[0].id
    else:
        net = replace(_TINY, links=(replace(_TINY.links[0], **edit), *_TINY.links[1:]))
        feature = _TINY.links[0].id
    errors = [i for i in validate_network(net, connectivity=False) if i.severity == "error"]
    hit = [i for i in errors if i.feature == feature and i.field == name]
    assert bool(hit) == (not ok(value))
    if not ok(value):
        assert hit[0].fix


# --------------------------------------------------------------------------- geometry


_LON = st.floats(-180, 180)
_LAT = st.floats(-90, 90)


@FAST
@given(_LON, _LAT, _LON, _LAT, _LON, _LAT)
def test_great_circle_is_a_metric_on_the_sphere(
    lon1: float, lat1: float, lon2: float, lat2: float, lon3: float, lat3: float
) -> None:
    d12 = float(great_circle_km(lon1, lat1, lon2, lat2))
    d21 = float(great_circle_km(lon2, lat2, lon1, lat1))
    d13 = float(great_circle_km(lon1, lat1, lon3, lat3))
    d23 = float(great_circle_km(lon2, lat2, lon3, lat3))
    assert d12 == pytest.approx(d21, abs=1e-6)
    assert 0 <= d12 <= math.pi * EARTH_RADIUS_KM + 1e-6
    assert d13 <= d12 + d23 + 1e-6
    assert float(great_circle_km(lon1, lat1, lon1, lat1)) == pytest.approx(0.0, abs=1e-6)


@FAST
@given(ANY_FLOAT, ANY_FLOAT)
def test_great_circle_refuses_points_off_the_globe(lon: float, lat: float) -> None:
    if math.isfinite(lon) and math.isfinite(lat) and abs(lat) <= 90:
        assert float(great_circle_km(lon, lat, 0.0, 0.0)) >= 0
    else:
        with pytest.raises(InvalidArgumentError):
            great_circle_km(lon, lat, 0.0, 0.0)


# --------------------------------------------------------------------------- places


@FAST
@given(st.text(max_size=12), st.integers(-3, 30))
def test_find_places_honours_its_limit(query: str, limit: int) -> None:
    if limit < 0:
        with pytest.raises(InvalidArgumentError, match="limit"):
            find_places(_TINY, query, limit=limit)
        return
    matches = find_places(_TINY, query, limit=limit)
    assert len(matches) <= limit
    assert len({m.node.id for m in matches}) == len(matches)
