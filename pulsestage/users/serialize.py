"""JSON shapes for users, teams and preferences (camelCase, spec/api.md §0.3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pulsestage.http.responses import camel_row, iso

_TIMES = ("created_at", "updated_at")


def _times(row: dict[str, Any]) -> dict[str, Any]:
    # rows built by row_to_json carry timestamps as text without a zone; normalise to ...Z
    out = dict(row)
    for key in _TIMES:
        if isinstance(out.get(key), str):
            out[key] = iso(dt.datetime.fromisoformat(out[key]))
    return out


def team_json(row: dict[str, Any] | None) -> dict[str, Any] | None:
    """Team `{id, tenantId, name, slug, description, isActive, createdAt, updatedAt}`."""
    if row is None:
        return None
    row = _times(row)
    return camel_row({k: row.get(k) for k in
                      ("id", "tenant_id", "name", "slug", "description", "is_active", "created_at", "updated_at")})


def preferences_json(row: dict[str, Any] | None) -> dict[str, Any] | None:
    """Prefs `{id, tenantId, userId, favoriteTeams, defaultTeamId, emailNotifications, ...}`."""
    if row is None:
        return None
    return camel_row(_times(row))
