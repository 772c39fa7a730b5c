"""GET /api/questions: a page of 50 with team, tags and my-upvote flags, signed in, 64 connections."""

from __future__ import annotations

from bench import sessions, wrk
from bench.cases.common import alternate, fetch, sign_in_file, team_ids
from bench.harness import Result, Run

NAME = "list"
TITLE = "GET /api/questions, page of 50 with tags and my-upvote flags, signed in, 64 connections"
CONNECTIONS = 64
SECONDS = 8  # per round; two rounds per side
PATH = "/api/questions?status=open&sort=top&pageSize=50"


def check_page(url: str, login: sessions.Login) -> dict:
    """One real request: the page must hold 50 questions carrying tags and the upvote flag."""
    status, page = fetch(url + PATH, login)
    if status != 200 or not isinstance(page, dict):
        raise RuntimeError(f"GET {PATH} answered {status}: {str(page)[:300]}")
    questions = page.get("questions", [])
    flags = sum(1 for q in questions if q.get("hasUpvoted"))
    tagged = sum(1 for q in questions if q.get("tags"))
    return {"status": status, "questions": len(questions), "total": page.get("total"),
            "with_tags": tagged, "upvoted_by_me": flags, "bytes_per_page": len(str(page))}


def run() -> Result:
    """Measure the real list against the bare page query, alternating rounds."""
    result = Result(NAME, TITLE)
    with Run(NAME) as r:
        db = r.database("list", writable=False)
        redis = r.redis()
        server = r.server(db, redis)
        alice = sessions.named(db, "alice")
        logins, path = sign_in_file(r, redis, [alice], "alice")
        result.details["page"] = check_page(server.url, logins[0])
        bare = r.bare(db, {"BARE_TENANT": alice[1], "BARE_VIEWER": alice[0],
                           "BARE_TEAMS": ",".join(team_ids(db, "alice"))})
        consts = {"SESSIONS": path, "PATH": PATH}

        def real_round() -> wrk.WrkResult:
            return wrk.run(server.url, "get", connections=CONNECTIONS, seconds=SECONDS, constants=consts, folder=r.dir)

        def bare_round() -> wrk.WrkResult:
            return wrk.run(bare.url, "get", connections=CONNECTIONS, seconds=SECONDS,
                           constants={"PATH": "/bare/questions"}, folder=r.dir)

        wrk.run(server.url, "get", connections=16, seconds=2, constants=consts, folder=r.dir)  # warm-up
        wrk.run(bare.url, "get", connections=16, seconds=2, constants={"PATH": "/bare/questions"}, folder=r.dir)
        real, bare_side = alternate(real_round, bare_round)
    non_ok = sum(n for s, n in real["statuses"].items() if s != "200")
    result.row("requests/s", real["rps"], "≥ 50 % of bare", real["rps"] >= 0.5 * bare_side["rps"],
               bare=bare_side["rps"], unit="req/s")
    result.row("p99 latency", real["p99_ms"], "< 150 ms", real["p99_ms"] < 150, bare=bare_side["p99_ms"], unit="ms")
    result.row("non-200 responses", non_ok, "0", non_ok == 0 and not any(real["errors"].values()))
    result.details.update(real=real, bare=bare_side)
    return result
