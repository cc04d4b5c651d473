"""``corridor serve --http-workers 2``: two HTTP processes, one store, each job run once.

Starts the real server (uvicorn's multi-process mode) on a free loopback port, sends
compares on fresh connections (spread over both processes), submits jobs, and stops it
with SIGINT: every job has ended, each once, and no process is left behind.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the API needs the api extra: pip install 'corridor[api]'")
httpx = pytest.importorskip("httpx", reason="the test client needs httpx")

JOB = {"kind": "sweep", "params": {"pairs": ["Xi'an:Duisburg"], "samples": 200}}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _descendants(root: int) -> set[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                text = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(text[text.rindex(")") + 2 :].split()[1])
    tree: set[int] = {root}
    while more := {p for p, parent in parents.items() if parent in tree} - tree:
        tree |= more
    return tree - {root}


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_up(base: str, server: subprocess.Popen[str]) -> None:
    end = time.monotonic() + 120
    while time.monotonic() < end:
        assert server.poll() is None, server.communicate()[1]
        try:
            if httpx.get(f"{base}/v1/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    pytest.fail("the server did not answer in 120 s")


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads processes from /proc")
def test_two_http_processes_share_the_store_and_stop_cleanly(tmp_path: Path) -> None:
    from corridor.store import Store  # noqa: PLC0415

    with Store.open(f"sqlite:///{tmp_path / 'corridor.sqlite3'}") as store:
        token = store.create_key("serve-test")
    key = {"Authorization": f"Bearer {token}"}
    env = {**os.environ, "CORRIDOR_DATA_DIR": str(tmp_path), "CORRIDOR_PRESTART_WORKERS": "0"}
    env.pop("CORRIDOR_DATABASE_URL", None)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "corridor", "serve", "--port", str(port), "--http-workers", "2"]
    server = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        _wait_up(base, server)
        query = {"origin": "Chengdu", "destination": "Lodz"}
        caches = []
        for _ in range(8):  # a new connection each: either process may answer
            r = httpx.get(f"{base}/v1/compare", params=query, headers={"Connection": "close"})
            assert r.status_code == 200, r.text
            caches.append(r.headers["corridor-cache"])
        assert caches[0] == "miss"
        assert caches.count("miss") <= 2  # one per process at most
        ids = []
        for _ in range(4):
            r = httpx.post(f"{base}/v1/jobs", json=JOB, headers=key, timeout=30)
            assert r.status_code == 202, r.text
            ids.append(r.json()["id"])
        jobs: dict[str, dict[str, Any]] = {}
        end = time.monotonic() + 180
        while len(jobs) < len(ids) and time.monotonic() < end:
            for job_id in set(ids) - set(jobs):
                job = httpx.get(f"{base}/v1/jobs/{job_id}", headers=key, timeout=30).json()
                if job["state"] in ("succeeded", "failed", "cancelled"):
                    jobs[job_id] = job
            time.sleep(0.3)
        assert [jobs[i]["state"] for i in ids] == ["succeeded"] * 4, jobs
        for job_id in ids:
            result = httpx.get(f"{base}/v1/jobs/{job_id}/result", headers=key, timeout=30)
            assert result.status_code == 200, result.text
        children = _descendants(server.pid)
        assert len(children) >= 3  # two HTTP processes and at least one job worker
    finally:
        server.send_signal(signal.SIGINT)
        try:
            out, err = server.communicate(timeout=90)
        except subprocess.TimeoutExpired:
            server.kill()
            out, err = server.communicate()
            pytest.fail(f"no graceful stop in 90 s: {err}")
    assert server.returncode == 0, err
    assert "2 HTTP processes" in out
    time.sleep(1)
    assert not [pid for pid in children if _alive(pid)], "processes left behind"
    with Store.open(f"sqlite:///{tmp_path / 'corridor.sqlite3'}") as store:
        for job_id in ids:
            job = store.get_job(job_id)
            assert job.state == "succeeded"
            assert store.job_result(job_id)
