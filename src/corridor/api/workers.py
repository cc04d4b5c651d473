"""The server's job workers: a pool of processes, each with its own store connection.

A :class:`concurrent.futures.ProcessPoolExecutor` (``spawn`` start method: the server's
threads and event loop are never forked) runs :func:`corridor.api.jobrun.run_job`. Jobs
run in processes rather than threads so that an assignment or a sweep neither holds the
interpreter lock the API answers with nor outlives a stopping server: processes can be
ended, threads cannot. The processes start with the server (:meth:`JobPool.start`), or
with the first job when ``CORRIDOR_PRESTART_WORKERS=false``.

Stopping (:meth:`JobPool.shutdown`): queued jobs are marked failed at once; running jobs
get ``grace`` seconds to finish, then are marked failed (``server stopped``) and their
processes ended. No job is left ``running``.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from corridor.store import Store

__all__ = ["STOPPED_QUEUED", "STOPPED_RUNNING", "JobPool"]

_log = logging.getLogger("corridor.api")

STOPPED_QUEUED: Final = (
    "the server stopped before the job started; fix: submit it again when the server is back"
)
STOPPED_RUNNING: Final = (
    "the server stopped while the job ran; fix: submit it again when the server is back"
)


class JobPool:
    """Worker processes that run jobs, and the futures of the jobs they hold.

    Parameters
    ----------
    store
        The server's store (to fail jobs whose worker died or stopped).
    database_url
        The store's URL, opened again in each worker process.
    workers
        How many processes.
    dask_scheduler
        Where sweep jobs run (``None``: in the worker process).
    nice
        How much the worker processes lower their priority (``CORRIDOR_JOB_NICE``).
    """

    def __init__(
        self,
        store: Store,
        database_url: str | None,
        workers: int,
        dask_scheduler: str | None = None,
        *,
        nice: int = 0,
    ) -> None:
        self.store = store
        self.database_url = database_url
        self.workers = workers
        self.dask_scheduler = dask_scheduler
        self.nice = nice
        self.closed = False
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None
        self._futures: dict[str, Future[str]] = {}

    def _pool(self) -> ProcessPoolExecutor:
        from corridor.api.jobrun import init_worker  # noqa: PLC0415

        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=init_worker,
                initargs=(self.database_url, self.dask_scheduler, self.nice),
            )
        return self._executor

    def start(self) -> None:
        """Start the worker processes now (each opens the store), not with the first job."""
        from corridor.api.jobrun import ping  # noqa: PLC0415

        with self._lock:
            if self.closed:
                return
            pool = self._pool()
            for _ in range(self.workers):
                pool.submit(ping)

    def submit(self, job_id: str) -> None:
        """Queue the job ``job_id`` (already created in the store) on the pool.

        Parameters
        ----------
        job_id
            The job.
        """
        from corridor.api.jobrun import run_job  # noqa: PLC0415

        with self._lock:
            if self.closed:
                self._fail(job_id, STOPPED_QUEUED)
                return
            try:
                future = self._pool().submit(run_job, job_id)
            except BrokenProcessPool:  # a worker died: start a new pool
                self._executor = None
                future = self._pool().submit(run_job, job_id)
            self._futures[job_id] = future
        future.add_done_callback(lambda f: self._done(job_id, f))

    def _done(self, job_id: str, future: Future[str]) -> None:
        with self._lock:
            self._futures.pop(job_id, None)
        if future.cancelled():
            return
        exc = future.exception()
        if exc is not None:
            _log.error("job %s: worker failed: %r", job_id, exc)
            self._fail(
                job_id,
                f"the worker process running the job died ({type(exc).__name__}); fix: submit "
                "it again, with less work if it ran out of memory",
            )
            if isinstance(exc, BrokenProcessPool):
                with self._lock:
                    self._executor = None

    def _fail(
        self, job_id: str, error: str, states: tuple[str, ...] = ("queued", "running")
    ) -> None:
        from corridor.store.errors import StoreError  # noqa: PLC0415

        try:
            job = self.store.get_job(job_id)
            if job.state in states:
                self.store.fail_job(job_id, error)
        except StoreError:
            pass  # finished or cancelled meanwhile

    def cancel(self, job_id: str) -> None:
        """Drop the job from the queue if no process has taken it yet.

        The store's state (``cancelled``) is what stops a running job; this only spares
        a process the start.

        Parameters
        ----------
        job_id
            The job.
        """
        with self._lock:
            future = self._futures.get(job_id)
        if future is not None:
            future.cancel()

    def active(self) -> list[str]:
        """Ids of the jobs queued on or running in this pool.

        Returns
        -------
        list of str
            The job ids.
        """
        with self._lock:
            return list(self._futures)

    def shutdown(self, grace: float) -> None:
        """Stop: fail queued jobs, wait ``grace`` seconds for running ones, fail the rest.

        Parameters
        ----------
        grace
            Seconds to wait for running jobs.
        """
        with self._lock:
            self.closed = True
            executor = self._executor
            futures = dict(self._futures)
        if executor is None:
            return
        # the executor forgets its processes when shut down: keep them to end them below (in
        # a process that ends with os._exit, as uvicorn's HTTP workers do, nothing else would)
        processes = list((getattr(executor, "_processes", None) or {}).values())
        manager = getattr(executor, "_executor_manager_thread", None)
        executor.shutdown(wait=False, cancel_futures=True)
        for job_id in futures:  # not started (even if handed to a process): never starts
            self._fail(job_id, STOPPED_QUEUED, states=("queued",))
        running = [f for f in futures.values() if not f.done()]
        if running and grace > 0:
            wait(running, timeout=grace)
        for job_id, future in futures.items():
            if not future.done():
                self._fail(job_id, STOPPED_RUNNING)
        for process in processes:  # no public way to end a pool's processes
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(timeout=5)
        if manager is not None:  # it closes the pool's queues (and their semaphores)
            manager.join(timeout=5)
