"""Writes the demo data: one transaction, each tenant's rows under its own row-level-security binding.

The whole run is one transaction (all or nothing) serialised by an advisory lock, so two
processes starting at once cannot seed twice. Tenant rows are written only after
`set_config('app.tenant_id', …, true)`, which FORCE ROW LEVEL SECURITY requires even of the table
owner; every statement also names the tenant, so a superuser (who bypasses RLS) writes the same.
"""

from __future__ import annotations

import time

import psycopg2
from psycopg2 import sql

from pulsestage.seed.data import DemoTenant, tenants_for
from pulsestage.seed.people import founded, write_people, write_settings
from pulsestage.seed.pulse import write_pulse
from pulsestage.seed.qa import write_qa
from pulsestage.seed.report import COUNTED_TABLES, SeedReport
from pulsestage.seed.rows import Clock, bind, new_id

SEED_LOCK_KEY = 0x5365_6564  # any constant shared by every PulseStage process

# Everything a full reset empties. TRUNCATE is the only way to clear audit_log (its trigger
# refuses DELETE) and is allowed to the tables' owner.
ALL_TABLES = ("tenant", *COUNTED_TABLES)

# A one-tenant reset deletes children before parents. audit_log is not listed: audit rows are
# evidence and stay (they keep the tenant row alive too, through their foreign key).
TENANT_WIPE_ORDER = (
    "question_tag", "upvote", "question", "tag", "pulse_response", "pulse_invite", "pulse_cohort",
    "pulse_schedule", "pulse_question", "user_preferences", "team_membership", "app_user", "team",
)


def seed(dsn: str, *, reset: bool = False, tenant_slug: str | None = None) -> SeedReport:
    """Seed the demo tenants (or only `tenant_slug`); with `reset`, wipe them first.

    Without reset the run only creates what is missing, so running it twice changes nothing.
    A full reset empties every tenant table (all tenants, audit log included); a reset limited
    to one tenant deletes that tenant's rows except its audit log.
    """
    demos = tenants_for(tenant_slug)
    report = _run(dsn, demos, reset=reset, scoped=tenant_slug is not None, only_if_empty=False)
    assert report is not None  # only an only_if_empty run can skip
    return report


def seed_if_empty(dsn: str) -> SeedReport | None:
    """Seed everything when the database has no tenant at all; otherwise do nothing and return None."""
    return _run(dsn, tenants_for(None), reset=False, scoped=False, only_if_empty=True)


def _run(dsn: str, demos: tuple[DemoTenant, ...], *, reset: bool, scoped: bool,
         only_if_empty: bool) -> SeedReport | None:
    started = time.perf_counter()
    conn = psycopg2.connect(dsn)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (SEED_LOCK_KEY,))
            if only_if_empty and _has_tenant(cur):
                return None
            if reset and not scoped:
                cur.execute(sql.SQL("TRUNCATE {} CASCADE").format(
                    sql.SQL(", ").join(map(sql.Identifier, ALL_TABLES))))
            clock = Clock.current()
            added, counts = 0, {}
            for demo in demos:
                tenant_id, created = _ensure_tenant(cur, demo)
                bind(cur, tenant_id)
                if reset and scoped:
                    _wipe_tenant(cur, tenant_id)
                added += created + _seed_tenant(cur, tenant_id, demo, clock,
                                                replace_settings=reset and scoped)
                counts[demo.slug] = _count_rows(cur, tenant_id)
    finally:
        conn.close()
    return SeedReport(counts=counts, added=added, reset=reset,
                      seconds=time.perf_counter() - started)


def _seed_tenant(cur, tenant_id: str, demo: DemoTenant, clock: Clock, *,
                 replace_settings: bool) -> int:
    team_ids, user_ids, added = write_people(cur, tenant_id, demo, clock)
    added += write_settings(cur, tenant_id, demo.settings, replace=replace_settings)
    added += write_qa(cur, tenant_id, demo, team_ids, user_ids, clock)
    added += write_pulse(cur, tenant_id, demo, team_ids, user_ids, clock, founded(clock))
    return added


def _has_tenant(cur) -> bool:
    cur.execute("SELECT EXISTS (SELECT 1 FROM tenant)")
    return cur.fetchone()[0]


def _ensure_tenant(cur, demo: DemoTenant) -> tuple[str, int]:
    """The tenant's id, creating the tenant if its slug is missing; (id, rows added)."""
    cur.execute("INSERT INTO tenant (id, slug, name) VALUES (%s, %s, %s) "
                "ON CONFLICT (slug) DO NOTHING RETURNING id", (new_id(), demo.slug, demo.name))
    row = cur.fetchone()
    if row is not None:
        return row[0], 1
    cur.execute("SELECT id FROM tenant WHERE slug = %s", (demo.slug,))
    return cur.fetchone()[0], 0


def _wipe_tenant(cur, tenant_id: str) -> None:
    """Delete the bound tenant's data, children first; settings and audit rows stay."""
    for table in TENANT_WIPE_ORDER:
        cur.execute(sql.SQL("DELETE FROM {} WHERE tenant_id = %s").format(sql.Identifier(table)),
                    (tenant_id,))


def _count_rows(cur, tenant_id: str) -> dict[str, int]:
    """Rows per tenant table for the bound tenant, in one round trip."""
    query = sql.SQL("SELECT {}").format(sql.SQL(", ").join(
        sql.SQL("(SELECT count(*) FROM {} WHERE tenant_id = %(t)s)").format(sql.Identifier(t))
        for t in COUNTED_TABLES))
    cur.execute(query, {"t": tenant_id})
    return dict(zip(COUNTED_TABLES, cur.fetchone(), strict=True))
