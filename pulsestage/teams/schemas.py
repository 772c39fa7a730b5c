"""OpenAPI schemas of the team routes (documentation only; validation lives in the routes)."""

from __future__ import annotations

from typing import Any

_S = {"type": "string"}
_SN = {"type": ["string", "null"]}
_B = {"type": "boolean"}
_I = {"type": "integer"}
ROLE = {"type": "string", "enum": ["viewer", "member", "moderator", "admin", "owner"]}

TEAM: dict[str, Any] = {"type": "object", "properties": {
    "id": _S, "tenantId": _S, "name": _S, "slug": _S, "description": _SN, "isActive": _B,
    "createdAt": _S, "updatedAt": _S}}
TEAM_C: dict[str, Any] = {"type": "object", "properties": {
    **TEAM["properties"],
    "_count": {"type": "object", "properties": {"questions": _I, "memberships": _I}}}}
TEAM_LIST = {"type": "array", "items": TEAM_C}
TEAM_CREATE = {"type": "object", "required": ["name", "slug"], "properties": {
    "name": {"type": "string", "minLength": 1, "maxLength": 100},
    "slug": {"type": "string", "pattern": "^[a-z0-9-]{1,50}$"},
    "description": {"type": "string", "maxLength": 500}}}
TEAM_EDIT = {"type": "object", "properties": {
    "name": {"type": "string", "minLength": 1, "maxLength": 100},
    "description": {"type": ["string", "null"], "maxLength": 500}, "isActive": _B}}
MEMBER = {"type": "object", "properties": {
    "id": _S, "userId": _S, "teamId": _S, "role": ROLE, "createdAt": _S,
    "user": {"type": "object", "properties": {"id": _S, "email": _S, "name": _SN}}}}
MEMBER_LIST = {"type": "object", "properties": {"members": {"type": "array", "items": MEMBER}}}
MEMBER_ADD = {"type": "object", "required": ["userId"], "properties": {"userId": _S, "role": ROLE}}
ROLE_BODY = {"type": "object", "required": ["role"], "properties": {"role": ROLE}}
MEMBERSHIP_RESULT = {"type": "object", "properties": {"success": _B, "membership": MEMBER, "message": _S}}
