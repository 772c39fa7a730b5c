"""SQL for users and their profile."""

from __future__ import annotations

SELECT_ME = """
SELECT u.id, u.tenant_id, u.email, u.name, u.sso_id, u.avatar_url, u.primary_team_id, u.is_active,
       u.created_at, u.updated_at,
       (SELECT row_to_json(t) FROM team t WHERE t.id = u.primary_team_id) AS primary_team,
       coalesce((SELECT json_agg(json_build_object(
                    'teamId', t.id, 'teamSlug', t.slug, 'teamName', t.name, 'role', m.role,
                    'isActive', t.is_active) ORDER BY t.name)
                 FROM team_membership m JOIN team t ON t.id = m.team_id
                 WHERE m.user_id = u.id), '[]') AS memberships,
       (SELECT row_to_json(p) FROM user_preferences p WHERE p.user_id = u.id) AS preferences
FROM app_user u
WHERE u.tenant_id = %(tenant_id)s AND u.id = %(user_id)s
"""


async def select_me(cur, tenant_id: str, user_id: str) -> dict | None:
    """The current user with primary team, memberships and preferences."""
    await cur.execute(SELECT_ME, {"tenant_id": tenant_id, "user_id": user_id})
    return await cur.fetchone()
