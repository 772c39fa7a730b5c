"""SQL for teams: lists with real counts, lookups, create, update, (de)activate."""

from __future__ import annotations

_COUNTS = """
       (SELECT count(*) FROM question q
         WHERE q.tenant_id = t.tenant_id AND q.team_id = t.id AND q.status = 'OPEN'
           AND q.deleted_at IS NULL)::int AS open_questions,
       (SELECT count(*) FROM team_membership m
         WHERE m.tenant_id = t.tenant_id AND m.team_id = t.id)::int AS memberships
"""
_COLUMNS = "t.id, t.tenant_id, t.name, t.slug, t.description, t.is_active, t.created_at, t.updated_at"

SELECT_TEAMS = f"""
SELECT {_COLUMNS}, {_COUNTS}
FROM team t
WHERE t.tenant_id = %(tenant_id)s AND (t.is_active OR %(include_inactive)s)
ORDER BY t.name, t.slug
"""

SELECT_TEAM_BY_SLUG = f"""
SELECT {_COLUMNS}, {_COUNTS} FROM team t WHERE t.tenant_id = %(tenant_id)s AND t.slug = %(slug)s
"""

SELECT_TEAM_BY_ID = f"""
SELECT {_COLUMNS}, {_COUNTS} FROM team t WHERE t.tenant_id = %(tenant_id)s AND t.id = %(team_id)s
"""

SELECT_TEAM_FOR_UPDATE = f"""
SELECT {_COLUMNS} FROM team t WHERE t.tenant_id = %(tenant_id)s AND t.id = %(team_id)s FOR UPDATE
"""

SLUG_TAKEN = "SELECT 1 FROM team WHERE tenant_id = %(tenant_id)s AND slug = %(slug)s"

INSERT_TEAM = """
INSERT INTO team (id, tenant_id, name, slug, description)
VALUES (%(id)s, %(tenant_id)s, %(name)s, %(slug)s, %(description)s)
"""

UPDATE_TEAM = """
UPDATE team SET name = %(name)s, description = %(description)s, is_active = %(is_active)s,
       updated_at = (now() AT TIME ZONE 'utc')
WHERE tenant_id = %(tenant_id)s AND id = %(team_id)s
"""


async def select_teams(cur, tenant_id: str, include_inactive: bool) -> list[dict]:
    """Teams of the tenant by name, with open-question and member counts."""
    await cur.execute(SELECT_TEAMS, {"tenant_id": tenant_id, "include_inactive": include_inactive})
    return await cur.fetchall()


async def select_team_by_slug(cur, tenant_id: str, slug: str) -> dict | None:
    """One team by slug, with counts."""
    await cur.execute(SELECT_TEAM_BY_SLUG, {"tenant_id": tenant_id, "slug": slug})
    return await cur.fetchone()


async def select_team(cur, tenant_id: str, team_id: str) -> dict | None:
    """One team by id, with counts."""
    await cur.execute(SELECT_TEAM_BY_ID, {"tenant_id": tenant_id, "team_id": team_id})
    return await cur.fetchone()


async def lock_team(cur, tenant_id: str, team_id: str) -> dict | None:
    """One team by id, row-locked for an update."""
    await cur.execute(SELECT_TEAM_FOR_UPDATE, {"tenant_id": tenant_id, "team_id": team_id})
    return await cur.fetchone()


async def slug_taken(cur, tenant_id: str, slug: str) -> bool:
    """Whether a team of the tenant already uses the slug."""
    await cur.execute(SLUG_TAKEN, {"tenant_id": tenant_id, "slug": slug})
    return await cur.fetchone() is not None


async def insert_team(cur, params: dict) -> None:
    """Create a team (`id, tenant_id, name, slug, description`)."""
    await cur.execute(INSERT_TEAM, params)


async def update_team(cur, params: dict) -> None:
    """Write a team's name, description and active flag."""
    await cur.execute(UPDATE_TEAM, params)
