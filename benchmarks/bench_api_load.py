"""Load on ``corridor serve``: concurrent ``GET /v1/compare`` clients plus a few jobs.

Goal (issue 12): 50 concurrent clients for 30 s of compare requests on varied pairs of the
embedded network, with a few job submissions meanwhile, on loopback: no errors, and p99
under 100 ms for compare on the 2-core machine.

The script starts ``python -m corridor serve`` on a free loopback port in a subprocess,
with a temporary data directory (its SQLite store and an API key made for the run), waits
for ``/v1/health``, warms each pair once, then runs the clients (``httpx.AsyncClient``,
one connection each) for ``--seconds``. ``--jobs`` sweep and assignment jobs are submitted
at the start and followed to the end. The server is stopped with SIGINT (graceful: the
time it takes is reported). The clients run on the same machine as the server and take
part of its CPU: the numbers are what one such machine serves to itself.

The server keeps the answers of repeated questions (``CORRIDOR_RESPONSE_CACHE``, 512 by
default): after the warm-up every compare of the ten pairs is a cache hit. ``--response-cache
0`` turns that off, so that every request computes its comparison (the ``cache hits`` column
says which was measured).

Each client sends its next request as soon as the last is answered (a closed loop: latency
is then clients / throughput); ``--think-ms`` makes each wait that long in between.

Run: ``python benchmarks/bench_api_load.py [--clients 50] [--seconds 30] [--jobs 3]
[--response-cache 0] [--think-ms 500]``; prints a markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

PAIRS = [
    ("Xi'an", "Duisburg"),
    ("Chongqing", "Duisburg"),
    ("Chengdu", "Lodz"),
    ("Shanghai", "Rotterdam"),
    ("Zhengzhou", "Hamburg"),
    ("Almaty", "Baku"),
    ("Urumqi", "Istanbul"),
    ("Wuhan", "Prague"),
    ("Yiwu", "Madrid"),
    ("Xi'an", "Tbilisi"),
]
DEMAND = [
    {"origin": "Xi'an", "destination": "Duisburg", "teu_per_year": 120000},
    {"origin": "Chengdu", "destination": "Lodz", "teu_per_year": 90000},
    {"origin": "Almaty", "destination": "Baku", "teu_per_year": 40000},
]


@dataclass
class Tally:
    """Latencies (seconds) and errors of the compare requests."""

    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    hits: int = 0

    def error(self, what: str) -> None:
        """Count one error of kind ``what``."""
        self.errors[what] = self.errors.get(what, 0) + 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(port: int, env: dict[str, str], workers: int) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "corridor", "serve", "--port", str(port)]
    cmd += ["--workers", str(workers)]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_up(base: str, server: subprocess.Popen[bytes], timeout: float = 120.0) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if server.poll() is not None:
            err = server.stderr.read().decode() if server.stderr else ""
            sys.exit(f"error: the server stopped at start: {err.strip()}")
        try:
            if httpx.get(f"{base}/v1/health", timeout=2).status_code == 200:
                return time.perf_counter() - start
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    sys.exit(f"error: no answer from {base}/v1/health in {timeout:.0f} s")


async def _client(
    http: httpx.AsyncClient, n: int, deadline: float, tally: Tally, think: float = 0.0
) -> None:
    i = n
    while time.perf_counter() < deadline:
        origin, destination = PAIRS[i % len(PAIRS)]
        i += 1
        t = time.perf_counter()
        try:
            r = await http.get("/v1/compare", params={"origin": origin, "destination": destination})
        except httpx.HTTPError as exc:
            tally.error(type(exc).__name__)
            continue
        elapsed = time.perf_counter() - t
        if r.status_code == 200:
            tally.latencies.append(elapsed)
            tally.hits += r.headers.get("corridor-cache") == "hit"
        else:
            tally.error(f"HTTP {r.status_code}")
        if think > 0:
            await asyncio.sleep(think)


async def _jobs(
    http: httpx.AsyncClient, count: int, key: str, deadline: float
) -> list[dict[str, Any]]:
    headers = {"Authorization": f"Bearer {key}"}
    bodies: list[dict[str, Any]] = [
        {
            "kind": "sweep",
            "params": {"pairs": ["Xi'an:Duisburg", "Shanghai:Rotterdam"], "samples": 2000},
        },
        {"kind": "assignment", "params": {"demand": DEMAND, "gap": 1e-4}},
    ]
    submitted: list[dict[str, Any]] = []
    for i in range(count):
        t = time.perf_counter()
        r = await http.post("/v1/jobs", json=bodies[i % len(bodies)], headers=headers)
        submitted.append(
            {
                "kind": bodies[i % len(bodies)]["kind"],
                "status": r.status_code,
                "t0": t,
                "id": r.json().get("id") if r.status_code == 202 else None,
            }
        )
    pending = [j for j in submitted if j["id"]]
    while pending and time.perf_counter() < deadline + 120:
        await asyncio.sleep(0.5)
        for job in list(pending):
            state = (await http.get(f"/v1/jobs/{job['id']}")).json()["state"]
            if state in ("succeeded", "failed", "cancelled"):
                job["state"], job["seconds"] = state, time.perf_counter() - job["t0"]
                pending.remove(job)
    for job in pending:
        job["state"] = "unfinished"
    return submitted


async def _run(
    base: str, clients: int, seconds: float, jobs: int, key: str, *, think: float = 0.0
) -> tuple[Tally, list[dict[str, Any]], float]:
    tally = Tally()
    limits = httpx.Limits(max_connections=clients + 4, max_keepalive_connections=clients + 4)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as http:
        for origin, destination in PAIRS:  # warm: first comparison of each pair
            r = await http.get("/v1/compare", params={"origin": origin, "destination": destination})
            if r.status_code != 200:
                sys.exit(f"error: warm-up {origin} -> {destination}: HTTP {r.status_code} {r.text}")
        start = time.perf_counter()
        deadline = start + seconds
        job_task = asyncio.create_task(_jobs(http, jobs, key, deadline))
        await asyncio.gather(*(_client(http, n, deadline, tally, think) for n in range(clients)))
        wall = time.perf_counter() - start
        submitted = await job_task
    return tally, submitted, wall


def _ms(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    """Start the server, load it, stop it, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--jobs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1, help="job worker processes")
    parser.add_argument(
        "--think-ms", type=float, default=0.0, help="pause of each client between requests"
    )
    parser.add_argument(
        "--response-cache", type=int, default=512, help="answers kept (0: compute each)"
    )
    args = parser.parse_args()
    from corridor.store import Store  # noqa: PLC0415

    with tempfile.TemporaryDirectory(prefix="corridor-load-") as tmp:
        env = {
            **os.environ,
            "CORRIDOR_DATA_DIR": tmp,
            "CORRIDOR_SHUTDOWN_GRACE": "30",
            "CORRIDOR_RESPONSE_CACHE": str(args.response_cache),
        }
        env.pop("CORRIDOR_DATABASE_URL", None)
        with Store.open(f"sqlite:///{Path(tmp) / 'corridor.sqlite3'}") as store:
            key = store.create_key("load-test")
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = _start(port, env, args.workers)
        try:
            startup = _wait_up(base, server)
            tally, submitted, wall = asyncio.run(
                _run(base, args.clients, args.seconds, args.jobs, key, think=args.think_ms / 1000)
            )
        finally:
            t = time.perf_counter()
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            stop = time.perf_counter() - t
    lat = tally.latencies
    errors = sum(tally.errors.values())
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}; server start {startup:.1f} s, graceful stop {stop:.1f} s"
    )
    print()
    print(
        "| clients | seconds | compare requests | cache hits | errors | req/s | p50 (ms) "
        "| p90 (ms) | p99 (ms) | max (ms) |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(
        f"| {args.clients} | {wall:.1f} | {len(lat):,} | {tally.hits:,} | {errors} | "
        f"{len(lat) / wall:,.1f} | "
        f"{_ms(lat, 0.50):.1f} | {_ms(lat, 0.90):.1f} | {_ms(lat, 0.99):.1f} | "
        f"{1000 * max(lat, default=float('nan')):.1f} |"
    )
    if tally.errors:
        print()
        print("errors: " + ", ".join(f"{k}: {v}" for k, v in sorted(tally.errors.items())))
    if submitted:
        print()
        print("| job | submit status | final state | seconds to finish |")
        print("| --- | ---: | --- | ---: |")
        for job in submitted:
            secs = job.get("seconds")
            print(
                f"| {job['kind']} | {job['status']} | {job.get('state', '-')} | "
                f"{'-' if secs is None else f'{secs:.1f}'} |"
            )
    if lat:
        print()
        print(f"mean {1000 * statistics.fmean(lat):.1f} ms over {len(lat):,} compare requests")


if __name__ == "__main__":
    main()
