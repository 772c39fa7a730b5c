"""Admin rules for pulse questions, the schedule and cohorts; every change is audited in its transaction.

Deleting a question that was ever asked deactivates it instead: its invites and responses stay,
so past summaries do not change. A question that was never asked is deleted for good.
"""

from __future__ import annotations

import uuid

from pulsestage.admin import audit
from pulsestage.admin.audit import Actor, Entry
from pulsestage.db.tenancy import tenant_tx
from pulsestage.errors import Conflict, NotFound
from pulsestage.http.responses import camel_row
from pulsestage.pulse import queries, rotation

SCHEDULE_DEFAULTS = {"cadence": "WEEKLY", "day_of_week": 1, "time_of_day": "09:00", "timezone": "UTC",
                     "rotating_cohorts": True, "enabled": False}


def question_json(row: dict) -> dict:
    """A question as the API shows it."""
    return camel_row(row)


def schedule_json(row: dict | None) -> dict | None:
    """The schedule as the API shows it."""
    return camel_row(row) if row else None


async def list_questions(pool, tenant_id: str) -> dict:
    """Every question, in rotation order."""
    async with tenant_tx(pool, tenant_id) as cur:
        rows = await queries.select_questions(cur, tenant_id)
    return {"questions": [question_json(r) for r in rows]}


async def create_question(pool, tenant_id: str, actor: Actor, values: dict) -> dict:
    """Add an active question."""
    row = {"id": str(uuid.uuid4()), "tenant_id": tenant_id, "active": True, "category": None, **values}
    async with tenant_tx(pool, tenant_id) as cur:
        created = await queries.insert_question(cur, row)
        await audit.record(cur, tenant_id, actor, Entry("pulse.question.create", "pulse_question", created["id"],
                                                        after=question_json(created)))
    return {"question": question_json(created)}


async def update_question(pool, tenant_id: str, actor: Actor, question_id: str, changes: dict) -> dict:
    """Change text, category, scale or active; the scale is fixed once the question was asked."""
    async with tenant_tx(pool, tenant_id) as cur:
        before = await queries.select_question(cur, tenant_id, question_id)
        if before is None:
            raise NotFound("Question not found")
        if "scale" in changes and changes["scale"] != before["scale"] and \
                await queries.question_has_history(cur, tenant_id, question_id):
            raise Conflict("The scale of a question that was already asked cannot change; add a new question")
        after = await queries.update_question(cur, tenant_id, question_id, changes) if changes else before
        if after is None:  # deleted meanwhile
            raise NotFound("Question not found")
        await audit.record(cur, tenant_id, actor, Entry("pulse.question.update", "pulse_question", question_id,
                                                        before=question_json(before), after=question_json(after)))
    return {"question": question_json(after)}


async def delete_question(pool, tenant_id: str, actor: Actor, question_id: str) -> dict:
    """Delete a never-asked question; deactivate one with history (history is kept)."""
    async with tenant_tx(pool, tenant_id) as cur:
        before = await queries.select_question(cur, tenant_id, question_id)
        if before is None:
            raise NotFound("Question not found")
        if await queries.question_has_history(cur, tenant_id, question_id):
            after = await queries.update_question(cur, tenant_id, question_id, {"active": False})
            if after is None:  # deleted meanwhile
                raise NotFound("Question not found")
            await audit.record(cur, tenant_id, actor, Entry("pulse.question.deactivate", "pulse_question",
                                                            question_id, before=question_json(before),
                                                            after=question_json(after)))
            return {"deleted": False, "deactivated": True, "question": question_json(after),
                    "message": "The question has answers, so it was deactivated and its history kept"}
        await queries.delete_question(cur, tenant_id, question_id)
        await audit.record(cur, tenant_id, actor, Entry("pulse.question.delete", "pulse_question", question_id,
                                                        before=question_json(before)))
    return {"deleted": True, "deactivated": False, "message": "Question deleted"}


async def get_schedule(pool, tenant_id: str) -> dict:
    """The schedule, or null before it was first saved."""
    async with tenant_tx(pool, tenant_id) as cur:
        return {"schedule": schedule_json(await queries.select_schedule(cur, tenant_id))}


async def save_schedule(pool, tenant_id: str, actor: Actor, changes: dict) -> dict:
    """Create (disabled by default) or change the schedule's given fields."""
    async with tenant_tx(pool, tenant_id) as cur:
        before = await queries.select_schedule(cur, tenant_id, for_update=True)
        base = {k: before[k] for k in SCHEDULE_DEFAULTS} if before else dict(SCHEDULE_DEFAULTS)
        row = {**base, **changes, "id": before["id"] if before else str(uuid.uuid4()), "tenant_id": tenant_id}
        after = await queries.upsert_schedule(cur, row)
        await audit.record(cur, tenant_id, actor, Entry("pulse.schedule.update", "pulse_schedule", after["id"],
                                                        before=schedule_json(before), after=schedule_json(after)))
    return {"schedule": schedule_json(after)}


def cohort_json(row: dict, people: dict[str, dict]) -> dict:
    """A cohort with its users' names (ids of unknown users are listed but have no user entry)."""
    ids = list(row["user_ids"])
    users = [{"id": i, "name": people[i]["name"], "email": people[i]["email"]} for i in ids if i in people]
    return {**camel_row(row), "userIds": ids, "users": users, "userCount": len(ids)}


