"""The traffic-assignment problem: links, their volume-delay functions, zones and demand.

:class:`AssignmentProblem` is independent of any file format: TNTP files
(:func:`corridor.io.tntp.read_tntp`) and corridor's own networks both build one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
import numpy.typing as npt

from corridor._checks import check_instance, check_int, show
from corridor._threads import serial_dot
from corridor.assignment.vdf import LinkCostFunction
from corridor.exceptions import InvalidArgumentError

__all__ = ["AssignmentProblem"]

IntArray: TypeAlias = npt.NDArray[np.int64]
FloatArray: TypeAlias = npt.NDArray[np.float64]


def _invalid(name: str, what: str) -> InvalidArgumentError:
    return InvalidArgumentError(f"{name}: {what}", parameter=name)


def _floats(name: str, value: npt.ArrayLike) -> FloatArray:
    if isinstance(value, str | bytes):
        raise _invalid(name, f"{show(value)} is a text; give numbers")
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        raise _invalid(name, f"{show(value)} is not numbers; give numbers") from None


def _node_ids(name: str, value: npt.ArrayLike) -> IntArray:
    ids = np.asarray(value) if not isinstance(value, str | bytes) else np.asarray([value])
    if ids.ndim != 1 or (ids.size and not np.issubdtype(ids.dtype, np.integer)):
        raise _invalid(name, "give a one-dimensional sequence of whole-number node ids")
    return ids.astype(np.int64)


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
        """Refuse arrays that do not describe one consistent problem."""
        n_links = self.tail.shape[0]
        check_int("n_nodes", self.n_nodes, low=0)
        check_instance("vdf", self.vdf, LinkCostFunction, "a LinkCostFunction.bpr_links(...)")
        for name in ("head", "fixed_cost"):
            if getattr(self, name).shape != (n_links,):
                raise _invalid(name, f"give one value per link ({n_links}, as tail has)")
        if self.vdf.n_links != n_links:
            raise _invalid("vdf", f"has {self.vdf.n_links} links, the problem has {n_links}")
        for name, ids in (("tail", self.tail), ("head", self.head), ("zones", self.zones)):
            if ids.size and (ids.min() < 0 or ids.max() >= self.n_nodes):
                bad = int(ids[(ids < 0) | (ids >= self.n_nodes)][0])
                raise _invalid(name, f"node id {bad} is outside 0..{self.n_nodes - 1}")
        n_zones = self.zones.shape[0]
        if np.unique(self.zones).shape[0] != n_zones:
            raise _invalid("zones", "must be distinct nodes; each zone has its own node")
        if self.demand.shape != (n_zones, n_zones):
            raise _invalid(
                "demand",
                f"has shape {self.demand.shape}; give ({n_zones}, {n_zones}), one row "
                "and column per zone",
            )
        if not np.all(np.isfinite(self.demand)) or np.any(self.demand < 0):
            raise _invalid("demand", "must be finite numbers >= 0")
        if not np.all(np.isfinite(self.fixed_cost)) or np.any(self.fixed_cost < 0):
            raise _invalid("fixed_cost", "must be finite numbers >= 0")
        linked = np.zeros(self.n_nodes, dtype=bool)
        linked[self.tail] = True
        linked[self.head] = True
        has_demand = (self.demand.sum(axis=0) + self.demand.sum(axis=1)) > 0
        stranded = np.flatnonzero(has_demand & ~linked[self.zones])
        if stranded.size:
            zone = int(stranded[0])
            node = int(self.zones[zone])
            raise _invalid(
                "zones",
                f"zone {zone} (node {node}) has demand but no link starts or ends at node "
                f"{node}; fix the zone's node id or connect it",
            )

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
        InvalidArgumentError
            If the arrays are inconsistent or hold invalid values: node ids that are not
            whole numbers in ``0..n_nodes-1``, a demand matrix that is not square or not
            finite and >= 0, repeated zones, a zone with demand that no link reaches, or a
            ``vdf`` for another number of links (a ``ValueError``).
        """
        tails = _node_ids("tail", tail)
        heads = _node_ids("head", head)
        od = _floats("demand", demand)
        if od.ndim != 2 or od.shape[0] != od.shape[1]:  # noqa: PLR2004
            raise _invalid("demand", f"has shape {od.shape}; give a square matrix, zone by zone")
        zone_ids = (
            np.arange(od.shape[0], dtype=np.int64) if zones is None else _node_ids("zones", zones)
        )
        if n_nodes is None:
            used = [a.max() for a in (tails, heads, zone_ids) if a.size]
            n_nodes = int(max(used)) + 1 if used else 0
        fixed = np.zeros(tails.shape[0])
        if fixed_cost is not None:
            try:
                fixed = np.broadcast_to(_floats("fixed_cost", fixed_cost), tails.shape).copy()
            except ValueError:
                msg = f"give one value per link ({tails.shape[0]}) or one for all"
                raise _invalid("fixed_cost", msg) from None
        return cls(
            tail=tails,
            head=heads,
            n_nodes=check_int("n_nodes", n_nodes, low=0),
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
        return float(np.sum(self.vdf.integral(x))) + serial_dot(self.fixed_cost, x)
