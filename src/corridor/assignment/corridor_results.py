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
from corridor.assignment.aon import LoadingGraph
from corridor.assignment.bottlenecks import BOTTLENECK_COLUMNS, Bottleneck, rank_bottlenecks
from corridor.assignment.corridor_problem import QUEUE_RHO_MAX, TEU_PER_TRAIN, CorridorProblem
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
    "OD_COST_COLUMNS",
    "OD_LINK_COLUMNS",
    "SELECT_LINK_COLUMNS",
    "AssignmentTable",
    "CorridorAssignment",
    "ODCosts",
    "queue_wait_variance",
]

FloatArray: TypeAlias = npt.NDArray[np.float64]
AssignmentTable = Literal["links", "nodes", "bottlenecks", "od"]
"""A table of :meth:`CorridorAssignment.to_frame`."""
ASSIGNMENT_TABLES: tuple[AssignmentTable, ...] = get_args(AssignmentTable)
OD_LINK_COLUMNS = ("origin", "destination", "link", "teu", "share")
"""Columns of the ``od`` table: each OD pair's TEU per year on each real link it uses."""
SELECT_LINK_COLUMNS = ("element", *OD_VOLUME_COLUMNS)
"""Columns of :meth:`CorridorAssignment.select_link_frame`."""
OD_COST_COLUMNS = (
    "origin",
    "destination",
    "teu",
    "time_h",
    "money_usd",
    "generalised_usd",
    "co2_kg",
    "wait_sd_h",
)
"""Columns of :meth:`ODCosts.records`: per TEU of each OD pair at equilibrium."""
_KIND = {k: i for i, k in enumerate(VLINK_KINDS)}
_RHO_MIN = 1e-9


def queue_wait_variance(delay_h: npt.ArrayLike, rho: npt.ArrayLike) -> FloatArray:
    """Variance of an M/M/1 queue's wait, from its mean wait and utilisation.

    The wait in queue of an M/M/1 server at utilisation ``ρ`` is 0 with probability
    ``1 − ρ`` and exponential otherwise; with mean ``w`` its variance is
    ``w² (2 − ρ) / ρ``. Above
    :data:`~corridor.assignment.corridor_problem.QUEUE_RHO_MAX` the ratio stays at its
    value there (the queue's delay itself continues along its tangent).

    Parameters
    ----------
    delay_h
        Mean wait (hours), ``>= 0``.
    rho
        Utilisation (flow / capacity), ``>= 0``.

    Returns
    -------
    numpy.ndarray
        The variance (hours²), 0 where there is no wait.
    """
    w = np.asarray(delay_h, dtype=np.float64)
    r = np.clip(np.asarray(rho, dtype=np.float64), _RHO_MIN, QUEUE_RHO_MAX)
    return np.asarray(np.where(w > 0, w * w * (2.0 - r) / r, 0.0), dtype=np.float64)


