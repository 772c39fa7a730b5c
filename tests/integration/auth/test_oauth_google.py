"""Google (OpenID Connect) sign-in end to end against the fake provider on 127.0.0.1."""

from __future__ import annotations

import pytest
from joserfc.jwk import RSAKey

from pulsestage.app import create_app
from tests.support.fake_oauth import FakeOAuth, Person
from tests.support.oauth_flow import authorize, login_error, oauth_config, query, sign_in, whoami

USER_SQL = "SELECT id, name, avatar_url, sso_id FROM app_user WHERE email = %s"


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


async def test_first_sign_in_provisions_and_later_refreshes(build, fake, database):
    client = await build()
    response = await sign_in(client, "google")
    assert response.status == 302 and response.headers["Location"] == "/", login_error(response)
    [user] = query(database, USER_SQL, ("octo@example.com",))
    assert user["sso_id"] == "google-4242" and user["avatar_url"] == "https://avatars.example.com/octo.png"
    assert (await whoami(client))["userId"] == user["id"]
    [exchange] = fake.exchanges
    assert exchange["grant_type"] == "authorization_code" and exchange["code_verifier"]

    fake.person = Person(name="Octo Two")
    client.session.cookie_jar.clear()
    await sign_in(client, "google")
    assert query(database, USER_SQL, ("octo@example.com",))[0]["name"] == "Octo Two"


@pytest.mark.parametrize(("tamper", "claims"), [
    ("nonce", {"nonce": "someone-elses-nonce"}),
    ("audience", {"aud": "another-client"}),
    ("issuer", {"iss": "https://evil.example"}),
    ("expired", {"exp": 1_000_000, "iat": 999_000}),
    ("signature", None),
])
async def test_invalid_id_tokens_are_refused(build, fake, database, monkeypatch, tamper, claims):
    original = fake.id_token
    if claims is None:
        fake.signing_key = RSAKey.generate_key(2048, parameters={"kid": "fake-key-1"}, private=True)
    else:
        monkeypatch.setattr(fake, "id_token", lambda person, nonce: original(person, **{"nonce": nonce, **claims}))
    client = await build()
    error = login_error(await sign_in(client, "google"))
    assert error and "identity token is not valid" in error, error
    assert not query(database, USER_SQL, ("octo@example.com",))


async def test_unverified_email_is_refused(build, fake, database):
    fake.person = Person(verified=False)
    client = await build()
    assert "not verified" in login_error(await sign_in(client, "google"))
    assert not query(database, USER_SQL, ("octo@example.com",))


async def test_disallowed_domain_is_refused(build, database):
    client = await build('allowed_email_domains = ["corp.example"]\n')
    assert "domain is not allowed" in login_error(await sign_in(client, "google"))
    assert not query(database, USER_SQL, ("octo@example.com",))


async def test_wrong_state_and_replayed_code(build, database):
    client = await build()
    callback = await authorize(client, "google")
    assert "state mismatch" in login_error(await client.get(callback.replace("state=", "state=z"),
                                                            allow_redirects=False))
    fresh = await authorize(client, "google")
    assert login_error(await client.get(fresh, allow_redirects=False)) is None
    client.session.cookie_jar.clear()
    replay = await authorize(client, "google")
    used = fresh.split("code=")[1].split("&")[0]
    error = login_error(await client.get(replay.replace(replay.split("code=")[1].split("&")[0], used),
                                         allow_redirects=False))
    assert "invalid_grant" in error
