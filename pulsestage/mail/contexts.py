"""Cleanup contexts for e-mail: the dev sink (SMTP server + viewer) and the queue worker with the mailer."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

from aiohttp import web

from pulsestage import keys
from pulsestage.config.schema import MailConfig
from pulsestage.mail.dev_sink import DirectSinkProvider, SinkStore, start_smtp
from pulsestage.mail.mailer import Mailer
from pulsestage.mail.queue import make_queue
from pulsestage.mail.render import Renderer
from pulsestage.mail.unsubscribe import UnsubscribeLinks
from pulsestage.mail.worker import MailWorker

log = logging.getLogger("pulsestage.mail")


# SMTP servers take many sessions at once and each message waits on several round trips, so more
# loops send more; Resend's API allows 2 requests a second by default, so more loops would only
# collect 429 answers and back-offs.
PROVIDER_CONCURRENCY = {"smtp": 8, "sink": 8, "resend": 2}


def worker_concurrency(mail: MailConfig) -> int:
    """The worker's loops: `mail.worker_concurrency`, or the provider's own when that is 0."""
    return mail.worker_concurrency or PROVIDER_CONCURRENCY[mail.provider]


def make_provider(mail: MailConfig, sink: SinkStore | None) -> Any:
    """The configured provider: smtp, resend, or the sink (SMTP to the sink, or straight into its store)."""
    name, address = mail.from_name, mail.from_address
    if mail.provider == "resend":
        from pulsestage.mail.resend_provider import ResendProvider

        return ResendProvider(api_key=mail.resend_api_key, base_url=mail.resend_base_url, from_name=name,
                              from_address=address)
    from pulsestage.mail.smtp_provider import SmtpProvider

    if mail.provider == "sink":
        if mail.sink_smtp_port == 0:
            if sink is None:
                raise RuntimeError("the sink provider needs the dev sink store")
            return DirectSinkProvider(sink, from_name=name, from_address=address)
        return SmtpProvider(host=mail.sink_host, port=mail.sink_smtp_port, security="none", user="",
                            password="", from_name=name, from_address=address)
    return SmtpProvider(host=mail.smtp_host, port=mail.smtp_port, security=mail.smtp_security,
                        user=mail.smtp_user, password=mail.smtp_password, from_name=name, from_address=address)


async def mail_sink_context(app: web.Application) -> AsyncIterator[None]:
    """In the sink provider: capture every message in-process (SMTP listener and viewer unless port 0)."""
    mail = app[keys.CONFIG].mail
    if mail.provider != "sink":
        yield
        return
    store = SinkStore()
    app[keys.MAIL_SINK] = store
    smtp = await start_smtp(store, mail.sink_host, mail.sink_smtp_port) if mail.sink_smtp_port else None
    runner = None
    if mail.sink_ui_port:
        from pulsestage.mail.viewer import make_viewer

        runner = web.AppRunner(make_viewer(store), access_log=None)
        await runner.setup()
        await web.TCPSite(runner, mail.sink_host, mail.sink_ui_port).start()
        log.info("mail viewer listening", extra={"url": f"http://{mail.sink_host}:{mail.sink_ui_port}/"})
    if smtp is not None:
        log.info("mail sink listening", extra={"smtp": f"{mail.sink_host}:{mail.sink_smtp_port}"})
    try:
        yield
    finally:
        if runner is not None:
            await runner.cleanup()
        if smtp is not None:
            smtp.close()
            await smtp.wait_closed()


async def mail_worker_context(app: web.Application) -> AsyncIterator[None]:
    """The queue (Redis when configured), the mailer and the worker; on stop, finish the message in hand."""
    config = app[keys.CONFIG]
    mail = config.mail
    queue = make_queue(app[keys.REDIS], max_attempts=mail.max_attempts, backoff_base=mail.backoff_base_seconds)
    provider = make_provider(mail, app.get(keys.MAIL_SINK))
    app[keys.MAIL_QUEUE] = queue
    links = UnsubscribeLinks(config.session.secret, config.server.public_url)
    app[keys.MAILER] = Mailer(app[keys.PG_POOL], queue, Renderer(config.server.public_url), links)
    concurrency = worker_concurrency(mail)
    worker = MailWorker(queue, provider, concurrency=concurrency,
                        hooks=app.setdefault(keys.MAIL_SENT_HOOKS, []),
                        skip_checks=app.setdefault(keys.MAIL_SKIP_CHECKS, []))
    await worker.start()
    log.info("mail worker started", extra={"store": queue.kind, "provider": mail.provider,
                                           "concurrency": concurrency})
    try:
        yield
    finally:
        await worker.stop(timeout=float(config.server.shutdown_timeout_seconds))
        await provider.close()
