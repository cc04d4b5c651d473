"""A job run by a worker process: the library called as the CLI calls it, through the store.

:func:`run_job` is what the server's process pool runs. It opens the store once per
process (:func:`init_worker`), marks the job running, writes progress, and writes the
result with :meth:`~corridor.store.Store.finish_job` (one transaction with the state) or
the one-line error with :meth:`~corridor.store.Store.fail_job`. Cancelling is
cooperative: at each progress step the worker reads the job's state, and stops when it is
no longer ``running`` (cancelled by a client, or failed by a stopping server).

The results are the CLI's ``--format json`` output: ``corridor assign --demand ... -f
json``, ``corridor sweep -f json`` and ``corridor appraise -f json``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from corridor.exceptions import CorridorError

if TYPE_CHECKING:
    from corridor.store import Store

__all__ = ["JobStoppedError", "Watch", "init_worker", "ping", "run_job", "run_with"]

_state: dict[str, Any] = {}
_MAX_ERROR: Final = 2_000


class JobStoppedError(Exception):
    """The job left ``running`` while it ran (cancelled, or failed by a stopping server)."""


class Watch:
    """Progress of one job, written to the store; raises when the job was stopped.

    Parameters
    ----------
    store
        The store.
    job_id
        The job.
    """

    def __init__(self, store: Store, job_id: str) -> None:
        self.store = store
        self.job_id = job_id

    def check(self) -> None:
        """Stop here if the job is no longer running.

        Raises
        ------
        JobStoppedError
            When the job's state is not ``running``.
        """
        state = self.store.get_job(self.job_id).state
        if state != "running":
            raise JobStoppedError(state)

    def progress(self, done: int, total: int, message: str = "") -> None:
        """Write progress, then :meth:`check`.

        Parameters
        ----------
        done, total
            Units of work done and in all.
        message
            What the job does now.

        Raises
        ------
        JobStoppedError
            When the job's state is not ``running``.
        """
        from corridor.store.errors import StateError  # noqa: PLC0415

        try:
            self.store.set_progress(self.job_id, done, total, message)
        except StateError:
            raise JobStoppedError(self.job_id) from None
        self.check()


def init_worker(database_url: str | None, dask_scheduler: str | None, nice: int = 0) -> None:
    """Open the store in this worker process (the pool's initializer).

    Parameters
    ----------
    database_url
        The store's URL (``None``: the default SQLite file).
    dask_scheduler
        Where sweeps run (``None``: here).
    nice
        How much to lower this process's priority (POSIX ``nice``), so that the HTTP
        answers come before the jobs on a busy machine; 0 keeps it.
    """
    import os  # noqa: PLC0415

    from corridor.store import Store  # noqa: PLC0415

    if nice > 0 and hasattr(os, "nice"):
        os.nice(nice)

    _state["store"] = Store.open(database_url, upgrade=False)
    _state["scheduler"] = dask_scheduler


def ping() -> int:
    """Nothing: submitted once per worker so that the processes start (and open the store).

    Returns
    -------
    int
        This worker's process id.
    """
    import os  # noqa: PLC0415

    return os.getpid()


def run_job(job_id: str) -> str:
    """Run one job in this worker process (opened by :func:`init_worker`).

    Parameters
    ----------
    job_id
        The job.

    Returns
    -------
    str
        The job's state afterwards.
    """
    return run_with(_state["store"], job_id, _state.get("scheduler"))


def _one_line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= _MAX_ERROR else line[: _MAX_ERROR - 3] + "..."


def run_with(store: Store, job_id: str, scheduler: str | None = None) -> str:
    """Run one job with ``store``: start it, run it, finish or fail it.

    A job that is no longer queued (cancelled before it started) is left as it is.

    Parameters
    ----------
    store
        The store.
    job_id
        The job.
    scheduler
        Dask scheduler address for sweeps.

    Returns
    -------
    str
        The job's state afterwards.
    """
    from corridor.api.responses import finite  # noqa: PLC0415
    from corridor.store.errors import StateError  # noqa: PLC0415

    job = store.get_job(job_id)
    if job.state != "queued":
        return job.state
    try:
        store.start_job(job_id)
    except StateError:
        return store.get_job(job_id).state
    watch = Watch(store, job_id)
    try:
        runner = _RUNNERS[job.kind]
        params = dict(job.request).get("params")
        params = params if isinstance(params, dict) else {}
        result = runner(params, store, job.owner, watch, scheduler)
        watch.check()
        store.finish_job(job_id, finite(result))
    except JobStoppedError:
        pass
    except StateError:
        pass  # stopped between the last check and the write
    except CorridorError as exc:
        _fail(store, job_id, _one_line(str(exc)))
    except Exception as exc:  # noqa: BLE001 - a job never takes its worker down
        _fail(
            store,
            job_id,
            _one_line(
                f"unexpected error ({type(exc).__name__}: {exc}); fix: report it with the job id"
            ),
        )
    return store.get_job(job_id).state


def _fail(store: Store, job_id: str, error: str) -> None:
    from corridor.store.errors import StateError  # noqa: PLC0415

    with contextlib.suppress(StateError):  # cancelled meanwhile
        store.fail_job(job_id, error)


Runner = Callable[[Mapping[str, Any], "Store", "str | None", Watch, "str | None"], Any]


def _assignment(
    params: Mapping[str, Any],
    store: Store,
    owner: str | None,
    watch: Watch,
    scheduler: str | None,
) -> dict[str, Any]:
    from corridor.api.documents import network_named, scenarios_named  # noqa: PLC0415
    from corridor.api.jobspec import demand_table  # noqa: PLC0415
    from corridor.assignment.demand_assignment import assign_demand  # noqa: PLC0415
    from corridor.assignment.select_link import element_vlinks  # noqa: PLC0415
    from corridor.scenarios import apply_scenario, grow_demand  # noqa: PLC0415

    del scheduler
    watch.progress(0, 3, "reading the network and the demand")
    net = network_named(store, params.get("network"), owner=owner)
    names = list(params.get("scenario") or [])
    scenarios = scenarios_named(store, names, owner=owner) if names else []
    if scenarios:
        net = apply_scenario(net, scenarios)
    od = demand_table(net, params["demand"])
    if scenarios:
        od = grow_demand(od, scenarios, network=net)
    select = list(params.get("select_link") or [])
    watch.progress(1, 3, "assigning")
    result = assign_demand(
        net,
        od,
        algorithm=params.get("algorithm", "bfw"),
        gap=float(params.get("gap", 1e-5)),
        max_iter=int(params.get("max_iter", 1000)),
        month=params.get("month"),
        track_od=True if select else None,
        date=params.get("date"),
        operations=params.get("operations"),
    )
    for item in select:
        element_vlinks(result.corridor_problem.compiled, item)
    watch.progress(2, 3, "writing the result")
    data = result.to_dict()
    if select:
        data["select_link"] = {
            s: [dataclasses.asdict(row) for row in result.select_link(s)] for s in select
        }
    return data


def _sweep(
    params: Mapping[str, Any],
    store: Store,
    owner: str | None,
    watch: Watch,
    scheduler: str | None,
) -> dict[str, Any]:
    from corridor.api.documents import network_named  # noqa: PLC0415
    from corridor.api.jobspec import sweep_pairs, sweep_specs  # noqa: PLC0415
    from corridor.routing.options import RouteOptions  # noqa: PLC0415
    from corridor.sweep import sweep  # noqa: PLC0415

    watch.progress(0, 0, "preparing")
    net = network_named(store, params.get("network"), owner=owner)
    specs = sweep_specs(list(params.get("scenarios") or ["base"]), store, owner)
    pairs = sweep_pairs(net, list(params["pairs"]))
    options = RouteOptions(
        cargo=params.get("cargo", "FEU"),
        optimize=params.get("optimize", "generalized"),
        month=params.get("month"),
        date=params.get("date"),
        operations=params.get("operations"),
    )

    def progress(done: int, total: int) -> None:
        watch.progress(done, total, "sweep tasks")

    result = sweep(
        net,
        specs,
        pairs,
        samples=int(params.get("samples", 2_000)),
        seed=int(params.get("seed", 0)),
        batch_size=int(params.get("batch_size", 4)),
        scheduler=scheduler,
        options=options,
        progress=progress,
    )
    return result.to_dict()


def _appraisal(
    params: Mapping[str, Any],
    store: Store,
    owner: str | None,
    watch: Watch,
    scheduler: str | None,
) -> dict[str, Any]:
    from corridor.api.documents import EMBEDDED, network_named  # noqa: PLC0415
    from corridor.api.jobspec import demand_table, project_scenarios  # noqa: PLC0415
    from corridor.appraisal.appraise import appraise  # noqa: PLC0415
    from corridor.appraisal.project import parse_project  # noqa: PLC0415
    from corridor.io.demand import write_demand  # noqa: PLC0415
    from corridor.scenarios import Scenario  # noqa: PLC0415

    del scheduler
    watch.progress(0, 2, "reading the project")
    project = parse_project(str(params["project"]), source="project", base_dir=None)
    name = params.get("network")
    net = network_named(store, name, owner=owner)
    demand = demand_table(net, params["demand"])
    with tempfile.TemporaryDirectory(prefix="corridor-job-") as tmp:
        folder = Path(tmp)  # file names made here, never from the request

        def as_files(entries: tuple[str, ...], stem: str) -> tuple[str, ...]:
            out = []
            for i, s in enumerate(project_scenarios(entries, store, owner)):
                if isinstance(s, Scenario):
                    path = folder / f"{stem}{i}.toml"
                    path.write_text(_scenario_text(store, entries[i], owner), encoding="utf-8")
                    out.append(str(path))
                else:
                    out.append(str(s))
            return tuple(out)

        project = dataclasses.replace(
            project,
            demand=str(write_demand(demand, folder / "demand.csv")),
            scenario=as_files(project.scenario, "scenario"),
            base_scenario=as_files(project.base_scenario, "base"),
        )
        watch.progress(1, 2, "assigning and appraising")
        result = appraise(
            project,
            network=None if name in (None, EMBEDDED) else net,
            draws=int(params.get("draws", 10_000)),
            seed=int(params.get("seed", 0)),
        )
    return {"projects": [result.to_dict()]}


def _scenario_text(store: Store, name: str, owner: str | None) -> str:
    return store.get_document("scenario", name, owner=owner).text


_RUNNERS: dict[str, Runner] = {
    "assignment": _assignment,
    "sweep": _sweep,
    "appraisal": _appraisal,
}
