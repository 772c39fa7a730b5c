"""Direct SQL for assertions: a transaction bound to one tenant, as the application role (RLS on)."""

from __future__ import annotations

import psycopg2
from psycopg2.extras import RealDictCursor


def sql(dsn: str, query: str, params: dict | tuple = (), tenant: str = "default") -> list[dict]:
    """Run one statement inside a transaction bound to the tenant with this slug; return its rows."""
    conn = psycopg2.connect(dsn)
    try:
        with conn, conn.cursor(cursor_factory=RealDictCursor) as cur:
            cur.execute("SELECT set_config('app.tenant_id', (SELECT id FROM tenant WHERE slug = %s), true)",
                        (tenant,))
            cur.execute("SET LOCAL ROLE pulsestage_app")  # row-level security as the app sees it
            cur.execute(query, params)
            return cur.fetchall() if cur.description else []
    finally:
        conn.close()


def one(dsn: str, query: str, params: dict | tuple = (), tenant: str = "default") -> dict | None:
    """The first row of `sql(...)`, or None."""
    found = sql(dsn, query, params, tenant)
    return found[0] if found else None


def audit_actions(dsn: str, tenant: str = "default") -> list[str]:
    """Every audit action of the tenant, oldest first."""
    return [r["action"] for r in sql(dsn, "SELECT action FROM audit_log ORDER BY created_at, id", (), tenant)]
