"""Rank several appraised projects and choose a portfolio under a budget.

Projects are ranked by BCR and by economic NPV per unit of present-value capex. Under a
budget (total undiscounted capex), the portfolio with the largest total ENPV is chosen
among projects with a positive ENPV: exactly (every subset) for up to
:data:`EXACT_MAX_PROJECTS` of them, else greedily by NPV per unit of capex.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from corridor._checks import check_instance, check_number
from corridor.appraisal.appraise import Appraisal
from corridor.exceptions import InvalidArgumentError

__all__ = ["EXACT_MAX_PROJECTS", "Portfolio", "PortfolioRow", "rank_portfolio"]

EXACT_MAX_PROJECTS: Final = 16
"""Up to this many candidates, every subset is tried (2^16 = 65,536)."""


@dataclass(frozen=True)
class PortfolioRow:
    """One project in the ranking.

    Parameters
    ----------
    name
        Project name.
    capex
        Total capex (undiscounted).
    pv_capex
        Present value of capex.
    economic_npv
        ENPV.
    bcr
        Benefit-cost ratio.
    npv_per_capex
        ENPV per unit of present-value capex.
    rank_bcr, rank_npv_per_capex
        1-based rank by each criterion.
    selected
        Whether the project is in the chosen portfolio.
    """

    name: str
    capex: float
    pv_capex: float
    economic_npv: float
    bcr: float
    npv_per_capex: float
    rank_bcr: int
    rank_npv_per_capex: int
    selected: bool


@dataclass(frozen=True)
class Portfolio:
    """The ranking and the chosen portfolio.

    Parameters
    ----------
    rows
        One per project, by NPV per unit of capex (best first).
    budget
        The budget (``inf``: none).
    capex
        Capex of the chosen projects.
    economic_npv
        Their total ENPV.
    method
        ``exact`` or ``greedy``.
    """

    rows: tuple[PortfolioRow, ...]
    budget: float
    capex: float
    economic_npv: float
    method: str

    def to_dict(self) -> dict[str, Any]:
        """The portfolio as JSON-ready builtins.

        Returns
        -------
        dict
            ``budget`` (``None`` for none), ``capex``, ``economic_npv``, ``method``,
            ``projects`` (one record per row).
        """
        return {
            "budget": self.budget if math.isfinite(self.budget) else None,
            "capex": self.capex,
            "economic_npv": self.economic_npv,
            "method": self.method,
            "projects": [
                {
                    "name": r.name,
                    "capex": r.capex,
                    "pv_capex": r.pv_capex,
                    "economic_npv": r.economic_npv,
                    "bcr": r.bcr if math.isfinite(r.bcr) else None,
                    "npv_per_capex": r.npv_per_capex if math.isfinite(r.npv_per_capex) else None,
                    "rank_bcr": r.rank_bcr,
                    "rank_npv_per_capex": r.rank_npv_per_capex,
                    "selected": r.selected,
                }
                for r in self.rows
            ],
        }


def _choose(capex: list[float], value: list[float], budget: float) -> tuple[set[int], str]:
    good = [i for i, v in enumerate(value) if v > 0 and capex[i] <= budget]
    if len(good) <= EXACT_MAX_PROJECTS:
        best: tuple[float, set[int]] = (0.0, set())
        for k in range(1, len(good) + 1):
            for combo in itertools.combinations(good, k):
                cost = sum(capex[i] for i in combo)
                gain = sum(value[i] for i in combo)
                if cost <= budget and gain > best[0]:
                    best = (gain, set(combo))
        return best[1], "exact"
    chosen: set[int] = set()
    spent = 0.0
    ratio = {i: value[i] / capex[i] if capex[i] > 0 else math.inf for i in good}
    for i in sorted(good, key=lambda j: -ratio[j]):
        if spent + capex[i] <= budget:
            chosen.add(i)
            spent += capex[i]
    return chosen, "greedy"


def rank_portfolio(appraisals: Sequence[Appraisal], *, budget: float | None = None) -> Portfolio:
    """Rank projects by BCR and NPV per unit of capex; choose the best set within a budget.

    Parameters
    ----------
    appraisals
        One appraisal per project (names should differ).
    budget
        Most total capex (undiscounted, project currency) to spend; ``None``: no limit
        (every project with a positive ENPV is selected).

    Returns
    -------
    Portfolio
        The ranking (best NPV per unit of capex first) and the chosen projects.

    Raises
    ------
    InvalidArgumentError
        If ``appraisals`` is empty or holds anything but appraisals, or ``budget`` is
        not a number > 0.
    """
    if isinstance(appraisals, str | bytes) or not isinstance(appraisals, Sequence):
        raise InvalidArgumentError("appraisals: give a list of Appraisal objects")
    if not appraisals:
        raise InvalidArgumentError("appraisals=[]: give at least one appraisal")
    for i, a in enumerate(appraisals):
        check_instance(f"appraisals[{i}]", a, Appraisal, "an Appraisal from appraise()")
    limit = math.inf if budget is None else check_number("budget", budget, low=0.0, low_open=True)
    capex = [a.project.total_capex for a in appraisals]
    value = [a.central.economic_npv for a in appraisals]
    chosen, method = _choose(capex, value, limit)
    by_bcr = sorted(range(len(appraisals)), key=lambda i: -appraisals[i].central.bcr)
    by_ratio = sorted(range(len(appraisals)), key=lambda i: -appraisals[i].npv_per_dollar)
    rank_bcr = {i: r + 1 for r, i in enumerate(by_bcr)}
    rank_ratio = {i: r + 1 for r, i in enumerate(by_ratio)}
    rows = tuple(
        PortfolioRow(
            name=appraisals[i].project.name,
            capex=capex[i],
            pv_capex=appraisals[i].pv_capex,
            economic_npv=value[i],
            bcr=appraisals[i].central.bcr,
            npv_per_capex=appraisals[i].npv_per_dollar,
            rank_bcr=rank_bcr[i],
            rank_npv_per_capex=rank_ratio[i],
            selected=i in chosen,
        )
        for i in by_ratio
    )
    return Portfolio(
        rows=rows,
        budget=limit,
        capex=sum(capex[i] for i in chosen),
        economic_npv=sum(value[i] for i in chosen),
        method=method,
    )
