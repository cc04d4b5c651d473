"""A process killed inside ``finish_job`` loses no finished result and leaves no half one.

A child process opens the store, finishes one job, then starts a second and is killed
(SIGKILL) inside the transaction of its ``finish_job``, after the result row is written
and before the commit (the ``CORRIDOR_STORE_TEST_FINISH_PAUSE`` hook). On SQLite and on
PostgreSQL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from corridor.store import StateError, Store
from corridor.store.models import ResultRow
from corridor.store.store import FINISH_PAUSE_ENV

CHILD = """
import os, sys
from corridor.store import Store
from corridor.store.store import FINISH_PAUSE_ENV

url, flag, ids = sys.argv[1], sys.argv[2], sys.argv[3]
store = Store.open(url)
first = store.create_job("sweep", {"pairs": 100}, owner="team-a")
store.start_job(first)
store.set_progress(first, 50, 100, "half way")
store.finish_job(first, {"rows": list(range(100)), "note": "complete"})
second = store.create_job("sweep", {"pairs": 100}, owner="team-a")
store.start_job(second)
store.set_progress(second, 99, 100, "nearly")
with open(ids, "w") as f:
    f.write(first + " " + second)
os.environ[FINISH_PAUSE_ENV] = flag
store.finish_job(second, {"rows": list(range(100)), "note": "never committed"})
raise SystemExit("the pause hook did not stop finish_job")
"""

WAIT_S = 120.0


def test_a_kill_inside_finish_job_leaves_no_half_written_result(
    store_url: str, tmp_path: Path
) -> None:
    Store.open(store_url).close()  # migrate first: the child's migration is not under test
    flag, ids = tmp_path / "paused", tmp_path / "ids"
    env = {k: v for k, v in os.environ.items() if k != FINISH_PAUSE_ENV}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, store_url, str(flag), str(ids)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + WAIT_S
        while not flag.exists():
            if child.poll() is not None or time.monotonic() > deadline:
                _, stderr = child.communicate(timeout=10)
                pytest.fail(f"the child never paused in finish_job: {stderr[-2000:]}")
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        if child.poll() is None:
            child.kill()
        child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL
    first, second = ids.read_text().split()

    with Store.open(store_url) as store:
        # the finished job keeps its whole result
        assert store.get_job(first).state == "succeeded"
        assert store.job_result(first) == {"rows": list(range(100)), "note": "complete"}
        # the killed one: not succeeded, no result row
        job = store.get_job(second)
        assert job.state == "running"
        assert (job.progress.done, job.progress.message) == (99, "nearly")
        with Session(store._engine) as session:
            assert session.scalar(select(ResultRow).where(ResultRow.job_id == second)) is None
        assert store.count("results") == 1
        with pytest.raises(StateError, match="running"):
            store.job_result(second)
        # at server start it is marked failed; the finished one is untouched
        assert store.fail_interrupted() == 1
        job = store.get_job(second)
        assert job.state == "failed"
        assert "interrupted" in job.error
        assert store.fail_interrupted() == 0
        assert store.job_result(first)["note"] == "complete"
        # and the store still takes writes (no lock left behind)
        third = store.create_job("sweep", {}, owner=None)
        store.start_job(third)
        store.finish_job(third, {"ok": True})
        assert store.job_result(third) == {"ok": True}