@dataclass(frozen=True, eq=False)
class ODCosts:
    """What one TEU of each OD pair spends at equilibrium (flow-weighted over its paths).

    At an equilibrium every used path of a pair has the same generalised cost, so
    ``Σ teu · generalised_usd`` is the total generalised cost of the assignment.

    Parameters
    ----------
    pairs
        ``(origin, destination)`` node ids.
    teu
        Demand of each pair (TEU per year).
    time_h
        Travel time per TEU (hours, congestion included).
    money_usd
        Money per TEU (freight, handling, fees; USD).
    generalised_usd
        ``time_h`` × value of time + ``money_usd``.
    co2_kg
        CO2e per TEU (kg).
    wait_sd_h
        Standard deviation of the congestion waits at the queues passed (hours; the
        waits along a path taken to move together, so their standard deviations add
        up: an upper bound, see :attr:`CorridorAssignment.vlink_wait_sd_h`).
    value_of_time_usd_per_hour
        Value of time used.
    """

    pairs: tuple[tuple[str, str], ...]
    teu: FloatArray
    time_h: FloatArray
    money_usd: FloatArray
    generalised_usd: FloatArray
    co2_kg: FloatArray
    wait_sd_h: FloatArray
    value_of_time_usd_per_hour: float

    def records(self) -> list[dict[str, Any]]:
        """One record per OD pair.

        Returns
        -------
        list of dict
            Keys :data:`OD_COST_COLUMNS`.
        """
        return [
            {
                "origin": o,
                "destination": d,
                "teu": float(self.teu[i]),
                "time_h": float(self.time_h[i]),
                "money_usd": float(self.money_usd[i]),
                "generalised_usd": float(self.generalised_usd[i]),
                "co2_kg": float(self.co2_kg[i]),
                "wait_sd_h": float(self.wait_sd_h[i]),
            }
            for i, (o, d) in enumerate(self.pairs)
        ]


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
    def value_of_time_usd_per_hour(self) -> float:
        """Value of one TEU-hour used to weigh time against money (USD)."""
        return self.corridor_problem.value_of_time_usd_per_hour

    @property
    def vlink_time_h(self) -> FloatArray:
        """Travel time per TEU on each virtual link at equilibrium (hours, delay included)."""
        return self.result.travel_time[: self.corridor_problem.n_vlinks]

    @property
    def vlink_money_usd(self) -> FloatArray:
        """Money per TEU on each virtual link (USD: freight, handling, fees, tolls)."""
        cp = self.corridor_problem
        return cp.problem.fixed_cost[: cp.n_vlinks] * cp.value_of_time_usd_per_hour

    @property
    def vlink_co2_kg(self) -> FloatArray:
        """CO2e per TEU on each virtual link (kg)."""
        cp = self.corridor_problem
        tonnes = self.demand_tonnes_per_teu
        return cp.compiled.co2_g_per_t * tonnes / 1000.0

    @property
    def demand_tonnes_per_teu(self) -> float:
        """Tonnes of cargo in one TEU of the network's container class (for CO2)."""
        containers = [c for c in self.network.cargo_classes if c.teu > 0]
        if not containers:
            return TONNES_PER_TEU_EQUIVALENT
        c = next((k for k in containers if k.id == "TEU"), containers[0])
        return c.tonnes / c.teu

    @property
    def vlink_wait_sd_h(self) -> FloatArray:
        """Standard deviation of the congestion wait on each queue (hours; 0 elsewhere).

        From the mean congestion delay of a queue (transfer, ferry or border with a
        capacity) and its utilisation, by :func:`queue_wait_variance`. Summed along a
        path (waits that move together: congestion episodes and Caspian weather hit
        successive queues alike), it is an upper bound on the path's spread, and it is
        linear in the flows, so it does not swing with how an equilibrium splits the
        pairs over a jammed queue.
        """
        cp = self.corridor_problem
        queue = np.asarray(cp.vdf_name, dtype=object) == "queue"
        rho = np.where(queue, self.vlink_flow / np.where(queue, cp.capacity_teu, 1.0), 0.0)
        var = np.where(queue, queue_wait_variance(self.vlink_delay_h, rho), 0.0)
        return np.sqrt(np.maximum(var, 0.0))

    @property
    def total_system_time_teu_h(self) -> float:
        """TEU-hours spent moving the demand per year (free-flow time plus delay).

        Unlike :attr:`total_delay_teu_h` it cannot fall by moving flow onto slower links
        without a capacity, and it falls when a bottleneck's capacity is added.
        """
        return float(self.vlink_flow @ self.vlink_time_h)

    @property
    def total_money_usd(self) -> float:
        """Money spent moving the demand per year (USD)."""
        return float(self.vlink_flow @ self.vlink_money_usd)

    @property
    def total_generalised_cost_usd(self) -> float:
        """Users' generalised cost per year: TEU-hours × value of time + money (USD).

        This is what the equilibrium's users minimise; the change in it between two
        scenarios with the same demand is their welfare change
        (:func:`~corridor.assignment.welfare.welfare_change`).
        """
        return self.total_system_time_teu_h * self.value_of_time_usd_per_hour + (
            self.total_money_usd
        )

    @property
    def total_co2_t(self) -> float:
        """Tonnes of CO2e emitted moving the demand per year."""
        return float(self.vlink_flow @ self.vlink_co2_kg) / 1000.0

    @property
    def total_wait_sd_teu_h(self) -> float:
        """Σ over OD pairs of TEU × standard deviation of their queue waits (TEU-hours/yr).

        The unreliability the congestion adds (``Σ flow × SD`` over the queues, see
        :attr:`vlink_wait_sd_h`).
        """
        return float(self.vlink_flow @ self.vlink_wait_sd_h)

    def od_costs(self) -> ODCosts:
        """Time, money, CO2 and queue-wait spread per TEU of each OD pair at equilibrium.

        Flow-weighted over each pair's paths when the OD flows were tracked; otherwise
        along each pair's shortest path at the equilibrium costs (the same cost at an
        equilibrium; this loads an OD pairs × links array).

        Returns
        -------
        ODCosts
            One entry per OD pair, in :attr:`od_pairs` order.
        """
        cp = self.corridor_problem
        m = cp.n_vlinks
        teu = self.od_teu
        if self.tracked:
            share = self.od_flow / np.where(teu > 0, teu, 1.0)[:, None]
        else:
            graph = LoadingGraph.build(cp.problem)
            _, _, rows = graph.load_rows(self.result.cost, "od")
            share = rows[:, :m] / np.where(teu > 0, teu, 1.0)[:, None]
        time_h = share @ self.vlink_time_h
        money = share @ self.vlink_money_usd
        return ODCosts(
            pairs=self.od_pairs,
            teu=teu,
            time_h=time_h,
            money_usd=money,
            generalised_usd=time_h * self.value_of_time_usd_per_hour + money,
            co2_kg=share @ self.vlink_co2_kg,
            wait_sd_h=share @ self.vlink_wait_sd_h,
            value_of_time_usd_per_hour=self.value_of_time_usd_per_hour,
        )

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
            ``network``, ``regimes`` (the dated regimes applied), ``demand``,
            ``assignment`` (algorithm, gap, ...), ``units``,
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
            "regimes": list(self.network.applied_regimes),
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
                "total_system_time_teu_h": self.total_system_time_teu_h,
                "total_money_usd": self.total_money_usd,
                "total_generalised_cost_usd": self.total_generalised_cost_usd,
                "total_co2_t": self.total_co2_t,
                "total_wait_sd_teu_h": self.total_wait_sd_teu_h,
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
                "total_system_time_teu_h": "TEU-hours per year",
                "total_money_usd": "USD per year",
                "total_generalised_cost_usd": "USD per year (time x value of time + money)",
                "total_co2_t": "tonnes CO2e per year",
                "total_wait_sd_teu_h": "TEU x standard deviation of the queue waits (hours)",
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
                f"System time: {self.total_system_time_teu_h:,.0f} TEU-hours/yr; generalised "
                f"cost: US${self.total_generalised_cost_usd:,.0f}/yr"
            ),
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
