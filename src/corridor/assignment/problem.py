"""The traffic-assignment problem: links, their volume-delay functions, zones and demand.

:class:`AssignmentProblem` is independent of any file format: TNTP files
(:func:`corridor.io.tntp.read_tntp`) and corridor's own networks both build one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
import numpy.typing as npt

from corridor.assignment.vdf import LinkCostFunction

__all__ = ["AssignmentProblem"]

IntArray: TypeAlias = npt.NDArray[np.int64]
FloatArray: TypeAlias = npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class AssignmentProblem:
    """A static traffic-assignment problem.

    Build it with :meth:`create`, which validates and converts the inputs.

    Parameters
    ----------
    tail, head
        Node ids ``0..n_nodes-1`` at the ends of each directed link.
    n_nodes
        Number of nodes.
    vdf
        The volume-delay function of each link (travel time as a function of flow).
    demand
        ``(n_zones, n_zones)`` matrix of trips from zone ``i`` to zone ``j``.
    zones
        Node id of each zone (distinct).
    fixed_cost
        Flow-independent part of each link's generalised cost, in time units (e.g.
        ``toll_factor · toll + distance_factor · length``). It is added to the travel time
        for route choice and enters the Beckmann objective linearly (``fixed_cost · x``).
    block_zone_transit
        When ``True``, paths may not pass through a zone node: zones are only path ends
        (TNTP's ``FIRST THRU NODE``).
    """

    tail: IntArray
    head: IntArray
    n_nodes: int
    vdf: LinkCostFunction
    demand: FloatArray
    zones: IntArray
    fixed_cost: FloatArray
    block_zone_transit: bool = False

    def __post_init__(self) -> None:
        n_links = self.tail.shape[0]
        if self.head.shape != (n_links,) or self.fixed_cost.shape != (n_links,):
            raise ValueError("tail, head and fixed_cost must have one value per link")
        if self.vdf.n_links != n_links:
            raise ValueError(f"vdf has {self.vdf.n_links} links, the problem has {n_links}")
        for name, ids in (("tail", self.tail), ("head", self.head), ("zones", self.zones)):
            if ids.size and (ids.min() < 0 or ids.max() >= self.n_nodes):
                raise ValueError(f"{name} has a node id outside 0..{self.n_nodes - 1}")
        n_zones = self.zones.shape[0]
        if np.unique(self.zones).shape[0] != n_zones:
            raise ValueError("zones must be distinct nodes")
        if self.demand.shape != (n_zones, n_zones):
            raise ValueError(
                f"demand has shape {self.demand.shape}, expected ({n_zones}, {n_zones})"
            )
        if not np.all(np.isfinite(self.demand)) or np.any(self.demand < 0):
            raise ValueError("demand must be finite and >= 0")
        if not np.all(np.isfinite(self.fixed_cost)) or np.any(self.fixed_cost < 0):
            raise ValueError("fixed_cost must be finite and >= 0")

    @classmethod
    def create(
        cls,
        tail: npt.ArrayLike,
        head: npt.ArrayLike,
        *,
        vdf: LinkCostFunction,
        demand: npt.ArrayLike,
        zones: npt.ArrayLike | None = None,
        n_nodes: int | None = None,
        fixed_cost: npt.ArrayLike | None = None,
        block_zone_transit: bool = False,
    ) -> AssignmentProblem:
        """Validate and build a problem.

        Parameters
        ----------
        tail, head
            Integer node ids of each link.
        vdf
            Volume-delay function of each link.
        demand
            Square OD matrix, one row and column per zone.
        zones
            Node id of each zone; by default zones are nodes ``0..n_zones-1``.
        n_nodes
            Number of nodes; by default one more than the largest id used.
        fixed_cost
            Flow-independent generalised cost per link (default zero).
        block_zone_transit
            Forbid paths through zone nodes (zones are path ends only).

        Returns
        -------
        AssignmentProblem
            The problem.

        Raises
        ------
        ValueError
            If the arrays are inconsistent or hold invalid values.
        """
        tails = np.asarray(tail)
        heads = np.asarray(head)
        for name, ids in (("tail", tails), ("head", heads)):
            if ids.ndim != 1 or (ids.size and not np.issubdtype(ids.dtype, np.integer)):
                raise ValueError(f"{name} must be a one-dimensional array of integer node ids")
        od = np.asarray(demand, dtype=np.float64)
        if od.ndim != 2 or od.shape[0] != od.shape[1]:  # noqa: PLR2004
            raise ValueError(f"demand must be a square matrix, got shape {od.shape}")
        zone_ids = (
            np.arange(od.shape[0], dtype=np.int64)
            if zones is None
            else np.asarray(zones).astype(np.int64).ravel()
        )
        if n_nodes is None:
            used = [a.max() for a in (tails, heads, zone_ids) if a.size]
            n_nodes = int(max(used)) + 1 if used else 0
        fixed = (
            np.zeros(tails.shape[0])
            if fixed_cost is None
            else np.broadcast_to(np.asarray(fixed_cost, dtype=np.float64), tails.shape).copy()
        )
        return cls(
            tail=tails.astype(np.int64),
            head=heads.astype(np.int64),
            n_nodes=int(n_nodes),
            vdf=vdf,
            demand=od,
            zones=zone_ids,
            fixed_cost=fixed,
            block_zone_transit=block_zone_transit,
        )

    @property
    def n_links(self) -> int:
        """Number of links."""
        return int(self.tail.shape[0])

    @property
    def n_zones(self) -> int:
        """Number of zones."""
        return int(self.zones.shape[0])

    @property
    def total_demand(self) -> float:
        """Sum of the OD matrix."""
        return float(self.demand.sum())

    def cost(self, flow: npt.ArrayLike) -> FloatArray:
        """Generalised cost of each link: travel time plus the fixed part.

        Parameters
        ----------
        flow
            Link flows.

        Returns
        -------
        numpy.ndarray
            Link costs.
        """
        return self.vdf.cost(flow) + self.fixed_cost

    def objective(self, flow: npt.ArrayLike) -> float:
        """The Beckmann objective ``Σ ∫₀^{x_a} t_a(s) ds + fixed_a · x_a``.

        Parameters
        ----------
        flow
            Link flows.

        Returns
        -------
        float
            The objective value; its minimum over feasible flows is the user equilibrium.
        """
        x = np.asarray(flow, dtype=np.float64)
        return float(np.sum(self.vdf.integral(x)) + self.fixed_cost @ x)
