"""A network's node and link fields as columns, read once and memoised on the network.

The validator, the virtual-graph builder and the compiler each need a dozen fields of
every link. Reading them object by object is what costs on a large network: 330,000
links lie scattered in memory, and each visit to one is a cache miss, whichever field is
read. So each object is visited once, every field wanted taken at that visit, and the
fields kept as tuples (one per field, in network order). A network is immutable, so
the columns cannot go stale; they die with the network.
"""

from __future__ import annotations

from collections.abc import Mapping
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


def _columns(objects: tuple[Any, ...], names: tuple[str, ...]) -> dict[str, tuple[Any, ...]]:
    if not objects:
        return dict.fromkeys(names, ())
    rows = map(attrgetter(*names), objects)  # one visit per object, all fields at once
    return dict(zip(names, zip(*rows, strict=True), strict=True))


def link_columns(network: Network) -> Columns:
    """Every field of :data:`LINK_FIELDS` of every link, one tuple per field.

    Parameters
    ----------
    network
        The network (the columns are memoised on it).

    Returns
    -------
    Mapping of str to tuple
        Field name to its values, in the order of ``network.links``.
    """
    found = network.cached("link_columns")
    if found is None:
        found = _columns(network.links, LINK_FIELDS)
        network.remember("link_columns", found)
    return found  # type: ignore[return-value]


def node_columns(network: Network) -> Columns:
    """Every field of :data:`NODE_FIELDS` of every node, one tuple per field.

    Parameters
    ----------
    network
        The network (the columns are memoised on it).

    Returns
    -------
    Mapping of str to tuple
        Field name to its values, in the order of ``network.nodes``.
    """
    found = network.cached("node_columns")
    if found is None:
        found = _columns(network.nodes, NODE_FIELDS)
        network.remember("node_columns", found)
    return found  # type: ignore[return-value]


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
    found = network.cached("node_positions")
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
    key = f"link_codes:{field}"
    found = network.cached(key)
    if not isinstance(found, tuple):
        found = _codes(link_columns(network)[field])
        network.remember(key, found)
    return found


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
    key = f"node_codes:{field}"
    found = network.cached(key)
    if not isinstance(found, tuple):
        found = _codes(node_columns(network)[field])
        network.remember(key, found)
    return found
