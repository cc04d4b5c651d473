"""A project's yearly cash flows and its measures, for one case or many draws at once.

:func:`cash_flows` turns a :class:`~corridor.appraisal.project.Project`, its
:class:`~corridor.appraisal.benefits.BenefitCurve` and :class:`Factors` (multipliers of
the inputs: 1 is the central case) into yearly flows, one row per case, all cases at once
(numpy, no loop over draws). :func:`measures` gives the economic and financial measures
of one case.

Conventions
-----------
- Year 0 is ``start_year``; flows are at the end of each year, year 0 undiscounted.
- Economic benefits: users' time, money and reliability benefits + CO2 × carbon price,
  from the first year of operation (``opening_year`` + delay) to the end of the lifetime;
  the residual value (``residual_share`` × capex) counts as a benefit in the last year.
  Economic costs: capex and opex. Tariffs and fees users save count at face value (they
  stand in for resource costs; transfers are not netted out).
- Financial: revenue = tariff × extra TEU through the revenue elements (converted from the
  revenue currency at an FX rate drifting by ``fx_depreciation`` a year) − opex − capex
  (+ residual). Equity: the same + loan draws − debt service (converted from the loan
  currency at ``loan_fx_rate``). DSCR = (revenue − opex) / debt service in the years of
  operation.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

from corridor.appraisal.benefits import BenefitCurve, BenefitPart
from corridor.appraisal.cashflow import bcr, debt_cover, irr, loan_schedule, npv, payback
from corridor.appraisal.project import Project
from corridor.network.frozen import freeze_map

__all__ = ["SENSITIVITY_INPUTS", "CashFlows", "Factors", "Measures", "cash_flows", "measures"]

FloatArray: TypeAlias = npt.NDArray[np.float64]
Factor: TypeAlias = float | npt.NDArray[np.float64]

SENSITIVITY_INPUTS = (
    "capex",
    "opex",
    "demand",
    "value_of_time",
    "carbon",
    "discount_rate",
    "tariff",
    "fx",
)
"""Inputs the sensitivity table varies (fields of :class:`Factors`)."""


@dataclass(frozen=True)
class Factors:
    """Multipliers of a project's inputs (1.0: as in the file), scalars or one per draw.

    Parameters
    ----------
    capex
        Capex multiplier (1 + overrun).
    opex
        Opex multiplier.
    demand
        Demand multiplier (every year).
    value_of_time
        Multiplier of the time and reliability benefits (routes are not re-chosen: a
        first-order approximation).
    carbon
        Carbon-price multiplier.
    discount_rate
        Multiplier of both discount rates.
    tariff
        Tariff multiplier.
    fx
        Multiplier of the revenue currency's FX level (units per project-currency unit:
        above 1, a weaker revenue currency).
    delay
        Years the opening slips (whole numbers).
    """

    capex: Factor = 1.0
    opex: Factor = 1.0
    demand: Factor = 1.0
    value_of_time: Factor = 1.0
    carbon: Factor = 1.0
    discount_rate: Factor = 1.0
    tariff: Factor = 1.0
    fx: Factor = 1.0
    delay: Factor = 0.0

    def size(self) -> int:
        """Number of cases: the length of the array factors (1 when all are scalars).

        Returns
        -------
        int
            The number of rows :func:`cash_flows` returns.
        """
        n = 1
        for f in fields(self):
            v = np.asarray(getattr(self, f.name))
            if v.ndim:
                n = max(n, int(v.shape[0]))
        return n

    def column(self, name: str, n: int) -> FloatArray:
        """One factor as a ``(n, 1)`` column (broadcast over years).

        Parameters
        ----------
        name
            A field name.
        n
            Number of cases.

        Returns
        -------
        numpy.ndarray
            The factor for each case.
        """
        v = np.asarray(getattr(self, name), dtype=np.float64)
        return np.broadcast_to(v.reshape(-1), (n,)).reshape(n, 1).astype(np.float64)


@dataclass(frozen=True, eq=False)
class CashFlows:
    """Yearly flows of a project, one row per case, in the project currency.

    Parameters
    ----------
    years
        Calendar year of each column.
    capex, opex, residual
        Costs by year, and the residual value (last year).
    time, money, reliability, carbon
        Benefits by year: time, money, reliability (users), CO2 × carbon price.
    co2_t
        Tonnes CO2e saved by year.
    revenue
        Tariff revenue by year.
    loan_draws, debt_service
        Loan draws and debt service by year.
    economic_rate, financial_rate
        Discount rate of each case (``(n, 1)``).
    operating
        Whether the project operates in each year of each case (opening + delay on).
    """

    years: npt.NDArray[np.int64]
    capex: FloatArray
    opex: FloatArray
    residual: FloatArray
    time: FloatArray
    money: FloatArray
    reliability: FloatArray
    carbon: FloatArray
    co2_t: FloatArray
    revenue: FloatArray
    loan_draws: FloatArray
    debt_service: FloatArray
    economic_rate: FloatArray
    financial_rate: FloatArray
    operating: npt.NDArray[np.bool_]

    @property
    def benefits(self) -> FloatArray:
        """Economic benefits by year (users + carbon + residual value)."""
        return self.time + self.money + self.reliability + self.carbon + self.residual

    @property
    def costs(self) -> FloatArray:
        """Economic costs by year (capex + opex)."""
        return self.capex + self.opex

    @property
    def economic(self) -> FloatArray:
        """Economic net flow by year."""
        return self.benefits - self.costs

    @property
    def financial(self) -> FloatArray:
        """Project (pre-financing) net flow by year: revenue − opex − capex + residual."""
        return self.revenue - self.opex - self.capex + self.residual

    @property
    def equity(self) -> FloatArray:
        """Equity holders' net flow by year: financial + loan draws − debt service."""
        return self.financial + self.loan_draws - self.debt_service

    def _discount(self, rate: FloatArray) -> FloatArray:
        t = np.arange(self.years.shape[0], dtype=np.float64)
        return np.asarray((1.0 + rate) ** -t, dtype=np.float64)

    def economic_npv(self) -> FloatArray:
        """Economic NPV of each case.

        Returns
        -------
        numpy.ndarray
            One value per case.
        """
        return np.asarray(
            np.sum(self.economic * self._discount(self.economic_rate), axis=1), dtype=np.float64
        )

    def benefit_cost_ratio(self) -> FloatArray:
        """BCR of each case: PV of benefits over PV of costs.

        Returns
        -------
        numpy.ndarray
            One value per case (``inf`` where costs are zero).
        """
        df = self._discount(self.economic_rate)
        pv_b = np.sum(self.benefits * df, axis=1)
        pv_c = np.sum(self.costs * df, axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(pv_c > 0, pv_b / np.where(pv_c > 0, pv_c, 1.0), np.inf)

    def financial_npv(self) -> FloatArray:
        """Financial NPV of each case (at the financial discount rate).

        Returns
        -------
        numpy.ndarray
            One value per case.
        """
        return np.asarray(
            np.sum(self.financial * self._discount(self.financial_rate), axis=1), dtype=np.float64
        )

    def row(self, i: int = 0) -> dict[str, list[float]]:
        """One case's flows as lists.

        Parameters
        ----------
        i
            The case.

        Returns
        -------
        dict
            ``years`` and every flow by year.
        """
        out: dict[str, list[float]] = {"years": [float(y) for y in self.years]}
        for name in (
            "capex",
            "opex",
            "residual",
            "time",
            "money",
            "reliability",
            "carbon",
            "co2_t",
            "revenue",
            "loan_draws",
            "debt_service",
        ):
            out[name] = [float(v) for v in getattr(self, name)[i]]
        return out


def cash_flows(project: Project, curve: BenefitCurve, factors: Factors | None = None) -> CashFlows:
    """Yearly flows of ``project`` for one or many cases at once.

    Parameters
    ----------
    project
        The project.
    curve
        Its benefits at a few demand levels.
    factors
        Multipliers of the inputs (scalars, or arrays of one value per case);
        ``None``: the central case.

    Returns
    -------
    CashFlows
        ``(cases, years)`` arrays.
    """
    f = factors or Factors()
    n = f.size()
    years = np.arange(project.start_year, project.start_year + project.years, dtype=np.int64)
    t_count = years.shape[0]
    t = np.arange(t_count, dtype=np.float64)[None, :]

    capex_row = np.array([project.capex.get(int(y), 0.0) for y in years], dtype=np.float64)
    cap_f = f.column("capex", n)
    capex = cap_f * capex_row[None, :]
    delay = np.rint(f.column("delay", n))
    open_ix = project.opening_year - project.start_year + delay
    operating = t >= open_ix
    opex = np.where(operating, project.opex_per_year * f.column("opex", n), 0.0)
    residual = np.zeros((n, t_count))
    residual[:, -1] = project.residual_share * project.total_capex * cap_f[:, 0]

    scale = f.column("demand", n) * (1.0 + project.growth) ** (
        years[None, :].astype(np.float64) - project.demand_year
    )
    vot = f.column("value_of_time", n)

    def part(name: BenefitPart) -> FloatArray:
        return np.where(operating, curve.at(name, scale), 0.0)

    time = part("time_usd") * vot
    reliability = part("reliability_usd") * vot
    money = part("money_usd")
    co2 = part("co2_t")
    carbon = co2 * project.carbon_usd_per_t * f.column("carbon", n)

    fin = project.financing
    revenue = np.zeros((n, t_count))
    draws = np.zeros((n, t_count))
    service = np.zeros((n, t_count))
    if fin is not None:
        fx = fin.fx_rate * f.column("fx", n) * (1.0 + fin.fx_depreciation) ** t
        revenue = np.where(
            operating, fin.tariff * f.column("tariff", n) * part("extra_teu") / fx, 0.0
        )
        if fin.loan_share > 0 and project.total_capex > 0:
            lent = fin.loan_share * capex_row * fin.loan_fx_rate
            sched = loan_schedule(lent, fin.rate, fin.tenor, grace=fin.grace)
            ds = np.zeros(t_count)
            dr = np.zeros(t_count)
            k = min(t_count, sched.debt_service.shape[0])
            ds[:k] = sched.debt_service[:k] / fin.loan_fx_rate
            dr[:k] = sched.draws[:k] / fin.loan_fx_rate
            if k < sched.debt_service.shape[0]:  # a tenor beyond the lifetime: the
                ds[-1] += float(sched.balance[k - 1]) / fin.loan_fx_rate  # balance is repaid
            draws = cap_f * dr[None, :]
            service = cap_f * ds[None, :]
    rate_f = f.column("discount_rate", n)
    fin_rate = (
        project.discount_rate
        if project.financial_discount_rate is None
        else project.financial_discount_rate
    )
    return CashFlows(
        years=years,
        capex=capex,
        opex=opex,
        residual=residual,
        time=time,
        money=money,
        reliability=reliability,
        carbon=carbon,
        co2_t=co2,
        revenue=revenue,
        loan_draws=draws,
        debt_service=service,
        economic_rate=project.discount_rate * rate_f,
        financial_rate=fin_rate * rate_f,
        operating=np.broadcast_to(operating, (n, t_count)).copy(),
    )


@dataclass(frozen=True)
class Measures:
    """Economic and financial measures of one case.

    Parameters
    ----------
    economic_npv
        ENPV (project currency).
    bcr
        Benefit-cost ratio.
    eirr
        Economic IRR (``None``: no sign change).
    payback_years
        Years from ``start_year`` until the cumulative economic flow turns non-negative
        (``None``: never within the lifetime).
    pv_benefits
        Present value of each benefit part (``time``, ``money``, ``reliability``,
        ``carbon``, ``residual``) and of ``capex`` and ``opex``.
    financial_npv
        FNPV at the financial discount rate.
    firr
        Financial IRR of the project before financing.
    equity_irr
        IRR of the equity holders' flow (``None`` without a sign change).
    dscr_min, dscr_avg
        Lowest and mean debt-service cover ratio over the years of operation with debt
        service (interest during construction is the sponsors'; NaN without debt).
    """

    economic_npv: float
    bcr: float
    eirr: float | None
    payback_years: float | None
    pv_benefits: Mapping[str, float]
    financial_npv: float
    firr: float | None
    equity_irr: float | None
    dscr_min: float
    dscr_avg: float

    def to_dict(self) -> dict[str, Any]:
        """The measures as JSON-ready builtins (NaN as ``None``).

        Returns
        -------
        dict
            One key per field.
        """

        def clean(x: float | None) -> float | None:
            return None if x is None or not math.isfinite(x) else float(x)

        return {
            "economic_npv": self.economic_npv,
            "bcr": clean(self.bcr),
            "eirr": clean(self.eirr),
            "payback_years": clean(self.payback_years),
            "pv": dict(self.pv_benefits),
            "financial_npv": clean(self.financial_npv),
            "firr": clean(self.firr),
            "equity_irr": clean(self.equity_irr),
            "dscr_min": clean(self.dscr_min),
            "dscr_avg": clean(self.dscr_avg),
        }


def measures(flows: CashFlows, i: int = 0) -> Measures:
    """ENPV, BCR, EIRR, payback, FNPV, FIRR, equity IRR and DSCR of one case.

    Parameters
    ----------
    flows
        Cash flows (:func:`cash_flows`).
    i
        The case (row).

    Returns
    -------
    Measures
        The measures.
    """
    rate = float(flows.economic_rate[i, 0])
    frate = float(flows.financial_rate[i, 0])
    econ = flows.economic[i]
    pv = {
        name: npv(rate, getattr(flows, name)[i])
        for name in ("time", "money", "reliability", "carbon", "residual", "capex", "opex")
    }
    cost = flows.costs[i]
    ratio = bcr(rate, flows.benefits[i], cost) if npv(rate, cost) > 0 else math.inf
    op = flows.operating[i]
    cover = debt_cover(flows.revenue[i][op] - flows.opex[i][op], flows.debt_service[i][op])
    has_fin = bool(np.any(flows.revenue[i] != 0) or np.any(flows.debt_service[i] != 0))
    return Measures(
        economic_npv=npv(rate, econ),
        bcr=ratio,
        eirr=irr(econ),
        payback_years=payback(econ),
        pv_benefits=freeze_map(pv),
        financial_npv=npv(frate, flows.financial[i]) if has_fin else math.nan,
        firr=irr(flows.financial[i]) if has_fin else None,
        equity_irr=irr(flows.equity[i]) if has_fin else None,
        dscr_min=cover.minimum,
        dscr_avg=cover.average,
    )
