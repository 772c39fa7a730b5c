"""Writes a demo tenant's pulse: schedule, questions, cohorts, history and this week's invites."""

from __future__ import annotations

from datetime import datetime

from psycopg2.extras import Json

from pulsestage.seed.data import COHORT_COUNT, PULSE_QUESTIONS, DemoTenant
from pulsestage.seed.pulse_history import (
    INVITE_COLUMNS,
    RESPONSE_COLUMNS,
    Member,
    PulseQuestion,
    cohort_slices,
    plan_history,
    plan_pending,
)
from pulsestage.seed.rows import Clock, insert_rows, new_id

SCHEDULE_COLUMNS = ("id", "tenant_id", "cadence", "day_of_week", "time_of_day", "rotating_cohorts",
                    "enabled", "created_at", "updated_at")
QUESTION_COLUMNS = ("id", "tenant_id", "text", "scale", "active", "category", "created_at",
                    "updated_at")
COHORT_COLUMNS = ("id", "tenant_id", "name", "user_ids", "position", "created_at", "updated_at")


def pulse_question_id(tenant_id: str, category: str) -> str:
    """The documented fixed id `pulse-q-<tenantId>-<category>`."""
    return f"pulse-q-{tenant_id}-{category}"


def write_pulse(cur, tenant_id: str, demo: DemoTenant, team_ids: dict, user_ids: dict,
                clock: Clock, since: datetime) -> int:
    """Create the missing pulse setup; write history and pending invites only into an empty pulse."""
    if not demo.pulse_trends:
        return 0
    added = insert_rows(cur, "pulse_schedule", SCHEDULE_COLUMNS, [
        (new_id(), tenant_id, "WEEKLY", 1, "09:00", True, True, since, since)],
        on_conflict="ON CONFLICT (tenant_id) DO NOTHING")
    questions = [PulseQuestion(pulse_question_id(tenant_id, s.category), s) for s in PULSE_QUESTIONS]
    # Distinct creation times: the scheduler rotates through questions in created_at order.
    added += insert_rows(cur, "pulse_question", QUESTION_COLUMNS, [
        (q.id, tenant_id, q.spec.text, q.spec.scale, True, q.spec.category,
         since.replace(second=i), since.replace(second=i))
        for i, q in enumerate(questions)])

    cohorts = cohort_slices(members_in_order(cur, tenant_id, demo, team_ids, user_ids), COHORT_COUNT)
    added += insert_rows(cur, "pulse_cohort", COHORT_COLUMNS, [
        (new_id(), tenant_id, f"weekday-{i}", Json([m.user_id for m in cohort]), i, since, since)
        for i, cohort in enumerate(cohorts)],
        on_conflict="ON CONFLICT (tenant_id, name) DO NOTHING")

    if pulse_has_activity(cur, tenant_id):
        return added  # history is written once, as a whole; re-runs must not duplicate it
    invites, responses = plan_history(tenant_id, cohorts, questions, demo.pulse_trends, clock)
    pending, asked = plan_pending(tenant_id, cohorts, questions, clock)
    added += insert_rows(cur, "pulse_invite", INVITE_COLUMNS, invites + pending)
    added += insert_rows(cur, "pulse_response", RESPONSE_COLUMNS, responses)
    # This week's run went to cohort 0 with question `asked`: the next run continues after both.
    cur.execute(
        "UPDATE pulse_schedule SET next_cohort_index = %s, next_question_index = %s, "
        "last_run_at = %s WHERE tenant_id = %s",
        (1 % COHORT_COUNT, (asked + 1) % len(questions), clock.now, tenant_id))
    return added


def members_in_order(cur, tenant_id: str, demo: DemoTenant, team_ids: dict,
                     user_ids: dict) -> list[Member]:
    """The demo's users in creation order, with their primary team as stored."""
    cur.execute("SELECT id, primary_team_id FROM app_user WHERE tenant_id = %s", (tenant_id,))
    primary = dict(cur.fetchall())
    slug_of = {team_id: slug for slug, team_id in team_ids.items()}
    ids = [user_ids[u.email] for u in demo.users if u.email in user_ids]
    return [Member(uid, primary[uid], slug_of[primary[uid]]) for uid in ids]


def pulse_has_activity(cur, tenant_id: str) -> bool:
    """True when the tenant already has any pulse invite or response."""
    cur.execute(
        "SELECT EXISTS (SELECT 1 FROM pulse_invite WHERE tenant_id = %(t)s) "
        "OR EXISTS (SELECT 1 FROM pulse_response WHERE tenant_id = %(t)s)", {"t": tenant_id})
    return cur.fetchone()[0]
