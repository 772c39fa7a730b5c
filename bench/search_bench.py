"""Benchmark of question search and listing on 100,000 questions (run: python bench/search_bench.py).

Creates a scratch database `ps_bench_search` on the server named by BENCH_ADMIN_DSN (default: the
local PostgreSQL as postgres), migrates it, loads two tenants (100,000 + 20,000 questions), and
times the real list/search SQL as the application role under row-level security. With
`--leakproof` it first marks ts_match_vq LEAKPROOF in that database (see bench/search.md).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import uuid

import psycopg2

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from pulsestage.db import migrate  # noqa: E402
from pulsestage.qa.search import ListQuery, build  # noqa: E402

ADMIN = os.environ.get("BENCH_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")
NAME = "ps_bench_search"
WORDS = ("budget laptop hiring offsite roadmap deployment database migration security payroll benefits remote "
         "office kubernetes pipeline incident onboarding promotion salary training").split()
SEARCHES = ("deployment", "deplo", "kubernetes pipeline", "project number 4242", "zzz", "salary -remote")


def load() -> str:
    """Create, migrate and fill the scratch database; return its DSN."""
    admin = psycopg2.connect(ADMIN)
    admin.autocommit = True
    admin.cursor().execute(f"DROP DATABASE IF EXISTS {NAME} WITH (FORCE)")
    admin.cursor().execute(f"CREATE DATABASE {NAME}")
    dsn = ADMIN.rsplit("/", 1)[0] + "/" + NAME
    migrate.apply(dsn)
    conn = psycopg2.connect(dsn)
    conn.autocommit = True
    cur = conn.cursor()
    for slug, count in (("a", 100_000), ("b", 20_000)):
        tenant = str(uuid.uuid4())
        cur.execute("INSERT INTO tenant (id, slug, name) VALUES (%s, %s, %s)", (tenant, slug, slug))
        cur.execute("INSERT INTO team (id, tenant_id, name, slug) VALUES (%s, %s, 'Eng', 'eng')", (tenant + "-t", tenant))
        cur.execute("""
            INSERT INTO question (id, tenant_id, body, team_id, status, upvotes, created_at)
            SELECT gen_random_uuid()::text, %(t)s,
                   'How should we handle ' || (%(w)s::text[])[1 + (g * 7) %% 20] || ' and ' ||
                   (%(w)s::text[])[1 + (g * 13) %% 20] || ' for the ' || (%(w)s::text[])[1 + (g * 3) %% 20] ||
                   ' project number ' || g || '?', %(team)s, 'OPEN', g %% 50, now() - (g || ' minutes')::interval
            FROM generate_series(1, %(n)s) g""", {"t": tenant, "w": list(WORDS), "team": tenant + "-t", "n": count})
    if "--leakproof" in sys.argv:
        cur.execute("ALTER FUNCTION ts_match_vq(tsvector, tsquery) LEAKPROOF")
    cur.execute("VACUUM ANALYZE question")
    return dsn


def timed(cur, tenant: str, sql: str, params: dict, runs: int = 25) -> tuple[float, str]:
    """p50 in milliseconds and the plan, as the app role with the tenant bound."""
    times = []
    for _ in range(runs):
        cur.execute("BEGIN")
        cur.execute("SELECT set_config('app.tenant_id', %s, true)", (tenant,))
        start = time.perf_counter()
        cur.execute(sql, params)
        cur.fetchall()
        times.append((time.perf_counter() - start) * 1000)
        cur.execute("COMMIT")
    cur.execute("BEGIN")
    cur.execute("SELECT set_config('app.tenant_id', %s, true)", (tenant,))
    cur.execute("EXPLAIN " + sql, params)
    plan = "\n".join(r[0] for r in cur.fetchall())
    cur.execute("COMMIT")
    return statistics.median(times), plan


def main() -> None:
    """Load, then print one line per query: p50, whether the GIN index was used."""
    dsn = load()
    cur = psycopg2.connect(dsn).cursor()
    cur.connection.autocommit = True
    cur.execute("SELECT id FROM tenant WHERE slug = 'a'")
    tenant = cur.fetchone()[0]
    cur.execute("SET ROLE pulsestage_app")
    for text in SEARCHES:
        for sort in ("relevance", "top"):
            page, _, params = build(ListQuery(tenant, "viewer", False, status="all", search=text, sort=sort))
            p50, plan = timed(cur, tenant, page, params)
            print(f"search {text!r:24} sort={sort:9} p50={p50:6.1f} ms  gin={'question_search_vector_idx' in plan}")
    page, count, params = build(ListQuery(tenant, "viewer", False, status="open"))
    print(f"list page   p50={timed(cur, tenant, page, params)[0]:6.1f} ms")
    print(f"list count  p50={timed(cur, tenant, count, params)[0]:6.1f} ms")


if __name__ == "__main__":
    main()
