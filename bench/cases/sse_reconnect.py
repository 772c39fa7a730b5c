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
from bench.cases.sse_fanout import collect, start_clients
from bench.harness import Result, Run

NAME = "reconnect"
TITLE = "SSE reconnect storm: 5,000 clients reconnect at once with Last-Event-ID"
STREAMS = int(os.environ.get("BENCH_RECONNECT_STREAMS", "5000"))
CONNECT_WINDOW = 15.0
BEFORE, DURING = 3, 5
GAP = 3.0
AFTER = 10.0


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

        start = time.time()
        drop_at = start + CONNECT_WINDOW + BEFORE + 1
        rejoin_at = drop_at + GAP
        until = rejoin_at + AFTER
        clients = start_clients(r, server.port, "/events", path, until, True,
                                extra=["--drop-at", f"{drop_at:.3f}", "--rejoin-at", f"{rejoin_at:.3f}"],
                                streams=STREAMS)
        time.sleep(max(0.0, start + CONNECT_WINDOW - time.time()))
        before = sum(publish(i) for i in range(BEFORE))
        time.sleep(max(0.0, drop_at + 0.3 - time.time()))
        during = 0
        for i in range(DURING):
            during += publish(100 + i)
            time.sleep(0.3)
        results = collect(clients, until)
        bare = r.bare(db, {"BARE_SSE": "queue"})
        bare_start = time.time()
        bare_clients = start_clients(r, bare.port, "/bare/events", path, bare_start + 12, False, streams=STREAMS)
        bare_results = collect(bare_clients, bare_start + 12)
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
    result.details.update(published_before=before, published_during_gap=during, rejoined=len(rejoined),
                          resets=resets, first_connect_s=max((res["all_connected_s"] or 0) for res in results),
                          statuses=[res["statuses"] for res in results],
                          short=[len(s["ids"]) for s in rejoined if len(s["ids"]) != during][:20],
                          bare_connected=sum(res["connected"] for res in bare_results))
    return result
