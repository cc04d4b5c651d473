"""Link flows of each origin or OD pair, carried through the equilibrium's own steps.

Every step of the Frank-Wolfe family (MSA, FW, CFW, BFW, SO) moves the link flows to a
convex combination of all-or-nothing loads. :func:`corridor.assignment.engine.assign`
with ``track="origin"`` or ``track="od"`` applies each of those combinations, with the same
weights, to the loads of every origin (or OD pair) kept apart
(:meth:`~corridor.assignment.aon.LoadingGraph.load_rows`). The rows of
:class:`DemandFlows` therefore add up to the reported link flows (to rounding), each row
carries exactly its own demand, and select-link reads the equilibrium that was reported,
not a second one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

import numpy as np
import numpy.typing as npt

from corridor._frame import records_frame
from corridor.assignment.aon import TrackBy

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DEMAND_FLOW_COLUMNS", "DemandFlows"]

IntArray: TypeAlias = npt.NDArray[np.int64]
FloatArray: TypeAlias = npt.NDArray[np.float64]

DEMAND_FLOW_COLUMNS = ("origin", "destination", "link", "flow")
"""Columns of :meth:`DemandFlows.to_frame`."""


@dataclass(frozen=True, eq=False)
class DemandFlows:
    """The link flows of each origin (or OD pair) of an equilibrium.

    Parameters
    ----------
    by
        ``"origin"``: one row per zone with demand; ``"od"``: one row per OD pair with
        demand (origins in order, then destinations).
    origin, destination
        Zone index of each row's origin and destination (destination ``-1`` by origin).
    demand
        Demand of each row.
    flow
        ``(rows, links)`` flow of each row on each link; the column sums are the link
        flows of the result it came with.
    """

    by: TrackBy
    origin: IntArray
    destination: IntArray
    demand: FloatArray
    flow: FloatArray

    @property
    def n_rows(self) -> int:
        """Number of origins or OD pairs tracked."""
        return int(self.flow.shape[0])

    @property
    def total(self) -> FloatArray:
        """Flow on each link, summed over the rows."""
        return np.asarray(self.flow.sum(axis=0), dtype=np.float64)

    def on(self, links: npt.ArrayLike) -> FloatArray:
        """Each row's flow summed over some links (select-link).

        Parameters
        ----------
        links
            Link indices, or a boolean mask over the links.

        Returns
        -------
        numpy.ndarray
            One value per row.

        Raises
        ------
        IndexError
            If a link index is out of range.
        """
        chosen = np.asarray(links)
        if chosen.dtype == np.bool_:
            if chosen.shape != (self.flow.shape[1],):
                raise IndexError(f"mask must have one value per link ({self.flow.shape[1]})")
            return np.asarray(self.flow[:, chosen].sum(axis=1), dtype=np.float64)
        return np.asarray(self.flow[:, chosen.astype(np.int64)].sum(axis=1), dtype=np.float64)

    def to_frame(self, *, tolerance: float = 0.0) -> pd.DataFrame:
        """One row per (origin or OD pair, link) with a flow above ``tolerance``.

        Parameters
        ----------
        tolerance
            Flows at or below this are left out.

        Returns
        -------
        pandas.DataFrame
            Columns ``origin``, ``destination`` (zone indices; ``-1`` by origin), ``link``
            and ``flow``.

        Raises
        ------
        MissingOptionalDependencyError
            If pandas is not installed (``pip install 'corridor[frame]'``).
        """
        row, link = np.nonzero(self.flow > tolerance)
        records = [
            {
                "origin": int(self.origin[r]),
                "destination": int(self.destination[r]),
                "link": int(a),
                "flow": float(self.flow[r, a]),
            }
            for r, a in zip(row, link, strict=True)
        ]
        return records_frame(records, DEMAND_FLOW_COLUMNS)
