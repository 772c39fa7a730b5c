"""SQL for the signed-in user: profile, teams, preferences, upvote count."""

from __future__ import annotations

SELECT_ME = """
SELECT u.id, u.tenant_id, u.email, u.name, u.sso_id, u.avatar_url, u.primary_team_id, u.is_active,
       u.created_at, u.updated_at,
       (SELECT row_to_json(t) FROM team t
         WHERE t.tenant_id = u.tenant_id AND t.id = u.primary_team_id) AS primary_team,
       coalesce((SELECT json_agg(json_build_object(
                    'teamId', t.id, 'teamSlug', t.slug, 'teamName', t.name, 'role', m.role,
                    'isActive', t.is_active) ORDER BY t.name)
                 FROM team_membership m JOIN team t ON t.tenant_id = m.tenant_id AND t.id = m.team_id
                 WHERE m.tenant_id = u.tenant_id AND m.user_id = u.id), '[]') AS memberships
FROM app_user u
WHERE u.tenant_id = %(tenant_id)s AND u.id = %(user_id)s
"""

SELECT_MY_TEAMS = """
SELECT t.id, t.tenant_id, t.name, t.slug, t.description, t.is_active, t.created_at, t.updated_at,
       m.role,
       (SELECT count(*) FROM question q
         WHERE q.tenant_id = t.tenant_id AND q.team_id = t.id AND q.deleted_at IS NULL
           AND q.status <> 'UNDER_REVIEW')::int AS question_count,
       (SELECT count(*) FROM team_membership x
         WHERE x.tenant_id = t.tenant_id AND x.team_id = t.id)::int AS member_count
FROM team_membership m
JOIN team t ON t.tenant_id = m.tenant_id AND t.id = m.team_id
WHERE m.tenant_id = %(tenant_id)s AND m.user_id = %(user_id)s AND t.is_active
ORDER BY t.name, t.slug
"""

SELECT_ALL_TEAMS = """
SELECT id, tenant_id, name, slug, description, is_active, created_at, updated_at
FROM team WHERE tenant_id = %(tenant_id)s ORDER BY slug
"""

SELECT_TEAM = """
SELECT id, tenant_id, name, slug, description, is_active, created_at, updated_at
FROM team WHERE tenant_id = %(tenant_id)s AND id = %(team_id)s
"""

SELECT_TEAM_IDS = "SELECT id FROM team WHERE tenant_id = %(tenant_id)s AND id = ANY(%(ids)s)"

COUNT_UPVOTES = "SELECT count(*)::int AS count FROM upvote WHERE tenant_id = %(tenant_id)s AND user_id = %(user_id)s"

SELECT_PREFS = """
SELECT id, tenant_id, user_id, favorite_teams, default_team_id, email_notifications, pulse_emails,
       color_mode, created_at, updated_at
FROM user_preferences WHERE tenant_id = %(tenant_id)s AND user_id = %(user_id)s
"""

UPSERT_PREFS = """
INSERT INTO user_preferences (id, tenant_id, user_id, favorite_teams, default_team_id, email_notifications,
                              pulse_emails, color_mode)
VALUES (%(id)s, %(tenant_id)s, %(user_id)s, %(favorite_teams)s, %(default_team_id)s, %(email_notifications)s,
        %(pulse_emails)s, %(color_mode)s)
ON CONFLICT (user_id) DO UPDATE SET
    favorite_teams = EXCLUDED.favorite_teams, default_team_id = EXCLUDED.default_team_id,
    email_notifications = EXCLUDED.email_notifications, pulse_emails = EXCLUDED.pulse_emails,
    color_mode = EXCLUDED.color_mode, updated_at = (now() AT TIME ZONE 'utc')
RETURNING id, tenant_id, user_id, favorite_teams, default_team_id, email_notifications, pulse_emails,
          color_mode, created_at, updated_at
"""

SET_PRIMARY_TEAM = """
UPDATE app_user SET primary_team_id = %(team_id)s, updated_at = (now() AT TIME ZONE 'utc')
WHERE tenant_id = %(tenant_id)s AND id = %(user_id)s
"""


async def select_me(cur, tenant_id: str, user_id: str) -> dict | None:
    """The current user with primary team and memberships."""
    await cur.execute(SELECT_ME, {"tenant_id": tenant_id, "user_id": user_id})
    return await cur.fetchone()


async def select_my_teams(cur, tenant_id: str, user_id: str) -> list[dict]:
    """Active teams I belong to, with my role and counts."""
    await cur.execute(SELECT_MY_TEAMS, {"tenant_id": tenant_id, "user_id": user_id})
    return await cur.fetchall()


async def select_all_teams(cur, tenant_id: str) -> list[dict]:
    """Every team of the tenant, inactive included, by slug."""
    await cur.execute(SELECT_ALL_TEAMS, {"tenant_id": tenant_id})
    return await cur.fetchall()


async def select_team(cur, tenant_id: str, team_id: str) -> dict | None:
    """One team of the tenant."""
    await cur.execute(SELECT_TEAM, {"tenant_id": tenant_id, "team_id": team_id})
    return await cur.fetchone()


async def select_existing_team_ids(cur, tenant_id: str, ids: list[str]) -> set[str]:
    """Which of `ids` are teams of the tenant."""
    await cur.execute(SELECT_TEAM_IDS, {"tenant_id": tenant_id, "ids": ids})
    return {r["id"] for r in await cur.fetchall()}


async def count_upvotes(cur, tenant_id: str, user_id: str) -> int:
    """How many upvotes I have given."""
    await cur.execute(COUNT_UPVOTES, {"tenant_id": tenant_id, "user_id": user_id})
    return (await cur.fetchone())["count"]


async def select_prefs(cur, tenant_id: str, user_id: str, *, lock: bool = False) -> dict | None:
    """My preferences row (row-locked when about to change it), or None."""
    await cur.execute(SELECT_PREFS + (" FOR UPDATE" if lock else ""), {"tenant_id": tenant_id, "user_id": user_id})
    return await cur.fetchone()


async def upsert_prefs(cur, params: dict) -> dict:
    """Write my whole preferences row."""
    await cur.execute(UPSERT_PREFS, params)
    return await cur.fetchone()


async def set_primary_team(cur, tenant_id: str, user_id: str, team_id: str) -> None:
    """Change my home team."""
    await cur.execute(SET_PRIMARY_TEAM, {"tenant_id": tenant_id, "user_id": user_id, "team_id": team_id})
