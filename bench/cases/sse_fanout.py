"""SSE fan-out: 10,000 open streams on one process, one event per second.

Clients run in separate processes (bench/sse_client.py, 5,000 streams each), one signed-in person
per stream. After a connect window, one question is published per second (POST /api/questions by
another user, which the bus sends to every stream as `question:created`); each client measures the
delay from the event's timestamp (set when the server published it) to the frame's arrival. The
bare run does the same against bench/bare_app.py (a bounded queue per client, no filter, no Redis).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import threading
import time
import urllib.request
from pathlib import Path

from bench import procs, sessions
from bench.cases.common import fetch, sign_in_file
from bench.harness import Result, Run

NAME = "sse"
TITLE = "SSE fan-out: 10,000 open streams on one process, one event per second"
STREAMS = int(os.environ.get("BENCH_SSE_STREAMS", "10000"))
CLIENT_PROCS = 2
CONNECT_LIMIT = 90.0  # seconds the connect phase may take before events are published anyway
EVENTS = 15
GRACE = 10.0  # seconds after the last event before the clients stop (late deliveries still count)
HARD_LIMIT = 400.0


def percentile(values: list[float], p: float) -> float | None:
    """The p-th percentile (nearest rank)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


class RssSampler(threading.Thread):
    """Samples a process's RSS every half second."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.samples, self._halt = pid, [], threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            try:
                self.samples.append((time.time(), procs.rss_mb(self.pid)))
            except OSError:
                return
            self._halt.wait(0.5)

    def stop(self) -> list[tuple[float, float]]:
        """Stop and return (time, MB) samples."""
        self._halt.set()
        self.join(timeout=5)
        return self.samples


def start_clients(r: Run, port: int, path: str, sessions_file: str, control: Path, cookies: bool,
                  streams: int = STREAMS) -> list[procs.Proc]:
    """CLIENT_PROCS client processes sharing `streams` streams, steered through files in `control`."""
    control.mkdir(parents=True, exist_ok=True)
    share = streams // CLIENT_PROCS
    clients = []
    for i in range(CLIENT_PROCS):
        argv = [sys.executable, "-m", "bench.sse_client", "--port", str(port), "--path", path, "--sessions",
                sessions_file, "--start", str(i * share), "--count", str(share), "--control", str(control),
                "--until", f"{time.time() + HARD_LIMIT:.3f}", *([] if cookies else ["--no-cookies"])]
        clients.append(r.stack.add(procs.Proc(f"sse-client-{control.name}-{i}", argv, log_dir=r.dir)))
    return clients


def wait_answered(control: Path, clients: list[procs.Proc], streams: int, timeout: float) -> None:
    """Until every stream got an answer (200 or a refusal), or `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(c.alive() for c in clients):
        done = 0
        for f in control.glob("progress-*.json"):
            try:
                done += json.loads(f.read_text())["done"]
            except (ValueError, KeyError, OSError):
                pass
        if done >= streams:
            return
        time.sleep(0.25)


def collect(control: Path, clients: list[procs.Proc]) -> list[dict]:
    """Tell the clients to stop, wait for them (bounded) and parse their JSON lines."""
    (control / "stop").touch()
    out = []
    for client in clients:
        client.proc.wait(timeout=60)
        out.append(json.loads(client.tail(50_000_000).strip().splitlines()[-1]))
    return out


def measure(r: Run, server: procs.Server, path: str, sessions_file: str, cookies: bool, publish, label: str) -> dict:
    """Connect STREAMS streams, publish EVENTS events one second apart, return the figures."""
    control = r.dir / f"control-{label}"
    sampler = RssSampler(server.pid)
    sampler.start()
    clients = start_clients(r, server.port, path, sessions_file, control, cookies)
    wait_answered(control, clients, STREAMS, CONNECT_LIMIT)
    connected_at = time.time()
    published = 0
    for i in range(EVENTS):
        time.sleep(max(0.0, connected_at + i - time.time()))
        published += bool(publish(i))
    time.sleep(GRACE)
    results = collect(control, clients)
    rss = sampler.stop()
    delays = [d for res in results for d in res["delays_ms"]]
    connected = sum(res["connected"] for res in results)
    statuses: dict[str, int] = {}
    for res in results:
        for k, v in res["statuses"].items():
            statuses[k] = statuses.get(k, 0) + v
    return {
        "streams": STREAMS, "connected": connected, "statuses": statuses,
        "all_connected_s": max((res["all_connected_s"] or 0) for res in results) if connected else None,
        "ended_early": sum(res["ended_early"] for res in results), "published": published,
        "expected_deliveries": connected * published, "deliveries": len(delays),
        "p50_ms": percentile(delays, 50), "p99_ms": percentile(delays, 99), "max_ms": max(delays) if delays else None,
        "mean_ms": round(statistics.fmean(delays), 1) if delays else None,
        "rss_max_mb": round(max(mb for _, mb in rss), 1) if rss else None,
        "rss_after_connect_mb": next((round(mb, 1) for t, mb in rss if t >= connected_at), None),
    }


def run() -> Result:
    """Bare first, then the real server, each with STREAMS streams and EVENTS events."""
    result = Result(NAME, TITLE)
    with Run(NAME) as r:
        db = r.database("list", writable=True)
        redis = r.redis()
        server = r.server(db, redis, extra={"SSE_HEARTBEAT_SECONDS": "30"})
        people = sessions.users(db, limit=STREAMS)
        _logins, path = sign_in_file(r, redis, people, "streams")
        bob = sign_in_file(r, redis, [sessions.named(db, "bob")], "bob")[0][0]
        bare = r.bare(db, {"BARE_SSE": "queue"})

        def bare_publish(i: int) -> bool:
            with urllib.request.urlopen(urllib.request.Request(bare.url + "/bare/publish", data=b"", method="POST"),
                                        timeout=30) as response:
                return response.status == 200

        def real_publish(i: int) -> bool:
            status, _ = fetch(server.url + "/api/questions", bob, method="POST",
                              body={"body": f"Fan-out benchmark question number {i}: what is next for the roadmap?"})
            return status == 201

        bare_fig = measure(r, bare, "/bare/events", path, False, bare_publish, "bare")
        r.stop(bare)
        real = measure(r, server, "/events", path, True, real_publish, "real")
    lost = real["expected_deliveries"] - real["deliveries"]
    result.row("p99 delivery", real["p99_ms"], "< 500 ms", real["p99_ms"] is not None and real["p99_ms"] < 500,
               bare=bare_fig["p99_ms"], unit="ms")
    result.row("streams connected", real["connected"], f"{STREAMS}", real["connected"] == STREAMS,
               bare=bare_fig["connected"])
    result.row("all connected after", real["all_connected_s"], "< 15 s",
               real["connected"] == STREAMS and (real["all_connected_s"] or 99) < 15, bare=bare_fig["all_connected_s"],
               unit="s")
    result.row("streams dropped / events missed", real["ended_early"] + max(0, lost), "0",
               real["ended_early"] == 0 and lost == 0 and real["published"] == EVENTS)
    result.row("server RSS (max)", real["rss_max_mb"], "< 400 MB", (real["rss_max_mb"] or 999) < 400,
               bare=bare_fig["rss_max_mb"], unit="MB")
    result.details.update(real=real, bare=bare_fig)
    return result
