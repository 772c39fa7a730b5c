"""SQL for tags and the tags on questions."""

from __future__ import annotations

TAG_COLUMNS = "g.id, g.tenant_id, g.name, g.description, g.color, g.created_at, g.updated_at"

SELECT_TAGS = f"""
SELECT {TAG_COLUMNS},
       (SELECT count(*) FROM question_tag qt JOIN question q ON q.tenant_id = qt.tenant_id AND q.id = qt.question_id
        WHERE qt.tenant_id = g.tenant_id AND qt.tag_id = g.id AND q.deleted_at IS NULL)::int AS usage_count
FROM tag g WHERE g.tenant_id = %(tenant_id)s ORDER BY g.name
"""

SELECT_TAG = f"SELECT {TAG_COLUMNS} FROM tag g WHERE g.tenant_id = %(tenant_id)s AND g.id = %(tag_id)s"

INSERT_TAG = f"""
INSERT INTO tag (id, tenant_id, name, description, color)
VALUES (%(id)s, %(tenant_id)s, %(name)s, %(description)s, %(color)s)
ON CONFLICT (tenant_id, name) DO NOTHING
RETURNING {TAG_COLUMNS.replace('g.', '')}
"""

UPDATE_TAG = f"""
UPDATE tag SET name = %(name)s, description = %(description)s, color = %(color)s,
       updated_at = (now() AT TIME ZONE 'utc')
WHERE tenant_id = %(tenant_id)s AND id = %(tag_id)s
RETURNING {TAG_COLUMNS.replace('g.', '')}
"""

SELECT_NAME_TAKEN = """
SELECT 1 FROM tag WHERE tenant_id = %(tenant_id)s AND name = %(name)s AND id <> %(tag_id)s
"""

DELETE_TAG = "DELETE FROM tag WHERE tenant_id = %(tenant_id)s AND id = %(tag_id)s"

LINK = """
INSERT INTO question_tag (id, tenant_id, question_id, tag_id)
VALUES (%(id)s, %(tenant_id)s, %(question_id)s, %(tag_id)s)
ON CONFLICT (question_id, tag_id) DO NOTHING
RETURNING id
"""

UNLINK = """
DELETE FROM question_tag
WHERE tenant_id = %(tenant_id)s AND question_id = %(question_id)s AND tag_id = %(tag_id)s
RETURNING id
"""


async def select_tags(cur, tenant_id: str) -> list[dict]:
    """Every tag of the tenant by name, with how many live questions carry it."""
    await cur.execute(SELECT_TAGS, {"tenant_id": tenant_id})
    return await cur.fetchall()


async def select_tag(cur, tenant_id: str, tag_id: str) -> dict | None:
    """One tag."""
    await cur.execute(SELECT_TAG, {"tenant_id": tenant_id, "tag_id": tag_id})
    return await cur.fetchone()


async def insert_tag(cur, params: dict) -> dict | None:
    """Create a tag; None when the name is taken."""
    await cur.execute(INSERT_TAG, params)
    return await cur.fetchone()


async def name_taken(cur, tenant_id: str, name: str, tag_id: str) -> bool:
    """Whether another tag already has this name."""
    await cur.execute(SELECT_NAME_TAKEN, {"tenant_id": tenant_id, "name": name, "tag_id": tag_id})
    return await cur.fetchone() is not None


async def update_tag(cur, params: dict) -> dict | None:
    """Change a tag; None when it does not exist."""
    await cur.execute(UPDATE_TAG, params)
    return await cur.fetchone()


async def delete_tag(cur, tenant_id: str, tag_id: str) -> None:
    """Remove a tag (its links to questions go with it)."""
    await cur.execute(DELETE_TAG, {"tenant_id": tenant_id, "tag_id": tag_id})


async def link(cur, params: dict) -> bool:
    """Put a tag on a question; False when it was already there."""
    await cur.execute(LINK, params)
    return await cur.fetchone() is not None


async def unlink(cur, tenant_id: str, question_id: str, tag_id: str) -> bool:
    """Take a tag off a question; False when it was not there."""
    await cur.execute(UNLINK, {"tenant_id": tenant_id, "question_id": question_id, "tag_id": tag_id})
    return await cur.fetchone() is not None
