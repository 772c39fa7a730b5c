"""The signed-in user's own pulse: open invites and what was asked — never a score."""

from __future__ import annotations

import datetime as dt

from pulsestage.db.tenancy import tenant_tx
from pulsestage.pulse import invite_queries
from pulsestage.pulse.timing import monday


async def my_invites(pool, tenant_id: str, user_id: str) -> dict:
    """My unanswered, unexpired invites (the in-app check-in answers them with the token)."""
    async with tenant_tx(pool, tenant_id) as cur:
        rows = await invite_queries.select_my_open_invites(cur, tenant_id, user_id)
    return {"invites": [{
        "id": r["id"], "token": r["token"], "questionId": r["question_id"], "questionText": r["question_text"],
        "scale": r["scale"], "weekStart": r["week_start"], "expiresAt": r["expires_at"], "createdAt": r["created_at"],
    } for r in rows]}


async def my_history(pool, tenant_id: str, user_id: str, weeks: int, today: dt.date) -> dict:
    """One entry per week, newest first: each question asked and whether I answered it."""
    this_monday = monday(today)
    mondays = [this_monday - dt.timedelta(weeks=i) for i in range(weeks)]
    async with tenant_tx(pool, tenant_id) as cur:
        rows = await invite_queries.select_my_history(cur, tenant_id, user_id, mondays[-1])
    by_week: dict[dt.date, list[dict]] = {m: [] for m in mondays}
    for r in rows:
        if r["week_start"] in by_week:
            answered = r["status"] == "COMPLETED"
            by_week[r["week_start"]].append({
                "id": r["id"], "questionId": r["question_id"], "questionText": r["question_text"],
                "scale": r["scale"], "answered": answered,
                "expired": not answered and (r["status"] == "EXPIRED" or bool(r["past_expiry"])),
            })
    return {"history": [{
        "weekStart": m, "invitedCount": len(items), "responseCount": sum(i["answered"] for i in items),
        "invites": items,
    } for m, items in by_week.items()]}
