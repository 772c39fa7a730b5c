"""SQL for reading the audit trail (writing it is admin/audit.py)."""

from __future__ import annotations

WHERE = """
a.tenant_id = %(tenant_id)s
  AND (%(user_id)s::text IS NULL OR a.user_id = %(user_id)s)
  AND (%(action)s::text IS NULL OR a.action = %(action)s)
  AND (%(entity_type)s::text IS NULL OR a.entity_type = %(entity_type)s)
  AND (%(entity_id)s::text IS NULL OR a.entity_id = %(entity_id)s)
  AND (%(ip)s::text IS NULL OR a.ip_address = %(ip)s)
  AND (%(start)s::timestamp IS NULL OR a.created_at >= %(start)s::timestamp)
  AND (%(end)s::timestamp IS NULL OR a.created_at <= %(end)s::timestamp)
"""

SELECT_LOGS = f"""
SELECT a.id, a.tenant_id, a.user_id, a.action, a.entity_type, a.entity_id, a.before, a.after,
       a.ip_address, a.user_agent, a.metadata, a.created_at,
       u.email AS user_email, u.name AS user_name
FROM audit_log a LEFT JOIN app_user u ON u.tenant_id = a.tenant_id AND u.id = a.user_id
WHERE {WHERE}
ORDER BY a.created_at DESC, a.id
LIMIT %(limit)s OFFSET %(offset)s
"""

COUNT_LOGS = f"SELECT count(*) AS total FROM audit_log a WHERE {WHERE}"


async def select_logs(cur, params: dict) -> list[dict]:
    """A page of audit rows, newest first, with the acting user's name and e-mail."""
    await cur.execute(SELECT_LOGS, params)
    return await cur.fetchall()


async def count_logs(cur, params: dict) -> int:
    """How many rows match the filters."""
    await cur.execute(COUNT_LOGS, params)
    return (await cur.fetchone())["total"]
