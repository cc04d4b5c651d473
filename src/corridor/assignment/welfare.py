"""Users' welfare between two assignments: :func:`welfare_change`.

The change in users' generalised cost between a base and another assignment (a scenario, a
project), by the rule of a half: for each OD pair ``0.5 · (c0 − c1) · (q0 + q1)``, where
``c`` is the generalised cost of one TEU of the pair at equilibrium (time × value of time +
money) and ``q`` its demand. With the same demand in both, this is the change in total
generalised cost; where demand differs, it is the consumer-surplus change of a linear
demand curve between the two points (the usual appraisal measure).

Positive numbers are benefits: users are better off in ``other`` than in ``base``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Final, TypeAlias

import numpy as np
import numpy.typing as npt

from corridor._checks import check_instance
from corridor.assignment.corridor_results import CorridorAssignment, ODCosts
from corridor.exceptions import InvalidArgumentError

__all__ = ["WELFARE_COLUMNS", "Z90", "WelfareChange", "welfare_change"]

FloatArray: TypeAlias = npt.NDArray[np.float64]

Z90: Final = 1.2815515655446004
"""Standard deviations from the mean to the 90th percentile of a normal distribution: the
P90 buffer of the summed queue waits of a path, ``Z90 × SD`` (normal approximation)."""

WELFARE_COLUMNS = (
    "origin",
    "destination",
    "teu_base",
    "teu_other",
    "cost_base_usd",
    "cost_other_usd",
    "benefit_usd",
)
"""Columns of :meth:`WelfareChange.records`: generalised cost per TEU, benefit per year."""


@dataclass(frozen=True, eq=False)
class WelfareChange:
    """Users' benefit per year from ``base`` to ``other`` (rule of a half), by part.

    Parameters
    ----------
    pairs
        OD pairs with demand in either assignment.
    teu_base, teu_other
        Demand of each pair (TEU per year; 0 where the pair has none).
    cost_base_usd, cost_other_usd
        Generalised cost per TEU (USD; NaN where the pair has no demand there).
    time_usd
        Time savings valued at the value of time (USD per year).
    money_usd
        Operating-cost (money) savings (USD per year).
    reliability_usd
        Fall in the P90 buffer of the queue waits (:data:`Z90` × their standard
        deviation), valued at the value of time × ``reliability_ratio`` (USD per year;
        not part of the generalised cost users chose their routes by).
    co2_t
        CO2e saved (tonnes per year; an external effect, not a user benefit).
    system_time_teu_h
        Change in total system time, base minus other (TEU-hours per year).
    value_of_time_usd_per_hour
        Value of time used for both.
    unmatched
        Pairs with demand in only one of the two (they add no benefit: their cost in
        the other is unknown).
    """

    pairs: tuple[tuple[str, str], ...]
    teu_base: FloatArray
    teu_other: FloatArray
    cost_base_usd: FloatArray
    cost_other_usd: FloatArray
    time_usd: float
    money_usd: float
    reliability_usd: float
    co2_t: float
    system_time_teu_h: float
    value_of_time_usd_per_hour: float
    unmatched: tuple[tuple[str, str], ...]

    @property
    def user_benefit_usd(self) -> float:
        """Change in users' generalised cost (time + money), USD per year."""
        return self.time_usd + self.money_usd

    @property
    def benefit_usd(self) -> FloatArray:
        """Rule-of-a-half benefit of each pair (USD per year; 0 for unmatched pairs)."""
        both = np.isfinite(self.cost_base_usd) & np.isfinite(self.cost_other_usd)
        diff = np.where(both, self.cost_base_usd - self.cost_other_usd, 0.0)
        return 0.5 * diff * (self.teu_base + self.teu_other)

    def records(self) -> list[dict[str, Any]]:
        """One record per OD pair.

        Returns
        -------
        list of dict
            Keys :data:`WELFARE_COLUMNS` (``None`` for a cost that is not known).
        """
        benefit = self.benefit_usd
        return [
            {
                "origin": o,
                "destination": d,
                "teu_base": float(self.teu_base[i]),
                "teu_other": float(self.teu_other[i]),
                "cost_base_usd": _finite(self.cost_base_usd[i]),
                "cost_other_usd": _finite(self.cost_other_usd[i]),
                "benefit_usd": float(benefit[i]),
            }
            for i, (o, d) in enumerate(self.pairs)
        ]

    def to_dict(self) -> dict[str, Any]:
        """The change as JSON-ready builtins.

        Returns
        -------
        dict
            Totals (``user_benefit_usd``, ``time_usd``, ``money_usd``,
            ``reliability_usd``, ``co2_t``, ``system_time_teu_h``), the value of time,
            unmatched pairs and ``od_pairs`` (:meth:`records`).
        """
        return {
            "user_benefit_usd": self.user_benefit_usd,
            "time_usd": self.time_usd,
            "money_usd": self.money_usd,
            "reliability_usd": self.reliability_usd,
            "co2_t": self.co2_t,
            "system_time_teu_h": self.system_time_teu_h,
            "value_of_time_usd_per_hour": self.value_of_time_usd_per_hour,
            "unmatched": [list(p) for p in self.unmatched],
            "od_pairs": self.records(),
        }


