"""A network's node and link fields as columns, read once and memoised on the network.

The validator, the virtual-graph builder and the compiler each need a dozen fields of
every link; on a large network, a pass over 330,000 objects for each field and each of
them costs seconds. So each field is read once, as a tuple in network order, when first
needed, and kept on the network: a network is immutable, so the columns cannot go
stale; they die with the network.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import repeat
from operator import attrgetter
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

from corridor.network.model import Network

__all__ = [
    "LINK_FIELDS",
    "NODE_FIELDS",
    "link_codes",
    "link_columns",
    "link_ends",
    "node_codes",
    "node_columns",
    "node_positions",
    "seed_columns",
]

IntArray: TypeAlias = npt.NDArray[np.int64]
Columns: TypeAlias = Mapping[str, tuple[Any, ...]]

LINK_FIELDS: tuple[str, ...] = (
    "id",
    "from_node",
    "to_node",
    "mode",
    "distance_km",
    "speed_kmh",
    "duration_h",
    "tariff",
    "tariff_reverse",
    "capacity",
    "emission_g_per_tkm",
    "electrified",
    "directions",
    "service",
)
"""The link fields in :func:`link_columns` (not geometry, name, provenance)."""

NODE_FIELDS: tuple[str, ...] = (
    "id",
    "kind",
    "country",
    "lon",
    "lat",
    "transfers",
    "border",
    "handling",
    "closures",
    "passage",
)
"""The node fields in :func:`node_columns`."""


class _Columns(Mapping[str, tuple[Any, ...]]):
    """Field name to the tuple of its values, each read on first use and then kept.

    One pass per field: objects built one after another lie in order in memory, so a
    pass over one field costs about what a pass over all of them at once does.
    """

    def __init__(
        self,
        objects: tuple[Any, ...],
        names: tuple[str, ...],
        known: Mapping[str, Sequence[Any]] | None = None,
    ) -> None:
        self._objects = objects
        self._names = names
        self._read: dict[str, tuple[Any, ...]] = {}
        for name, values in (known or {}).items():
            if name not in names or len(values) != len(objects):
                msg = f"column {name!r}: not a field, or not one value per object"
                raise ValueError(msg)
            self._read[name] = tuple(values)

    def __getitem__(self, name: str) -> tuple[Any, ...]:
        found = self._read.get(name)
        if found is None:
            if name not in self._names:
                raise KeyError(name)
            found = tuple(map(attrgetter(name), self._objects))
            self._read[name] = found
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def link_columns(network: Network) -> Columns:
    """Every field of :data:`LINK_FIELDS` of every link, one tuple per field.

    Parameters
    ----------
    network
        The network (the columns are memoised on it, each read on first use).

    Returns
    -------
    Mapping of str to tuple
        Field name to its values, in the order of ``network.links``.
    """
    found = network.cached("link_columns")
    if not isinstance(found, _Columns):
        found = _Columns(network.links, LINK_FIELDS)
        network.remember("link_columns", found)
    return found


def node_columns(network: Network) -> Columns:
    """Every field of :data:`NODE_FIELDS` of every node, one tuple per field.

    Parameters
    ----------
    network
        The network (the columns are memoised on it, each read on first use).

    Returns
    -------
    Mapping of str to tuple
        Field name to its values, in the order of ``network.nodes``.
    """
    found = network.cached("node_columns")
    if not isinstance(found, _Columns):
        found = _Columns(network.nodes, NODE_FIELDS)
        network.remember("node_columns", found)
    return found


def seed_columns(
    network: Network,
    *,
    nodes: Mapping[str, Sequence[Any]] | None = None,
    links: Mapping[str, Sequence[Any]] | None = None,
) -> None:
    """Hand a new network the columns its reader already holds.

    Only for the values the objects were built from: ``nodes[f][i]`` must be
    ``network.nodes[i].f`` (the readers that build nodes and links from columns).

    Parameters
    ----------
    network
        The network, just built.
    nodes, links
        Field name to the values of every node (link), in network order.

    Raises
    ------
    ValueError
        If a name is not a field of the columns or a column's length is not the network's.
    """
    if nodes is not None:
        network.remember("node_columns", _Columns(network.nodes, NODE_FIELDS, nodes))
    if links is not None:
        network.remember("link_columns", _Columns(network.links, LINK_FIELDS, links))


def node_positions(network: Network) -> dict[str, int]:
    """The index in ``network.nodes`` of each node id (the last node, for a repeated id).

    Parameters
    ----------
    network
        The network (the map is memoised on it; do not change it).

    Returns
    -------
    dict of str to int
        Node id to position.
    """
    found = network.cached("node_positions")  # the memo of Network.node and has_node
    if not isinstance(found, dict):
        ids = node_columns(network)["id"]
        found = dict(zip(ids, range(len(ids)), strict=True))
        network.remember("node_positions", found)
    return found


def link_ends(network: Network) -> tuple[IntArray, IntArray]:
    """The positions of each link's ``from_node`` and ``to_node`` (-1: no such node).

    Parameters
    ----------
    network
        The network (the arrays are memoised on it, read-only).

    Returns
    -------
    tail, head : numpy.ndarray of int64
        One entry per link.
    """
    found = network.cached("link_ends")
    if isinstance(found, tuple):
        return found
    position = node_positions(network)
    links = link_columns(network)
    m = len(links["id"])
    tail = np.fromiter(map(position.get, links["from_node"], repeat(-1)), np.int64, m)
    head = np.fromiter(map(position.get, links["to_node"], repeat(-1)), np.int64, m)
    tail.flags.writeable = False
    head.flags.writeable = False
    network.remember("link_ends", (tail, head))
    return tail, head


def _codes(values: tuple[Any, ...]) -> tuple[tuple[Any, ...], IntArray]:
    distinct = dict.fromkeys(values)  # the values in order of first appearance
    index = {value: i for i, value in enumerate(distinct)}
    codes = np.fromiter(map(index.__getitem__, values), np.int64, len(values))
    codes.flags.writeable = False
    return tuple(distinct), codes


def _memo_codes(
    network: Network, key: str, column: Callable[[], tuple[Any, ...]]
) -> tuple[tuple[Any, ...], IntArray]:
    """:func:`_codes` of ``column()``, memoised on ``network`` under ``key``."""
    found = network.cached(key)
    if not isinstance(found, tuple):
        found = _codes(column())
        network.remember(key, found)
    return found


def link_codes(network: Network, field: str) -> tuple[tuple[Any, ...], IntArray]:
    """A link field as codes: its distinct values, and per link the index of its value.

    Parameters
    ----------
    network
        The network (memoised on it).
    field
        One of :data:`LINK_FIELDS` whose values are hashable (``mode``, ``directions``).

    Returns
    -------
    values : tuple
        The distinct values, in order of first appearance.
    codes : numpy.ndarray of int64
        Per link, the index of its value in ``values`` (read-only).

    Raises
    ------
    TypeError
        If a value is not hashable.
    """
    return _memo_codes(network, f"link_codes:{field}", lambda: link_columns(network)[field])


def node_codes(network: Network, field: str) -> tuple[tuple[Any, ...], IntArray]:
    """A node field as codes: its distinct values, and per node the index of its value.

    Parameters
    ----------
    network
        The network (memoised on it).
    field
        One of :data:`NODE_FIELDS` whose values are hashable (``country``, ``kind``).

    Returns
    -------
    values : tuple
        The distinct values, in order of first appearance.
    codes : numpy.ndarray of int64
        Per node, the index of its value in ``values`` (read-only).

    Raises
    ------
    TypeError
        If a value is not hashable.
    """
    return _memo_codes(network, f"node_codes:{field}", lambda: node_columns(network)[field])
