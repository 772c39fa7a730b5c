"""Providers and the dev sink: Resend's request format, SMTP into a real sink, the mail viewer's API,
preferences in the mailer and the admin queue page."""

from __future__ import annotations

import asyncio
import json
import socket

import aiohttp
import psycopg2

from pulsestage import keys
from pulsestage.mail.job import MailJob, PermanentFailure
from pulsestage.mail.memory_store import MemoryQueue
from pulsestage.mail.resend_provider import ResendProvider
from pulsestage.mail.worker import MailWorker
from tests.support.cast import headers, sign_in
from tests.support.fake_resend import FakeResend


def a_job(**over) -> MailJob:
    values = {"tenant_id": "t1", "template": "welcome", "to": "alice@example.com", "subject": "Welcome",
              "html": "<p>Hi</p>", "text": "Hi", "headers": {"List-Unsubscribe": "<https://ps.test/profile>"},
              "idempotency_key": "welcome:alice"}
    return MailJob(**{**values, **over})


async def test_resend_request_is_exactly_what_resend_documents() -> None:
    fake = await FakeResend().start()
    provider = ResendProvider(api_key="re_test_key", base_url=fake.url, from_name="Pulse Stage",
                              from_address="noreply@ps.test")
    try:
        message_id = await provider.send(a_job())
        request = fake.requests[0]
        assert request["headers"]["Authorization"] == "Bearer re_test_key"
        assert request["headers"]["Content-Type"].startswith("application/json")
        assert request["headers"]["Idempotency-Key"] == "welcome:alice"
        assert json.loads(request["body"]) == {
            "from": "Pulse Stage <noreply@ps.test>", "to": ["alice@example.com"], "subject": "Welcome",
            "html": "<p>Hi</p>", "text": "Hi", "headers": {"List-Unsubscribe": "<https://ps.test/profile>"}}
        assert fake.sent[0]["id"] == message_id
        assert await provider.send(a_job()) == message_id and len(fake.sent) == 1  # retry: not sent twice
        bad = ResendProvider(api_key="wrong", base_url=fake.url, from_name="P", from_address="n@ps.test")
        try:
            await bad.send(a_job(idempotency_key="other"))
            raise AssertionError("a bad key must be refused")
        except PermanentFailure as exc:
            assert "403" in str(exc)
        finally:
            await bad.close()
    finally:
        await provider.close()
        await fake.close()


async def test_resend_failures_are_retried_until_accepted() -> None:
    fake = await FakeResend().start()
    fake.fail_next(2)
    queue = MemoryQueue(max_attempts=5, backoff_base=0.05)
    provider = ResendProvider(api_key="re_test_key", base_url=fake.url, from_name="P", from_address="n@ps.test")
    worker = MailWorker(queue, provider, concurrency=1, poll_seconds=0.02)
    await queue.enqueue(a_job())
    await worker.start()
    for _ in range(100):
        if (await queue.stats())["sent"]:
            break
        await asyncio.sleep(0.05)
    await worker.stop()
    await provider.close()
    await fake.close()
    assert (await queue.stats())["sent"] == 1 and (await queue.stats())["retried"] == 2 and len(fake.sent) == 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_dev_sink_receives_over_smtp_and_viewer_api_works(aiohttp_client, make_config, database) -> None:
    from pulsestage.app import create_app

    ui = free_port()
    config = make_config(MAIL_SINK_SMTP_PORT=str(free_port()), MAIL_SINK_UI_PORT=str(ui))
    client = await aiohttp_client(create_app(config))
    tenant = await client.app[keys.TENANTS].require("default")
    mailer = client.app[keys.MAILER]
    job_id = await mailer.send(tenant_id=tenant.id, template="welcome", to="new.person@example.com",
                               context={"user_name": "New Person", "home_team_name": "Engineering"})
    assert job_id
    [message] = await client.app[keys.MAIL_SINK].wait_for(1)
    headers_ = dict(message.headers)
    assert headers_["List-Unsubscribe"].startswith("<http") and headers_["Message-ID"].startswith("<job-")
    assert message.html and "New Person" in message.html and "New Person" in message.text
    async with aiohttp.ClientSession() as http:
        base = f"http://127.0.0.1:{ui}"
        listing = await (await http.get(f"{base}/api/messages")).json()
        assert listing["total"] == 1 and listing["messages"][0]["to"] == ["new.person@example.com"]
        detail = await (await http.get(f"{base}/api/messages/{message.id}")).json()
        assert "New Person" in detail["html"] and "New Person" in detail["text"]
        page = await http.get(f"{base}/")
        assert page.status == 200 and "Welcome to" in await page.text()
        assert (await http.get(f"{base}/messages/{message.id}")).status == 200
        assert (await (await http.delete(f"{base}/api/messages")).json()) == {"deleted": 1}
        assert (await (await http.get(f"{base}/api/messages")).json())["total"] == 0


