"""The virtual-link graph of a network (NODUS-style), as plain arrays.

Each real node ``n`` gets, per *layer* ``L`` that touches it and per *side* ``s`` of the
node, an *arrival* vertex ``arr(n, L, s)`` and a *departure* vertex ``dep(n, L, s)``; each
place also gets a *source* and a *sink* vertex.

- A **layer** is a mode (links without a service), or one scheduled service: every link
  whose ``service.name`` is ``X`` belongs to layer ``X``, so a shipment boards a liner once,
  stays aboard through its calls and passages, and alights once.
- A **side** tells a border node's two countries apart: a link reaches a border node on the
  side of the country at its far end (water links on the ``XX`` side of a port of entry).
  Nodes without border procedures have one side.

Virtual links:

- ``move``: ``dep(a, L, s_a) → arr(b, L, s_b)`` for every usable direction of a link;
- ``through``: ``arr(n, L, s1) → dep(n, L, s2)``, staying in the layer (a port call or a
  passage aboard a service; a border passage when ``s1 != s2``);
- ``transfer``: ``arr(n, L1, s1) → dep(n, L2, s2)`` for every transfer declared at ``n``
  between the modes of ``L1`` and ``L2`` (a ``sea → sea`` transfer joins two services);
- ``load``: ``source(n) → dep(n, L, s)`` and ``unload``: ``arr(n, L, s) → sink(n)``.

A border dwell is charged on the ``through`` and ``transfer`` links that change side, in
the direction they cross, so a gauge change or a customs frontier is just another link.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Literal, Protocol, TypeAlias

import numpy as np
import numpy.typing as npt

from corridor._typing import MODES, Mode
from corridor.network.columns import (
    link_codes,
    link_columns,
    link_ends,
    node_codes,
    node_columns,
)
from corridor.network.model import Network

if TYPE_CHECKING:
    import scipy.sparse as sp

__all__ = [
    "VLINK_KINDS",
    "WATER_MODES",
    "VLinkKind",
    "VirtualGraph",
    "build_virtual_graph",
    "modes_at",
]

IntArray: TypeAlias = npt.NDArray[np.int64]
VLinkKind = Literal["move", "through", "transfer", "load", "unload"]
VLINK_KINDS: tuple[VLinkKind, ...] = ("move", "through", "transfer", "load", "unload")
WATER_MODES: frozenset[str] = frozenset({"sea", "ferry", "inland_water"})
"""Modes whose links reach a port of entry on its water (``XX``) side."""
_VERTEX_ROLES = ("arr", "dep", "source", "sink")
_SIDES = 2


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
    vertex_layer
        Per vertex: layer index (-1 for source/sink).
    vertex_side
        Per vertex: ISO country of its side of the node (``XX``: the water side; the
        node's own country for source/sink and nodes without a border).
    layer_mode, layer_service
        Per layer: its mode index, and its service name (``None`` for a plain mode layer).
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
    vertex_layer: IntArray
    vertex_side: npt.NDArray[np.str_]
    layer_mode: IntArray
    layer_service: tuple[str | None, ...]
    tail: IntArray
    head: IntArray
    kind: IntArray
    link: IntArray
    node: IntArray
    transfer: IntArray
    forward: npt.NDArray[np.bool_]
    source: IntArray
    sink: IntArray
    vertex_side_code: IntArray | None = field(default=None, repr=False, compare=False)
    """Per vertex: ``vertex_side`` as an integer code (the same code: the same country)."""

    @property
    def n_links(self) -> int:
        """Number of virtual links."""
        return int(self.tail.size)

    @property
    def crosses(self) -> npt.NDArray[np.bool_]:
        """Per virtual link: whether it changes side at a border node (a border passage)."""
        inner = self.kind != VLINK_KINDS.index("move")
        side = self.vertex_side if self.vertex_side_code is None else self.vertex_side_code
        out: npt.NDArray[np.bool_] = inner & (side[self.tail] != side[self.head])
        return out

    def adjacency(self, weights: npt.NDArray[np.float64] | None = None) -> sp.csr_array:
        """The graph as a CSR matrix (``weights`` default to 1 per link).

        Parallel virtual links are summed by scipy, so this form suits reachability;
        routing keeps the link arrays to tell parallel links apart.

        Parameters
        ----------
        weights
            One value per virtual link; ``None`` gives 1 each.

        Returns
        -------
        scipy.sparse.csr_array
            Square matrix over the virtual vertices.
        """
        w = np.ones(self.n_links) if weights is None else weights
        import scipy.sparse as sp  # noqa: PLC0415 - on first use (fast start)

        return sp.csr_array((w, (self.tail, self.head)), shape=(self.n_vertices,) * 2)


def _layers(network: Network) -> tuple[list[int], list[str | None], IntArray]:
    """Layer of every link: its mode, or its service (numbered after the modes)."""
    mode_ix = {m: i for i, m in enumerate(MODES)}
    layer_mode = list(range(len(MODES)))
    layer_service: list[str | None] = [None] * len(MODES)
    service_ix: dict[str, int] = {}
    links = network.links
    of_link = np.empty(len(links), dtype=np.int64)
    todo: Iterable[int] = range(len(links))
    try:
        modes, codes = link_codes(network, "mode")
    except TypeError:  # an unhashable mode: link by link, which reports it
        pass
    else:  # link by link only those with a service or an unknown mode (which raises)
        of_link = np.array([mode_ix.get(m, -1) for m in modes], dtype=np.int64)[codes]
        service_at = _given(link_columns(network)["service"])
        todo = sorted({*service_at, *np.flatnonzero(of_link < 0).tolist()})
    for li in todo:
        lk = links[li]
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


def _given(values: tuple[object, ...]) -> list[int]:
    """Positions of the values that are not ``None``."""
    if values.count(None) == len(values) or set(map(type, values)) == {type(None)}:
        return []
    return [i for i, v in enumerate(values) if v is not None]


_MEMO_KEY = "virtual_graph"


def build_virtual_graph(network: Network) -> VirtualGraph:
    """Build the virtual-link graph of ``network`` (once: it is memoised on the network).

    Links that reference unknown nodes are skipped (the validator reports them). The
    validator and the compiler both need the graph, so a network read from a file and then
    routed builds it once; its arrays are read-only, as the network is immutable.

    Parameters
    ----------
    network
        The network.

    Returns
    -------
    VirtualGraph
        The arrays.
    """
    found = network.cached(_MEMO_KEY)
    if isinstance(found, VirtualGraph):
        return found
    graph = _build(network)
    for f in fields(graph):
        value = getattr(graph, f.name)
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    network.remember(_MEMO_KEY, graph)
    return graph


def _link_is(network: Network, field: str, test: Callable[[object], bool]) -> npt.NDArray[np.bool_]:
    """Per link: ``test`` of its ``field`` (once per distinct value, when they hash)."""
    try:
        values, codes = link_codes(network, field)
    except TypeError:  # an unhashable value: link by link (``test`` may raise for it)
        column = link_columns(network)[field]
        return np.fromiter(map(test, column), bool, len(column))
    return np.isin(codes, [i for i, v in enumerate(values) if test(v)])


def _country_codes(network: Network) -> tuple[list[str], IntArray, IntArray]:
    """Countries as codes: their names, each node's, and each node's two sides'.

    A side is the country of a border's half of a node, else the node's own country;
    ``XX`` (the water side of a port of entry) always has a code.
    """
    try:
        names, node_code = node_codes(network, "country")
    except TypeError:  # not hashable (the validator reports it): by their text
        text = np.array(node_columns(network)["country"], dtype="<U8")
        unique, node_code = np.unique(text, return_inverse=True)
        names = tuple(unique.tolist())
    countries: list[str] = list(names)
    code = {c: i for i, c in enumerate(countries)}

    def code_of(country: str) -> int:
        if country not in code:
            code[country] = len(countries)
            countries.append(country)
        return code[country]

    code_of("XX")
    side_code = np.repeat(node_code[:, None], _SIDES, axis=1)
    borders = node_columns(network)["border"]
    for i in _given(borders):  # a few nodes in any network
        side_code[i] = [code_of(c) for c in borders[i].countries[:_SIDES]]
    return countries, node_code, side_code


def _build(network: Network) -> VirtualGraph:
    nodes = network.nodes
    n_nodes = len(nodes)
    layer_mode, layer_service, link_layer = _layers(network)
    n_layers = len(layer_mode)
    # countries as integer codes (names at the end): comparing 8-character strings per
    # link end and per vertex costs seconds on a network of 300,000 links
    countries, node_cc, side_cc = _country_codes(network)
    xx = countries.index("XX")

    # one flat array per attribute (no tuple per link: on a large network the collector's
    # passes over millions of new containers cost more than the lookups themselves)
    tail, head = link_ends(network)
    known = (tail >= 0) & (head >= 0)
    li = np.flatnonzero(known)
    a, b = tail[known], head[known]
    both = _link_is(network, "directions", lambda d: d == "both")[known]
    water = _link_is(network, "mode", WATER_MODES.__contains__)[known]
    lay = link_layer[li]

    def side(at: IntArray, far: IntArray) -> IntArray:
        """Side index of a link end at ``at`` whose other end is ``far``."""
        want = np.where(water, xx, node_cc[far])
        own = side_cc[at]
        return np.where(
            own[:, 1] == want, 1, np.where(own[:, 0] == want, 0, (own[:, 1] == node_cc[at]))
        ).astype(np.int64, copy=False)

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
    key_side = side_cc[pn, ps] if n_keys else np.zeros(0, dtype=np.int64)
    vertex_node = np.concatenate([pn, pn, all_nodes, all_nodes])
    vertex_layer = np.concatenate([pl, pl, np.full(2 * n_nodes, -1)])
    vertex_mode = np.concatenate([lm[pl], lm[pl], np.full(2 * n_nodes, -1)])
    vertex_side_code = np.concatenate([key_side, key_side, node_cc, node_cc])
    vertex_side = np.array(countries, dtype="<U8")[vertex_side_code]
    vertex_role = np.concatenate(
        [np.zeros(n_keys), np.ones(n_keys), np.full(n_nodes, 2), np.full(n_nodes, 3)]
    ).astype(np.int64, copy=False)

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
        return np.concatenate(cols[key]).astype(np.int64, copy=False)

    return VirtualGraph(
        n_vertices=n_vertices,
        vertex_node=vertex_node.astype(np.int64, copy=False),
        vertex_mode=vertex_mode.astype(np.int64, copy=False),
        vertex_role=vertex_role,
        vertex_layer=vertex_layer.astype(np.int64, copy=False),
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
        vertex_side_code=vertex_side_code,
    )


class _Add(Protocol):
    def __call__(
        self,
        tail: IntArray,
        head: IntArray,
        kind: VLinkKind,
        *,
        link: IntArray | None = None,
        node: IntArray | None = None,
        transfer: IntArray | None = None,
        forward: bool = True,
    ) -> None: ...


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
    transfers = node_columns(network)["transfers"]
    with_transfers = [] if transfers.count(()) == len(transfers) else range(len(transfers))
    for ni in with_transfers:
        node = network.nodes[ni]
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


def modes_at(network: Network) -> dict[str, set[Mode]]:
    """Modes of the links touching each node id.

    Parameters
    ----------
    network
        The network.

    Returns
    -------
    dict
        Node id to the set of modes of its links (empty for an isolated node).
    """
    out: dict[str, set[Mode]] = {n.id: set() for n in network.nodes}
    for lk in network.links:
        for end in (lk.from_node, lk.to_node):
            if end in out:
                out[end].add(lk.mode)
    return out
