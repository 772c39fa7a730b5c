"""The five roles, the permission matrix, and effective-role rules (spec/permissions.md)."""

from __future__ import annotations

ROLES = ("viewer", "member", "moderator", "admin", "owner")
LEVEL = {role: i + 1 for i, role in enumerate(ROLES)}

_MIN_ROLE = {
    "question.view": "viewer", "question.submit": "member", "question.upvote": "member",
    "question.answer": "moderator", "question.tag": "moderator", "question.pin": "moderator",
    "question.freeze": "moderator", "question.delete": "admin", "question.moderate": "moderator",
    "tag.view": "viewer", "tag.create": "moderator", "tag.edit": "admin", "tag.delete": "admin",
    "team.view.own": "viewer", "team.view.all": "admin", "team.create": "admin", "team.edit": "admin",
    "team.delete": "admin", "member.view.own": "viewer", "member.view.all": "admin",
    "member.add": "admin", "member.edit": "admin", "member.remove": "admin",
    # Decision (spec/README "Roles"): every admin endpoint needs admin or owner; moderators only
    # moderate the teams they moderate.
    "admin.access": "admin", "audit.view": "admin", "data.export": "admin",
    "presentation.access": "moderator", "owner.grant": "owner",
}
PERMISSIONS = tuple(_MIN_ROLE)


def level(role: str | None) -> int:
    """Rank of a role; unknown or missing is 0."""
    return LEVEL.get(role or "", 0)


def role_has(role: str | None, permission: str) -> bool:
    """Whether `role` grants `permission`."""
    needed = _MIN_ROLE.get(permission)
    if needed is None:
        raise KeyError(f"unknown permission {permission!r}")
    return level(role) >= LEVEL[needed]


def highest(roles: list[str]) -> str:
    """The user's global role: the highest membership role, `member` with no memberships."""
    if not roles:
        return "member"
    return max(roles, key=level)


def effective_role(memberships: dict[str, str], team_id: str | None) -> str | None:
    """The role that counts for an action on `team_id` (None = no access to that team).

    Admins and owners act tenant-wide. Everyone else acts with the role of their membership in
    that team; a question without a team is judged on the global role.
    """
    top = highest(list(memberships.values()))
    if level(top) >= LEVEL["admin"] or team_id is None:
        return top
    return memberships.get(team_id)
