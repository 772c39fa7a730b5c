"""SQL for pulse questions, the schedule, cohorts and the users a run may invite."""

from __future__ import annotations

from psycopg2.extras import Json

QUESTION_COLUMNS = "id, tenant_id, text, scale, active, category, created_at, updated_at"
SCHEDULE_COLUMNS = ("id, tenant_id, cadence, day_of_week, time_of_day, timezone, rotating_cohorts, enabled, "
                    "next_cohort_index, next_question_index, last_run_at, created_at, updated_at")
NOW = "(now() AT TIME ZONE 'utc')"


async def select_questions(cur, tenant_id: str, *, active_only: bool = False) -> list[dict]:
    """The tenant's questions in rotation order (creation time, then id)."""
    where = " AND active" if active_only else ""
    await cur.execute(f"SELECT {QUESTION_COLUMNS} FROM pulse_question WHERE tenant_id = %(t)s{where} "
                      "ORDER BY created_at, id", {"t": tenant_id})
    return await cur.fetchall()


async def select_question(cur, tenant_id: str, question_id: str) -> dict | None:
    """One question."""
    await cur.execute(f"SELECT {QUESTION_COLUMNS} FROM pulse_question WHERE tenant_id = %(t)s AND id = %(id)s",
                      {"t": tenant_id, "id": question_id})
    return await cur.fetchone()


async def insert_question(cur, row: dict) -> dict:
    """Create a question."""
    await cur.execute(
        f"INSERT INTO pulse_question (id, tenant_id, text, scale, category, active) "
        f"VALUES (%(id)s, %(tenant_id)s, %(text)s, %(scale)s, %(category)s, %(active)s) RETURNING {QUESTION_COLUMNS}",
        row)
    return await cur.fetchone()


async def update_question(cur, tenant_id: str, question_id: str, changes: dict) -> dict | None:
    """Change the given columns (names come from the service's fixed list, never from a request)."""
    sets = ", ".join(f"{column} = %({column})s" for column in changes)
    await cur.execute(
        f"UPDATE pulse_question SET {sets}, updated_at = {NOW} WHERE tenant_id = %(t)s AND id = %(id)s "
        f"RETURNING {QUESTION_COLUMNS}", {**changes, "t": tenant_id, "id": question_id})
    return await cur.fetchone()


async def question_has_history(cur, tenant_id: str, question_id: str) -> bool:
    """Whether any invite or response refers to the question."""
    await cur.execute(
        "SELECT EXISTS (SELECT 1 FROM pulse_invite WHERE tenant_id = %(t)s AND question_id = %(id)s) "
        "OR EXISTS (SELECT 1 FROM pulse_response WHERE tenant_id = %(t)s AND question_id = %(id)s) AS used",
        {"t": tenant_id, "id": question_id})
    return (await cur.fetchone())["used"]


async def delete_question(cur, tenant_id: str, question_id: str) -> None:
    """Remove a question that was never used."""
    await cur.execute("DELETE FROM pulse_question WHERE tenant_id = %(t)s AND id = %(id)s",
                      {"t": tenant_id, "id": question_id})


async def select_schedule(cur, tenant_id: str, *, for_update: bool = False) -> dict | None:
    """The tenant's schedule (locked for the rest of the transaction when `for_update`)."""
    lock = " FOR UPDATE" if for_update else ""
    await cur.execute(f"SELECT {SCHEDULE_COLUMNS} FROM pulse_schedule WHERE tenant_id = %(t)s{lock}",
                      {"t": tenant_id})
    return await cur.fetchone()


async def upsert_schedule(cur, row: dict) -> dict:
    """Create the schedule or change the given fields (row holds every column, merged by the service)."""
    await cur.execute(
        "INSERT INTO pulse_schedule (id, tenant_id, cadence, day_of_week, time_of_day, timezone, rotating_cohorts, "
        "enabled) VALUES (%(id)s, %(tenant_id)s, %(cadence)s, %(day_of_week)s, %(time_of_day)s, %(timezone)s, "
        "%(rotating_cohorts)s, %(enabled)s) ON CONFLICT (tenant_id) DO UPDATE SET cadence = EXCLUDED.cadence, "
        "day_of_week = EXCLUDED.day_of_week, time_of_day = EXCLUDED.time_of_day, timezone = EXCLUDED.timezone, "
        f"rotating_cohorts = EXCLUDED.rotating_cohorts, enabled = EXCLUDED.enabled, updated_at = {NOW} "
        f"RETURNING {SCHEDULE_COLUMNS}", row)
    return await cur.fetchone()


