"""backend="auto": a one-shot search on a large graph does not pay numba's import."""

from __future__ import annotations

import sys
import types

import numpy as np
import pytest

from corridor.exceptions import InvalidArgumentError
from corridor.routing import shortest
from corridor.routing.shortest import CSRGraph, shortest_path

LARGE = 50_000


@pytest.fixture
def fake_numba(monkeypatch: pytest.MonkeyPatch) -> object:
    """A stand-in for the kernels module, not yet imported, and a fresh search count."""
    sentinel = types.ModuleType("fake_kernels")
    monkeypatch.setattr(shortest, "_large_searches", [0])
    monkeypatch.delitem(sys.modules, shortest._NUMBA_MODULE, raising=False)
    monkeypatch.setattr(shortest, "_numba_kernels", lambda: sentinel)
    return sentinel


def test_first_large_search_runs_on_scipy_the_second_on_numba(fake_numba: object) -> None:
    assert shortest._kernels("auto", LARGE, one_search=True) is None
    assert shortest._kernels("auto", LARGE, one_search=True) is fake_numba
    assert shortest._kernels("auto", LARGE, one_search=True) is fake_numba


def test_loaded_kernels_are_used_at_once(
    fake_numba: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, shortest._NUMBA_MODULE, types.ModuleType("loaded"))
    assert shortest._kernels("auto", LARGE, one_search=True) is fake_numba


@pytest.mark.usefixtures("fake_numba")
def test_small_graphs_scipy_and_explicit_choices_are_unaffected() -> None:
    assert shortest._kernels("auto", 100, one_search=True) is None
    assert shortest._kernels("scipy", LARGE, one_search=True) is None
    assert shortest._kernels("numba", LARGE, one_search=True) is not None  # asked for
    assert shortest._kernels("auto", LARGE) is not None  # many searches (a matrix): at once


def test_unknown_backend_refused_even_for_a_trivial_path() -> None:
    g = CSRGraph.from_edges([0], [1], [1.0], 2)
    with pytest.raises(InvalidArgumentError, match="backend"):
        shortest_path(g, 0, 0, backend="fast")  # type: ignore[arg-type]


def test_scipy_then_numba_give_the_same_distance() -> None:
    """The switch between the two backends never changes a length."""
    pytest.importorskip("numba")
    rng = np.random.default_rng(3)
    n = 30_000
    tail = rng.integers(0, n, 120_000)
    head = rng.integers(0, n, 120_000)
    g = CSRGraph.from_edges(tail, head, rng.uniform(0.1, 10.0, 120_000), n)
    first = shortest_path(g, 0, n - 1, backend="scipy")
    again = shortest_path(g, 0, n - 1, backend="numba")
    assert np.isclose(first[0], again[0], rtol=1e-12)
