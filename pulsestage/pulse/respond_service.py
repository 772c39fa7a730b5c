"""Answering an invite: look up a token for the page, and record an answer exactly once.

The token is the credential (no sign-in). Recording happens in one transaction: the invite row is
locked, checked, conditionally moved to COMPLETED, and one anonymous response row is written —
so a double submit, even two at the same moment, records one answer. After the commit a
`pulse:response` event tells live dashboards to refresh: it carries the week and the all-teams
answer count exactly as the summary would show it (null while the summary hides it) — never a
score, a team or a comment.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass

from pulsestage.db.tenancy import tenant_tx
from pulsestage.pulse import invite_queries
from pulsestage.pulse.links import score_range
from pulsestage.pulse.summary import published_responses
from pulsestage.pulse.timing import aware

COMMENT_MAX = 2000
RESPONSE_EVENT = "pulse:response"
log = logging.getLogger("pulsestage.pulse")


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of a look-up or a submission, for the HTML page and the JSON API alike."""

    code: str  # OPEN, RECORDED, INVALID_TOKEN, ALREADY_COMPLETED, EXPIRED, INVALID_SCORE
    message: str
    question_text: str | None = None
    scale: str | None = None
    week_start: dt.date | None = None  # of a recorded answer

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
    expires = aware(invite["expires_at"])
    if invite["status"] == "EXPIRED" or (expires is not None and expires < now):
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


async def submit(pool, tenant_id: str, token: str, score: int, comment: str | None, now: dt.datetime,
                 bus=None) -> Outcome:
    """Record one answer for the token, or say why not; announce a recorded answer on `bus`."""
    outcome = await _record(pool, tenant_id, token, score, comment, now)
    if outcome.code == "RECORDED" and bus is not None and outcome.week_start is not None:
        await announce(pool, bus, tenant_id, outcome.week_start)
    return outcome


async def _record(pool, tenant_id: str, token: str, score: int, comment: str | None, now: dt.datetime) -> Outcome:
    async with tenant_tx(pool, tenant_id) as cur:
        invite = await invite_queries.select_invite_by_token(cur, tenant_id, token, for_update=True)
        state = _state(invite, now)
        if invite is None or state.code != "OPEN":
            if invite is not None and state.code == "EXPIRED" and invite["status"] != "EXPIRED":
                await invite_queries.expire_invite(cur, tenant_id, invite["id"])
            return state
        text, scale = invite["question_text"], invite["scale"]
        low, high = score_range(scale)
        if not low <= score <= high:
            return Outcome("INVALID_SCORE", f"Invalid score. Expected {low}-{high} for {scale}", text, scale)
        if not await invite_queries.complete_invite(cur, tenant_id, invite["id"]):
            return Outcome("ALREADY_COMPLETED", MESSAGES["ALREADY_COMPLETED"], text, scale)
        # Nothing here names the person or the invite; the week is the invite's ISO week.
        await invite_queries.insert_response(cur, {
            "id": str(uuid.uuid4()), "tenant_id": tenant_id, "team_id": invite["team_id"],
            "question_id": invite["question_id"], "score": score, "comment": clean_comment(comment),
            "week_start": invite["week_start"],
        })
    return Outcome("RECORDED", MESSAGES["RECORDED"], text, scale, invite["week_start"])


async def announce(pool, bus, tenant_id: str, week_start: dt.date) -> None:
    """Publish `pulse:response` {weekStart, responses}; a failure is logged, the answer stays recorded."""
    try:
        shown = await published_responses(pool, tenant_id, week_start)
        await bus.publish(tenant_id, RESPONSE_EVENT, {"weekStart": week_start.isoformat(), "responses": shown})
    except Exception:
        log.exception("pulse:response not published")
