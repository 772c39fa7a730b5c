"""OpenAPI schemas of the administration routes (documentation only)."""

from __future__ import annotations

from pulsestage.admin.settings_rules import CADENCES, DEFAULT_ROLES, THEMES

_S = {"type": "string"}
_SN = {"type": ["string", "null"]}
_B = {"type": "boolean"}
_I = {"type": "integer"}


def _obj(**props) -> dict:
    return {"type": "object", "additionalProperties": False, "properties": props}


SETTINGS_DOC = _obj(
    questions=_obj(minLength={"type": "integer", "minimum": 1, "maximum": 2000},
                   maxLength={"type": "integer", "minimum": 10, "maximum": 5000}),
    users=_obj(defaultRole={"type": "string", "enum": list(DEFAULT_ROLES)},
               allowedEmailDomains={"type": "array", "items": _S, "maxItems": 50}),
    security=_obj(sessionTimeout={"type": "integer", "minimum": 1, "maximum": 720},
                  adminSessionTimeout={"type": "integer", "minimum": 1, "maximum": 720},
                  rateLimits=_obj(questionsPerHour=_I, upvotesPerMinute=_I, responsesPerHour=_I,
                                  searchPerMinute=_I)),
    branding=_obj(theme={"type": "string", "enum": list(THEMES)},
                  primaryColor={"type": ["string", "null"], "pattern": "^#[0-9A-Fa-f]{6}$"},
                  accentColor={"type": ["string", "null"], "pattern": "^#[0-9A-Fa-f]{6}$"},
                  logoUrl=_SN, faviconUrl=_SN, welcomeMessage=_SN),
    features=_obj(allowAnonymousQuestions=_B, requireQuestionApproval=_B, enableEmailNotifications=_B,
                  attributedQuestions=_B),
    pulse=_obj(enabled=_B, anonThreshold={"type": "integer", "minimum": 3, "maximum": 100},
               defaultCadence={"type": "string", "enum": list(CADENCES)}, defaultTime=_S,
               rotatingCohorts=_B, channelSlack=_B, channelEmail=_B,
               reminderAfterDays={"type": ["integer", "null"], "minimum": 0, "maximum": 6}),
)
SETTINGS_PATCH = _obj(name={"type": "string", "minLength": 1, "maxLength": 100}, settings=SETTINGS_DOC)
PUBLIC_SETTINGS = {"type": "object", "properties": {
    "tenant": {"type": "object", "properties": {"name": _S, "slug": _S}},
    "theme": {"type": "string", "enum": list(THEMES)},
    "branding": {"type": "object", "properties": {
        "primaryColor": _SN, "accentColor": _SN, "logoUrl": _SN, "faviconUrl": _SN, "welcomeMessage": _SN}},
    "questions": {"type": "object", "properties": {"minLength": _I, "maxLength": _I}},
    "pulse": {"type": "object", "properties": {"anonThreshold": _I}},
    "features": {"type": "object", "properties": {
        "allowAnonymousQuestions": _B, "requireQuestionApproval": _B, "attributedQuestions": _B}},
}}
