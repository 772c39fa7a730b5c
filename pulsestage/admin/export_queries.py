"""SQL for question exports: one filtered query, read through a server-side cursor in batches.

There is deliberately no author column: exports never say who asked what.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

_FROM_WHERE = """
FROM question q
LEFT JOIN team t ON t.tenant_id = q.tenant_id AND t.id = q.team_id
WHERE q.tenant_id = %(tenant_id)s AND q.deleted_at IS NULL
  AND (%(team_id)s::text IS NULL OR q.team_id = %(team_id)s)
  AND (%(statuses)s::question_status[] IS NULL OR q.status = ANY(%(statuses)s::question_status[]))
  AND (%(start)s::timestamp IS NULL OR q.created_at >= %(start)s)
  AND (%(end)s::timestamp IS NULL OR q.created_at < %(end)s)
  AND (%(min_upvotes)s::int IS NULL OR q.upvotes >= %(min_upvotes)s)
  AND (%(max_upvotes)s::int IS NULL OR q.upvotes <= %(max_upvotes)s)
  AND (%(tag_ids)s::text[] IS NULL OR EXISTS (
        SELECT 1 FROM question_tag f
        WHERE f.tenant_id = q.tenant_id AND f.question_id = q.id AND f.tag_id = ANY(%(tag_ids)s::text[])))
  AND (%(has_response)s::boolean IS NULL OR (q.response_text IS NOT NULL) = %(has_response)s)
"""

SELECT_ROWS = f"""
SELECT q.id, q.tenant_id, q.body, q.upvotes, q.status::text AS status, q.response_text, q.responded_at,
       q.created_at, q.updated_at, q.team_id, t.name AS team_name, t.slug AS team_slug,
       q.is_pinned, q.is_frozen, q.reviewed_at,
       coalesce((SELECT json_agg(json_build_object('id', g.id, 'name', g.name, 'color', g.color) ORDER BY g.name)
                 FROM question_tag qt JOIN tag g ON g.tenant_id = qt.tenant_id AND g.id = qt.tag_id
                 WHERE qt.tenant_id = q.tenant_id AND qt.question_id = q.id), '[]') AS tags
{_FROM_WHERE}
ORDER BY q.status, q.upvotes DESC, q.created_at DESC, q.id
"""

COUNT_ROWS = f"SELECT count(*)::int AS total {_FROM_WHERE}"


async def count_questions(cur, params: dict) -> int:
    """How many questions match the filters."""
    await cur.execute(COUNT_ROWS, params)
    return (await cur.fetchone())["total"]


async def select_questions(cur, params: dict, limit: int) -> list[dict]:
    """The first `limit` matching questions."""
    await cur.execute(SELECT_ROWS + " LIMIT %(limit)s", {**params, "limit": limit})
    return await cur.fetchall()


async def stream_questions(cur, params: dict, batch: int) -> AsyncIterator[list[dict]]:
    """Every matching question, `batch` rows at a time, via a cursor inside the open transaction."""
    await cur.execute("DECLARE export_rows NO SCROLL CURSOR FOR " + SELECT_ROWS, params)
    while True:
        await cur.execute(f"FETCH {int(batch)} FROM export_rows")
        rows = await cur.fetchall()
        if not rows:
            break
        yield rows
    await cur.execute("CLOSE export_rows")
