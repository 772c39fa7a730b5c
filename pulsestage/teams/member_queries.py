"""SQL for team memberships."""

from __future__ import annotations

SELECT_MEMBERS = """
SELECT m.id, m.user_id, m.team_id, m.role, m.created_at,
       u.email, u.name, u.sso_id, u.is_active, u.created_at AS user_created_at
FROM team_membership m
JOIN app_user u ON u.tenant_id = m.tenant_id AND u.id = m.user_id
WHERE m.tenant_id = %(tenant_id)s AND m.team_id = %(team_id)s
ORDER BY array_position(ARRAY['owner', 'admin', 'moderator', 'member', 'viewer'], m.role),
         m.created_at, u.email
"""

SELECT_MEMBERSHIP = """
SELECT id, user_id, team_id, role, created_at FROM team_membership
WHERE tenant_id = %(tenant_id)s AND team_id = %(team_id)s AND user_id = %(user_id)s
FOR UPDATE
"""

SELECT_USER = """
SELECT id, email, name, primary_team_id, is_active FROM app_user
WHERE tenant_id = %(tenant_id)s AND id = %(user_id)s
"""

INSERT_MEMBERSHIP = """
INSERT INTO team_membership (id, tenant_id, user_id, team_id, role)
VALUES (%(id)s, %(tenant_id)s, %(user_id)s, %(team_id)s, %(role)s)
RETURNING id, user_id, team_id, role, created_at
"""

UPDATE_ROLE = """
UPDATE team_membership SET role = %(role)s
WHERE tenant_id = %(tenant_id)s AND team_id = %(team_id)s AND user_id = %(user_id)s
RETURNING id, user_id, team_id, role, created_at
"""

DELETE_MEMBERSHIP = """
DELETE FROM team_membership
WHERE tenant_id = %(tenant_id)s AND team_id = %(team_id)s AND user_id = %(user_id)s
"""


async def select_members(cur, tenant_id: str, team_id: str) -> list[dict]:
    """A team's members with their user, highest role first."""
    await cur.execute(SELECT_MEMBERS, {"tenant_id": tenant_id, "team_id": team_id})
    return await cur.fetchall()


async def lock_membership(cur, tenant_id: str, team_id: str, user_id: str) -> dict | None:
    """One membership, row-locked, or None."""
    await cur.execute(SELECT_MEMBERSHIP, {"tenant_id": tenant_id, "team_id": team_id, "user_id": user_id})
    return await cur.fetchone()


async def select_user(cur, tenant_id: str, user_id: str) -> dict | None:
    """The few user columns membership changes need."""
    await cur.execute(SELECT_USER, {"tenant_id": tenant_id, "user_id": user_id})
    return await cur.fetchone()


async def insert_membership(cur, params: dict) -> dict:
    """Create a membership (`id, tenant_id, user_id, team_id, role`)."""
    await cur.execute(INSERT_MEMBERSHIP, params)
    return await cur.fetchone()


async def update_role(cur, tenant_id: str, team_id: str, user_id: str, role: str) -> dict:
    """Change a membership's role."""
    await cur.execute(UPDATE_ROLE, {"tenant_id": tenant_id, "team_id": team_id, "user_id": user_id,
                                    "role": role})
    return await cur.fetchone()


async def delete_membership(cur, tenant_id: str, team_id: str, user_id: str) -> None:
    """Remove a membership."""
    await cur.execute(DELETE_MEMBERSHIP, {"tenant_id": tenant_id, "team_id": team_id, "user_id": user_id})
