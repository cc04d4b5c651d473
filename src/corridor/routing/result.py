"""Typed route results that render to dicts (JSON) and GeoJSON."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from corridor._frame import records_frame
from corridor.network.model import CargoClass, Node

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "LEG_COLUMNS",
    "ROUTE_COLUMNS",
    "ROUTE_LEG_COLUMNS",
    "Leg",
    "LegKind",
    "Route",
    "list_cell",
    "route_leg_rows",
    "routes_frame",
]

LEG_COLUMNS: tuple[str, ...] = (
    "step",
    "kind",
    "from",
    "to",
    "from_name",
    "to_name",
    "from_country",
    "to_country",
    "mode",
    "distance_km",
    "hours",
    "cost_usd",
    "co2_kg",
    "link",
    "service",
    "direction",
    "customs",
    "note",
)
"""Columns of a route's legs table (:meth:`Route.to_frame`, ``corridor route -f csv``):
the JSON names of :meth:`Leg.to_dict`, plus ``step`` (1 for the first leg) and the
countries of the two ends. Units are in the names; an absent value is empty."""

ROUTE_LEG_COLUMNS: tuple[str, ...] = ("route", *LEG_COLUMNS)
"""Columns of the legs of several routes (:func:`routes_frame`): ``route`` numbers the
routes from 1 in the order given."""

ROUTE_COLUMNS: tuple[str, ...] = (
    "corridor",
    "transit_days_mean",
    "transit_days_p50",
    "transit_days_p90",
    "transit_days_p95",
    "cost_usd",
    "co2_kg",
    "distance_km",
    "customs_frontiers",
    "internal_borders",
    "border_crossings",
    "transshipments",
    "countries",
    "chokepoints",
    "modes",
    "services",
)
"""Columns of a route's one-row summary (:meth:`Route.summary_row`): the JSON names of
:meth:`Route.to_dict`, ``transit_days`` flattened to ``transit_days_mean`` ... ``_p95``,
lists written as :func:`list_cell` text."""

LIST_SEPARATOR = ";"
"""Separator of the items of a list in one table cell (``CN;KZ;RU``)."""


def list_cell(items: Sequence[str]) -> str:
    """A list as the text of one table cell: items joined by ``;`` (``CN;KZ;RU``).

    Parameters
    ----------
    items
        The items (none of which contains ``;``: ids, ISO codes, modes).

    Returns
    -------
    str
        The joined text; empty for no items.
    """
    return LIST_SEPARATOR.join(items)


LegKind = Literal[
    "move", "border", "transfer", "load", "unload", "wait", "call", "passage", "delay"
]


@dataclass(frozen=True, slots=True)
class Leg:
    """One step of an itinerary: a movement, a border passage, a transfer or handling.

    Attributes
    ----------
    kind
        ``move``, ``border``, ``transfer``, ``load``, ``unload``; aboard a scheduled
        service also ``wait`` (for a departure when boarding at a transfer), ``call`` (a port
        call while staying aboard), ``passage`` (a canal or strait) and ``delay`` (the
        service's schedule delay, on alighting).
    from_id, to_id
        Node ids (equal for everything but ``move``).
    mode
        Link mode for moves; ``"rail_1435>rail_1520"`` for transfers; ``"border"``.
    distance_km, hours, cost_usd, co2_kg
        What the step takes.
    link_id
        The real link of a move.
    note
        Human-readable detail: transfer kind, border countries and regime.
    from_country, to_country
        ISO countries of the end nodes.
    transfer_index
        Index of the transfer in its node's ``transfers`` (``transfer`` legs).
    service
        The scheduled service of a move, wait, call or delay.
    direction
        For border legs: ``"FROM>TO"`` ISO codes (``XX``: from or to the sea).
    customs
        For border legs: ``frontier`` (a customs frontier) or ``internal`` (inside one
        customs union).
    """

    kind: LegKind
    from_id: str
    to_id: str
    from_name: str
    to_name: str
    mode: str
    distance_km: float
    hours: float
    cost_usd: float
    co2_kg: float
    link_id: str | None = None
    note: str = ""
    from_country: str = ""
    to_country: str = ""
    transfer_index: int | None = None
    service: str | None = None
    direction: str | None = None
    customs: Literal["frontier", "internal"] | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON form (the names of the public JSON contract).

        Returns
        -------
        dict
            Kind, ends, mode, hours, cost, CO2 and distance of the leg, rounded.
        """
        out: dict[str, Any] = {
            "kind": self.kind,
            "from": self.from_id,
            "to": self.to_id,
            "from_name": self.from_name,
            "to_name": self.to_name,
            "mode": self.mode,
            "distance_km": round(self.distance_km, 1),
            "hours": round(self.hours, 2),
            "cost_usd": round(self.cost_usd, 2),
            "co2_kg": round(self.co2_kg, 2),
        }
        if self.link_id is not None:
            out["link"] = self.link_id
        if self.note:
            out["note"] = self.note
        if self.service is not None:
            out["service"] = self.service
        if self.direction is not None:
            out["direction"] = self.direction
        if self.customs is not None:
            out["customs"] = self.customs
        return out

    def to_row(self, step: int) -> dict[str, Any]:
        """The leg as a row of :data:`LEG_COLUMNS` (values as in :meth:`to_dict`).

        Parameters
        ----------
        step
            Position of the leg in its route, from 1.

        Returns
        -------
        dict
            Column name to value; ``None`` where the leg has no such value.
        """
        data = self.to_dict()
        data["step"] = step
        data["from_country"] = self.from_country or None
        data["to_country"] = self.to_country or None
        return {column: data.get(column) for column in LEG_COLUMNS}


@dataclass(frozen=True, slots=True)
class Route:
    """A route for one unit of a cargo class, leg by leg.

    Attributes
    ----------
    origin, destination
        End nodes.
    cargo
        Cargo class the costs are for (one unit: one FEU, one tonne of grain, ...).
    legs
        Every step.
    corridor
        Corridor family (``northern``, ``middle_black_sea``, ``sea_suez``, ...).
    objective
        Value of the optimised criterion.
    optimize
        The criterion.
    countries
        Countries passed, in order.
    chokepoints
        Chokepoint node ids passed.
    geometry
        ``(lon, lat)`` vertices of the whole route.
    regimes
        The sea-rate and rail operating regimes the route was found under
        (``{"sea_rates": id, "rail_operations": id}``).
    transit_days
        Simulated percentiles of the terminal-to-terminal time (``p50``, ``p90``, ``p95``, days),
        when a reliability run has been attached (:func:`corridor.reliability.with_percentiles`).
    """

    origin: Node
    destination: Node
    cargo: CargoClass
    legs: tuple[Leg, ...]
    corridor: str
    objective: float
    optimize: str
    countries: tuple[str, ...]
    chokepoints: tuple[str, ...]
    geometry: tuple[tuple[float, float], ...] = ()
    transit_days: Mapping[str, float] = field(default_factory=dict)
    regimes: Mapping[str, str | None] = field(default_factory=dict)

    @property
    def hours(self) -> float:
        """Mean terminal-to-terminal hours."""
        return sum(leg.hours for leg in self.legs)

    @property
    def days(self) -> float:
        """Mean terminal-to-terminal days."""
        return self.hours / 24.0

    @property
    def cost_usd(self) -> float:
        """Money per cargo unit (USD)."""
        return sum(leg.cost_usd for leg in self.legs)

    @property
    def co2_kg(self) -> float:
        """CO2e per cargo unit (kg, well-to-wheel)."""
        return sum(leg.co2_kg for leg in self.legs)

    @property
    def distance_km(self) -> float:
        """Kilometres moved."""
        return sum(leg.distance_km for leg in self.legs)

    @property
    def border_crossings(self) -> int:
        """Number of border passages (customs frontiers and internal crossings)."""
        return sum(1 for leg in self.legs if leg.kind == "border")

    @property
    def customs_frontiers(self) -> int:
        """Border passages that are customs frontiers (incl. ports of entry)."""
        return sum(1 for leg in self.legs if leg.kind == "border" and leg.customs != "internal")

    @property
    def internal_borders(self) -> int:
        """Border passages inside one customs union (EU, EAEU)."""
        return sum(1 for leg in self.legs if leg.kind == "border" and leg.customs == "internal")

    @property
    def services(self) -> tuple[str, ...]:
        """Scheduled services ridden, in order."""
        return tuple(
            dict.fromkeys(
                leg.service for leg in self.legs if leg.kind == "move" and leg.service is not None
            )
        )

    @property
    def transshipments(self) -> int:
        """Number of transfers (gauge changes, rail↔ship, ...)."""
        return sum(1 for leg in self.legs if leg.kind == "transfer")

    @property
    def link_ids(self) -> tuple[str, ...]:
        """Real links used, in order."""
        return tuple(leg.link_id for leg in self.legs if leg.link_id is not None)

    @property
    def modes(self) -> tuple[str, ...]:
        """Modes used, in order of first use."""
        return tuple(dict.fromkeys(leg.mode for leg in self.legs if leg.kind == "move"))

    def generalized_cost(
        self, *, value_of_time_usd_per_day: float, carbon_usd_per_t: float
    ) -> float:
        """Money + value of time × time + carbon price × CO2 (USD).

        Parameters
        ----------
        value_of_time_usd_per_day
            What a day of the cargo's time is worth (USD per unit per day).
        carbon_usd_per_t
            Carbon price (USD per tonne of CO2e).

        Returns
        -------
        float
            Generalised cost per cargo unit (USD).
        """
        return (
            self.cost_usd
            + value_of_time_usd_per_day * self.days
            + carbon_usd_per_t * self.co2_kg / 1000.0
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON form: the ``options[]`` entry of the public contract.

        Returns
        -------
        dict
            Figures rounded for display, countries, modes, regimes and every leg.
        """
        return {
            "corridor": self.corridor,
            "transit_days": {
                "mean": round(self.days, 2),
                **{k: round(v, 2) for k, v in self.transit_days.items()},
            },
            "cost_usd": round(self.cost_usd, 2),
            "co2_kg": round(self.co2_kg, 2),
            "distance_km": round(self.distance_km, 1),
            "border_crossings": self.border_crossings,
            "customs_frontiers": self.customs_frontiers,
            "internal_borders": self.internal_borders,
            "services": list(self.services),
            "transshipments": self.transshipments,
            "countries": list(self.countries),
            "chokepoints": list(self.chokepoints),
            "modes": list(self.modes),
            "optimize": self.optimize,
            "objective": round(self.objective, 4),
            "regimes": dict(self.regimes),
            "legs": [leg.to_dict() for leg in self.legs],
        }

    def summary_row(self) -> dict[str, Any]:
        """The route as one row of :data:`ROUTE_COLUMNS` (values as in :meth:`to_dict`).

        Returns
        -------
        dict
            Column name to value; the percentiles are ``None`` when no simulation is
            attached, lists are ``;``-joined text.
        """
        data = self.to_dict()
        days = data["transit_days"]
        row: dict[str, Any] = {
            "corridor": self.corridor,
            **{f"transit_days_{k}": days.get(k) for k in ("mean", "p50", "p90", "p95")},
        }
        for column in ROUTE_COLUMNS[len(row) :]:
            value = data[column]
            row[column] = list_cell(value) if isinstance(value, list) else value
        return row

    def leg_rows(self) -> list[dict[str, Any]]:
        """One row of :data:`LEG_COLUMNS` per leg, in order (the rows of ``-f csv``).

        Returns
        -------
        list of dict
            Column name to value.
        """
        return [leg.to_row(i) for i, leg in enumerate(self.legs, start=1)]

    def to_frame(self) -> pd.DataFrame:
        """The legs as a pandas DataFrame, one row per leg, columns :data:`LEG_COLUMNS`.

        The same table as ``corridor route ... --format csv``: ``step`` from 1, ``kind``,
        ends (``from``, ``to``, names, countries), ``mode``, ``distance_km``, ``hours``,
        ``cost_usd``, ``co2_kg`` (per cargo unit, rounded as in the JSON), ``link``,
        ``service``, ``direction``, ``customs`` and ``note``; ``None`` where a leg has no
        such value. Summing a column gives the route's figure (``distance_km`` sums to
        :attr:`distance_km`).

        Returns
        -------
        pandas.DataFrame
            The legs.

        Raises
        ------
        MissingOptionalDependencyError
            If pandas is not installed (``pip install 'corridor[frame]'``).
        """
        return records_frame(self.leg_rows(), LEG_COLUMNS)

    def to_feature(self) -> dict[str, Any]:
        """GeoJSON Feature (LineString) with the route's figures as properties.

        Returns
        -------
        dict
            A Feature whose properties are :meth:`to_dict` with movement legs only and
            the origin and destination ids.
        """
        props = self.to_dict()
        props["legs"] = [leg.to_dict() for leg in self.legs if leg.kind == "move"]
        props["origin"] = self.origin.id
        props["destination"] = self.destination.id
        return {
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": [list(p) for p in self.geometry]},
            "properties": props,
        }


def route_leg_rows(routes: Sequence[Route]) -> list[dict[str, Any]]:
    """The legs of several routes, one row of :data:`ROUTE_LEG_COLUMNS` per leg.

    Parameters
    ----------
    routes
        The routes (alternatives, a Pareto set); ``route`` numbers them from 1.

    Returns
    -------
    list of dict
        Column name to value.
    """
    return [{"route": i, **row} for i, r in enumerate(routes, start=1) for row in r.leg_rows()]


def routes_frame(routes: Sequence[Route]) -> pd.DataFrame:
    """The legs of several routes as one DataFrame, columns :data:`ROUTE_LEG_COLUMNS`.

    The same table as ``corridor route ... --alternatives K --format csv``.

    Parameters
    ----------
    routes
        The routes; the ``route`` column numbers them from 1 in this order.

    Returns
    -------
    pandas.DataFrame
        One row per leg.

    Raises
    ------
    MissingOptionalDependencyError
        If pandas is not installed (``pip install 'corridor[frame]'``).
    """
    return records_frame(route_leg_rows(routes), ROUTE_LEG_COLUMNS)
