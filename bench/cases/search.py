"""Ranked full-text search with prefix over 100,000 questions: one client, then 16 connections.

Before any load, every SQL statement the search runs (the page and, when it is needed, the count)
is checked with EXPLAIN ANALYZE for each query text: the plan must reach the rows through the GIN
index on `search_vector` (a plain prefix query can make the planner walk the primary key instead).
"""

from __future__ import annotations

import json
from urllib.parse import quote

import psycopg2

from bench import scratch, sessions, wrk
from bench.cases.common import ROUNDS, combine, fetch, sign_in_file, team_ids
from bench.harness import Result, Run

NAME = "search"
TITLE = "Ranked full-text search with prefix over 100,000 questions"
SECONDS_SINGLE = 6
SECONDS_LOAD = 6
# what people type: finished words, and a word being typed at the end (prefix match)
TEXTS = ("remote work pol", "promo", "salary rev", "parental lea", "office wifi", "bene", "oncall sched",
         "team", "hybrid", "carbon ener", "security incident", "laptop", "career growth ment", "budget q")
GIN = "question_search_vector_idx"
SELECTIVE = 0.05  # a text matching fewer rows than this share must be found through the GIN index


def explain(db: str, tenant_id: str, viewer_id: str, teams: list[str]) -> list[dict]:
    """EXPLAIN ANALYZE of the page and count statements of each search text, run the way the server
    runs them: as the application role, inside a transaction with the tenant bound (RLS active)."""
    from pulsestage.qa import search

    out = []
    conn = psycopg2.connect(scratch.dsn_for(db))
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM question")
            rows_total = cur.fetchone()[0]
            cur.execute("SET ROLE pulsestage_app")
            cur.execute("SELECT set_config('app.tenant_id', %s, false)", (tenant_id,))
            for text in TEXTS:
                spec = search.ListQuery(tenant_id=tenant_id, viewer_id=viewer_id, attributed=False, team_ids=teams,
                                        search=text, sort="relevance", page_size=50)
                page, count, params = search.build(spec)
                expression, ts_params = search.tsquery_parts(text)
                cur.execute(f"SELECT count(*) FROM question WHERE search_vector @@ ({expression})", ts_params)
                matches = cur.fetchone()[0]
                entry = {"text": text, "matches": matches, "selective": matches < SELECTIVE * rows_total}
                for label, sql in (("page", page), ("count", count)):
                    cur.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
                    plan = cur.fetchone()[0][0]
                    entry[label] = {"uses_gin": GIN in json.dumps(plan), "ms": round(plan["Execution Time"], 2),
                                    "scans": sorted(set(_scans(plan["Plan"])))}
                out.append(entry)
            cur.execute("SELECT proleakproof FROM pg_proc WHERE oid = 'ts_match_vq(tsvector, tsquery)'::regprocedure")
            out.append({"ts_match_vq_leakproof": cur.fetchone()[0]})
    finally:
        conn.close()
    return out


def _scans(node: dict):
    if "Relation Name" in node:
        yield f"{node['Node Type']} {node.get('Index Name') or node['Relation Name']}"
    for child in node.get("Plans", []):
        yield from _scans(child)


def run() -> Result:
    """EXPLAIN every statement, then measure one client and 16 connections, real and bare."""
    result = Result(NAME, TITLE)
    with Run(NAME) as r:
        db = r.database("search", writable=False)
        redis = r.redis()
        server = r.server(db, redis)
        alice = sessions.named(db, "alice")
        teams = team_ids(db, "alice")
        plans = explain(db, alice[1], alice[0], teams)
        logins, path = sign_in_file(r, redis, [alice], "alice")
        status, page = fetch(server.url + "/api/questions?search=" + quote(TEXTS[0]), logins[0])
        if status != 200:
            raise RuntimeError(f"search answered {status}: {str(page)[:300]}")
        bare = r.bare(db, {"BARE_TENANT": alice[1], "BARE_VIEWER": alice[0], "BARE_TEAMS": ",".join(teams)})
        real_paths = [f"/api/questions?search={quote(t)}" for t in TEXTS]
        bare_paths = [f"/bare/search?q={quote(t)}" for t in TEXTS]
        figures = {}
        for label, connections, seconds in (("single", 1, SECONDS_SINGLE), ("c16", 16, SECONDS_LOAD)):
            sides = {"real": [], "bare": []}
            for _ in range(ROUNDS):
                sides["bare"].append(wrk.run(bare.url, "get", connections=connections, seconds=seconds / ROUNDS,
                                             threads=1, constants={"PATHS": bare_paths}, folder=r.dir))
                sides["real"].append(wrk.run(server.url, "get", connections=connections, seconds=seconds / ROUNDS,
                                             threads=1, constants={"PATHS": real_paths, "SESSIONS": path},
                                             folder=r.dir))
            figures[label] = {side: combine(results) for side, results in sides.items()}
    single, loaded = figures["single"], figures["c16"]
    texts = [p for p in plans if "text" in p]
    selective = [p for p in texts if p["selective"]]
    gin = sum(p[s]["uses_gin"] for p in selective for s in ("page", "count"))
    result.row("EXPLAIN under RLS: selective searches through the GIN index", gin,
               f"all {2 * len(selective)} statements", gin == 2 * len(selective))
    result.row("p50, one client", single["real"]["p50_ms"], "< 10 ms", single["real"]["p50_ms"] < 10,
               bare=single["bare"]["p50_ms"], unit="ms")
    result.row("p99, one client", single["real"]["p99_ms"], "< 50 ms", single["real"]["p99_ms"] < 50,
               bare=single["bare"]["p99_ms"], unit="ms")
    result.row("requests/s, 16 connections", loaded["real"]["rps"], "≥ 300/s", loaded["real"]["rps"] >= 300,
               bare=loaded["bare"]["rps"], unit="req/s")
    non_ok = sum(n for s, n in loaded["real"]["statuses"].items() if s != "200")
    result.row("non-200 responses", non_ok, "0", non_ok == 0)
    result.details.update(explain=plans, single=single, c16=loaded, results_first_text=page.get("total"))
    return result
