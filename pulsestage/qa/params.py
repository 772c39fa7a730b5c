"""Reading the query strings of the Q&A routes: every failing parameter reported at once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiohttp import web

from pulsestage.errors import FieldError, Invalid

LIST_STATUSES = ("open", "answered", "all")
SORTS = ("top", "newest", "oldest", "pinned", "relevance")
QUEUE_STATUSES = {"open": "OPEN", "answered": "ANSWERED", "under_review": "UNDER_REVIEW"}
MAX_SEARCH = 200


class Query:
    """Collects query-parameter failures, then raises them together."""

    def __init__(self, request: web.Request) -> None:
        self.raw = request.query
        self.errors: list[FieldError] = []

    def text(self, *names: str, max_len: int = 200) -> str | None:
        """The first non-empty of several aliases."""
        for name in names:
            value = (self.raw.get(name) or "").strip()
            if value:
                if len(value) > max_len:
                    self.errors.append(FieldError(name, "max_length", f"{name} must be at most {max_len} characters"))
                    return None
                return value
        return None

    def choice(self, name: str, options, default: str | None) -> str | None:
        """One of fixed values (case-insensitive)."""
        value = (self.raw.get(name) or "").strip().lower()
        if not value:
            return default
        if value not in options:
            self.errors.append(FieldError(name, "enum", f"{name} must be one of: {', '.join(options)}"))
            return default
        return value

    def date(self, *names: str) -> str | None:
        """A YYYY-MM-DD date."""
        value = self.text(*names, max_len=10)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            self.errors.append(FieldError(names[0], "date", f"{names[0]} must be a date like 2025-01-31"))
            return None

    def integer(self, name: str, default: int, minimum: int, maximum: int) -> int:
        """A whole number within bounds."""
        raw = (self.raw.get(name) or "").strip()
        if not raw:
            return default
        if not raw.lstrip("-").isdigit() or not minimum <= int(raw) <= maximum:
            self.errors.append(FieldError(name, "range", f"{name} must be a whole number from {minimum} to {maximum}"))
            return default
        return int(raw)

    def flag(self, name: str) -> bool | None:
        """`true` / `false`, or None when absent."""
        raw = (self.raw.get(name) or "").strip().lower()
        if not raw:
            return None
        if raw not in ("true", "false"):
            self.errors.append(FieldError(name, "boolean", f"{name} must be true or false"))
            return None
        return raw == "true"

    def done(self) -> None:
        """Raise Invalid if anything failed."""
        if self.errors:
            raise Invalid(self.errors)


def list_query(request: web.Request) -> dict[str, Any]:
    """Filters, sort and page of GET /api/questions."""
    p = Query(request)
    team = p.text("team", "teamId", max_len=100)
    search = p.text("search", "q", max_len=MAX_SEARCH)
    out = {
        "status": p.choice("status", LIST_STATUSES, "open"),
        "team": None if team == "all" else team,
        "tag": p.text("tag", "tagId", max_len=100),
        "date_from": p.date("from", "dateFrom"),
        "date_to": p.date("to", "dateTo"),
        "search": search,
        "sort": p.choice("sort", SORTS, "relevance" if search else "top"),
        "page": p.integer("page", 1, 1, 10_000),
        "page_size": p.integer("pageSize", 50, 1, 100),
    }
    p.done()
    return out


def queue_query(request: web.Request) -> dict[str, Any]:
    """Filters and page of GET /api/admin/moderation-queue."""
    p = Query(request)
    status = p.choice("status", tuple(QUEUE_STATUSES) + ("all",), None)
    out = {
        "status": QUEUE_STATUSES.get(status or ""),
        "team_id": p.text("teamId", max_len=100),
        "is_pinned": p.flag("isPinned"),
        "is_frozen": p.flag("isFrozen"),
        "needs_review": bool(p.flag("needsReview")),
        "reviewed_by": p.text("reviewedBy", max_len=100),
        "limit": p.integer("limit", 100, 1, 500),
        "offset": p.integer("offset", 0, 0, 1_000_000),
    }
    if out["needs_review"]:
        out["status"] = None  # "needs review" means open and unreviewed, whatever status says
    p.done()
    return out
