"""Render an e-mail type to (subject, HTML, text) with the tenant's branding."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import jinja2

from pulsestage.paths import templates_dir

SUBJECTS = {
    "welcome": "Welcome to {{ brand.name }}!",
    "question_answered": "Your question was answered!",
    "question_approved": "✓ Your question has been approved",
    "question_rejected": "Your question was not approved",
    "pulse_invitation": "Your weekly pulse check-in",
    "pulse_reminder": "Reminder: your weekly pulse check-in",
}
TEMPLATES = tuple(SUBJECTS)
REQUIRED = {
    "welcome": (),
    "question_answered": ("question_body", "answer_body"),
    "question_approved": ("question_body",),
    "question_rejected": ("question_body",),
    "pulse_invitation": ("question_text", "answer_links"),
    "pulse_reminder": ("question_text", "answer_links"),
}
THEME_COLOURS = {
    "executive-blue": "#1E40AF", "modern-purple": "#7C3AED", "refined-teal": "#0F766E",
    "indigo-professional": "#4338CA",
}
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass(frozen=True, slots=True)
class Brand:
    """What an e-mail shows of the tenant: name, two colours, an optional logo."""

    name: str
    primary: str
    accent: str
    logo_url: str | None


def brand_of(tenant_name: str, settings: dict[str, Any]) -> Brand:
    """The tenant's branding from its settings; invalid colours or non-http logos fall back to defaults."""
    branding = settings.get("branding") or {}
    theme = THEME_COLOURS.get(str(branding.get("theme")), "#0F766E")
    primary = branding.get("primaryColor")
    accent = branding.get("accentColor")
    logo = branding.get("logoUrl")
    return Brand(
        name=tenant_name,
        primary=primary if isinstance(primary, str) and _HEX.match(primary) else theme,
        accent=accent if isinstance(accent, str) and _HEX.match(accent) else "#10B981",
        logo_url=logo if isinstance(logo, str) and logo.startswith(("https://", "http://")) else None,
    )


class Renderer:
    """jinja2 over templates/mail: HTML autoescaped, text and subjects not."""

    def __init__(self, public_url: str) -> None:
        folder = templates_dir() / "mail"
        self.public_url = public_url.rstrip("/")
        self.html = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), autoescape=True)
        self.text = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), autoescape=False)
        self.subjects = {name: self.text.from_string(subject) for name, subject in SUBJECTS.items()}  # compiled once

    def unsubscribe_url(self) -> str:
        """Where people turn e-mails off (the SPA's notification preferences)."""
        return f"{self.public_url}/profile?section=notifications"

    def render(self, template: str, context: dict[str, Any], brand: Brand) -> tuple[str, str, str]:
        """(subject, html, text) for one e-mail type; missing required variables raise ValueError."""
        if template not in SUBJECTS:
            raise ValueError(f"unknown e-mail template {template!r}; one of {', '.join(TEMPLATES)}")
        missing = [name for name in REQUIRED[template] if context.get(name) in (None, "")]
        if missing:
            raise ValueError(f"e-mail {template!r} needs {', '.join(missing)}")
        values = self._defaults(context) | {k: v for k, v in context.items() if v is not None}
        values |= {"brand": brand, "unsubscribe_url": self.unsubscribe_url(), "year": dt.date.today().year}
        subject = self.subjects[template].render(**values)
        values["subject"] = subject
        html = self.html.get_template(f"{template}.html").render(**values)
        text = self.text.get_template(f"{template}.txt").render(**values)
        return subject, html, text

    def _defaults(self, context: dict[str, Any]) -> dict[str, Any]:
        question = context.get("question_id")
        return {
            "user_name": "there",
            "dashboard_url": f"{self.public_url}/",
            "question_url": f"{self.public_url}/questions/{question}" if question else f"{self.public_url}/",
            "guidelines_url": f"{self.public_url}/guidelines",
            "rejection_reason": "Content did not meet community guidelines",
            "anon_threshold": 5,
            "expires_days": 7,
            "stop_url": None,  # the signed one-click unsubscribe link, when the recipient is a user
        }
