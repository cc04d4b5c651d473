"""``/v1/jobs``: assignments, sweeps and appraisals run by the server's workers.

Submit (``POST``, with an API key) → ``202`` and ``Location: /v1/jobs/{id}``; follow
(``GET /v1/jobs/{id}``: state and progress); fetch (``GET /v1/jobs/{id}/result``, ``409``
until the job succeeded); cancel (``DELETE``, the submitting key only).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Final

from fastapi import APIRouter, Body, Depends, Path, Query, Request
from fastapi.responses import Response

from corridor.api.auth import (
    AuthenticationError,
    ForbiddenError,
    optional_key,
    owner_of,
    require_key,
)
from corridor.api.jobspec import JobBody, prepare
from corridor.api.responses import json_response
from corridor.api.state import pool_of, store_of
from corridor.exceptions import CorridorError
from corridor.store.records import Key

if TYPE_CHECKING:
    from corridor.store import Job, Store

__all__ = ["JobNotFinishedError", "job_dict", "router"]

router = APIRouter(tags=["jobs"])
JobId = Annotated[str, Path(min_length=1, max_length=64, description="The job id.")]
_MAX_LIMIT: Final = 500


class JobNotFinishedError(CorridorError):
    """A job's result asked for before the job succeeded (HTTP 409)."""


def job_dict(job: Job) -> dict[str, Any]:
    """A job as the API shows it.

    Parameters
    ----------
    job
        The job.

    Returns
    -------
    dict
        ``id``, ``kind``, ``state``, ``owner``, ``progress`` (done, total, fraction,
        message), ``error``, ``created``, ``updated``, ``request`` and ``links``.
    """
    p = job.progress
    base = f"/v1/jobs/{job.id}"
    return {
        "id": job.id,
        "kind": job.kind,
        "state": job.state,
        "owner": job.owner,
        "progress": {
            "done": p.done,
            "total": p.total,
            "fraction": p.done / p.total if p.total > 0 else None,
            "message": p.message,
        },
        "error": job.error or None,
        "created": job.created.isoformat(),
        "updated": job.updated.isoformat(),
        "request": dict(job.request).get("params", {}),
        "links": {"self": base, "result": f"{base}/result"},
    }


def _visible(store: Store, job_id: str, owner: str | None) -> Job:
    """The job, unless it used a private upload of another key (then not found)."""
    from corridor.store.errors import NotFoundError  # noqa: PLC0415

    if not job_id.isalnum():
        raise NotFoundError(f"job {job_id[:64]!r}: no such job; fix: see GET /v1/jobs")
    job = store.get_job(job_id)
    if dict(job.request).get("private") and job.owner != owner:
        raise NotFoundError(f"job {job_id!r}: no such job; fix: see GET /v1/jobs")
    return job


@router.post(
    "/jobs",
    status_code=202,
    summary="Submit an assignment, sweep or appraisal job",
    responses={202: {"description": "Accepted: the job, with Location to follow it."}},
)
def submit(
    request: Request,
    body: Annotated[JobBody, Body()],
    key: Annotated[Key, Depends(require_key)],
) -> Response:
    """Check the parameters (422 with the library's message), create the job, queue it."""
    store = store_of(request)
    pool = pool_of(request)
    checked = prepare(body, store, key.name)
    job_id = store.create_job(
        checked.kind,
        {"params": checked.params, "private": checked.private},
        owner=key.name,
    )
    pool.submit(job_id)
    response = json_response(job_dict(store.get_job(job_id)))
    response.status_code = 202
    response.headers["Location"] = f"/v1/jobs/{job_id}"
    return response


@router.get("/jobs", summary="List jobs, newest first")
def list_jobs(
    request: Request,
    key: Annotated[Key | None, Depends(optional_key)],
    limit: Annotated[int, Query(ge=1, le=_MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
    mine: Annotated[bool, Query(description="Only the jobs of the key sent.")] = False,
) -> Response:
    """Jobs with their state and progress; ``next`` links to the following page."""
    store = store_of(request)
    owner = owner_of(key)
    if mine and owner is None:
        raise AuthenticationError(
            "GET /v1/jobs?mine=true: whose jobs? fix: send the API key that submitted them"
        )
    jobs = store.list_jobs(owner=owner if mine else None, limit=limit, offset=offset)
    items = [  # without the requests: demand texts can be long
        {k: v for k, v in job_dict(j).items() if k != "request"}
        for j in jobs
        if not (dict(j.request).get("private") and j.owner != owner)
    ]
    nxt = f"/v1/jobs?limit={limit}&offset={offset + limit}" if len(jobs) == limit else None
    if nxt is not None and mine:
        nxt += "&mine=true"
    return json_response({"limit": limit, "offset": offset, "items": items, "next": nxt})


@router.get("/jobs/{job_id}", summary="A job's state and progress")
def get_job(
    request: Request,
    job_id: JobId,
    key: Annotated[Key | None, Depends(optional_key)],
) -> Response:
    """State (queued, running, succeeded, failed, cancelled), progress, times, error."""
    job = _visible(store_of(request), job_id, owner_of(key))
    return json_response(job_dict(job))


@router.get("/jobs/{job_id}/result", summary="A finished job's result")
def get_result(
    request: Request,
    job_id: JobId,
    key: Annotated[Key | None, Depends(optional_key)],
) -> Response:
    """The CLI's JSON output of the job; 409 while it is not finished (or did not succeed)."""
    store = store_of(request)
    job = _visible(store, job_id, owner_of(key))
    if job.state != "succeeded":
        if job.state in ("queued", "running"):
            msg = (
                f"job {job_id}: {job.state}, no result yet; fix: poll GET /v1/jobs/{job_id} "
                "until its state is succeeded"
            )
        else:
            why = f" ({job.error})" if job.error else ""
            msg = f"job {job_id}: {job.state}{why}, it has no result; fix: submit it again"
        raise JobNotFinishedError(msg)
    return json_response(store.job_result(job_id))


@router.delete("/jobs/{job_id}", summary="Cancel a job")
def cancel(
    request: Request,
    job_id: JobId,
    key: Annotated[Key, Depends(require_key)],
) -> Response:
    """A queued job never starts; a running one stops at its next progress step."""
    store = store_of(request)
    job = _visible(store, job_id, key.name)
    if job.owner is not None and job.owner != key.name:
        raise ForbiddenError(
            f"DELETE /v1/jobs/{job_id}: the job belongs to another key; fix: cancel it with "
            "the key that submitted it"
        )
    if not store.cancel_job(job_id):
        from corridor.store.errors import StateError  # noqa: PLC0415

        raise StateError(
            f"job {job_id}: already {store.get_job(job_id).state}, nothing to cancel; fix: "
            "cancel only queued or running jobs"
        )
    pool = getattr(request.app.state, "pool", None)
    if pool is not None:
        pool.cancel(job_id)
    return json_response(job_dict(store.get_job(job_id)))
