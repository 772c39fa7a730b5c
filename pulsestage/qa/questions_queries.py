"""SQL for questions: one shape for every read, and the writes of the question lifecycle.

Every read returns the same columns (`COLUMNS`), so every payload is built by one serializer. The
author's identity leaves the database only as `author` and only when the tenant attributes
questions and the question is not anonymous; `author_id` is selected for the server's own checks
(is it mine? may I see it under review?) and the serializer never emits it.
"""

from __future__ import annotations

# timestamps inside JSON built by PostgreSQL: the same ...sssZ shape as the top-level fields
_TS = "to_char({}, 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

TEAM_JSON = f"""(SELECT json_build_object('id', t.id, 'tenantId', t.tenant_id, 'name', t.name, 'slug', t.slug,
        'description', t.description, 'isActive', t.is_active, 'createdAt', {_TS.format('t.created_at')},
        'updatedAt', {_TS.format('t.updated_at')})
     FROM team t WHERE t.tenant_id = q.tenant_id AND t.id = q.team_id)"""

TAGS_JSON = f"""coalesce((SELECT json_agg(json_build_object(
        'id', qt.id, 'questionId', qt.question_id, 'tagId', g.id, 'createdAt', {_TS.format('qt.created_at')},
        'tag', json_build_object('id', g.id, 'tenantId', g.tenant_id, 'name', g.name,
                                 'description', g.description, 'color', g.color,
                                 'createdAt', {_TS.format('g.created_at')},
                                 'updatedAt', {_TS.format('g.updated_at')})) ORDER BY g.name)
     FROM question_tag qt JOIN tag g ON g.tenant_id = qt.tenant_id AND g.id = qt.tag_id
     WHERE qt.tenant_id = q.tenant_id AND qt.question_id = q.id), '[]'::json)"""

COLUMNS = f"""
q.id, q.tenant_id, q.body, q.upvotes, q.status, q.response_text, q.responded_at, q.created_at,
q.updated_at, q.team_id, q.author_id, q.is_anonymous, q.is_pinned, q.pinned_at, q.is_frozen,
q.frozen_at, q.reviewed_at, q.moderation_reasons, q.moderation_confidence, q.moderation_providers,
q.deleted_at, q.rejection_reason,
{TEAM_JSON} AS team,
{TAGS_JSON} AS tags,
CASE WHEN %(attributed)s AND NOT q.is_anonymous THEN
    (SELECT json_build_object('id', u.id, 'name', u.name) FROM app_user u
     WHERE u.tenant_id = q.tenant_id AND u.id = q.author_id)
END AS author,
EXISTS (SELECT 1 FROM upvote v WHERE v.tenant_id = q.tenant_id AND v.question_id = q.id
        AND v.user_id = %(viewer_id)s) AS has_upvoted
"""

SELECT_QUESTION = f"""
SELECT {COLUMNS} FROM question q
WHERE q.tenant_id = %(tenant_id)s AND q.id = %(question_id)s
"""

SELECT_QUESTIONS_BY_ID = f"""
SELECT {COLUMNS} FROM question q
WHERE q.tenant_id = %(tenant_id)s AND q.id = ANY(%(ids)s) AND q.deleted_at IS NULL
"""

SELECT_BY_AUTHOR = f"""
SELECT {COLUMNS} FROM question q
WHERE q.tenant_id = %(tenant_id)s AND q.author_id = %(viewer_id)s
  AND (q.deleted_at IS NULL OR (%(include_rejected)s AND q.rejection_reason IS NOT NULL))
ORDER BY q.created_at DESC
LIMIT 500
"""

LOCK_QUESTION = """
SELECT id, tenant_id, body, status, team_id, author_id, is_anonymous, response_text, is_pinned,
       is_frozen, upvotes, moderation_reasons, moderation_confidence, deleted_at
FROM question WHERE tenant_id = %(tenant_id)s AND id = %(question_id)s AND deleted_at IS NULL
FOR UPDATE
"""

