"""Origin–destination demand of a corridor network: flows per year, in TEU.

:class:`Demand` is the table an assignment loads (:func:`corridor.assignment.
demand_assignment.assign_demand`); :mod:`corridor.io.demand` reads and writes it as CSV.
Volumes become TEU per year (:attr:`DemandRow.teu`): tonnes of a container class at the
class's tonnes per TEU, tonnes of bulk (a class with 0 TEU) at
:data:`TONNES_PER_TEU_EQUIVALENT` tonnes per TEU-equivalent (:func:`teu_per_unit`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal, TypeAlias, get_args

import numpy as np
import numpy.typing as npt

from corridor.network.defaults import FEU_PAYLOAD_TONNES
from corridor.network.model import CargoClass

__all__ = [
    "DEMAND_UNITS",
    "TONNES_PER_TEU_EQUIVALENT",
    "Demand",
    "DemandRow",
    "DemandUnit",
    "teu_per_unit",
]

DemandUnit = Literal["TEU", "tonnes"]
"""Unit of a demand volume (per year)."""
DEMAND_UNITS: tuple[DemandUnit, ...] = get_args(DemandUnit)
TONNES_PER_TEU_EQUIVALENT: Final = FEU_PAYLOAD_TONNES / 2.0
"""Tonnes of bulk cargo counted as one TEU-equivalent (10 t: the Doing Business reference
shipment, FACTS.md §4.5, via :data:`~corridor.network.defaults.FEU_PAYLOAD_TONNES`)."""
FloatArray: TypeAlias = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class DemandRow:
    """One origin–destination flow per year.

    Parameters
    ----------
    origin, destination
        Node ids (resolved).
    cargo
        Cargo class id (as the network spells it).
    volume
        Volume per year in ``unit``.
    unit
        ``TEU`` or ``tonnes``.
    teu
        The volume in TEU (or TEU-equivalent for bulk) per year.
    source
        Provenance of the figure (``None`` when the file gives none).
    line
        Line of the file it came from (0 when built in memory).
    """

    origin: str
    destination: str
    cargo: str
    volume: float
    unit: DemandUnit
    teu: float
    source: str | None = None
    line: int = 0


@dataclass(frozen=True)
class Demand:
    """An origin–destination demand table, volumes per year.

    Parameters
    ----------
    rows
        The flows, in file order.
    source
        The file it was read from, or ``"<memory>"``.
    """

    rows: tuple[DemandRow, ...]
    source: str = "<memory>"

    @property
    def total_teu(self) -> float:
        """Total TEU (and TEU-equivalent) per year."""
        return float(sum(r.teu for r in self.rows))

    @property
    def places(self) -> tuple[str, ...]:
        """Node ids that appear as an origin or a destination, in order of appearance."""
        seen: dict[str, None] = {}
        for r in self.rows:
            seen.setdefault(r.origin)
            seen.setdefault(r.destination)
        return tuple(seen)

    def od_matrix(self) -> tuple[tuple[str, ...], FloatArray]:
        """Zones and the TEU-per-year matrix between them.

        Returns
        -------
        tuple[tuple[str, ...], numpy.ndarray]
            Node ids of the zones (:attr:`places`) and the ``(n, n)`` matrix of TEU per year
            (repeated pairs and cargo classes add up).
        """
        zones = self.places
        index = {z: i for i, z in enumerate(zones)}
        od = np.zeros((len(zones), len(zones)))
        if self.rows:
            o = np.array([index[r.origin] for r in self.rows], dtype=np.int64)
            d = np.array([index[r.destination] for r in self.rows], dtype=np.int64)
            np.add.at(od, (o, d), np.array([r.teu for r in self.rows]))
        return zones, od

    def by_cargo(self) -> dict[str, float]:
        """TEU per year by cargo class.

        Returns
        -------
        dict[str, float]
            Cargo class id to TEU (or TEU-equivalent) per year, in order of appearance.
        """
        out: dict[str, float] = {}
        for r in self.rows:
            out[r.cargo] = out.get(r.cargo, 0.0) + r.teu
        return out


def teu_per_unit(cargo: CargoClass, unit: DemandUnit) -> float:
    """TEU (or TEU-equivalent) per one ``unit`` of ``cargo``.

    Parameters
    ----------
    cargo
        The cargo class.
    unit
        ``TEU`` or ``tonnes``.

    Returns
    -------
    float
        1 for TEU; for tonnes, ``teu / tonnes`` of a container class, or
        ``1 / TONNES_PER_TEU_EQUIVALENT`` for bulk (a class with 0 TEU or 0 tonnes).
    """
    if unit == "TEU":
        return 1.0
    if cargo.teu > 0 and cargo.tonnes > 0:
        return cargo.teu / cargo.tonnes
    return 1.0 / TONNES_PER_TEU_EQUIVALENT
