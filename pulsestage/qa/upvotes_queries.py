"""SQL for upvotes: the database's UNIQUE (question_id, user_id) is what makes them one per person."""

from __future__ import annotations

INSERT_UPVOTE = """
INSERT INTO upvote (id, tenant_id, question_id, user_id)
VALUES (%(id)s, %(tenant_id)s, %(question_id)s, %(user_id)s)
ON CONFLICT (question_id, user_id) DO NOTHING
RETURNING id
"""

DELETE_UPVOTE = """
DELETE FROM upvote
WHERE tenant_id = %(tenant_id)s AND question_id = %(question_id)s AND user_id = %(user_id)s
RETURNING id
"""

ADD_TO_COUNT = """
UPDATE question SET upvotes = greatest(0, upvotes + %(delta)s)
WHERE tenant_id = %(tenant_id)s AND id = %(question_id)s
"""

SELECT_UPVOTED = """
SELECT v.question_id FROM upvote v
JOIN question q ON q.tenant_id = v.tenant_id AND q.id = v.question_id
WHERE v.tenant_id = %(tenant_id)s AND v.user_id = %(user_id)s AND v.question_id = ANY(%(ids)s)
  AND q.deleted_at IS NULL
  AND (q.status <> 'UNDER_REVIEW' OR q.author_id = %(user_id)s OR q.team_id = ANY(%(moderated)s)
       OR %(all_teams)s)
"""


async def insert_upvote(cur, params: dict) -> bool:
    """Add the user's upvote; False when it was already there."""
    await cur.execute(INSERT_UPVOTE, params)
    return await cur.fetchone() is not None


async def delete_upvote(cur, tenant_id: str, question_id: str, user_id: str) -> bool:
    """Remove the user's upvote; False when there was none."""
    await cur.execute(DELETE_UPVOTE, {"tenant_id": tenant_id, "question_id": question_id, "user_id": user_id})
    return await cur.fetchone() is not None


def counting(tenant_id: str, question_id: str, delta: int) -> tuple[str, dict]:
    """Moving the question's counter (the row is already locked by the caller), as (sql, params) to
    travel with other statements (db/together.py)."""
    return ADD_TO_COUNT, {"tenant_id": tenant_id, "question_id": question_id, "delta": delta}


async def select_upvoted(cur, tenant_id: str, user_id: str, ids: list[str], moderated: list[str],
                         all_teams: bool) -> set[str]:
    """Which of `ids` (that the user may see) the user has upvoted."""
    await cur.execute(SELECT_UPVOTED, {"tenant_id": tenant_id, "user_id": user_id, "ids": ids,
                                       "moderated": moderated, "all_teams": all_teams})
    return {r["question_id"] for r in await cur.fetchall()}
