"""One pulse run for one tenant: pick the cohort and question, create invites, queue the e-mails.

Used by the scheduler (when the schedule is due) and by the admin's manual trigger. Invites are
created PENDING in one transaction with the rotation step; each e-mail is queued afterwards with
the invite id as idempotency key, and the invite becomes SENT only when the provider accepted the
e-mail (`confirm_delivery`, a mail-worker hook) — an invite whose e-mail failed is not counted as sent.
A crash between the commit and the queueing is repaired by the scheduler (pulse/requeue.py), which
queues the e-mail of such invites again under the same key.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import uuid
from dataclasses import dataclass, field

from pulsestage.admin.settings_doc import anon_threshold, load_settings
from pulsestage.db.tenancy import Tenant, tenant_tx
from pulsestage.errors import Conflict, NotFound
from pulsestage.mail.service import Outgoing
from pulsestage.pulse import invite_queries, queries, rotation, timing
from pulsestage.pulse.links import invite_context

log = logging.getLogger("pulsestage.pulse")
INVITE_KIND = "pulse_invite"


@dataclass(slots=True)
class RunPlan:
    """What a run decided, handed from the transaction to the e-mail step."""

    cohort: str
    question: dict
    week_start: dt.date
    expires_at: dt.datetime
    threshold: int
    invites: list[dict] = field(default_factory=list)  # id, token, email, name
    skipped: int = 0


@dataclass(frozen=True, slots=True)
class RunOptions:
    """How a run behaves: scheduled (due check, last_run_at) or manual (optionally one named cohort)."""

    now: dt.datetime
    ttl_days: int
    public_url: str
    scheduled: bool = True
    cohort_name: str | None = None


async def run_pulse(pool, mailer, tenant: Tenant, options: RunOptions) -> dict | None:
    """Run the tenant's pulse now; None when a scheduled run is not due (or not possible yet)."""
    async with tenant_tx(pool, tenant.id) as cur:
        plan = await _plan(cur, tenant, options)
    if plan is None:
        return None
    contexts = [_mail_context(plan, invite, tenant, options) for invite in plan.invites]
    queued, suppressed, failed = await queue_invitations(mailer, tenant.id, plan.invites, contexts)
    plan.skipped += suppressed
    log.info("pulse run", extra={"cohort": plan.cohort, "invited": len(plan.invites), "queued": queued,
                                 "failed": failed, "scheduled": options.scheduled})
    return {"cohort": plan.cohort, "questionId": plan.question["id"], "questionText": plan.question["text"],
            "weekStart": plan.week_start.isoformat(), "invited": len(plan.invites), "queued": queued,
            "failed": failed, "skipped": plan.skipped}


async def _plan(cur, tenant: Tenant, options: RunOptions) -> RunPlan | None:
    schedule = await queries.select_schedule(cur, tenant.id, for_update=True)
    settings = await load_settings(cur, tenant.id)
    if options.scheduled:
        if not schedule or not schedule["enabled"] or not settings["pulse"].get("enabled"):
            return None
        if not timing.is_due(schedule, options.now):
            return None
    elif not settings["pulse"].get("enabled"):
        raise Conflict("The pulse is turned off in this organisation's settings", code="pulse_disabled")
    questions = await queries.select_questions(cur, tenant.id, active_only=True)
    if not questions:
        if options.scheduled:
            return None
        raise Conflict("There are no active pulse questions", code="no_questions")
    members = await queries.select_members(cur, tenant.id)
    active = [m for m in members if m["is_active"]]
    next_cohort = schedule["next_cohort_index"] if schedule else 0
    next_question = schedule["next_question_index"] if schedule else 0
    rotating = schedule["rotating_cohorts"] if schedule else True
    cohort_name, user_ids, cohort_count, cohort_index = await _pick_cohort(
        cur, tenant.id, [m["id"] for m in active], rotating, next_cohort, options.cohort_name)
    question_index = next_question % len(questions)
    question = questions[question_index]
    today = timing.local_today(options.now, schedule["timezone"] if schedule else "UTC")
    plan = RunPlan(cohort=cohort_name, question=question, week_start=timing.monday(today),
                   expires_at=options.now.astimezone(dt.UTC).replace(tzinfo=None) + dt.timedelta(days=options.ttl_days),
                   threshold=anon_threshold(settings))
    await _invite(cur, tenant.id, plan, [m for m in active if m["id"] in set(user_ids)])
    if schedule and options.cohort_name is None:
        following = rotation.advance(cohort_index, question_index, cohort_count, len(questions))
        ran_at = options.now.astimezone(dt.UTC).replace(tzinfo=None) if options.scheduled else None
        await queries.update_rotation(cur, tenant.id, *following, ran_at=ran_at)
    return plan


