"""SSE reconnect storm: 5,000 clients drop at once and come back together with Last-Event-ID.

Timeline: the streams connect; three events are published; at T every stream closes; five events
are published while nobody listens; at T + 3 s every stream reconnects with the last id it saw and
must be replayed exactly those five events. The figure is the time from the reconnect until the
last stream has received its last missed event. The bare figure: 5,000 bare streams connecting at
once (no session, no replay), i.e. the connect storm alone.
"""

from __future__ import annotations

import os
import time

from bench import sessions
from bench.cases.common import fetch, sign_in_file
from bench.cases.sse_fanout import CONNECT_LIMIT, collect, start_clients, wait_answered
from bench.harness import Result, Run

NAME = "reconnect"
TITLE = "SSE reconnect storm: 5,000 clients reconnect at once with Last-Event-ID"
STREAMS = int(os.environ.get("BENCH_RECONNECT_STREAMS", "5000"))
BEFORE, DURING = 3, 5
GAP = 3.0
AFTER = 30.0  # long enough to see every stream resume on a slow machine (the figure is the real time)


def run() -> Result:
    """Connect, publish, drop, publish, rejoin; check every stream got exactly the missed events."""
    result = Result(NAME, TITLE)
    with Run(NAME) as r:
        db = r.database("list", writable=True)
        redis = r.redis()
        server = r.server(db, redis)
        people = sessions.users(db, limit=STREAMS)
        _logins, path = sign_in_file(r, redis, people, "streams")
        bob = sign_in_file(r, redis, [sessions.named(db, "bob")], "bob")[0][0]

        def publish(i: int) -> bool:
            status, _ = fetch(server.url + "/api/questions", bob, method="POST",
                              body={"body": f"Reconnect benchmark question {i}: when is the next all-hands?"})
            return status == 201

        control = r.dir / "control-real"
        clients = start_clients(r, server.port, "/events", path, control, True, streams=STREAMS)
        wait_answered(control, clients, STREAMS, CONNECT_LIMIT)
        before = 0
        for i in range(BEFORE):
            before += publish(i)
            time.sleep(0.3)
        time.sleep(2.0)  # every stream has its cursor
        (control / "drop").touch()
        time.sleep(0.5)
        during = 0
        for i in range(DURING):
            during += publish(100 + i)
            time.sleep(0.3)
        time.sleep(max(0.0, GAP - 0.5 - 0.3 * DURING))
        (control / "rejoin").touch()
        time.sleep(AFTER)
        results = collect(control, clients)
        bare = r.bare(db, {"BARE_SSE": "queue"})
        bare_control = r.dir / "control-bare"
        bare_clients = start_clients(r, bare.port, "/bare/events", path, bare_control, False, streams=STREAMS)
        wait_answered(bare_control, bare_clients, STREAMS, CONNECT_LIMIT)
        bare_results = collect(bare_control, bare_clients)
    rejoined = [s for res in results for s in res.get("rejoin", []) if s["status"] == 200]
    complete = [s for s in rejoined if len(s["ids"]) == during]
    last = max((s["last_s"] or 0) for s in complete) if complete else None
    connected = sum(res["connected"] for res in results)
    resets = sum(res["resets"] for res in results)
    bare_all = max((res["all_connected_s"] or 0) for res in bare_results)
    result.row("all resumed after", last, "< 5 s", last is not None and last < 5 and len(complete) == STREAMS,
               bare=bare_all, unit="s")
    result.row("streams resumed with every missed event", len(complete), f"{STREAMS}", len(complete) == STREAMS)
    result.row("streams connected before the drop", connected, f"{STREAMS}", connected == STREAMS)
    result.details.update(first_connect_s=max((res["all_connected_s"] or 0) for res in results),
                          published_before=before, published_during_gap=during, rejoined=len(rejoined),
                          resets=resets,
                          statuses=[res["statuses"] for res in results],
                          short=[len(s["ids"]) for s in rejoined if len(s["ids"]) != during][:20],
                          bare_connected=sum(res["connected"] for res in bare_results))
    return result
