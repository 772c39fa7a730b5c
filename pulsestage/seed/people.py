"""Writes a demo tenant's teams, users, memberships, preferences and settings (create if missing)."""

from __future__ import annotations

from datetime import timedelta

from psycopg2.extras import Json

from pulsestage.seed.data import HISTORY_WEEKS, DemoTenant
from pulsestage.seed.rows import Clock, id_map, insert_rows, new_id

TEAM_COLUMNS = ("id", "tenant_id", "name", "slug", "description", "created_at", "updated_at")
USER_COLUMNS = ("id", "tenant_id", "email", "name", "sso_id", "primary_team_id", "created_at",
                "updated_at")
MEMBERSHIP_COLUMNS = ("id", "tenant_id", "user_id", "team_id", "role", "created_at")
PREFERENCE_COLUMNS = ("id", "tenant_id", "user_id", "favorite_teams", "email_notifications",
                      "created_at", "updated_at")


def founded(clock: Clock):
    """When the demo organisation 'started': a week before the pulse history begins."""
    return clock.at(clock.monday(HISTORY_WEEKS + 1), 8)


def write_people(cur, tenant_id: str, demo: DemoTenant, clock: Clock) -> tuple[dict, dict, int]:
    """Create missing teams, users, memberships and preferences; return (team ids, user ids, added)."""
    start = founded(clock)
    added = insert_rows(cur, "team", TEAM_COLUMNS, [
        (new_id(), tenant_id, t.name, t.slug, t.description, start, start) for t in demo.teams])
    team_ids = id_map(cur, "team", "slug", tenant_id)

    # Distinct creation times keep "order by created_at" equal to the documented list order.
    users = [
        (new_id(), tenant_id, u.email, u.name, u.sso_id, team_ids[u.primary_team],
         start + timedelta(seconds=i), start + timedelta(seconds=i))
        for i, u in enumerate(demo.users) if u.primary_team in team_ids
    ]
    added += insert_rows(cur, "app_user", USER_COLUMNS, users)
    user_ids = id_map(cur, "app_user", "email", tenant_id)

    memberships = [
        (new_id(), tenant_id, user_ids[u.email], team_ids[team], role, start)
        for u in demo.users if u.email in user_ids
        for team, role in u.memberships if team in team_ids
    ]
    added += insert_rows(cur, "team_membership", MEMBERSHIP_COLUMNS, memberships)
    preferences = [
        (new_id(), tenant_id, user_ids[u.email], Json([]), False, start, start)
        for u in demo.users if u.email in user_ids
    ]
    added += insert_rows(cur, "user_preferences", PREFERENCE_COLUMNS, preferences)
    return team_ids, user_ids, added


def write_settings(cur, tenant_id: str, document: dict | None, *, replace: bool) -> int:
    """Store the settings document: only if missing, or (replace) over the old one.

    A replacement bumps `sessionVersion`, so sessions of the users a tenant reset removed end.
    """
    if document is None:
        return 0
    if not replace:
        return insert_rows(cur, "tenant_settings", ("id", "tenant_id", "settings"),
                           [(new_id(), tenant_id, Json(document))],
                           on_conflict="ON CONFLICT (tenant_id) DO NOTHING")
    cur.execute("SELECT settings->>'sessionVersion' FROM tenant_settings WHERE tenant_id = %s",
                (tenant_id,))
    row = cur.fetchone()
    if row is not None:
        previous = int(row[0]) if row[0] and row[0].isdigit() else 0
        document = {**document, "sessionVersion": previous + 1}
    return insert_rows(
        cur, "tenant_settings", ("id", "tenant_id", "settings"),
        [(new_id(), tenant_id, Json(document))],
        on_conflict="ON CONFLICT (tenant_id) DO UPDATE SET settings = EXCLUDED.settings, "
                    "updated_at = (now() AT TIME ZONE 'utc')")
