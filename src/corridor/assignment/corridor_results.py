"""The result of a demand assignment on a corridor network: :class:`CorridorAssignment`.

It holds the engine's result on the virtual-link graph and the flows summed up to the real
links and nodes (:mod:`corridor.assignment.element_flows`), and answers the questions asked
of it: where the bottlenecks are (:mod:`corridor.assignment.bottlenecks`), who uses a link,
border or port (:mod:`corridor.assignment.select_link`, from the OD-pair flows the engine
carried through its own steps), and how it looks as JSON, GeoJSON or a DataFrame.
Text rendering for the terminal lives in the CLI (:mod:`corridor.cli.assign_render`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, get_args

import numpy as np
import numpy.typing as npt

from corridor._frame import records_frame
from corridor.assignment.bottlenecks import BOTTLENECK_COLUMNS, Bottleneck, rank_bottlenecks
from corridor.assignment.corridor_problem import TEU_PER_TRAIN, CorridorProblem
from corridor.assignment.demand import TONNES_PER_TEU_EQUIVALENT, Demand
from corridor.assignment.demand_flows import DemandFlows
from corridor.assignment.element_flows import (
    LINK_FLOW_COLUMNS,
    NODE_FLOW_COLUMNS,
    LinkFlow,
    NodeFlow,
    as_record,
)
from corridor.assignment.results import AssignmentResult
from corridor.assignment.select_link import (
    OD_VOLUME_COLUMNS,
    ODVolume,
    element_vlinks,
    select_link,
)
from corridor.exceptions import CorridorError
from corridor.network.graph import VLINK_KINDS
from corridor.network.model import Network

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ASSIGNMENT_TABLES",
    "OD_LINK_COLUMNS",
    "SELECT_LINK_COLUMNS",
    "AssignmentTable",
    "CorridorAssignment",
]

FloatArray: TypeAlias = npt.NDArray[np.float64]
AssignmentTable = Literal["links", "nodes", "bottlenecks", "od"]
"""A table of :meth:`CorridorAssignment.to_frame`."""
ASSIGNMENT_TABLES: tuple[AssignmentTable, ...] = get_args(AssignmentTable)
OD_LINK_COLUMNS = ("origin", "destination", "link", "teu", "share")
"""Columns of the ``od`` table: each OD pair's TEU per year on each real link it uses."""
SELECT_LINK_COLUMNS = ("element", *OD_VOLUME_COLUMNS)
"""Columns of :meth:`CorridorAssignment.select_link_frame`."""
_KIND = {k: i for i, k in enumerate(VLINK_KINDS)}


