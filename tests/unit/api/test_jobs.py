"""Jobs: submit, follow, fetch, cancel; results equal the library's (and the CLI's JSON)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "demand_2030.csv"
SMALL = [
    {"origin": "Xi'an", "destination": "Duisburg", "teu_per_year": 120000},
    {"origin": "Almaty", "destination": "Baku", "cargo": "TEU", "volume": 40000, "unit": "TEU"},
]


@pytest.fixture(scope="module")
def jobs(client: TestClient) -> tuple[TestClient, dict[str, str]]:
    """The session's client (one worker process) and a key."""
    token = client.app.state.store.create_key("jobs-alice")  # type: ignore[attr-defined]
    return client, {"Authorization": f"Bearer {token}"}


def wait_for(client: TestClient, job_id: str, timeout: float = 60.0) -> dict[str, Any]:
    """The job once it has ended."""
    end = time.monotonic() + timeout
    job: dict[str, Any] = {}
    while time.monotonic() < end:
        job = client.get(f"/v1/jobs/{job_id}").json()
        if job.get("state") in ("succeeded", "failed", "cancelled"):
            return job
        time.sleep(0.1)
    return job


def _drop_seconds(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _drop_seconds(v) for k, v in data.items() if k != "seconds"}
    if isinstance(data, list):
        return [_drop_seconds(v) for v in data]
    return data


def _submit(client: TestClient, key: dict[str, str], kind: str, **params: Any) -> dict[str, Any]:
    r = client.post("/v1/jobs", json={"kind": kind, "params": params}, headers=key)
    assert r.status_code == 202, r.text
    assert r.headers["location"] == f"/v1/jobs/{r.json()['id']}"
    return r.json()  # type: ignore[no-any-return]


def test_assignment_on_the_example_equals_the_library(
    jobs: tuple[TestClient, dict[str, str]],
) -> None:
    from corridor import eurasia  # noqa: PLC0415
    from corridor.api.responses import finite  # noqa: PLC0415
    from corridor.assignment.demand_assignment import assign_demand  # noqa: PLC0415
    from corridor.io.demand import read_demand  # noqa: PLC0415

    client, key = jobs
    job = _submit(client, key, "assignment", demand=EXAMPLE.read_text(), gap=1e-4)
    assert job["state"] in ("queued", "running")
    assert job["owner"] == "jobs-alice"
    done = wait_for(client, job["id"])
    assert done["state"] == "succeeded", done
    assert done["progress"]["done"] == done["progress"]["total"] == 3
    got = client.get(f"/v1/jobs/{job['id']}/result")
    assert got.status_code == 200
    net = eurasia()
    expected = assign_demand(net, read_demand(EXAMPLE, net), gap=1e-4).to_dict()
    expected = json.loads(json.dumps(finite(expected)))
    expected["demand"]["source"] = "demand"  # the job's demand is the request's, not a file
    assert _drop_seconds(got.json()) == _drop_seconds(expected)


def test_sweep_job_equals_the_library(jobs: tuple[TestClient, dict[str, str]]) -> None:
    from corridor import eurasia  # noqa: PLC0415
    from corridor.api.responses import finite  # noqa: PLC0415
    from corridor.sweep import sweep  # noqa: PLC0415

    client, key = jobs
    job = _submit(
        client,
        key,
        "sweep",
        scenarios=["base", "red-sea-closure"],
        pairs=["Xi'an:Duisburg"],
        samples=50,
        seed=3,
    )
    done = wait_for(client, job["id"])
    assert done["state"] == "succeeded", done
    got = client.get(f"/v1/jobs/{job['id']}/result").json()
    expected = sweep(
        eurasia(), ["base", "red-sea-closure"], [("xian", "duisburg")], samples=50, seed=3
    )
    assert _drop_seconds(got) == _drop_seconds(json.loads(json.dumps(finite(expected.to_dict()))))


def test_inline_rows_and_select_link(jobs: tuple[TestClient, dict[str, str]]) -> None:
    client, key = jobs
    job = _submit(client, key, "assignment", demand=SMALL, algorithm="aon", select_link=["dostyk"])
    done = wait_for(client, job["id"])
    assert done["state"] == "succeeded", done
    result = client.get(f"/v1/jobs/{job['id']}/result").json()
    assert "dostyk" in result["select_link"]
    assert result["demand"]


def test_result_is_409_until_finished_and_unknown_job_404(
    jobs: tuple[TestClient, dict[str, str]],
) -> None:
    client, key = jobs
    job = _submit(client, key, "sweep", pairs=["Shanghai:Rotterdam"], samples=100)
    early = client.get(f"/v1/jobs/{job['id']}/result")
    if early.status_code != 200:
        assert early.status_code == 409
        assert early.headers["content-type"] == "application/problem+json"
        assert "no result yet" in early.json()["detail"]
    assert wait_for(client, job["id"])["state"] == "succeeded"
    for path in ("/v1/jobs/0123abcd", "/v1/jobs/0123abcd/result", "/v1/jobs/..%2f..%2fetc"):
        r = client.get(path)
        assert r.status_code == 404, (path, r.text)
        assert r.headers["content-type"] == "application/problem+json"


