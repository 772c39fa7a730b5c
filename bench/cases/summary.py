"""GET /api/pulse/summary?range=12w over 12 weeks of pulse answers from 2,000 people (one client)."""

from __future__ import annotations

from bench import scratch, sessions, wrk
from bench.cases.common import ROUNDS, combine, fetch, sign_in_file
from bench.harness import Result, Run

NAME = "summary"
TITLE = "Pulse summary for 12 weeks × 2,000 people (GET /api/pulse/summary?range=12w), one client"
SECONDS = 8
PATH = "/api/pulse/summary?range=12w"


def run() -> Result:
    """Latency of the summary for one client (an admin opening the dashboard), real and bare."""
    result = Result(NAME, TITLE)
    with Run(NAME) as r:
        db = r.database("list", writable=False)
        redis = r.redis()
        server = r.server(db, redis)
        admin = sessions.named(db, "admin")
        logins, path = sign_in_file(r, redis, [admin], "admin")
        status, body = fetch(server.url + PATH, logins[0])
        if status != 200 or not isinstance(body, dict):
            raise RuntimeError(f"GET {PATH} answered {status}: {str(body)[:300]}")
        volume = scratch.query(db, "SELECT (SELECT count(*) FROM pulse_response), (SELECT count(*) FROM pulse_invite)")[0]
        bare = r.bare(db, {"BARE_TENANT": admin[1]})
        sides = {"real": [], "bare": []}
        for _ in range(ROUNDS):
            sides["bare"].append(wrk.run(bare.url, "get", connections=1, threads=1, seconds=SECONDS / ROUNDS,
                                         constants={"PATH": "/bare/pulse/summary"}, folder=r.dir))
            sides["real"].append(wrk.run(server.url, "get", connections=1, threads=1, seconds=SECONDS / ROUNDS,
                                         constants={"PATH": PATH, "SESSIONS": path}, folder=r.dir))
    real, bare_side = combine(sides["real"]), combine(sides["bare"])
    result.row("p50 latency", real["p50_ms"], "< 200 ms", real["p50_ms"] < 200, bare=bare_side["p50_ms"], unit="ms")
    result.row("p99 latency", real["p99_ms"], "< 200 ms", real["p99_ms"] < 200, bare=bare_side["p99_ms"], unit="ms")
    result.details.update(real=real, bare=bare_side, responses=volume[0], invites=volume[1],
                          summary_totals=body.get("summary", {}).get("totalResponses"))
    return result
