"""Google sign-in: OpenID Connect (discovery, PKCE, nonce) with the ID token checked against the JWKS."""

from __future__ import annotations

import time

import aiohttp
from authlib.common.urls import add_params_to_uri
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jws import extract_compact

from pulsestage.auth.oauth_common import Identity, OAuthError, Pending
from pulsestage.config.schema import AuthConfig

SCOPE = "openid email profile"
CACHE_SECONDS = 3600
ALGORITHMS = ["RS256", "ES256"]
LEEWAY_SECONDS = 60


class Google:
    """The Google provider, configured from its discovery document."""

    name = "google"
    label = "Google"

    def __init__(self, auth: AuthConfig) -> None:
        self.client_id = auth.google_client_id
        self._secret = auth.google_client_secret
        self.discovery_url = auth.google_discovery_url
        self._meta: tuple[float, dict] | None = None
        self._keys: tuple[float, KeySet] | None = None

    async def metadata(self, http: aiohttp.ClientSession) -> dict:
        """The discovery document (cached for an hour)."""
        if self._meta is None or self._meta[0] < time.monotonic():
            doc = await _get_json(http, self.discovery_url)
            needed = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
            if not isinstance(doc, dict) or any(k not in doc for k in needed):
                raise OAuthError("Google's sign-in configuration could not be read; try again later.")
            self._meta = (time.monotonic() + CACHE_SECONDS, doc)
        return self._meta[1]

    async def authorize_url(self, http: aiohttp.ClientSession, pending: Pending) -> str:
        """Google's consent page for this flow."""
        meta = await self.metadata(http)
        return add_params_to_uri(meta["authorization_endpoint"], [
            ("client_id", self.client_id), ("redirect_uri", pending.redirect_uri), ("response_type", "code"),
            ("scope", SCOPE), ("state", pending.state), ("nonce", pending.nonce),
            ("code_challenge", pending.code_challenge), ("code_challenge_method", "S256"),
        ])

    async def identity(self, http: aiohttp.ClientSession, code: str, redirect_uri: str,
                       verifier: str, nonce: str) -> Identity:
        """Exchange the code, validate the ID token, then read name and picture from user-info."""
        meta = await self.metadata(http)
        tokens = await self._token(http, meta, code, redirect_uri, verifier)
        claims = await self.validate_id_token(http, meta, tokens.get("id_token", ""), nonce)
        profile: dict = {}
        if meta.get("userinfo_endpoint") and tokens.get("access_token"):
            headers = {"Authorization": f"Bearer {tokens['access_token']}"}
            profile = await _get_json(http, meta["userinfo_endpoint"], headers)
            if not isinstance(profile, dict) or profile.get("sub") != claims["sub"]:
                raise OAuthError("Google's user-info does not match the signed-in account; start again.")
        verified = claims.get("email_verified") in (True, "true")
        return Identity(
            provider=self.name, subject=str(claims["sub"]), email=claims.get("email") or "",
            email_verified=verified, name=profile.get("name") or claims.get("name"),
            avatar_url=profile.get("picture") or claims.get("picture"),
        )

    async def _token(self, http, meta: dict, code: str, redirect_uri: str, verifier: str) -> dict:
        data = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
                "client_id": self.client_id, "client_secret": self._secret, "code_verifier": verifier}
        async with http.post(meta["token_endpoint"], data=data, headers={"Accept": "application/json"}) as resp:
            body = await resp.json(content_type=None) if resp.status < 500 else {}
        if resp.status != 200 or not isinstance(body, dict) or not body.get("id_token"):
            reason = body.get("error", f"HTTP {resp.status}") if isinstance(body, dict) else "bad answer"
            raise OAuthError(f"Google refused the sign-in ({reason}); start again.")
        return body

    async def validate_id_token(self, http, meta: dict, id_token: str, nonce: str) -> dict:
        """Check signature (JWKS), issuer, audience, expiry and nonce; return the claims."""
        try:
            token = jwt.decode(id_token, await self._key_set(http, meta, id_token), algorithms=ALGORITHMS)
            issuers = {meta["issuer"]}
            if meta["issuer"] == "https://accounts.google.com":
                issuers.add("accounts.google.com")  # Google documents both forms
            jwt.JWTClaimsRegistry(
                leeway=LEEWAY_SECONDS, iss={"essential": True, "values": sorted(issuers)},
                aud={"essential": True, "value": self.client_id}, sub={"essential": True},
                exp={"essential": True}, nonce={"essential": True, "value": nonce},
            ).validate(token.claims)
        except (JoseError, ValueError) as exc:
            raise OAuthError(f"Google's identity token is not valid ({type(exc).__name__}); start again.") from None
        return token.claims

    async def _key_set(self, http, meta: dict, id_token: str) -> KeySet:
        # refetch once when the token names a key we have not seen: Google rotates its keys
        try:
            kid = extract_compact(id_token.encode()).headers().get("kid")
        except (JoseError, ValueError):
            kid = None
        cached = self._keys
        if cached is not None and cached[0] > time.monotonic():
            if kid is None or any(k.kid == kid for k in cached[1].keys):
                return cached[1]
        keys = KeySet.import_key_set(await _get_json(http, meta["jwks_uri"]))
        self._keys = (time.monotonic() + CACHE_SECONDS, keys)
        return keys


async def _get_json(http: aiohttp.ClientSession, url: str, headers: dict | None = None):
    async with http.get(url, headers=headers or {}) as response:
        if response.status != 200:
            raise OAuthError(f"Google answered HTTP {response.status}; try again later.")
        return await response.json(content_type=None)
