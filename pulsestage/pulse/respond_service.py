"""Answering an invite: look up a token for the page, and record an answer exactly once.

The token is the credential (no sign-in). Recording happens in one transaction: the invite row is
locked, checked, conditionally moved to COMPLETED, and one anonymous response row is written —
so a double submit, even two at the same moment, records one answer.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from pulsestage.db.tenancy import tenant_tx
from pulsestage.pulse import invite_queries
from pulsestage.pulse.links import score_range
from pulsestage.pulse.timing import aware

COMMENT_MAX = 2000


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of a look-up or a submission, for the HTML page and the JSON API alike."""

    code: str  # OPEN, RECORDED, INVALID_TOKEN, ALREADY_COMPLETED, EXPIRED, INVALID_SCORE
    message: str
    question_text: str | None = None
    scale: str | None = None

    @property
    def ok(self) -> bool:
        """True for an open invite or a recorded answer."""
        return self.code in ("OPEN", "RECORDED")


MESSAGES = {
    "OPEN": "Choose your answer",
    "RECORDED": "Thank you for your response!",
    "INVALID_TOKEN": "Invalid response link",
    "ALREADY_COMPLETED": "You have already responded to this question",
    "EXPIRED": "This response link has expired",
}


def _state(invite: dict | None, now: dt.datetime) -> Outcome:
    if invite is None:
        return Outcome("INVALID_TOKEN", MESSAGES["INVALID_TOKEN"])
    text, scale = invite["question_text"], invite["scale"]
    if invite["status"] == "COMPLETED":
        return Outcome("ALREADY_COMPLETED", MESSAGES["ALREADY_COMPLETED"], text, scale)
    if invite["status"] == "EXPIRED" or aware(invite["expires_at"]) < now:
        return Outcome("EXPIRED", MESSAGES["EXPIRED"], text, scale)
    return Outcome("OPEN", MESSAGES["OPEN"], text, scale)


async def look_up(pool, tenant_id: str, token: str, now: dt.datetime) -> Outcome:
    """What the link's page should show. Reads only: a GET never records anything."""
    async with tenant_tx(pool, tenant_id) as cur:
        invite = await invite_queries.select_invite_by_token(cur, tenant_id, token)
    return _state(invite, now)


def clean_comment(comment: str | None) -> str | None:
    """Trimmed, at most COMMENT_MAX characters, None when empty."""
    if not comment:
        return None
    comment = comment.strip()[:COMMENT_MAX]
    return comment or None


async def submit(pool, tenant_id: str, token: str, score: int, comment: str | None, now: dt.datetime) -> Outcome:
    """Record one answer for the token, or say why not."""
    async with tenant_tx(pool, tenant_id) as cur:
        invite = await invite_queries.select_invite_by_token(cur, tenant_id, token, for_update=True)
        state = _state(invite, now)
        if state.code == "EXPIRED" and invite["status"] != "EXPIRED":
            await invite_queries.expire_invite(cur, tenant_id, invite["id"])
        if state.code != "OPEN":
            return state
        low, high = score_range(invite["scale"])
        if not low <= score <= high:
            return Outcome("INVALID_SCORE", f"Invalid score. Expected {low}-{high} for {invite['scale']}",
                           invite["question_text"], invite["scale"])
        if not await invite_queries.complete_invite(cur, tenant_id, invite["id"]):
            return Outcome("ALREADY_COMPLETED", MESSAGES["ALREADY_COMPLETED"], invite["question_text"], invite["scale"])
        # Nothing here names the person or the invite; the week is the invite's ISO week.
        await invite_queries.insert_response(cur, {
            "id": str(uuid.uuid4()), "tenant_id": tenant_id, "team_id": invite["team_id"],
            "question_id": invite["question_id"], "score": score, "comment": clean_comment(comment),
            "week_start": invite["week_start"],
        })
    return Outcome("RECORDED", MESSAGES["RECORDED"], invite["question_text"], invite["scale"])
