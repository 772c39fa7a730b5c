"""Helpers for Q&A and event tests: direct SQL on the test database, ids of the cast, an SSE reader."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import psycopg2
import pytest
from psycopg2.extras import Json, RealDictCursor

from tests.support.cast import headers, sign_in


def sql(dsn: str, query: str, params: Any = None) -> list[dict]:
    """Run one statement as the database owner (row-level security does not apply)."""
    conn = psycopg2.connect(dsn)
    conn.autocommit = True
    try:
        with conn.cursor(cursor_factory=RealDictCursor) as cur:
            cur.execute(query, params)
            return cur.fetchall() if cur.description else []
    finally:
        conn.close()


def tenant_id(dsn: str, slug: str = "default") -> str:
    """A tenant's id."""
    return sql(dsn, "SELECT id FROM tenant WHERE slug = %s", (slug,))[0]["id"]


def user_id(dsn: str, username: str, slug: str = "default") -> str:
    """A demo user's id."""
    return sql(dsn, "SELECT u.id FROM app_user u JOIN tenant t ON t.id = u.tenant_id "
                    "WHERE t.slug = %s AND u.email = %s", (slug, f"{username}@pulsestage.app"))[0]["id"]


def team_id(dsn: str, team: str, slug: str = "default") -> str:
    """A team's id by slug."""
    return sql(dsn, "SELECT m.id FROM team m JOIN tenant t ON t.id = m.tenant_id WHERE t.slug = %s AND m.slug = %s",
               (slug, team))[0]["id"]


def tag_id(dsn: str, name: str, slug: str = "default") -> str:
    """A tag's id by name."""
    return sql(dsn, "SELECT g.id FROM tag g JOIN tenant t ON t.id = g.tenant_id WHERE t.slug = %s AND g.name = %s",
               (slug, name))[0]["id"]


def questions(dsn: str, slug: str = "default", **where: Any) -> list[dict]:
    """Seeded questions matching simple equality filters (team is a slug, author a username)."""
    rows = sql(dsn, """
        SELECT q.*, m.slug AS team_slug, split_part(u.email, '@', 1) AS author_name
        FROM question q JOIN tenant t ON t.id = q.tenant_id
        LEFT JOIN team m ON m.id = q.team_id LEFT JOIN app_user u ON u.id = q.author_id
        WHERE t.slug = %s AND q.deleted_at IS NULL ORDER BY q.created_at""", (slug,))
    keys = {"team": "team_slug", "author": "author_name"}
    return [r for r in rows if all(r[keys.get(k, k)] == v for k, v in where.items())]


def set_role(dsn: str, username: str, team: str, role: str | None, slug: str = "default") -> None:
    """Give a user a role in a team (None removes the membership)."""
    uid, tid, tenant = user_id(dsn, username, slug), team_id(dsn, team, slug), tenant_id(dsn, slug)
    sql(dsn, "DELETE FROM team_membership WHERE user_id = %s AND team_id = %s", (uid, tid))
    if role:
        sql(dsn, "INSERT INTO team_membership (id, tenant_id, user_id, team_id, role) "
                 "VALUES (gen_random_uuid()::text, %s, %s, %s, %s)", (tenant, uid, tid, role))


def set_setting(dsn: str, path: list[str], value: Any, slug: str = "default") -> None:
    """Change one tenant setting (e.g. ["features", "attributedQuestions"])."""
    tid = tenant_id(dsn, slug)
    rows = sql(dsn, "SELECT settings FROM tenant_settings WHERE tenant_id = %s", (tid,))
    document = rows[0]["settings"] if rows else {}
    node = document
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node[path[-1]] = value
    sql(dsn, "INSERT INTO tenant_settings (id, tenant_id, settings) VALUES (gen_random_uuid()::text, %s, %s) "
             "ON CONFLICT (tenant_id) DO UPDATE SET settings = EXCLUDED.settings", (tid, Json(document)))


def audit_rows(dsn: str, action: str | None = None) -> list[dict]:
    """Audit rows of every tenant (optionally one action), oldest first."""
    if action:
        return sql(dsn, "SELECT * FROM audit_log WHERE action = %s ORDER BY created_at, id", (action,))
    return sql(dsn, "SELECT * FROM audit_log ORDER BY created_at, id")


