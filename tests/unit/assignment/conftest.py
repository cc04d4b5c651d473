"""Fixtures: small networks with known answers."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from corridor.assignment import AssignmentProblem, LinkCostFunction


def _braess(*, bridge: bool = True, demand: float = 6.0) -> AssignmentProblem:
    """Braess's network with linear costs ``c0 + c1 · x``.

    Nodes: s=0, a=1, b=2, t=3. Links s→a ``1 + 10x``, a→t ``50 + x``, s→b ``50 + x``,
    b→t ``1 + 10x`` and, with ``bridge``, a→b ``10 + x``. Demand s→t.

    User equilibrium with the bridge: path flows 27/13 (s-a-t), 27/13 (s-b-t), 24/13
    (s-a-b-t), every path costs 1200/13; without it 3 and 3 at cost 84. The system optimum
    leaves the bridge unused (3 and 3, total cost 504).
    """
    tail = [0, 1, 0, 2, 1]
    head = [1, 3, 2, 3, 2]
    c0 = np.array([1.0, 50.0, 50.0, 1.0, 10.0])
    c1 = np.array([10.0, 1.0, 1.0, 10.0, 1.0])
    n = 5 if bridge else 4
    vdf = LinkCostFunction.bpr_links(c0[:n], np.ones(n), alpha=c1[:n] / c0[:n], beta=1.0)
    od = np.zeros((4, 4))
    od[0, 3] = demand
    return AssignmentProblem.create(tail[:n], head[:n], vdf=vdf, demand=od, zones=[0, 1, 2, 3])


@pytest.fixture
def braess() -> Callable[..., AssignmentProblem]:
    """Factory of Braess networks: ``braess(bridge=True, demand=6.0)``."""
    return _braess
