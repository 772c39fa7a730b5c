"""Who is calling: the signed-in user of this request, read from the database every time."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pulsestage.auth import permissions


@dataclass(frozen=True, slots=True)
class SessionUser:
    """The signed-in user, with their role in each team."""

    id: str
    tenant_id: str
    email: str
    name: str | None
    sso_id: str | None
    primary_team_id: str
    memberships: dict[str, str] = field(default_factory=dict)  # team id → role
    # the tenant's effective settings, read in the same statement as the user (this request's
    # view of them; services use it instead of reading the settings again). None: not read.
    tenant_settings: dict[str, Any] | None = field(default=None, compare=False, repr=False)

    @property
    def role(self) -> str:
        """The highest role over all teams (`member` without memberships)."""
        return permissions.highest(list(self.memberships.values()))

    @property
    def is_admin(self) -> bool:
        """Admin or owner: acts tenant-wide."""
        return permissions.level(self.role) >= permissions.LEVEL["admin"]

    def role_in(self, team_id: str | None) -> str | None:
        """Effective role for an action on a team."""
        return permissions.effective_role(self.memberships, team_id)

    def can(self, permission: str, team_id: str | None = None) -> bool:
        """Whether the user holds `permission` for `team_id` (or globally)."""
        return permissions.role_has(self.role_in(team_id), permission)

    def moderated_team_ids(self) -> set[str]:
        """Teams where this user is moderator or above."""
        return {t for t, r in self.memberships.items() if permissions.level(r) >= permissions.LEVEL["moderator"]}
