"""Drive an OAuth sign-in through a PulseStage test client and the fake provider."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import aiohttp
import psycopg2
from aiohttp.test_utils import TestClient
from psycopg2.extras import Json, RealDictCursor

from pulsestage.config import load_config
from tests.support.fake_oauth import FakeOAuth


def oauth_config(fake: FakeOAuth, database: str, folder: Path, extra_toml: str = "", **env: str):
    """A test-profile Config whose GitHub and Google point at the fake."""
    toml = folder / "oauth.toml"
    toml.write_text(fake.toml() + extra_toml)
    environ = {"DATABASE_URL": database, "PULSESTAGE_DATA_DIR": str(folder / "data"),
               "MAIL_SINK_SMTP_PORT": "0", "MAIL_SINK_UI_PORT": "0", **env}
    return load_config("test", str(toml), environ)


async def authorize(client: TestClient, provider: str, redirect: str | None = None) -> str:
    """Start sign-in, let the fake consent; return the callback path with code and state."""
    params = {"redirect": redirect} if redirect else {}
    start = await client.get(f"/auth/{provider}", params=params, allow_redirects=False)
    assert start.status == 302, await start.text()
    async with aiohttp.ClientSession() as http, http.get(start.headers["Location"], allow_redirects=False) as consent:
        assert consent.status == 302, await consent.text()
        back = urlsplit(consent.headers["Location"])
    assert back.path == f"/auth/{provider}/callback"
    return f"{back.path}?{back.query}"


async def sign_in(client: TestClient, provider: str, redirect: str | None = None):
    """The whole flow; returns the callback's response (a 302)."""
    callback = await authorize(client, provider, redirect)
    return await client.get(callback, allow_redirects=False)


def login_error(response) -> str | None:
    """The error shown on /login, if the callback redirected there."""
    location = urlsplit(response.headers.get("Location", ""))
    if location.path != "/login":
        return None
    return parse_qs(location.query).get("error", [""])[0]


async def whoami(client: TestClient) -> dict:
    """GET /auth/session."""
    response = await client.get("/auth/session")
    return await response.json()


def query(dsn: str, sql: str, params=None) -> list[dict]:
    """Run SQL as the owner (bypasses RLS) and return rows."""
    with psycopg2.connect(dsn) as conn, conn.cursor(cursor_factory=RealDictCursor) as cur:
        cur.execute(sql, params)
        return cur.fetchall() if cur.description else []


def set_settings(dsn: str, tenant_slug: str, doc: dict) -> None:
    """Store a tenant settings document (merged over what is there)."""
    query(dsn, """
        INSERT INTO tenant_settings (id, tenant_id, settings)
        SELECT md5(random()::text), id, %(doc)s FROM tenant WHERE slug = %(slug)s
        ON CONFLICT (tenant_id) DO UPDATE SET settings = tenant_settings.settings || EXCLUDED.settings
    """, {"doc": Json(doc), "slug": tenant_slug})
