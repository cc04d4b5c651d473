"""The percentiles of a simulation are numpy's, bit for bit, without importing numpy.ma.

``np.percentile`` imports ``numpy.ma`` on first use (through ``numpy.unique``); the
simulation computes its P10/P50/P90/P95 itself (cold start, issue 10) and must give the
very same floats.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.reliability.montecarlo import _linear_percentiles

samples = st.lists(
    st.one_of(
        st.floats(allow_nan=False, allow_infinity=False, width=64),
        st.floats(0.0, 2000.0),
        st.sampled_from([0.0, -0.0, 1.0, 24.0]),
    ),
    min_size=1,
    max_size=60,
)
percents = st.lists(st.integers(0, 100), min_size=1, max_size=6)


def _bits(values: list[float]) -> list[bytes]:
    # a zero's sign aside: 0.0 and -0.0 are equal samples, and which of them a partition
    # puts at an index depends on how many indices it is asked for (numpy's several, ours one)
    return [np.float64(v + 0.0).tobytes() for v in values]


@settings(max_examples=400, deadline=None)
@given(values=samples, qs=percents)
def test_same_bits_as_numpy(values: list[float], qs: list[int]) -> None:
    array = np.array(values, dtype=np.float64)
    with np.errstate(all="ignore"):  # huge spans overflow the same way in both
        expected = [float(v) for v in np.percentile(array, qs)]
        got = _linear_percentiles(array, qs)
    assert _bits(got) == _bits(expected)


def test_simulation_sized_sample() -> None:
    rng = np.random.default_rng(5)
    for n in (1, 2, 3, 10, 9_999, 10_000):
        array = rng.lognormal(5.0, 0.4, n)
        qs = [10, 50, 90, 95]
        expected = [float(v) for v in np.percentile(array, qs)]
        before = array.copy()
        assert _bits(_linear_percentiles(array, qs)) == _bits(expected)
        assert np.array_equal(array, before)  # the sample is left in its order


def test_nan_falls_back_to_numpy() -> None:
    array = np.array([1.0, np.nan, 3.0])
    assert all(np.isnan(v) for v in _linear_percentiles(array, [10, 90]))
