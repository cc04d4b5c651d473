"""Capacitated demand assignment on a corridor network (the embedded Eurasian one or any).

:func:`assign_demand` builds the problem (:func:`corridor.assignment.corridor_problem.
build_problem`: flows in TEU per year, capacities converted to TEU per year, BPR or conical
functions on capacitated lines, queues at capacitated transfers, ferries and border nodes,
no congestion elsewhere), solves it with :func:`corridor.assignment.engine.assign`, and
returns a :class:`CorridorAssignment`: link and node flows, volume/capacity ratios, delays
(hours per TEU and TEU-hours per year), the bottleneck list ranked by the delay each element
causes, and select-link analysis (which OD pairs use a link, border or port).
:func:`render_assignment` turns it into the text, JSON or GeoJSON ``corridor assign
--demand`` prints.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypeAlias, get_args

import numpy as np
import numpy.typing as npt

from corridor._typing import MODES
from corridor.assignment.corridor_problem import (
    TEU_PER_TRAIN,
    CorridorProblem,
    LineVDF,
    build_problem,
    track_od_flows,
)
from corridor.assignment.engine import Algorithm, assign
from corridor.assignment.results import AssignmentResult
from corridor.exceptions import CorridorError, UnknownPlaceError
from corridor.io.demand import TONNES_PER_TEU_EQUIVALENT, Demand
from corridor.network.graph import VLINK_KINDS
from corridor.network.model import Capacity, Network
from corridor.network.places import resolve_place

__all__ = [
    "RENDER_FORMATS",
    "Bottleneck",
    "CorridorAssignment",
    "LinkFlow",
    "NodeFlow",
    "ODVolume",
    "RenderFormat",
    "assign_demand",
    "render_assignment",
]

IntArray: TypeAlias = npt.NDArray[np.int64]
FloatArray: TypeAlias = npt.NDArray[np.float64]
RenderFormat = Literal["table", "json", "geojson"]
"""Output format of :func:`render_assignment`."""
RENDER_FORMATS: tuple[RenderFormat, ...] = get_args(RenderFormat)
_KIND = {k: i for i, k in enumerate(VLINK_KINDS)}


# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LinkFlow:
    """Flow on a real link at equilibrium (TEU per year, hours).

    Parameters
    ----------
    id, name, from_node, to_node, mode
        The link.
    flow_teu
        Both directions.
    forward_teu, backward_teu
        From → to, and to → from.
    capacity_teu
        Capacity per direction (``None``: not known, no congestion).
    volume_capacity
        Flow/capacity of the busier direction (``None`` without a capacity).
    vdf
        ``bpr``, ``conical``, ``queue`` or ``None``.
    free_time_h
        Free-flow time (hours per TEU).
    delay_h
        Congestion delay per TEU (flow-weighted over both directions).
    total_delay_teu_h
        Congestion delay summed over the flow (TEU-hours per year).
    """

    id: str
    name: str
    from_node: str
    to_node: str
    mode: str
    flow_teu: float
    forward_teu: float
    backward_teu: float
    capacity_teu: float | None
    volume_capacity: float | None
    vdf: str | None
    free_time_h: float
    delay_h: float
    total_delay_teu_h: float


@dataclass(frozen=True, slots=True)
class NodeFlow:
    """Flow through a node (border passages and transfers) at equilibrium.

    Parameters
    ----------
    id, name, kind, country
        The node.
    through_teu
        TEU per year passing the node (border passage or transfer), excluding loading
        and unloading there.
    transfer_teu
        Of which mode changes (gauge change, rail↔ship, ...).
    loaded_teu, unloaded_teu
        TEU per year starting and ending here.
    capacity_teu
        Capacity of its capacitated element, per direction (``None``: not known).
    volume_capacity
        Flow/capacity of its busiest capacitated element (``None`` without one).
    element
        What is capacitated (``gauge change 1520>1435``, ``rail ship 1520>ferry``, ...): its
        busiest direction.
    element_teu
        TEU per year through that element (``None`` without a capacity).
    delay_h
        Congestion delay per TEU passing (flow-weighted).
    total_delay_teu_h
        Congestion delay summed over the flow (TEU-hours per year).
    """

    id: str
    name: str
    kind: str
    country: str
    through_teu: float
    transfer_teu: float
    loaded_teu: float
    unloaded_teu: float
    capacity_teu: float | None
    volume_capacity: float | None
    element: str | None
    element_teu: float | None
    delay_h: float
    total_delay_teu_h: float


@dataclass(frozen=True, slots=True)
class Bottleneck:
    """A link or node ranked by the congestion delay it causes.

    Parameters
    ----------
    rank
        1 for the worst.
    kind
        ``link`` or ``node``.
    id, name
        The element.
    what
        Mode (links) or capacitated element (nodes).
    flow_teu, capacity_teu, volume_capacity
        TEU per year, capacity per direction, flow/capacity of the busiest direction.
    delay_h
        Delay per TEU (hours).
    total_delay_teu_h
        TEU-hours of delay per year.
    """

    rank: int
    kind: Literal["link", "node"]
    id: str
    name: str
    what: str
    flow_teu: float
    capacity_teu: float | None
    volume_capacity: float | None
    delay_h: float
    total_delay_teu_h: float


@dataclass(frozen=True, slots=True)
class ODVolume:
    """An OD pair's flow on one link or node (select-link).

    Parameters
    ----------
    origin, destination
        Node ids.
    teu
        TEU per year of this OD pair on the element.
    share
        Fraction of the OD pair's demand that uses the element.
    """

    origin: str
    destination: str
    teu: float
    share: float


def _fmt(x: float | None, spec: str = ",.0f") -> str:
    return "-" if x is None else format(x, spec)


def _clean(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


@dataclass(frozen=True, eq=False)
class CorridorAssignment:
    """Result of :func:`assign_demand`.

    Parameters
    ----------
    corridor_problem
        The problem solved.
    result
        The engine's result on the virtual-link graph (flows, costs, convergence report).
    links
        Real links with flow or a capacity.
    nodes
        Nodes with flow through them or a capacity.
    od_flow
        ``(n_od, n_vlinks)`` flow of each OD pair on each virtual link (TEU per year), from
        the OD-tracked equilibrium (:func:`~corridor.assignment.corridor_problem.
        track_od_flows`).
    od_gap
        Relative gap of the OD-tracked equilibrium.
    od_pairs
        ``(origin, destination)`` node ids of each OD pair.
    od_teu
        Demand of each OD pair (TEU per year).
    """

    corridor_problem: CorridorProblem
    result: AssignmentResult
    links: tuple[LinkFlow, ...]
    nodes: tuple[NodeFlow, ...]
    od_flow: FloatArray = field(repr=False)
    od_pairs: tuple[tuple[str, str], ...]
    od_teu: FloatArray = field(repr=False)
    od_gap: float = 0.0

    @property
    def network(self) -> Network:
        """The network assigned on."""
        return self.corridor_problem.compiled.network

    @property
    def demand(self) -> Demand:
        """The demand assigned."""
        return self.corridor_problem.demand

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
        """
        items = [
            Bottleneck(
                0,
                "link",
                lf.id,
                lf.name,
                lf.mode,
                lf.flow_teu,
                lf.capacity_teu,
                lf.volume_capacity,
                lf.delay_h,
                lf.total_delay_teu_h,
            )
            for lf in self.links
            if lf.total_delay_teu_h > 0
        ] + [
            Bottleneck(
                0,
                "node",
                nf.id,
                nf.name,
                nf.element or "node",
                nf.through_teu if nf.element_teu is None else nf.element_teu,
                nf.capacity_teu,
                nf.volume_capacity,
                nf.delay_h,
                nf.total_delay_teu_h,
            )
            for nf in self.nodes
            if nf.total_delay_teu_h > 0
        ]
        items.sort(key=lambda b: (-b.total_delay_teu_h, b.id))
        chosen = items if k is None else items[:k]
        return [replace(b, rank=i + 1) for i, b in enumerate(chosen)]

    def _element_vlinks(self, element: str) -> tuple[str, str, npt.NDArray[np.bool_]]:
        net = self.network
        g = self.corridor_problem.compiled.graph
        link_ix = {lk.id: i for i, lk in enumerate(net.links)}
        if element in link_ix:
            mask = (g.kind == _KIND["move"]) & (g.link == link_ix[element])
            return "link", element, mask
        try:
            node = resolve_place(net, element)
        except UnknownPlaceError as exc:
            raise UnknownPlaceError(
                f"{exc}; select-link takes a link id (e.g. {net.links[0].id!r}) or a place"
            ) from None
        n = next(i for i, nd in enumerate(net.nodes) if nd.id == node.id)
        crossing = (g.kind == _KIND["through"]) | (g.kind == _KIND["transfer"])
        return "node", node.id, crossing & (g.node == n)

    def select_link(self, element: str) -> list[ODVolume]:
        """OD pairs whose flow uses a link or passes a node (border, gauge change, port).

        Parameters
        ----------
        element
            A link id, or a node id / name / alias (spelling-tolerant).

        Returns
        -------
        list of ODVolume
            OD pairs with a positive volume on it, largest first.

        Raises
        ------
        UnknownPlaceError
            If ``element`` is neither a link id nor a place.
        """
        _, _, mask = self._element_vlinks(element)
        teu = self.od_flow[:, mask].sum(axis=1)
        tol = 1e-9 * max(1.0, float(self.od_teu.sum()))
        order = np.argsort(-teu, kind="stable")
        return [
            ODVolume(
                self.od_pairs[i][0],
                self.od_pairs[i][1],
                float(teu[i]),
                float(teu[i] / self.od_teu[i]) if self.od_teu[i] > 0 else 0.0,
            )
            for i in order
            if teu[i] > tol
        ]

    def to_dict(self, *, select: int = 3) -> dict[str, Any]:
        """The result as JSON-ready builtins.

        Parameters
        ----------
        select
            Attach select-link OD pairs to this many top bottlenecks.

        Returns
        -------
        dict
            ``network``, ``demand``, ``assignment`` (algorithm, gap, ...), ``units``,
            ``notes``, ``bottlenecks`` (with ``od_pairs`` for the first ``select``),
            ``links`` and ``nodes``.
        """
        bottlenecks = []
        for b in self.bottlenecks(None):
            item: dict[str, Any] = {
                "rank": b.rank,
                "kind": b.kind,
                "id": b.id,
                "name": b.name,
                "what": b.what,
                "flow_teu": b.flow_teu,
                "capacity_teu": b.capacity_teu,
                "volume_capacity": b.volume_capacity,
                "delay_h": b.delay_h,
                "total_delay_teu_h": b.total_delay_teu_h,
            }
            if b.rank <= select:
                item["od_pairs"] = [
                    {
                        "origin": o.origin,
                        "destination": o.destination,
                        "teu": o.teu,
                        "share": o.share,
                    }
                    for o in self.select_link(b.id)
                ]
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
            "links": [_asdict(lf) for lf in self.links],
            "nodes": [_asdict(nf) for nf in self.nodes],
        }

    def notes(self) -> list[str]:
        """Caveats that apply to this result."""
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
        notes.append(
            "select-link volumes come from an OD-tracked Frank-Wolfe equilibrium at relative "
            f"gap {self.od_gap:.1e}; they add up to each pair's demand"
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
                _asdict(lf)
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
            props = _asdict(nf)
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

    def summary(self, *, k: int = 10, select: int = 3) -> str:
        """A printable summary: the assignment, the bottlenecks and who uses them.

        Parameters
        ----------
        k
            Bottlenecks shown.
        select
            OD pairs listed for this many top bottlenecks.

        Returns
        -------
        str
            Plain text (no markup).
        """
        r = self.result
        d = self.demand
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
            "",
        ]
        top = self.bottlenecks(k)
        if not top:
            lines.append("No bottlenecks: no element with a known capacity is congested.")
        else:
            lines.append("Bottlenecks, by total congestion delay caused:")
            header = (
                f"{'#':>2}  {'element':<34} {'what':<28} {'TEU/yr':>10} {'capacity':>10} "
                f"{'v/c':>5} {'delay h':>8} {'TEU-h/yr':>13}"
            )
            lines.extend([header, "-" * len(header)])
            lines.extend(
                f"{b.rank:>2}  {b.name[:34]:<34} {b.what[:28]:<28} {b.flow_teu:>10,.0f} "
                f"{_fmt(b.capacity_teu):>10} {_fmt(b.volume_capacity, '.2f'):>5} "
                f"{b.delay_h:>8,.1f} {b.total_delay_teu_h:>13,.0f}"
                for b in top
            )
            for b in top[:select]:
                users = self.select_link(b.id)
                lines.extend(["", f"Who uses {b.name} ({b.id}):"])
                lines.extend(
                    f"    {o.origin} -> {o.destination}: {o.teu:,.0f} TEU/yr "
                    f"({o.share:.0%} of the pair)"
                    for o in users[:8]
                )
                if len(users) > 8:  # noqa: PLR2004
                    lines.append(f"    ... and {len(users) - 8} more")
        capped = [n for n in self.nodes if n.capacity_teu is not None] + [
            lf for lf in self.links if lf.capacity_teu is not None
        ]
        lines.extend(["", "Every element with a known capacity:"])
        header = f"    {'element':<34} {'TEU/yr':>10} {'capacity':>10} {'v/c':>5} {'delay h':>8}"
        lines.append(header)
        for e in capped:
            flow = e.flow_teu if isinstance(e, LinkFlow) else (e.element_teu or 0.0)
            lines.append(
                f"    {e.name[:34]:<34} {flow:>10,.0f} {_fmt(e.capacity_teu):>10} "
                f"{_fmt(e.volume_capacity, '.2f'):>5} {e.delay_h:>8,.1f}"
            )
        lines.extend(["", "Notes:"])
        lines.extend(f"  - {n}" for n in self.notes())
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


