"""JSON shapes of questions and tags (camelCase, spec/api.md §0.3), anonymity built in.

`question_json` is the only way a question leaves the server. It never emits `author_id`, the
moderators' ids (`pinnedBy`, `frozenBy`, `reviewedBy`: a moderator acting on their own question
would otherwise reveal themselves) or the rejection details; `author` appears only when the query
selected it, i.e. when the tenant attributes questions and the author chose to be named.
"""

from __future__ import annotations

from typing import Any

from pulsestage.http.responses import camel_row

PUBLIC_COLUMNS = (
    "id", "tenant_id", "body", "upvotes", "status", "response_text", "responded_at", "created_at",
    "updated_at", "team_id", "is_anonymous", "is_pinned", "pinned_at", "is_frozen", "frozen_at",
    "reviewed_at", "moderation_reasons", "moderation_confidence", "moderation_providers",
)
TAG_COLUMNS = ("id", "tenant_id", "name", "description", "color", "created_at", "updated_at")


def question_json(row: dict[str, Any], viewer_id: str | None = None) -> dict[str, Any]:
    """A question for one viewer (`isMine`, `hasUpvoted`), or for everyone when viewer_id is None."""
    out = camel_row({k: row[k] for k in PUBLIC_COLUMNS})
    out["moderationReasons"] = list(row["moderation_reasons"] or [])
    out["moderationProviders"] = list(row["moderation_providers"] or [])
    out["team"] = row["team"]
    out["tags"] = row["tags"] or []
    if row.get("author") is not None:
        out["authorId"] = row["author"]["id"]
        out["author"] = row["author"]
    if viewer_id is not None:
        out["isMine"] = row["author_id"] == viewer_id
        out["hasUpvoted"] = bool(row.get("has_upvoted"))
    return out


def broadcast_json(row: dict[str, Any]) -> dict[str, Any]:
    """The payload of a live event: the same question, with nothing personal to any viewer."""
    return question_json(row, None)


def tag_json(row: dict[str, Any]) -> dict[str, Any]:
    """Tag `{id, tenantId, name, description, color, createdAt, updatedAt}` (+ usageCount if known)."""
    out = camel_row({k: row[k] for k in TAG_COLUMNS})
    if "usage_count" in row:
        out["usageCount"] = row["usage_count"]
    return out