async def list_cohorts(pool, tenant_id: str) -> dict:
    """Cohorts in rotation order, with their users."""
    async with tenant_tx(pool, tenant_id) as cur:
        rows = await queries.select_cohorts(cur, tenant_id)
        people = {m["id"]: m for m in await queries.select_members(cur, tenant_id)}
    return {"cohorts": [cohort_json(r, people) for r in rows]}


async def _check_users(cur, tenant_id: str, user_ids: list[str]) -> dict[str, dict]:
    people = {m["id"]: m for m in await queries.select_members(cur, tenant_id)}
    unknown = [u for u in user_ids if u not in people]
    if unknown:
        from pulsestage.errors import FieldError, Invalid

        raise Invalid(FieldError("userIds", "unknown", f"Not users of this organisation: {', '.join(unknown[:5])}"))
    return people


async def create_cohort(pool, tenant_id: str, actor: Actor, values: dict) -> dict:
    """Add a cohort (names are unique per tenant)."""
    async with tenant_tx(pool, tenant_id) as cur:
        people = await _check_users(cur, tenant_id, values["user_ids"])
        if values.get("position") is None:
            values["position"] = len(await queries.select_cohorts(cur, tenant_id))
        if any(c["name"] == values["name"] for c in await queries.select_cohorts(cur, tenant_id)):
            raise Conflict(f"A cohort named {values['name']!r} already exists")
        row = await queries.insert_cohort(cur, {"id": str(uuid.uuid4()), "tenant_id": tenant_id, **values})
        await audit.record(cur, tenant_id, actor, Entry("pulse.cohort.create", "pulse_cohort", row["id"],
                                                        after=camel_row(row)))
    return {"cohort": cohort_json(row, people)}


async def update_cohort(pool, tenant_id: str, actor: Actor, cohort_id: str, changes: dict) -> dict:
    """Rename, reorder or change the users of a cohort."""
    async with tenant_tx(pool, tenant_id) as cur:
        before = await queries.select_cohort(cur, tenant_id, cohort_id)
        if before is None:
            raise NotFound("Cohort not found")
        people = await _check_users(cur, tenant_id, changes.get("user_ids", []))
        if "name" in changes and any(c["name"] == changes["name"] and c["id"] != cohort_id
                                     for c in await queries.select_cohorts(cur, tenant_id)):
            raise Conflict(f"A cohort named {changes['name']!r} already exists")
        after = await queries.update_cohort(cur, tenant_id, cohort_id, changes) if changes else before
        if after is None:  # deleted meanwhile
            raise NotFound("Cohort not found")
        await audit.record(cur, tenant_id, actor, Entry("pulse.cohort.update", "pulse_cohort", cohort_id,
                                                        before=camel_row(before), after=camel_row(after)))
    return {"cohort": cohort_json(after, people)}


async def delete_cohort(pool, tenant_id: str, actor: Actor, cohort_id: str) -> dict:
    """Remove a cohort (its users join other cohorts at the next rebalance)."""
    async with tenant_tx(pool, tenant_id) as cur:
        before = await queries.select_cohort(cur, tenant_id, cohort_id)
        if before is None or not await queries.delete_cohort(cur, tenant_id, cohort_id):
            raise NotFound("Cohort not found")
        await audit.record(cur, tenant_id, actor, Entry("pulse.cohort.delete", "pulse_cohort", cohort_id,
                                                        before=camel_row(before)))
    return {"deleted": True}


async def rebalance_cohorts(pool, tenant_id: str, actor: Actor, count: int | None) -> dict:
    """Assign every active user to a cohort (stable), optionally changing the number of cohorts."""
    async with tenant_tx(pool, tenant_id) as cur:
        cohorts = await queries.select_cohorts(cur, tenant_id)
        members = await queries.select_members(cur, tenant_id)
        active = [m["id"] for m in members if m["is_active"]]
        target = count if count is not None else max(1, len(cohorts))
        groups = rotation.rebalance([list(c["user_ids"]) for c in cohorts] or [[]], active, target)
        for index, users in enumerate(groups):
            if index < len(cohorts):
                await queries.update_cohort(cur, tenant_id, cohorts[index]["id"], {"user_ids": users, "position": index})
            else:
                await queries.insert_cohort(cur, {"id": str(uuid.uuid4()), "tenant_id": tenant_id,
                                                  "name": _free_name(cohorts, index), "user_ids": users,
                                                  "position": index})
        for extra in cohorts[len(groups):]:
            await queries.delete_cohort(cur, tenant_id, extra["id"])
        await audit.record(cur, tenant_id, actor, Entry("pulse.cohort.rebalance", "pulse_cohort", None,
                                                        metadata={"count": len(groups)}))
    return await list_cohorts(pool, tenant_id)


def _free_name(cohorts: list[dict], index: int) -> str:
    taken = {c["name"] for c in cohorts}
    name, n = f"cohort-{index}", index
    while name in taken:
        n += 1
        name = f"cohort-{n}"
    return name