def _asdict(obj: LinkFlow | NodeFlow) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in obj.__slots__:
        value = getattr(obj, name)
        out[name] = _clean(value) if isinstance(value, float) else value
    return out


def _element_results(
    cp: CorridorProblem, flow: FloatArray, travel: FloatArray
) -> tuple[tuple[LinkFlow, ...], tuple[NodeFlow, ...]]:
    compiled = cp.compiled
    net = compiled.network
    g = compiled.graph
    m = cp.n_vlinks
    x = flow[:m]
    fft = cp.problem.vdf.fft[:m]
    delay = np.maximum(travel[:m] - fft, 0.0)
    cap = cp.capacity_teu
    vc = np.where(np.isfinite(cap), x / np.where(np.isfinite(cap), cap, 1.0), np.nan)

    move = np.flatnonzero(g.kind == _KIND["move"])
    n_l = len(net.links)
    li = g.link[move]
    fwd = g.forward[move]
    flow_f = np.bincount(li[fwd], weights=x[move][fwd], minlength=n_l)
    flow_b = np.bincount(li[~fwd], weights=x[move][~fwd], minlength=n_l)
    tot = flow_f + flow_b
    td = np.bincount(li, weights=(x * delay)[move], minlength=n_l)
    tf = np.bincount(li, weights=(x * fft)[move], minlength=n_l)
    l_cap = np.full(n_l, np.inf)
    np.minimum.at(l_cap, li, cap[move])
    l_vc = np.full(n_l, np.nan)
    has = np.isfinite(vc[move])
    np.fmax.at(l_vc, li[has], vc[move][has])
    l_vdf: dict[int, str] = {int(i): cp.vdf_name[int(v)] for i, v in zip(li, move, strict=True)}
    l_fft = np.bincount(li, weights=fft[move], minlength=n_l) / np.maximum(
        np.bincount(li, minlength=n_l), 1
    )
    links = tuple(
        LinkFlow(
            id=lk.id,
            name=lk.name or f"{net.node(lk.from_node).name} – {net.node(lk.to_node).name}",
            from_node=lk.from_node,
            to_node=lk.to_node,
            mode=lk.mode,
            flow_teu=float(tot[i]),
            forward_teu=float(flow_f[i]),
            backward_teu=float(flow_b[i]),
            capacity_teu=_clean(l_cap[i]),
            volume_capacity=_clean(l_vc[i]),
            vdf=l_vdf.get(i) or None,
            free_time_h=float(tf[i] / tot[i]) if tot[i] > 0 else float(l_fft[i]),
            delay_h=float(td[i] / tot[i]) if tot[i] > 0 else 0.0,
            total_delay_teu_h=float(td[i]),
        )
        for i, lk in enumerate(net.links)
        if tot[i] > 0 or math.isfinite(l_cap[i])
    )

    n_n = len(net.nodes)
    kind = g.kind
    crossing = np.flatnonzero((kind == _KIND["through"]) | (kind == _KIND["transfer"]))
    transfer = np.flatnonzero(kind == _KIND["transfer"])
    ni = g.node[crossing]
    through = np.bincount(ni, weights=x[crossing], minlength=n_n)
    transferred = np.bincount(g.node[transfer], weights=x[transfer], minlength=n_n)
    load = np.flatnonzero(kind == _KIND["load"])
    unload = np.flatnonzero(kind == _KIND["unload"])
    loaded = np.bincount(g.node[load], weights=x[load], minlength=n_n)
    unloaded = np.bincount(g.node[unload], weights=x[unload], minlength=n_n)
    nd = np.bincount(ni, weights=(x * delay)[crossing], minlength=n_n)
    capped = crossing[np.isfinite(cap[crossing])]
    n_vc = np.full(n_n, np.nan)
    np.fmax.at(n_vc, g.node[capped], vc[capped])
    n_cap = np.full(n_n, np.inf)
    np.minimum.at(n_cap, g.node[capped], cap[capped])
    element: dict[int, str] = {}
    element_teu: dict[int, float] = {}
    for v in capped[np.argsort(-np.nan_to_num(vc[capped], nan=-1.0), kind="stable")]:
        n = int(g.node[v])
        if n in element:
            continue
        element_teu[n] = float(x[v])
        if kind[v] == _KIND["transfer"]:
            tr = net.nodes[n].transfers[int(g.transfer[v])]
            label = tr.kind.replace("_", "-") if tr.kind != "gauge_change" else "gauge change"
            a, b = _vertex_mode(g.vertex_mode[g.tail[v]]), _vertex_mode(g.vertex_mode[g.head[v]])
            element[n] = f"{label} {a}>{b}"
        else:
            element[n] = "border crossing (node capacity)"
    nodes = tuple(
        NodeFlow(
            id=node.id,
            name=node.name,
            kind=node.kind,
            country=node.country,
            through_teu=float(through[i]),
            transfer_teu=float(transferred[i]),
            loaded_teu=float(loaded[i]),
            unloaded_teu=float(unloaded[i]),
            capacity_teu=_clean(n_cap[i]),
            volume_capacity=_clean(n_vc[i]),
            element=element.get(i),
            element_teu=element_teu.get(i),
            delay_h=float(nd[i] / through[i]) if through[i] > 0 else 0.0,
            total_delay_teu_h=float(nd[i]),
        )
        for i, node in enumerate(net.nodes)
        if through[i] + loaded[i] + unloaded[i] > 0 or math.isfinite(n_cap[i])
    )
    return links, nodes


