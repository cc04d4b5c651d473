from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate

from corridor.assignment import LinkCostFunction
from corridor.assignment.vdf import (
    bpr,
    bpr_derivative,
    bpr_integral,
    bpr_second_derivative,
    conical,
    conical_derivative,
    conical_integral,
    conical_second_derivative,
    queueing,
    queueing_derivative,
    queueing_integral,
    queueing_second_derivative,
)

F = npt.NDArray[np.float64]
Fn = Callable[..., F]

FAMILIES: list[tuple[str, Fn, Fn, Fn, Fn]] = [
    ("bpr", bpr, bpr_derivative, bpr_second_derivative, bpr_integral),
    ("conical", conical, conical_derivative, conical_second_derivative, conical_integral),
    ("queue", queueing, queueing_derivative, queueing_second_derivative, queueing_integral),
]


def _params(kind: str, a: float, b: float) -> tuple[float, ...]:
    if kind == "bpr":
        return (a, 1.0 + 4.0 * b)  # alpha in [0, 1], beta in [1, 5]
    if kind == "conical":
        return (1.5 + 8.0 * a,)
    return (1.0 + 10.0 * a, 0.5 + 0.49 * b)  # delay, rho_max


@pytest.mark.parametrize(("kind", "f", "df", "d2f", "integral"), FAMILIES)
@given(
    ratio=st.floats(0.01, 1.6),
    fft=st.floats(0.1, 20.0),
    cap=st.floats(10.0, 5000.0),
    a=st.floats(0.0, 1.0),
    b=st.floats(0.0, 1.0),
)
@settings(max_examples=60, deadline=None)
def test_derivatives_and_integral_match_numerics(
    kind: str,
    f: Fn,
    df: Fn,
    d2f: Fn,
    integral: Fn,
    ratio: float,
    fft: float,
    cap: float,
    a: float,
    b: float,
) -> None:
    params = _params(kind, a, b)
    x = ratio * cap
    if kind == "queue" and abs(ratio - params[1]) < 1e-3:
        return  # the second derivative jumps at the cap
    h = 1e-5 * x
    value = float(f(x, fft, cap, *params))
    numeric_d = (float(f(x + h, fft, cap, *params)) - float(f(x - h, fft, cap, *params))) / (2 * h)
    # central differences carry a rounding error of about eps * |f| / h
    rounding = 50 * np.finfo(float).eps / h
    assert float(df(x, fft, cap, *params)) == pytest.approx(
        numeric_d, rel=1e-5, abs=1e-9 + rounding * abs(value)
    )
    numeric_d2 = (float(df(x + h, fft, cap, *params)) - float(df(x - h, fft, cap, *params))) / (
        2 * h
    )
    slope = abs(float(df(x, fft, cap, *params)))
    assert float(d2f(x, fft, cap, *params)) == pytest.approx(
        numeric_d2, rel=1e-4, abs=1e-9 + rounding * slope
    )
    # tell quad where the queue's continuation starts: the curve has a kink there
    kink = [params[1] * cap] if kind == "queue" and params[1] * cap < x else None
    quad, _ = integrate.quad(
        lambda s: float(f(s, fft, cap, *params)), 0.0, x, limit=200, points=kink
    )
    assert float(integral(x, fft, cap, *params)) == pytest.approx(quad, rel=1e-7)
    assert value >= fft * (1 - 1e-12)


def test_bpr_known_values() -> None:
    assert bpr(100.0, 10.0, 100.0) == pytest.approx(11.5)
    assert bpr(200.0, 10.0, 100.0, 0.15, 4) == pytest.approx(10 * (1 + 0.15 * 16))
    assert bpr_integral(100.0, 10.0, 100.0) == pytest.approx(10 * (100 + 0.15 * 100 / 5))


def test_conical_is_twice_free_flow_at_capacity() -> None:
    assert conical(0.0, 3.0, 50.0, 4.0) == pytest.approx(3.0)
    assert conical(50.0, 3.0, 50.0, 4.0) == pytest.approx(6.0)


