"""Demand growth of a scenario, applied to a demand table.

Growth is kept on the :class:`~corridor.scenarios.model.Scenario` (a network holds no
demand) and applied here: by origin–destination pair, or by corridor family (the family
of the pair's best route on a network).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from os import PathLike

from corridor.assignment.demand import Demand
from corridor.exceptions import CorridorError, InvalidArgumentError, NoRouteError
from corridor.network.model import Network
from corridor.network.places import resolve_place
from corridor.planning.best import route
from corridor.scenarios.builtin import _as_list
from corridor.scenarios.model import DemandGrowth, Scenario, ScenarioError, ScenarioProblem

__all__ = ["grow_demand", "growth_factor"]

MIN_YEAR = 1900
MAX_YEAR = 2200


def growth_factor(growth: DemandGrowth, year: int | None = None) -> float:
    """The multiplier of one growth entry in ``year``.

    Parameters
    ----------
    growth
        The entry: a ``factor``, or an ``annual_rate`` over ``years`` from ``from_year``.
    year
        The year asked for; ``None``: the entry's own horizon (its ``factor``).

    Returns
    -------
    float
        ``factor``; or ``(1 + annual_rate) ** (year - from_year)`` when the entry has a
        rate and a first year and ``year`` is given (1 before ``from_year``).
    """
    if year is None or growth.annual_rate is None or growth.from_year is None:
        return growth.factor
    return float((1.0 + growth.annual_rate) ** max(0, year - growth.from_year))


def _check_year(year: object) -> None:
    if year is None:
        return
    if not isinstance(year, int) or isinstance(year, bool) or not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidArgumentError(
            f"year={year!r}: must be a whole year from {MIN_YEAR} to {MAX_YEAR}",
            parameter="year",
        )


def grow_demand(
    demand: Demand,
    scenario: Scenario | str | PathLike[str] | Sequence[Scenario | str | PathLike[str]],
    year: int | None = None,
    *,
    network: Network | None = None,
) -> Demand:
    """Demand grown by the scenarios' growth entries (the input is not changed).

    Entries multiply: an OD entry applies to its pair (place names resolved on
    ``network``, else compared as ids), a corridor entry to every pair whose best route
    (generalized cost) on ``network`` belongs to that corridor family.

    Parameters
    ----------
    demand
        The base demand table.
    scenario
        Scenarios as for :func:`corridor.scenarios.apply_scenario`.
    year
        The year asked for (see :func:`growth_factor`); ``None``: each entry's horizon.
    network
        The network for corridor entries and place names (needed when a scenario grows
        a corridor).

    Returns
    -------
    Demand
        Rows with volumes and TEU multiplied.

    Raises
    ------
    InvalidArgumentError
        For a year outside 1900..2200, or corridor growth without a ``network``.
    ScenarioError
        If a scenario cannot be loaded or an OD place is unknown on ``network``.
    """
    _check_year(year)
    entries = [g for s in _as_list(scenario) for g in s.demand_growth]
    if not entries:
        return demand
    if network is None and any(g.corridor is not None for g in entries):
        raise InvalidArgumentError(
            "network=None: corridor demand growth needs the network to find each pair's "
            "corridor; pass network=",
            parameter="network",
        )
    pairs = _resolved_pairs(entries, network)
    families: dict[tuple[str, str], str | None] = {}
    rows = []
    for row in demand.rows:
        f = 1.0
        for g, pair in zip(entries, pairs, strict=True):
            if pair is not None:
                if pair == (row.origin, row.destination):
                    f *= growth_factor(g, year)
            elif g.corridor is not None and network is not None:
                key = (row.origin, row.destination)
                if key not in families:
                    families[key] = _family(network, *key)
                if families[key] == g.corridor:
                    f *= growth_factor(g, year)
        rows.append(row if f == 1.0 else replace(row, volume=row.volume * f, teu=row.teu * f))
    return replace(demand, rows=tuple(rows))


def _resolved_pairs(
    entries: list[DemandGrowth], network: Network | None
) -> list[tuple[str, str] | None]:
    problems: list[ScenarioProblem] = []
    out: list[tuple[str, str] | None] = []
    for g in entries:
        if g.origin is None or g.destination is None:
            out.append(None)
            continue
        ends = []
        for key, place in (("origin", g.origin), ("destination", g.destination)):
            if network is None:
                ends.append(place)
                continue
            try:
                ends.append(resolve_place(network, place).id)
            except CorridorError as exc:
                w = g.where
                problems.append(ScenarioProblem(w.file, w.line, f"{w.key}.{key}", str(exc), ""))
                ends.append(place)
        out.append((ends[0], ends[1]))
    if problems:
        raise ScenarioError(problems)
    return out


def _family(network: Network, origin: str, destination: str) -> str | None:
    try:
        return route(network, origin, destination).corridor
    except NoRouteError:
        return None
