"""OpenAPI schemas of the user routes (documentation only; validation lives in the routes)."""

from __future__ import annotations

from typing import Any

from pulsestage.teams.schemas import ROLE, TEAM, TEAM_C

_S = {"type": "string"}
_SN = {"type": ["string", "null"]}
_B = {"type": "boolean"}
_OBJ = {"type": "object"}

PREFS: dict[str, Any] = {"type": "object", "properties": {
    "id": _SN, "tenantId": _S, "userId": _S, "favoriteTeams": {"type": "array", "items": _S},
    "defaultTeamId": _SN, "emailNotifications": _B, "pulseEmails": _B,
    "colorMode": {"type": "string", "enum": ["light", "dark", "system"]}, "createdAt": _SN, "updatedAt": _SN}}
PREFS_BODY = {"type": "object", "properties": {
    "favoriteTeams": {"type": "array", "items": _S, "maxItems": 100}, "defaultTeamId": _SN,
    "emailNotifications": _B, "pulseEmails": _B, "colorMode": PREFS["properties"]["colorMode"]},
    "additionalProperties": False}
PRIMARY_TEAM_BODY = {"type": "object", "required": ["teamId"], "properties": {"teamId": _S}}
ME = {"type": "object", "properties": {
    "id": _S, "tenantId": _S, "tenantSlug": _S, "tenantName": _S, "email": _S, "name": _SN, "ssoId": _SN,
    "avatarUrl": _SN, "primaryTeamId": _S, "primaryTeam": {"oneOf": [TEAM, {"type": "null"}]}, "isActive": _B,
    "role": ROLE, "teams": {"type": "array", "items": {"type": "object", "properties": {
        "teamId": _S, "teamSlug": _S, "teamName": _S, "role": ROLE, "isActive": _B}}},
    "preferences": PREFS, "createdAt": _S, "updatedAt": _S}}
MY_TEAMS = {"type": "object", "properties": {
    "teams": {"type": "array", "items": {"type": "object", "properties": {
        **TEAM_C["properties"], "userRole": ROLE, "isFavorite": _B, "isDefault": _B,
        "memberCount": {"type": "integer"}}}},
    "favorites": {"type": "array", "items": _S}, "defaultTeam": {"oneOf": [_OBJ, {"type": "null"}]}}}

ADMIN_USER = {"type": "object", "properties": {
    "id": _S, "email": _S, "name": _SN, "ssoId": _SN, "isActive": _B, "primaryTeamId": _S, "createdAt": _S,
    "updatedAt": _S, "memberships": {"type": "array", "items": {"type": "object", "properties": {
        "id": _S, "teamId": _S, "role": ROLE, "createdAt": _S, "team": _OBJ}}},
    "_count": {"type": "object", "properties": {"upvotes": {"type": "integer"}}}}}
ADMIN_USERS = {"type": "object", "properties": {
    "users": {"type": "array", "items": ADMIN_USER}, "total": {"type": "integer"},
    "limit": {"type": "integer"}, "offset": {"type": "integer"}}}
ROLE_IN_TEAM = {"type": "object", "required": ["teamId", "role"], "properties": {"teamId": _S, "role": ROLE}}
OPTIONAL_ROLE = {"type": "object", "properties": {"role": ROLE}}
IMPORT_BODY = {"type": "object", "required": ["csvData"], "properties": {
    "csvData": {"type": "string", "description": "header email,name,homeTeam,role then one user per line"},
    "dryRun": {"type": "boolean", "default": True}}}
