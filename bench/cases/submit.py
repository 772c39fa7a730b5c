"""POST /api/questions: submit a question (moderation filter included), 64 connections."""

from __future__ import annotations

from bench import scratch, sessions, wrk
from bench.cases.common import alternate, sign_in_file
from bench.harness import Result, Run

NAME = "submit"
TITLE = "POST /api/questions (moderation filter included), 64 connections"
CONNECTIONS = 64
SECONDS = 8


def run() -> Result:
    """Alternate bare and real rounds; every request is a different user and text."""
    result = Result(NAME, TITLE)
    with Run(NAME) as r:
        db = r.database("list", writable=True)
        redis = r.redis()
        server = r.server(db, redis)
        people = sessions.users(db)
        _logins, path = sign_in_file(r, redis, people, "bench")
        team = scratch.query(db, "SELECT t.id FROM team t JOIN tenant n ON n.id = t.tenant_id "
                                 "WHERE n.slug = 'default' ORDER BY t.slug LIMIT 1")[0][0]
        bare = r.bare(db, {"BARE_TENANT": people[0][1]})
        before = scratch.query(db, "SELECT count(*) FROM question")[0][0]
        consts = {"SESSIONS": path, "TEAM": team}

        def real_round() -> wrk.WrkResult:
            return wrk.run(server.url, "submit", connections=CONNECTIONS, seconds=SECONDS, constants=consts,
                           folder=r.dir)

        def bare_round() -> wrk.WrkResult:
            return wrk.run(bare.url, "submit", connections=CONNECTIONS, seconds=SECONDS,
                           constants={**consts, "BARE": True}, folder=r.dir)

        wrk.run(server.url, "submit", connections=16, seconds=2, constants=consts, folder=r.dir)  # warm-up
        real, bare_side = alternate(real_round, bare_round)
        statuses = scratch.query(db, "SELECT status::text, count(*) FROM question WHERE body LIKE 'Benchmark question %%' "
                                     "GROUP BY 1 ORDER BY 1")
        after = scratch.query(db, "SELECT count(*) FROM question")[0][0]
    non_ok = sum(n for s, n in real["statuses"].items() if s != "201")
    result.row("questions/s", real["rps"], "≥ 500/s", real["rps"] >= 500, bare=bare_side["rps"], unit="/s")
    result.row("p99 latency", real["p99_ms"], "< 200 ms", real["p99_ms"] < 200, bare=bare_side["p99_ms"], unit="ms")
    result.row("non-201 responses", non_ok, "0", non_ok == 0 and not any(real["errors"].values()))
    result.details.update(real=real, bare=bare_side, stored_by_status=dict(statuses), questions_added=after - before)
    return result