@dataclass(frozen=True, eq=False)
class CorridorAssignment:
    """Result of :func:`~corridor.assignment.demand_assignment.assign_demand`.

    Parameters
    ----------
    corridor_problem
        The problem solved.
    result
        The engine's result on the virtual-link graph (flows, costs, convergence report,
        and the OD pairs' link flows in ``result.demand_flows`` when they were tracked).
    links
        Real links with flow or a capacity.
    nodes
        Nodes with flow through them or a capacity.
    """

    corridor_problem: CorridorProblem
    result: AssignmentResult
    links: tuple[LinkFlow, ...]
    nodes: tuple[NodeFlow, ...]

    @property
    def network(self) -> Network:
        """The network assigned on."""
        return self.corridor_problem.compiled.network

    @property
    def demand(self) -> Demand:
        """The demand assigned."""
        return self.corridor_problem.demand

    @property
    def tracked(self) -> bool:
        """Whether the OD pairs' link flows were carried (select-link available)."""
        flows = self.result.demand_flows
        return flows is not None and flows.by == "od"

    @property
    def od_pairs(self) -> tuple[tuple[str, str], ...]:
        """``(origin, destination)`` node ids of each OD pair with demand."""
        zones = self.corridor_problem.zones
        o, d = np.nonzero(self.corridor_problem.problem.demand > 0)
        return tuple((zones[int(i)], zones[int(j)]) for i, j in zip(o, d, strict=True))

    @property
    def od_teu(self) -> FloatArray:
        """Demand of each OD pair (TEU per year), in :attr:`od_pairs` order."""
        od = self.corridor_problem.problem.demand
        return np.asarray(od[od > 0], dtype=np.float64)

    @property
    def od_flow(self) -> FloatArray:
        """``(n_od, n_vlinks)`` flow of each OD pair on each virtual link (TEU per year).

        The rows add up to :attr:`vlink_flow`: they are the same equilibrium.

        Raises
        ------
        CorridorError
            If the OD flows were not tracked.
        """
        return self._od_flows().flow[:, : self.corridor_problem.n_vlinks]

    def _od_flows(self) -> DemandFlows:
        flows = self.result.demand_flows
        if flows is None or flows.by != "od":
            raise CorridorError(
                "the OD pairs' flows were not tracked in this assignment; "
                "fix: call assign_demand(..., track_od=True)"
            )
        return flows

    @property
    def vlink_flow(self) -> FloatArray:
        """Equilibrium flow on each virtual link (TEU per year)."""
        return self.result.flow[: self.corridor_problem.n_vlinks]

    @property
    def vlink_delay_h(self) -> FloatArray:
        """Congestion delay per TEU on each virtual link (hours)."""
        cp = self.corridor_problem
        m = cp.n_vlinks
        return np.maximum(self.result.travel_time[:m] - cp.problem.vdf.fft[:m], 0.0)

    @property
    def total_delay_teu_h(self) -> float:
        """TEU-hours of congestion delay per year, network-wide."""
        return float(self.vlink_flow @ self.vlink_delay_h)

    @property
    def uncapacitated_share(self) -> float:
        """Share of TEU-km moved on links without a known capacity (no congestion there)."""
        cp = self.corridor_problem
        km = cp.compiled.distance_km
        moved = self.vlink_flow * km
        total = float(moved.sum())
        free = float(moved[~np.isfinite(cp.capacity_teu)].sum())
        return free / total if total > 0 else 0.0

    def bottlenecks(self, k: int | None = 10) -> list[Bottleneck]:
        """Links and nodes ranked by the congestion delay they cause (TEU-hours per year).

        Parameters
        ----------
        k
            At most this many (``None``: all with a positive delay).

        Returns
        -------
        list of Bottleneck
            Worst first; only elements with a positive delay.

        Raises
        ------
        ValueError
            If ``k`` is negative.
        """
        return rank_bottlenecks(self.links, self.nodes, k)

    def select_link(self, element: str) -> list[ODVolume]:
        """OD pairs whose flow uses a link or passes a node (border, gauge change, port).

        Parameters
        ----------
        element
            A link id, or a node id / name / alias (spelling-tolerant).

        Returns
        -------
        list of ODVolume
            OD pairs with a positive volume on it, largest first. Their volumes add up to
            the element's equilibrium flow (both directions of a link; every passage of a
            node).

        Raises
        ------
        UnknownPlaceError
            If ``element`` is neither a link id nor a place.
        CorridorError
            If the OD flows were not tracked (``assign_demand(..., track_od=False)``).
        """
        _, _, mask = element_vlinks(self.corridor_problem.compiled, element)
        return select_link(self._od_flows(), mask, self.od_pairs)

    def select_link_records(self, elements: list[str]) -> list[dict[str, Any]]:
        """Select-link of several elements as records (rows of :meth:`select_link_frame`).

        Parameters
        ----------
        elements
            Link ids or places.

        Returns
        -------
        list of dict
            Keys :data:`SELECT_LINK_COLUMNS`, elements in the given order.

        Raises
        ------
        UnknownPlaceError
            If an element is neither a link id nor a place.
        CorridorError
            If the OD flows were not tracked.
        """
        return [
            {"element": element, **asdict(row)}
            for element in elements
            for row in self.select_link(element)
        ]

    def select_link_frame(self, elements: list[str]) -> pd.DataFrame:
        """Select-link of several elements as one table.

        Parameters
        ----------
        elements
            Link ids or places.

        Returns
        -------
        pandas.DataFrame
            Columns :data:`SELECT_LINK_COLUMNS`.

        Raises
        ------
        UnknownPlaceError
            If an element is neither a link id nor a place.
        CorridorError
            If the OD flows were not tracked.
        MissingOptionalDependencyError
            If pandas is not installed (``pip install 'corridor[frame]'``).
        """
        return records_frame(self.select_link_records(elements), SELECT_LINK_COLUMNS)

    def records(self, table: AssignmentTable = "links") -> list[dict[str, Any]]:
        """The rows of one of the result's tables (see :meth:`to_frame`).

        Parameters
        ----------
        table
            ``links``, ``nodes``, ``bottlenecks`` or ``od``.

        Returns
        -------
        list of dict
            One dict per row, keys the table's columns.

        Raises
        ------
        CorridorError
            For an unknown table, or ``od`` when the OD flows were not tracked.
        """
        if table == "links":
            return [as_record(lf) for lf in self.links]
        if table == "nodes":
            return [as_record(nf) for nf in self.nodes]
        if table == "bottlenecks":
            return [asdict(b) for b in self.bottlenecks(None)]
        if table == "od":
            return self._od_link_records()
        raise CorridorError(
            f"table {table!r} is not known; fix: use one of {', '.join(ASSIGNMENT_TABLES)}"
        )

    def _od_link_records(self) -> list[dict[str, Any]]:
        g = self.corridor_problem.compiled.graph
        move = np.flatnonzero(g.kind == _KIND["move"])
        links = self.network.links
        per_link = np.zeros((len(links), self.od_flow.shape[0]))
        np.add.at(per_link, g.link[move], self.od_flow[:, move].T)
        teu = self.od_teu
        tol = 1e-9 * max(1.0, float(teu.sum()))
        pairs = self.od_pairs
        return [
            {
                "origin": pairs[r][0],
                "destination": pairs[r][1],
                "link": links[a].id,
                "teu": float(per_link[a, r]),
                "share": float(per_link[a, r] / teu[r]),
            }
            for r in range(len(pairs))
            for a in np.flatnonzero(per_link[:, r] > tol)
        ]

    def to_frame(self, table: AssignmentTable = "links") -> pd.DataFrame:
        """One of the result's tables as a DataFrame.

        Parameters
        ----------
        table
            ``links`` (default; the table of ``corridor assign --format csv``: one row per
            real link with flow or a capacity, columns :data:`~corridor.assignment.
            element_flows.LINK_FLOW_COLUMNS`), ``nodes``, ``bottlenecks`` (all with a
            positive delay, worst first) or ``od`` (each OD pair's TEU per year on each
            real link it uses, both directions, columns :data:`OD_LINK_COLUMNS`).

        Returns
        -------
        pandas.DataFrame
            The table.

        Raises
        ------
        CorridorError
            For an unknown table, or ``od`` when the OD flows were not tracked.
        MissingOptionalDependencyError
            If pandas is not installed (``pip install 'corridor[frame]'``).
        """
        columns = {
            "links": LINK_FLOW_COLUMNS,
            "nodes": NODE_FLOW_COLUMNS,
            "bottlenecks": BOTTLENECK_COLUMNS,
            "od": OD_LINK_COLUMNS,
        }
        rows = self.records(table)
        return records_frame(rows, columns[table])

    def to_dict(self, *, select: int = 3) -> dict[str, Any]:
        """The result as JSON-ready builtins.

        Parameters
        ----------
        select
            Attach select-link OD pairs to this many top bottlenecks (when the OD flows
            were tracked).

        Returns
        -------
        dict
            ``network``, ``demand``, ``assignment`` (algorithm, gap, ...), ``units``,
            ``notes``, ``bottlenecks`` (with ``od_pairs`` for the first ``select``),
            ``links`` and ``nodes``.
        """
        bottlenecks = []
        for b in self.bottlenecks(None):
            item: dict[str, Any] = asdict(b)
            if b.rank <= select and self.tracked:
                item["od_pairs"] = [asdict(o) for o in self.select_link(b.id)]
            bottlenecks.append(item)
        r = self.result
        return {
            "network": self.network.name,
            "demand": {
                "source": self.demand.source,
                "rows": len(self.demand.rows),
                "od_pairs": len(self.od_pairs),
                "total_teu": self.demand.total_teu,
                "by_cargo_teu": self.demand.by_cargo(),
            },
            "assignment": {
                "algorithm": r.algorithm,
                "iterations": r.iterations,
                "relative_gap": r.relative_gap,
                "converged": r.converged,
                "seconds": r.seconds,
                "od_flows_tracked": self.tracked,
                "total_delay_teu_h": self.total_delay_teu_h,
                "uncapacitated_share_teu_km": self.uncapacitated_share,
                "value_of_time_usd_per_teu_day": (
                    self.corridor_problem.value_of_time_usd_per_hour * 24.0
                ),
            },
            "units": {
                "flow": "TEU per year (bulk as TEU-equivalent, 10 t)",
                "capacity": "TEU per year per direction",
                "delay_h": "hours per TEU",
                "total_delay_teu_h": "TEU-hours per year",
            },
            "notes": self.notes(),
            "bottlenecks": bottlenecks,
            "links": [as_record(lf) for lf in self.links],
            "nodes": [as_record(nf) for nf in self.nodes],
        }

    def notes(self) -> list[str]:
        """Caveats that apply to this result.

        Returns
        -------
        list of str
            One sentence each.
        """
        cp = self.corridor_problem
        n_cap = int(np.isfinite(cp.capacity_teu).sum())
        notes = [
            (
                f"{n_cap} of {cp.n_vlinks} virtual links have a known capacity; everything "
                "else has no congestion (free-flow time at any volume): "
                f"{self.uncapacitated_share:.0%} of TEU-km moved is on such links"
            ),
            (
                f"trains/day converted at {TEU_PER_TRAIN:g} TEU per train, tonnes at "
                f"{TONNES_PER_TEU_EQUIVALENT:g} t per TEU-equivalent; each direction has the "
                "full capacity"
            ),
        ]
        if not self.result.converged:
            notes.append(
                f"relative gap {self.result.relative_gap:.2e} did not reach the target; "
                "raise --max-iter"
            )
        if self.tracked:
            notes.append(
                "select-link volumes are each OD pair's own flows in this equilibrium "
                "(carried through the same steps): they add up to each element's flow "
                "and to each pair's demand"
            )
        else:
            notes.append(
                "OD flows were not tracked (too many OD pairs x links for the memory "
                "limit), so there is no select-link; fix: --select-link ELEMENT or "
                "assign_demand(..., track_od=True)"
            )
        return notes

    def to_geojson(self) -> dict[str, Any]:
        """Links (LineStrings) and nodes (Points) with flows, v/c and delays as properties.

        Returns
        -------
        dict
            A GeoJSON FeatureCollection; every link of the network is included (zero flow
            where unused), nodes where something passes or a capacity is known.
        """
        net = self.network
        by_link = {lf.id: lf for lf in self.links}
        features: list[dict[str, Any]] = []
        for lk in net.links:
            lf = by_link.get(lk.id)
            coords = (
                [list(p) for p in lk.geometry]
                if lk.geometry
                else [
                    [net.node(lk.from_node).lon, net.node(lk.from_node).lat],
                    [net.node(lk.to_node).lon, net.node(lk.to_node).lat],
                ]
            )
            props: dict[str, Any] = (
                as_record(lf)
                if lf is not None
                else {
                    "id": lk.id,
                    "from_node": lk.from_node,
                    "to_node": lk.to_node,
                    "mode": lk.mode,
                    "flow_teu": 0.0,
                }
            )
            props["feature_type"] = "link"
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "LineString", "coordinates": coords},
                    "properties": props,
                }
            )
        for nf in self.nodes:
            node = net.node(nf.id)
            props = as_record(nf)
            props["feature_type"] = "node"
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [node.lon, node.lat]},
                    "properties": props,
                }
            )
        return {
            "type": "FeatureCollection",
            "corridor": {
                "kind": "assignment",
                "network": net.name,
                "demand": self.demand.source,
                "algorithm": self.result.algorithm,
                "relative_gap": self.result.relative_gap,
                "total_delay_teu_h": self.total_delay_teu_h,
                "units": "flow TEU/year; capacity TEU/year per direction; delay h/TEU",
            },
            "features": features,
        }

    def summary(self) -> str:
        """A few lines: the assignment, its congestion delay, its worst bottleneck, notes.

        Returns
        -------
        str
            Plain text (``corridor assign`` prints the full report).
        """
        r = self.result
        d = self.demand
        top = self.bottlenecks(1)
        lines = [
            (
                f"Assignment on {self.network.name}: {len(self.od_pairs)} OD pairs, "
                f"{d.total_teu:,.0f} TEU/yr from {d.source}"
            ),
            f"{r.algorithm}: {r.iterations} iterations, relative gap {r.relative_gap:.2e}"
            + ("" if r.converged else " (target NOT reached)")
            + f", {r.seconds:.2f} s",
            (
                f"Congestion delay: {self.total_delay_teu_h:,.0f} TEU-hours/yr "
                f"({self.total_delay_teu_h / max(d.total_teu, 1e-12):.1f} h per TEU on average)"
            ),
            (
                f"Worst bottleneck: {top[0].name} ({top[0].total_delay_teu_h:,.0f} TEU-h/yr)"
                if top
                else "No bottlenecks: no element with a known capacity is congested."
            ),
        ]
        lines.extend(f"  - {n}" for n in self.notes())
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()