def test_cancel_a_queued_job_it_never_starts(jobs: tuple[TestClient, dict[str, str]]) -> None:
    client, key = jobs
    pairs = ["Xi'an:Duisburg", "Chengdu:Lodz", "Shanghai:Rotterdam", "Almaty:Baku"]
    busy = _submit(client, key, "sweep", pairs=pairs, samples=20_000, batch_size=1)
    queued = _submit(client, key, "sweep", pairs=["Xi'an:Duisburg"], samples=10)
    r = client.delete(f"/v1/jobs/{queued['id']}", headers=key)
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "cancelled"
    r = client.delete(f"/v1/jobs/{busy['id']}", headers=key)
    assert r.json()["state"] == "cancelled"
    after = wait_for(client, busy["id"])
    assert after["state"] == "cancelled"
    later = client.get(f"/v1/jobs/{queued['id']}").json()
    assert later["state"] == "cancelled"
    assert later["progress"]["total"] == 0  # never started
    gone = client.get(f"/v1/jobs/{busy['id']}/result")
    assert gone.status_code == 409
    again = client.delete(f"/v1/jobs/{busy['id']}", headers=key)
    assert again.status_code == 409


def test_a_running_job_stops_at_its_next_progress_step(
    jobs: tuple[TestClient, dict[str, str]],
) -> None:
    client, key = jobs
    pairs = ["Xi'an:Duisburg", "Chengdu:Lodz", "Shanghai:Rotterdam", "Almaty:Baku"] * 4
    job = _submit(client, key, "sweep", pairs=pairs, samples=50_000, batch_size=1)
    end = time.monotonic() + 60
    while client.get(f"/v1/jobs/{job['id']}").json()["state"] == "queued":
        assert time.monotonic() < end
        time.sleep(0.05)
    assert client.delete(f"/v1/jobs/{job['id']}", headers=key).json()["state"] == "cancelled"
    time.sleep(1.0)
    final = client.get(f"/v1/jobs/{job['id']}").json()
    assert final["state"] == "cancelled"
    assert client.get(f"/v1/jobs/{job['id']}/result").status_code == 409


def test_bad_parameters_are_422_before_a_job_exists(
    jobs: tuple[TestClient, dict[str, str]],
) -> None:
    client, key = jobs
    before = len(client.get("/v1/jobs?limit=500").json()["items"])
    cases = [
        ({"kind": "sweep", "params": {"pairs": ["Xi'an:Nowhere-at-all"]}}, "pairs[0]"),
        ({"kind": "sweep", "params": {"pairs": ["Xi'an"]}}, "ORIGIN:DESTINATION"),
        ({"kind": "sweep", "params": {"pairs": ["Xi'an:Duisburg"], "scenarios": ["../x"]}}, "x"),
        (
            {"kind": "assignment", "params": {"demand": [{**SMALL[0], "cargo": "unobtainium"}]}},
            "demand[0]",
        ),
        ({"kind": "assignment", "params": {"demand": "origin,destination\nA,B\n"}}, "demand"),
        ({"kind": "appraisal", "params": {"project": "name = ", "demand": SMALL}}, "TOML"),
        ({"kind": "teleport", "params": {}}, "kind"),
        ({"kind": "sweep", "params": {"pairs": ["Xi'an:Duisburg"], "samples": 0}}, "samples"),
    ]
    for body, fragment in cases:
        r = client.post("/v1/jobs", json=body, headers=key)
        assert r.status_code in (404, 422), (body, r.text)
        assert r.headers["content-type"] == "application/problem+json"
        detail = r.json()["detail"]
        assert "\n" not in detail
        assert fragment in detail or fragment in json.dumps(r.json()), (fragment, r.json())
    assert len(client.get("/v1/jobs?limit=500").json()["items"]) == before


def test_project_paths_are_refused(jobs: tuple[TestClient, dict[str, str]]) -> None:
    client, key = jobs
    project = (
        Path(__file__).resolve().parents[3] / "examples" / "aktau_expansion.toml"
    ).read_text()
    r = client.post(
        "/v1/jobs",
        json={"kind": "appraisal", "params": {"project": project, "demand": SMALL, "draws": 0}},
        headers=key,
    )
    assert r.status_code == 422
    assert "file path" in r.json()["detail"]


def test_list_is_paginated_with_next(jobs: tuple[TestClient, dict[str, str]]) -> None:
    client, key = jobs
    for _ in range(2):
        _submit(client, key, "sweep", pairs=["Xi'an:Duisburg"], samples=10)
    first = client.get("/v1/jobs?limit=1").json()
    assert len(first["items"]) == 1
    assert first["next"] == "/v1/jobs?limit=1&offset=1"
    second = client.get(first["next"]).json()
    assert second["items"][0]["id"] != first["items"][0]["id"]
    mine = client.get("/v1/jobs?mine=true&limit=500", headers=key).json()["items"]
    assert mine
    assert all(j["owner"] == "jobs-alice" for j in mine)
    assert client.get("/v1/jobs?mine=true").status_code == 401