def _vertex_mode(index: np.int64) -> str:
    return MODES[int(index)].removeprefix("rail_") if index >= 0 else "-"


def assign_demand(
    network: Network,
    demand: Demand,
    *,
    algorithm: Algorithm = "bfw",
    gap: float = 1e-5,
    max_iter: int = 500,
    line_vdf: LineVDF = "bpr",
    capacities: Mapping[str, Capacity] | None = None,
    value_of_time_usd_per_day: float | None = None,
    month: int | None = None,
) -> CorridorAssignment:
    """Assign yearly OD demand to ``network`` with capacities and congestion.

    Parameters
    ----------
    network
        The network (e.g. :func:`corridor.eurasia`).
    demand
        Demand read against this network (:func:`corridor.io.demand.read_demand`).
    algorithm
        ``aon``, ``msa``, ``fw``, ``cfw``, ``bfw`` (default) or ``so``.
    gap
        Relative-gap target.
    max_iter
        Iteration limit.
    line_vdf
        ``bpr`` or ``conical`` for capacitated line links.
    capacities
        Scenario capacities by link or node id, added to or replacing the network's
        (a node id caps every border passage and transfer there).
    value_of_time_usd_per_day
        Value of one TEU-day (default: the network's TEU class).
    month
        Month for seasonal port closures (1-12), ``None`` for the yearly average.

    Returns
    -------
    CorridorAssignment
        Flows, v/c, delays, bottlenecks and select-link analysis.

    Raises
    ------
    CorridorError
        For invalid scenario capacities, an unknown algorithm or bad gap/iterations.
    NoRouteError
        If some OD pair has no route.
    """
    cp = build_problem(
        network,
        demand,
        line_vdf=line_vdf,
        capacities=capacities,
        value_of_time_usd_per_day=value_of_time_usd_per_day,
        month=month,
    )
    try:
        result = assign(cp.problem, algorithm=algorithm, gap=gap, max_iter=max_iter)
    except ValueError as exc:
        raise CorridorError(f"{exc}; fix: see `corridor assign --help`") from None
    links, nodes = _element_results(cp, result.flow, result.travel_time)
    tracer, od_flows, od_gap = track_od_flows(cp.problem)
    o_idx, d_idx = tracer.od_pairs
    zones = cp.zones
    return CorridorAssignment(
        corridor_problem=cp,
        result=result,
        links=links,
        nodes=nodes,
        od_flow=od_flows[:, : cp.n_vlinks],
        od_gap=od_gap,
        od_pairs=tuple((zones[int(o)], zones[int(d)]) for o, d in zip(o_idx, d_idx, strict=True)),
        od_teu=tracer.od_demand.copy(),
    )


def render_assignment(result: CorridorAssignment, fmt: RenderFormat = "table") -> str:
    """The result as text for the command line.

    Parameters
    ----------
    result
        An assignment.
    fmt
        ``table`` (:meth:`CorridorAssignment.summary`), ``json``
        (:meth:`CorridorAssignment.to_dict`) or ``geojson``
        (:meth:`CorridorAssignment.to_geojson`).

    Returns
    -------
    str
        The text, ending with a newline.

    Raises
    ------
    CorridorError
        For an unknown format.
    """
    if fmt == "table":
        return result.summary() + "\n"
    if fmt == "json":
        return json.dumps(result.to_dict(), indent=1, allow_nan=False) + "\n"
    if fmt == "geojson":
        return json.dumps(result.to_geojson(), allow_nan=False) + "\n"
    raise CorridorError(f"--format {fmt}: unknown; fix: use one of {', '.join(RENDER_FORMATS)}")
