"""Least shipment times and costs between cities, before and after projects.

Projects only add edges, so the distances after any set of projects follow exactly from the
distances before them, without searching the world network again. Let ``Q`` be the
vertices that new edges touch (the *portals*). A shortest path after the projects either
uses no new edge, or leaves the old network at a portal; between two portals it follows
old shortest paths and new edges. So, with ``D*`` the shortest distances between portals
on the small graph of old portal-to-portal distances plus the new edges::

    after(s, t) = min(before(s, t), min over q1, q2 of  before(s, q1) + D*(q1, q2) + before(q2, t))

which is exact. One search from every city and every portal on the old network (per weight
and per mode class) then serves every combination of projects: all of them, each alone,
and all but one. The min-plus products are vectorised over whole rows.

Two variants, as in de Soyres et al. (2019):

- *upper bound*: shipments may switch modes (every edge after the projects may be used);
- *lower bound*: every city pair keeps the mode class of its route before the projects
  (road, rail, or sea with road feeders; a pair whose best route already mixes rail and sea
  keeps every mode), so only projects of its own modes can shorten it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
import numpy.typing as npt

from corridor._dependencies import try_import
from corridor.research.world import EDGE_MODES, ClassGraph, ModeClass, WorldNetwork
from corridor.routing.shortest import CSRGraph, distance_matrix

__all__ = [
    "CLASS_ORDER",
    "SEARCH_BLOCK",
    "BaseDistances",
    "BlockRunner",
    "ProjectEdges",
    "ShipmentMatrices",
    "all_bases",
    "base_distances",
    "classify",
    "run_blocks_serially",
    "shipment_matrices",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Weight = Literal["hours", "usd"]

#: Mode classes a pair may keep under the lower bound, narrowest first.
CLASS_ORDER: Final[tuple[ModeClass, ...]] = ("road", "rail", "sea", "all")
#: Below this many multiply-adds the numpy loop beats the JIT's start-up.
_NUMBA_MIN_WORK = 5_000_000


@dataclass(frozen=True, slots=True)
class ProjectEdges:
    """The directed edges one project adds.

    Parameters
    ----------
    project_id
        Identifier.
    tail, head
        Vertices of the world network.
    mode
        Edge mode of each edge (see :data:`corridor.research.world.EDGE_MODES`).
    hours, usd
        Time and US$ per TEU of each edge.
    """

    project_id: str
    tail: IntArray
    head: IntArray
    mode: tuple[str, ...]
    hours: FloatArray
    usd: FloatArray

    @property
    def mode_codes(self) -> npt.NDArray[np.int64]:
        """Index into :data:`~corridor.research.world.EDGE_MODES` of each edge."""
        return np.array([EDGE_MODES.index(m) for m in self.mode], dtype=np.int64)


@dataclass(frozen=True, slots=True)
class BaseDistances:
    """Distances on the network before the projects, for one weight and mode class.

    Parameters
    ----------
    weight
        ``hours`` or ``usd``.
    graph
        The class graph searched (it maps project edges into its vertices).
    portals
        Portal vertices of the class graph (sorted).
    city_city, city_portal, portal_city, portal_portal
        Least distances between cities and portals.
    """

    weight: Weight
    graph: ClassGraph
    portals: IntArray
    city_city: FloatArray
    city_portal: FloatArray
    portal_city: FloatArray
    portal_portal: FloatArray

    def after(self, projects: Sequence[ProjectEdges]) -> FloatArray:
        """City-to-city distances after adding ``projects`` (exact; see the module docstring).

        Parameters
        ----------
        projects
            The projects added together (edges of modes outside the class are ignored).

        Returns
        -------
        numpy.ndarray
            ``(cities, cities)`` distances.
        """
        tails, heads, weights = [], [], []
        for p in projects:
            t, h, rows = self.graph.map_edges(p.tail, p.head, p.mode_codes)
            if rows.size:
                tails.append(t)
                heads.append(h)
                weights.append((p.hours if self.weight == "hours" else p.usd)[rows])
        if not tails:
            return self.city_city.copy()
        tail, head, weight = np.concatenate(tails), np.concatenate(heads), np.concatenate(weights)
        used = np.unique(np.concatenate([tail, head]))
        pos = np.searchsorted(self.portals, used)
        block = self.portal_portal[np.ix_(pos, pos)].copy()
        local = np.searchsorted(used, tail), np.searchsorted(used, head)
        np.minimum.at(block, local, weight)
        closure = _closure(block)
        to_portal = _min_plus(self.city_portal[:, pos], closure)
        via = _min_plus(to_portal, self.portal_city[pos, :])
        return np.minimum(self.city_city, via)


def _closure(block: FloatArray) -> FloatArray:
    """All-pairs shortest distances on a small dense graph (Floyd-Warshall, row-vectorised)."""
    dist = block.copy()
    np.fill_diagonal(dist, 0.0)
    for k in range(dist.shape[0]):
        np.minimum(dist, dist[:, k : k + 1] + dist[k : k + 1, :], out=dist)
    return dist


def _min_plus(left: FloatArray, right: FloatArray) -> FloatArray:
    """``out[i, j] = min_k left[i, k] + right[k, j]`` (compiled when numba is installed)."""
    rows, inner = left.shape
    cols = right.shape[1]
    if inner == 0 or rows == 0 or cols == 0:
        return np.full((rows, cols), np.inf)
    kernels = try_import("corridor.research._kernels")
    if kernels is not None and rows * inner * cols >= _NUMBA_MIN_WORK:
        return np.asarray(kernels.min_plus(np.ascontiguousarray(left), np.ascontiguousarray(right)))
    out = np.full((rows, cols), np.inf)
    for k in range(inner):  # one vectorised row update per inner index
        np.minimum(out, left[:, k : k + 1] + right[k : k + 1, :], out=out)
    return out


#: Sources searched per block (the unit of progress, and of work on a Dask cluster).
SEARCH_BLOCK = 64

BlockRunner = Callable[[CSRGraph, list[IntArray], IntArray], list[FloatArray]]
"""Runs ``distance_matrix(graph, block, targets)`` for every block, results in block order."""


def run_blocks_serially(
    graph: CSRGraph,
    blocks: list[IntArray],
    targets: IntArray,
    progress: Callable[[int, int], None] | None = None,
) -> list[FloatArray]:
    """Search every block of sources in this process.

    Parameters
    ----------
    graph
        The graph.
    blocks
        Blocks of source vertices.
    targets
        Target vertices.
    progress
        Called with (sources done, sources in all) after each block.

    Returns
    -------
    list of numpy.ndarray
        ``(len(block), len(targets))`` distances per block.
    """
    total = sum(b.size for b in blocks)
    out: list[FloatArray] = []
    done = 0
    for block in blocks:
        out.append(distance_matrix(graph, block, targets))
        done += block.size
        if progress is not None:
            progress(done, total)
    return out


def base_distances(
    world: WorldNetwork,
    projects: Sequence[ProjectEdges],
    weight: Weight,
    modes: ModeClass,
    *,
    runner: BlockRunner | None = None,
) -> BaseDistances:
    """Search the network before the projects from every city and portal.

    Parameters
    ----------
    world
        The network before the projects.
    projects
        Every project that may be added (their edges' ends are the portals).
    weight
        ``hours`` or ``usd``.
    modes
        Mode class.
    runner
        Runs the searches, block by block of :data:`SEARCH_BLOCK` sources (default: here,
        serially); a Dask runner spreads the blocks over a cluster.

    Returns
    -------
    BaseDistances
        The distances.
    """
    cg = world.class_graph(weight, modes)
    assert cg.graph is not None  # noqa: S101 - set by class_graph
    ends_of = [cg.map_edges(p.tail, p.head, p.mode_codes)[:2] for p in projects]
    q = (
        np.unique(np.concatenate([np.concatenate(e) for e in ends_of]))
        if ends_of
        else np.zeros(0, dtype=np.int64)
    )
    c = cg.sources.size
    rows = np.concatenate([cg.sources, q])
    cols = np.concatenate([cg.targets, q])
    if rows.size:
        blocks = [rows[i : i + SEARCH_BLOCK] for i in range(0, rows.size, SEARCH_BLOCK)]
        parts = (runner or run_blocks_serially)(cg.graph, blocks, cols)
        full = np.vstack(parts)
    else:
        full = np.zeros((0, 0))
    return BaseDistances(
        weight=weight,
        graph=cg,
        portals=q,
        city_city=full[:c, :c],
        city_portal=full[:c, c:],
        portal_city=full[c:, :c],
        portal_portal=full[c:, c:],
    )


@dataclass(frozen=True, slots=True)
class ShipmentMatrices:
    """City-pair shipment times and costs before and after a set of projects.

    Parameters
    ----------
    pre_hours
        Least hours before.
    post_hours_lower
        Least hours after, each pair kept on its mode class (lower bound of the gains).
    post_hours_upper
        Least hours after, mode switching allowed (upper bound).
    pre_usd, post_usd
        Least US$ per TEU before and after (mode switching allowed).
    mode_class
        Index into :data:`CLASS_ORDER` of each pair's mode class before the projects.
    """

    pre_hours: FloatArray
    post_hours_lower: FloatArray
    post_hours_upper: FloatArray
    pre_usd: FloatArray
    post_usd: FloatArray
    mode_class: npt.NDArray[np.int8]


def classify(by_class: dict[ModeClass, FloatArray]) -> npt.NDArray[np.int8]:
    """The narrowest mode class whose least time equals the unrestricted one, per pair.

    Parameters
    ----------
    by_class
        Least hours per mode class (``all`` included).

    Returns
    -------
    numpy.ndarray
        Index into :data:`CLASS_ORDER`.
    """
    best = by_class["all"]
    out = np.full(best.shape, CLASS_ORDER.index("all"), dtype=np.int8)
    for i, name in reversed(list(enumerate(CLASS_ORDER[:-1]))):
        same = np.isclose(by_class[name], best, rtol=1e-12, atol=1e-9) & np.isfinite(best)
        out[same] = i
    return out


def shipment_matrices(
    bases: dict[tuple[Weight, ModeClass], BaseDistances],
    projects: Sequence[ProjectEdges],
) -> ShipmentMatrices:
    """Before/after matrices for one set of projects from the base distances.

    Parameters
    ----------
    bases
        Base distances for ``("hours", c)`` of every class in :data:`CLASS_ORDER` and for
        ``("usd", "all")``.
    projects
        The projects added together.

    Returns
    -------
    ShipmentMatrices
        The matrices.
    """
    pre = {c: bases["hours", c].city_city for c in CLASS_ORDER}
    post = {c: bases["hours", c].after(projects) for c in CLASS_ORDER}
    cls = classify(pre)
    lower = post["all"].copy()
    for i, name in enumerate(CLASS_ORDER[:-1]):
        mask = cls == i
        lower[mask] = post[name][mask]
    return ShipmentMatrices(
        pre_hours=pre["all"],
        post_hours_lower=lower,
        post_hours_upper=post["all"],
        pre_usd=bases["usd", "all"].city_city,
        post_usd=bases["usd", "all"].after(projects),
        mode_class=cls,
    )


def all_bases(
    world: WorldNetwork, projects: Sequence[ProjectEdges]
) -> dict[tuple[Weight, ModeClass], BaseDistances]:
    """Base distances for every class by hours and for cost, with every project's portals.

    Parameters
    ----------
    world
        The network before the projects.
    projects
        Every project of the study.

    Returns
    -------
    dict
        Keyed by ``(weight, mode class)``.
    """
    out: dict[tuple[Weight, ModeClass], BaseDistances] = {}
    for c in CLASS_ORDER:
        out["hours", c] = base_distances(world, projects, "hours", c)
    out["usd", "all"] = base_distances(world, projects, "usd", "all")
    return out
