"""Convergence measures of a traffic assignment."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from corridor._checks import check_floats, check_number

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
    tstt = _tstt(link_flow, link_cost, sptt)
    if tstt <= 0.0:
        return 0.0
    return (tstt - sptt) / tstt


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
    tstt = _tstt(link_flow, link_cost, sptt)
    if check_number("total_demand", total_demand, low=0.0) <= 0.0:
        return 0.0
    return (tstt - sptt) / total_demand


def _tstt(link_flow: npt.ArrayLike, link_cost: npt.ArrayLike, sptt: float) -> float:
    """``Σ x_a · c_a``, once the inputs are checked."""
    flow = check_floats("link_flow", link_flow)
    cost = check_floats("link_cost", link_cost, length=flow.shape[0])
    check_number("sptt", sptt, low=0.0)
    return float(np.dot(flow, cost))
