"""`pulsestage preflight`: check a running installation end to end, one line per check.

Local checks (config, database and migrations, Redis, seed data, mail) read the same config as the
server; everything else goes through HTTP to `--url`, like a person would. A check is `[OK]`,
`[FAIL]` with the fix, or `[SKIP]` with the reason; the exit code is 0 only when no critical check
failed.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import aiohttp
import psycopg2

from pulsestage.config import Config, check_rules
from pulsestage.db import migrate


@dataclass(frozen=True, slots=True)
class Check:
    """The outcome of one check (ok None = skipped)."""

    name: str
    ok: bool | None
    detail: str = ""
    fix: str = ""
    critical: bool = True

    def line(self) -> str:
        """`[OK]   name: detail`, `[FAIL] name: detail; fix: ...` or `[SKIP] name: why`."""
        mark = {True: "[OK]  ", False: "[FAIL]", None: "[SKIP]"}[self.ok]
        text = f"{mark} {self.name}" + (f": {self.detail}" if self.detail else "")
        return text + (f"; fix: {self.fix}" if self.ok is False and self.fix else "")


def passed(checks: list[Check]) -> bool:
    """True when no critical check failed."""
    return not any(c.ok is False and c.critical for c in checks)


def check_config(config: Config) -> Check:
    """The configuration is valid for its profile."""
    problems = check_rules(config)
    if problems:
        return Check("config", False, f"{len(problems)} problem(s): {problems[0]}", "pulsestage config check")
    return Check("config", True, f"profile {config.profile}")


def check_database(dsn: str | None) -> Check:
    """The database answers and every migration is applied."""
    if not dsn:
        return Check("database and migrations", None, "no local connection string (checked through /health/ready)")
    try:
        pending = migrate.pending(dsn)
    except (psycopg2.Error, migrate.MigrationError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return Check("database and migrations", False, first, "start PostgreSQL or fix DATABASE_URL")
    if pending:
        return Check("database and migrations", False, f"{len(pending)} pending: {', '.join(pending)}",
                     "pulsestage migrate")
    return Check("database and migrations", True, "reachable, schema current")


SEED_COUNTS = ("SELECT (SELECT count(*) FROM team WHERE tenant_id = %(t)s AND name IN ('Engineering', 'Product')), "
               "(SELECT count(*) FROM app_user WHERE tenant_id = %(t)s), "
               "(SELECT count(*) FROM question WHERE tenant_id = %(t)s), "
               "(SELECT count(*) FROM pulse_response WHERE tenant_id = %(t)s), "
               "(SELECT count(*) FROM app_user WHERE tenant_id = %(t)s AND email = ANY(%(logins)s))")
LOGIN_EMAILS = [f"{u}@pulsestage.app" for u in ("admin", "alice", "bob", "moderator")]


def check_seed(config: Config, dsn: str | None) -> Check:
    """Dev only: the documented demo data is present in tenants default and acme."""
    name = "seed data integrity"
    if config.profile == "prod":
        return Check(name, None, "not checked in prod (no demo data there)")
    if not dsn:
        return Check(name, None, "no local connection string")
    try:
        with psycopg2.connect(dsn, connect_timeout=5) as conn, conn.cursor() as cur:
            cur.execute("SELECT slug, id FROM tenant WHERE slug IN ('default', 'acme')")
            tenants = dict(cur.fetchall())
            if "default" not in tenants:
                return Check(name, False, "tenant 'default' is missing", "make db-seed (pulsestage seed --reset)")
            cur.execute("SELECT set_config('app.tenant_id', %s, true)", (tenants["default"],))
            cur.execute(SEED_COUNTS, {"t": tenants["default"], "logins": LOGIN_EMAILS})
            teams, users, questions, responses, logins = cur.fetchone()
        conn.close()
    except psycopg2.Error as exc:
        return Check(name, False, str(exc).strip().splitlines()[0], "start PostgreSQL or fix DATABASE_URL")
    found = f"{teams}/2 teams, {users} users, {questions} questions, {responses} pulse responses, {logins}/4 logins"
    ok = teams == 2 and users >= 50 and questions >= 36 and responses > 0 and logins == 4 and "acme" in tenants
    return Check(name, ok, found + ("" if "acme" in tenants else ", tenant 'acme' missing"),
                 "make db-seed (pulsestage seed --reset)")


async def check_redis(config: Config) -> Check:
    """Redis answers PING (required in prod)."""
    if not config.redis.url:
        required = config.profile == "prod"
        return Check("redis", False if required else None, "REDIS_URL is not set",
                     "set REDIS_URL=redis://host:6379/0", critical=required)
    import redis.asyncio as aioredis

    client = aioredis.from_url(config.redis.url, socket_connect_timeout=3, socket_timeout=3)
    try:
        await client.ping()
        return Check("redis", True, "PING answered")
    except Exception as exc:
        return Check("redis", False, f"{type(exc).__name__}: {exc}", "start Redis or fix REDIS_URL")
    finally:
        await client.aclose()


async def check_mail(config: Config) -> Check:
    """The dev sink (SMTP + viewer), the SMTP server, or Resend answers."""
    mail = config.mail
    try:
        if mail.provider == "sink":
            if not mail.sink_smtp_port:
                return Check("mail", None, "dev sink is off (mail.sink_smtp_port = 0)", critical=False)
            await _smtp_hello(mail.sink_host, mail.sink_smtp_port, "none")
            if mail.sink_ui_port:
                async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as http, \
                        http.get(f"http://{mail.sink_host}:{mail.sink_ui_port}/api/messages") as r:
                    if r.status != 200:
                        return Check("mail", False, f"mail viewer answered {r.status}", "restart pulsestage serve")
            return Check("mail", True, f"dev sink SMTP {mail.sink_host}:{mail.sink_smtp_port}, "
                                       f"viewer http://{mail.sink_host}:{mail.sink_ui_port}")
        if mail.provider == "smtp":
            await _smtp_hello(mail.smtp_host, mail.smtp_port, mail.smtp_security)
            return Check("mail", True, f"SMTP {mail.smtp_host}:{mail.smtp_port} answered EHLO")
        headers = {"Authorization": f"Bearer {mail.resend_api_key}"}
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=8)) as http, \
                http.get(f"{mail.resend_base_url.rstrip('/')}/domains", headers=headers) as r:
            if r.status != 200:
                return Check("mail", False, f"Resend answered {r.status}", "check RESEND_API_KEY")
        return Check("mail", True, "Resend API key accepted")
    except (OSError, TimeoutError, aiohttp.ClientError) as exc:
        where = f"{mail.provider} provider"
        return Check("mail", False, f"{where} unreachable ({type(exc).__name__}: {exc})",
                     "start the mail server / check SMTP_HOST, SMTP_PORT" if mail.provider != "sink"
                     else "restart pulsestage serve (the dev sink runs inside it)")


async def _smtp_hello(host: str, port: int, security: str) -> None:
    import aiosmtplib

    client = aiosmtplib.SMTP(hostname=host, port=port, timeout=5, use_tls=security == "tls",
                             start_tls=security == "starttls")
    await client.connect()
    try:
        await client.ehlo()
    finally:
        client.close()


async def run(config: Config, url: str, dsn: str | None) -> list[Check]:
    """Every check, in the order a person would look."""
    from pulsestage.ops.preflight_http import http_checks

    checks = [check_config(config)]
    checks.append(await asyncio.to_thread(check_database, dsn))
    checks.append(await check_redis(config))
    checks += await http_checks(config, url)
    checks.append(await asyncio.to_thread(check_seed, config, dsn))
    checks.append(await check_mail(config))
    return checks
