"""``corridor appraise``: NPV, BCR, IRR, financing, sensitivity and risk of projects."""

from __future__ import annotations

import json
import math
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from corridor.cli._common import NetworkOption, check_number, handle_errors, load_network

if TYPE_CHECKING:
    from corridor.appraisal.appraise import Appraisal
    from corridor.appraisal.portfolio import Portfolio

__all__ = ["appraise_command", "render_appraisal", "render_portfolio"]

_MAX_DRAWS = 1_000_000


class AppraiseFormat(StrEnum):
    """Output formats."""

    table = "table"
    json = "json"


def _m(x: float | None) -> str:
    """Millions with a sign, or ``-`` when not defined."""
    return "-" if x is None or not math.isfinite(x) else f"{x / 1e6:,.1f}"


def _pct(x: float | None) -> str:
    return "-" if x is None or not math.isfinite(x) else f"{x:.1%}"


def _num(x: float | None, spec: str = ".2f") -> str:
    return "-" if x is None or not math.isfinite(x) else format(x, spec)


def render_appraisal(a: Appraisal) -> str:
    """The printable report of one appraisal.

    Parameters
    ----------
    a
        The appraisal.

    Returns
    -------
    str
        Plain text, no trailing newline.
    """
    p = a.project
    c = a.central
    cur = p.currency
    last = p.opening_year + p.lifetime - 1
    lines = [
        f"{p.name}: {p.description}" if p.description else p.name,
        (
            f"capex {cur} {_m(p.total_capex)} M ({min(p.capex)}-{max(p.capex)}), opening "
            f"{p.opening_year}, {p.lifetime} years to {last}; discount rate "
            f"{p.discount_rate:.1%}"
        ),
        "",
        "Economic appraisal (million " + cur + f", present values at year {p.start_year}):",
        f"  ENPV {_m(c.economic_npv)}   BCR {_num(c.bcr)}   EIRR {_pct(c.eirr)}   payback "
        + (
            "not within the lifetime"
            if c.payback_years is None
            else f"{c.payback_years:.1f} years ({p.start_year + c.payback_years:.0f})"
        ),
        (
            f"  benefits: time {_m(c.pv_benefits['time'])}, money {_m(c.pv_benefits['money'])},"
            f" reliability {_m(c.pv_benefits['reliability'])}, CO2 "
            f"{_m(c.pv_benefits['carbon'])}, residual {_m(c.pv_benefits['residual'])}"
        ),
        f"  costs: capex {_m(c.pv_benefits['capex'])}, opex {_m(c.pv_benefits['opex'])}",
    ]
    fin = p.financing
    if fin is not None:
        lines += [
            "",
            (
                f"Financial (revenue {fin.tariff:,.0f} {fin.revenue_currency}/extra TEU at "
                f"{', '.join(fin.revenue_elements) or '-'}; loan {fin.loan_share:.0%} in "
                f"{fin.loan_currency} at {fin.rate:.1%}, {fin.tenor} y, {fin.grace} y grace):"
            ),
            (
                f"  FNPV {_m(c.financial_npv)}   FIRR {_pct(c.firr)}   equity IRR "
                f"{_pct(c.equity_irr)}   DSCR min {_num(c.dscr_min)} / avg {_num(c.dscr_avg)}"
            ),
        ]
    lines += ["", "Benefits per year at the anchor demand levels (million " + cur + "):"]
    lines.append(
        f"  {'demand x':>9} {'time':>9} {'money':>9} {'reliab.':>9} {'CO2 kt':>8} {'extra TEU':>10}"
    )
    cv = a.curve
    lines.extend(
        f"  {cv.scales[i]:>9.2f} {_m(cv.time_usd[i]):>9} {_m(cv.money_usd[i]):>9} "
        f"{_m(cv.reliability_usd[i]):>9} {cv.co2_t[i] / 1e3:>8,.1f} {cv.extra_teu[i]:>10,.0f}"
        for i in range(cv.scales.shape[0])
    )
    lines += ["", "Sensitivity (each input -20 % / +20 %):"]
    lines.append(
        f"  {'input':<15} {'ENPV -20%':>11} {'ENPV +20%':>11} {'BCR -20%':>9} {'BCR +20%':>9}"
        + (f" {'FNPV -20%':>11} {'FNPV +20%':>11}" if fin is not None else "")
    )
    for r in a.sensitivity:
        row = (
            f"  {r.input:<15} {_m(r.npv_low):>11} {_m(r.npv_high):>11} "
            f"{_num(r.bcr_low):>9} {_num(r.bcr_high):>9}"
        )
        if fin is not None:
            row += f" {_m(r.fnpv_low):>11} {_m(r.fnpv_high):>11}"
        lines.append(row)
    mc = a.monte_carlo
    if mc is not None:
        q = mc.percentiles()
        u = p.uncertainty
        lines += [
            "",
            (
                f"Monte Carlo ({mc.draws:,} draws, seed {mc.seed}; demand log-sd "
                f"{u.demand_sd:g}, capex overrun {list(u.capex_overrun)}, FX log-sd "
                f"{u.fx_sd:g}, delay P {list(u.delay_probabilities)}):"
            ),
            (
                f"  ENPV P10 {_m(q['p10'])}   P50 {_m(q['p50'])}   P90 {_m(q['p90'])}   mean "
                f"{_m(q['mean'])}   P(ENPV < 0) {q['prob_negative']:.0%}   BCR P50 "
                f"{q['bcr_p50']:.2f}"
            ),
        ]
    lines += [
        "",
        (
            f"Assignments: {cv.scales.shape[0]} demand levels x 2 cases, relative gap <= "
            f"{cv.relative_gap:.1e}, {cv.seconds:.1f} s; value of time "
            f"US${cv.value_of_time_usd_per_hour * 24:,.2f}/TEU-day"
        ),
        "Assumptions:",
    ]
    from corridor.appraisal.appraise import assumptions  # noqa: PLC0415 - lazy CLI

    lines.extend(f"  - {s}" for s in assumptions(p))
    return "\n".join(lines)


