"""Who may see and do what to a question: visibility, team-scoped permissions, audit actors.

Visibility: a live OPEN or ANSWERED question is readable by everyone signed in to the tenant; an
UNDER_REVIEW one only by its author, moderators of its team, admins and owners; a deleted one by
nobody (404, as for another tenant's id).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pulsestage.admin.audit import Actor
from pulsestage.auth.identity import SessionUser
from pulsestage.db.tenancy import Tenant
from pulsestage.errors import Forbidden, NotFound

NOT_FOUND = "Question not found"


@dataclass(frozen=True, slots=True)
class Caller:
    """The signed-in user acting in a tenant, and where the request came from (for audit)."""

    tenant: Tenant
    user: SessionUser
    ip: str | None = None
    user_agent: str | None = None

    @property
    def actor(self) -> Actor:
        """The audit actor for an action on someone else's (or nobody's) question."""
        return Actor(self.user.id, self.ip, self.user_agent)

    def actor_on(self, row: dict[str, Any]) -> Actor:
        """The audit actor for an action on `row`.

        When the author acts on their own anonymous question, the row must not name them (nor
        their IP or browser, which identify them just as well): the actor is recorded as nobody.
        """
        if row.get("author_id") == self.user.id and row.get("is_anonymous", True):
            return Actor(None)
        return self.actor

    def is_author(self, row: dict[str, Any]) -> bool:
        """Whether the caller wrote this question."""
        return row.get("author_id") == self.user.id


def attributed(settings: dict[str, Any]) -> bool:
    """Whether this tenant shows authors of questions that are not anonymous."""
    return bool(settings.get("features", {}).get("attributedQuestions"))


def can_see(user: SessionUser | None, row: dict[str, Any] | None) -> bool:
    """Whether `user` may read this question at all."""
    if row is None or row.get("deleted_at") is not None or user is None:
        return False
    if row["status"] != "UNDER_REVIEW":
        return True
    return row.get("author_id") == user.id or user.can("question.moderate", row.get("team_id"))


def require_visible(user: SessionUser | None, row: dict[str, Any] | None) -> dict[str, Any]:
    """The row if `user` may see it, else 404 (the same answer as for a missing id)."""
    if row is None or not can_see(user, row):
        raise NotFound(NOT_FOUND)
    return row


def require_to_act(user: SessionUser, row: dict[str, Any] | None, permission: str) -> dict[str, Any]:
    """The row if `user` holds `permission` on its team: 404 when it does not exist, else 403."""
    if row is None or row.get("deleted_at") is not None:
        raise NotFound(NOT_FOUND)
    require_team_permission(user, permission, row.get("team_id"))
    return require_visible(user, row)


def require_team_permission(user: SessionUser, permission: str, team_id: str | None) -> None:
    """403 unless `user` holds `permission` for `team_id` (admins and owners everywhere)."""
    if user.can(permission, team_id):
        return
    if team_id is not None and user.role_in(team_id) is None:
        raise Forbidden("You do not have permission to access this team")
    raise Forbidden(f"This action requires {permission} permission")


def visible_team_ids(user: SessionUser) -> list[str] | None:
    """Teams whose questions the 'all teams' list shows: None = every team (admins, owners)."""
    return None if user.is_admin else sorted(user.memberships)


def moderated_team_ids(user: SessionUser) -> list[str] | None:
    """Teams whose moderation queue the caller sees: None = every team (admins, owners)."""
    return None if user.is_admin else sorted(user.moderated_team_ids())
