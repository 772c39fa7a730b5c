"""The tenant settings document: defaults deep-merged under what is stored (behaviours.md §14)."""

from __future__ import annotations

from typing import Any

import orjson

DEFAULTS: dict[str, Any] = {
    "questions": {"minLength": 10, "maxLength": 2000},
    "users": {"defaultRole": "member", "allowedEmailDomains": []},
    "security": {
        "sessionTimeout": 8,
        "adminSessionTimeout": 8,
        "rateLimits": {"questionsPerHour": 10, "upvotesPerMinute": 20, "responsesPerHour": 5, "searchPerMinute": 30},
    },
    "branding": {
        # colours: null = no override, the theme's own palette decides
        "theme": "refined-teal", "primaryColor": None, "accentColor": None,
        "logoUrl": None, "faviconUrl": None, "welcomeMessage": None,
    },
    "features": {
        "allowAnonymousQuestions": True, "requireQuestionApproval": False,
        "enableEmailNotifications": False, "attributedQuestions": False,
    },
    "pulse": {
        "enabled": False, "anonThreshold": 5, "defaultCadence": "weekly", "defaultTime": "09:00",
        "rotatingCohorts": True, "channelSlack": False, "channelEmail": True,
        "reminderAfterDays": None,  # null or 0 = no reminder; 1-6 = remind the unanswered after that many days
    },
}

SELECT_SETTINGS = "SELECT settings FROM tenant_settings WHERE tenant_id = %(tenant_id)s"


def deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Objects merge recursively; arrays and scalars in `over` replace those in `base`.

    The result shares nothing with either. Both are JSON documents, so they are copied by a JSON
    round trip in C: `copy.deepcopy` of the defaults cost every signed-in request about as much
    as its session lookup.
    """
    return _merge_into(_copy(base), _copy(over))


def _copy(document: dict[str, Any]) -> dict[str, Any]:
    return orjson.loads(orjson.dumps(document))


def _merge_into(merged: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            _merge_into(merged[key], value)
        else:
            merged[key] = value
    return merged


def effective(stored: dict[str, Any] | None) -> dict[str, Any]:
    """The stored document over the defaults."""
    return deep_merge(DEFAULTS, stored or {})


async def load_settings(cur, tenant_id: str) -> dict[str, Any]:
    """The tenant's effective settings, read inside the caller's (tenant-bound) transaction."""
    await cur.execute(SELECT_SETTINGS, {"tenant_id": tenant_id})
    row = await cur.fetchone()
    return effective(row["settings"] if row else None)


def anon_threshold(settings: dict[str, Any]) -> int:
    """The pulse anonymity threshold: from settings only, never below 3."""
    value = settings.get("pulse", {}).get("anonThreshold", 5)
    return max(3, int(value)) if isinstance(value, int) and not isinstance(value, bool) else 5
