"""Benefits of a project from assignments of the base and project cases at a few demand levels.

Each anchor is a demand level (a multiplier of the demand file). At each, the demand is
assigned on the base network and on the project network, and the users' benefit is
measured by :func:`~corridor.assignment.welfare.welfare_change` (time at the value of
time, money, reliability, CO2). Benefits at any other demand level — a later year with
growth, a Monte Carlo draw, a sensitivity — are interpolated linearly between anchors (and
extrapolated along the end segments), so no assignment runs per year or per draw.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, Literal, TypeAlias, get_args

import numpy as np
import numpy.typing as npt

from corridor.assignment.corridor_results import CorridorAssignment
from corridor.assignment.demand import Demand
from corridor.assignment.demand_assignment import assign_demand
from corridor.assignment.welfare import welfare_change
from corridor.exceptions import InvalidArgumentError
from corridor.network.model import Network

__all__ = [
    "BENEFIT_PARTS",
    "BenefitCurve",
    "BenefitPart",
    "benefit_curve",
    "scale_demand",
    "throughput",
]

FloatArray: TypeAlias = npt.NDArray[np.float64]
BenefitPart = Literal["time_usd", "money_usd", "reliability_usd", "co2_t", "extra_teu"]
"""A part of :class:`BenefitCurve` (per year at a demand level)."""
BENEFIT_PARTS: tuple[BenefitPart, ...] = get_args(BenefitPart)
"""What :class:`BenefitCurve` holds per anchor (per year at that demand level)."""


def scale_demand(demand: Demand, factor: float) -> Demand:
    """Every OD volume multiplied by ``factor``.

    Parameters
    ----------
    demand
        The demand table (not changed).
    factor
        Multiplier, ``> 0``.

    Returns
    -------
    Demand
        The scaled table.

    Raises
    ------
    InvalidArgumentError
        If ``factor`` is not a positive finite number.
    """
    if not (isinstance(factor, int | float) and math.isfinite(factor) and factor > 0):
        raise InvalidArgumentError(f"factor={factor!r}: use a positive number")
    rows = tuple(replace(r, volume=r.volume * factor, teu=r.teu * factor) for r in demand.rows)
    return replace(demand, rows=rows)


def throughput(result: CorridorAssignment, elements: Sequence[str]) -> float:
    """TEU per year handled by some nodes (transfers) and links (both directions).

    Parameters
    ----------
    result
        An assignment.
    elements
        Node or link ids.

    Returns
    -------
    float
        The sum of node transfer flows and link flows.

    Raises
    ------
    InvalidArgumentError
        If an element is neither a node nor a link of the network.
    """
    nodes = {n.id: n for n in result.nodes}
    links = {lk.id: lk for lk in result.links}
    net = result.network
    total = 0.0
    for e in elements:
        if e in nodes:
            total += nodes[e].transfer_teu
        elif e in links:
            total += links[e].flow_teu
        elif not _known(net, e):
            raise InvalidArgumentError(
                f"revenue element {e!r} is neither a node nor a link id; fix: use an id "
                "from `corridor places` or `corridor network`"
            )
    return total


def _known(net: Network, element: str) -> bool:
    return any(n.id == element for n in net.nodes) or any(lk.id == element for lk in net.links)


@dataclass(frozen=True, eq=False)
class BenefitCurve:
    """Yearly benefits of a project at a few demand levels (anchors).

    Parameters
    ----------
    scales
        Demand multipliers of the anchors, increasing.
    time_usd, money_usd, reliability_usd
        Users' time, money and reliability benefit per year at each anchor.
    co2_t
        CO2e saved per year at each anchor (tonnes).
    extra_teu
        Extra TEU per year through the revenue elements (project − base).
    base_cost_usd, project_cost_usd
        Users' total generalised cost per year in each case at each anchor.
    relative_gap
        Largest relative gap of the assignments (the benefits' own accuracy is about
        this times the total generalised cost).
    value_of_time_usd_per_hour
        Value of time used.
    seconds
        Wall time of the assignments.
    """

    scales: FloatArray
    time_usd: FloatArray
    money_usd: FloatArray
    reliability_usd: FloatArray
    co2_t: FloatArray
    extra_teu: FloatArray
    base_cost_usd: FloatArray
    project_cost_usd: FloatArray
    relative_gap: float
    value_of_time_usd_per_hour: float
    seconds: float

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, np.ndarray):
                frozen = np.array(value, dtype=np.float64)
                frozen.flags.writeable = False
                object.__setattr__(self, f.name, frozen)

    def at(self, part: BenefitPart, scale: npt.ArrayLike) -> FloatArray:
        """One part of the benefits at any demand level (piecewise linear).

        Between anchors linear; beyond the first or last anchor along the end segment.

        Parameters
        ----------
        part
            One of :data:`BENEFIT_PARTS`.
        scale
            Demand multipliers (any shape).

        Returns
        -------
        numpy.ndarray
            The part at each multiplier, same shape as ``scale``.

        Raises
        ------
        InvalidArgumentError
            For an unknown part.
        """
        if part not in BENEFIT_PARTS:
            raise InvalidArgumentError(
                f"part={part!r}: unknown; use one of {', '.join(BENEFIT_PARTS)}"
            )
        y: FloatArray = getattr(self, part)
        x = self.scales
        s = np.asarray(scale, dtype=np.float64)
        out = np.interp(s, x, y)
        if x.shape[0] >= 2:  # noqa: PLR2004 - two points make a segment
            lo = (y[1] - y[0]) / (x[1] - x[0])
            hi = (y[-1] - y[-2]) / (x[-1] - x[-2])
            out = np.where(s < x[0], y[0] + lo * (s - x[0]), out)
            out = np.where(s > x[-1], y[-1] + hi * (s - x[-1]), out)
        return np.asarray(out, dtype=np.float64)

    def to_dict(self) -> dict[str, Any]:
        """The anchors as JSON-ready builtins.

        Returns
        -------
        dict
            ``anchors`` (one record per demand level) and the value of time, gap, seconds.
        """
        return {
            "anchors": [
                {
                    "demand_scale": float(self.scales[i]),
                    "time_usd": float(self.time_usd[i]),
                    "money_usd": float(self.money_usd[i]),
                    "reliability_usd": float(self.reliability_usd[i]),
                    "co2_t": float(self.co2_t[i]),
                    "extra_teu": float(self.extra_teu[i]),
                    "base_cost_usd": float(self.base_cost_usd[i]),
                    "project_cost_usd": float(self.project_cost_usd[i]),
                }
                for i in range(self.scales.shape[0])
            ],
            "value_of_time_usd_per_hour": self.value_of_time_usd_per_hour,
            "relative_gap": self.relative_gap,
            "seconds": self.seconds,
        }


def benefit_curve(
    base: Network,
    project: Network,
    demand: Demand,
    scales: Sequence[float],
    *,
    value_of_time_usd_per_day: float | None = None,
    reliability_ratio: float = 1.0,
    revenue_elements: Sequence[str] = (),
    gap: float = 1e-5,
    project_demand: Demand | None = None,
    max_iter: int = 2000,
) -> BenefitCurve:
    """Assign the demand at each level on both networks and measure the benefits.

    Parameters
    ----------
    base
        The network without the project.
    project
        The network with it.
    demand
        Demand of the reference year (TEU per year).
    scales
        Demand multipliers of the anchors (positive; sorted here).
    value_of_time_usd_per_day
        Value of a TEU-day for route choice and benefits; ``None``: the network's.
    reliability_ratio
        Value of an hour of P90 buffer of the queue waits per value of an hour of
        time.
    revenue_elements
        Node or link ids whose extra throughput is reported (for revenue).
    gap
        Relative-gap target of every assignment.
    project_demand
        Demand of the project case when the project changes it (induced traffic: a
        scenario's demand growth), scaled alike; ``None``: ``demand``. The benefits then
        follow the rule of a half.
    max_iter
        Iteration limit of every assignment.

    Returns
    -------
    BenefitCurve
        Benefits per year at each anchor.

    Raises
    ------
    InvalidArgumentError
        If ``scales`` is empty or holds a non-positive value, or a revenue element is
        unknown.
    NoRouteError
        If an OD pair has no route on either network.
    """
    xs = sorted({float(s) for s in scales})
    if not xs or xs[0] <= 0 or not all(math.isfinite(s) for s in xs):
        raise InvalidArgumentError(f"scales={list(scales)!r}: give positive demand multipliers")
    rows: list[list[float]] = []
    worst_gap = 0.0
    seconds = 0.0
    vot_h = math.nan
    for s in xs:
        d = scale_demand(demand, s)
        d_project = d if project_demand is None else scale_demand(project_demand, s)
        kw: dict[str, Any] = {
            "gap": gap,
            "max_iter": max_iter,
            "value_of_time_usd_per_day": value_of_time_usd_per_day,
        }
        a = assign_demand(base, d, **kw)
        b = assign_demand(project, d_project, **kw)
        w = welfare_change(a, b, reliability_ratio=reliability_ratio)
        vot_h = w.value_of_time_usd_per_hour
        worst_gap = max(worst_gap, a.result.relative_gap, b.result.relative_gap)
        seconds += a.result.seconds + b.result.seconds
        extra = throughput(b, revenue_elements) - throughput(a, revenue_elements)
        rows.append(
            [
                w.time_usd,
                w.money_usd,
                w.reliability_usd,
                w.co2_t,
                extra,
                a.total_generalised_cost_usd,
                b.total_generalised_cost_usd,
            ]
        )
    m = np.array(rows, dtype=np.float64)
    return BenefitCurve(
        scales=np.array(xs),
        time_usd=m[:, 0],
        money_usd=m[:, 1],
        reliability_usd=m[:, 2],
        co2_t=m[:, 3],
        extra_teu=m[:, 4],
        base_cost_usd=m[:, 5],
        project_cost_usd=m[:, 6],
        relative_gap=worst_gap,
        value_of_time_usd_per_hour=vot_h,
        seconds=seconds,
    )
