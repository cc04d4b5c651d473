"""Capacity edits of a project: scale the capacities an element already has.

A project file may state its physical effect directly (``[capacity] aktau = 2.0``: Aktau's
rail↔ship transfers handle twice as much) instead of, or on top of, a scenario. Unlike
``assign_demand(capacities=...)``, which caps every passage of a node, this multiplies only
the capacities the network gives: a port's transfers, a link's line capacity.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace

from corridor.exceptions import InvalidArgumentError
from corridor.network.model import Capacity, Network, Node, Transfer

__all__ = ["scale_capacities", "scale_capacity"]


def _scaled(cap: Capacity | None, factor: float) -> Capacity | None:
    return None if cap is None else replace(cap, value=cap.value * factor)


def scale_capacity(network: Network, element: str, factor: float) -> Network:
    """A copy of ``network`` with the capacities of one node or link multiplied.

    Parameters
    ----------
    network
        The network (not changed).
    element
        A node id (its transfers' capacities are scaled) or a link id (its capacity).
    factor
        Multiplier, ``> 0`` and finite.

    Returns
    -------
    Network
        The edited network.

    Raises
    ------
    InvalidArgumentError
        If ``element`` is not a node or link id, has no capacity to scale, or ``factor``
        is not a positive finite number.
    """
    if isinstance(factor, bool) or not isinstance(factor, int | float):
        raise InvalidArgumentError(f"factor={factor!r}: use a positive number, e.g. 2.0")
    if not (math.isfinite(factor) and factor > 0):
        raise InvalidArgumentError(f"factor={factor!r}: use a positive finite number, e.g. 2.0")
    ids = {n.id: i for i, n in enumerate(network.nodes)}
    if element in ids:
        node = network.nodes[ids[element]]
        if not any(t.capacity is not None for t in node.transfers):
            raise InvalidArgumentError(
                f"node {element!r} has no transfer with a capacity to scale; fix: name a port "
                "or gauge-change station with one, or a link id"
            )
        transfers: tuple[Transfer, ...] = tuple(
            replace(t, capacity=_scaled(t.capacity, factor)) for t in node.transfers
        )
        nodes: list[Node] = list(network.nodes)
        nodes[ids[element]] = replace(node, transfers=transfers)
        return replace(network, nodes=tuple(nodes))
    links = {lk.id: i for i, lk in enumerate(network.links)}
    if element in links:
        link = network.links[links[element]]
        if link.capacity is None:
            raise InvalidArgumentError(
                f"link {element!r} has no capacity to scale; fix: name a link with a capacity"
            )
        new = list(network.links)
        new[links[element]] = replace(link, capacity=_scaled(link.capacity, factor))
        return replace(network, links=tuple(new))
    raise InvalidArgumentError(
        f"{element!r} is neither a node nor a link id; fix: use an id from `corridor places` "
        "or `corridor network`"
    )


def scale_capacities(network: Network, factors: Mapping[str, float]) -> Network:
    """Apply :func:`scale_capacity` for each element, in order.

    Parameters
    ----------
    network
        The network (not changed).
    factors
        Multiplier by node or link id.

    Returns
    -------
    Network
        The edited network (``network`` itself when ``factors`` is empty).

    Raises
    ------
    InvalidArgumentError
        As :func:`scale_capacity`.
    """
    for element, factor in factors.items():
        network = scale_capacity(network, element, factor)
    return network
