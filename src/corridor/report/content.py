"""What a report says, gathered once: the comparison, simulations, landed cost, sources.

The HTML page (:mod:`corridor.report.html`) and the PDF (:mod:`corridor.report.pdf`) are
two renderings of the same :class:`ReportContent`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from corridor.exceptions import InvalidArgumentError

if TYPE_CHECKING:
    from corridor.network.model import Network, Provenance
    from corridor.planning.compare import Comparison
    from corridor.reliability.montecarlo import TransitSimulation
    from corridor.routing.options import RouteOptions
    from corridor.routing.result import Route

__all__ = ["MAX_REPORT_SAMPLES", "ReportContent", "ReportSettings", "gather"]

#: The most sampled transits per option a report simulates.
MAX_REPORT_SAMPLES = 200_000


@dataclass(frozen=True, slots=True)
class ReportSettings:
    """What a report shows beyond the comparison itself.

    Parameters
    ----------
    scenarios
        Names of the scenarios applied to the network (shown in the header).
    deadline_days
        A deadline in days: marked on the chart, with each option's on-time probability.
    value
        Value of the goods (USD) for the landed-cost table; ``None``: no table.
    quantity
        Number of cargo units the value is spread over.
    samples
        Sampled transits per option for the distribution chart.
    seed
        Seed of the simulations (same seed, same report).
    """

    scenarios: tuple[str, ...] = ()
    deadline_days: float | None = None
    value: float | None = None
    quantity: int = 1
    samples: int = 5_000
    seed: int = 1


def _check(settings: ReportSettings) -> None:
    from corridor._checks import check_number  # noqa: PLC0415

    if settings.deadline_days is not None:
        check_number("deadline_days", settings.deadline_days, low=0.0)
    if settings.value is not None:
        check_number("value", settings.value, low=0.0)
    check_number("quantity", settings.quantity, low=1)
    check_number("samples", settings.samples, low=1, high=MAX_REPORT_SAMPLES)
    if not isinstance(settings.seed, int) or settings.seed < 0:
        raise InvalidArgumentError(f"seed={settings.seed!r}: use a whole number 0 or more")


def _sources(net: Network, routes: Sequence[Route]) -> list[tuple[str, str, list[str]]]:
    """``(source, kind, fields)`` of the links, borders and passages the routes use."""
    found: dict[tuple[str, str], set[str]] = {}

    def add(prov: dict[str, Provenance] | Any, what: str) -> None:  # noqa: ANN401
        for field_name, p in prov.items():
            found.setdefault((p.source, p.kind), set()).add(f"{what} {field_name}")

    for route in routes:
        for leg in route.legs:
            if leg.link_id is not None:
                link = net.link(leg.link_id)
                add(link.provenance, link.mode)
            elif leg.kind == "border":
                node = net.node(leg.from_id)
                if node.border is not None:
                    add(node.border.provenance, "border")
            if leg.kind in ("move", "border", "transfer"):
                node = net.node(leg.to_id)
                if node.passage is not None:
                    add(getattr(node.passage, "provenance", {}), "passage")
    rows = [(src, kind, sorted(fields)) for (src, kind), fields in found.items()]
    rows.sort(key=lambda r: (-len(r[2]), r[0]))
    return rows


@dataclass(frozen=True, slots=True)
class ReportContent:
    """Everything a report shows, computed once.

    Parameters
    ----------
    comparison
        The corridor comparison.
    simulations
        ``(corridor, simulation)`` per option, in table order.
    landed
        The landed-cost comparison as JSON (``None`` without a value of the goods).
    sources
        ``(source, kind, fields)`` of the links, borders and passages used.
    title
        ``Origin → Destination``.
    facts
        The request in words (cargo, month, closures, scenarios).
    made
        Version, date and network the report was made with.
    settings
        The settings it was made with.
    """

    comparison: Comparison
    simulations: tuple[tuple[str, TransitSimulation], ...]
    landed: dict[str, Any] | None
    sources: tuple[tuple[str, str, tuple[str, ...]], ...]
    title: str
    facts: tuple[str, ...]
    made: str
    settings: ReportSettings


def gather(
    network: Network,
    origin: str,
    destination: str,
    *,
    options: RouteOptions | None = None,
    settings: ReportSettings | None = None,
) -> ReportContent:
    """Compare, simulate, cost and collect the sources for a report.

    Parameters
    ----------
    network
        The network (with any scenario applied).
    origin, destination
        Node ids (or names, matched as :func:`corridor.compare` matches them).
    options
        Route options (cargo, closures, countries avoided, month, ...).
    settings
        Deadline, value of the goods, samples and scenario names shown.

    Returns
    -------
    ReportContent
        What the report shows.

    Raises
    ------
    InvalidArgumentError
        If a setting is out of range (a negative deadline or value, samples above
        200,000).
    UnknownPlaceError
        If a place is not in the network.
    NoRouteError
        If no corridor connects the places.
    """
    from corridor import __version__  # noqa: PLC0415
    from corridor.finance.landed import landed_cost_of_comparison  # noqa: PLC0415
    from corridor.planning import compare  # noqa: PLC0415
    from corridor.reliability.simulate import simulate_route  # noqa: PLC0415

    settings = settings or ReportSettings()
    _check(settings)
    comparison = compare(network, origin, destination, options=options)
    routes = list(comparison.options)
    month = options.month if options is not None else None
    sims = tuple(
        (
            r.corridor,
            simulate_route(network, r, samples=settings.samples, month=month, seed=settings.seed),
        )
        for r in routes
    )
    facts = [f"cargo {comparison.cargo.id}", f"ranked by {comparison.optimize}"]
    if options is not None:
        if options.month is not None:
            facts.append(f"month {options.month}")
        if options.date is not None:
            facts.append(f"date {options.date}")
        if options.close:
            facts.append("closed: " + ", ".join(options.close))
        if options.avoid_countries:
            facts.append("avoiding " + ", ".join(options.avoid_countries))
    if settings.scenarios:
        facts.append("scenarios: " + ", ".join(settings.scenarios))
    landed = None
    if settings.value is not None:
        landed = landed_cost_of_comparison(
            network,
            comparison,
            value=settings.value,
            quantity=settings.quantity,
            deadline=settings.deadline_days,
            samples=settings.samples,
            seed=settings.seed,
            month=month,
        ).to_dict()
    today = dt.datetime.now(dt.UTC).date().isoformat()
    return ReportContent(
        comparison=comparison,
        simulations=sims,
        landed=landed,
        sources=tuple((s, k, tuple(f)) for s, k, f in _sources(network, routes)),
        title=f"{comparison.origin.name} → {comparison.destination.name}",
        facts=tuple(facts),
        made=f"corridor {__version__} on {today}, network {network.name}",
        settings=settings,
    )
