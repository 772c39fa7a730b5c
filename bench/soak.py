"""The soak: mixed traffic at half the measured capacity for 30 minutes; memory flat, no error.

`python -m bench.soak [--minutes 30] [--fraction 0.5] [--streams 200]` (what `make soak` runs; not
in CI). It starts the same prod-profile stack as the benchmarks on a throwaway copy of the list
database, then a load process sends an open-loop (fixed-rate) mix: 70 % list pages, 15 % upvotes,
10 % searches, 5 % new questions, while `--streams` SSE streams stay open. The rate is `fraction`
of the capacity the last `python -m bench` measured for that mix (bench/results/*.json).

Pass criteria: no failed request and no dropped stream; RSS at the end within 10 % (or 20 MB) of
the RSS after the first five minutes (the warm-up). The result goes to bench/results/soak.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from pathlib import Path

from bench import procs, report, sessions
from bench.cases.common import sign_in_file
from bench.cases.sse_fanout import RssSampler
from bench.cases.upvote import hot_sets
from bench.harness import Result, Run

MIX = {"list": 0.70, "upvote": 0.15, "search": 0.10, "submit": 0.05}
FALLBACK = {"list": 90.0, "upvote": 300.0, "search": 25.0, "submit": 160.0}  # this machine, 2026-11
WARM_UP = 300.0


def capacity() -> tuple[float, dict]:
    """Requests/s the server sustains for MIX, from the last recorded benchmark figures."""
    caps = dict(FALLBACK)
    sources = {"list": ("list", "requests/s"), "upvote": ("upvote", "upvotes/s"),
               "search": ("search", "requests/s, 16 connections"), "submit": ("submit", "questions/s")}
    for kind, (name, metric) in sources.items():
        path = report.RESULTS / f"{name}.json"
        if path.exists():
            rows = {r["metric"]: r["real"] for r in json.loads(path.read_text())["rows"]}
            if rows.get(metric):
                caps[kind] = rows[metric]
    return 1.0 / sum(share / caps[kind] for kind, share in MIX.items()), caps


async def load(args) -> dict:
    """The load process: fixed-rate mix plus open streams; returns counts per kind and status."""
    import aiohttp

    logins = [line.split("\t") for line in Path(args.sessions).read_text().splitlines()]
    hot = args.hot.split(",")
    counts: dict[str, int] = {}
    drops = 0
    stop_at = time.time() + args.seconds
    pairs = iter(range(10**9))

    async def one(session, kind: str) -> None:
        cookie, csrf, _uid = random.choice(logins)
        headers = {"Cookie": cookie, "X-CSRF-Token": csrf}
        if kind == "list":
            call = session.get(args.url + "/api/questions?pageSize=50", headers=headers)
        elif kind == "search":
            call = session.get(args.url + "/api/questions?search=" + random.choice(("remote wo", "budget", "offsite")),
                               headers=headers)
        elif kind == "upvote":
            k = next(pairs)
            cookie, csrf, _uid = logins[(k // len(hot)) % len(logins)]
            call = session.post(f"{args.url}/api/questions/{hot[k % len(hot)]}/upvote",
                                headers={"Cookie": cookie, "X-CSRF-Token": csrf})
        else:
            call = session.post(args.url + "/api/questions", headers=headers,
                                json={"body": f"Soak question {time.time():.6f}: what about the roadmap?"})
        try:
            async with call as response:
                await response.read()
                key = f"{kind} {response.status}"
        except Exception as exc:
            key = f"{kind} {type(exc).__name__}"
        counts[key] = counts.get(key, 0) + 1

    async def stream(session, cookie: str) -> None:
        nonlocal drops
        while time.time() < stop_at:
            try:
                async with session.get(args.url + "/events", headers={"Cookie": cookie},
                                       timeout=aiohttp.ClientTimeout(total=None, sock_read=90)) as response:
                    async for _line in response.content:
                        if time.time() >= stop_at:
                            return
            except Exception:
                pass
            if time.time() < stop_at:
                drops += 1
                await asyncio.sleep(1)

    connector = aiohttp.TCPConnector(limit=256)
    async with aiohttp.ClientSession(connector=connector) as session:
        streams = [asyncio.create_task(stream(session, logins[-1 - i][0])) for i in range(args.streams)]
        pending: set[asyncio.Task] = set()
        kinds, weights = list(MIX), list(MIX.values())
        started = time.time()
        n = 0
        while time.time() < stop_at:
            n += 1
            await asyncio.sleep(max(0.0, started + n / args.rate - time.time()))
            task = asyncio.create_task(one(session, random.choices(kinds, weights)[0]))
            pending.add(task)
            task.add_done_callback(pending.discard)
        await asyncio.gather(*pending, return_exceptions=True)
        for task in streams:
            task.cancel()
        await asyncio.gather(*streams, return_exceptions=True)
    return {"counts": counts, "stream_drops": drops, "sent": n}


def run(minutes: float, fraction: float, streams: int) -> Result:
    """Start the stack, run the load process, sample memory, judge."""
    rate_full, caps = capacity()
    rate = max(1.0, rate_full * fraction)
    result = Result("soak", f"Soak: {minutes:g} min of mixed traffic at {fraction:.0%} of capacity ({rate:.0f} req/s)")
    with Run("soak") as r:
        db = r.database("list", writable=True)
        redis = r.redis()
        sink = r.sink()
        server = r.server(db, redis, sink)
        _logins, path = sign_in_file(r, redis, sessions.users(db), "bench")
        hot = [q for group in hot_sets(db, 4) for q in group]  # 20 questions of `default`, upvotes cleared
        sampler = RssSampler(server.pid)
        sampler.start()
        seconds = minutes * 60
        worker = r.stack.add(procs.Proc("soak-load", [sys.executable, "-m", "bench.soak", "--worker", "--url", server.url,
                                                      "--sessions", path, "--hot", ",".join(hot), "--rate", f"{rate:.2f}",
                                                      "--seconds", f"{seconds:.0f}", "--streams", str(streams)],
                                        log_dir=r.dir))
        worker.proc.wait(timeout=seconds + 300)
        samples = sampler.stop()
        outcome = json.loads(worker.tail(1_000_000).strip().splitlines()[-1])
    start = samples[0][0] if samples else 0
    warm = [mb for t, mb in samples if t - start >= min(WARM_UP, seconds / 3)]
    first, last = (warm[0], warm[-1]) if warm else (0.0, 0.0)
    failed = {k: v for k, v in outcome["counts"].items() if k.split()[1] not in ("200", "201")}
    result.row("failed requests", sum(failed.values()), "0", not failed)
    result.row("dropped streams", outcome["stream_drops"], "0", outcome["stream_drops"] == 0)
    result.row("RSS growth after warm-up", last - first, "≤ 10 % or 20 MB",
               last - first <= max(20.0, 0.1 * first), unit="MB")
    result.details.update(rate=rate, capacity=rate_full, capacities=caps, outcome=outcome, rss_first_mb=first,
                          rss_last_mb=last, rss_max_mb=max((mb for _, mb in samples), default=None), failed=failed)
    return result


def main() -> int:
    """`python -m bench.soak` (parent) or `--worker` (the load process)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--fraction", type=float, default=0.5)
    parser.add_argument("--streams", type=int, default=200)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    for name in ("--url", "--sessions", "--hot"):
        parser.add_argument(name, help=argparse.SUPPRESS)
    parser.add_argument("--rate", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(asyncio.run(load(args))), flush=True)
        return 0
    result = run(args.minutes, args.fraction, args.streams)
    report.save(result)
    print(json.dumps({"rows": [[r.metric, r.real, r.target, r.met] for r in result.rows], "details": result.details},
                     default=str))
    return 0 if all(r.met for r in result.rows) else 1


if __name__ == "__main__":
    sys.exit(main())
