"""Reminders on a frozen clock: off by default; after N days one reminder per delivered, unanswered,
unexpired invite — never to someone who answered, never twice, not after expiry, even with two
instances; the setting is validated like every other."""

from __future__ import annotations

import asyncio
import datetime as dt
import json

from pulsestage import keys
from pulsestage.db.tenancy import Tenant
from pulsestage.pulse.reminders import send_reminders
from pulsestage.pulse.scheduler import tick
from tests.integration.pulse.helpers import sql
from tests.integration.pulse.test_scheduler import PUBLIC, prepare
from tests.support.cast import headers, sign_in

RUN = dt.datetime(2030, 1, 7, 9, 1, tzinfo=dt.UTC)  # a Monday: the prepared schedule is due
WEEK = "2030-01-07"
REMINDER = "Reminder: your weekly pulse check-in"


def set_reminder(dsn: str, days) -> None:
    sql(dsn, "UPDATE tenant_settings SET settings = jsonb_set(settings, '{pulse,reminderAfterDays}', %s::jsonb) "
             "WHERE tenant_id = (SELECT id FROM tenant WHERE slug = 'default')", (json.dumps(days),))


def invites(dsn: str) -> list[dict]:
    return sql(dsn, "SELECT i.id, i.token, i.status, i.reminded, u.email FROM pulse_invite i "
                    "JOIN app_user u ON u.id = i.user_id WHERE i.week_start = %s ORDER BY u.email", (WEEK,))


async def run_and_deliver(client, database) -> list[dict]:
    """The Monday run, every invitation delivered, then the sending time pinned to the frozen clock."""
    prepare(database, questions=2)
    app = client.app
    result = (await tick(app[keys.PG_POOL], app[keys.MAILER], now=RUN, ttl_days=7, public_url=PUBLIC))["default"]
    await app[keys.MAIL_SINK].wait_for(result["queued"])
    for _ in range(100):
        if all(i["status"] == "SENT" for i in invites(database)):
            break
        await asyncio.sleep(0.05)
    sql(database, "UPDATE pulse_invite SET sent_at = %s WHERE week_start = %s", (RUN.replace(tzinfo=None), WEEK))
    app[keys.MAIL_SINK].clear()
    return invites(database)


async def later(client, days: float) -> list:
    """A scheduler tick `days` after the run; the reminder e-mails it queued, once delivered."""
    app = client.app
    await tick(app[keys.PG_POOL], app[keys.MAILER], now=RUN + dt.timedelta(days=days), ttl_days=7, public_url=PUBLIC)
    await asyncio.sleep(0.3)  # the worker delivers into the sink in the background
    return [m for m in app[keys.MAIL_SINK].list() if m.subject == REMINDER]


async def test_no_reminders_unless_turned_on(client, database) -> None:
    await run_and_deliver(client, database)
    assert await later(client, 5) == []
    set_reminder(database, 0)
    assert await later(client, 6) == []
    assert not any(i["reminded"] for i in invites(database))


async def test_one_reminder_after_n_days_only_to_the_unanswered(client, database) -> None:
    sent = await run_and_deliver(client, database)
    answered, undelivered, opted_out, *others = sent
    assert others
    set_reminder(database, 2)
    reply = await client.post("/pulse/respond", json={"token": answered["token"], "score": 4},
                              headers={"x-tenant-id": "default"})
    assert reply.status == 200
    sql(database, "UPDATE pulse_invite SET status = 'PENDING', sent_at = NULL WHERE id = %s", (undelivered["id"],))
    sql(database, "UPDATE user_preferences SET pulse_emails = false WHERE user_id = "
                  "(SELECT user_id FROM pulse_invite WHERE id = %s)", (opted_out["id"],))

    assert await later(client, 1) == []  # too early
    reminded = await later(client, 2.01)
    assert sorted(r for m in reminded for r in m.recipients) == sorted(i["email"] for i in others)
    token = others[0]["token"]
    mine = next(m for m in reminded if m.recipients == [others[0]["email"]])
    assert f"token={token}&score=3&tenant=default" in mine.text  # the invitation's own links
    assert "expires in 5 days" in mine.text and "List-Unsubscribe-Post" not in dict(mine.headers)  # http: no one-click
    flags = {i["id"]: i["reminded"] for i in invites(database)}
    assert not flags[answered["id"]] and not flags[undelivered["id"]]
    assert flags[opted_out["id"]] and all(flags[i["id"]] for i in others)  # opted out: decided, not sent

    client.app[keys.MAIL_SINK].clear()
    assert await later(client, 3) == []  # never twice
    page = await client.get(f"/pulse/respond?token={token}&score=3&tenant=default")
    assert page.status == 200


async def test_no_reminder_after_expiry(client, database) -> None:
    await run_and_deliver(client, database)
    set_reminder(database, 2)
    sql(database, "UPDATE pulse_invite SET expires_at = %s WHERE week_start = %s",
        ((RUN + dt.timedelta(days=2, hours=1)).replace(tzinfo=None), WEEK))
    assert await later(client, 2.5) == []  # due since day 2, but the links expired at day 2 + 1 h
    assert not any(i["reminded"] for i in invites(database))


async def test_two_instances_remind_each_invite_once(client, database, aiohttp_client, make_config) -> None:
    from pulsestage.app import create_app

    other = await aiohttp_client(create_app(make_config()))
    sent = await run_and_deliver(client, database)
    set_reminder(database, 1)
    tenant = Tenant(**{k: v for k, v in sql(database, "SELECT id, slug, name FROM tenant WHERE slug = 'default'")[0]
                       .items()})
    at = RUN + dt.timedelta(days=1, minutes=5)
    results = await asyncio.gather(*[
        send_reminders(app[keys.PG_POOL], app[keys.MAILER], tenant, now=at, public_url=PUBLIC)
        for app in (client.app, other.app, client.app, other.app)])
    assert sum(r["reminded"] for r in results) == len(sent)
    await asyncio.sleep(0.3)
    mails = [m for app in (client.app, other.app) for m in app[keys.MAIL_SINK].list() if m.subject == REMINDER]
    assert sorted(r for m in mails for r in m.recipients) == sorted(i["email"] for i in sent)


async def test_setting_is_validated(client) -> None:
    token = await sign_in(client, "admin")
    for bad in (7, -1, "2", True, 1.5):
        response = await client.patch("/api/admin/tenant-settings", json={"pulse": {"reminderAfterDays": bad}},
                                      headers=headers(token))
        assert response.status == 400, bad
        assert [f["field"] for f in (await response.json())["fields"]] == ["pulse.reminderAfterDays"]
    for good in (3, 0, None):
        response = await client.patch("/api/admin/tenant-settings", json={"pulse": {"reminderAfterDays": good}},
                                      headers=headers(token))
        assert response.status == 200, await response.text()
        assert (await response.json())["settings"]["pulse"]["reminderAfterDays"] == good
