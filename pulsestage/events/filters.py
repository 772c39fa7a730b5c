"""Who may receive an event: the audience a publisher names, and the viewer a stream belongs to.

The bus applies `may_receive` to every subscriber, so no SSE handler ever decides who sees what.
User ids named in an audience travel (to Redis and the replay buffer) only as keyed digests: the
author of an under-review question is needed to route the event to them, but never appears in
anything stored or sent.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from typing import Any

from pulsestage.auth import permissions


@dataclass(frozen=True, slots=True)
class Audience:
    """Who may receive an event; the default is everyone signed in to the tenant.

    `min_role` restricts the event to people holding at least that role for `team_id` (admins and
    owners act tenant-wide); `user_ids` are let in regardless. An audience with `min_role` unset
    and `user_ids` given is private to those users.
    """

    team_id: str | None = None
    min_role: str | None = None
    user_ids: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def everyone(cls) -> Audience:
        """Every signed-in user of the tenant."""
        return cls()

    @classmethod
    def moderators(cls, team_id: str | None, *also: str | None) -> Audience:
        """Moderators of `team_id`, admins, owners, and the users named in `also`."""
        return cls(team_id, "moderator", frozenset(u for u in also if u))

    @classmethod
    def admins(cls) -> Audience:
        """Admins and owners only."""
        return cls(None, "admin")

    @classmethod
    def users(cls, *user_ids: str) -> Audience:
        """Only these users."""
        return cls(None, None, frozenset(user_ids))

    @property
    def is_everyone(self) -> bool:
        """True when nobody is filtered out."""
        return self.min_role is None and not self.user_ids


def user_digest(secret: bytes, user_id: str) -> str:
    """A keyed digest of a user id: equal ids match, the id itself cannot be read back."""
    return hmac.new(secret, user_id.encode(), hashlib.sha256).hexdigest()[:32]


def seal(audience: Audience | None, secret: bytes) -> dict[str, Any]:
    """The audience as stored and relayed: user ids replaced by digests."""
    audience = audience or Audience()
    return {
        "teamId": audience.team_id,
        "minRole": audience.min_role,
        "users": sorted(user_digest(secret, u) for u in audience.user_ids),
    }


@dataclass(frozen=True, slots=True)
class Viewer:
    """The identity a stream was opened with (roles as they were at connection time)."""

    tenant_id: str
    user_id: str
    digest: str
    memberships: dict[str, str] = field(default_factory=dict)

    def role_in(self, team_id: str | None) -> str | None:
        """Effective role for a team (admins act tenant-wide)."""
        return permissions.effective_role(self.memberships, team_id)


def to_everyone(sealed: dict[str, Any]) -> bool:
    """Whether a `sealed` audience lets in everyone of the event's tenant (no role, no users)."""
    return sealed.get("minRole") is None and not sealed.get("users")


def may_receive(viewer: Viewer, tenant_id: str, sealed: dict[str, Any]) -> bool:
    """Whether `viewer` may see an event of `tenant_id` addressed to the `sealed` audience."""
    if viewer.tenant_id != tenant_id:
        return False
    if to_everyone(sealed):
        return True
    min_role, users = sealed.get("minRole"), sealed.get("users") or ()
    if viewer.digest in users:
        return True
    if min_role is None:
        return False
    return permissions.level(viewer.role_in(sealed.get("teamId"))) >= permissions.LEVEL[min_role]