async def update_rotation(cur, tenant_id: str, cohort: int, question: int, *, ran_at=None) -> None:
    """Store the next run's positions (and, for a scheduled run, the time it ran: `ran_at`, naive UTC)."""
    last_run = ", last_run_at = %(ran_at)s" if ran_at is not None else ""
    await cur.execute(
        f"UPDATE pulse_schedule SET next_cohort_index = %(c)s, next_question_index = %(q)s{last_run} "
        "WHERE tenant_id = %(t)s", {"c": cohort, "q": question, "t": tenant_id, "ran_at": ran_at})


COHORT_COLUMNS = "id, tenant_id, name, user_ids, position, created_at, updated_at"


async def select_cohorts(cur, tenant_id: str) -> list[dict]:
    """Cohorts in rotation order (position, then name)."""
    await cur.execute(f"SELECT {COHORT_COLUMNS} FROM pulse_cohort WHERE tenant_id = %(t)s ORDER BY position, name",
                      {"t": tenant_id})
    return await cur.fetchall()


async def select_cohort(cur, tenant_id: str, cohort_id: str) -> dict | None:
    """One cohort."""
    await cur.execute(f"SELECT {COHORT_COLUMNS} FROM pulse_cohort WHERE tenant_id = %(t)s AND id = %(id)s",
                      {"t": tenant_id, "id": cohort_id})
    return await cur.fetchone()


async def insert_cohort(cur, row: dict) -> dict:
    """Create a cohort."""
    await cur.execute(
        f"INSERT INTO pulse_cohort (id, tenant_id, name, user_ids, position) VALUES (%(id)s, %(tenant_id)s, "
        f"%(name)s, %(user_ids)s, %(position)s) RETURNING {COHORT_COLUMNS}", {**row, "user_ids": Json(row["user_ids"])})
    return await cur.fetchone()


async def update_cohort(cur, tenant_id: str, cohort_id: str, changes: dict) -> dict | None:
    """Change name, user_ids or position."""
    values = {**changes}
    if "user_ids" in values:
        values["user_ids"] = Json(values["user_ids"])
    sets = ", ".join(f"{column} = %({column})s" for column in changes)
    await cur.execute(
        f"UPDATE pulse_cohort SET {sets}, updated_at = {NOW} WHERE tenant_id = %(t)s AND id = %(id)s "
        f"RETURNING {COHORT_COLUMNS}", {**values, "t": tenant_id, "id": cohort_id})
    return await cur.fetchone()


async def delete_cohort(cur, tenant_id: str, cohort_id: str) -> bool:
    """Remove a cohort."""
    await cur.execute("DELETE FROM pulse_cohort WHERE tenant_id = %(t)s AND id = %(id)s RETURNING id",
                      {"t": tenant_id, "id": cohort_id})
    return await cur.fetchone() is not None


async def select_members(cur, tenant_id: str) -> list[dict]:
    """Every user with what a run needs: active flag, e-mail, name, primary team, pulse opt-out."""
    await cur.execute(
        "SELECT u.id, u.email, u.name, u.primary_team_id, u.is_active, coalesce(p.pulse_emails, true) AS pulse_emails "
        "FROM app_user u LEFT JOIN user_preferences p ON p.user_id = u.id AND p.tenant_id = u.tenant_id "
        "WHERE u.tenant_id = %(t)s ORDER BY u.created_at, u.id", {"t": tenant_id})
    return await cur.fetchall()


async def select_teams(cur, tenant_id: str) -> list[dict]:
    """The tenant's teams."""
    await cur.execute("SELECT id, slug, name FROM team WHERE tenant_id = %(t)s ORDER BY name, id", {"t": tenant_id})
    return await cur.fetchall()
