"""Convergence measures of a traffic assignment."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from corridor._checks import check_floats, check_number
from corridor._threads import serial_dot
from corridor.exceptions import InvalidArgumentError

__all__ = ["average_excess_cost", "relative_gap"]


def relative_gap(link_flow: npt.ArrayLike, link_cost: npt.ArrayLike, sptt: float) -> float:
    """The relative gap ``(TSTT − SPTT) / TSTT``.

    ``TSTT = Σ x_a · c_a`` is the total cost of the current flows at their own costs and
    ``SPTT`` the total cost of sending every trip on a shortest path at those costs (from an
    all-or-nothing loading). It is zero exactly at a user equilibrium.

    Parameters
    ----------
    link_flow
        Current link flows.
    link_cost
        Link costs at those flows.
    sptt
        Shortest-path total cost ``Σ demand · dist`` at ``link_cost``.

    Returns
    -------
    float
        The relative gap (0 when there is no flow).

    Raises
    ------
    InvalidArgumentError
        If ``link_flow`` and ``link_cost`` are not equally long sequences of finite
        numbers, or ``sptt`` is not a finite number >= 0 (a ``ValueError``).
    """
    scale, inner, sptt = _tstt(link_flow, link_cost, sptt)
    if inner <= 0.0:
        return 0.0
    # (TSTT - SPTT) / TSTT with TSTT = scale * inner, without forming TSTT (it may not fit
    # in a float when flows and costs are near the largest float)
    return 1.0 - (sptt / scale) / inner


def average_excess_cost(
    link_flow: npt.ArrayLike, link_cost: npt.ArrayLike, sptt: float, total_demand: float
) -> float:
    """The average excess cost ``(TSTT − SPTT) / total demand`` (time units per trip).

    Parameters
    ----------
    link_flow, link_cost, sptt
        As for :func:`relative_gap`.
    total_demand
        Number of trips.

    Returns
    -------
    float
        The average excess cost (0 when there is no demand).

    Raises
    ------
    InvalidArgumentError
        If ``link_flow`` and ``link_cost`` are not equally long sequences of finite
        numbers, or ``sptt`` or ``total_demand`` is not a finite number >= 0 (a
        ``ValueError``).
    """
    scale, inner, sptt = _tstt(link_flow, link_cost, sptt)
    if check_number("total_demand", total_demand, low=0.0) <= 0.0:
        return 0.0
    with np.errstate(over="ignore"):
        excess = float(scale * (inner - sptt / scale) / total_demand)
    if not np.isfinite(excess):
        msg = (
            f"total_demand={total_demand!r}: the average excess cost does not fit in a float; "
            "fix: express demand, flows or costs in other units"
        )
        raise InvalidArgumentError(msg)
    return excess


def _tstt(
    link_flow: npt.ArrayLike, link_cost: npt.ArrayLike, sptt: float
) -> tuple[float, float, float]:
    """``Σ x_a · c_a`` as ``scale * inner`` (which may exceed the largest float), and ``sptt``.

    Flows and costs are divided by their largest magnitudes first, so ``inner`` is at most
    the number of links and never overflows.
    """
    flow = check_floats("link_flow", link_flow)
    cost = check_floats("link_cost", link_cost, length=flow.shape[0])
    spt = check_number("sptt", sptt, low=0.0)
    f_max = float(np.max(np.abs(flow))) if flow.size else 0.0
    c_max = float(np.max(np.abs(cost))) if cost.size else 0.0
    if f_max == 0.0 or c_max == 0.0:
        return 1.0, 0.0, spt
    inner = serial_dot(flow / f_max, cost / c_max)
    return f_max * c_max, inner, spt  # Python floats: an overflow is inf, no warning
