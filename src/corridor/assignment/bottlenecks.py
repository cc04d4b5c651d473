"""Bottlenecks: the links and nodes ranked by the congestion delay they cause."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from typing import Literal

from corridor.assignment.element_flows import LinkFlow, NodeFlow

__all__ = ["BOTTLENECK_COLUMNS", "Bottleneck", "rank_bottlenecks"]


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


BOTTLENECK_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Bottleneck))
"""Columns of the bottleneck table."""


def rank_bottlenecks(
    links: Iterable[LinkFlow], nodes: Iterable[NodeFlow], k: int | None = 10
) -> list[Bottleneck]:
    """Links and nodes ranked by the congestion delay they cause (TEU-hours per year).

    Parameters
    ----------
    links, nodes
        Equilibrium flows of the real links and nodes.
    k
        At most this many (``None``: all with a positive delay).

    Returns
    -------
    list of Bottleneck
        Worst first (ties by id); only elements with a positive delay.

    Raises
    ------
    ValueError
        If ``k`` is negative.
    """
    if k is not None and k < 0:
        raise ValueError(f"k must be >= 0 or None, got {k}")
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
        for lf in links
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
        for nf in nodes
        if nf.total_delay_teu_h > 0
    ]
    items.sort(key=lambda b: (-b.total_delay_teu_h, b.id))
    chosen = items if k is None else items[:k]
    return [replace(b, rank=i + 1) for i, b in enumerate(chosen)]
