"""GitHub sign-in: OAuth 2 authorization code with PKCE, then the user and e-mail API."""

from __future__ import annotations

import aiohttp
from authlib.common.urls import add_params_to_uri

from pulsestage.auth.oauth_common import Identity, OAuthError, Pending
from pulsestage.config.schema import AuthConfig

SCOPE = "read:user user:email"
API_HEADERS = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}


class GitHub:
    """The GitHub provider (github.com or GitHub Enterprise via github_base_url/github_api_url)."""

    name = "github"
    label = "GitHub"

    def __init__(self, auth: AuthConfig) -> None:
        self.client_id = auth.github_client_id
        self._secret = auth.github_client_secret
        self.base = auth.github_base_url.rstrip("/")
        self.api = auth.github_api_url.rstrip("/")

    async def authorize_url(self, http: aiohttp.ClientSession, pending: Pending) -> str:
        """GitHub's consent page for this flow."""
        return add_params_to_uri(f"{self.base}/login/oauth/authorize", [
            ("client_id", self.client_id), ("redirect_uri", pending.redirect_uri), ("scope", SCOPE),
            ("state", pending.state), ("code_challenge", pending.code_challenge),
            ("code_challenge_method", "S256"), ("allow_signup", "true"),
        ])

    async def identity(self, http: aiohttp.ClientSession, code: str, redirect_uri: str,
                       verifier: str, nonce: str) -> Identity:
        """Exchange the code, then read the profile and the verified primary e-mail."""
        token = await self._token(http, code, redirect_uri, verifier)
        headers = {**API_HEADERS, "Authorization": f"Bearer {token}"}
        profile = await _get_json(http, f"{self.api}/user", headers)
        emails = await _get_json(http, f"{self.api}/user/emails", headers)
        email, verified = pick_email(emails if isinstance(emails, list) else [], profile.get("email"))
        if not isinstance(profile, dict) or "id" not in profile:
            raise OAuthError("GitHub did not return your profile; try again.")
        return Identity(
            provider=self.name, subject=str(profile["id"]), email=email or "", email_verified=verified,
            name=profile.get("name") or profile.get("login"), avatar_url=profile.get("avatar_url"),
        )

    async def _token(self, http: aiohttp.ClientSession, code: str, redirect_uri: str, verifier: str) -> str:
        data = {"client_id": self.client_id, "client_secret": self._secret, "code": code,
                "redirect_uri": redirect_uri, "code_verifier": verifier}
        async with http.post(f"{self.base}/login/oauth/access_token", data=data,
                             headers={"Accept": "application/json"}) as response:
            body = await response.json(content_type=None) if response.status < 500 else {}
        # GitHub answers 200 with an "error" field when the code is bad, used or expired
        if not isinstance(body, dict) or not body.get("access_token"):
            reason = body.get("error", f"HTTP {response.status}") if isinstance(body, dict) else "bad answer"
            raise OAuthError(f"GitHub refused the sign-in ({reason}); start again.")
        return body["access_token"]


def pick_email(emails: list[dict], fallback: str | None) -> tuple[str | None, bool]:
    """The verified primary address, else any verified one, else (fallback, unverified)."""
    for wanted in (lambda e: e.get("primary") and e.get("verified"), lambda e: e.get("verified")):
        for entry in emails:
            if isinstance(entry, dict) and wanted(entry) and entry.get("email"):
                return entry["email"], True
    primary = next((e.get("email") for e in emails if isinstance(e, dict) and e.get("primary")), None)
    return primary or fallback, False


async def _get_json(http: aiohttp.ClientSession, url: str, headers: dict[str, str]):
    async with http.get(url, headers=headers) as response:
        if response.status != 200:
            raise OAuthError(f"GitHub answered HTTP {response.status} while reading your profile; try again.")
        return await response.json(content_type=None)
