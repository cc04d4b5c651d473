"""Project files: what an investment is, costs, how it is financed, what is uncertain.

A project file is TOML (see ``examples/aktau_expansion.toml`` and docs/appraisal.md)::

    name = "Aktau/Kuryk container capacity"
    scenario = "aktau_kuryk_scenario.toml"   # the project case: a scenario name or file
    demand = "demand_2030.csv"                # OD demand of demand_year (TEU per year)
    demand_year = 2030
    growth = 0.03                             # demand growth per year
    discount_rate = 0.06
    start_year = 2026                         # first capex year (year 0 of the cash flows)
    opening_year = 2028
    lifetime = 25                             # years of operation
    opex_usd_per_year = 2.5e6
    residual_share = 0.3                      # of capex, at the end of the lifetime

    [capex]                                   # calendar year = USD
    2026 = 45e6
    2027 = 55e6

    [financing]                               # optional
    loan_share = 0.7
    ...

:func:`read_project` reads and checks it; every problem (unknown key, wrong type,
impossible number) is listed with its line, in one :class:`ProjectError`.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any, Final

from corridor.exceptions import CorridorError, FileProblem, InvalidArgumentError
from corridor.finance.fx import default_fx
from corridor.network.frozen import EMPTY, freeze_map
from corridor.network.model import Network
from corridor.scenarios._lines import KeyPath, LineIndex, format_key

__all__ = [
    "MAX_PROJECT_BYTES",
    "Financing",
    "Project",
    "ProjectError",
    "ProjectProblem",
    "Uncertainty",
    "check_project_ids",
    "parse_project",
    "read_project",
]

MAX_PROJECT_BYTES: Final = 1_000_000
"""Largest project file read (1 MB)."""
_MIN_YEAR: Final = 1900
_MAX_YEAR: Final = 2200
_MAX_LIFETIME: Final = 100


ProjectProblem = FileProblem
"""One problem in a project file (a :class:`~corridor.exceptions.FileProblem`)."""


class ProjectError(ValueError, CorridorError):
    """A project file has one or more problems; the message lists every one.

    Parameters
    ----------
    problems
        Every problem found.
    """

    def __init__(self, problems: list[ProjectProblem] | tuple[ProjectProblem, ...]) -> None:
        self.problems: tuple[ProjectProblem, ...] = tuple(problems)
        head = f"{len(self.problems)} problem(s) in the project file"
        super().__init__(head + ":\n" + "\n".join(str(p) for p in self.problems))


@dataclass(frozen=True, slots=True)
class Financing:
    """How the investment is financed, and the revenue that services the debt.

    Parameters
    ----------
    loan_share
        Share of capex lent (0-1); the rest is equity.
    rate
        Loan interest rate per year.
    tenor
        Years from the first draw to the last repayment.
    grace
        Years of interest only (the draws must fall within them).
    loan_currency
        Currency of the loan (ISO code).
    loan_fx_rate
        Units of the loan currency per unit of the project currency (default: the
        packaged dated FX table, ``corridor.finance.default_fx``).
    revenue_currency
        Currency of the tariff revenue.
    fx_rate
        Units of the revenue currency per unit of the project currency at ``start_year``
        (default: the packaged dated FX table).
    fx_depreciation
        Yearly depreciation of the revenue currency against the project currency (0.03:
        3 % more units per unit each year).
    tariff
        Revenue per extra TEU handled, in the revenue currency.
    revenue_elements
        Node or link ids whose extra throughput (project − base) earns the tariff.
    """

    loan_share: float = 0.0
    rate: float = 0.0
    tenor: int = 1
    grace: int = 0
    loan_currency: str = "USD"
    loan_fx_rate: float = 1.0
    revenue_currency: str = "USD"
    fx_rate: float = 1.0
    fx_depreciation: float = 0.0
    tariff: float = 0.0
    revenue_elements: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Uncertainty:
    """Distributions of the uncertain inputs for the Monte Carlo.

    Parameters
    ----------
    demand_sd
        Standard deviation of the log of the demand multiplier (lognormal, median 1).
    capex_overrun
        Triangular ``(low, mode, high)`` of the capex overrun share (0.1: +10 %).
    fx_sd
        Standard deviation of the log of the FX-level multiplier of the revenue currency.
    delay_probabilities
        Probability of an opening delayed by 0, 1, 2, ... years (sums to 1).
    """

    demand_sd: float = 0.0
    capex_overrun: tuple[float, float, float] = (0.0, 0.0, 0.0)
    fx_sd: float = 0.0
    delay_probabilities: tuple[float, ...] = (1.0,)


@dataclass(frozen=True, slots=True)
class Project:
    """An investment to appraise (see the module docstring for the file format).

    Parameters
    ----------
    name
        Project name.
    scenario
        Scenario names or files (resolved paths) of the project case, applied in order.
    demand
        Path of the demand CSV (TEU per year in ``demand_year``).
    demand_year
        Year of the demand file.
    start_year
        First year of the cash flows (year 0, undiscounted).
    opening_year
        First year of benefits and revenue.
    lifetime
        Years of operation.
    capex
        Capex by calendar year (project currency).
    discount_rate
        Economic discount rate per year.
    description
        One line.
    currency
        Project currency (benefits, capex, opex).
    base_scenario
        Scenarios applied to both cases (the reference world).
    capacity
        Extra capacity multipliers of the project case by node or link id.
    growth
        Demand growth per year from ``demand_year``.
    value_of_time_usd_per_teu_day
        Value of a TEU-day; ``None``: the network's.
    reliability_ratio
        Value of an hour of P90 buffer of the queue waits per value of an hour of
        time.
    carbon_usd_per_t
        Carbon price (project currency per tonne CO2e).
    opex_per_year
        Operating and maintenance cost per year of operation.
    residual_share
        Residual value at the end of the lifetime, as a share of capex.
    financial_discount_rate
        Rate for the financial NPV (default: ``discount_rate``).
    anchors
        Demand levels at which the assignments are run (benefits in between are
        interpolated).
    gap
        Relative-gap target of the assignments.
    financing
        The financing, or ``None``.
    uncertainty
        Distributions for the Monte Carlo.
    sources
        Citation per source id.
    path
        The file read (``<memory>``).
    lines
        Line of each ``[capacity]`` key and of ``financing.revenue_elements`` (for
        messages about ids the network does not have).
    """

    name: str
    scenario: tuple[str, ...]
    demand: str
    demand_year: int
    start_year: int
    opening_year: int
    lifetime: int
    capex: Mapping[int, float]
    discount_rate: float
    description: str = ""
    currency: str = "USD"
    base_scenario: tuple[str, ...] = ()
    capacity: Mapping[str, float] = EMPTY
    growth: float = 0.0
    value_of_time_usd_per_teu_day: float | None = None
    reliability_ratio: float = 1.0
    carbon_usd_per_t: float = 0.0
    opex_per_year: float = 0.0
    residual_share: float = 0.0
    financial_discount_rate: float | None = None
    anchors: int = 3
    gap: float = 1e-4
    financing: Financing | None = None
    uncertainty: Uncertainty = field(default_factory=Uncertainty)
    sources: Mapping[str, str] = EMPTY
    path: str = "<memory>"
    lines: Mapping[str, int] = EMPTY

    @property
    def years(self) -> int:
        """Years of the cash flows: from ``start_year`` to the last year of operation."""
        return self.opening_year + self.lifetime - self.start_year

    @property
    def total_capex(self) -> float:
        """Capex summed over the years (undiscounted)."""
        return float(sum(self.capex.values()))


_TOP: Final = {
    "name",
    "description",
    "currency",
    "scenario",
    "base_scenario",
    "demand",
    "demand_year",
    "growth",
    "value_of_time_usd_per_teu_day",
    "reliability_ratio",
    "carbon_usd_per_t",
    "discount_rate",
    "financial_discount_rate",
    "start_year",
    "opening_year",
    "lifetime",
    "opex_usd_per_year",
    "residual_share",
    "anchors",
    "gap",
    "capex",
    "capacity",
    "financing",
    "uncertainty",
    "sources",
}
_FINANCING: Final = {
    "loan_share",
    "rate",
    "tenor",
    "grace",
    "loan_currency",
    "loan_fx_rate",
    "revenue_currency",
    "fx_rate",
    "fx_depreciation",
    "tariff",
    "revenue_elements",
}
_UNCERTAINTY: Final = {"demand_sd", "capex_overrun", "fx_sd", "delay_probabilities"}


class _Reader:
    def __init__(self, text: str, file: str) -> None:
        self.file = file
        self.lines = LineIndex(text)
        self.problems: list[ProjectProblem] = []

    def problem(self, path: KeyPath, message: str, fix: str) -> None:
        self.problems.append(
            ProjectProblem(self.file, self.lines.line(path), format_key(path), message, fix)
        )

    def unknown(self, table: Mapping[str, Any], known: set[str], path: KeyPath) -> None:
        for key in table:
            if key not in known:
                self.problem(
                    (*path, key),
                    f"unknown key {key!r}",
                    f"use one of {', '.join(sorted(known))}",
                )

    def number(
        self,
        table: Mapping[str, Any],
        key: str,
        path: KeyPath,
        *,
        default: float | None = None,
        low: float | None = None,
        high: float | None = None,
        low_open: bool = False,
    ) -> float | None:
        if key not in table:
            if default is None:
                self.problem((*path, key), "missing", f"add {key} = <number>")
            return default
        value = table[key]
        where = (*path, key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(where, f"{value!r} is not a number", f"write {key} = <number>")
            return default
        x = float(value)
        if not math.isfinite(x):
            self.problem(where, f"{value!r} is not finite", "give a finite number")
            return default
        below = low is not None and (x <= low if low_open else x < low)
        if below or (high is not None and x > high):
            lo = "" if low is None else (f"> {low:g}" if low_open else f">= {low:g}")
            hi = "" if high is None else f"<= {high:g}"
            self.problem(
                where,
                f"{x:g} is impossible",
                f"give a number {' and '.join(p for p in (lo, hi) if p)}",
            )
            return default
        return x

    def integer(
        self,
        table: Mapping[str, Any],
        key: str,
        path: KeyPath,
        *,
        default: int | None = None,
        low: int,
        high: int,
    ) -> int | None:
        if key not in table:
            if default is None:
                self.problem((*path, key), "missing", f"add {key} = <whole number>")
            return default
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(
                (*path, key), f"{value!r} is not a whole number", f"write {key} = <whole number>"
            )
            return default
        if not low <= value <= high:
            self.problem((*path, key), f"{value} is impossible", f"give {low} to {high}")
            return default
        return int(value)

    def text(
        self, table: Mapping[str, Any], key: str, path: KeyPath, *, default: str | None = None
    ) -> str | None:
        if key not in table:
            if default is None:
                self.problem((*path, key), "missing", f'add {key} = "..."')
            return default
        value = table[key]
        if not isinstance(value, str) or not value.strip():
            self.problem((*path, key), f"{value!r} is not a text", f'write {key} = "..."')
            return default
        return value

    def texts(self, table: Mapping[str, Any], key: str, path: KeyPath) -> tuple[str, ...]:
        value = table.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list) and all(isinstance(v, str) and v for v in value):
            return tuple(value)
        self.problem((*path, key), f"{value!r} is not a text or a list of texts", 'write "..."')
        return ()

    def table(self, table: Mapping[str, Any], key: str) -> Mapping[str, Any] | None:
        value = table.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.problem((key,), f"{key} is not a table", f"write [{key}] and keys under it")
            return None
        return value


def _resolve(name: str, base_dir: Path | None) -> str:
    """A scenario or demand name: a path relative to the project file if it is a file."""
    if base_dir is None or not name.endswith((".toml", ".csv", ".csv.gz")):
        return name
    p = Path(name)
    return str(p if p.is_absolute() else base_dir / p)


def _exists(r: _Reader, path: KeyPath, files: list[str]) -> None:
    for f in files:
        if not Path(f).is_file():
            r.problem(path, f"{f} does not exist", "give a path relative to the project file")


def _capex(r: _Reader, table: Mapping[str, Any] | None) -> dict[int, float]:
    if table is None:
        r.problem(("capex",), "missing", "add a [capex] table: year = amount")
        return {}
    out: dict[int, float] = {}
    for key in table:
        try:
            year = int(key)
        except ValueError:
            r.problem(("capex", key), f"{key!r} is not a year", "write 2026 = 45e6")
            continue
        if not _MIN_YEAR <= year <= _MAX_YEAR:
            r.problem(("capex", key), f"year {year} is impossible", "give a year 1900-2200")
            continue
        amount = r.number(table, key, ("capex",), default=0.0, low=0.0)
        if amount is not None:
            out[year] = amount
    if table and not any(v > 0 for v in out.values()):
        r.problem(("capex",), "no positive capex", "give the investment by year")
    return out


def _capacity(r: _Reader, table: Mapping[str, Any] | None) -> dict[str, float]:
    if table is None:
        return {}
    out: dict[str, float] = {}
    for key in table:
        factor = r.number(table, key, ("capacity",), default=0.0, low=0.0, low_open=True)
        if factor:
            out[key] = factor
    return out


def _table_rate(r: _Reader, key: str, currency: str, project_currency: str) -> float:
    """Units of ``currency`` per ``project_currency`` from the packaged dated FX table."""
    if currency == project_currency:
        return 1.0
    try:
        return default_fx().convert(1.0, project_currency, currency)
    except InvalidArgumentError as exc:
        r.problem(("financing", key), str(exc).split(";")[0], f"give financing.{key}")
        return 1.0


def _financing(
    r: _Reader, table: Mapping[str, Any] | None, project_currency: str
) -> Financing | None:
    if table is None:
        return None
    p: KeyPath = ("financing",)
    r.unknown(table, _FINANCING, p)
    share = r.number(table, "loan_share", p, default=0.0, low=0.0, high=1.0) or 0.0
    rate = r.number(table, "rate", p, default=0.0, low=0.0, high=1.0) or 0.0
    tenor = r.integer(table, "tenor", p, default=1, low=1, high=100) or 1
    grace = r.integer(table, "grace", p, default=0, low=0, high=99) or 0
    if grace >= tenor:
        r.problem((*p, "grace"), f"grace {grace} is not shorter than tenor {tenor}", "shorten it")
    ccy = (r.text(table, "loan_currency", p, default=project_currency) or "USD").upper()
    rev_ccy = (r.text(table, "revenue_currency", p, default=project_currency) or "USD").upper()
    loan_fx = r.number(table, "loan_fx_rate", p, default=-1.0, low=0.0, low_open=True)
    fx = r.number(table, "fx_rate", p, default=-1.0, low=0.0, low_open=True)
    if loan_fx is not None and loan_fx < 0:
        loan_fx = _table_rate(r, "loan_fx_rate", ccy, project_currency)
    if fx is not None and fx < 0:
        fx = _table_rate(r, "fx_rate", rev_ccy, project_currency)
    return Financing(
        loan_share=share,
        rate=rate,
        tenor=tenor,
        grace=grace,
        loan_currency=ccy,
        loan_fx_rate=loan_fx or 1.0,
        revenue_currency=rev_ccy,
        fx_rate=fx or 1.0,
        fx_depreciation=r.number(table, "fx_depreciation", p, default=0.0, low=-0.5, high=1.0)
        or 0.0,
        tariff=r.number(table, "tariff", p, default=0.0, low=0.0) or 0.0,
        revenue_elements=r.texts(table, "revenue_elements", p),
    )


def _uncertainty(r: _Reader, table: Mapping[str, Any] | None) -> Uncertainty:
    if table is None:
        return Uncertainty()
    p: KeyPath = ("uncertainty",)
    r.unknown(table, _UNCERTAINTY, p)
    overrun: tuple[float, float, float] = (0.0, 0.0, 0.0)
    raw = table.get("capex_overrun")
    if raw is not None:
        ok = (
            isinstance(raw, list)
            and len(raw) == 3  # noqa: PLR2004 - low, mode, high
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in raw)
            and all(math.isfinite(v) for v in raw)
        )
        if not ok or not (-0.5 <= raw[0] <= raw[1] <= raw[2] <= 10.0):  # noqa: PLR2004
            r.problem(
                (*p, "capex_overrun"),
                f"{raw!r} is not a triangular (low, mode, high) of overrun shares",
                "write capex_overrun = [0.0, 0.1, 0.5] (low <= mode <= high, -0.5..10)",
            )
        else:
            overrun = (float(raw[0]), float(raw[1]), float(raw[2]))
    delay: tuple[float, ...] = (1.0,)
    raw = table.get("delay_probabilities")
    if raw is not None:
        ok = (
            isinstance(raw, list)
            and 1 <= len(raw) <= 11  # noqa: PLR2004
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in raw)
            and all(math.isfinite(v) and v >= 0 for v in raw)
            and abs(sum(raw) - 1.0) < 1e-6  # noqa: PLR2004
        )
        if not ok:
            r.problem(
                (*p, "delay_probabilities"),
                f"{raw!r} is not a list of probabilities summing to 1",
                "write delay_probabilities = [0.5, 0.3, 0.2] (0, 1, 2 years late)",
            )
        else:
            delay = tuple(float(v) for v in raw)
    return Uncertainty(
        demand_sd=r.number(table, "demand_sd", p, default=0.0, low=0.0, high=2.0) or 0.0,
        capex_overrun=overrun,
        fx_sd=r.number(table, "fx_sd", p, default=0.0, low=0.0, high=2.0) or 0.0,
        delay_probabilities=delay,
    )


def _sources(r: _Reader, table: Mapping[str, Any] | None) -> dict[str, str]:
    if table is None:
        return {}
    out = {}
    for key, value in table.items():
        if isinstance(value, str):
            out[key] = value
        else:
            r.problem(("sources", key), f"{value!r} is not a citation", 'write id = "citation"')
    return out


def parse_project(
    text: str, *, source: str = "<memory>", base_dir: str | PathLike[str] | None = None
) -> Project:
    """Read a project from TOML text.

    Parameters
    ----------
    text
        The TOML text.
    source
        Name of the file, for messages.
    base_dir
        Directory that relative ``scenario``, ``base_scenario`` and ``demand`` paths
        (``.toml``, ``.csv``) are resolved against; ``None``: as given.

    Returns
    -------
    Project
        The project.

    Raises
    ------
    ProjectError
        Listing every problem: TOML syntax, unknown keys, missing or mistyped values,
        impossible numbers (negative capex, a discount rate of 200 %, an opening year
        before the first capex year, ...), each with its line.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProjectError(
            [
                ProjectProblem(
                    source, getattr(exc, "lineno", 0) or 0, "", f"not TOML: {exc}", "fix the syntax"
                )
            ]
        ) from None
    r = _Reader(text, source)
    r.unknown(data, _TOP, ())
    folder = None if base_dir is None else Path(base_dir)
    name = r.text(data, "name", ()) or ""
    scenario = tuple(_resolve(s, folder) for s in r.texts(data, "scenario", ()))
    capacity = _capacity(r, r.table(data, "capacity"))
    if not scenario and not capacity:
        r.problem(
            ("scenario",),
            "no project case: neither a scenario nor a [capacity] table",
            'add scenario = "NAME or FILE.toml" (what the project changes)',
        )
    demand = r.text(data, "demand", ()) or ""
    demand_year = r.integer(data, "demand_year", (), low=_MIN_YEAR, high=_MAX_YEAR) or 0
    start = r.integer(data, "start_year", (), low=_MIN_YEAR, high=_MAX_YEAR) or 0
    opening = r.integer(data, "opening_year", (), low=_MIN_YEAR, high=_MAX_YEAR) or 0
    lifetime = r.integer(data, "lifetime", (), low=1, high=_MAX_LIFETIME) or 1
    if start and opening and opening < start:
        r.problem(("opening_year",), f"{opening} is before start_year {start}", "open later")
    capex = _capex(r, r.table(data, "capex"))
    if start and capex and min(capex) < start:
        r.problem(("capex",), f"capex in {min(capex)}, before start_year {start}", "start earlier")
    if start and opening and capex and max(capex) >= opening + lifetime:
        r.problem(("capex",), f"capex in {max(capex)}, after the lifetime", "move it earlier")
    currency = (r.text(data, "currency", (), default="USD") or "USD").upper()
    financing = _financing(r, r.table(data, "financing"), currency)
    if financing is not None and start and capex and financing.loan_share > 0:
        last = max(y for y, v in capex.items() if v > 0) - start
        if last > financing.grace:
            r.problem(
                ("financing", "grace"),
                f"the loan is drawn with capex until year {last} after the start but the "
                f"grace period is {financing.grace} years",
                f"set grace >= {last}",
            )
    if folder is not None:
        _exists(r, ("demand",), [_resolve(demand, folder)] if demand else [])
        _exists(r, ("scenario",), [s for s in scenario if s.endswith(".toml")])
    vot = r.number(data, "value_of_time_usd_per_teu_day", (), default=-1.0, low=0.0, low_open=True)
    fdr = r.number(data, "financial_discount_rate", (), default=-1.0, low=0.0, high=0.5)
    project = Project(
        name=name,
        scenario=scenario,
        demand=_resolve(demand, folder) if demand else demand,
        demand_year=demand_year,
        start_year=start,
        opening_year=opening,
        lifetime=lifetime,
        capex=freeze_map(capex),
        discount_rate=r.number(data, "discount_rate", (), low=0.0, high=0.5) or 0.0,
        description=r.text(data, "description", (), default="") or "",
        currency=currency,
        base_scenario=tuple(_resolve(s, folder) for s in r.texts(data, "base_scenario", ())),
        capacity=freeze_map(capacity),
        growth=r.number(data, "growth", (), default=0.0, low=-0.5, high=1.0) or 0.0,
        value_of_time_usd_per_teu_day=None if vot is None or vot < 0 else vot,
        reliability_ratio=r.number(data, "reliability_ratio", (), default=1.0, low=0.0, high=10.0)
        or 0.0,
        carbon_usd_per_t=r.number(data, "carbon_usd_per_t", (), default=0.0, low=0.0, high=1e4)
        or 0.0,
        opex_per_year=r.number(data, "opex_usd_per_year", (), default=0.0, low=0.0) or 0.0,
        residual_share=r.number(data, "residual_share", (), default=0.0, low=0.0, high=1.0) or 0.0,
        financial_discount_rate=None if fdr is None or fdr < 0 else fdr,
        anchors=r.integer(data, "anchors", (), default=3, low=2, high=12) or 3,
        gap=r.number(data, "gap", (), default=1e-4, low=0.0, high=0.1, low_open=True) or 1e-4,
        financing=financing,
        uncertainty=_uncertainty(r, r.table(data, "uncertainty")),
        sources=freeze_map(_sources(r, r.table(data, "sources"))),
        path=source,
        lines=freeze_map(
            {
                **{f"capacity.{k}": r.lines.line(("capacity", k)) for k in capacity},
                "financing.revenue_elements": r.lines.line(("financing", "revenue_elements")),
            }
        ),
    )
    if r.problems:
        raise ProjectError(sorted(r.problems, key=lambda q: (q.line == 0, q.line)))
    return project


