"""The virtual-graph builder and the compiler as they were: the oracles.

Verbatim copies of ``_build`` (with ``_layers`` and ``_add_transfers``) from
``corridor.network.graph`` and of ``compile_network`` from ``corridor.network.compile``
at commit 8a60f59, before they read the network's columns; ``test_compile_fast``
asserts that the new ones build the same arrays.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from corridor._typing import MODES
from corridor.network.compile import (
    CompiledNetwork,
    _dwell_mean,
    _emission,
    _layer_services,
    _mean,
    _toll_per_feu,
    link_time_h,
    service_wait_h,
)
from corridor.network.graph import (
    _SIDES,
    VLINK_KINDS,
    WATER_MODES,
    IntArray,
    VirtualGraph,
    VLinkKind,
    _Add,
    build_virtual_graph,
)
from corridor.network.model import Money, Network

__all__ = ["build", "compile_network"]

_KIND = {k: i for i, k in enumerate(VLINK_KINDS)}


def _layers(network: Network) -> tuple[list[int], list[str | None], IntArray]:
    """Layer of every link: its mode, or its service (numbered after the modes)."""
    mode_ix = {m: i for i, m in enumerate(MODES)}
    layer_mode = list(range(len(MODES)))
    layer_service: list[str | None] = [None] * len(MODES)
    service_ix: dict[str, int] = {}
    of_link = np.empty(len(network.links), dtype=np.int64)
    for li, lk in enumerate(network.links):
        if lk.service is None:
            of_link[li] = mode_ix[lk.mode]
            continue
        key = lk.service.name
        if key not in service_ix:
            service_ix[key] = len(layer_mode)
            layer_mode.append(mode_ix[lk.mode])
            layer_service.append(key)
        of_link[li] = service_ix[key]
    return layer_mode, layer_service, of_link


def build(network: Network) -> VirtualGraph:
    nodes = network.nodes
    node_ix = {n.id: i for i, n in enumerate(nodes)}
    n_nodes = len(nodes)
    layer_mode, layer_service, link_layer = _layers(network)
    n_layers = len(layer_mode)
    # the countries of each node's sides: a border's two, else the node's own
    node_cc = np.array([n.country for n in nodes], dtype="<U8")
    side_cc = np.repeat(node_cc[:, None], _SIDES, axis=1)
    for i, n in enumerate(nodes):
        if n.border is not None:  # a few nodes in any network
            side_cc[i] = n.border.countries[:_SIDES]

    # one flat array per attribute (no tuple per link: on a large network the collector's
    # passes over millions of new containers cost more than the lookups themselves)
    links = network.links
    n_links = len(links)
    tail = np.fromiter((node_ix.get(lk.from_node, -1) for lk in links), np.int64, n_links)
    head = np.fromiter((node_ix.get(lk.to_node, -1) for lk in links), np.int64, n_links)
    known = (tail >= 0) & (head >= 0)
    li = np.flatnonzero(known)
    a, b = tail[known], head[known]
    both = np.fromiter((lk.directions == "both" for lk in links), bool, n_links)[known]
    water = np.fromiter((lk.mode in WATER_MODES for lk in links), bool, n_links)[known]
    lay = link_layer[li]

    def side(at: IntArray, far: IntArray) -> IntArray:
        """Side index of a link end at ``at`` whose other end is ``far``."""
        want = np.where(water, "XX", node_cc[far])
        own = side_cc[at]
        return np.where(
            own[:, 1] == want, 1, np.where(own[:, 0] == want, 0, (own[:, 1] == node_cc[at]))
        ).astype(np.int64)

    side_a, side_b = side(a, b), side(b, a)
    present = np.zeros((n_nodes, n_layers, _SIDES), dtype=bool)
    present[a, lay, side_a] = True
    present[b, lay, side_b] = True

    # vertex numbering: arr then dep for present (node, layer, side), then source/sink
    pn, pl, ps = np.nonzero(present)
    n_keys = pn.size
    key_ix = np.full((n_nodes, n_layers, _SIDES), -1, dtype=np.int64)
    key_ix[pn, pl, ps] = np.arange(n_keys)
    dep0 = n_keys
    source = 2 * n_keys + np.arange(n_nodes, dtype=np.int64)
    sink = 2 * n_keys + n_nodes + np.arange(n_nodes, dtype=np.int64)
    n_vertices = 2 * n_keys + 2 * n_nodes
    all_nodes = np.arange(n_nodes)
    lm = np.asarray(layer_mode, dtype=np.int64)
    key_side = side_cc[pn, ps] if n_keys else np.zeros(0, dtype="<U8")
    vertex_node = np.concatenate([pn, pn, all_nodes, all_nodes])
    vertex_layer = np.concatenate([pl, pl, np.full(2 * n_nodes, -1)])
    vertex_mode = np.concatenate([lm[pl], lm[pl], np.full(2 * n_nodes, -1)])
    vertex_side = np.concatenate([key_side, key_side, node_cc, node_cc]).astype("<U8")
    vertex_role = np.concatenate(
        [np.zeros(n_keys), np.ones(n_keys), np.full(n_nodes, 2), np.full(n_nodes, 3)]
    ).astype(np.int64)

    cols: dict[str, list[IntArray]] = {k: [] for k in ("t", "h", "k", "l", "n", "x", "f")}
    kinds = {k: i for i, k in enumerate(VLINK_KINDS)}

    def add(
        tail: IntArray,
        head: IntArray,
        kind: VLinkKind,
        *,
        link: IntArray | None = None,
        node: IntArray | None = None,
        transfer: IntArray | None = None,
        forward: bool = True,
    ) -> None:
        minus = np.full(tail.size, -1, dtype=np.int64)
        cols["t"].append(tail)
        cols["h"].append(head)
        cols["k"].append(np.full(tail.size, kinds[kind], dtype=np.int64))
        cols["l"].append(minus if link is None else link)
        cols["n"].append(minus if node is None else node)
        cols["x"].append(minus if transfer is None else transfer)
        cols["f"].append(np.full(tail.size, int(forward), dtype=np.int64))

    add(dep0 + key_ix[a, lay, side_a], key_ix[b, lay, side_b], "move", link=li)
    add(
        dep0 + key_ix[b[both], lay[both], side_b[both]],
        key_ix[a[both], lay[both], side_a[both]],
        "move",
        link=li[both],
        forward=False,
    )

    # through: every arrival side to every departure side of the same (node, layer)
    for s1 in range(_SIDES):
        for s2 in range(_SIDES):
            ok = present[pn, pl, s1] & present[pn, pl, s2] & (ps == s1)
            n_, l_ = pn[ok], pl[ok]
            add(key_ix[n_, l_, s1], dep0 + key_ix[n_, l_, s2], "through", node=n_)
    add(source[pn], dep0 + np.arange(n_keys), "load", node=pn)
    add(np.arange(n_keys), sink[pn], "unload", node=pn)

    _add_transfers(network, present, key_ix, lm, add)

    def cat(key: str) -> IntArray:
        return np.concatenate(cols[key]).astype(np.int64)

    return VirtualGraph(
        n_vertices=n_vertices,
        vertex_node=vertex_node.astype(np.int64),
        vertex_mode=vertex_mode.astype(np.int64),
        vertex_role=vertex_role,
        vertex_layer=vertex_layer.astype(np.int64),
        vertex_side=vertex_side,
        layer_mode=lm,
        layer_service=tuple(layer_service),
        tail=cat("t"),
        head=cat("h"),
        kind=cat("k"),
        link=cat("l"),
        node=cat("n"),
        transfer=cat("x"),
        forward=cat("f").astype(bool),
        source=source,
        sink=sink,
    )


def _add_transfers(
    network: Network,
    present: npt.NDArray[np.bool_],
    key_ix: IntArray,
    layer_mode: IntArray,
    add: _Add,
) -> None:
    """Transfer links between the layers (and sides) of each node with transfers."""
    mode_ix = {m: i for i, m in enumerate(MODES)}
    rows: list[tuple[int, int, int, int, int, int]] = []
    for ni, node in enumerate(network.nodes):
        if not node.transfers:
            continue
        here = present[ni]  # (layers, sides)
        layers = np.flatnonzero(here.any(axis=1))
        for ti, tr in enumerate(node.transfers):
            x_m, y_m = mode_ix[tr.from_mode], mode_ix[tr.to_mode]
            pairs = [(x_m, y_m), (y_m, x_m)] if tr.both_ways and x_m != y_m else [(x_m, y_m)]
            for pm, qm in pairs:
                for l1 in layers[layer_mode[layers] == pm]:
                    for l2 in layers[layer_mode[layers] == qm]:
                        if l1 == l2:
                            continue
                        rows.extend(
                            (ni, ti, int(l1), s1, int(l2), s2)
                            for s1 in range(_SIDES)
                            for s2 in range(_SIDES)
                            if here[l1, s1] and here[l2, s2]
                        )
    if rows:
        t = np.array(rows, dtype=np.int64)
        n_keys = int((key_ix >= 0).sum())
        add(
            key_ix[t[:, 0], t[:, 2], t[:, 3]],
            n_keys + key_ix[t[:, 0], t[:, 4], t[:, 5]],
            "transfer",
            node=t[:, 0],
            transfer=t[:, 1],
        )


def compile_network(network: Network, *, month: int | None = None) -> CompiledNetwork:
    """The compiler as it was (no memo, arrays left writable)."""
    g = build_virtual_graph(network)
    fx = network.fx

    def usd(money: Money | None) -> float:
        return 0.0 if money is None else fx.to_base(money.amount, money.currency)

    links = network.links
    nodes = network.nodes
    # per real link (loop over links runs once per network); waits are charged on boarding
    l_time = np.array([link_time_h(lk) for lk in links], dtype=np.float64)
    l_km = np.array([lk.distance_km for lk in links], dtype=np.float64)
    l_ef = np.array([_emission(lk) for lk in links], dtype=np.float64)
    l_money = np.zeros((len(links), 3))  # per FEU, TEU, tonne, from -> to
    r_money = np.zeros((len(links), 3))  # the same, to -> from (back-haul tariffs)
    unit_col = {"FEU": 0, "TEU": 1, "tonne": 2}
    for i, lk in enumerate(links):
        for money, t in ((l_money, lk.tariff), (r_money, lk.tariff_reverse or lk.tariff)):
            if t is not None:
                money[i, unit_col[t.unit]] = fx.to_base(
                    t.fixed + t.per_km * lk.distance_km, t.currency
                )

    m = g.n_links
    kind = g.kind
    time_h = np.zeros(m)
    per_feu, per_teu, per_tonne, per_cons = np.zeros(m), np.zeros(m), np.zeros(m), np.zeros(m)
    co2 = np.zeros(m)
    dist = np.zeros(m)

    move = kind == _KIND["move"]
    li = g.link[move]
    time_h[move] = l_time[li]
    dist[move] = l_km[li]
    co2[move] = l_km[li] * l_ef[li]
    fwd = g.forward[move][:, None]
    both_ways = np.where(fwd, l_money[li], r_money[li])
    per_feu[move], per_teu[move], per_tonne[move] = (
        both_ways[:, 0],
        both_ways[:, 1],
        both_ways[:, 2],
    )

    # ships cannot leave a port while it is closed (weather): expected extra wait
    closure_h = np.array([n.closures.mean_delay_h(month) if n.closures else 0.0 for n in nodes])
    if closure_h.any():
        water = np.array([lk.mode in WATER_MODES for lk in links], dtype=bool)
        sails = move & water[np.maximum(g.link, 0)]
        time_h[sails] += closure_h[g.vertex_node[g.tail[sails]]]

    at = np.maximum(g.node, 0)
    tail_layer, head_layer = g.vertex_layer[g.tail], g.vertex_layer[g.head]

    # border passages, in the direction crossed
    border = g.crosses
    border_h, border_usd = np.zeros(m), np.zeros(m)
    frontier = np.zeros(m, dtype=bool)
    b_idx = np.flatnonzero(border)
    if b_idx.size:
        a_cc, b_cc = g.vertex_side[g.tail[b_idx]], g.vertex_side[g.head[b_idx]]
        keys = {(int(n), str(x), str(y)) for n, x, y in zip(at[b_idx], a_cc, b_cc, strict=True)}
        dwell = {k: _dwell_mean(nodes[k[0]], k[1], k[2]) for k in keys}
        fee = {k: usd(bd.fee) if (bd := nodes[k[0]].border) else 0.0 for k in keys}
        cross = [(int(n), str(x), str(y)) for n, x, y in zip(at[b_idx], a_cc, b_cc, strict=True)]
        border_h[b_idx] = [dwell[k] for k in cross]
        border_usd[b_idx] = [fee[k] for k in cross]
        frontier[b_idx] = [network.customs_frontier(k[1], k[2]) for k in cross]
    time_h += border_h
    per_cons += border_usd

    # services: port calls aboard, waits when boarding at a transfer, delays when alighting
    services = _layer_services(network, g.layer_service)
    through = kind == _KIND["through"]
    transfer = kind == _KIND["transfer"]
    unload = kind == _KIND["unload"]
    layer_call = np.array([_mean(sv.call_h) if sv else 0.0 for sv in services])
    layer_wait = np.array([service_wait_h(sv) if sv else 0.0 for sv in services])
    layer_delay = np.array([_mean(sv.schedule_delay_h) if sv else 0.0 for sv in services])
    is_port = np.array([n.kind in ("port", "dry_port") for n in nodes], dtype=bool)
    call_h = np.where(through & is_port[at], layer_call[np.maximum(tail_layer, 0)], 0.0)
    wait_h = np.where(transfer, layer_wait[np.maximum(head_layer, 0)], 0.0)
    delay_h = np.where(transfer | unload, layer_delay[np.maximum(tail_layer, 0)], 0.0)
    # passages (canals, straits): ships passing through pay transit time and toll
    pass_h = np.array([n.passage.time_h.mean if n.passage else 0.0 for n in nodes])
    pass_feu = np.array([_toll_per_feu(n.passage, usd) for n in nodes])
    water_layer = np.isin(g.layer_mode, [MODES.index(x) for x in WATER_MODES if x in MODES])
    aboard = through & water_layer[np.maximum(tail_layer, 0)]
    passage_h = np.where(aboard, pass_h[at], 0.0)
    toll = np.where(aboard, pass_feu[at], 0.0)
    time_h += call_h + wait_h + delay_h + passage_h
    per_feu += toll

    t_idx = np.flatnonzero(transfer)
    if t_idx.size:
        tr_h = {
            (ni, ti): t.time_h.mean
            for ni, n in enumerate(nodes)
            for ti, t in enumerate(n.transfers)
        }
        tr_usd = {
            (ni, ti): usd(t.cost) for ni, n in enumerate(nodes) for ti, t in enumerate(n.transfers)
        }
        pairs = list(zip(g.node[t_idx].tolist(), g.transfer[t_idx].tolist(), strict=True))
        time_h[t_idx] += np.array([tr_h[p] for p in pairs])
        per_feu[t_idx] += np.array([tr_usd[p] for p in pairs])

    n_handle_h = np.array([n.handling.time_h.mean if n.handling else 0.0 for n in nodes])
    n_handle_usd = np.array([usd(n.handling.cost) if n.handling else 0.0 for n in nodes])
    handling = (kind == _KIND["load"]) | unload
    time_h[handling] += n_handle_h[g.node[handling]]
    per_feu[handling] += n_handle_usd[g.node[handling]]

    countries = np.array([n.country for n in nodes])
    return CompiledNetwork(
        network=network,
        graph=g,
        time_h=time_h,
        usd_per_feu=per_feu,
        usd_per_teu=per_teu,
        usd_per_tonne=per_tonne,
        usd_per_consignment=per_cons,
        co2_g_per_t=co2,
        distance_km=dist,
        border=border,
        customs_frontier=frontier,
        transshipment=transfer,
        vertex_country=countries[g.vertex_node],
        border_h=border_h,
        wait_h=wait_h,
        call_h=call_h,
        passage_h=passage_h,
        delay_h=delay_h,
        border_usd=border_usd,
        toll_usd_per_feu=toll,
    )
