"""SQL for moderators' lists: the review queue, the moderation queue and moderation statistics."""

from __future__ import annotations

from pulsestage.qa.questions_queries import COLUMNS

# Scope: None = every team (admins); else the teams the caller moderates.
SCOPE = "(%(all_teams)s OR q.team_id = ANY(%(team_ids)s))"

SELECT_REVIEW_QUEUE = f"""
SELECT {COLUMNS} FROM question q
WHERE q.tenant_id = %(tenant_id)s AND q.deleted_at IS NULL AND q.status = 'UNDER_REVIEW' AND {SCOPE}
  AND (%(team_id)s::text IS NULL OR q.team_id = %(team_id)s)
  AND (%(confidence)s::text IS NULL OR q.moderation_confidence = %(confidence)s)
ORDER BY q.created_at ASC, q.id
LIMIT 500
"""

QUEUE_WHERE = f"""
q.tenant_id = %(tenant_id)s AND q.deleted_at IS NULL AND {SCOPE}
  AND (%(status)s::question_status IS NULL OR q.status = %(status)s::question_status)
  AND (%(team_id)s::text IS NULL OR q.team_id = %(team_id)s)
  AND (%(is_pinned)s::boolean IS NULL OR q.is_pinned = %(is_pinned)s)
  AND (%(is_frozen)s::boolean IS NULL OR q.is_frozen = %(is_frozen)s)
  AND (NOT %(needs_review)s OR (q.reviewed_by IS NULL AND q.status = 'OPEN'))
  AND (%(reviewed_by)s::text IS NULL OR q.reviewed_by = %(reviewed_by)s)
"""

SELECT_QUEUE = f"""
SELECT {COLUMNS} FROM question q WHERE {QUEUE_WHERE}
ORDER BY q.is_pinned DESC, q.upvotes DESC, q.created_at DESC, q.id
LIMIT %(limit)s OFFSET %(offset)s
"""

COUNT_QUEUE = f"SELECT count(*) AS total FROM question q WHERE {QUEUE_WHERE}"

# Statistics count reviews, rejections included (a rejected question stays as a soft-deleted row).
SELECT_STATS = f"""
SELECT q.reviewed_by AS moderator_id, u.name AS moderator_name, u.email AS moderator_email,
       count(*)::int AS questions_reviewed,
       count(*) FILTER (WHERE q.status = 'ANSWERED')::int AS questions_answered,
       count(*) FILTER (WHERE q.is_pinned)::int AS questions_pinned,
       count(*) FILTER (WHERE q.is_frozen)::int AS questions_frozen,
       count(DISTINCT q.team_id)::int AS teams_count,
       round(avg(extract(epoch FROM q.responded_at - q.created_at) / 60)
             FILTER (WHERE q.responded_at IS NOT NULL))::int AS avg_response_time
FROM question q JOIN app_user u ON u.tenant_id = q.tenant_id AND u.id = q.reviewed_by
WHERE q.tenant_id = %(tenant_id)s AND q.reviewed_by IS NOT NULL AND {SCOPE}
  AND (%(team_id)s::text IS NULL OR q.team_id = %(team_id)s)
  AND (%(start)s::date IS NULL OR q.reviewed_at >= %(start)s::date)
  AND (%(end)s::date IS NULL OR q.reviewed_at < %(end)s::date + interval '1 day')
GROUP BY q.reviewed_by, u.name, u.email
ORDER BY questions_reviewed DESC, moderator_name
"""


def scope_params(team_ids: list[str] | None) -> dict:
    """Parameters of SCOPE."""
    return {"all_teams": team_ids is None, "team_ids": team_ids or []}


async def select_review_queue(cur, params: dict) -> list[dict]:
    """Questions waiting for a moderator's decision, oldest first."""
    await cur.execute(SELECT_REVIEW_QUEUE, params)
    return await cur.fetchall()


async def select_queue(cur, params: dict) -> tuple[list[dict], int]:
    """A page of the moderation queue and its total."""
    await cur.execute(SELECT_QUEUE, params)
    rows = await cur.fetchall()
    await cur.execute(COUNT_QUEUE, params)
    return rows, (await cur.fetchone())["total"]


async def select_stats(cur, params: dict) -> list[dict]:
    """Per-moderator review counts."""
    await cur.execute(SELECT_STATS, params)
    return await cur.fetchall()
