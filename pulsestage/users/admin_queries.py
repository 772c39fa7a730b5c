"""SQL for user administration: the searchable list, activation, and the CSV import writes."""

from __future__ import annotations

SELECT_USERS = """
SELECT u.id, u.email, u.name, u.sso_id, u.is_active, u.primary_team_id, u.created_at, u.updated_at,
       coalesce((SELECT json_agg(json_build_object(
                    'id', m.id, 'teamId', m.team_id, 'role', m.role, 'createdAt', m.created_at,
                    'team', json_build_object('id', t.id, 'name', t.name, 'slug', t.slug, 'isActive', t.is_active))
                    ORDER BY m.created_at, t.name)
                 FROM team_membership m JOIN team t ON t.tenant_id = m.tenant_id AND t.id = m.team_id
                 WHERE m.tenant_id = u.tenant_id AND m.user_id = u.id), '[]') AS memberships,
       (SELECT count(*) FROM upvote v WHERE v.tenant_id = u.tenant_id AND v.user_id = u.id)::int AS upvotes,
       count(*) OVER ()::int AS total
FROM app_user u
WHERE u.tenant_id = %(tenant_id)s
  AND (%(pattern)s::text IS NULL OR u.email ILIKE %(pattern)s OR u.name ILIKE %(pattern)s)
  AND (%(active)s::boolean IS NULL OR u.is_active = %(active)s)
  AND (%(team_id)s::text IS NULL AND %(role)s::text IS NULL OR EXISTS (
        SELECT 1 FROM team_membership f
        WHERE f.tenant_id = u.tenant_id AND f.user_id = u.id
          AND (%(team_id)s::text IS NULL OR f.team_id = %(team_id)s)
          AND (%(role)s::text IS NULL OR f.role = %(role)s)))
ORDER BY u.created_at DESC, u.email
LIMIT %(limit)s OFFSET %(offset)s
"""

SELECT_USER_ROW = """
SELECT u.id, u.tenant_id, u.email, u.name, u.sso_id, u.avatar_url, u.primary_team_id, u.is_active,
       u.created_at, u.updated_at,
       EXISTS (SELECT 1 FROM team_membership m
               WHERE m.tenant_id = u.tenant_id AND m.user_id = u.id AND m.role = 'owner') AS is_owner
FROM app_user u WHERE u.tenant_id = %(tenant_id)s AND u.id = %(user_id)s FOR UPDATE
"""

SET_ACTIVE = """
UPDATE app_user SET is_active = %(active)s, updated_at = (now() AT TIME ZONE 'utc')
WHERE tenant_id = %(tenant_id)s AND id = %(user_id)s
RETURNING id, tenant_id, email, name, sso_id, primary_team_id, is_active, created_at, updated_at
"""

SELECT_IMPORT_TEAMS = "SELECT id, slug, is_active FROM team WHERE tenant_id = %(tenant_id)s"

SELECT_IMPORT_USERS = """
SELECT u.id, lower(u.email) AS email, u.name, u.primary_team_id,
       coalesce((SELECT json_object_agg(m.team_id, m.role) FROM team_membership m
                 WHERE m.tenant_id = u.tenant_id AND m.user_id = u.id), '{}') AS memberships
FROM app_user u WHERE u.tenant_id = %(tenant_id)s AND lower(u.email) = ANY(%(emails)s)
"""

INSERT_USER = """
INSERT INTO app_user (id, tenant_id, email, name, primary_team_id)
VALUES (%(id)s, %(tenant_id)s, %(email)s, %(name)s, %(team_id)s)
"""

INSERT_PREFS = """
INSERT INTO user_preferences (id, tenant_id, user_id) VALUES (%(pref_id)s, %(tenant_id)s, %(id)s)
ON CONFLICT (user_id) DO NOTHING
"""

UPDATE_USER = """
UPDATE app_user SET name = %(name)s, primary_team_id = %(team_id)s, updated_at = (now() AT TIME ZONE 'utc')
WHERE tenant_id = %(tenant_id)s AND id = %(id)s
"""

UPSERT_MEMBERSHIP = """
INSERT INTO team_membership (id, tenant_id, user_id, team_id, role)
VALUES (%(membership_id)s, %(tenant_id)s, %(id)s, %(team_id)s, %(role)s)
ON CONFLICT (user_id, team_id) DO UPDATE SET role = EXCLUDED.role
"""

IMPORT_LOCK = "SELECT pg_advisory_xact_lock(hashtext('pulsestage.user_import:' || %(tenant_id)s))"


async def select_users(cur, params: dict) -> list[dict]:
    """A page of users matching the filters, each with memberships, upvote count and the total."""
    await cur.execute(SELECT_USERS, params)
    return await cur.fetchall()


async def lock_user(cur, tenant_id: str, user_id: str) -> dict | None:
    """One user row (with whether they own any team), row-locked."""
    await cur.execute(SELECT_USER_ROW, {"tenant_id": tenant_id, "user_id": user_id})
    return await cur.fetchone()


async def set_active(cur, tenant_id: str, user_id: str, active: bool) -> dict:
    """Activate or deactivate a user; returns the row."""
    await cur.execute(SET_ACTIVE, {"tenant_id": tenant_id, "user_id": user_id, "active": active})
    return await cur.fetchone()


async def select_import_context(cur, tenant_id: str, emails: list[str]) -> tuple[dict, dict]:
    """Teams by slug and the existing users among `emails` (with their memberships)."""
    await cur.execute(SELECT_IMPORT_TEAMS, {"tenant_id": tenant_id})
    teams = {r["slug"]: r for r in await cur.fetchall()}
    await cur.execute(SELECT_IMPORT_USERS, {"tenant_id": tenant_id, "emails": emails})
    users = {r["email"]: r for r in await cur.fetchall()}
    return teams, users


async def lock_imports(cur, tenant_id: str) -> None:
    """One import at a time per tenant (until the transaction ends)."""
    await cur.execute(IMPORT_LOCK, {"tenant_id": tenant_id})


async def create_user(cur, params: dict) -> None:
    """Insert an imported user, their home-team membership and default preferences."""
    await cur.execute(INSERT_USER, params)
    await cur.execute(UPSERT_MEMBERSHIP, params)
    await cur.execute(INSERT_PREFS, params)


async def update_user(cur, params: dict) -> None:
    """Update an imported user's name, home team and home-team role."""
    await cur.execute(UPDATE_USER, params)
    await cur.execute(UPSERT_MEMBERSHIP, params)


async def team_names(cur, tenant_id: str) -> dict[str, str]:
    """Team id → name."""
    await cur.execute("SELECT id, name FROM team WHERE tenant_id = %(tenant_id)s", {"tenant_id": tenant_id})
    return {r["id"]: r["name"] for r in await cur.fetchall()}