def render_portfolio(portfolio: Portfolio, currency: str = "USD") -> str:
    """The printable ranking of a portfolio.

    Parameters
    ----------
    portfolio
        The ranking.
    currency
        Currency of the amounts.

    Returns
    -------
    str
        Plain text, no trailing newline.
    """
    budget = (
        "no budget"
        if not math.isfinite(portfolio.budget)
        else f"budget {currency} {_m(portfolio.budget)} M"
    )
    lines = [
        (
            f"Portfolio ({budget}; {portfolio.method} choice): {currency} {_m(portfolio.capex)} M "
            f"capex, ENPV {_m(portfolio.economic_npv)} M"
        ),
        (
            f"  {'project':<36} {'capex M':>9} {'ENPV M':>9} {'BCR':>6} {'NPV/PV capex':>13} "
            f"{'#BCR':>5} {'#NPV/$':>6}  selected"
        ),
    ]
    lines.extend(
        f"  {r.name[:36]:<36} {_m(r.capex):>9} {_m(r.economic_npv):>9} {_num(r.bcr):>6} "
        f"{_num(r.npv_per_capex):>13} {r.rank_bcr:>5} {r.rank_npv_per_capex:>6}  "
        f"{'yes' if r.selected else 'no'}"
        for r in portfolio.rows
    )
    return "\n".join(lines)


@handle_errors
def appraise_command(
    projects: Annotated[
        list[Path],
        typer.Argument(
            help="Project file(s) (.toml): scenario, capex by year, opex, lifetime, "
            "financing, uncertainty. Several: a portfolio.",
            show_default=False,
        ),
    ],
    plot: Annotated[
        Path | None,
        typer.Option(
            "--plot",
            help="Write the tornado plot (ENPV at each input -20 %/+20 %) to this image file.",
            show_default=False,
        ),
    ] = None,
    draws: Annotated[
        int, typer.Option("--draws", help="Monte Carlo draws (0: none; at most 1,000,000).")
    ] = 10_000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the Monte Carlo (>= 0).")] = 0,
    budget: Annotated[
        float | None,
        typer.Option(
            "--budget",
            help="Most total capex for the portfolio, e.g. 500e6 (project currency).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        AppraiseFormat, typer.Option("--format", "-f", help="table or json.")
    ] = AppraiseFormat.table,
    network: NetworkOption = None,
) -> None:
    """Appraise investment projects: ENPV, BCR, EIRR, payback, FIRR, equity IRR, DSCR.

    Benefits come from assignments of the demand on the network with and without the
    project (its scenario) at a few demand levels; a sensitivity table (-20 %/+20 %) and
    a Monte Carlo of demand, capex overrun, FX and delay follow. Several files: each is
    appraised, then ranked by BCR and NPV per dollar, and chosen under --budget.

    Example: [bold]corridor appraise examples/aktau_expansion.toml --plot tornado.png[/bold]
    """
    from corridor.appraisal.appraise import appraise  # noqa: PLC0415 - lazy: fast --help
    from corridor.appraisal.project import read_project  # noqa: PLC0415

    check_number("--draws", draws, low=0, high=_MAX_DRAWS)
    check_number("--seed", seed, low=0)
    check_number("--budget", budget, low=0.0)
    if plot is not None:
        from corridor.reliability.plot import image_path  # noqa: PLC0415

        plot = image_path(plot)
        if len(projects) > 1:
            from corridor.exceptions import CorridorError  # noqa: PLC0415

            raise CorridorError("--plot draws one project's tornado; fix: give one project file")
    read = [read_project(p) for p in projects]  # every file checked before any assignment
    net = load_network(network) if network is not None else None
    appraisals = [appraise(p, network=net, draws=draws, seed=seed) for p in read]
    if plot is not None:
        from corridor.appraisal.plot import plot_tornado  # noqa: PLC0415

        plot_tornado(appraisals[0], plot)
    portfolio = None
    if len(appraisals) > 1 or budget is not None:
        from corridor.appraisal.portfolio import rank_portfolio  # noqa: PLC0415

        portfolio = rank_portfolio(appraisals, budget=budget)
    if fmt is AppraiseFormat.json:
        data: dict[str, object] = {"projects": [a.to_dict() for a in appraisals]}
        if portfolio is not None:
            data["portfolio"] = portfolio.to_dict()
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False) + "\n")
        return
    text = "\n\n".join(render_appraisal(a) for a in appraisals)
    if portfolio is not None:
        text += "\n\n" + render_portfolio(portfolio, read[0].currency)
    if plot is not None:
        text += f"\n\nTornado plot written to {plot}"
    sys.stdout.write(text + "\n")
