"""Appraise a project: :func:`appraise` (benefits, cash flows, measures, sensitivity, risk).

Steps: the base and project networks (the embedded network, the project's
``base_scenario`` applied to both, its ``scenario`` and ``[capacity]`` to the project
case); the demand file (grown by the base scenarios' demand growth in both cases, by the
project scenarios' growth in the project case only: induced traffic, valued by the rule
of a half); a :class:`~corridor.appraisal.benefits.BenefitCurve` from a few
assignments of both cases at demand levels spanning the lifetime's growth (and ±20 % and
the Monte Carlo's spread); then the central case's cash flows and measures, a sensitivity
table (each input ×0.8 and ×1.2) and, with ``draws``, a Monte Carlo of the uncertain
inputs (demand, capex overrun, FX, opening delay) on the same curve.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any, Final, TypeAlias

import numpy as np
import numpy.typing as npt

from corridor._checks import check_instance, check_int, check_number, check_seed
from corridor.appraisal.benefits import BenefitCurve, benefit_curve
from corridor.appraisal.capacity import scale_capacities
from corridor.appraisal.evaluate import (
    SENSITIVITY_INPUTS,
    CashFlows,
    Factors,
    Measures,
    cash_flows,
    measures,
)
from corridor.appraisal.project import Project, check_project_ids
from corridor.data import eurasia
from corridor.io.demand import read_demand
from corridor.network.model import Network
from corridor.scenarios.builtin import apply_scenario
from corridor.scenarios.demand import grow_demand

__all__ = [
    "MAX_DRAWS",
    "Appraisal",
    "MonteCarlo",
    "SensitivityRow",
    "anchor_scales",
    "appraise",
    "assumptions",
    "monte_carlo",
    "project_networks",
    "sensitivity",
]

FloatArray: TypeAlias = npt.NDArray[np.float64]
MAX_DRAWS: Final = 1_000_000
"""Most Monte Carlo draws (each a row of yearly flows)."""
_SPREAD: Final = 2.0  # anchors cover the demand spread to +-2 standard deviations


@dataclass(frozen=True)
class SensitivityRow:
    """One input varied down and up, the others central.

    Parameters
    ----------
    input
        The input (:data:`~corridor.appraisal.evaluate.SENSITIVITY_INPUTS`).
    low, high
        Its multipliers.
    npv_low, npv_high
        Economic NPV at each.
    bcr_low, bcr_high
        BCR at each.
    fnpv_low, fnpv_high
        Financial NPV at each (NaN without financing).
    """

    input: str
    low: float
    high: float
    npv_low: float
    npv_high: float
    bcr_low: float
    bcr_high: float
    fnpv_low: float
    fnpv_high: float

    @property
    def swing(self) -> float:
        """``|npv_high − npv_low|``: the bar's length in the tornado plot."""
        return abs(self.npv_high - self.npv_low)


@dataclass(frozen=True, eq=False)
class MonteCarlo:
    """Economic NPV over random draws of the uncertain inputs.

    Parameters
    ----------
    npv
        ENPV of each draw.
    bcr
        BCR of each draw.
    fnpv
        FNPV of each draw (NaN without financing).
    seed
        The seed used (``None``: fresh entropy, not reproducible).
    """

    npv: FloatArray
    bcr: FloatArray
    fnpv: FloatArray
    seed: int | None

    @property
    def draws(self) -> int:
        """Number of draws."""
        return int(self.npv.shape[0])

    def percentiles(self) -> dict[str, float]:
        """P10, P50 and P90 of the ENPV, its mean and the probability it is negative.

        Returns
        -------
        dict
            ``p10``, ``p50``, ``p90``, ``mean``, ``prob_negative``, ``bcr_p50``.
        """
        p10, p50, p90 = np.percentile(self.npv, [10, 50, 90])
        return {
            "p10": float(p10),
            "p50": float(p50),
            "p90": float(p90),
            "mean": float(np.mean(self.npv)),
            "prob_negative": float(np.mean(self.npv < 0)),
            "bcr_p50": float(np.median(self.bcr)),
        }