INSERT_QUESTION = """
INSERT INTO question (id, tenant_id, body, status, team_id, author_id, is_anonymous,
                      moderation_reasons, moderation_confidence, moderation_providers)
VALUES (%(id)s, %(tenant_id)s, %(body)s, %(status)s, %(team_id)s, %(author_id)s, %(is_anonymous)s,
        %(reasons)s, %(confidence)s, %(providers)s)
"""

UPDATE_BODY = """
UPDATE question SET body = %(body)s, status = %(status)s, moderation_reasons = %(reasons)s,
       moderation_confidence = %(confidence)s, moderation_providers = %(providers)s,
       updated_at = (now() AT TIME ZONE 'utc')
WHERE tenant_id = %(tenant_id)s AND id = %(question_id)s
"""

SOFT_DELETE = """
UPDATE question SET deleted_at = (now() AT TIME ZONE 'utc'), rejection_reason = %(reason)s,
       is_pinned = false, updated_at = (now() AT TIME ZONE 'utc')
WHERE tenant_id = %(tenant_id)s AND id = %(question_id)s
"""

UPDATE_ANSWER = """
UPDATE question SET status = 'ANSWERED', response_text = %(response)s,
       responded_at = (now() AT TIME ZONE 'utc'), reviewed_by = %(user_id)s,
       reviewed_at = (now() AT TIME ZONE 'utc'), updated_at = (now() AT TIME ZONE 'utc')
WHERE tenant_id = %(tenant_id)s AND id = %(question_id)s
"""

UPDATE_PIN = """
UPDATE question SET is_pinned = %(on)s,
       pinned_by = CASE WHEN %(on)s THEN %(user_id)s END,
       pinned_at = CASE WHEN %(on)s THEN (now() AT TIME ZONE 'utc') END,
       updated_at = (now() AT TIME ZONE 'utc')
WHERE tenant_id = %(tenant_id)s AND id = %(question_id)s
"""

UPDATE_FREEZE = """
UPDATE question SET is_frozen = %(on)s,
       frozen_by = CASE WHEN %(on)s THEN %(user_id)s END,
       frozen_at = CASE WHEN %(on)s THEN (now() AT TIME ZONE 'utc') END,
       updated_at = (now() AT TIME ZONE 'utc')
WHERE tenant_id = %(tenant_id)s AND id = %(question_id)s
"""

UPDATE_REVIEWED = """
UPDATE question SET status = 'OPEN', reviewed_by = %(user_id)s,
       reviewed_at = (now() AT TIME ZONE 'utc'), updated_at = (now() AT TIME ZONE 'utc')
WHERE tenant_id = %(tenant_id)s AND id = %(question_id)s
"""

UPDATE_REJECTED = """
UPDATE question SET deleted_at = (now() AT TIME ZONE 'utc'), rejection_reason = %(reason)s,
       reviewed_by = %(user_id)s, reviewed_at = (now() AT TIME ZONE 'utc'),
       updated_at = (now() AT TIME ZONE 'utc')
WHERE tenant_id = %(tenant_id)s AND id = %(question_id)s
"""

SELECT_AUTHOR_CONTACT = """
SELECT u.email, u.name, coalesce(p.email_notifications, true) AS email_notifications
FROM question q JOIN app_user u ON u.tenant_id = q.tenant_id AND u.id = q.author_id
LEFT JOIN user_preferences p ON p.tenant_id = u.tenant_id AND p.user_id = u.id
WHERE q.tenant_id = %(tenant_id)s AND q.id = %(question_id)s AND u.is_active
"""

SELECT_TEAM = """
SELECT id, name, slug, is_active FROM team
WHERE tenant_id = %(tenant_id)s AND (id = %(team)s OR slug = %(team)s)
"""


def _params(tenant_id: str, viewer_id: str | None, attributed: bool, **more) -> dict:
    return {"tenant_id": tenant_id, "viewer_id": viewer_id, "attributed": attributed, **more}


async def select_question(cur, tenant_id: str, question_id: str, viewer_id: str | None,
                          attributed: bool) -> dict | None:
    """One question in the full read shape (deleted ones included; callers decide)."""
    await cur.execute(*selecting(tenant_id, question_id, viewer_id, attributed))
    return await cur.fetchone()


