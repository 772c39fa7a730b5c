"""Profile the real server under one benchmark's load with py-spy (sampling, no code changes).

`python -m bench.profile list|upvote|submit|search|pulse|sse|reconnect [--seconds 10]` starts the same stack as
the benchmark, drives it with wrk (`pulse`: triggers one send for 10,000 people and samples while
the worker delivers to the SMTP sink; `sse`: 10,000 streams connecting at once; `reconnect`: 5,000 dropped
streams coming back at once with Last-Event-ID), records the server with `py-spy record --format raw` and prints
the functions holding the most samples (inclusive and self), so a slow path shows its cause.
The collapsed stacks are kept in the printed folder for a flame graph.
"""

from __future__ import annotations

import argparse
import collections
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench import sessions, wrk
from bench.cases import pulse_send, sse_fanout, sse_reconnect
from bench.cases.common import fetch, sign_in_file
from bench.harness import Run

LOADS = {
    "list": ("get", {"PATH": "/api/questions?status=open&sort=top&pageSize=50"}, "alice", 64),
    "search": ("get", {"PATH": "/api/questions?search=remote%20work%20pol&pageSize=20"}, "alice", 16),
    "upvote": ("upvote", {}, "bench", 64),
    "submit": ("submit", {}, "bench", 64),
    "pulse": ("", {}, "admin", 0),
    "sse": ("", {}, "streams", 0),
    "reconnect": ("", {}, "streams", 0),
}


def summarise(raw: Path, top: int = 25) -> str:
    """The heaviest frames of collapsed stacks: inclusive and self sample counts."""
    inclusive: collections.Counter = collections.Counter()
    own: collections.Counter = collections.Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = stack.split(";")
        for frame in set(frames):
            inclusive[frame] += n
        own[frames[-1]] += n
    out = [f"{total} samples", "", "inclusive:"]
    out += [f"{n / total:6.1%}  {f}" for f, n in inclusive.most_common(top)]
    out += ["", "self:"]
    out += [f"{n / total:6.1%}  {f}" for f, n in own.most_common(top)]
    return "\n".join(out)


def main() -> None:
    """Start the stack, load it, sample it, print the summary."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("load", choices=sorted(LOADS))
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--db", default="list")
    parser.add_argument("--native", action="store_true", help="include C frames (psycopg2, libpq)")
    args = parser.parse_args()
    script, consts, who, connections = LOADS[args.load]
    spy = shutil.which("py-spy") or shutil.which("py-spy", path=str(Path(sys.executable).parent))
    if spy is None:
        raise SystemExit("py-spy is not installed: pip install py-spy")
    r = Run(f"profile-{args.load}")
    try:
        db = r.database("search" if args.load == "search" else args.db,
                        writable=args.load in ("upvote", "submit", "pulse", "reconnect"))
        redis = r.redis()
        if args.load == "pulse":
            pulse_send.prepare(db)
            server = r.server(db, redis, r.sink())
        else:
            server = r.server(db, redis)
        people = ([sessions.named(db, who)] if who in ("alice", "admin")
                  else sessions.users(db, limit=sse_fanout.STREAMS) if who == "streams" else sessions.users(db))
        _logins, path = sign_in_file(r, redis, people, who)
        if args.load in ("upvote", "submit"):
            hot = [q[0] for q in __import__("bench.scratch", fromlist=["x"]).query(
                db, "SELECT id FROM question WHERE status = 'OPEN' ORDER BY upvotes DESC LIMIT 5")]
            team = hot and __import__("bench.scratch", fromlist=["x"]).query(
                db, "SELECT team_id FROM question WHERE id = %(id)s", {"id": hot[0]})[0][0]
            consts = {**consts, "HOT": hot, "TEAM": team}
        raw = r.dir / f"{args.load}.raw"
        if args.load == "pulse":  # the send itself first; the samples are of the worker delivering the backlog
            fetch(server.url + "/api/admin/pulse/trigger", _logins[0], method="POST", body={}, timeout=600)
            load = threading.Thread(target=lambda: None)
        elif args.load == "reconnect":  # 5,000 streams dropped, five events missed, every stream back at once
            control = r.dir / "control"
            clients = sse_fanout.start_clients(r, server.port, "/events", str(path), control, cookies=True,
                                               streams=sse_reconnect.STREAMS)
            sse_fanout.wait_answered(control, clients, sse_reconnect.STREAMS, sse_fanout.CONNECT_LIMIT)
            bob = sign_in_file(r, redis, [sessions.named(db, "bob")], "bob")[0][0]
            time.sleep(1.0)
            (control / "drop").touch()
            for i in range(sse_reconnect.DURING):
                fetch(server.url + "/api/questions", bob, method="POST", body={"body": f"Profiled reconnect question {i}?"})
            time.sleep(1.0)
            load = threading.Thread(target=lambda: (time.sleep(0.5), (control / "rejoin").touch()))
        elif args.load == "sse":  # the connect storm: 10,000 streams opening at once
            clients = sse_fanout.start_clients(r, server.port, "/events", str(path), r.dir / "control", cookies=True)
            load = threading.Thread(target=sse_fanout.wait_answered,
                                    args=(r.dir / "control", clients, sse_fanout.STREAMS, args.seconds + 30))
        else:
            load = threading.Thread(target=wrk.run, args=(server.url, script), daemon=True, kwargs={
                "connections": connections, "seconds": args.seconds + 2, "folder": r.dir,
                "constants": {**consts, "SESSIONS": path}})
        load.start()
        subprocess.run([spy, "record", "--pid", str(server.pid), "--duration", str(args.seconds), "--rate", "200",
                        "--format", "raw", "--output", str(raw), *(["--native"] if args.native else ["--nonblocking"])], check=True,
                       capture_output=True, timeout=args.seconds + 60)
        load.join(timeout=args.seconds + 60)
        print(summarise(raw))
        print(f"\ncollapsed stacks: {raw}")
    finally:
        r.close(keep=True)


if __name__ == "__main__":
    main()