@dataclass(frozen=True, eq=False)
class Appraisal:
    """The appraisal of one project.

    Parameters
    ----------
    project
        The project.
    curve
        Benefits at the anchor demand levels.
    flows
        The central case's cash flows.
    central
        The central case's measures.
    sensitivity
        One row per input.
    monte_carlo
        The Monte Carlo (``None`` when no draws were asked for).
    """

    project: Project
    curve: BenefitCurve
    flows: CashFlows
    central: Measures
    sensitivity: tuple[SensitivityRow, ...]
    monte_carlo: MonteCarlo | None

    @property
    def pv_capex(self) -> float:
        """Present value of the capex (project currency)."""
        return float(self.central.pv_benefits["capex"])

    @property
    def npv_per_dollar(self) -> float:
        """Economic NPV per unit of present-value capex."""
        return self.central.economic_npv / self.pv_capex if self.pv_capex > 0 else math.inf

    def to_dict(self) -> dict[str, Any]:
        """The appraisal as JSON-ready builtins.

        Returns
        -------
        dict
            ``project``, ``measures``, ``benefits`` (the anchors), ``cash_flows``,
            ``sensitivity``, ``monte_carlo`` (or ``None``) and ``assumptions``.
        """
        p = self.project
        mc = self.monte_carlo
        return {
            "project": {
                "name": p.name,
                "description": p.description,
                "file": p.path,
                "currency": p.currency,
                "scenario": list(p.scenario),
                "capacity": dict(p.capacity),
                "total_capex": p.total_capex,
                "years": [p.start_year, p.opening_year + p.lifetime - 1],
            },
            "measures": {
                **self.central.to_dict(),
                "npv_per_pv_capex": self.npv_per_dollar,
            },
            "benefits": self.curve.to_dict(),
            "cash_flows": self.flows.row(0),
            "sensitivity": [
                {
                    "input": r.input,
                    "low": r.low,
                    "high": r.high,
                    "npv_low": r.npv_low,
                    "npv_high": r.npv_high,
                    "bcr_low": _clean(r.bcr_low),
                    "bcr_high": _clean(r.bcr_high),
                    "fnpv_low": _clean(r.fnpv_low),
                    "fnpv_high": _clean(r.fnpv_high),
                }
                for r in self.sensitivity
            ],
            "monte_carlo": None
            if mc is None
            else {"draws": mc.draws, "seed": mc.seed, **mc.percentiles()},
            "assumptions": assumptions(p),
        }


