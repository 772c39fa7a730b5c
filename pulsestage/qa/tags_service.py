"""Tags: the tenant's list (moderators add, admins edit and delete) and tags on questions."""

from __future__ import annotations

import uuid
from typing import Any

import aiopg

from pulsestage.admin import audit
from pulsestage.db.tenancy import Tenant, tenant_tx
from pulsestage.errors import Conflict, NotFound
from pulsestage.qa import questions_queries as q
from pulsestage.qa import tags_queries as tq
from pulsestage.qa.access import Caller, attributed, require_to_act
from pulsestage.qa.broadcast import announce
from pulsestage.qa.serialize import question_json, tag_json
from pulsestage.qa.tx import settings_tx

DEFAULT_COLOR = "#3B82F6"
TAKEN = "Tag with this name already exists"


async def list_tags(pool: aiopg.Pool, tenant: Tenant) -> list[dict[str, Any]]:
    """Every tag of the tenant, by name."""
    async with tenant_tx(pool, tenant.id) as cur:
        return [tag_json(r) for r in await tq.select_tags(cur, tenant.id)]


async def create_tag(pool: aiopg.Pool, caller: Caller, name: str, description: str | None,
                     color: str | None) -> dict[str, Any]:
    """Add a tag; 409 when the name is taken."""
    tenant = caller.tenant
    async with tenant_tx(pool, tenant.id) as cur:
        row = await tq.insert_tag(cur, {"id": str(uuid.uuid4()), "tenant_id": tenant.id, "name": name,
                                        "description": description, "color": (color or DEFAULT_COLOR).upper()})
        if row is None:
            raise Conflict(TAKEN, code="tag_exists")
        await audit.record(cur, tenant.id, caller.actor, audit.Entry(
            "tag.create", "Tag", row["id"], after={"id": row["id"], "name": name, "color": row["color"]},
            metadata={"description": description}))
    return tag_json(row)


async def update_tag(pool: aiopg.Pool, caller: Caller, tag_id: str, changes: dict[str, Any]) -> dict[str, Any]:
    """Rename, recolour or redescribe a tag (admins)."""
    tenant = caller.tenant
    async with tenant_tx(pool, tenant.id) as cur:
        before = await tq.select_tag(cur, tenant.id, tag_id)
        if before is None:
            raise NotFound("Tag not found")
        merged = {k: changes.get(k, before[k]) for k in ("name", "description", "color")}
        merged["color"] = merged["color"].upper()
        if await tq.name_taken(cur, tenant.id, merged["name"], tag_id):
            raise Conflict(TAKEN, code="tag_exists")
        if all(merged[k] == before[k] for k in merged):
            return tag_json(before)
        row = await tq.update_tag(cur, {"tenant_id": tenant.id, "tag_id": tag_id, **merged})
        if row is None:  # deleted by someone else since the read: nothing to update or audit
            raise NotFound("Tag not found")
        await audit.record(cur, tenant.id, caller.actor, audit.Entry(
            "tag.update", "Tag", tag_id, before={k: before[k] for k in merged}, after=merged))
    return tag_json(row)


async def delete_tag(pool: aiopg.Pool, caller: Caller, tag_id: str) -> None:
    """Remove a tag from the tenant and from every question (admins)."""
    tenant = caller.tenant
    async with tenant_tx(pool, tenant.id) as cur:
        before = await tq.select_tag(cur, tenant.id, tag_id)
        if before is None:
            raise NotFound("Tag not found")
        await tq.delete_tag(cur, tenant.id, tag_id)
        await audit.record(cur, tenant.id, caller.actor, audit.Entry(
            "tag.delete", "Tag", tag_id, before={"id": tag_id, "name": before["name"], "color": before["color"]}))


async def tag_question(pool: aiopg.Pool, bus, caller: Caller, question_id: str, tag_id: str,
                       on: bool) -> dict[str, Any]:
    """Add (`on`) or remove a tag on a question; no change writes nothing."""
    tenant, user = caller.tenant, caller.user
    async with settings_tx(pool, tenant.id, user) as (cur, settings):
        before = require_to_act(user, await q.lock_question(cur, tenant.id, question_id), "question.tag")
        tag = await tq.select_tag(cur, tenant.id, tag_id)
        if tag is None:
            raise NotFound("Tag not found")
        changed = await change_link(cur, caller, before, tag, on)
        row = await q.select_question(cur, tenant.id, question_id, user.id, attributed(settings))
    assert row is not None  # locked by the transaction above
    if changed:
        await announce(bus, tenant.id, "question:tagged" if on else "question:untagged", row)
    return {"success": True, "changed": changed, "question": question_json(row, user.id)}


async def change_link(cur, caller: Caller, question: dict[str, Any], tag: dict[str, Any], on: bool,
                      record: bool = True) -> bool:
    """Write one link change and (unless a bulk action records it) its audit row."""
    tenant_id = caller.tenant.id
    if on:
        changed = await tq.link(cur, {"id": str(uuid.uuid4()), "tenant_id": tenant_id,
                                      "question_id": question["id"], "tag_id": tag["id"]})
    else:
        changed = await tq.unlink(cur, tenant_id, question["id"], tag["id"])
    if changed and record:
        await audit.record(cur, tenant_id, caller.actor, audit.Entry(
            "question.tag.add" if on else "question.tag.remove", "Question", question["id"],
            metadata={"questionBody": question["body"][:100], "tagId": tag["id"], "tagName": tag["name"]}))
    return changed
