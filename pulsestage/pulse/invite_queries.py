"""SQL for invites and anonymous responses.

A response row carries tenant, team, question, score, optional comment and the invite's ISO week;
an invite keeps only whether it was answered (status), never when.
"""

from __future__ import annotations

from pulsestage.db.tenancy import tenant_read

INVITE_COLUMNS = ("id", "tenant_id", "user_id", "team_id", "question_id", "token", "week_start", "expires_at")


async def select_invited_users(cur, tenant_id: str, question_id: str, week_start) -> set[str]:
    """Users who already have an invite for this question this week."""
    await cur.execute(
        "SELECT user_id FROM pulse_invite WHERE tenant_id = %(t)s AND question_id = %(q)s AND week_start = %(w)s",
        {"t": tenant_id, "q": question_id, "w": week_start})
    return {row["user_id"] for row in await cur.fetchall()}


async def insert_invites(cur, rows: list[tuple]) -> None:
    """Create PENDING invites (columns: INVITE_COLUMNS), in one statement."""
    if not rows:
        return
    one = "(" + ", ".join(["%s"] * len(INVITE_COLUMNS)) + ")"
    await cur.execute(f"INSERT INTO pulse_invite ({', '.join(INVITE_COLUMNS)}) VALUES " + ", ".join([one] * len(rows)),
                      [value for row in rows for value in row])


async def mark_sent(pool, tenant_id: str, invite_id: str) -> bool:
    """The provider accepted the invitation e-mail: record when it was sent (an answer may already exist).

    True the first time only, so a redelivered e-mail is not counted twice. One statement on its
    own, in one round trip: the mail worker runs this for every invitation it delivers.
    """
    rows = await tenant_read(pool, tenant_id, (
        "UPDATE pulse_invite SET sent_at = (now() AT TIME ZONE 'utc'), "
        "status = CASE WHEN status = 'PENDING' THEN 'SENT'::pulse_invite_status ELSE status END "
        "WHERE tenant_id = %(t)s AND id = %(id)s AND sent_at IS NULL RETURNING id"), {"t": tenant_id, "id": invite_id})
    return bool(rows)


async def select_sent(pool, tenant_id: str, invite_id: str) -> bool:
    """Whether the invite's e-mail was already delivered (sent_at recorded); one round trip."""
    rows = await tenant_read(pool, tenant_id, "SELECT 1 FROM pulse_invite WHERE tenant_id = %(t)s AND id = %(id)s "
                                              "AND sent_at IS NOT NULL", {"t": tenant_id, "id": invite_id})
    return bool(rows)


# Invites whose e-mail was never delivered: committed PENDING, then the process died (or the queue
# failed) before the e-mail was queued. Bounded below by `window` because the queue remembers an
# idempotency key for 7 days: inside the window, queueing one that is already queued is a no-op.
UNSENT = """
SELECT i.id, i.token, i.expires_at, q.text AS question_text, q.scale, u.email, u.name
FROM pulse_invite i
JOIN pulse_question q ON q.tenant_id = i.tenant_id AND q.id = i.question_id
JOIN app_user u ON u.tenant_id = i.tenant_id AND u.id = i.user_id
WHERE i.tenant_id = %(t)s AND i.status = 'PENDING' AND i.sent_at IS NULL AND i.expires_at > %(now)s
  AND i.created_at >= (now() AT TIME ZONE 'utc') - make_interval(secs => %(window)s)
  AND i.created_at <= (now() AT TIME ZONE 'utc') - make_interval(secs => %(min_age)s)
ORDER BY i.created_at, i.id
"""


async def select_unsent(cur, tenant_id: str, *, now, min_age: float, window: float) -> list[dict]:
    """Open PENDING invites with no delivered e-mail, created between `window` and `min_age` seconds ago."""
    await cur.execute(UNSENT, {"t": tenant_id, "now": now, "min_age": min_age, "window": window})
    return await cur.fetchall()


# Claims the due reminders in one statement: the conditional update is what makes "at most one
# reminder per invite" hold even if two schedulers raced (the second finds reminded = true).
CLAIM_REMINDERS = """
UPDATE pulse_invite i SET reminded = true
FROM pulse_question q, app_user u
WHERE i.tenant_id = %(t)s AND i.status = 'SENT' AND NOT i.reminded
  AND i.sent_at <= %(cutoff)s AND i.expires_at > %(now)s
  AND q.tenant_id = i.tenant_id AND q.id = i.question_id
  AND u.tenant_id = i.tenant_id AND u.id = i.user_id
RETURNING i.id, i.token, i.expires_at, q.text AS question_text, q.scale, u.email, u.name
"""


async def claim_reminders(cur, tenant_id: str, *, cutoff, now) -> list[dict]:
    """Delivered, unanswered, unexpired invites sent before `cutoff` and never reminded: mark and return them."""
    await cur.execute(CLAIM_REMINDERS, {"t": tenant_id, "cutoff": cutoff, "now": now})
    return await cur.fetchall()


INVITE_BY_TOKEN = """
SELECT i.id, i.status, i.expires_at, i.week_start, i.team_id, i.question_id, q.text AS question_text, q.scale
FROM pulse_invite i JOIN pulse_question q ON q.tenant_id = i.tenant_id AND q.id = i.question_id
WHERE i.tenant_id = %(t)s AND i.token = %(token)s
"""


