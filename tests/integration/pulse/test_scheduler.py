"""The scheduler on a frozen clock: the right cohort gets the right question, once, even with two
instances; over several weeks every cohort is asked every active question; failed e-mail is not sent."""

from __future__ import annotations

import asyncio
import datetime as dt

from pulsestage import keys
from pulsestage.pulse.scheduler import tick
from tests.integration.pulse.helpers import sql

PUBLIC = "http://localhost:3000"


def prepare(dsn: str, questions: int) -> None:
    """Keep `questions` active questions, a due Monday 09:00 UTC schedule that never ran."""
    sql(dsn, "UPDATE pulse_question SET active = false WHERE id NOT IN (SELECT id FROM pulse_question "
             "WHERE tenant_id = (SELECT id FROM tenant WHERE slug = 'default') ORDER BY created_at, id LIMIT %s)",
        (questions,))
    sql(dsn, "UPDATE pulse_schedule SET last_run_at = NULL, next_cohort_index = 0, next_question_index = 0, "
             "timezone = 'UTC', day_of_week = 1, time_of_day = '09:00', cadence = 'WEEKLY', enabled = true")


def invites_after(dsn: str, since: dt.date) -> list[dict]:
    return sql(dsn, "SELECT user_id, question_id, week_start FROM pulse_invite WHERE week_start >= %s", (since,))


async def test_every_cohort_gets_every_question_over_simulated_weeks(client, database) -> None:
    prepare(database, questions=3)
    pool, mailer = client.app[keys.PG_POOL], client.app[keys.MAILER]
    cohorts = {r["name"]: set(r["user_ids"]) for r in sql(
        database, "SELECT c.name, c.user_ids FROM pulse_cohort c JOIN tenant t ON t.id = c.tenant_id WHERE t.slug = 'default'")}
    questions = {r["id"] for r in sql(database, "SELECT id FROM pulse_question WHERE active AND tenant_id = "
                                                "(SELECT id FROM tenant WHERE slug = 'default')")}
    start = dt.date(2030, 1, 7)  # a Monday, after the seeded history
    for week in range(len(cohorts) * len(questions)):
        monday = dt.datetime.combine(start + dt.timedelta(weeks=week), dt.time(9, 5), dt.UTC)
        assert not (await tick(pool, mailer, now=monday - dt.timedelta(hours=1), ttl_days=7, public_url=PUBLIC))
        ran = await tick(pool, mailer, now=monday, ttl_days=7, public_url=PUBLIC)
        assert "default" in ran
        again = await tick(pool, mailer, now=monday + dt.timedelta(hours=3), ttl_days=7, public_url=PUBLIC)
        assert "default" not in again  # never twice the same day
    asked: dict[str, set[str]] = {name: set() for name in cohorts}
    by_user = {u: name for name, users in cohorts.items() for u in users}
    for invite in invites_after(database, start):
        asked[by_user[invite["user_id"]]].add(invite["question_id"])
    assert all(got == questions for got in asked.values()), asked
    # one invite per person per run
    weekly = sql(database, "SELECT user_id, week_start, count(*) AS n FROM pulse_invite WHERE week_start >= %s "
                           "GROUP BY 1, 2 HAVING count(*) > 1", (start,))
    assert weekly == []


async def test_two_instances_run_the_pulse_once(client, database, aiohttp_client, make_config) -> None:
    from pulsestage.app import create_app

    other = await aiohttp_client(create_app(make_config()))
    prepare(database, questions=2)
    monday = dt.datetime(2030, 1, 7, 9, 1, tzinfo=dt.UTC)
    runs = await asyncio.gather(*[
        tick(app[keys.PG_POOL], app[keys.MAILER], now=monday, ttl_days=7, public_url=PUBLIC)
        for app in (client.app, other.app, client.app, other.app)])
    ran = [r for r in runs if r and "default" in r]
    assert len(ran) == 1
    invites = invites_after(database, dt.date(2030, 1, 7))
    assert len(invites) == ran[0]["default"]["invited"] > 0
    assert len({i["user_id"] for i in invites}) == len(invites)


async def test_invite_is_sent_only_when_the_email_was_accepted(client, database) -> None:
    prepare(database, questions=2)
    sql(database, "UPDATE user_preferences SET pulse_emails = false WHERE user_id IN "
                  "(SELECT id FROM app_user WHERE email LIKE 'alice%%')")
    pool, mailer = client.app[keys.PG_POOL], client.app[keys.MAILER]
    monday = dt.datetime(2030, 1, 7, 9, 1, tzinfo=dt.UTC)
    result = (await tick(pool, mailer, now=monday, ttl_days=7, public_url=PUBLIC))["default"]
    await client.app[keys.MAIL_SINK].wait_for(result["queued"])
    for _ in range(50):
        rows = sql(database, "SELECT status, sent_at FROM pulse_invite WHERE week_start = '2030-01-07'")
        if all(r["status"] == "SENT" for r in rows):
            break
        await asyncio.sleep(0.05)
    assert rows and all(r["status"] == "SENT" and r["sent_at"] for r in rows)
    # an opted-out user is never invited
    assert not sql(database, "SELECT 1 FROM pulse_invite i JOIN app_user u ON u.id = i.user_id "
                             "WHERE u.email LIKE 'alice%%' AND i.week_start = '2030-01-07'")


async def test_failed_email_leaves_the_invite_unsent(client, database) -> None:
    from pulsestage.mail.job import PermanentFailure
    from pulsestage.mail.mailer import Mailer
    from pulsestage.mail.memory_store import MemoryQueue
    from pulsestage.mail.render import Renderer
    from pulsestage.mail.worker import MailWorker
    from pulsestage.pulse.runner import confirm_delivery

    class HalfRefusing:
        calls = 0

        async def send(self, job):
            HalfRefusing.calls += 1
            if HalfRefusing.calls % 2:
                raise PermanentFailure("550 mailbox unavailable")
            return "ok"

    prepare(database, questions=2)
    pool = client.app[keys.PG_POOL]
    queue = MemoryQueue(max_attempts=1, backoff_base=0.0)  # a queue the app's own worker does not drain
    mailer = Mailer(pool, queue, Renderer(PUBLIC))
    monday = dt.datetime(2030, 1, 7, 9, 1, tzinfo=dt.UTC)
    result = (await tick(pool, mailer, now=monday, ttl_days=7, public_url=PUBLIC))["default"]
    worker = MailWorker(queue, HalfRefusing(), concurrency=1, poll_seconds=0.05,
                        hooks=[lambda job: confirm_delivery(pool, job)])
    await worker.start()
    for _ in range(100):
        if await queue.depth() == 0 and (await queue.stats())["inFlight"] == 0:
            break
        await asyncio.sleep(0.05)
    await worker.stop()
    stats = await queue.stats()
    rows = sql(database, "SELECT status, sent_at FROM pulse_invite WHERE week_start = '2030-01-07'")
    assert len(rows) == result["invited"] == stats["sent"] + stats["failed"]
    assert sum(r["status"] == "SENT" and r["sent_at"] is not None for r in rows) == stats["sent"]
    assert sum(r["status"] == "PENDING" and r["sent_at"] is None for r in rows) == stats["failed"] > 0
