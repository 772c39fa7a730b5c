"""One-click unsubscribe end to end: the headers on real e-mails, a GET that changes nothing, the
POST that turns off exactly the right preference (once, audited), invalid links, other tenants."""

from __future__ import annotations

import re

import psycopg2
import pytest

from pulsestage import keys
from pulsestage.pulse.links import answer_links

PUBLIC = "https://pulse.example.test"
ONE_CLICK = {"Content-Type": "application/x-www-form-urlencoded"}
LINK = re.compile(r"<(https://pulse\.example\.test(/mail/unsubscribe\?token=[A-Za-z0-9_\-.]+))>")


def one(dsn: str, query: str, params=()) -> tuple:
    with psycopg2.connect(dsn) as conn, conn.cursor() as cur:
        cur.execute(query, params)
        return cur.fetchone()


def prefs(dsn: str, email: str, tenant: str = "default") -> tuple:
    return one(dsn, "SELECT coalesce(p.pulse_emails, true), coalesce(p.email_notifications, true) FROM app_user u "
                    "LEFT JOIN user_preferences p ON p.user_id = u.id JOIN tenant t ON t.id = u.tenant_id "
                    "WHERE u.email = %s AND t.slug = %s", (email, tenant))


def subscribe(dsn: str, *emails: str) -> None:
    """Both kinds on (the demo seed has e-mail notifications off)."""
    with psycopg2.connect(dsn) as conn, conn.cursor() as cur:
        cur.execute("UPDATE user_preferences SET pulse_emails = true, email_notifications = true WHERE user_id IN "
                    "(SELECT id FROM app_user WHERE email = ANY(%s))", (list(emails),))


def audits(dsn: str) -> int:
    return one(dsn, "SELECT count(*) FROM audit_log WHERE action = 'user.preferences.update'")[0]


@pytest.fixture
async def https_client(aiohttp_client, make_config):
    from pulsestage.app import create_app

    return await aiohttp_client(create_app(make_config(PUBLIC_URL=PUBLIC)))


async def send(client, template: str, to: str):
    tenant = await client.app[keys.TENANTS].require("default")
    sink = client.app[keys.MAIL_SINK]
    count = len(sink.list())
    context = {"question_text": "How?", "question_body": "Q?", "answer_body": "A.",
               "answer_links": answer_links(PUBLIC, "tok", "default", "LIKERT_1_5")}
    job = await client.app[keys.MAILER].send(tenant_id=tenant.id, template=template, to=to, context=context)
    if not job:
        return None
    return (await sink.wait_for(count + 1))[0]


async def test_pulse_unsubscribe_from_header_to_preference(https_client, database) -> None:
    client, alice = https_client, "alice@pulsestage.app"
    subscribe(database, alice)
    message = await send(client, "pulse_invitation", alice)
    headers = dict(message.headers)
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url, path = LINK.fullmatch(headers["List-Unsubscribe"]).groups()
    assert url in message.html and f"Unsubscribe: {url}" in message.text  # the footer carries it too
    before = audits(database)

    for _ in range(2):  # link scanners and previews fetch it too
        page = await client.get(path)
        assert page.status == 200
    body = await page.text()
    assert "Unsubscribe?" in body and "pulse check-in e-mails" in body and "a…@pulsestage.app" in body
    assert prefs(database, alice) == (True, True) and audits(database) == before

    done = await client.post(path, data="List-Unsubscribe=One-Click", headers=ONE_CLICK)  # no cookie, no CSRF
    assert done.status == 200 and "You are unsubscribed" in await done.text()
    assert prefs(database, alice) == (False, True) and audits(database) == before + 1
    assert prefs(database, alice, "acme") == (True, True)  # the same address in another tenant: untouched
    again = await client.post(path, data="List-Unsubscribe=One-Click", headers=ONE_CLICK)
    assert again.status == 200 and "Already unsubscribed" in await again.text()
    assert audits(database) == before + 1
    assert await send(client, "pulse_reminder", alice) is None  # the mailer now holds pulse e-mail back


async def test_notification_links_turn_off_notifications_only(https_client, database) -> None:
    client, bob = https_client, "bob@pulsestage.app"
    subscribe(database, bob)
    message = await send(client, "welcome", bob)
    _, path = LINK.fullmatch(dict(message.headers)["List-Unsubscribe"]).groups()
    done = await client.post(path, data="List-Unsubscribe=One-Click", headers={**ONE_CLICK, "x-tenant-id": "acme"})
    assert done.status == 200  # the token names its tenant; the host's tenant does not matter
    assert prefs(database, bob) == (True, False)


async def test_bad_links_change_nothing_and_strangers_get_the_preferences_page(https_client, database) -> None:
    client = https_client
    subscribe(database, "alice@pulsestage.app")
    message = await send(client, "pulse_invitation", "alice@pulsestage.app")
    _, path = LINK.fullmatch(dict(message.headers)["List-Unsubscribe"]).groups()
    for bad in (path[:-2] + "xx", "/mail/unsubscribe?token=", "/mail/unsubscribe"):
        assert (await client.get(bad)).status == 404
        assert (await client.post(bad, data="List-Unsubscribe=One-Click", headers=ONE_CLICK)).status == 404
    assert prefs(database, "alice@pulsestage.app") == (True, True)
    stranger = await send(client, "pulse_invitation", "someone@elsewhere.example")
    headers = dict(stranger.headers)
    assert headers["List-Unsubscribe"] == f"<{PUBLIC}/profile?section=notifications>"
    assert "List-Unsubscribe-Post" not in headers
