"""The parameters of the world shipment-time model, each with its source.

The defaults live in ``corridor/research/data/parameters.csv`` (one row per parameter: value,
unit, source, kind, note) so that an analyst can review them without reading code; a
study overrides any of them by name (``Parameters.default().replace(rail_speed_kmh=60)``).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import math
from dataclasses import dataclass
from importlib import resources

from corridor._checks import check_number
from corridor.exceptions import InvalidArgumentError

__all__ = ["Parameter", "Parameters"]

PARAMETERS_FILE = "parameters.csv"


@dataclass(frozen=True, slots=True)
class Parameter:
    """One documented parameter: its value and where the value comes from.

    Parameters
    ----------
    name
        Field name in :class:`Parameters`.
    value
        Default value.
    unit
        Unit, as written in the table.
    source
        Citation (``estimate`` for an unsourced estimate).
    kind
        ``published``, ``derived`` or ``estimate``.
    note
        How the value was obtained.
    """

    name: str
    value: float
    unit: str
    source: str
    kind: str
    note: str


@dataclass(frozen=True, slots=True)
class Parameters:
    """Speeds, rates and switching times of the world model (defaults: see the table).

    Parameters
    ----------
    road_speed_kmh, rail_speed_kmh, sea_speed_kmh
        Running speeds (border and transfer delays are charged separately).
    road_usd_per_teu_km, rail_usd_per_teu_km, sea_usd_per_teu_km
        Freight rates per TEU-km.
    switch_h, switch_usd
        Road↔rail switch at a city, per TEU.
    port_h, port_usd
        Port call between land and sea, per TEU.
    border_default_h
        Border hours where Doing Business has no figure for a country.
    access_circuity
        Road distance over great-circle distance from a city to its network vertex.
    max_access_km
        A city farther than this from a rail vertex gets no rail access.
    max_port_km
        A port joins the land network only at a vertex within this distance.
    value_of_time_per_day
        Ad-valorem trade-cost equivalent of one day in transit (0.021 = 2.1 % a day).
    new_link_circuity
        Route length over great-circle distance of a new link of unpublished length.
    snap_km
        A project end point this close to a vertex of its mode joins it.
    max_rail_freight_speed_kmh, max_truck_speed_kmh
        Caps on the design speeds of projects for freight.
    """

    road_speed_kmh: float
    rail_speed_kmh: float
    sea_speed_kmh: float
    road_usd_per_teu_km: float
    rail_usd_per_teu_km: float
    sea_usd_per_teu_km: float
    switch_h: float
    switch_usd: float
    port_h: float
    port_usd: float
    border_default_h: float
    access_circuity: float
    max_access_km: float
    max_port_km: float
    value_of_time_per_day: float
    new_link_circuity: float
    snap_km: float
    max_rail_freight_speed_kmh: float
    max_truck_speed_kmh: float

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            positive = field.name.endswith(("speed_kmh", "circuity"))
            object.__setattr__(
                self,
                field.name,
                check_number(field.name, value, low=0.0, high=1e6, low_open=positive),
            )
        for name in ("access_circuity", "new_link_circuity"):
            if getattr(self, name) < 1.0:
                msg = (
                    f"{name}={getattr(self, name)!r}: a route is never shorter than the "
                    "great circle; give a ratio >= 1"
                )
                raise InvalidArgumentError(msg)

    @classmethod
    def default(cls) -> Parameters:
        """The sourced defaults of ``parameters.csv``.

        Returns
        -------
        params : Parameters
            The defaults.

        Examples
        --------
        >>> from corridor.research import Parameters
        >>> p = Parameters.default()
        >>> p.switch_h, p.port_usd, p.value_of_time_per_day
        (5.0, 200.0, 0.021)
        """
        return cls(**{p.name: p.value for p in table()})

    def replace(self, **changes: float) -> Parameters:
        """A copy with some parameters changed (checked like the defaults).

        Parameters
        ----------
        **changes
            New values by parameter name.

        Returns
        -------
        params : Parameters
            The changed copy.

        Raises
        ------
        InvalidArgumentError
            If a name is not a parameter or a value is not a finite number in range.
        """
        names = {f.name for f in dataclasses.fields(self)}
        unknown = sorted(set(changes) - names)
        if unknown:
            msg = (
                f"unknown parameter(s) {', '.join(unknown)}; choose from {', '.join(sorted(names))}"
            )
            raise InvalidArgumentError(msg)
        return dataclasses.replace(self, **changes)

    def speed_kmh(self, mode: str) -> float:
        """Running speed of ``mode`` (``road``, ``rail`` or ``sea``).

        Parameters
        ----------
        mode
            The mode.

        Returns
        -------
        float
            km/h.
        """
        return float(getattr(self, f"{mode}_speed_kmh"))

    def rate_usd_per_teu_km(self, mode: str) -> float:
        """Freight rate of ``mode`` (``road``, ``rail`` or ``sea``) per TEU-km.

        Parameters
        ----------
        mode
            The mode.

        Returns
        -------
        float
            US$ per TEU-km.
        """
        return float(getattr(self, f"{mode}_usd_per_teu_km"))


def table() -> tuple[Parameter, ...]:
    """The parameter table with sources, as shipped.

    Returns
    -------
    tuple of Parameter
        One row per parameter.
    """
    text = resources.files("corridor.research").joinpath("data", PARAMETERS_FILE).read_text()
    rows = []
    for row in csv.DictReader(io.StringIO(text)):
        value = float(row["value"])
        if not math.isfinite(value):  # pragma: no cover - the shipped table is tested
            msg = f"{PARAMETERS_FILE}: {row['parameter']} is not finite"
            raise InvalidArgumentError(msg)
        rows.append(
            Parameter(
                name=row["parameter"],
                value=value,
                unit=row["unit"],
                source=row["source"],
                kind=row["kind"],
                note=row["note"],
            )
        )
    return tuple(rows)
