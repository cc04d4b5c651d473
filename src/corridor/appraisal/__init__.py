"""Investment appraisal: discounted cash flow, financing, benefits from assignment, risk.

:mod:`corridor.appraisal.cashflow` holds the arithmetic (NPV, IRR, BCR, payback, loan
schedules with a grace period, debt-service cover).
"""

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

__all__ = [
    "DebtCover",
    "LoanSchedule",
    "bcr",
    "debt_cover",
    "irr",
    "loan_schedule",
    "npv",
    "payback",
]
