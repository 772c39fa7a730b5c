"""GitHub sign-in end to end against the fake provider on 127.0.0.1."""

from __future__ import annotations

import pytest

from pulsestage.app import create_app
from tests.support.fake_oauth import FakeOAuth, Person
from tests.support.oauth_flow import (
    authorize,
    login_error,
    oauth_config,
    query,
    set_settings,
    sign_in,
    whoami,
)

USER_SQL = "SELECT id, name, avatar_url, sso_id, is_active FROM app_user WHERE email = %s"
ROLE_SQL = "SELECT role FROM team_membership WHERE user_id = %s"


@pytest.fixture
async def fake():
    provider = FakeOAuth()
    await provider.start()
    yield provider
    await provider.stop()


@pytest.fixture
def build(aiohttp_client, fake, database, tmp_path):
    async def make(extra_toml: str = ""):
        return await aiohttp_client(create_app(oauth_config(fake, database, tmp_path, extra_toml)))
    return make


async def test_first_sign_in_provisions_then_later_sign_ins_refresh(build, fake, database):
    client = await build()
    response = await sign_in(client, "github", redirect="/questions")
    assert response.status == 302 and response.headers["Location"] == "/questions"
    [user] = query(database, USER_SQL, ("octo@example.com",))
    assert user["sso_id"] == "github-4242" and user["name"] == "Octo Cat"
    assert [r["role"] for r in query(database, ROLE_SQL, (user["id"],))] == ["member"]
    assert (await whoami(client)) == {"authenticated": True, "userId": user["id"]}
    audit = query(database, "SELECT action FROM audit_log WHERE entity_id = %s", (user["id"],))
    assert [a["action"] for a in audit] == ["user.provisioned"]

    fake.person = Person(name="Octo Renamed", avatar="https://avatars.example.com/new.png")
    client.session.cookie_jar.clear()
    assert (await sign_in(client, "github")).headers["Location"] == "/"
    [again] = query(database, USER_SQL, ("octo@example.com",))
    assert again["id"] == user["id"]
    assert (again["name"], again["avatar_url"]) == ("Octo Renamed", "https://avatars.example.com/new.png")


async def test_pkce_and_redirect_uri_reach_the_token_endpoint(build, fake):
    client = await build()
    await sign_in(client, "github")
    [exchange] = fake.exchanges
    assert len(exchange["code_verifier"]) >= 43
    assert exchange["redirect_uri"] == "http://localhost:3000/auth/github/callback"


@pytest.mark.parametrize(("stored", "expected"), [("viewer", "viewer"), ("owner", "member")])
async def test_new_users_get_the_default_role_from_settings(build, database, stored, expected):
    set_settings(database, "default", {"users": {"defaultRole": stored}})
    client = await build()
    await sign_in(client, "github")
    [user] = query(database, USER_SQL, ("octo@example.com",))
    assert [r["role"] for r in query(database, ROLE_SQL, (user["id"],))] == [expected]


async def test_existing_user_is_linked_by_email(build, fake, database):
    [alice] = query(database, "SELECT id FROM app_user WHERE email = 'alice@pulsestage.app' "
                              "AND tenant_id = (SELECT id FROM tenant WHERE slug = 'default')")
    fake.person = Person(id="7", email="alice@pulsestage.app", name="Alice Real")
    client = await build()
    await sign_in(client, "github")
    assert (await whoami(client))["userId"] == alice["id"]
    [row] = query(database, "SELECT sso_id, name FROM app_user WHERE id = %s", (alice["id"],))
    assert row == {"sso_id": "github-7", "name": "Alice Real"}


async def test_wrong_state_is_refused(build, database):
    client = await build()
    callback = await authorize(client, "github")
    forged = callback.replace("state=", "state=x")
    response = await client.get(forged, allow_redirects=False)
    assert "state mismatch" in login_error(response)
    assert not query(database, USER_SQL, ("octo@example.com",))
    assert (await whoami(client))["authenticated"] is False


async def test_replayed_callback_and_replayed_code_are_refused(build, database):
    client = await build()
    callback = await authorize(client, "github")
    assert login_error(await client.get(callback, allow_redirects=False)) is None
    await client.post("/auth/logout", headers={"X-CSRF-Token": "x"})
    client.session.cookie_jar.clear()
    # same URL again: the flow was consumed
    assert "already used" in login_error(await client.get(callback, allow_redirects=False))
    # the old code with a fresh, valid state: the provider refuses the used code
    fresh = await authorize(client, "github")
    old_code = callback.split("code=")[1].split("&")[0]
    new_code = fresh.split("code=")[1].split("&")[0]
    error = login_error(await client.get(fresh.replace(new_code, old_code), allow_redirects=False))
    assert "bad_verification_code" in error
    assert (await whoami(client))["authenticated"] is False


async def test_unverified_email_is_refused(build, fake, database):
    fake.person = Person(verified=False)
    client = await build()
    assert "not verified" in login_error(await sign_in(client, "github"))
    assert not query(database, USER_SQL, ("octo@example.com",))


async def test_disallowed_domains_are_refused(build, database):
    client = await build('allowed_email_domains = ["corp.example"]\n')
    assert "domain is not allowed" in login_error(await sign_in(client, "github"))
    set_settings(database, "default", {"users": {"allowedEmailDomains": ["other.example"]}})
    client = await build()
    assert "domain is not allowed" in login_error(await sign_in(client, "github"))
    assert not query(database, USER_SQL, ("octo@example.com",))


async def test_deactivated_user_cannot_sign_in(build, database):
    client = await build()
    await sign_in(client, "github")
    query(database, "UPDATE app_user SET is_active = false WHERE email = 'octo@example.com'")
    client.session.cookie_jar.clear()
    assert "deactivated" in login_error(await sign_in(client, "github"))


async def test_unconfigured_provider_is_404(aiohttp_client, make_config):
    client = await aiohttp_client(create_app(make_config()))
    response = await client.get("/auth/github", allow_redirects=False)
    assert response.status == 404
    assert (await response.json())["message"] == "OAuth is not enabled"
