"""Discounted cash flow: :func:`npv`, :func:`irr`, :func:`bcr`, :func:`payback`, loans, DSCR.

Cash flows are yearly, year 0 first, at the end of each year (year 0 undiscounted), the
convention of numpy-financial's ``npv``. Costs are negative, benefits and revenues
positive.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, TypeAlias

import numpy as np
import numpy.typing as npt
from scipy.optimize import brentq

from corridor._checks import check_int, check_number
from corridor.exceptions import InvalidArgumentError

__all__ = [
    "IRR_HIGH",
    "IRR_LOW",
    "DebtCover",
    "LoanSchedule",
    "bcr",
    "debt_cover",
    "discount_factors",
    "irr",
    "loan_schedule",
    "npv",
    "payback",
    "present_value",
]

FloatArray: TypeAlias = npt.NDArray[np.float64]
Flows: TypeAlias = Sequence[float] | npt.NDArray[np.floating]

IRR_LOW: Final = -0.99
"""Lowest rate :func:`irr` searches (−99 % a year)."""
IRR_HIGH: Final = 100.0
"""Highest rate :func:`irr` searches (10,000 % a year)."""
_GRID: Final = np.unique(
    np.concatenate([np.linspace(IRR_LOW, 0.0, 100), np.geomspace(1e-4, IRR_HIGH, 400), [0.0]])
)
_MAX_YEARS: Final = 1000
_TINY_RATE: Final = 1e-12
_TINY_SUM: Final = 1e-12


def _flows(name: str, values: object) -> FloatArray:
    if isinstance(values, str | bytes):
        raise InvalidArgumentError(f"{name}={values!r}: use a sequence of yearly amounts")
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidArgumentError(
            f"{name}: not a sequence of numbers; fix: pass yearly amounts, year 0 first"
        ) from None
    if arr.ndim != 1:
        raise InvalidArgumentError(f"{name}: use a one-dimensional sequence of yearly amounts")
    if arr.shape[0] > _MAX_YEARS:
        raise InvalidArgumentError(f"{name}: {arr.shape[0]} years; use at most {_MAX_YEARS}")
    if not np.all(np.isfinite(arr)):
        raise InvalidArgumentError(f"{name}: holds NaN or infinity; fix: use finite amounts")
    return arr


def _rate(name: str, rate: object) -> float:
    return check_number(name, rate, low=IRR_LOW, high=IRR_HIGH)


def discount_factors(rate: float, years: int) -> FloatArray:
    """``1 / (1 + rate) ** t`` for ``t = 0 .. years - 1``.

    Parameters
    ----------
    rate
        Discount rate per year (0.06 for 6 %), from −0.99 to 100.
    years
        Number of years (0 to 1000).

    Returns
    -------
    numpy.ndarray
        The factors, ``1.0`` first.

    Raises
    ------
    InvalidArgumentError
        If ``rate`` or ``years`` is out of range or not a number.
    """
    r = _rate("rate", rate)
    n = check_int("years", years, low=0, high=_MAX_YEARS)
    return np.asarray((1.0 + r) ** -np.arange(n, dtype=np.float64), dtype=np.float64)


def npv(rate: float, cashflows: Flows) -> float:
    """Net present value of yearly cash flows, year 0 undiscounted.

    Parameters
    ----------
    rate
        Discount rate per year (0.06 for 6 %), from −0.99 to 100.
    cashflows
        Amount of each year, year 0 first (costs negative).

    Returns
    -------
    float
        ``Σ cashflows[t] / (1 + rate) ** t`` (numpy-financial's ``npv``).

    Raises
    ------
    InvalidArgumentError
        If ``rate`` is out of range or ``cashflows`` is not a finite 1-D sequence.

    Examples
    --------
    >>> round(npv(0.1, [-100.0, 60.0, 60.0]), 4)
    4.1322
    """
    flows = _flows("cashflows", cashflows)
    return float(flows @ discount_factors(rate, flows.shape[0]))


def present_value(rate: float, amounts: Flows) -> float:
    """Present value of yearly amounts (the same as :func:`npv`, for one-signed streams).

    Parameters
    ----------
    rate
        Discount rate per year.
    amounts
        Amount of each year, year 0 first.

    Returns
    -------
    float
        The discounted sum.

    Raises
    ------
    InvalidArgumentError
        If ``rate`` is out of range or ``amounts`` is not a finite 1-D sequence.
    """
    return npv(rate, amounts)


def irr(cashflows: Flows) -> float | None:
    """Internal rate of return: the rate at which :func:`npv` is zero.

    The NPV is evaluated on a grid of rates from :data:`IRR_LOW` to :data:`IRR_HIGH`;
    each sign change brackets a root that Brent's method refines. With several roots
    (cash flows that change sign more than once) the one nearest to 0 is returned.

    Parameters
    ----------
    cashflows
        Amount of each year, year 0 first.

    Returns
    -------
    float or None
        The rate per year, or ``None`` when the NPV does not change sign in the range
        (all flows of one sign, or a project that never pays back).

    Raises
    ------
    InvalidArgumentError
        If ``cashflows`` is not a finite 1-D sequence.

    Examples
    --------
    >>> round(irr([-100.0, 60.0, 60.0]), 6)
    0.130662
    >>> irr([100.0, 50.0]) is None
    True
    """
    flows = _flows("cashflows", cashflows)
    if flows.size == 0 or not (np.any(flows > 0) and np.any(flows < 0)):
        return None
    t = np.arange(flows.shape[0], dtype=np.float64)
    scale = float(np.max(np.abs(flows)))
    f = flows / scale

    def value(r: float) -> float:
        return float(f @ (1.0 + r) ** -t)

    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        grid_npv = np.array([value(float(r)) for r in _GRID])
    roots: list[float] = []
    exact = np.flatnonzero(grid_npv == 0.0)
    roots.extend(float(_GRID[i]) for i in exact)
    finite = np.isfinite(grid_npv)
    change = np.flatnonzero(
        finite[:-1] & finite[1:] & (np.sign(grid_npv[:-1]) * np.sign(grid_npv[1:]) < 0)
    )
    for i in change:
        root = brentq(value, float(_GRID[i]), float(_GRID[i + 1]), xtol=1e-12, rtol=1e-12)
        roots.append(float(root))
    if not roots:
        return None
    return min(roots, key=abs)


def bcr(rate: float, benefits: Flows, costs: Flows) -> float:
    """Benefit-cost ratio: present value of benefits over present value of costs.

    Parameters
    ----------
    rate
        Discount rate per year.
    benefits
        Benefits of each year, year 0 first (positive amounts).
    costs
        Costs of each year, year 0 first, as positive amounts.

    Returns
    -------
    float
        ``PV(benefits) / PV(costs)``.

    Raises
    ------
    InvalidArgumentError
        If the present value of costs is not positive, or an input is invalid.

    Examples
    --------
    >>> round(bcr(0.0, [0.0, 150.0], [100.0, 0.0]), 6)
    1.5
    """
    pv_c = npv(rate, costs)
    if not pv_c > 0:
        raise InvalidArgumentError(
            f"costs: present value {pv_c:g} is not positive; fix: give costs as positive "
            "amounts with at least one above zero"
        )
    return npv(rate, benefits) / pv_c


def payback(cashflows: Flows, *, rate: float | None = None) -> float | None:
    """Years until the cumulative (optionally discounted) cash flow turns non-negative.

    Within the year it turns, the point is interpolated linearly, so an investment of 100
    at year 0 repaid by 40 a year pays back after 2.5 years.

    Parameters
    ----------
    cashflows
        Amount of each year, year 0 first.
    rate
        Discount the flows at this rate first (discounted payback); ``None``: simple.

    Returns
    -------
    float or None
        Years after year 0; ``0.0`` when year 0 is already non-negative; ``None`` when
        the cumulative flow is still negative in the last year.

    Raises
    ------
    InvalidArgumentError
        If ``cashflows`` or ``rate`` is invalid.

    Examples
    --------
    >>> payback([-100.0, 40.0, 40.0, 40.0])
    2.5
    """
    flows = _flows("cashflows", cashflows)
    if rate is not None:
        flows = flows * discount_factors(rate, flows.shape[0])
    if flows.size == 0:
        return None
    cum = np.cumsum(flows)
    # rounding tolerance of each year's sum, from the flows summed so far (not later ones:
    # a large late flow must not hide an early shortfall)
    scale = np.maximum.accumulate(np.abs(flows))
    negative = np.flatnonzero(cum < -_TINY_SUM * scale)
    if negative.size == 0:
        return 0.0
    last = int(negative[-1])
    if last == flows.shape[0] - 1:
        return None
    return float(last + (-cum[last]) / flows[last + 1])


@dataclass(frozen=True, eq=False)
class LoanSchedule:
    """Yearly service of a loan: interest only in the grace period, then an annuity.

    Arrays are indexed by year, year 0 (the first draw) first, ``tenor + 1`` years.

    Parameters
    ----------
    draws
        Amount drawn at the end of each year.
    interest
        Interest paid in each year (on the balance at the end of the year before).
    principal
        Principal repaid in each year.
    balance
        Outstanding balance at the end of each year, after draws and repayment.
    rate
        Interest rate per year.
    tenor
        Years from year 0 to the last repayment.
    grace
        Years of interest only after year 0.
    """

    draws: FloatArray
    interest: FloatArray
    principal: FloatArray
    balance: FloatArray
    rate: float
    tenor: int
    grace: int

    @property
    def debt_service(self) -> FloatArray:
        """Interest plus principal of each year."""
        return self.interest + self.principal

    @property
    def total_drawn(self) -> float:
        """Amount lent."""
        return float(self.draws.sum())


def loan_schedule(draws: Flows | float, rate: float, tenor: int, *, grace: int = 0) -> LoanSchedule:
    """The service of a loan drawn over the first years, with a grace period.

    Interest accrues from the end of the year each amount is drawn. During the grace
    period (years ``1 .. grace``) only interest is paid; from year ``grace + 1`` to
    ``tenor`` the balance at the end of the grace period is repaid as an annuity (equal
    payments of interest and principal: numpy-financial's ``pmt``).

    Parameters
    ----------
    draws
        The amount lent at year 0, or the amount drawn at the end of each year (year 0
        first); every draw must fall within years ``0 .. grace``.
    rate
        Interest rate per year (0 to 1).
    tenor
        Years to the last repayment (1 to 100), more than ``grace``.
    grace
        Years of interest only (``>= 0``).

    Returns
    -------
    LoanSchedule
        Interest, principal and balance by year (``tenor + 1`` years).

    Raises
    ------
    InvalidArgumentError
        If a draw is negative or falls after the grace period, or ``rate``, ``tenor`` or
        ``grace`` is out of range.

    Examples
    --------
    >>> s = loan_schedule(1000.0, 0.05, 3, grace=1)
    >>> [round(float(x), 2) for x in s.debt_service]
    [0.0, 50.0, 537.8, 537.8]
    """
    r = check_number("rate", rate, low=0.0, high=1.0)
    n = check_int("tenor", tenor, low=1, high=100)
    g = check_int("grace", grace, low=0, high=99)
    if g >= n:
        raise InvalidArgumentError(
            f"grace={g}: not shorter than tenor={n}; fix: leave at least one repayment year"
        )
    if isinstance(draws, int | float) and not isinstance(draws, bool):
        d = np.array([check_number("draws", draws, low=0.0)])
    else:
        d = _flows("draws", draws)
    if np.any(d < 0):
        raise InvalidArgumentError("draws: a negative draw; fix: give amounts lent as >= 0")
    if np.any(d[g + 1 :] > 0):
        raise InvalidArgumentError(
            f"draws: money drawn after the grace period (year {int(np.flatnonzero(d)[-1])} > "
            f"{g}); fix: lengthen the grace period or move the draws earlier"
        )
    years = n + 1
    drawn = np.zeros(years)
    drawn[: min(d.shape[0], g + 1)] = d[: g + 1]
    interest = np.zeros(years)
    principal = np.zeros(years)
    balance = np.zeros(years)
    b = 0.0
    annuity = 0.0
    for t in range(years):
        interest[t] = b * r
        if t == g + 1:
            k = n - g
            annuity = b / k if r < _TINY_RATE else b * r / -math.expm1(-k * math.log1p(r))
        if t > g:
            principal[t] = annuity - interest[t]
        b = b - principal[t] + drawn[t]
        balance[t] = b
    principal[-1] += balance[-1]  # rounding: the last payment clears the loan
    balance[-1] = 0.0
    return LoanSchedule(
        draws=drawn,
        interest=interest,
        principal=principal,
        balance=balance,
        rate=r,
        tenor=n,
        grace=g,
    )


@dataclass(frozen=True, eq=False)
class DebtCover:
    """Debt-service cover ratios: cash flow available for debt service / debt service.

    Parameters
    ----------
    ratios
        The ratio of each year with debt service (NaN where none is due).
    minimum
        Lowest ratio (NaN when no debt service is due).
    average
        Mean ratio over the years with debt service.
    """

    ratios: FloatArray
    minimum: float
    average: float


def debt_cover(cfads: Flows, debt_service: Flows) -> DebtCover:
    """Debt-service cover ratio of each year with debt service, its minimum and mean.

    Parameters
    ----------
    cfads
        Cash flow available for debt service in each year (revenue − opex).
    debt_service
        Interest + principal due in each year (same years, year 0 first; a shorter one is
        padded with zeros).

    Returns
    -------
    DebtCover
        Ratios, minimum and average (NaN where no debt service is due at all).

    Raises
    ------
    InvalidArgumentError
        If an input is not a finite 1-D sequence or a debt service is negative.

    Examples
    --------
    >>> c = debt_cover([0.0, 150.0, 120.0], [0.0, 100.0, 100.0])
    >>> (c.minimum, c.average)
    (1.2, 1.35)
    """
    cf = _flows("cfads", cfads)
    ds = _flows("debt_service", debt_service)
    if np.any(ds < 0):
        raise InvalidArgumentError("debt_service: a negative amount; fix: give amounts due")
    n = max(cf.shape[0], ds.shape[0])
    cf = np.pad(cf, (0, n - cf.shape[0]))
    ds = np.pad(ds, (0, n - ds.shape[0]))
    due = ds > 0
    ratios = np.full(n, np.nan)
    with np.errstate(over="ignore"):  # a vanishing debt service: an infinite cover
        ratios[due] = cf[due] / ds[due]
    if not np.any(due):
        return DebtCover(ratios=ratios, minimum=math.nan, average=math.nan)
    with np.errstate(invalid="ignore"):  # +inf and -inf covers have no average: NaN
        return DebtCover(
            ratios=ratios,
            minimum=float(np.min(ratios[due])),
            average=float(np.mean(ratios[due])),
        )
