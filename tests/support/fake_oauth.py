"""A fake GitHub and Google on 127.0.0.1 that speak the real protocols (code flow, PKCE, OIDC).

Consent is automatic: the authorize endpoints redirect straight back with a code for the person
in `fake.person`. Codes are single use and bound to client, redirect URI and PKCE challenge; the
Google ID token is RS256-signed with a key published at the JWKS endpoint.

Use it in a test's event loop (`await fake.start()`) or in a thread for subprocess tests
(`fake.start_in_thread()`).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import secrets
import threading
import time
from dataclasses import dataclass, field

from aiohttp import web
from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "fake-client-id"
CLIENT_SECRET = "fake-client-secret-0123456789"


@dataclass
class Person:
    """Who consents at the fake provider."""

    id: str = "4242"
    login: str = "octo"
    name: str = "Octo Cat"
    email: str = "octo@example.com"
    verified: bool = True
    avatar: str = "https://avatars.example.com/octo.png"


@dataclass
class FakeOAuth:
    """Both fake providers in one aiohttp app."""

    person: Person = field(default_factory=Person)
    base_url: str = ""
    codes: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)
    exchanges: list = field(default_factory=list)

    def __post_init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "fake-key-1", "use": "sig"}, private=True)
        self.signing_key: RSAKey | None = None  # set to sign with a key the JWKS does not publish
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    # --- config a PulseStage test writes into its TOML ---
    def toml(self) -> str:
        """An [auth] table pointing PulseStage at this fake."""
        return (
            "[auth]\n"
            f'github_client_id = "{CLIENT_ID}"\ngithub_client_secret = "{CLIENT_SECRET}"\n'
            f'google_client_id = "{CLIENT_ID}"\ngoogle_client_secret = "{CLIENT_SECRET}"\n'
            f'github_base_url = "{self.base_url}/gh"\ngithub_api_url = "{self.base_url}/gh/api"\n'
            f'google_discovery_url = "{self.base_url}/google/.well-known/openid-configuration"\n'
        )

    # --- lifecycle ---
    def app(self) -> web.Application:
        """The fake's routes."""
        app = web.Application()
        app.router.add_get("/gh/login/oauth/authorize", self.authorize)
        app.router.add_post("/gh/login/oauth/access_token", self.github_token)
        app.router.add_get("/gh/api/user", self.github_user)
        app.router.add_get("/gh/api/user/emails", self.github_emails)
        app.router.add_get("/google/.well-known/openid-configuration", self.discovery)
        app.router.add_get("/google/authorize", self.authorize)
        app.router.add_post("/google/token", self.google_token)
        app.router.add_get("/google/jwks", self.jwks)
        app.router.add_get("/google/userinfo", self.userinfo)
        return app

    async def start(self) -> str:
        """Listen on a free loopback port in the current loop; returns the base URL."""
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        self.base_url = f"http://127.0.0.1:{port}"
        return self.base_url

    async def stop(self) -> None:
        """Stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def start_in_thread(self) -> str:
        """Run the fake in its own thread and loop (for tests driving subprocesses)."""
        started = threading.Event()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            self._loop.run_until_complete(self.start())
            started.set()
            self._loop.run_forever()
            self._loop.run_until_complete(self.stop())
            self._loop.close()

        self._thread = threading.Thread(target=run, name="fake-oauth", daemon=True)
        self._thread.start()
        if not started.wait(10):
            raise RuntimeError("fake OAuth provider did not start")
        return self.base_url

    def stop_thread(self) -> None:
        """Stop the thread started by start_in_thread."""
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)

    # --- shared authorize endpoint ---
    async def authorize(self, request: web.Request) -> web.Response:
        """Auto-consent: redirect back with a fresh code bound to this request."""
        q = request.query
        if q.get("client_id") != CLIENT_ID or not q.get("redirect_uri"):
            return web.json_response({"error": "invalid_client"}, status=400)
        if q.get("code_challenge_method") != "S256" or not q.get("code_challenge"):
            return web.json_response({"error": "invalid_request", "error_description": "PKCE required"}, status=400)
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"redirect_uri": q["redirect_uri"], "challenge": q["code_challenge"],
                            "nonce": q.get("nonce"), "person": self.person, "used": False}
        sep = "&" if "?" in q["redirect_uri"] else "?"
        raise web.HTTPFound(f"{q['redirect_uri']}{sep}code={code}&state={q.get('state', '')}")

    def _redeem(self, form) -> tuple[dict | None, str | None]:
        self.exchanges.append(dict(form))
        grant = self.codes.get(form.get("code", ""))
        if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
            return None, "invalid_client"
        if grant is None or grant["used"]:
            return None, "invalid_grant"
        grant["used"] = True  # a replayed code is refused, as real providers do
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return None, "redirect_uri_mismatch"
        digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["challenge"]:
            return None, "invalid_grant"
        token = secrets.token_urlsafe(24)
        self.tokens[token] = grant["person"]
        return grant, token

    def _person(self, request: web.Request) -> Person | None:
        auth = request.headers.get("Authorization", "")
        return self.tokens.get(auth[7:]) if auth.startswith("Bearer ") else None

    # --- GitHub ---
    async def github_token(self, request: web.Request) -> web.Response:
        """GitHub answers 200 with an error field for a bad code."""
        grant, result = self._redeem(await request.post())
        if grant is None:
            return web.json_response({"error": "bad_verification_code" if result == "invalid_grant" else result})
        return web.json_response({"access_token": result, "token_type": "bearer", "scope": "read:user,user:email"})

    async def github_user(self, request: web.Request) -> web.Response:
        """The profile."""
        p = self._person(request)
        if p is None:
            return web.json_response({"message": "Bad credentials"}, status=401)
        return web.json_response({"id": int(p.id), "login": p.login, "name": p.name, "avatar_url": p.avatar,
                                  "email": None})

    async def github_emails(self, request: web.Request) -> web.Response:
        """The e-mail list with the verified flag."""
        p = self._person(request)
        if p is None:
            return web.json_response({"message": "Bad credentials"}, status=401)
        return web.json_response([
            {"email": f"{p.login}@users.noreply.github.com", "primary": False, "verified": True,
             "visibility": None},
            {"email": p.email, "primary": True, "verified": p.verified, "visibility": "private"},
        ] if p.verified else [{"email": p.email, "primary": True, "verified": False, "visibility": None}])

    # --- Google ---
    async def discovery(self, request: web.Request) -> web.Response:
        """The OpenID configuration."""
        base = f"{self.base_url}/google"
        return web.json_response({
            "issuer": base, "authorization_endpoint": f"{base}/authorize", "token_endpoint": f"{base}/token",
            "jwks_uri": f"{base}/jwks", "userinfo_endpoint": f"{base}/userinfo",
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        })

    def id_token(self, person: Person, **claims_override) -> str:
        """A signed ID token for `person` (claims overridable for negative tests)."""
        now = int(time.time())
        claims = {"iss": f"{self.base_url}/google", "aud": CLIENT_ID, "sub": person.id, "email": person.email,
                  "email_verified": person.verified, "name": person.name, "picture": person.avatar,
                  "iat": now, "exp": now + 3600, **claims_override}
        return jwt.encode({"alg": "RS256", "kid": "fake-key-1"}, claims, self.signing_key or self.key)

    async def google_token(self, request: web.Request) -> web.Response:
        """Token endpoint: access token plus a signed ID token."""
        form = await request.post()
        if form.get("grant_type") != "authorization_code":
            return web.json_response({"error": "unsupported_grant_type"}, status=400)
        grant, result = self._redeem(form)
        if grant is None:
            return web.json_response({"error": result}, status=400)
        return web.json_response({"access_token": result, "token_type": "Bearer", "expires_in": 3599,
                                  "id_token": self.id_token(grant["person"], nonce=grant["nonce"])})

    async def jwks(self, request: web.Request) -> web.Response:
        """The public signing keys."""
        return web.json_response({"keys": [self.key.as_dict(private=False)]})

    async def userinfo(self, request: web.Request) -> web.Response:
        """Name and picture of the token's person."""
        p = self._person(request)
        if p is None:
            return web.json_response({"error": "invalid_token"}, status=401)
        return web.json_response({"sub": p.id, "email": p.email, "email_verified": p.verified,
                                  "name": p.name, "picture": p.avatar})
