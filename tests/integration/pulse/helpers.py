"""Shared helpers for pulse integration tests: owner SQL on the test database, triggering a run."""

from __future__ import annotations

import psycopg2
from psycopg2.extras import RealDictCursor

from pulsestage import keys
from tests.support.cast import headers, sign_in


def sql(dsn: str, query: str, params=None) -> list[dict]:
    """Run one statement as the owner (no RLS) and return its rows."""
    with psycopg2.connect(dsn) as conn, conn.cursor(cursor_factory=RealDictCursor) as cur:
        cur.execute(query, params)
        return cur.fetchall() if cur.description else []


async def trigger(client, tenant: str = "default") -> dict:
    """Sign in as admin, run the pulse now, wait for the e-mails; returns the run result."""
    token = await sign_in(client, "admin", tenant)
    response = await client.post("/api/admin/pulse/trigger", json={}, headers=headers(token, tenant))
    assert response.status == 200, await response.text()
    result = (await response.json())["result"]
    await client.app[keys.MAIL_SINK].wait_for(result["queued"])
    return result


def open_token(dsn: str, tenant: str = "default") -> str:
    """A token of an open invite in the tenant."""
    rows = sql(dsn, "SELECT i.token FROM pulse_invite i JOIN tenant t ON t.id = i.tenant_id WHERE t.slug = %s "
                    "AND i.status IN ('PENDING', 'SENT') AND i.expires_at > now() AT TIME ZONE 'utc' LIMIT 1", (tenant,))
    return rows[0]["token"]


def response_count(dsn: str) -> int:
    """All pulse responses."""
    return sql(dsn, "SELECT count(*) AS n FROM pulse_response")[0]["n"]
