"""Capacitated demand assignment on a corridor network: :func:`assign_demand`.

It builds the problem (:func:`corridor.assignment.corridor_problem.build_problem`: flows in
TEU per year, BPR or conical functions on capacitated lines, queues at capacitated
transfers, ferries and border nodes, no congestion elsewhere), solves it with
:func:`corridor.assignment.engine.assign` while carrying each OD pair's link flows through
the same steps (``track="od"``), and returns a
:class:`~corridor.assignment.corridor_results.CorridorAssignment`.

The network's dated regimes are applied first, as routing applies them
(:func:`corridor.network.regimes.apply_regimes`): the latest sea-rate regime unless ``date``
picks another, the default rail operating regime unless ``operations`` names one. On the
embedded network the default is the 2026 regime, under which liner services through Suez
and Bab-el-Mandeb are suspended, so an assignment and ``corridor compare`` see the same
network.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import numpy as np

from corridor.assignment.corridor_problem import LineVDF, build_problem
from corridor.assignment.corridor_results import CorridorAssignment
from corridor.assignment.demand import Demand
from corridor.assignment.element_flows import element_flows
from corridor.assignment.engine import Algorithm, assign
from corridor.exceptions import CorridorError
from corridor.network.model import Capacity, Network
from corridor.network.regimes import apply_regimes

__all__ = ["TRACK_OD_MAX_CELLS", "assign_demand"]

TRACK_OD_MAX_CELLS: Final = 5_000_000
"""With ``track_od=None``, OD flows are tracked when OD pairs × links is at most this
(a few arrays of that many floats: 40 MB each). The embedded network with the example
demand needs 20 × 2,150."""


def assign_demand(
    network: Network,
    demand: Demand,
    *,
    algorithm: Algorithm = "bfw",
    gap: float = 1e-5,
    max_iter: int = 500,
    line_vdf: LineVDF = "bpr",
    capacities: Mapping[str, Capacity] | None = None,
    value_of_time_usd_per_day: float | None = None,
    month: int | None = None,
    track_od: bool | None = None,
    date: str | None = None,
    operations: str | None = None,
) -> CorridorAssignment:
    """Assign yearly OD demand to ``network`` with capacities and congestion.

    Parameters
    ----------
    network
        The network (e.g. :func:`corridor.eurasia`).
    demand
        Demand read against this network (:func:`corridor.io.demand.read_demand`).
    algorithm
        ``aon``, ``msa``, ``fw``, ``cfw``, ``bfw`` (default) or ``so``.
    gap
        Relative-gap target.
    max_iter
        Iteration limit.
    line_vdf
        ``bpr`` or ``conical`` for capacitated line links.
    capacities
        Scenario capacities by link or node id, added to or replacing the network's
        (a node id caps every border passage and transfer there).
    value_of_time_usd_per_day
        Value of one TEU-day (default: the network's TEU class).
    month
        Month for seasonal port closures (1-12), ``None`` for the yearly average.
    track_od
        Carry each OD pair's link flows through the equilibrium (needed for
        select-link and the ``od`` table): ``True``, ``False``, or ``None`` (default) to
        track when OD pairs × links is at most :data:`TRACK_OD_MAX_CELLS`.
    date
        ISO date (``YYYY-MM-DD``) picking the sea-rate regime in force, as in routing
        (``None``: the latest regime; on the embedded network, Suez closed to liners).
    operations
        Rail operating regime id (``scheduled``, ``average``, ``congested``; ``None``: the
        network's default).

    Returns
    -------
    CorridorAssignment
        Flows, v/c, delays, bottlenecks and select-link analysis, on the network with its
        regimes applied (``result.network.applied_regimes`` names them).

    Raises
    ------
    CorridorError
        For invalid scenario capacities, an unknown algorithm or bad gap/iterations.
    RegimeError
        For a malformed date, a date no sea-rate regime covers, or an unknown rail
        operating regime.
    NoRouteError
        If some OD pair has no route.
    """
    network = apply_regimes(network, date=date, operations=operations).network
    cp = build_problem(
        network,
        demand,
        line_vdf=line_vdf,
        capacities=capacities,
        value_of_time_usd_per_day=value_of_time_usd_per_day,
        month=month,
    )
    if track_od is None:
        cells = int(np.count_nonzero(cp.problem.demand)) * cp.problem.n_links
        track_od = cells <= TRACK_OD_MAX_CELLS
    try:
        result = assign(
            cp.problem,
            algorithm=algorithm,
            gap=gap,
            max_iter=max_iter,
            track="od" if track_od else None,
        )
    except ValueError as exc:
        raise CorridorError(f"{exc}; fix: see `corridor assign --help`") from None
    links, nodes = element_flows(cp, result.flow, result.travel_time)
    return CorridorAssignment(corridor_problem=cp, result=result, links=links, nodes=nodes)
