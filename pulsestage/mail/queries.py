"""SQL the mailer and the unsubscribe page need: a recipient's preferences and the tenant's name."""

from __future__ import annotations

SELECT_RECIPIENT = """
SELECT u.id, u.name, u.is_active,
       coalesce(p.email_notifications, true) AS email_notifications,
       coalesce(p.pulse_emails, true) AS pulse_emails
FROM app_user u
LEFT JOIN user_preferences p ON p.user_id = u.id AND p.tenant_id = u.tenant_id
WHERE u.tenant_id = %(tenant_id)s AND lower(u.email) = lower(%(email)s)
ORDER BY u.is_active DESC
LIMIT 1
"""

# Many recipients at once (a pulse send): one row per address, the active user first, as above.
SELECT_RECIPIENTS = """
SELECT DISTINCT ON (lower(u.email)) lower(u.email) AS address, u.id, u.name, u.is_active,
       coalesce(p.email_notifications, true) AS email_notifications,
       coalesce(p.pulse_emails, true) AS pulse_emails
FROM app_user u
LEFT JOIN user_preferences p ON p.user_id = u.id AND p.tenant_id = u.tenant_id
WHERE u.tenant_id = %(tenant_id)s AND lower(u.email) = ANY(%(emails)s)
ORDER BY lower(u.email), u.is_active DESC
"""

SELECT_TENANT = "SELECT id, slug, name FROM tenant WHERE id = %(tenant_id)s"


async def select_recipient(cur, tenant_id: str, email: str) -> dict | None:
    """The tenant's user with this e-mail (case-insensitive) and their e-mail preferences."""
    await cur.execute(SELECT_RECIPIENT, {"tenant_id": tenant_id, "email": email})
    return await cur.fetchone()


async def select_recipients(cur, tenant_id: str, emails: list[str]) -> dict[str, dict]:
    """Lower-cased address → the tenant's user with it and their e-mail preferences, in one query."""
    await cur.execute(SELECT_RECIPIENTS, {"tenant_id": tenant_id, "emails": sorted({e.lower() for e in emails})})
    return {row["address"]: row for row in await cur.fetchall()}


async def select_tenant(cur, tenant_id: str) -> dict | None:
    """The tenant's id, slug and name."""
    await cur.execute(SELECT_TENANT, {"tenant_id": tenant_id})
    return await cur.fetchone()


SELECT_USER = """
SELECT u.id, u.email, u.is_active,
       coalesce(p.email_notifications, true) AS email_notifications,
       coalesce(p.pulse_emails, true) AS pulse_emails
FROM app_user u
LEFT JOIN user_preferences p ON p.user_id = u.id AND p.tenant_id = u.tenant_id
WHERE u.tenant_id = %(tenant_id)s AND u.id = %(user_id)s
"""


async def select_user(cur, tenant_id: str, user_id: str) -> dict | None:
    """One user of the tenant with the e-mail preferences an unsubscribe link changes."""
    await cur.execute(SELECT_USER, {"tenant_id": tenant_id, "user_id": user_id})
    return await cur.fetchone()
