"""Scenarios: named sets of edits to a network, read from TOML files.

A :class:`Scenario` is data only: what to close or reopen, which numbers change, what
is added, which rate and operating regimes hold, and settings the network has no place
for (carbon price, demand growth). :func:`corridor.scenarios.apply_scenario` turns it
into a new :class:`~corridor.network.model.Network`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from corridor._typing import CapacityUnit, Regime, TariffUnit
from corridor.exceptions import CorridorError, FileProblem
from corridor.network.frozen import EMPTY, FrozenMap, freeze_map

__all__ = [
    "CLOSE_TARGETS",
    "AddFeature",
    "BorderRegimeEdit",
    "CapacityEdit",
    "CloseEdit",
    "CloseTarget",
    "DemandGrowth",
    "Edit",
    "FxEdit",
    "HeadwayEdit",
    "RegimeEdit",
    "Scenario",
    "ScenarioError",
    "ScenarioProblem",
    "SpeedEdit",
    "TariffEdit",
    "ValueOfTimeEdit",
    "Where",
]

CloseTarget = Literal["chokepoints", "nodes", "links", "services", "countries", "frontiers"]
"""What a ``[[close]]`` or ``[[reopen]]`` entry names."""

CLOSE_TARGETS: tuple[CloseTarget, ...] = (
    "chokepoints",
    "nodes",
    "links",
    "services",
    "countries",
    "frontiers",
)


ScenarioProblem = FileProblem
"""One problem in a scenario file (a :class:`~corridor.exceptions.FileProblem`)."""


class ScenarioError(ValueError, CorridorError):
    """A scenario file (or its application to a network) has one or more problems.

    Parameters
    ----------
    problems
        Every problem found; :attr:`problems` keeps them in file order (by file, then
        line), the message lists them.
    partial
        For a file with problems: the edits that could be read, so that their ids can
        still be checked against a network
        (:func:`~corridor.scenarios.apply_scenario` adds those problems to the list);
        ``None`` otherwise.
    """

    def __init__(
        self,
        problems: list[ScenarioProblem] | tuple[ScenarioProblem, ...],
        *,
        partial: Scenario | None = None,
    ) -> None:
        # in file order: by file, then line (stable, so one line keeps its order)
        self.problems: tuple[ScenarioProblem, ...] = tuple(
            sorted(problems, key=lambda p: (p.file, p.line))
        )
        self.partial = partial
        head = f"{len(self.problems)} problem(s) in the scenario"
        super().__init__(head + ":\n" + "\n".join(str(p) for p in self.problems))

    def __reduce__(
        self,
    ) -> tuple[type[ScenarioError], tuple[tuple[ScenarioProblem, ...]], dict[str, object]]:
        """Pickle as the problems (an error raised on a Dask worker reaches the client)."""
        return (type(self), (self.problems,), {"partial": self.partial})


@dataclass(frozen=True, slots=True)
class Where:
    """Where an edit is written: file, line and key path (for messages).

    Parameters
    ----------
    file
        The scenario file.
    line
        Line of the edit's table.
    key
        Key path of the edit's table (``capacity[2]``).
    lines
        Line of each key written in the table.
    """

    file: str = "<memory>"
    line: int = 0
    key: str = ""
    lines: Mapping[str, int] = EMPTY

    def __post_init__(self) -> None:
        if type(self.lines) is not FrozenMap:
            object.__setattr__(self, "lines", freeze_map(self.lines))

    def line_of(self, key: str) -> int:
        """The line of ``key`` in the table (the table's own line if not written).

        Parameters
        ----------
        key
            A key of the table (a dotted path: its first part counts).

        Returns
        -------
        int
            1-based line, or 0 when unknown.
        """
        return self.lines.get(key.split(".", maxsplit=1)[0], self.line) if key else self.line


@dataclass(frozen=True, slots=True)
class CloseEdit:
    """Close (or reopen) chokepoints, nodes, links, services, countries or frontiers.

    Parameters
    ----------
    target
        What ``ids`` name.
    ids
        Node ids, link ids, service names, ISO codes, or frontiers ``"CN-KZ"``.
    reopen
        Reopen instead of close.
    source
        Source id (optional for closures).
    note
        Free text.
    where
        Location in the file.
    """

    target: CloseTarget
    ids: tuple[str, ...]
    reopen: bool = False
    source: str | None = None
    note: str | None = None
    where: Where = field(default_factory=Where)


@dataclass(frozen=True, slots=True)
class CapacityEdit:
    """Set or scale the capacity of links or of the transfers at nodes.

    Parameters
    ----------
    links, nodes
        Link ids; node ids (their transfers).
    transfer
        ``(from_mode, to_mode)`` of the transfer at ``nodes`` to change (``None``: all).
    value, unit
        The new capacity (both given), or ``None``.
    factor
        Multiplier of the present capacity, or ``None``.
    source, estimate, note, where
        Provenance and location.
    """

    links: tuple[str, ...] = ()
    nodes: tuple[str, ...] = ()
    transfer: tuple[str, str] | None = None
    value: float | None = None
    unit: CapacityUnit | None = None
    factor: float | None = None
    source: str | None = None
    estimate: bool = False
    note: str | None = None
    where: Where = field(default_factory=Where)


@dataclass(frozen=True, slots=True)
class SpeedEdit:
    """Set the commercial speed of links, or scale their running speed.

    Parameters
    ----------
    links
        Link ids.
    speed_kmh
        New speed (the link's running-time distribution, if any, is dropped).
    factor
        Speed multiplier (``1.5``: 50 % faster; running times divided by it).
    source, estimate, note, where
        Provenance and location.
    """

    links: tuple[str, ...]
    speed_kmh: float | None = None
    factor: float | None = None
    source: str | None = None
    estimate: bool = False
    note: str | None = None
    where: Where = field(default_factory=Where)


@dataclass(frozen=True, slots=True)
class TariffEdit:
    """Set or scale the tariffs of links or of every link of services.

    Parameters
    ----------
    links, services
        Link ids; service names.
    fixed, per_km, currency, unit
        New tariff (``fixed``/``per_km`` with ``currency``), or ``None``.
    factor
        Multiplier of the tariffs (head- and back-haul), or ``None``.
    source, estimate, note, where
        Provenance and location.
    """

    links: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    fixed: float | None = None
    per_km: float | None = None
    currency: str | None = None
    unit: TariffUnit | None = None
    factor: float | None = None
    source: str | None = None
    estimate: bool = False
    note: str | None = None
    where: Where = field(default_factory=Where)


@dataclass(frozen=True, slots=True)
class BorderRegimeEdit:
    """Switch the border regime (``paper``/``digital``) of crossings.

    Parameters
    ----------
    regime
        The regime to put in force.
    nodes, countries
        Crossing node ids; ISO codes (crossings touching them). Both empty: every border.
    source, note, where
        Provenance and location.
    """

    regime: Regime
    nodes: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    source: str | None = None
    note: str | None = None
    where: Where = field(default_factory=Where)


@dataclass(frozen=True, slots=True)
class HeadwayEdit:
    """Change the time between departures of services.

    Parameters
    ----------
    services
        Service names.
    headway_h
        New mean headway (hours); the distribution keeps its shape.
    sailings_per_week
        New departures per week (mean headway ``168 / sailings_per_week``).
    factor
        Headway multiplier (``2``: half the sailings).
    source, estimate, note, where
        Provenance and location.
    """

    services: tuple[str, ...]
    headway_h: float | None = None
    sailings_per_week: float | None = None
    factor: float | None = None
    source: str | None = None
    estimate: bool = False
    note: str | None = None
    where: Where = field(default_factory=Where)


@dataclass(frozen=True, slots=True)
class RegimeEdit:
    """Pin the sea-rate regime and/or the rail operating regime.

    Parameters
    ----------
    sea_rates
        Id of the sea-rate regime that holds on every date (the others are dropped).
    sea_rates_date
        Or: the date whose sea-rate regime holds on every date.
    rail_operations
        Id of the rail operating regime made the default.
    source, note, where
        Provenance and location.
    """

    sea_rates: str | None = None
    sea_rates_date: str | None = None
    rail_operations: str | None = None
    source: str | None = None
    note: str | None = None
    where: Where = field(default_factory=Where)


@dataclass(frozen=True, slots=True)
class FxEdit:
    """Replace exchange rates (units of a currency per one unit of the base).

    Parameters
    ----------
    rates
        ``{"EUR": 0.92}``; currencies not listed keep their rate.
    date
        Date of the rates.
    source, estimate, note, where
        Provenance and location.
    """

    rates: Mapping[str, float]
    date: str | None = None
    source: str | None = None
    estimate: bool = False
    note: str | None = None
    where: Where = field(default_factory=Where)

    def __post_init__(self) -> None:
        if type(self.rates) is not FrozenMap:
            object.__setattr__(self, "rates", freeze_map(self.rates))


@dataclass(frozen=True, slots=True)
class ValueOfTimeEdit:
    """Set the value of time of a cargo class.

    Parameters
    ----------
    cargo
        Cargo class id (``FEU``).
    usd_per_day
        Value of one day in transit per unit.
    source, estimate, note, where
        Provenance and location.
    """

    cargo: str
    usd_per_day: float
    source: str | None = None
    estimate: bool = False
    note: str | None = None
    where: Where = field(default_factory=Where)


@dataclass(frozen=True, slots=True)
class AddFeature:
    """Add a node, a link, a transfer at a node, or a service (links between calls).

    Parameters
    ----------
    kind
        ``node``, ``link``, ``transfer`` or ``service``.
    properties
        The fields, as in the network file format (docs/network-format.md).
    source, estimate, note, where
        Provenance (applied to every number of the feature) and location.
    """

    kind: Literal["node", "link", "transfer", "service"]
    properties: Mapping[str, Any]
    source: str | None = None
    estimate: bool = False
    note: str | None = None
    where: Where = field(default_factory=Where)

    def __post_init__(self) -> None:
        if type(self.properties) is not FrozenMap:
            object.__setattr__(self, "properties", freeze_map(_frozen(self.properties)))


def _frozen(value: Any) -> Any:  # noqa: ANN401 - TOML values
    if isinstance(value, Mapping):
        return freeze_map({k: _frozen(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    return value


Edit = (
    CloseEdit
    | CapacityEdit
    | SpeedEdit
    | TariffEdit
    | BorderRegimeEdit
    | HeadwayEdit
    | RegimeEdit
    | FxEdit
    | ValueOfTimeEdit
    | AddFeature
)
"""Every kind of network edit."""


@dataclass(frozen=True, slots=True)
class DemandGrowth:
    """Growth of demand, stored on the scenario for the assignment to use.

    Parameters
    ----------
    factor
        Multiplier of the base demand.
    origin, destination
        An OD pair (place names or ids), or ``None``.
    corridor
        Or a corridor family (``middle``, ``northern``, ...), or ``None``.
    annual_rate, from_year
        The yearly rate behind ``factor`` and the year growth starts from, when the file
        gives them (:func:`corridor.scenarios.demand.growth_factor` then grows to any
        year asked for).
    source, estimate, note, where
        Provenance and location.
    """

    factor: float
    origin: str | None = None
    destination: str | None = None
    corridor: str | None = None
    source: str | None = None
    estimate: bool = False
    note: str | None = None
    where: Where = field(default_factory=Where)
    annual_rate: float | None = None
    from_year: int | None = None


@dataclass(frozen=True, slots=True)
class Scenario:
    """A named set of edits to a network, with sources for its numbers.

    Parameters
    ----------
    name
        Scenario name (``red-sea-closure``).
    description
        One line saying what it is.
    edits
        Network edits, applied in order (additions first, closures last).
    sources
        Citation per source id.
    base
        Name or path of a scenario applied first, or ``None``.
    carbon_usd_per_t
        Carbon price for generalized cost (USD per tonne CO2e), or ``None``.
    carbon_source
        Source id (or ``None`` for an estimate) of the carbon price.
    demand_growth
        Demand growth by OD pair or corridor.
    path
        The file it was read from (``<builtin NAME>``, ``<memory>``).
    """

    name: str
    description: str
    edits: tuple[Edit, ...] = ()
    sources: Mapping[str, str] = EMPTY
    base: str | None = None
    carbon_usd_per_t: float | None = None
    carbon_source: str | None = None
    demand_growth: tuple[DemandGrowth, ...] = ()
    path: str = "<memory>"

    def __post_init__(self) -> None:
        if type(self.sources) is not FrozenMap:
            object.__setattr__(self, "sources", freeze_map(self.sources))
        object.__setattr__(self, "edits", tuple(self.edits))
        object.__setattr__(self, "demand_growth", tuple(self.demand_growth))

    def route_overrides(self) -> dict[str, float]:
        """Routing options this scenario sets that a network cannot hold.

        Returns
        -------
        dict
            ``{"carbon_usd_per_t": ...}`` when the scenario sets a carbon price, else
            empty; pass it to :class:`~corridor.routing.options.RouteOptions`
            (``RouteOptions(**scenario.route_overrides())``). A value of time is network
            data (its cargo class), set by :func:`corridor.scenarios.apply_scenario`.
        """
        if self.carbon_usd_per_t is None:
            return {}
        return {"carbon_usd_per_t": self.carbon_usd_per_t}
