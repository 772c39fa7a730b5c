"""Validation of tenant-settings writes: one rule per key of the settings document.

Every leaf of `DEFAULTS` has exactly one rule here (a unit test keeps them in step). A patch
naming a key that is not in the document, giving a section something other than an object, or a
leaf a value of the wrong type or out of range is refused with the dotted key named; nothing is
written unless the whole patch is valid.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pulsestage.admin.settings_doc import DEFAULTS, deep_merge
from pulsestage.errors import FieldError, Invalid

THEMES = ("executive-blue", "modern-purple", "refined-teal", "indigo-professional")
# The role new accounts get. Owner is never a default: only an owner grants it.
DEFAULT_ROLES = ("viewer", "member", "moderator", "admin")
# Joining another team on one's own (home-team change) never gives more than member.
SELF_JOIN_ROLES = ("viewer", "member")
CADENCES = ("weekly", "biweekly", "monthly")
_HEX = re.compile(r"#[0-9A-Fa-f]{6}")
_HHMM = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
_DOMAIN = re.compile(r"(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")
_URL = re.compile(r"https?://[^\s\"'<>]{1,2040}")

Check = Callable[[Any], tuple[str, str] | None]  # value -> (rule, message) or None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def whole(low: int, high: int, label: str) -> Check:
    """A whole number within [low, high]."""
    def check(value: Any):
        if not _is_int(value):
            return "type", f"{label} must be a whole number"
        if not low <= value <= high:
            return "range", f"{label} must be between {low} and {high}"
        return None
    return check


def flag(label: str) -> Check:
    """true or false."""
    return lambda value: None if isinstance(value, bool) else ("type", f"{label} must be true or false")


def one_of(options: tuple[str, ...], label: str) -> Check:
    """One of a few strings."""
    return lambda value: None if value in options else ("enum", f"{label} must be one of: {', '.join(options)}")


def hex_color(label: str, example: str) -> Check:
    """null (no override: the theme decides), or a colour #RRGGBB."""
    def check(value: Any):
        if value is None:
            return None
        if not isinstance(value, str) or not _HEX.fullmatch(value):
            return "pattern", f"{label} must be a hex colour such as {example}, or null"
        return None
    return check


def web_url(label: str) -> Check:
    """null, or an http(s) URL (no javascript: or data: links in the page chrome)."""
    def check(value: Any):
        if value is None or (isinstance(value, str) and _URL.fullmatch(value)):
            return None
        return "url", f"{label} must be an http:// or https:// URL, or null"
    return check


def text(max_len: int, label: str) -> Check:
    """null, or a string of at most max_len characters."""
    def check(value: Any):
        if value is None:
            return None
        if not isinstance(value, str):
            return "type", f"{label} must be text or null"
        if len(value) > max_len:
            return "max_length", f"{label} must be at most {max_len} characters"
        return None
    return check


def domains(label: str) -> Check:
    """A list of e-mail domains such as example.com."""
    def check(value: Any):
        if not isinstance(value, list) or len(value) > 50:
            return "type", f"{label} must be a list of at most 50 domains"
        if not all(isinstance(d, str) and _DOMAIN.fullmatch(d) for d in value):
            return "pattern", f"{label} must contain lower-case domains such as example.com"
        return None
    return check


def clock(label: str) -> Check:
    """A time of day HH:MM."""
    return lambda value: None if isinstance(value, str) and _HHMM.fullmatch(value) else (
        "pattern", f"{label} must be a time of day HH:MM")


RULES: dict[str, Check] = {
    "questions.minLength": whole(1, 2000, "Question min length"),
    "questions.maxLength": whole(10, 5000, "Question max length"),
    "users.defaultRole": one_of(DEFAULT_ROLES, "Default role"),
    "users.allowedEmailDomains": domains("Allowed e-mail domains"),
    "security.sessionTimeout": whole(1, 720, "Session timeout (hours)"),
    "security.adminSessionTimeout": whole(1, 720, "Admin session timeout (hours)"),
    "security.rateLimits.questionsPerHour": whole(1, 100, "Questions per hour"),
    "security.rateLimits.upvotesPerMinute": whole(1, 200, "Upvotes per minute"),
    "security.rateLimits.responsesPerHour": whole(1, 50, "Responses per hour"),
    "security.rateLimits.searchPerMinute": whole(1, 500, "Search per minute"),
    "branding.theme": one_of(THEMES, "Theme"),
    "branding.primaryColor": hex_color("Primary colour", "#3B82F6"),
    "branding.accentColor": hex_color("Accent colour", "#10B981"),
    "branding.logoUrl": web_url("Logo URL"),
    "branding.faviconUrl": web_url("Favicon URL"),
    "branding.welcomeMessage": text(500, "Welcome message"),
    "features.allowAnonymousQuestions": flag("Allow anonymous questions"),
    "features.requireQuestionApproval": flag("Require question approval"),
    "features.enableEmailNotifications": flag("E-mail notifications"),
    "features.attributedQuestions": flag("Attributed questions"),
    "pulse.enabled": flag("Pulse enabled"),
    "pulse.anonThreshold": whole(3, 100, "Pulse anonymity threshold"),
    "pulse.defaultCadence": one_of(CADENCES, "Pulse cadence"),
    "pulse.defaultTime": clock("Pulse send time"),
    "pulse.rotatingCohorts": flag("Rotating cohorts"),
    "pulse.channelSlack": flag("Slack channel"),
    "pulse.channelEmail": flag("E-mail channel"),
    "pulse.reminderAfterDays": lambda value: None if value is None else whole(0, 6, "Pulse reminder (days)")(value),
}


def leaf_paths(document: dict[str, Any], prefix: str = "") -> list[str]:
    """Dotted paths of every non-object value in a document."""
    paths = []
    for key, value in document.items():
        path = f"{prefix}{key}"
        paths.extend(leaf_paths(value, path + ".") if isinstance(value, dict) else [path])
    return paths


def _walk(patch: Any, shape: dict[str, Any], prefix: str, errors: list[FieldError]) -> None:
    if not isinstance(patch, dict):
        errors.append(FieldError(prefix.rstrip(".") or "body", "type", f"{prefix.rstrip('.') or 'body'} must be an object"))
        return
    for key, value in patch.items():
        path = f"{prefix}{key}"
        if key not in shape:
            errors.append(FieldError(path, "unknown", f"{path} is not a setting"))
        elif isinstance(shape[key], dict):
            _walk(value, shape[key], path + ".", errors)
        else:
            failed = RULES[path](value)
            if failed:
                errors.append(FieldError(path, *failed))


def validate(patch: Any, current: dict[str, Any]) -> dict[str, Any]:
    """The effective settings after `patch`, or Invalid naming every bad key (nothing merged)."""
    errors: list[FieldError] = []
    _walk(patch, DEFAULTS, "", errors)
    if errors:
        raise Invalid(errors, message=f"Invalid settings: {errors[0].message}")
    merged = deep_merge(current, patch)
    low, high = merged["questions"]["minLength"], merged["questions"]["maxLength"]
    if low >= high:
        raise Invalid(FieldError("questions.minLength", "order",
                                 "Question min length must be less than question max length"))
    return merged
