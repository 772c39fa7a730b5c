"""POST /api/questions/{id}/upvote: 64 connections on 5 hot questions; exact final counts.

Each wrk run gets its own 5 freshly-cleared hot questions and walks (user, question) pairs so no
pair repeats: every request is a real new upvote (200), none is an "already upvoted" 409. After the
runs, every hot question's counter must equal its number of upvote rows, and the rows stored must
equal the 200s wrk saw (plus at most one in-flight request per connection when wrk stopped).
"""

from __future__ import annotations

from bench import scratch, sessions, wrk
from bench.cases.common import ROUNDS, combine, sign_in_file
from bench.harness import Result, Run

NAME = "upvote"
TITLE = "POST /api/questions/{id}/upvote, 64 connections on 5 hot questions"
CONNECTIONS = 64
SECONDS = 8

HOT_SQL = """
SELECT q.id FROM question q JOIN tenant t ON t.id = q.tenant_id
WHERE t.slug = 'default' AND q.status = 'OPEN' AND NOT q.is_frozen AND q.deleted_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM app_user u WHERE u.id = q.author_id AND u.email LIKE 'bench-%%')
ORDER BY q.created_at DESC LIMIT %(n)s
"""


def hot_sets(db: str, sets: int) -> list[list[str]]:
    """`sets` groups of 5 questions no bench user wrote, with their upvotes cleared."""
    ids = [r[0] for r in scratch.query(db, HOT_SQL, {"n": 5 * sets})]
    if len(ids) < 5 * sets:
        raise RuntimeError(f"only {len(ids)} questions qualify as hot; the seed changed")
    scratch.query(db, "DELETE FROM upvote WHERE question_id = ANY(%(ids)s)", {"ids": ids})
    scratch.query(db, "UPDATE question SET upvotes = 0 WHERE id = ANY(%(ids)s)", {"ids": ids})
    return [ids[i * 5:(i + 1) * 5] for i in range(sets)]


def audit_counts(db: str, ids: list[str]) -> tuple[int, int]:
    """(sum of the counters, number of upvote rows) over `ids`."""
    row = scratch.query(db, "SELECT (SELECT coalesce(sum(upvotes), 0) FROM question WHERE id = ANY(%(ids)s)), "
                            "(SELECT count(*) FROM upvote WHERE question_id = ANY(%(ids)s))", {"ids": ids})[0]
    return int(row[0]), int(row[1])


def run() -> Result:
    """Alternate bare and real rounds, each on its own hot questions; then audit the counts."""
    result = Result(NAME, TITLE)
    with Run(NAME) as r:
        db = r.database("list", writable=True)
        redis = r.redis()
        server = r.server(db, redis)
        people = sessions.users(db)
        _logins, path = sign_in_file(r, redis, people, "bench")
        tenant_id = people[0][1]
        bare = r.bare(db, {"BARE_TENANT": tenant_id})
        groups = hot_sets(db, 2 * ROUNDS + 2)
        wrk.run(server.url, "upvote", connections=16, seconds=2, folder=r.dir,
                constants={"SESSIONS": path, "HOT": groups[-1]})  # warm-up
        wrk.run(bare.url, "upvote", connections=16, seconds=2, folder=r.dir,
                constants={"SESSIONS": path, "HOT": groups[-2], "BARE": True})
        runs = {"real": [], "bare": []}
        audits = []
        for i in range(ROUNDS):
            for side, url in (("bare", bare.url), ("real", server.url)):
                hot = groups[2 * i + (side == "real")]
                res = wrk.run(url, "upvote", connections=CONNECTIONS, seconds=SECONDS, folder=r.dir,
                              constants={"SESSIONS": path, "HOT": hot, "BARE": side == "bare"})
                runs[side].append(res)
                counter, rows = audit_counts(db, hot)
                audits.append({"side": side, "acknowledged": res.ok(200), "counter": counter, "rows": rows})
    real, bare_side = combine(runs["real"]), combine(runs["bare"])
    exact = all(a["counter"] == a["rows"] for a in audits)
    stored_vs_acked = all(0 <= a["rows"] - a["acknowledged"] <= CONNECTIONS for a in audits if a["side"] == "real")
    non_ok = sum(n for s, n in real["statuses"].items() if s != "200")
    result.row("upvotes/s", real["rps"], "≥ 1,000/s", real["rps"] >= 1000, bare=bare_side["rps"], unit="/s")
    result.row("p99 latency", real["p99_ms"], "< 200 ms", real["p99_ms"] < 200, bare=bare_side["p99_ms"], unit="ms")
    result.row("counter = upvote rows", int(exact), "every hot question", exact)
    result.row("rows − acknowledged", max(a["rows"] - a["acknowledged"] for a in audits if a["side"] == "real"),
               f"0 … {CONNECTIONS} (requests in flight when wrk stopped)", stored_vs_acked)
    result.row("non-200 responses", non_ok, "0", non_ok == 0 and not any(real["errors"].values()))
    result.details.update(real=real, bare=bare_side, audits=audits)
    return result
