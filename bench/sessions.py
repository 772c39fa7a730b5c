"""Signed-in sessions written straight into Redis, in the format the server's session store reads.

The prod profile refuses demo sign-in and OAuth needs a browser and a provider, so the benchmark
creates sessions exactly as `pulsestage.auth.service.start_session` would and
`aiohttp_session.redis_storage.RedisStorage` stores them: key `<cookie name>_<token>`, value
`{"created": <epoch s>, "session": {uid, tid, sv, provider, csrf, login_at}}`, expiring after the
session lifetime. The cookie carries the bare token (the Redis store does not sign it).
"""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

import redis

from bench import scratch

COOKIE = "pulsestage_session"
LIFETIME = 8 * 3600


@dataclass(frozen=True, slots=True)
class Login:
    """One signed-in user: who, the cookie header value and the CSRF token."""

    user_id: str
    cookie: str
    csrf: str


def users(db: str, where: str = "u.email LIKE 'bench-%%@bench.local'", limit: int = 10_000) -> list[tuple[str, str]]:
    """(user id, tenant id) of tenant `default` users matching `where` (a constant fragment)."""
    rows = scratch.query(db, f"""
        SELECT u.id, u.tenant_id FROM app_user u JOIN tenant t ON t.id = u.tenant_id
        WHERE t.slug = 'default' AND u.is_active AND {where} ORDER BY u.email LIMIT %(limit)s""",
                         {"limit": limit})
    return [(r[0], r[1]) for r in rows]


def named(db: str, sso_id: str) -> tuple[str, str]:
    """(user id, tenant id) of a demo user of tenant `default` (alice, bob, moderator, admin)."""
    rows = scratch.query(db, "SELECT u.id, u.tenant_id FROM app_user u JOIN tenant t ON t.id = u.tenant_id "
                             "WHERE t.slug = 'default' AND u.sso_id = %(s)s", {"s": sso_id})
    return rows[0]


def sign_in(redis_url: str, people: list[tuple[str, str]]) -> list[Login]:
    """Store one fresh session per (user id, tenant id); return the logins in the same order."""
    client = redis.Redis.from_url(redis_url)
    logins = []
    now = int(time.time())
    with client.pipeline(transaction=False) as pipe:
        for user_id, tenant_id in people:
            token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
            data = {"created": now, "session": {"uid": user_id, "tid": tenant_id, "sv": 0, "provider": "github",
                                                "csrf": csrf, "login_at": now}}
            pipe.set(f"{COOKIE}_{token}", json.dumps(data), ex=LIFETIME)
            logins.append(Login(user_id, f"{COOKIE}={token}", csrf))
        pipe.execute()
    client.close()
    return logins


def write_file(logins: list[Login], path: Path) -> Path:
    """One `cookie<TAB>csrf<TAB>user id` line per login, for the wrk Lua scripts."""
    path.write_text("".join(f"{login.cookie}\t{login.csrf}\t{login.user_id}\n" for login in logins))
    return path
