"""Load on ``corridor serve``: concurrent ``GET /v1/compare`` clients plus a few jobs.

Goal (issue 12): 50 concurrent clients for 30 s of compare requests on varied pairs of the
embedded network, with a few job submissions meanwhile, on loopback: no errors, and p99
under 100 ms for compare on the 2-core machine.

The script starts ``python -m corridor serve`` on a free loopback port in a subprocess
(``--http-workers`` HTTP processes), with a temporary data directory (its SQLite store and
an API key made for the run), waits for ``/v1/health``, warms each pair once, then runs the
clients for ``--seconds``. ``--jobs`` sweep and assignment jobs are submitted at the start
(with httpx) and followed to the end. The server is stopped with SIGINT (graceful: the time
it takes is reported).

The clients run on the same machine as the server and take part of its CPU, so they are
kept cheap: one process, plain asyncio connections kept alive (HTTP/1.1), one per client,
each request pre-encoded and each answer read by its ``Content-Length``. The CPU seconds of
the client process and of the server (all its processes, job workers included) are read
from the kernel and reported as shares of the machine's cores.

The server keeps the answers of repeated questions (``CORRIDOR_RESPONSE_CACHE``, 512 by
default): after the warm-up every compare of the ten pairs is a cache hit. ``--response-cache
0`` turns that off, so that every request computes its comparison (the ``cache hits`` column
says which was measured).

Each client sends its next request as soon as the last is answered (a closed loop: latency
is then clients / throughput); ``--think-ms`` makes each wait that long in between.

Run: ``python benchmarks/bench_api_load.py [--clients 50] [--seconds 30] [--jobs 3]
[--http-workers 2] [--response-cache 0] [--think-ms 500]``; prints a markdown table.
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
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

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


def _start(
    port: int, env: dict[str, str], workers: int, http_workers: int
) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "corridor", "serve", "--port", str(port)]
    cmd += ["--workers", str(workers), "--http-workers", str(http_workers)]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _cpu_seconds(root: int) -> float | None:
    """CPU seconds (user + system) of process ``root`` and all its descendants, from /proc."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    try:
        names = [p.name for p in Path("/proc").iterdir()]
    except OSError:
        return None
    for name in names:
        if not name.isdigit():
            continue
        try:
            text = Path(f"/proc/{name}/stat").read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()
        parents[int(name)] = int(fields[1])
        times[int(name)] = (int(fields[11]) + int(fields[12])) / tick
    if root not in times:
        return None
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return sum(times[pid] for pid in tree)


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


def _requests(port: int, *, gzip: bool) -> list[bytes]:
    """The compare requests of the pairs, encoded once (HTTP/1.1, kept alive)."""
    accept = "Accept-Encoding: gzip\r\n" if gzip else ""
    return [
        (
            f"GET /v1/compare?{urlencode({'origin': o, 'destination': d})} HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{port}\r\nAccept: */*\r\n{accept}\r\n"
        ).encode()
        for o, d in PAIRS
    ]


def _head(head: bytes) -> tuple[int, int, bool, bool, bool]:
    """Status, Content-Length, whether a cache hit, whether the server closes, gzipped."""
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length, hit, close, gzipped = -1, False, False, False
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"corridor-cache":
            hit = value.strip() == b"hit"
        elif name == b"connection":
            close = value.strip().lower() == b"close"
        elif name == b"content-encoding":
            gzipped = value.strip().lower() == b"gzip"
    if length < 0:
        raise ValueError("no Content-Length")
    return status, length, hit, close, gzipped


