"""SQL for first-run setup. It runs before any tenant exists, so it binds the tenant itself."""

from __future__ import annotations

SETUP_LOCK = "SELECT pg_advisory_xact_lock(hashtext('pulsestage.first_run_setup'))"
COUNT_TENANTS = "SELECT count(*)::int AS n FROM tenant"
SELECT_TENANT = "SELECT id, slug, name, setup_complete FROM tenant WHERE slug = %(slug)s"
BIND = "SELECT set_config('app.tenant_id', %(tenant_id)s, true)"
INSERT_TENANT = """
INSERT INTO tenant (id, slug, name, setup_complete) VALUES (%(id)s, %(slug)s, %(name)s, true)
"""
FINISH_TENANT = """
UPDATE tenant SET name = %(name)s, setup_complete = true, updated_at = (now() AT TIME ZONE 'utc')
WHERE id = %(id)s
"""
COUNT_PEOPLE = """
SELECT (SELECT count(*) FROM team WHERE tenant_id = %(tenant_id)s)::int AS teams,
       (SELECT count(*) FROM app_user WHERE tenant_id = %(tenant_id)s)::int AS users
"""
INSERT_TEAM = """
INSERT INTO team (id, tenant_id, name, slug, description)
VALUES (%(team_id)s, %(tenant_id)s, %(team_name)s, %(team_slug)s, %(team_description)s)
RETURNING id, tenant_id, name, slug, description, is_active, created_at, updated_at
"""
INSERT_OWNER = """
INSERT INTO app_user (id, tenant_id, email, name, primary_team_id)
VALUES (%(user_id)s, %(tenant_id)s, %(email)s, %(owner_name)s, %(team_id)s)
"""
INSERT_MEMBERSHIP = """
INSERT INTO team_membership (id, tenant_id, user_id, team_id, role)
VALUES (%(membership_id)s, %(tenant_id)s, %(user_id)s, %(team_id)s, 'owner')
"""
INSERT_PREFS = "INSERT INTO user_preferences (id, tenant_id, user_id) VALUES (%(pref_id)s, %(tenant_id)s, %(user_id)s)"


async def lock(cur) -> None:
    """One setup at a time for the whole installation (until the transaction ends)."""
    await cur.execute(SETUP_LOCK)


async def count_tenants(cur) -> int:
    """How many organisations the installation has."""
    await cur.execute(COUNT_TENANTS)
    return (await cur.fetchone())["n"]


async def select_tenant(cur, slug: str) -> dict | None:
    """A tenant by slug with its setup flag."""
    await cur.execute(SELECT_TENANT, {"slug": slug})
    return await cur.fetchone()


async def bind(cur, tenant_id: str) -> None:
    """Bind the open transaction to the tenant being set up (row-level security)."""
    await cur.execute(BIND, {"tenant_id": tenant_id})


async def count_people(cur, tenant_id: str) -> dict:
    """Teams and users of the (bound) tenant."""
    await cur.execute(COUNT_PEOPLE, {"tenant_id": tenant_id})
    return await cur.fetchone()


async def create_tenant(cur, tenant_id: str, slug: str, name: str) -> None:
    """A new organisation, complete as of this transaction."""
    await cur.execute(INSERT_TENANT, {"id": tenant_id, "slug": slug, "name": name})


async def finish_tenant(cur, tenant_id: str, name: str) -> None:
    """Name a pre-created organisation and mark its setup complete."""
    await cur.execute(FINISH_TENANT, {"id": tenant_id, "name": name})


async def create_team_and_owner(cur, params: dict) -> dict:
    """The first team, the owner (home team = that team, role owner) and their preferences."""
    await cur.execute(INSERT_TEAM, params)
    team = await cur.fetchone()
    await cur.execute(INSERT_OWNER, params)
    await cur.execute(INSERT_MEMBERSHIP, params)
    await cur.execute(INSERT_PREFS, params)
    return team
