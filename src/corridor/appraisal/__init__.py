"""Investment appraisal: benefits from assignments, cash flows, financing, risk, portfolios.

Read a project file (:func:`read_project`: a scenario, capex by year, opex, lifetime,
residual value, financing, uncertainty), then :func:`appraise` it: the benefits come from
user-equilibrium assignments of the base and project cases at a few demand levels
(:mod:`corridor.appraisal.benefits`), the measures from the yearly cash flows
(:mod:`corridor.appraisal.evaluate`, :mod:`corridor.appraisal.cashflow`): economic NPV,
BCR, EIRR and payback; financial and equity IRR and debt-service cover; a sensitivity
table (:func:`plot_tornado`) and a Monte Carlo. :func:`rank_portfolio` ranks several
projects under a budget. See docs/appraisal.md.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from corridor.appraisal.appraise import Appraisal, MonteCarlo, SensitivityRow, appraise
    from corridor.appraisal.benefits import BenefitCurve, benefit_curve
    from corridor.appraisal.capacity import scale_capacities, scale_capacity
    from corridor.appraisal.cashflow import (
        DebtCover,
        LoanSchedule,
        bcr,
        debt_cover,
        irr,
        loan_schedule,
        npv,
        payback,
    )
    from corridor.appraisal.evaluate import CashFlows, Factors, Measures, cash_flows
    from corridor.appraisal.plot import plot_tornado
    from corridor.appraisal.portfolio import Portfolio, rank_portfolio
    from corridor.appraisal.project import (
        Financing,
        Project,
        ProjectError,
        Uncertainty,
        parse_project,
        read_project,
    )

__all__ = [
    "Appraisal",
    "BenefitCurve",
    "CashFlows",
    "DebtCover",
    "Factors",
    "Financing",
    "LoanSchedule",
    "Measures",
    "MonteCarlo",
    "Portfolio",
    "Project",
    "ProjectError",
    "SensitivityRow",
    "Uncertainty",
    "appraise",
    "bcr",
    "benefit_curve",
    "cash_flows",
    "debt_cover",
    "irr",
    "loan_schedule",
    "npv",
    "parse_project",
    "payback",
    "plot_tornado",
    "rank_portfolio",
    "read_project",
    "scale_capacities",
    "scale_capacity",
]

_WHERE = {
    "Appraisal": "appraise",
    "MonteCarlo": "appraise",
    "SensitivityRow": "appraise",
    "appraise": "appraise",
    "BenefitCurve": "benefits",
    "benefit_curve": "benefits",
    "scale_capacities": "capacity",
    "scale_capacity": "capacity",
    "DebtCover": "cashflow",
    "LoanSchedule": "cashflow",
    "bcr": "cashflow",
    "debt_cover": "cashflow",
    "irr": "cashflow",
    "loan_schedule": "cashflow",
    "npv": "cashflow",
    "payback": "cashflow",
    "CashFlows": "evaluate",
    "Factors": "evaluate",
    "Measures": "evaluate",
    "cash_flows": "evaluate",
    "plot_tornado": "plot",
    "Portfolio": "portfolio",
    "rank_portfolio": "portfolio",
    "Financing": "project",
    "Project": "project",
    "ProjectError": "project",
    "Uncertainty": "project",
    "parse_project": "project",
    "read_project": "project",
}


def __getattr__(name: str) -> Any:  # noqa: ANN401 - PEP 562 lazy exports
    """Import a public name from its module on first use (``import corridor`` stays fast)."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'corridor.appraisal' has no attribute {name!r}")
    value = getattr(import_module(f"corridor.appraisal.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