def read_project(path: str | PathLike[str]) -> Project:
    """Read a project file.

    Parameters
    ----------
    path
        The ``.toml`` file; relative scenario and demand paths in it are read from its
        folder.

    Returns
    -------
    Project
        The project.

    Raises
    ------
    ProjectError
        If the file cannot be read, is too large, or has problems (all listed, with lines).
    """
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_PROJECT_BYTES:
            raise ProjectError(
                [ProjectProblem(str(p), 0, "", f"{size:,} bytes", "keep it under 1 MB")]
            )
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProjectError(
            [ProjectProblem(str(p), 0, "", f"cannot be read ({exc})", "give a readable TOML file")]
        ) from None
    return parse_project(text, source=str(p), base_dir=p.parent)


def check_project_ids(project: Project, network: Network) -> None:
    """Refuse ids of ``[capacity]`` and ``financing.revenue_elements`` unknown to ``network``.

    Parameters
    ----------
    project
        The project.
    network
        The base network (with the base scenarios applied).

    Raises
    ------
    ProjectError
        Listing every unknown id, or capacity element with no capacity to scale, with
        its line in the project file.
    """
    nodes = {n.id: n for n in network.nodes}
    links = {lk.id: lk for lk in network.links}
    problems = []
    for element in project.capacity:
        key = f"capacity.{element}"
        line = project.lines.get(key, 0)
        node, link = nodes.get(element), links.get(element)
        if node is None and link is None:
            problems.append(
                ProjectProblem(
                    project.path,
                    line,
                    key,
                    f"{element!r} is neither a node nor a link id",
                    "use an id from `corridor places` or `corridor network`",
                )
            )
        elif (node is not None and not any(t.capacity for t in node.transfers)) or (
            link is not None and node is None and link.capacity is None
        ):
            problems.append(
                ProjectProblem(
                    project.path,
                    line,
                    key,
                    f"{element!r} has no capacity to scale",
                    "name a port, gauge-change station or link with a capacity",
                )
            )
    if project.financing is not None:
        key = "financing.revenue_elements"
        problems.extend(
            ProjectProblem(
                project.path,
                project.lines.get(key, 0),
                key,
                f"{element!r} is neither a node nor a link id",
                "use an id from `corridor places` or `corridor network`",
            )
            for element in project.financing.revenue_elements
            if element not in nodes and element not in links
        )
    if problems:
        raise ProjectError(problems)