def _finite(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def _aligned(costs: ODCosts, pairs: list[tuple[str, str]]) -> dict[str, FloatArray]:
    index = {p: i for i, p in enumerate(costs.pairs)}
    at = np.array([index.get(p, -1) for p in pairs], dtype=np.int64)
    have = at >= 0
    take = np.where(have, at, 0)

    def pick(values: FloatArray, missing: float) -> FloatArray:
        if values.size == 0:
            return np.full(len(pairs), missing)
        return np.where(have, values[take], missing)

    return {
        "teu": pick(costs.teu, 0.0),
        "time_h": pick(costs.time_h, np.nan),
        "money_usd": pick(costs.money_usd, np.nan),
        "wait_sd_h": pick(costs.wait_sd_h, np.nan),
        "co2_kg": pick(costs.co2_kg, np.nan),
    }


def welfare_change(
    base: CorridorAssignment,
    other: CorridorAssignment,
    *,
    value_of_time_usd_per_hour: float | None = None,
    reliability_ratio: float = 1.0,
) -> WelfareChange:
    """Users' benefit per year of ``other`` over ``base`` by the rule of a half.

    For each OD pair with demand in both, ``0.5 · (c0 − c1) · (q0 + q1)`` with ``c`` the
    generalised cost per TEU (time × value of time + money) and ``q`` the TEU per year;
    split into time and money parts by the same rule. Reliability and CO2 are reported
    beside it: the buffer to the 90th percentile of the waits at the queues passed
    (:data:`Z90` × their standard deviation, summed along a path; valued at the value of
    time × ``reliability_ratio``) and tonnes of CO2e, both by the same rule.

    Parameters
    ----------
    base
        The reference assignment.
    other
        The assignment compared with it (a scenario or a project).
    value_of_time_usd_per_hour
        Value of one TEU-hour for both; default ``base``'s.
    reliability_ratio
        Value of an hour of P90 buffer per value of an hour of mean time (``>= 0``; 1.0
        by default, an estimate).

    Returns
    -------
    WelfareChange
        Per-pair costs and benefits and the totals by part.

    Raises
    ------
    InvalidArgumentError
        If ``base`` or ``other`` is not an assignment, ``value_of_time_usd_per_hour`` is
        not a positive finite number or ``reliability_ratio`` is negative or not finite.
    """
    for name, value in (("base", base), ("other", other)):
        check_instance(name, value, CorridorAssignment, "a CorridorAssignment (assign_demand)")
    vot = (
        base.value_of_time_usd_per_hour
        if value_of_time_usd_per_hour is None
        else (value_of_time_usd_per_hour)
    )
    if not (isinstance(vot, int | float) and math.isfinite(vot) and vot > 0):
        raise InvalidArgumentError(
            f"value_of_time_usd_per_hour={vot!r} is not a positive number; fix: give USD per "
            "TEU-hour, e.g. 30.7"
        )
    if not (
        isinstance(reliability_ratio, int | float)
        and math.isfinite(reliability_ratio)
        and reliability_ratio >= 0
    ):
        raise InvalidArgumentError(
            f"reliability_ratio={reliability_ratio!r} is not a number >= 0; fix: give e.g. 1.0"
        )
    c0, c1 = base.od_costs(), other.od_costs()
    pairs = list(dict.fromkeys([*c0.pairs, *c1.pairs]))
    a, b = _aligned(c0, pairs), _aligned(c1, pairs)
    both = (a["teu"] > 0) & (b["teu"] > 0)
    q = np.where(both, 0.5 * (a["teu"] + b["teu"]), 0.0)

    def saved(key: str) -> float:
        return float(np.sum(np.where(both, (a[key] - b[key]) * q, 0.0)))

    cost_a = a["time_h"] * vot + a["money_usd"]
    cost_b = b["time_h"] * vot + b["money_usd"]
    return WelfareChange(
        pairs=tuple(pairs),
        teu_base=a["teu"],
        teu_other=b["teu"],
        cost_base_usd=np.where(a["teu"] > 0, cost_a, np.nan),
        cost_other_usd=np.where(b["teu"] > 0, cost_b, np.nan),
        time_usd=saved("time_h") * vot,
        money_usd=saved("money_usd"),
        reliability_usd=saved("wait_sd_h") * Z90 * vot * float(reliability_ratio),
        co2_t=saved("co2_kg") / 1000.0,
        system_time_teu_h=base.total_system_time_teu_h - other.total_system_time_teu_h,
        value_of_time_usd_per_hour=float(vot),
        unmatched=tuple(p for p, ok in zip(pairs, both, strict=True) if not ok),
    )