def selecting(tenant_id: str, question_id: str, viewer_id: str | None, attributed: bool) -> tuple[str, dict]:
    """`select_question` as (sql, params), to travel with other statements (db/together.py)."""
    return SELECT_QUESTION, _params(tenant_id, viewer_id, attributed, question_id=question_id)


async def select_questions_by_id(cur, tenant_id: str, ids: list[str], viewer_id: str | None,
                                 attributed: bool) -> list[dict]:
    """Several live questions in the full read shape (unordered)."""
    await cur.execute(SELECT_QUESTIONS_BY_ID, _params(tenant_id, viewer_id, attributed, ids=ids))
    return await cur.fetchall()


async def select_by_author(cur, tenant_id: str, author_id: str, attributed: bool,
                           include_rejected: bool) -> list[dict]:
    """A user's own questions, newest first."""
    await cur.execute(SELECT_BY_AUTHOR, _params(tenant_id, author_id, attributed,
                                                include_rejected=include_rejected))
    return await cur.fetchall()


async def lock_question(cur, tenant_id: str, question_id: str) -> dict | None:
    """The live question's own columns, row-locked for a change."""
    await cur.execute(*locking(tenant_id, question_id))
    return await cur.fetchone()


def locking(tenant_id: str, question_id: str) -> tuple[str, dict]:
    """`lock_question` as (sql, params), to open a transaction with (tenant_tx's `first`)."""
    return LOCK_QUESTION, {"tenant_id": tenant_id, "question_id": question_id}


def inserting(params: dict) -> tuple[str, dict]:
    """Store a new question, as (sql, params) to travel with its audit row (db/together.py)."""
    return INSERT_QUESTION, params


async def update_body(cur, params: dict) -> None:
    """Replace the text (and the moderation verdict that goes with it)."""
    await cur.execute(UPDATE_BODY, params)


async def soft_delete(cur, tenant_id: str, question_id: str, reason: str | None = None) -> None:
    """Hide a question (with the rejection reason when a moderator rejected it)."""
    await cur.execute(SOFT_DELETE, {"tenant_id": tenant_id, "question_id": question_id, "reason": reason})


async def update_answer(cur, tenant_id: str, question_id: str, user_id: str, response: str) -> None:
    """Store (or replace) the answer."""
    await cur.execute(UPDATE_ANSWER, {"tenant_id": tenant_id, "question_id": question_id,
                                      "user_id": user_id, "response": response})


async def update_flag(cur, flag: str, tenant_id: str, question_id: str, user_id: str, on: bool) -> None:
    """Set `pin` or `freeze` on or off."""
    sql = UPDATE_PIN if flag == "pin" else UPDATE_FREEZE
    await cur.execute(sql, {"tenant_id": tenant_id, "question_id": question_id, "user_id": user_id, "on": on})


async def update_reviewed(cur, tenant_id: str, question_id: str, user_id: str) -> None:
    """Publish an approved question."""
    await cur.execute(UPDATE_REVIEWED, {"tenant_id": tenant_id, "question_id": question_id, "user_id": user_id})


async def update_rejected(cur, tenant_id: str, question_id: str, user_id: str, reason: str) -> None:
    """Reject a held question: hidden from everyone but its author, who sees the reason."""
    await cur.execute(UPDATE_REJECTED, {"tenant_id": tenant_id, "question_id": question_id,
                                        "user_id": user_id, "reason": reason})


async def select_author_contact(cur, tenant_id: str, question_id: str) -> dict | None:
    """Where to send the author's outcome e-mail (server side only; never serialised)."""
    await cur.execute(SELECT_AUTHOR_CONTACT, {"tenant_id": tenant_id, "question_id": question_id})
    return await cur.fetchone()


async def select_team(cur, tenant_id: str, team: str) -> dict | None:
    """A team of the tenant by id or slug."""
    await cur.execute(SELECT_TEAM, {"tenant_id": tenant_id, "team": team})
    return await cur.fetchone()
