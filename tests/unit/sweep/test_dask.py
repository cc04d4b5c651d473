"""Sweeps on Dask distributed agree exactly with serial runs."""

from __future__ import annotations

from functools import partial

import pytest

import corridor
from corridor.reliability.simulate import digital_borders
from corridor.sweep import BASE, SchedulerUnreachableError, SweepScenario, backends, sweep

pytest.importorskip("distributed")

PAIRS = [("Shanghai", "Rotterdam"), ("Chengdu", "Warsaw"), ("Xi'an", "Duisburg")]
DIGITAL = SweepScenario("digital", partial(digital_borders, targets="all"))


def test_local_cluster_of_two_workers_agrees_with_serial() -> None:
    net = corridor.eurasia()
    scenarios = [BASE, DIGITAL, "red-sea-closure"]
    serial = sweep(net, scenarios, PAIRS, samples=400, seed=5, batch_size=2)
    seen: list[int] = []
    dask = sweep(
        net,
        scenarios,
        PAIRS,
        samples=400,
        seed=5,
        batch_size=1,  # another partitioning too
        workers=2,
        progress=lambda _done, total: seen.append(total),
    )
    assert dask.rows == serial.rows
    assert dask.backend == "dask LocalCluster (2 process workers)"
    assert seen == [9] * 10


def test_thread_workers_agree_with_serial() -> None:
    net = corridor.eurasia()
    serial = sweep(net, [DIGITAL], PAIRS[:2], samples=300, seed=9)
    threads = sweep(net, [DIGITAL], PAIRS[:2], samples=300, seed=9, workers=2, processes=False)
    assert threads.rows == serial.rows
    assert "thread" in threads.backend


def test_unreachable_scheduler_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backends, "CONNECT_TIMEOUT_S", 1)
    with pytest.raises(SchedulerUnreachableError, match="cannot reach the Dask scheduler") as info:
        sweep(corridor.eurasia(), ["base"], PAIRS[:1], scheduler="tcp://127.0.0.1:1")
    assert "\n" not in str(info.value)


def test_a_connected_client_is_used_and_left_open() -> None:
    import distributed  # noqa: PLC0415

    net = corridor.eurasia()
    serial = sweep(net, [DIGITAL], PAIRS[2:], samples=200, seed=3)
    with (
        distributed.LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        mine = sweep(net, [DIGITAL], PAIRS[2:], samples=200, seed=3, client=client)
        assert client.status == "running"
    assert mine.rows == serial.rows
    assert mine.backend.startswith("dask ")
