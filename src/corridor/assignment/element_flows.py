"""Equilibrium flows summed up to the network's real links and nodes.

The engine solves on the virtual-link graph (:mod:`corridor.network.graph`): each real link
is one virtual link per direction, each node a set of border passages, transfers, loading
and unloading links. :func:`element_flows` sums those back into one :class:`LinkFlow` per
real link and one :class:`NodeFlow` per node, with capacities, volume/capacity ratios and
congestion delays.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

from corridor._typing import MODES
from corridor.assignment.corridor_problem import CorridorProblem
from corridor.network.graph import VLINK_KINDS

__all__ = [
    "LINK_FLOW_COLUMNS",
    "NODE_FLOW_COLUMNS",
    "LinkFlow",
    "NodeFlow",
    "as_record",
    "element_flows",
    "finite_or_none",
]

FloatArray: TypeAlias = npt.NDArray[np.float64]
_KIND = {k: i for i, k in enumerate(VLINK_KINDS)}


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


LINK_FLOW_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(LinkFlow))
"""Columns of the link table (:meth:`~corridor.assignment.corridor_results.
CorridorAssignment.to_frame`, ``corridor assign --format csv``)."""
NODE_FLOW_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(NodeFlow))
"""Columns of the node table."""


def finite_or_none(x: float) -> float | None:
    """``x`` as a float, or ``None`` when it is not finite (JSON has no inf or NaN).

    Parameters
    ----------
    x
        A number.

    Returns
    -------
    float or None
        The number, or ``None``.
    """
    return float(x) if math.isfinite(x) else None


def as_record(obj: LinkFlow | NodeFlow) -> dict[str, Any]:
    """A link or node flow as a dict of builtins (non-finite numbers as ``None``).

    Parameters
    ----------
    obj
        The flow.

    Returns
    -------
    dict
        One key per field, in field order.
    """
    out: dict[str, Any] = {}
    for name in LINK_FLOW_COLUMNS if isinstance(obj, LinkFlow) else NODE_FLOW_COLUMNS:
        value = getattr(obj, name)
        out[name] = finite_or_none(value) if isinstance(value, float) else value
    return out


def element_flows(
    cp: CorridorProblem, flow: FloatArray, travel: FloatArray
) -> tuple[tuple[LinkFlow, ...], tuple[NodeFlow, ...]]:
    """Virtual-link flows summed up to the real links and nodes of the network.

    Parameters
    ----------
    cp
        The problem solved.
    flow, travel
        Flow and travel time of each problem link (TEU per year, hours per TEU).

    Returns
    -------
    tuple[tuple[LinkFlow, ...], tuple[NodeFlow, ...]]
        Links with flow or a capacity, and nodes with flow through them or a capacity,
        in network order.
    """
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
            capacity_teu=finite_or_none(l_cap[i]),
            volume_capacity=finite_or_none(l_vc[i]),
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
            capacity_teu=finite_or_none(n_cap[i]),
            volume_capacity=finite_or_none(n_vc[i]),
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
