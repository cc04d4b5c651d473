"""The virtual-link graph of a network (NODUS-style), as plain arrays.

Each real node ``n`` gets, per mode ``m`` that touches it, an *arrival* vertex
``arr(n, m)`` and a *departure* vertex ``dep(n, m)``; each place also gets a *source* and a
*sink* vertex. Virtual links:

- ``move``: ``dep(a, m) → arr(b, m)`` for every usable direction of a link;
- ``through``: ``arr(n, m) → dep(n, m)``, staying in the mode (a border passage at a
  border crossing);
- ``transfer``: ``arr(n, m1) → dep(n, m2)`` for every transfer declared at ``n``;
- ``load``: ``source(n) → dep(n, m)`` and ``unload``: ``arr(n, m) → sink(n)``.

A border dwell is charged on every ``through`` and ``transfer`` link of a border node, so a
shipment crossing a border always pays it once, and a gauge change or transshipment is just
another link.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from corridor._typing import MODES, Mode
from corridor.network.model import Network

__all__ = ["VLINK_KINDS", "VLinkKind", "VirtualGraph", "build_virtual_graph", "modes_at"]

IntArray: TypeAlias = npt.NDArray[np.int64]
VLinkKind = Literal["move", "through", "transfer", "load", "unload"]
VLINK_KINDS: tuple[VLinkKind, ...] = ("move", "through", "transfer", "load", "unload")
_VERTEX_ROLES = ("arr", "dep", "source", "sink")


@dataclass(frozen=True)
class VirtualGraph:
    """Arrays describing the virtual-link graph.

    Attributes
    ----------
    n_vertices
        Number of virtual vertices.
    vertex_node, vertex_mode, vertex_role
        Per vertex: real node index, mode index (-1 for source/sink) and role index into
        ``("arr", "dep", "source", "sink")``.
    tail, head
        Per virtual link: from and to vertex.
    kind
        Per virtual link: index into :data:`VLINK_KINDS`.
    link
        Per virtual link: index of the real link (``move``) or -1.
    node
        Per virtual link: real node index where it happens (-1 for ``move``).
    transfer
        Per virtual link: index of the transfer within its node (``transfer``) or -1.
    forward
        Per virtual link: whether a ``move`` goes from → to (False: to → from).
    source, sink
        Per real node: its source / sink vertex (every node has both).
    """

    n_vertices: int
    vertex_node: IntArray
    vertex_mode: IntArray
    vertex_role: IntArray
    tail: IntArray
    head: IntArray
    kind: IntArray
    link: IntArray
    node: IntArray
    transfer: IntArray
    forward: npt.NDArray[np.bool_]
    source: IntArray
    sink: IntArray

    @property
    def n_links(self) -> int:
        """Number of virtual links."""
        return int(self.tail.size)

    def adjacency(self, weights: npt.NDArray[np.float64] | None = None) -> sp.csr_array:
        """The graph as a CSR matrix (``weights`` default to 1 per link).

        Parallel virtual links are summed by scipy, so this form suits reachability;
        routing keeps the link arrays to tell parallel links apart.
        """
        w = np.ones(self.n_links) if weights is None else weights
        return sp.csr_array((w, (self.tail, self.head)), shape=(self.n_vertices,) * 2)


def build_virtual_graph(network: Network) -> VirtualGraph:
    """Build the virtual-link graph of ``network``.

    Links that reference unknown nodes are skipped (the validator reports them).

    Parameters
    ----------
    network
        The network.

    Returns
    -------
    VirtualGraph
        The arrays.
    """
    node_ix = {n.id: i for i, n in enumerate(network.nodes)}
    mode_ix = {m: i for i, m in enumerate(MODES)}
    n_nodes, n_modes = len(network.nodes), len(MODES)

    present = np.zeros((n_nodes, n_modes), dtype=bool)
    usable = [
        (li, node_ix[lk.from_node], node_ix[lk.to_node], mode_ix[lk.mode], lk.directions)
        for li, lk in enumerate(network.links)
        if lk.from_node in node_ix and lk.to_node in node_ix
    ]
    if usable:
        arr = np.array([(a, b, m) for _, a, b, m, _ in usable], dtype=np.int64)
        present[arr[:, 0], arr[:, 2]] = True
        present[arr[:, 1], arr[:, 2]] = True

    # vertex numbering: arr(n, m) and dep(n, m) for present pairs, then source/sink per node
    pn, pm = np.nonzero(present)
    n_pairs = pn.size
    pair_ix = np.full((n_nodes, n_modes), -1, dtype=np.int64)
    pair_ix[pn, pm] = np.arange(n_pairs)
    arr_v = pair_ix  # arr vertex = pair index
    dep_offset = n_pairs
    source = 2 * n_pairs + np.arange(n_nodes, dtype=np.int64)
    sink = 2 * n_pairs + n_nodes + np.arange(n_nodes, dtype=np.int64)
    n_vertices = 2 * n_pairs + 2 * n_nodes
    vertex_node = np.concatenate([pn, pn, np.arange(n_nodes), np.arange(n_nodes)])
    vertex_mode = np.concatenate([pm, pm, np.full(2 * n_nodes, -1)])
    vertex_role = np.concatenate(
        [np.zeros(n_pairs), np.ones(n_pairs), np.full(n_nodes, 2), np.full(n_nodes, 3)]
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

    if usable:
        li = np.array([u[0] for u in usable], dtype=np.int64)
        a, b, m = arr[:, 0], arr[:, 1], arr[:, 2]
        both = np.array([u[4] == "both" for u in usable])
        add(dep_offset + pair_ix[a, m], arr_v[b, m], "move", link=li)
        add(
            dep_offset + pair_ix[b[both], m[both]],
            arr_v[a[both], m[both]],
            "move",
            link=li[both],
            forward=False,
        )

    dep_pairs = dep_offset + pair_ix[pn, pm]
    add(arr_v[pn, pm], dep_pairs, "through", node=pn)
    add(source[pn], dep_pairs, "load", node=pn)
    add(arr_v[pn, pm], sink[pn], "unload", node=pn)

    t_rows: list[tuple[int, int, int, int]] = []  # (node, transfer index, from mode, to mode)
    for ni, node in enumerate(network.nodes):
        for ti, tr in enumerate(node.transfers):
            a_m, b_m = mode_ix[tr.from_mode], mode_ix[tr.to_mode]
            pairs = [(a_m, b_m), (b_m, a_m)] if tr.both_ways else [(a_m, b_m)]
            t_rows.extend(
                (ni, ti, x, y) for x, y in pairs if present[ni, x] and present[ni, y] and x != y
            )
    if t_rows:
        t = np.array(t_rows, dtype=np.int64)
        add(
            arr_v[t[:, 0], t[:, 2]],
            dep_offset + pair_ix[t[:, 0], t[:, 3]],
            "transfer",
            node=t[:, 0],
            transfer=t[:, 1],
        )

    def cat(key: str) -> IntArray:
        return np.concatenate(cols[key]).astype(np.int64)

    return VirtualGraph(
        n_vertices=n_vertices,
        vertex_node=vertex_node.astype(np.int64),
        vertex_mode=vertex_mode.astype(np.int64),
        vertex_role=vertex_role,
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


def modes_at(network: Network) -> dict[str, set[Mode]]:
    """Modes of the links touching each node id."""
    out: dict[str, set[Mode]] = {n.id: set() for n in network.nodes}
    for lk in network.links:
        for end in (lk.from_node, lk.to_node):
            if end in out:
                out[end].add(lk.mode)
    return out