async def test_mailer_honours_preferences(client, database) -> None:
    tenant = await client.app[keys.TENANTS].require("default")
    mailer = client.app[keys.MAILER]
    with psycopg2.connect(database) as conn, conn.cursor() as cur:
        cur.execute("SELECT email FROM app_user WHERE tenant_id = %s AND email LIKE 'alice%%'", (tenant.id,))
        alice = cur.fetchone()[0]
        cur.execute("UPDATE user_preferences SET email_notifications = false, pulse_emails = true "
                    "WHERE user_id = (SELECT id FROM app_user WHERE email = %s AND tenant_id = %s)", (alice, tenant.id))
        cur.execute("UPDATE tenant_settings SET settings = jsonb_set(settings, '{features}', "
                    "'{\"enableEmailNotifications\": true}') WHERE tenant_id = %s", (tenant.id,))
    context = {"question_body": "Q?", "answer_body": "A.", "question_text": "How?",
               "answer_links": [{"score": 1, "url": "u", "label": "l", "color": "#000000", "face": ""}]}
    assert await mailer.send(tenant_id=tenant.id, template="question_answered", to=alice, context=context) == ""
    assert await mailer.send(tenant_id=tenant.id, template="pulse_invitation", to=alice, context=context)
    with psycopg2.connect(database) as conn, conn.cursor() as cur:
        cur.execute("UPDATE user_preferences SET pulse_emails = false "
                    "WHERE user_id = (SELECT id FROM app_user WHERE email = %s AND tenant_id = %s)", (alice, tenant.id))
    assert await mailer.send(tenant_id=tenant.id, template="pulse_reminder", to=alice, context=context) == ""
    await client.app[keys.MAIL_SINK].wait_for(1)
    assert [m.subject for m in client.app[keys.MAIL_SINK].list()] == ["Your weekly pulse check-in"]


async def test_admin_queue_page_and_dead_letter_retry(client) -> None:
    token = await sign_in(client, "admin")
    queue = client.app[keys.MAIL_QUEUE]
    tenant = await client.app[keys.TENANTS].require("default")
    await queue.enqueue(a_job(tenant_id=tenant.id, idempotency_key="dead-one"))
    # take it before the app's worker does and fail it for good
    for _ in range(3):
        taken = await queue.take(0.01)
        if taken is not None:
            break
    if taken is not None:
        await queue.fail(taken, "550 no such user", permanent=True)
    status = await (await client.get("/api/admin/email-queue", headers=headers(token))).json()
    assert set(status["metrics"]) >= {"waiting", "inFlight", "sent", "failed", "dead"}
    dead = status["deadLetters"]
    if taken is not None:
        assert dead and dead[0]["lastError"] == "550 no such user"
        retry = await client.post(f"/api/admin/email-queue/dead/{dead[0]['id']}/retry", headers=headers(token))
        assert retry.status == 200
    missing = await client.post("/api/admin/email-queue/dead/nope/retry", headers=headers(token))
    assert missing.status == 404
    member = await sign_in(client, "alice")
    assert (await client.get("/api/admin/email-queue", headers=headers(member))).status == 403