async def _pick_cohort(cur, tenant_id: str, active_ids: list[str], rotating: bool, next_cohort: int,
                       named: str | None) -> tuple[str, list[str], int, int]:
    """(cohort name, its user ids, number of cohorts, index): cohorts are rebalanced first."""
    cohorts = await queries.select_cohorts(cur, tenant_id)
    if cohorts:
        balanced = rotation.rebalance([list(c["user_ids"]) for c in cohorts], active_ids)
        for cohort, members in zip(cohorts, balanced, strict=True):
            if members != list(cohort["user_ids"]):
                await queries.update_cohort(cur, tenant_id, cohort["id"], {"user_ids": members})
                cohort["user_ids"] = members
    if named is not None:
        for index, cohort in enumerate(cohorts):
            if cohort["name"] == named:
                return cohort["name"], list(cohort["user_ids"]), len(cohorts), index
        raise NotFound(f"No cohort named {named!r}")
    if not rotating or not cohorts:
        return "all", active_ids, 1, 0
    index = next_cohort % len(cohorts)
    return cohorts[index]["name"], list(cohorts[index]["user_ids"]), len(cohorts), index


async def _invite(cur, tenant_id: str, plan: RunPlan, members: list[dict]) -> None:
    already = await invite_queries.select_invited_users(cur, tenant_id, plan.question["id"], plan.week_start)
    rows = []
    for member in members:
        if not member["pulse_emails"] or member["id"] in already:
            plan.skipped += 1
            continue
        invite = {"id": str(uuid.uuid4()), "token": secrets.token_urlsafe(24), "email": member["email"],
                  "name": member["name"]}
        plan.invites.append(invite)
        rows.append((invite["id"], tenant_id, member["id"], member["primary_team_id"], plan.question["id"],
                     invite["token"], plan.week_start, plan.expires_at))
    await invite_queries.insert_invites(cur, rows)


async def queue_invitations(mailer, tenant_id: str, invites: list[dict], contexts: list[dict]) -> tuple[int, int, int]:
    """Queue one invitation e-mail per invite (key `pulse-invite:<id>`); (queued, suppressed, failed).

    The key is what makes re-queueing harmless: an invite whose e-mail is already queued (or was
    sent, within the queue's 7-day memory of keys) gets no second one.
    """
    messages = [Outgoing(invite["email"], context, invite_key(invite["id"]), {"kind": INVITE_KIND, "inviteId": invite["id"]})
                for invite, context in zip(invites, contexts, strict=True)]
    try:
        ids = await mailer.send_many(tenant_id=tenant_id, template="pulse_invitation", messages=messages)
    except Exception:
        # some batches may be queued; the scheduler's re-queue completes the rest under the same keys
        log.exception("pulse invitations could not be queued", extra={"invites": len(invites)})
        return 0, 0, len(invites)
    queued = sum(1 for job_id in ids if job_id)
    return queued, len(ids) - queued, 0


def invite_key(invite_id: str) -> str:
    """The idempotency key of an invite's invitation e-mail (also its SMTP Message-ID)."""
    return f"pulse-invite:{invite_id}"


def _mail_context(plan: RunPlan, invite: dict, tenant: Tenant, options: RunOptions) -> dict:
    return invite_context(options.public_url, tenant.slug, name=invite["name"], token=invite["token"],
                          question_text=plan.question["text"], scale=plan.question["scale"],
                          expires_days=options.ttl_days, threshold=plan.threshold)


async def already_delivered(pool, job) -> bool:
    """Mail-worker check before sending: True when this job is a pulse invitation already delivered.

    A job delivered and confirmed but not acknowledged (the process died in between) comes back
    after its lease; this is what keeps it from being sent twice.
    """
    if job.meta.get("kind") != INVITE_KIND:
        return False
    return await invite_queries.select_sent(pool, job.tenant_id, job.meta["inviteId"])


async def confirm_delivery(pool, job) -> bool:
    """Mail-worker hook: the provider accepted a pulse invitation, so the invite counts as sent.

    Runs before the job is acknowledged. True when this delivery marked the invite sent (False for
    other e-mails and redeliveries).
    """
    if job.meta.get("kind") != INVITE_KIND:
        return False
    return await invite_queries.mark_sent(pool, job.tenant_id, job.meta["inviteId"])
