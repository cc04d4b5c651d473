"""The Belt and Road study: before/after matrices, groups, each project alone and in complement.

``run_study`` does the whole analysis on a world network and a project table:

1. place the projects (:func:`~corridor.research.projects.place_projects`);
2. search once from every city and portal on the network before the projects, for each
   mode class (time) and for cost — the only heavy step, stored in the output folder so
   that an interrupted or repeated run resumes from it;
3. the before/after matrices with all projects (lower and upper bound);
4. each project in isolation (added alone) and in complement (all projects against all
   but it), serially or as Dask tasks (``workers`` or ``scheduler``); each project's
   result is stored as it finishes, so an interrupted run resumes where it stopped, and
   the numbers do not depend on where they ran;
5. the aggregates: world, project economies and every country, as mean changes in
   shipment time over international city pairs, and as ad-valorem trade-cost changes with
   a value of time per day.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from corridor.research.matrices import (
    CLASS_ORDER,
    BaseDistances,
    BlockRunner,
    ProjectEdges,
    ShipmentMatrices,
    Weight,
    base_distances,
    run_blocks_serially,
    shipment_matrices,
)
from corridor.research.parameters import Parameters
from corridor.research.projects import Placement, ProjectRecord, place_projects
from corridor.research.world import ModeClass, WorldNetwork
from corridor.routing.shortest import CSRGraph, distance_matrix

__all__ = [
    "PAPER",
    "GroupChange",
    "ProjectEffect",
    "StudyResult",
    "bri_economies",
    "group_changes",
    "project_effect",
    "run_study",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Progress = Callable[[str, int, int], None]
"""Called with (step, done, total)."""

#: de Soyres et al. (2019) headline ranges, lower to upper bound (% change in shipment time).
PAPER: Final = {
    "world": (-1.2, -2.5),
    "bri_economies": (-1.7, -3.2),
    "corridor_max": (None, -11.9),
}

BASES_FILE: Final = "bases.npz"
PROJECTS_DIR: Final = "projects"


@dataclass(frozen=True, slots=True)
class GroupChange:
    """Mean change of shipment time over the international city pairs of a group.

    Parameters
    ----------
    group
        ``world``, ``project_economies`` or an ISO3 code.
    pairs
        Pairs averaged (origin or destination in the group, both reachable before).
    lower_pct, upper_pct
        Mean change in % (lower bound: modes kept; upper: mode switching).
    lower_tau_pp, upper_tau_pp
        Mean change in the ad-valorem trade cost of time, in percentage points.
    pre_hours
        Mean shipment time before, hours.
    """

    group: str
    pairs: int
    lower_pct: float
    upper_pct: float
    lower_tau_pp: float
    upper_tau_pp: float
    pre_hours: float


def _pair_mask(iso: Sequence[str], pre: FloatArray) -> npt.NDArray[np.bool_]:
    codes = np.array(iso)
    international: npt.NDArray[np.bool_] = codes[:, None] != codes[None, :]
    return international & np.isfinite(pre) & (pre > 0)


def group_changes(
    matrices: ShipmentMatrices,
    iso: Sequence[str],
    groups: dict[str, set[str]],
    params: Parameters,
) -> list[GroupChange]:
    """Mean changes for the world, named groups of countries and every country.

    Parameters
    ----------
    matrices
        Before/after matrices.
    iso
        ISO3 of each city (matrix order).
    groups
        Named groups of ISO3 codes (a pair counts for a group when its origin or its
        destination is in it).
    params
        For the value of time.

    Returns
    -------
    list of GroupChange
        ``world`` first, then the groups, then each country (ISO3 order).
    """
    codes = np.array(iso)
    ok = _pair_mask(iso, matrices.pre_hours)
    pre = matrices.pre_hours
    lower = np.where(ok, matrices.post_hours_lower / np.where(ok, pre, 1.0) - 1.0, 0.0)
    upper = np.where(ok, matrices.post_hours_upper / np.where(ok, pre, 1.0) - 1.0, 0.0)
    vot = params.value_of_time_per_day * 100.0 / 24.0  # percentage points per hour
    safe_pre = np.where(ok, pre, 0.0)
    d_lower = (np.where(ok, matrices.post_hours_lower, 0.0) - safe_pre) * vot
    d_upper = (np.where(ok, matrices.post_hours_upper, 0.0) - safe_pre) * vot

    def summary(name: str, member: npt.NDArray[np.bool_]) -> GroupChange:
        mask = ok & (member[:, None] | member[None, :])
        n = int(mask.sum())
        if n == 0:
            return GroupChange(name, 0, np.nan, np.nan, np.nan, np.nan, np.nan)
        return GroupChange(
            group=name,
            pairs=n,
            lower_pct=float(lower[mask].mean() * 100.0),
            upper_pct=float(upper[mask].mean() * 100.0),
            lower_tau_pp=float(d_lower[mask].mean()),
            upper_tau_pp=float(d_upper[mask].mean()),
            pre_hours=float(pre[mask].mean()),
        )

    out = [summary("world", np.ones(codes.size, dtype=bool))]
    out += [summary(name, np.isin(codes, sorted(members))) for name, members in groups.items()]
    out += [summary(c, codes == c) for c in sorted(set(iso))]
    return out


@dataclass(frozen=True, slots=True)
class ProjectEffect:
    """What one project does to world shipment times.

    Parameters
    ----------
    project_id
        Identifier.
    isolation_lower_pct, isolation_upper_pct
        Mean change over the world's international pairs when it is the only project.
    complement_lower_pct, complement_upper_pct
        Mean change when it is added to all the other projects.
    pairs_faster
        Pairs it makes faster in isolation (upper bound).
    """

    project_id: str
    isolation_lower_pct: float
    isolation_upper_pct: float
    complement_lower_pct: float
    complement_upper_pct: float
    pairs_faster: int


def _mean_pct(post: FloatArray, ref: FloatArray, ok: npt.NDArray[np.bool_]) -> float:
    return float(((post[ok] / ref[ok]) - 1.0).mean() * 100.0) if ok.any() else float("nan")


def project_effect(
    bases: dict[tuple[Weight, ModeClass], BaseDistances],
    projects: Sequence[ProjectEdges],
    index: int,
    iso: Sequence[str],
    with_all: ShipmentMatrices | None = None,
) -> ProjectEffect:
    """The effect of ``projects[index]`` alone and in complement with the others.

    Parameters
    ----------
    bases
        Base distances for every class (see :func:`~corridor.research.matrices.all_bases`).
    projects
        Every placed project.
    index
        Which one.
    iso
        ISO3 of each city.
    with_all
        The matrices with every project (computed when not given; the same for every
        project, so a caller measuring many projects passes them once).

    Returns
    -------
    ProjectEffect
        Mean changes over the world's international pairs.
    """
    me = projects[index]
    others = [p for i, p in enumerate(projects) if i != index]
    alone = shipment_matrices(bases, [me])
    if with_all is None:
        with_all = shipment_matrices(bases, projects)
    without = shipment_matrices(bases, others)
    ok = _pair_mask(iso, alone.pre_hours)
    return ProjectEffect(
        project_id=me.project_id,
        isolation_lower_pct=_mean_pct(alone.post_hours_lower, alone.pre_hours, ok),
        isolation_upper_pct=_mean_pct(alone.post_hours_upper, alone.pre_hours, ok),
        complement_lower_pct=_mean_pct(with_all.post_hours_lower, without.post_hours_lower, ok),
        complement_upper_pct=_mean_pct(with_all.post_hours_upper, without.post_hours_upper, ok),
        pairs_faster=int((alone.post_hours_upper[ok] < alone.pre_hours[ok] - 1e-9).sum()),
    )


@dataclass(frozen=True, slots=True)
class StudyResult:
    """Everything a study computes.

    Parameters
    ----------
    world
        The network with the projects' new vertices.
    placements
        How each project was placed.
    matrices
        Before/after matrices with all placed projects.
    groups
        World, project economies, then every country.
    effects
        Each placed project alone and in complement.
    project_economies
        ISO3 codes of the countries hosting at least one placed project.
    ran_on
        Where the per-project runs ran.
    """

    world: WorldNetwork
    placements: tuple[Placement, ...]
    matrices: ShipmentMatrices
    groups: tuple[GroupChange, ...]
    effects: tuple[ProjectEffect, ...]
    project_economies: frozenset[str]
    ran_on: str


BRI_ECONOMIES_FILE: Final = "bri_economies.csv"


def bri_economies() -> frozenset[str] | None:
    """The economies of the Belt and Road as the World Bank study counts them, if shipped.

    Returns
    -------
    frozenset of str or None
        ISO3 codes (Natural Earth's ADM0_A3) from ``data/bri_economies.csv`` (with its
        sources), or ``None`` when the package has no such list.
    """
    import csv  # noqa: PLC0415
    from importlib import resources  # noqa: PLC0415

    path = resources.files("corridor.research").joinpath("data", BRI_ECONOMIES_FILE)
    if not path.is_file():
        return None
    rows = csv.DictReader(path.read_text(encoding="utf-8").splitlines())
    return frozenset(r["iso3"].strip() for r in rows if r.get("iso3", "").strip())


def _fingerprint(world: WorldNetwork, projects: Sequence[ProjectEdges]) -> str:
    h = hashlib.sha256()
    for key in ("lon", "lat", "tail", "head", "mode", "hours", "usd"):
        h.update(np.ascontiguousarray(getattr(world, key)).tobytes())
    h.update(json.dumps([c.vertex for c in world.cities]).encode())
    for p in projects:
        h.update(p.project_id.encode())
        for arr in (p.tail, p.head, p.hours, p.usd):
            h.update(np.ascontiguousarray(arr).tobytes())
        h.update("|".join(p.mode).encode())
    return h.hexdigest()


_KEYS: Final[tuple[tuple[Weight, ModeClass], ...]] = (
    *(("hours", c) for c in CLASS_ORDER),
    ("usd", "all"),
)


def _dask_runner(
    client: Any,  # noqa: ANN401 - a distributed.Client (optional extra)
    distributed: Any,  # noqa: ANN401 - the module
    progress: Callable[[int, int], None],
) -> BlockRunner:
    """Blocks of searches as Dask tasks, the graph scattered once per class."""

    def run(graph: CSRGraph, blocks: list[IntArray], targets: IntArray) -> list[FloatArray]:
        shared = client.scatter(graph, broadcast=True, hash=False)
        futures = [client.submit(distance_matrix, shared, b, targets, pure=False) for b in blocks]
        position = {f.key: i for i, f in enumerate(futures)}
        sizes = [b.size for b in blocks]
        parts: list[FloatArray | None] = [None] * len(blocks)
        done = 0
        try:
            for future in distributed.as_completed(futures):
                i = position[future.key]
                parts[i] = future.result()
                done += sizes[i]
                progress(done, sum(sizes))
        finally:
            client.cancel([f for f in futures if not f.done()])
        return [p for p in parts if p is not None]

    return run


def _bases(
    world: WorldNetwork,
    projects: Sequence[ProjectEdges],
    out: Path | None,
    progress: Progress,
    dask: tuple[Any, Any] | None = None,
) -> dict[tuple[Weight, ModeClass], BaseDistances]:
    """Base distances, read from ``out/bases.npz`` when it was made from the same inputs."""
    stamp = _fingerprint(world, projects)
    cache = out / BASES_FILE if out is not None else None
    stored: dict[str, Any] = {}
    if cache is not None and cache.is_file():
        with np.load(cache, allow_pickle=False) as data:
            if str(data["fingerprint"]) == stamp:
                stored = {k: data[k] for k in data.files}
    result: dict[tuple[Weight, ModeClass], BaseDistances] = {}
    for index, key in enumerate(_KEYS):
        name = f"{key[0]}_{key[1]}"
        step = f"searching before the projects ({index + 1}/{len(_KEYS)}: {key[0]}, {key[1]})"

        def rows(done: int, total: int, step: str = step) -> None:
            progress(step, done, total)

        runner: BlockRunner
        if dask is None:

            def runner(g: CSRGraph, blocks: list[IntArray], cols: IntArray) -> list[FloatArray]:
                return run_blocks_serially(g, blocks, cols, rows)

        else:
            runner = _dask_runner(dask[0], dask[1], rows)
        if f"{name}_cc" in stored:  # the searches are what takes time; reuse them
            base = BaseDistances(
                weight=key[0],
                graph=world.class_graph(*key),
                portals=stored[f"{name}_q"],
                city_city=stored[f"{name}_cc"],
                city_portal=stored[f"{name}_cp"],
                portal_city=stored[f"{name}_pc"],
                portal_portal=stored[f"{name}_pp"],
            )
        else:
            rows(0, 1)
            base = base_distances(world, projects, key[0], key[1], runner=runner)
        result[key] = base
        if cache is not None and f"{name}_cc" not in stored:
            stored.update(
                {
                    f"{name}_q": base.portals,
                    f"{name}_cc": base.city_city,
                    f"{name}_cp": base.city_portal,
                    f"{name}_pc": base.portal_city,
                    f"{name}_pp": base.portal_portal,
                    "fingerprint": np.array(stamp),
                }
            )
            tmp = cache.with_suffix(".tmp.npz")
            np.savez(tmp, **stored)
            tmp.replace(cache)  # atomic: a killed run leaves the previous file whole
    return result


def _effects_serial(
    bases: dict[tuple[Weight, ModeClass], BaseDistances],
    projects: Sequence[ProjectEdges],
    todo: Sequence[int],
    iso: Sequence[str],
    done: Callable[[ProjectEffect], None],
    *,
    with_all: ShipmentMatrices,
) -> None:
    for i in todo:
        done(project_effect(bases, projects, i, iso, with_all))


def _effects_dask(
    bases: dict[tuple[Weight, ModeClass], BaseDistances],
    projects: Sequence[ProjectEdges],
    todo: Sequence[int],
    iso: Sequence[str],
    done: Callable[[ProjectEffect], None],
    *,
    with_all: ShipmentMatrices,
    dask: tuple[Any, Any],
) -> None:
    client, distributed = dask
    shared = client.scatter(bases, broadcast=True, hash=False)
    shared_projects = client.scatter(list(projects), broadcast=True, hash=False)
    shared_all = client.scatter(with_all, broadcast=True, hash=False)
    futures = [
        client.submit(project_effect, shared, shared_projects, i, list(iso), shared_all, pure=False)
        for i in todo
    ]
    try:
        for future in distributed.as_completed(futures):
            done(future.result())
    finally:
        client.cancel([f for f in futures if not f.done()])


def run_study(
    world: WorldNetwork,
    records: Sequence[ProjectRecord],
    params: Parameters | None = None,
    *,
    out: Path | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    per_project: bool = True,
    progress: Progress | None = None,
) -> StudyResult:
    """Run the study (steps: see the module docstring).

    Parameters
    ----------
    world
        The network before the projects.
    records
        The projects.
    params
        Parameters (default: :meth:`Parameters.default`).
    out
        Folder for the resumable state (base searches, per-project results); ``None``:
        keep nothing.
    workers
        Run the per-project analysis on a new Dask LocalCluster of this many workers.
    scheduler
        Run it on the Dask scheduler at this address (``tcp://host:8786``).
    per_project
        Whether to measure each project alone and in complement.
    progress
        Called with (step, done, total).

    Returns
    -------
    StudyResult
        The results.

    Raises
    ------
    InvalidArgumentError
        If both ``workers`` and ``scheduler`` are given.
    """
    from corridor.exceptions import InvalidArgumentError  # noqa: PLC0415

    if workers is not None and scheduler is not None:
        msg = "workers and scheduler: give one (a local cluster, or a running scheduler)"
        raise InvalidArgumentError(msg)
    p = params or Parameters.default()
    report = progress or (lambda _s, _d, _t: None)
    placed_world, edges, placements = place_projects(world, records, p)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        dask: tuple[Any, Any] | None = None
        ran_on = "this process"
        if workers is not None or scheduler is not None:
            from corridor._dependencies import import_optional  # noqa: PLC0415
            from corridor.sweep.backends import dask_client  # noqa: PLC0415

            distributed = import_optional("distributed", extra="dask")
            client, ran_on = stack.enter_context(
                dask_client(distributed, workers, scheduler, None, processes=True)
            )
            dask = (client, distributed)
        return _study(
            placed_world,
            records,
            edges,
            placements,
            p,
            out=out,
            per_project=per_project,
            report=report,
            dask=dask,
            ran_on=ran_on,
        )


def _study(
    placed_world: WorldNetwork,
    records: Sequence[ProjectRecord],
    edges: list[ProjectEdges],
    placements: list[Placement],
    p: Parameters,
    *,
    out: Path | None,
    per_project: bool,
    report: Progress,
    dask: tuple[Any, Any] | None,
    ran_on: str,
) -> StudyResult:
    bases = _bases(placed_world, edges, out, report, dask)
    iso = [c.iso3 for c in placed_world.cities]
    matrices = shipment_matrices(bases, edges)
    by_id = {r.project_id: r for r in records}
    hosts = {c for e in edges for c in by_id[e.project_id].countries if c in set(iso)}
    named: dict[str, set[str]] = {"project_economies": hosts}
    members = bri_economies()
    if members is not None:
        named["bri_economies"] = set(members)
    groups = tuple(group_changes(matrices, iso, named, p))
    effects: dict[str, ProjectEffect] = {}
    if per_project and edges:
        folder = out / PROJECTS_DIR if out is not None else None
        stamp = _fingerprint(placed_world, edges)[:16]
        if folder is not None:
            folder.mkdir(exist_ok=True)
            for f in folder.glob(f"*.{stamp}.json"):
                effect = ProjectEffect(**json.loads(f.read_text(encoding="utf-8")))
                effects[effect.project_id] = effect
        todo = [i for i, e in enumerate(edges) if e.project_id not in effects]
        step = "each project alone and in complement"
        report(step, len(effects), len(edges))

        def done(effect: ProjectEffect) -> None:
            effects[effect.project_id] = effect
            if folder is not None:
                path = folder / f"{effect.project_id}.{stamp}.json"
                tmp = path.with_suffix(".tmp")
                tmp.write_text(json.dumps(asdict(effect)), encoding="utf-8")
                tmp.replace(path)
            report(step, len(effects), len(edges))

        if dask is None:
            _effects_serial(bases, edges, todo, iso, done, with_all=matrices)
        else:
            _effects_dask(bases, edges, todo, iso, done, with_all=matrices, dask=dask)
    ordered = tuple(effects[e.project_id] for e in edges if e.project_id in effects)
    return StudyResult(
        world=placed_world,
        placements=tuple(placements),
        matrices=matrices,
        groups=groups,
        effects=ordered,
        project_economies=frozenset(hosts),
        ran_on=ran_on,
    )
