"""`pulsestage pulse trigger`: send the pulse now from the command line (the admin page's "send now").

The command is its own process, so it cannot hand e-mails to a running server's in-memory queue.
Where they go depends on the configuration, and works with `make run` in another terminal:

* `REDIS_URL` set: the e-mails are queued in Redis, where the server's mail worker delivers them
  (and marks the invites sent) — nothing else to wait for;
* no Redis: the command delivers them itself through the configured provider, the same path the
  server's worker takes. In dev that is SMTP to the mail sink the running server hosts on
  127.0.0.1:1025, so the invitations appear in the mail viewer (127.0.0.1:8025); the sink is
  checked before anything is written, so a missing server is one clear line, not orphan invites.

The database is DATABASE_URL, else the embedded PostgreSQL a running server holds, else the
embedded one started for the command.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg2

from pulsestage.cli.common import CommandError, config_from, database_dsn, fail, guarded
from pulsestage.config import Config
from pulsestage.errors import AppError

EXIT_NOT_SENT = 1


def add_parser(sub) -> None:
    """Register `pulse` with its `trigger` action."""
    parser = sub.add_parser("pulse", help="the weekly pulse: send it now",
                            description="Weekly pulse tools.")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    trigger = actions.add_parser(
        "trigger", help="send the next cohort its question now (or a named cohort)",
        description="Run the tenant's pulse now, like the admin page's trigger: the next cohort in rotation "
                    "gets the next question (a named cohort gets it without moving the rotation). With "
                    "REDIS_URL the e-mails are queued for the server's mail worker; without Redis this command "
                    "delivers them itself through the configured provider (in dev: the running server's mail sink).")
    trigger.add_argument("--tenant", metavar="SLUG", default="default", help="tenant slug (default: default)")
    trigger.add_argument("--cohort", metavar="NAME", help="send to this cohort instead of the next in rotation")
    trigger.add_argument("--wait", metavar="SECONDS", type=float, default=60.0,
                         help="without Redis: how long to keep retrying delivery before giving up (default 60)")
    trigger.set_defaults(func=run_trigger)


@guarded
def run_trigger(args: argparse.Namespace) -> int:
    """Check where the e-mails can go, run the pulse, deliver or queue the invitations; print a report."""
    config = config_from(args)
    if not config.redis.url:
        check_provider(config)
    try:
        with owner_dsn(args, config) as dsn:
            lines, ok = asyncio.run(trigger(config, dsn, args.tenant, args.cohort, args.wait))
    except AppError as exc:
        return fail(exc.message, EXIT_NOT_SENT)
    except psycopg2.OperationalError as exc:
        return fail(f"cannot connect to the database: {str(exc).strip().splitlines()[0]}")
    except RuntimeError as exc:  # EmbeddedPostgresError: one line saying why and what to do
        return fail(str(exc).strip().splitlines()[0])
    print("\n".join(lines))
    return 0 if ok else EXIT_NOT_SENT


def check_provider(config: Config) -> None:
    """Without Redis this process delivers: refuse up front when the provider cannot be reached."""
    mail = config.mail
    if mail.provider != "sink":
        return
    if not mail.sink_smtp_port:
        raise CommandError("the dev mail sink's SMTP listener is off (MAIL_SINK_SMTP_PORT=0), so this command "
                           "cannot deliver to it; use the admin page's trigger, or set REDIS_URL")
    try:
        socket.create_connection((mail.sink_host, mail.sink_smtp_port), timeout=2).close()
    except OSError:
        raise CommandError(f"no dev mail sink at {mail.sink_host}:{mail.sink_smtp_port}: start the server first "
                           "(`make run` in another terminal), or set REDIS_URL") from None


@contextmanager
def owner_dsn(args: argparse.Namespace, config: Config) -> Iterator[str]:
    """DATABASE_URL; else the embedded server a running `pulsestage serve` holds; else start it here."""
    if not config.database.url:
        from pulsestage.db.embedded import EmbeddedPostgres

        running = EmbeddedPostgres(Path(config.data_dir)).dsn()
        try:
            psycopg2.connect(running, connect_timeout=3).close()
            yield running
            return
        except psycopg2.OperationalError:
            pass
    with database_dsn(args) as dsn:
        yield dsn


async def trigger(config: Config, dsn: str, slug: str, cohort: str | None, wait: float) -> tuple[list[str], bool]:
    """Run the pulse for one tenant; (report lines, every invitation delivered or queued)."""
    from pulsestage.db.pool import create_pool
    from pulsestage.http.tenant import TenantDirectory
    from pulsestage.mail.contexts import make_provider
    from pulsestage.mail.mailer import Mailer
    from pulsestage.mail.queue import make_queue
    from pulsestage.mail.render import Renderer
    from pulsestage.mail.unsubscribe import UnsubscribeLinks
    from pulsestage.pulse.runner import RunOptions, run_pulse
    from pulsestage.redis_context import make_client

    mail, public_url = config.mail, config.server.public_url
    pool = await create_pool(dsn, 1, 2)
    redis = make_client(config.redis.url)
    try:
        tenant = await TenantDirectory(pool).require(slug)
        queue = make_queue(redis, max_attempts=mail.max_attempts, backoff_base=mail.backoff_base_seconds)
        mailer = Mailer(pool, queue, Renderer(public_url), UnsubscribeLinks(config.session.secret, public_url))
        options = RunOptions(now=dt.datetime.now(dt.UTC), ttl_days=config.pulse.invite_ttl_days,
                             public_url=public_url, scheduled=False, cohort_name=cohort)
        result = await run_pulse(pool, mailer, tenant, options)
        if result is None:  # a manual run runs or raises why not; this is only a guard
            raise CommandError("the pulse did not run")
        lines = [f"pulse sent in tenant {tenant.slug}: cohort {result['cohort']}, question "
                 f"\"{result['questionText']}\" (week of {result['weekStart']}); {result['invited']} invited, "
                 f"{result['queued']} e-mails queued, {result['skipped']} skipped (pulse e-mails off or already asked)"
                 + (f", {result['failed']} could not be queued" if result["failed"] else "")]
        if redis is not None:
            lines.append(f"queued in Redis: the server's mail worker delivers them ({mail.provider})")
            return lines, result["failed"] == 0
        delivered, failed, waiting = await deliver(pool, queue, make_provider(mail, None), config, wait)
        where = f"the dev mail sink (viewer: http://{mail.sink_host}:{mail.sink_ui_port}/)" \
            if mail.provider == "sink" else mail.provider
        lines.append(f"delivered {delivered} through {where}; {failed} failed, {waiting} not delivered in time")
        return lines, result["failed"] == failed == waiting == 0
    finally:
        pool.close()
        await pool.wait_closed()
        if redis is not None:
            await redis.aclose()


async def deliver(pool, queue, provider, config: Config, wait: float) -> tuple[int, int, int]:
    """Run a mail worker on this process's queue until it is empty or `wait` seconds passed."""
    from pulsestage.mail.contexts import worker_concurrency
    from pulsestage.mail.worker import MailWorker
    from pulsestage.pulse.runner import confirm_delivery

    async def confirm(job) -> None:
        await confirm_delivery(pool, job)

    worker = MailWorker(queue, provider, concurrency=worker_concurrency(config.mail), hooks=[confirm],
                        poll_seconds=0.2)
    await worker.start()
    deadline = time.monotonic() + wait
    try:
        while time.monotonic() < deadline:
            stats = await queue.stats()
            if stats["waiting"] + stats["delayed"] + stats["inFlight"] == 0:
                break
            await asyncio.sleep(0.1)
    finally:
        await worker.stop(timeout=10)
        await provider.close()
    stats = await queue.stats()
    return stats["sent"], stats["failed"], stats["waiting"] + stats["delayed"] + stats["inFlight"]