def test_a_stopping_server_leaves_no_job_running(
    make_client: Callable[..., TestClient], key_for: Callable[..., dict[str, str]]
) -> None:
    pairs = ["Xi'an:Duisburg", "Chengdu:Lodz", "Shanghai:Rotterdam", "Almaty:Baku"] * 4
    body = {"kind": "sweep", "params": {"pairs": pairs, "samples": 50_000, "batch_size": 1}}
    from corridor.store import Store  # noqa: PLC0415

    with make_client(shutdown_grace=0.0) as c:
        store = c.app.state.store  # type: ignore[attr-defined]
        key = key_for(c, "jobs-stopper")
        running = c.post("/v1/jobs", json=body, headers=key).json()["id"]
        queued = c.post("/v1/jobs", json=body, headers=key).json()["id"]
        end = time.monotonic() + 60
        while store.get_job(running).state == "queued":
            assert time.monotonic() < end
            time.sleep(0.05)
    with Store.open() as fresh:  # the app's store is closed with the app
        first, second = fresh.get_job(running), fresh.get_job(queued)
    assert (first.state, second.state) == ("failed", "failed")
    assert "stopped while the job ran" in first.error
    assert "stopped before the job started" in second.error


PROJECT = """name = "digital borders"
scenario = "digital-borders"
demand = "ignored.csv"
demand_year = 2030
discount_rate = 0.06
start_year = 2026
opening_year = 2027
lifetime = 10
anchors = 2
gap = 1e-3
opex_usd_per_year = 1e6

[capex]
2026 = 50e6
"""


def test_appraisal_job_equals_the_library(
    jobs: tuple[TestClient, dict[str, str]], tmp_path: Path
) -> None:
    from corridor.api.responses import finite  # noqa: PLC0415
    from corridor.appraisal.appraise import appraise  # noqa: PLC0415
    from corridor.appraisal.project import parse_project  # noqa: PLC0415

    client, key = jobs
    job = _submit(client, key, "appraisal", project=PROJECT, demand=SMALL, draws=0)
    done = wait_for(client, job["id"])
    assert done["state"] == "succeeded", done
    got = client.get(f"/v1/jobs/{job['id']}/result").json()
    (tmp_path / "ignored.csv").write_text(
        "origin,destination,cargo,volume,unit\nXi'an,Duisburg,TEU,120000,TEU\n"
        "Almaty,Baku,TEU,40000,TEU\n"
    )
    expected = appraise(parse_project(PROJECT, base_dir=tmp_path), draws=0).to_dict()
    expected = json.loads(json.dumps(finite({"projects": [expected]})))
    assert _drop_seconds(got["projects"][0]["measures"]) == _drop_seconds(
        expected["projects"][0]["measures"]
    )
    assert got["projects"][0]["cash_flows"] == expected["projects"][0]["cash_flows"]


def test_sweeps_run_on_the_dask_scheduler(jobs: tuple[TestClient, dict[str, str]]) -> None:
    """The worker's code path with CORRIDOR_DASK_SCHEDULER set (run here, not in the pool)."""
    from corridor.api.jobrun import run_with  # noqa: PLC0415

    distributed = pytest.importorskip("distributed")
    store = jobs[0].app.state.store  # type: ignore[attr-defined]
    params = {"pairs": ["Xi'an:Duisburg"], "samples": 20, "scenarios": ["base"]}
    job_id = store.create_job("sweep", {"params": params}, owner="jobs-alice")
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=False,
        protocol="tcp://",
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        assert run_with(store, job_id, cluster.scheduler_address) == "succeeded"
    assert store.job_result(job_id)["backend"].startswith("dask")


def test_a_killed_worker_fails_its_job_and_the_pool_recovers(
    make_client: Callable[..., TestClient], key_for: Callable[..., dict[str, str]]
) -> None:
    import os  # noqa: PLC0415
    import signal  # noqa: PLC0415

    pairs = ["Xi'an:Duisburg", "Chengdu:Lodz", "Shanghai:Rotterdam", "Almaty:Baku"] * 4
    body = {"kind": "sweep", "params": {"pairs": pairs, "samples": 50_000, "batch_size": 1}}
    with make_client(shutdown_grace=0.0) as c:
        store = c.app.state.store  # type: ignore[attr-defined]
        key = key_for(c, "jobs-killer")
        job_id = c.post("/v1/jobs", json=body, headers=key).json()["id"]
        end = time.monotonic() + 60
        while store.get_job(job_id).state == "queued":
            assert time.monotonic() < end
            time.sleep(0.05)
        executor = c.app.state.pool._executor  # type: ignore[attr-defined]
        for pid in list(executor._processes):
            os.kill(pid, signal.SIGKILL)
        done = wait_for(c, job_id)
        assert done["state"] == "failed", done
        assert "died" in done["error"]
        small = _submit(c, key, "sweep", pairs=["Xi'an:Duisburg"], samples=10)
        assert wait_for(c, small["id"])["state"] == "succeeded"
