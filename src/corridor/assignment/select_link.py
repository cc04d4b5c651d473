"""Select-link analysis: which OD pairs use a link, a border or a port, and how much.

The OD pairs' link flows come from the equilibrium itself
(:class:`~corridor.assignment.demand_flows.DemandFlows`, carried through the engine's
steps), so the volumes of all pairs on an element add up to the element's reported flow,
and each pair's volumes on alternative elements add up to its demand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Literal, TypeAlias

import numpy as np
import numpy.typing as npt

from corridor.assignment.demand_flows import DemandFlows
from corridor.exceptions import UnknownPlaceError
from corridor.network.compile import CompiledNetwork
from corridor.network.graph import VLINK_KINDS
from corridor.network.places import resolve_place

__all__ = ["OD_VOLUME_COLUMNS", "ODVolume", "element_vlinks", "select_link"]

BoolArray: TypeAlias = npt.NDArray[np.bool_]
_KIND = {k: i for i, k in enumerate(VLINK_KINDS)}


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


OD_VOLUME_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(ODVolume))
"""Columns of a select-link table."""


def element_vlinks(
    compiled: CompiledNetwork, element: str
) -> tuple[Literal["link", "node"], str, BoolArray]:
    """The virtual links that make up a real link, or the passages through a node.

    Parameters
    ----------
    compiled
        The compiled network.
    element
        A link id, or a node id / name / alias (spelling-tolerant).

    Returns
    -------
    tuple[str, str, numpy.ndarray]
        ``"link"`` or ``"node"``, the element's id, and a mask over the virtual links:
        both directions of the link, or every border passage and transfer at the node.

    Raises
    ------
    UnknownPlaceError
        If ``element`` is neither a link id nor a place.
    """
    net = compiled.network
    g = compiled.graph
    link_ix = {lk.id: i for i, lk in enumerate(net.links)}
    if element in link_ix:
        mask = (g.kind == _KIND["move"]) & (g.link == link_ix[element])
        return "link", element, np.asarray(mask, dtype=np.bool_)
    try:
        node = resolve_place(net, element)
    except UnknownPlaceError as exc:
        example = f" (e.g. {net.links[0].id!r})" if net.links else ""
        raise UnknownPlaceError(f"{exc}; select-link takes a link id{example} or a place") from None
    n = next(i for i, nd in enumerate(net.nodes) if nd.id == node.id)
    crossing = (g.kind == _KIND["through"]) | (g.kind == _KIND["transfer"])
    return "node", node.id, np.asarray(crossing & (g.node == n), dtype=np.bool_)


def select_link(
    flows: DemandFlows, vlinks: BoolArray, pairs: Sequence[tuple[str, str]]
) -> list[ODVolume]:
    """OD pairs with flow on some virtual links, largest first.

    Parameters
    ----------
    flows
        The equilibrium's OD-pair link flows (``by="od"``).
    vlinks
        Mask over the first virtual links of the problem (:func:`element_vlinks`).
    pairs
        ``(origin, destination)`` names of the rows of ``flows``.

    Returns
    -------
    list of ODVolume
        Pairs with a volume above ``1e-9`` of the total demand, largest first.

    Raises
    ------
    ValueError
        If ``flows`` is not by OD pair, or ``pairs`` does not name each row.
    """
    if flows.by != "od":
        raise ValueError("select-link needs flows tracked by OD pair (track='od')")
    if len(pairs) != flows.n_rows:
        raise ValueError(f"pairs must name each of the {flows.n_rows} OD pairs")
    mask = np.zeros(flows.flow.shape[1], dtype=np.bool_)
    mask[: vlinks.shape[0]] = vlinks
    teu = flows.on(mask)
    demand = flows.demand
    tol = 1e-9 * max(1.0, float(demand.sum()))
    order = np.argsort(-teu, kind="stable")
    return [
        ODVolume(
            pairs[i][0],
            pairs[i][1],
            float(teu[i]),
            float(teu[i] / demand[i]) if demand[i] > 0 else 0.0,
        )
        for i in order
        if teu[i] > tol
    ]
