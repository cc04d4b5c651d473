"""Where the tasks of a sweep run: in this process, or on Dask distributed.

Dask is the optional extra ``dask`` (``pip install 'corridor[dask]'``), imported only
when a distributed backend is asked for. The base network is scattered to every worker
once; each task then carries only its scenario and its batch of pairs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from corridor._dependencies import import_optional
from corridor.exceptions import CorridorError
from corridor.network.model import Network
from corridor.sweep.model import SweepRow, SweepTask
from corridor.sweep.tasks import run_task

__all__ = ["SchedulerUnreachableError", "dask_client", "run_dask", "run_serial"]

Progress = Callable[[int, int], None]
"""Called with (0, tasks in all) first, then (tasks done, tasks in all) after each task."""

CONNECT_TIMEOUT_S = 10
"""Seconds to wait for a remote scheduler before giving up."""


class SchedulerUnreachableError(ConnectionError, CorridorError):
    """The Dask scheduler of a sweep cannot be reached (wrong address, not running)."""


def run_serial(
    network: Network, tasks: Sequence[SweepTask], progress: Progress | None = None
) -> list[list[SweepRow]]:
    """Run the tasks one after the other in this process.

    Parameters
    ----------
    network
        The base network.
    tasks
        The tasks.
    progress
        Called with (0, total) first, then with (done, total) after each task.

    Returns
    -------
    list of list of SweepRow
        Each task's rows, in task order.
    """
    results: list[list[SweepRow]] = []
    if progress is not None:
        progress(0, len(tasks))
    for task in tasks:
        results.append(run_task(network, task))
        if progress is not None:
            progress(len(results), len(tasks))
    return results


def run_dask(
    network: Network,
    tasks: Sequence[SweepTask],
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    client: Any = None,  # noqa: ANN401 - a distributed.Client, typed loosely: optional extra
    processes: bool = True,
    progress: Progress | None = None,
) -> tuple[list[list[SweepRow]], str]:
    """Run the tasks on Dask distributed.

    Exactly one of ``workers`` (a new :class:`distributed.LocalCluster` of that many
    single-threaded workers, closed at the end), ``scheduler`` (the address of a running
    scheduler, ``tcp://host:8786``) or ``client`` (a connected
    :class:`distributed.Client`, left open) says where.

    Parameters
    ----------
    network
        The base network, scattered once to every worker.
    tasks
        The tasks.
    workers
        Workers of a local cluster.
    scheduler
        Address of a remote scheduler.
    client
        A client already connected.
    processes
        Whether the local cluster's workers are processes (else threads in this process).
    progress
        Called with (0, total) first, then with (done, total) as tasks finish.

    Returns
    -------
    tuple
        Each task's rows in task order (whatever order they finished in), and a label of
        where they ran.

    Raises
    ------
    MissingOptionalDependencyError
        If Dask distributed is not installed (``pip install 'corridor[dask]'``).
    SchedulerUnreachableError
        If the scheduler at ``scheduler`` cannot be reached.
    """
    distributed = import_optional("distributed", extra="dask")
    with dask_client(distributed, workers, scheduler, client, processes=processes) as (c, label):
        results = _gather(distributed, c, network, tasks, progress)
    return results, label


@contextmanager
def dask_client(
    distributed: Any,  # noqa: ANN401 - the module
    workers: int | None,
    scheduler: str | None,
    client: Any,  # noqa: ANN401
    *,
    processes: bool,
) -> Iterator[tuple[Any, str]]:
    """A Dask client: the one given, a remote scheduler's, or a new local cluster's.

    Parameters
    ----------
    distributed
        The ``distributed`` module.
    workers
        Workers of a new local cluster (used when neither ``scheduler`` nor ``client``).
    scheduler
        Address of a remote scheduler.
    client
        A client already connected (left open).
    processes
        Whether the local cluster's workers are processes.

    Yields
    ------
    tuple
        The client and a label of where tasks run.

    Raises
    ------
    SchedulerUnreachableError
        If the scheduler at ``scheduler`` cannot be reached.
    """
    if client is not None:
        yield client, f"dask {client.scheduler.address}"
        return
    if scheduler is not None:
        try:
            remote = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT_S)
        except (OSError, TimeoutError, ValueError, TypeError) as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            msg = (
                f"scheduler={scheduler!r}: cannot reach the Dask scheduler ({reason}); fix: "
                "start one with `dask scheduler` and workers with `dask worker ADDRESS`, or "
                "check the address (tcp://host:8786)"
            )
            raise SchedulerUnreachableError(msg) from None
        with remote:
            yield remote, f"dask {scheduler}"
        return
    n = 1 if workers is None else workers
    with (
        distributed.LocalCluster(
            n_workers=n,
            threads_per_worker=1,
            processes=processes,
            dashboard_address=":0",  # no fixed port: 8787 may be taken
        ) as cluster,
        distributed.Client(cluster) as local,
    ):
        kind = "process" if processes else "thread"
        yield local, f"dask LocalCluster ({n} {kind} worker{'s' if n != 1 else ''})"


def _gather(
    distributed: Any,  # noqa: ANN401 - the module
    client: Any,  # noqa: ANN401
    network: Network,
    tasks: Sequence[SweepTask],
    progress: Progress | None,
) -> list[list[SweepRow]]:
    shared = client.scatter(network, broadcast=True, hash=False)
    futures = [client.submit(run_task, shared, task, pure=False) for task in tasks]
    position = {f.key: i for i, f in enumerate(futures)}
    results: list[list[SweepRow] | None] = [None] * len(tasks)
    done = 0
    if progress is not None:
        progress(0, len(tasks))
    try:
        for future in distributed.as_completed(futures):
            results[position[future.key]] = future.result()
            done += 1
            if progress is not None:
                progress(done, len(tasks))
    finally:
        client.cancel([f for f in futures if not f.done()])
    return [r if r is not None else [] for r in results]