async def _client(
    port: int, n: int, deadline: float, tally: Tally, *, requests: list[bytes], think: float = 0.0
) -> None:
    i = n
    conn: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
    while time.perf_counter() < deadline:
        request = requests[i % len(requests)]
        i += 1
        t = time.perf_counter()
        try:
            if conn is None:
                conn = await asyncio.open_connection("127.0.0.1", port)
            reader, writer = conn
            writer.write(request)
            status, length, hit, close, gzipped = _head(await reader.readuntil(b"\r\n\r\n"))
            body = await reader.readexactly(length)
            if gzipped:  # as a real client would
                zlib.decompress(body, wbits=31)
        except (
            OSError,
            ValueError,
            zlib.error,
            asyncio.IncompleteReadError,
            asyncio.LimitOverrunError,
        ) as exc:
            tally.error(type(exc).__name__)
            if conn is not None:
                conn[1].close()
            conn = None
            continue
        elapsed = time.perf_counter() - t
        if close:
            writer.close()
            conn = None
        if status == 200:
            tally.latencies.append(elapsed)
            tally.hits += hit
        else:
            tally.error(f"HTTP {status}")
        if think > 0:
            await asyncio.sleep(think)
    if conn is not None:
        conn[1].close()


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


@dataclass
class Load:
    """What one run measured."""

    tally: Tally
    jobs: list[dict[str, Any]]
    wall: float
    client_cpu: float
    server_cpu: float | None


async def _run(
    base: str,
    port: int,
    *,
    clients: int,
    seconds: float,
    jobs: int,
    key: str,
    server_pid: int,
    think: float = 0.0,
    warm: int = 1,
    gzip: bool = False,
) -> Load:
    tally = Tally()
    requests = _requests(port, gzip=gzip)
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        for origin, destination in PAIRS:  # warm: first comparison of each pair
            for _ in range(warm):  # new connections: each HTTP process has its own cache
                r = await http.get(
                    "/v1/compare",
                    params={"origin": origin, "destination": destination},
                    headers={
                        "Connection": "close",
                        "Accept-Encoding": "gzip" if gzip else "identity",
                    },
                )
                if r.status_code != 200:
                    sys.exit(
                        f"error: warm-up {origin} -> {destination}: HTTP {r.status_code} {r.text}"
                    )
        server_cpu = _cpu_seconds(server_pid)
        client_cpu = time.process_time()
        start = time.perf_counter()
        deadline = start + seconds
        job_task = asyncio.create_task(_jobs(http, jobs, key, deadline))
        await asyncio.gather(
            *(
                _client(port, n, deadline, tally, requests=requests, think=think)
                for n in range(clients)
            )
        )
        wall = time.perf_counter() - start
        client_cpu = time.process_time() - client_cpu
        after = _cpu_seconds(server_pid)
        server_cpu = None if server_cpu is None or after is None else after - server_cpu
        submitted = await job_task
    return Load(tally, submitted, wall, client_cpu, server_cpu)


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
    parser.add_argument("--http-workers", type=int, default=1, help="HTTP server processes")
    parser.add_argument(
        "--gzip",
        action="store_true",
        help="clients accept gzip (as browsers and httpx do) and decompress each answer",
    )
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
        server = _start(port, env, args.workers, args.http_workers)
        try:
            startup = _wait_up(base, server)
            load = asyncio.run(
                _run(
                    base,
                    port,
                    clients=args.clients,
                    seconds=args.seconds,
                    jobs=args.jobs,
                    key=key,
                    server_pid=server.pid,
                    think=args.think_ms / 1000,
                    warm=1 if args.http_workers == 1 else 6 * args.http_workers,
                    gzip=args.gzip,
                )
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
    tally, submitted, wall = load.tally, load.jobs, load.wall
    lat = tally.latencies
    errors = sum(tally.errors.values())
    cores = os.cpu_count() or 1
    print(
        f"machine: {platform.machine()}, {cores} CPUs, Python "
        f"{platform.python_version()}; server start {startup:.1f} s, graceful stop {stop:.1f} s; "
        f"{args.http_workers} HTTP process(es), {args.workers} job worker(s); clients "
        f"{'accept gzip' if args.gzip else 'without gzip'}"
    )
    server_cpu = (
        "n/a"
        if load.server_cpu is None
        else f"{load.server_cpu:.1f} s ({100 * load.server_cpu / (wall * cores):.0f} %)"
    )
    print(
        f"CPU during the load (share of all {cores} cores): client {load.client_cpu:.1f} s "
        f"({100 * load.client_cpu / (wall * cores):.0f} %), server and job workers {server_cpu}"
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