class Session:
    """A signed-in test client: JSON helpers that send the tenant header and CSRF token."""

    def __init__(self, client, user: str | None, tenant: str = "default") -> None:
        self.client, self.user, self.tenant, self.token = client, user, tenant, ""

    async def start(self) -> Session:
        """Sign in (or, signed out, just fetch a CSRF token for the anonymous session)."""
        if self.user:
            self.token = await sign_in(self.client, self.user, self.tenant)
        else:
            got = await self.client.get("/api/csrf-token", headers={"x-tenant-id": self.tenant})
            self.token = (await got.json())["csrfToken"]
        return self

    async def call(self, method: str, path: str, body: Any = None, **kw):
        """Send a request; returns (status, parsed JSON or text)."""
        hdrs = {**headers(self.token, self.tenant), **kw.pop("headers", {})}
        kwargs = {"headers": hdrs, **kw}
        if body is not None:
            kwargs["json"] = body
        response = await self.client.request(method, path, **kwargs)
        text = await response.text()
        try:
            return response.status, json.loads(text)
        except ValueError:
            return response.status, text


@dataclass
class Frame:
    """One SSE frame."""

    id: str | None = None
    data: dict | None = None
    retry: int | None = None
    raw: str = ""

    @property
    def type(self) -> str | None:
        """The envelope type."""
        return (self.data or {}).get("type")


@dataclass
class Stream:
    """Reads frames from an open /events response."""

    response: Any
    frames: list[Frame] = field(default_factory=list)

    async def next(self, timeout: float = 3.0) -> Frame:
        """The next frame (TimeoutError if none arrives in time)."""
        frame = Frame()
        lines: list[str] = []
        while True:
            line = (await asyncio.wait_for(self.response.content.readline(), timeout)).decode()
            if line == "":
                raise ConnectionError("stream ended")
            if line == "\n":
                if lines:
                    frame.raw = "".join(lines)
                    self.frames.append(frame)
                    return frame
                continue
            lines.append(line)
            name, _, value = line.rstrip("\n").partition(": ")
            if name == "id":
                frame.id = value
            elif name == "data":
                frame.data = json.loads(value)
            elif name == "retry":
                frame.retry = int(value)

    async def until(self, type_: str, timeout: float = 3.0) -> Frame:
        """Skip frames until one of this type."""
        while True:
            frame = await self.next(timeout)
            if frame.type == type_:
                return frame

    async def drain(self, timeout: float = 0.3) -> list[Frame]:
        """Every frame that arrives before a quiet period of `timeout`."""
        got = []
        try:
            while True:
                got.append(await self.next(timeout))
        except TimeoutError:
            return got


async def open_stream(client, tenant: str = "default", last_id: str | None = None, **params) -> Stream:
    """GET /events on a signed-in client; returns the reader after the `connected` frame."""
    hdrs = {"x-tenant-id": tenant}
    if last_id is not None:
        hdrs["Last-Event-ID"] = last_id
    response = await client.get("/events", headers=hdrs, params=params)
    assert response.status == 200, await response.text()
    stream = Stream(response)
    return stream


@pytest.fixture
async def peers(client):
    """Open more browser-like sessions (own cookie jar) against the `client` app."""
    opened: list[aiohttp.ClientSession] = []

    async def make() -> aiohttp.ClientSession:
        session = aiohttp.ClientSession(base_url=str(client.make_url("/")).rstrip("/") + "/",
                                        cookie_jar=aiohttp.CookieJar(unsafe=True))
        opened.append(session)
        return session

    yield make
    for session in opened:
        await session.close()


def config_with(dsn: str, folder, toml: str = "", **env: str):
    """A test-profile Config from a small TOML file plus environment variables."""
    from pulsestage.config import load_config

    path = folder / "extra.toml"
    path.write_text(toml)
    environ = {"DATABASE_URL": dsn, "PULSESTAGE_DATA_DIR": str(folder / "data"),
               "MAIL_SINK_SMTP_PORT": "0", "MAIL_SINK_UI_PORT": "0", **env}
    return load_config("test", str(path), environ)