def test_queue_grows_without_bound_towards_capacity_then_jams() -> None:
    delay = 2.0
    rho = np.array([0.0, 0.5, 0.9, 0.97, 0.98, 1.0, 1.5])
    t = queueing(rho * 100, 1.0, 100.0, delay)
    assert t[0] == pytest.approx(1.0)
    assert t[1] == pytest.approx(1.0 + delay)  # rho/(1-rho) = 1
    assert np.all(np.diff(t) > 0)
    assert t[4] == pytest.approx(1.0 + delay * 49)  # 0.98 / 0.02
    # Above the cap it continues along the tangent: a jam of thousands of service times.
    assert t[6] - t[4] == pytest.approx(delay * 0.52 / 0.02**2)
    assert t[6] > 1000 * delay


def test_link_cost_function_mixes_kinds() -> None:
    kinds = ["bpr", "conical", "queue", "bpr"]
    fft = np.array([1.0, 2.0, 0.5, 0.0])
    cap = np.array([10.0, 20.0, 5.0, 7.0])
    alpha = np.array([0.15, 4.0, 3.0, 0.15])
    beta = np.array([4.0, 0.0, 0.95, 4.0])
    vdf = LinkCostFunction.from_kinds(kinds, fft, cap, alpha, beta)
    x = np.array([12.0, 10.0, 4.0, 3.0])
    expected = np.array(
        [
            float(bpr(x[0], 1.0, 10.0, 0.15, 4.0)),
            float(conical(x[1], 2.0, 20.0, 4.0)),
            float(queueing(x[2], 0.5, 5.0, 3.0, 0.95)),
            0.0,
        ]
    )
    np.testing.assert_allclose(vdf.cost(x), expected)
    np.testing.assert_allclose(
        vdf.integral(x),
        np.array(
            [
                float(bpr_integral(x[0], 1.0, 10.0, 0.15, 4.0)),
                float(conical_integral(x[1], 2.0, 20.0, 4.0)),
                float(queueing_integral(x[2], 0.5, 5.0, 3.0, 0.95)),
                0.0,
            ]
        ),
    )
    assert vdf.derivative(x)[3] == 0.0


@given(
    x=st.lists(st.floats(0.0, 3000.0), min_size=3, max_size=3),
    power=st.sampled_from([1.0, 2.0, 4.0, 4.5]),
)
@settings(max_examples=40, deadline=None)
def test_bpr_fast_path_equals_general(x: list[float], power: float) -> None:
    flows = np.array(x)
    fft = np.array([1.0, 0.0, 3.0])
    cap = np.array([100.0, 50.0, 900.0])
    vdf = LinkCostFunction.bpr_links(fft, cap, 0.15, power)
    np.testing.assert_allclose(vdf.cost(flows), bpr(flows, fft, cap, 0.15, power))
    np.testing.assert_allclose(
        vdf.derivative(flows), bpr_derivative(flows, fft, cap, 0.15, power), atol=1e-300
    )
    np.testing.assert_allclose(vdf.integral(flows), bpr_integral(flows, fft, cap, 0.15, power))


@pytest.mark.parametrize(
    ("kinds", "alpha", "beta", "message"),
    [
        (["conical"], 1.0, 0.0, "alpha > 1"),
        (["queue"], 1.0, 1.0, "rho_max"),
        (["ferry"], 1.0, 1.0, "unknown"),
    ],
)
def test_link_cost_function_rejects_bad_parameters(
    kinds: list[str], alpha: float, beta: float, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        LinkCostFunction.from_kinds(kinds, 1.0, 10.0, alpha, beta)


def test_capacity_required_on_congestible_links() -> None:
    with pytest.raises(ValueError, match="capacity"):
        LinkCostFunction.bpr_links([1.0], [0.0])
    # A zero-time connector needs no capacity.
    LinkCostFunction.bpr_links([0.0], [0.0])