def _clean(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def assumptions(project: Project) -> list[str]:
    """The method's assumptions as they apply to ``project``, one sentence each.

    Parameters
    ----------
    project
        The project.

    Returns
    -------
    list of str
        Sentences for the report.
    """
    return [
        (
            f"benefits from user-equilibrium assignments of both cases at {project.anchors} "
            "demand levels, interpolated linearly between them (extrapolated along the end "
            "segments); demand grows "
            f"{project.growth:.1%} a year from {project.demand_year}"
        ),
        (
            "users' benefit by the rule of a half on each OD pair's generalised cost "
            "(time x value of time + money); tariffs and fees saved count at face value"
        ),
        (
            "reliability: P90 buffer (1.28 standard deviations, summed along the path) of the "
            f"M/M/1 queue waits on each OD pair's paths, valued at {project.reliability_ratio:g}"
            " x the value of time (other transit-time spread is left out)"
        ),
        (
            f"CO2 at {project.carbon_usd_per_t:,.0f} {project.currency}/t; residual value "
            f"{project.residual_share:.0%} of capex in the last year"
        ),
        (
            "sensitivity on value of time scales the time and reliability benefits "
            "(routes are not re-chosen); on demand it reads the benefit curve"
        ),
    ]


def project_networks(project: Project, network: Network | None = None) -> tuple[Network, Network]:
    """The base and project networks of ``project``.

    Parameters
    ----------
    project
        The project.
    network
        The network to start from; ``None``: the embedded Eurasian network.

    Returns
    -------
    tuple[Network, Network]
        Base (with ``base_scenario``), project (also ``scenario`` and ``[capacity]``).

    Raises
    ------
    ScenarioError
        If a scenario cannot be loaded or applied.
    ProjectError
        If a ``[capacity]`` element or revenue element is unknown, or a capacity element
        has no capacity (every one listed with its line).
    """
    if network is None:
        network = eurasia()
    base = (
        apply_scenario(network, list(project.base_scenario)) if project.base_scenario else network
    )
    check_project_ids(project, base)
    with_project = apply_scenario(base, list(project.scenario)) if project.scenario else base
    return base, scale_capacities(with_project, project.capacity)


def _scale(project: Project, year: float) -> float:
    return float((1.0 + project.growth) ** (year - project.demand_year))


def anchor_scales(project: Project) -> list[float]:
    """Demand levels of the assignments: from the opening to the last year, with margins.

    Parameters
    ----------
    project
        The project.

    Returns
    -------
    list of float
        ``project.anchors`` multipliers of the demand file, geometrically spaced from
        0.8 × (or the Monte Carlo's −2 sd) the opening year's level to 1.2 × (+2 sd) the
        last year's.
    """
    sd = project.uncertainty.demand_sd
    lo = min(0.8, math.exp(-_SPREAD * sd)) * min(
        _scale(project, project.opening_year),
        _scale(project, project.opening_year + project.lifetime - 1),
    )
    hi = max(1.2, math.exp(_SPREAD * sd)) * max(
        _scale(project, project.opening_year),
        _scale(project, project.opening_year + project.lifetime - 1),
    )
    return [float(x) for x in np.geomspace(lo, hi, project.anchors)]


def sensitivity(
    project: Project, curve: BenefitCurve, *, change: float = 0.2
) -> tuple[SensitivityRow, ...]:
    """Each input ×(1 − change) and ×(1 + change), the others central.

    Parameters
    ----------
    project
        The project.
    curve
        Its benefit curve.
    change
        Relative change (0.2: ±20 %), from 0 to 0.9.

    Returns
    -------
    tuple of SensitivityRow
        One row per input, largest ENPV swing first.

    Raises
    ------
    InvalidArgumentError
        If ``change`` is out of range.
    """
    c = check_number("change", change, low=0.0, high=0.9)
    rows = []
    for name in SENSITIVITY_INPUTS:
        lo = cash_flows(project, curve, replace(Factors(), **{name: 1.0 - c}))
        hi = cash_flows(project, curve, replace(Factors(), **{name: 1.0 + c}))
        rows.append(
            SensitivityRow(
                input=name,
                low=1.0 - c,
                high=1.0 + c,
                npv_low=float(lo.economic_npv()[0]),
                npv_high=float(hi.economic_npv()[0]),
                bcr_low=float(lo.benefit_cost_ratio()[0]),
                bcr_high=float(hi.benefit_cost_ratio()[0]),
                fnpv_low=_fnpv(project, lo),
                fnpv_high=_fnpv(project, hi),
            )
        )
    return tuple(sorted(rows, key=lambda r: -r.swing))


def _fnpv(project: Project, flows: CashFlows) -> float:
    return float(flows.financial_npv()[0]) if project.financing is not None else math.nan


def monte_carlo(
    project: Project,
    curve: BenefitCurve,
    *,
    draws: int = 10_000,
    seed: int | np.random.Generator | None = None,
) -> MonteCarlo:
    """ENPV over random draws of demand, capex overrun, FX and opening delay.

    Demand and FX multipliers are lognormal with median 1 (``demand_sd``, ``fx_sd``);
    capex overrun triangular (``capex_overrun``); the delay in whole years drawn from
    ``delay_probabilities``. Every draw reads the same benefit curve (no assignment).

    Parameters
    ----------
    project
        The project.
    curve
        Its benefit curve.
    draws
        Number of draws (1 to :data:`MAX_DRAWS`).
    seed
        Seed (an int or a numpy Generator) for reproducible draws.

    Returns
    -------
    MonteCarlo
        ENPV, BCR and FNPV per draw.

    Raises
    ------
    InvalidArgumentError
        If ``draws`` or ``seed`` is invalid.
    """
    n = check_int("draws", draws, low=1, high=MAX_DRAWS)
    checked = check_seed("seed", seed)
    rng = checked if isinstance(checked, np.random.Generator) else np.random.default_rng(checked)
    u = project.uncertainty
    demand = rng.lognormal(0.0, u.demand_sd, n) if u.demand_sd > 0 else np.ones(n)
    lo, mode, hi = u.capex_overrun
    overrun = rng.triangular(lo, mode, hi, n) if hi > lo else np.full(n, lo)
    fx = rng.lognormal(0.0, u.fx_sd, n) if u.fx_sd > 0 else np.ones(n)
    p = np.asarray(u.delay_probabilities)
    delay = rng.choice(p.shape[0], size=n, p=p / p.sum()).astype(np.float64)
    factors = Factors(capex=1.0 + overrun, demand=demand, fx=fx, delay=delay)
    npv_draws = np.empty(n)
    bcr_draws = np.empty(n)
    fnpv_draws = np.empty(n)
    chunk = 20_000
    for start in range(0, n, chunk):
        sl = slice(start, min(n, start + chunk))
        part = Factors(
            capex=factors.capex[sl],  # type: ignore[index]
            demand=factors.demand[sl],  # type: ignore[index]
            fx=factors.fx[sl],  # type: ignore[index]
            delay=factors.delay[sl],  # type: ignore[index]
        )
        flows = cash_flows(project, curve, part)
        npv_draws[sl] = flows.economic_npv()
        bcr_draws[sl] = flows.benefit_cost_ratio()
        fnpv_draws[sl] = flows.financial_npv() if project.financing is not None else np.nan
    return MonteCarlo(
        npv=npv_draws,
        bcr=bcr_draws,
        fnpv=fnpv_draws,
        seed=checked if isinstance(checked, int) else None,
    )


def appraise(
    project: Project,
    *,
    network: Network | None = None,
    draws: int = 0,
    seed: int | np.random.Generator | None = None,
    curve: BenefitCurve | None = None,
) -> Appraisal:
    """Appraise ``project``: benefits from assignments, cash flows, measures and risk.

    Parameters
    ----------
    project
        The project (:func:`~corridor.appraisal.project.read_project`).
    network
        The network to start from; ``None``: the embedded Eurasian network.
    draws
        Monte Carlo draws (0: none).
    seed
        Seed of the Monte Carlo.
    curve
        A benefit curve computed before (skips the assignments).

    Returns
    -------
    Appraisal
        Measures, cash flows, sensitivity and Monte Carlo.

    Raises
    ------
    InvalidArgumentError
        For bad ``draws`` or ``seed``, or ``network`` that is not a network.
    ProjectError
        If a project element id is unknown to the network (every one, with its line).
    ScenarioError
        If the project's scenario cannot be loaded or applied.
    DemandValidationError
        If the demand file has problems.
    NoRouteError
        If an OD pair of the demand has no route.
    """
    check_instance("project", project, Project, "a Project from read_project()")
    n_draws = check_int("draws", draws, low=0, high=MAX_DRAWS)
    if network is not None:
        check_instance("network", network, Network, "a Network, e.g. corridor.eurasia()")
    if curve is None:
        base, with_project = project_networks(project, network)
        demand = read_demand(project.demand, base)
        if project.base_scenario:
            demand = grow_demand(demand, list(project.base_scenario), network=base)
        grown = (
            grow_demand(demand, list(project.scenario), network=base)
            if project.scenario
            else demand
        )
        vot = project.value_of_time_usd_per_teu_day
        elements = project.financing.revenue_elements if project.financing else ()
        curve = benefit_curve(
            base,
            with_project,
            demand,
            anchor_scales(project),
            value_of_time_usd_per_day=vot,
            reliability_ratio=project.reliability_ratio,
            revenue_elements=elements,
            gap=project.gap,
            project_demand=None if grown is demand else grown,
        )
    flows = cash_flows(project, curve)
    return Appraisal(
        project=project,
        curve=curve,
        flows=flows,
        central=measures(flows),
        sensitivity=sensitivity(project, curve),
        monte_carlo=monte_carlo(project, curve, draws=n_draws, seed=seed) if n_draws else None,
    )