async def select_invite_by_token(cur, tenant_id: str, token: str, *, for_update: bool = False) -> dict | None:
    """The invite a link's token names, with its question."""
    lock = " FOR UPDATE OF i" if for_update else ""
    await cur.execute(INVITE_BY_TOKEN + lock, {"t": tenant_id, "token": token})
    return await cur.fetchone()


async def complete_invite(cur, tenant_id: str, invite_id: str) -> bool:
    """Mark answered, only if still open (the conditional update makes a double submit harmless)."""
    await cur.execute(
        "UPDATE pulse_invite SET status = 'COMPLETED' WHERE tenant_id = %(t)s AND id = %(id)s "
        "AND status IN ('PENDING', 'SENT') RETURNING id", {"t": tenant_id, "id": invite_id})
    return await cur.fetchone() is not None


async def expire_invite(cur, tenant_id: str, invite_id: str) -> None:
    """Mark an unanswered invite past its expiry as EXPIRED."""
    await cur.execute(
        "UPDATE pulse_invite SET status = 'EXPIRED' WHERE tenant_id = %(t)s AND id = %(id)s "
        "AND status IN ('PENDING', 'SENT')", {"t": tenant_id, "id": invite_id})


async def insert_response(cur, row: dict) -> None:
    """Store an anonymous answer: no user, no invite, no time finer than the week."""
    await cur.execute(
        "INSERT INTO pulse_response (id, tenant_id, team_id, question_id, score, comment, week_start) "
        "VALUES (%(id)s, %(tenant_id)s, %(team_id)s, %(question_id)s, %(score)s, %(comment)s, %(week_start)s)", row)


MY_OPEN_INVITES = """
SELECT i.id, i.token, i.question_id, q.text AS question_text, q.scale, i.expires_at, i.created_at, i.week_start,
       i.status
FROM pulse_invite i JOIN pulse_question q ON q.tenant_id = i.tenant_id AND q.id = i.question_id
WHERE i.tenant_id = %(t)s AND i.user_id = %(u)s AND i.status IN ('PENDING', 'SENT')
  AND i.expires_at >= (now() AT TIME ZONE 'utc')
ORDER BY i.sent_at DESC NULLS FIRST, i.created_at DESC
"""

MY_HISTORY = """
SELECT i.id, i.question_id, q.text AS question_text, q.scale, i.week_start, i.status,
       i.expires_at < (now() AT TIME ZONE 'utc') AS past_expiry
FROM pulse_invite i JOIN pulse_question q ON q.tenant_id = i.tenant_id AND q.id = i.question_id
WHERE i.tenant_id = %(t)s AND i.user_id = %(u)s AND i.week_start >= %(since)s
ORDER BY i.week_start DESC, i.created_at DESC
"""


async def select_my_open_invites(cur, tenant_id: str, user_id: str) -> list[dict]:
    """My unanswered, unexpired invites."""
    await cur.execute(MY_OPEN_INVITES, {"t": tenant_id, "u": user_id})
    return await cur.fetchall()


async def select_my_history(cur, tenant_id: str, user_id: str, since) -> list[dict]:
    """My invites since a week: what was asked and whether I answered (never a score)."""
    await cur.execute(MY_HISTORY, {"t": tenant_id, "u": user_id, "since": since})
    return await cur.fetchall()


# Ordered, so that suppression (which breaks ties by order) decides the same way on every call.
RESPONSE_CELLS = """
SELECT team_id, question_id, week_start, count(*) AS n, sum(score) AS total
FROM pulse_response WHERE tenant_id = %(t)s AND week_start >= %(since)s AND week_start <= %(until)s
GROUP BY team_id, question_id, week_start
ORDER BY week_start, question_id, team_id NULLS LAST
"""
COMMENTS = """
SELECT team_id, question_id, week_start, comment FROM pulse_response
WHERE tenant_id = %(t)s AND week_start >= %(since)s AND week_start <= %(until)s AND comment IS NOT NULL
"""
SENT_CELLS = """
SELECT team_id, week_start, count(*) AS sent FROM pulse_invite
WHERE tenant_id = %(t)s AND week_start >= %(since)s AND week_start <= %(until)s
  AND (sent_at IS NOT NULL OR status = 'COMPLETED')
GROUP BY team_id, week_start
"""


async def select_response_cells(cur, tenant_id: str, since, until) -> list[dict]:
    """Response count and score sum per (team, question, week) for the weeks since..until."""
    await cur.execute(RESPONSE_CELLS, {"t": tenant_id, "since": since, "until": until})
    return await cur.fetchall()


async def select_summary_rows(cur, tenant_id: str, since, until) -> tuple[list, list, list]:
    """(response cells, comments, invites-sent cells) for the weeks since..until."""
    params = {"t": tenant_id, "since": since, "until": until}
    out = []
    for sql in (RESPONSE_CELLS, COMMENTS, SENT_CELLS):
        await cur.execute(sql, params)
        out.append(await cur.fetchall())
    return out[0], out[1], out[2]
