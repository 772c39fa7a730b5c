"""JSON shapes for the current user: preferences and my teams (camelCase)."""

from __future__ import annotations

from typing import Any

from pulsestage.http.responses import camel_row
from pulsestage.teams.serialize import team_fields, team_json

PREF_DEFAULTS: dict[str, Any] = {"favorite_teams": [], "default_team_id": None, "email_notifications": True,
                 "pulse_emails": True, "color_mode": "system"}

__all__ = ["PREF_DEFAULTS", "my_team_json", "preferences_json", "team_json"]


def preferences_json(row: dict[str, Any] | None, tenant_id: str, user_id: str) -> dict[str, Any]:
    """Prefs `{id, tenantId, userId, favoriteTeams, defaultTeamId, emailNotifications, pulseEmails,
    colorMode, createdAt, updatedAt}`; the defaults when nothing is stored yet."""
    if row is None:
        row = {"id": None, "tenant_id": tenant_id, "user_id": user_id, **PREF_DEFAULTS,
               "created_at": None, "updated_at": None}
    return camel_row(row)


def my_team_json(row: dict[str, Any], prefs: dict[str, Any]) -> dict[str, Any]:
    """One of my teams: the team, my role, whether it is a favourite or my default, real counts."""
    out = team_fields(row)
    out.update({
        "_count": {"questions": row["question_count"], "memberships": row["member_count"]},
        "userRole": row["role"],
        "isFavorite": row["id"] in prefs["favoriteTeams"],
        "isDefault": prefs["defaultTeamId"] == row["id"],
        "memberCount": row["member_count"],
    })
    return out

