"""JSON shapes for teams and memberships (camelCase, spec/api.md §0.3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pulsestage.http.responses import camel_row, iso

TEAM_FIELDS = ("id", "tenant_id", "name", "slug", "description", "is_active", "created_at", "updated_at")


def iso_text(value: Any) -> Any:
    """A timestamp from a row_to_json row (text without zone) as ISO-8601 with Z."""
    return iso(dt.datetime.fromisoformat(value)) if isinstance(value, str) else value


def team_fields(row: dict[str, Any]) -> dict[str, Any]:
    """Team `{id, tenantId, name, slug, description, isActive, createdAt, updatedAt}`."""
    out = camel_row({k: row.get(k) for k in TEAM_FIELDS})
    out["createdAt"], out["updatedAt"] = iso_text(out["createdAt"]), iso_text(out["updatedAt"])
    return out


def team_json(row: dict[str, Any] | None) -> dict[str, Any] | None:
    """`team_fields`, or None for no team."""
    return None if row is None else team_fields(row)


def team_c_json(row: dict[str, Any]) -> dict[str, Any]:
    """TeamC: a team with `_count` of open questions and memberships."""
    out = team_fields(row)
    out["_count"] = {"questions": row.get("open_questions", 0), "memberships": row.get("memberships", 0)}
    return out


def membership_json(row: dict[str, Any], user: dict[str, Any], team: dict[str, Any]) -> dict[str, Any]:
    """A membership with the user and team it joins."""
    return {
        "id": row["id"], "userId": row["user_id"], "teamId": row["team_id"], "role": row["role"],
        "createdAt": row["created_at"],
        "user": {"id": user["id"], "email": user["email"], "name": user["name"]},
        "team": {"id": team["id"], "name": team["name"], "slug": team["slug"]},
    }


def member_json(row: dict[str, Any]) -> dict[str, Any]:
    """One entry of a team's member list."""
    return {
        "id": row["id"], "userId": row["user_id"], "teamId": row["team_id"], "role": row["role"],
        "createdAt": row["created_at"],
        "user": {"id": row["user_id"], "email": row["email"], "name": row["name"], "ssoId": row["sso_id"],
                 "isActive": row["is_active"], "createdAt": row["user_created_at"]},
    }
