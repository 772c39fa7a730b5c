"""The OAuth authorization-code flow shared by GitHub and Google: state, PKCE, callback, errors.

A sign-in keeps one pending flow in the session (`state`, PKCE verifier, OIDC nonce, tenant,
where to go afterwards). The callback pops it before doing anything else, so a state (and with it
a code) can be used once only; whatever goes wrong ends in a redirect to `/login?error=...`.
"""

from __future__ import annotations

import hmac
import logging
import time
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import quote, urlsplit

import aiohttp
from aiohttp import web
from aiohttp_session import get_session
from authlib.common.security import generate_token
from authlib.oauth2.rfc7636 import create_s256_code_challenge

from pulsestage import keys
from pulsestage.admin.audit import Actor
from pulsestage.auth import oauth_provision, service
from pulsestage.errors import NotFound

log = logging.getLogger("pulsestage.auth.oauth")

SESSION_KEY = "oauth"
FLOW_TTL_SECONDS = 600
HTTP_TIMEOUT = aiohttp.ClientTimeout(total=10)


class OAuthError(Exception):
    """A sign-in that cannot finish; the message is shown to the person on the login page."""


@dataclass(frozen=True, slots=True)
class Identity:
    """Who the provider says signed in."""

    provider: str
    subject: str
    email: str
    email_verified: bool
    name: str | None = None
    avatar_url: str | None = None


@dataclass(frozen=True, slots=True)
class Pending:
    """What the start of a flow hands to the provider."""

    redirect_uri: str
    state: str
    code_challenge: str
    nonce: str


class Provider(Protocol):
    """What a provider module implements."""

    name: str
    label: str

    async def authorize_url(self, http: aiohttp.ClientSession, pending: Pending) -> str:
        """The provider's consent URL for this flow."""

    async def identity(self, http: aiohttp.ClientSession, code: str, redirect_uri: str,
                       verifier: str, nonce: str) -> Identity:
        """Exchange the code and read the person's identity (raises OAuthError)."""


def callback_uri(request: web.Request, provider: str) -> str:
    """The redirect URI: PUBLIC_URL's origin, or the tenant subdomain of it the flow started on.

    The callback must reach the same host as the start so the session cookie comes back with it.
    """
    public = urlsplit(request.app[keys.CONFIG].server.public_url)
    base = (public.hostname or "").lower()
    host = (request.host or "").lower()
    name = host.rsplit(":", 1)[0] if not host.startswith("[") else host
    origin = f"{public.scheme}://{public.netloc}"
    if base and name.endswith("." + base):
        origin = f"{public.scheme}://{host}"
    return f"{origin}/auth/{provider}/callback"


def _safe_next(target: str | None) -> str:
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _login_error(message: str) -> web.HTTPFound:
    return web.HTTPFound("/login?error=" + quote(message, safe=""))


async def begin(request: web.Request, provider: Provider) -> web.StreamResponse:
    """Store a fresh pending flow in the session and send the browser to the provider."""
    verifier = generate_token(64)
    pending = Pending(
        redirect_uri=callback_uri(request, provider.name), state=generate_token(32),
        code_challenge=create_s256_code_challenge(verifier), nonce=generate_token(32),
    )
    session = await get_session(request)
    session[SESSION_KEY] = {
        "provider": provider.name, "state": pending.state, "verifier": verifier, "nonce": pending.nonce,
        "tid": request[keys.TENANT].id, "next": _safe_next(request.query.get("redirect")),
        "redirect_uri": pending.redirect_uri, "at": int(time.time()),
    }
    try:
        async with aiohttp.ClientSession(timeout=HTTP_TIMEOUT) as http:
            url = await provider.authorize_url(http, pending)
    except (OAuthError, aiohttp.ClientError, TimeoutError) as exc:
        log.warning("oauth start failed", extra={"provider": provider.name, "reason": str(exc)})
        raise _login_error(f"{provider.label} sign-in is unavailable right now; try again later.") from None
    raise web.HTTPFound(url)


async def finish(request: web.Request, provider: Provider) -> web.StreamResponse:
    """Check the callback, read the identity, provision the user and start the session."""
    session = await get_session(request)
    flow = session.pop(SESSION_KEY, None)  # single use, whatever happens next
    try:
        code = _check_callback(request, provider, flow)
        async with aiohttp.ClientSession(timeout=HTTP_TIMEOUT) as http:
            who = await provider.identity(http, code, flow["redirect_uri"], flow["verifier"], flow["nonce"])
        user_id = await _provision(request, who)
    except OAuthError as exc:
        log.warning("oauth sign-in refused", extra={"provider": provider.name, "reason": str(exc)})
        raise _login_error(str(exc)) from None
    except (aiohttp.ClientError, TimeoutError) as exc:
        log.warning("oauth provider unreachable", extra={"provider": provider.name, "reason": type(exc).__name__})
        raise _login_error(f"{provider.label} did not answer; try again.") from None
    config = request.app[keys.CONFIG]
    await service.start_session(request, request.app[keys.PG_POOL], request[keys.TENANT], user_id,
                                provider.name, config.session.max_age_hours)
    log.info("oauth sign-in", extra={"provider": provider.name, "userId": user_id})
    raise web.HTTPFound(flow["next"])


def _check_callback(request: web.Request, provider: Provider, flow: dict | None) -> str:
    query = request.query
    if query.get("error"):
        raise OAuthError(f"{provider.label} sign-in was cancelled or refused ({query['error'][:60]}).")
    if not flow or flow.get("provider") != provider.name:
        raise OAuthError("This sign-in link has expired or was already used; start again.")
    if not hmac.compare_digest(str(query.get("state", "")), str(flow["state"])):
        raise OAuthError("The sign-in could not be verified (state mismatch); start again.")
    if time.time() - flow["at"] > FLOW_TTL_SECONDS:
        raise OAuthError("The sign-in took too long; start again.")
    if flow["tid"] != request[keys.TENANT].id:
        raise OAuthError("The sign-in started for another organisation; start again.")
    code = query.get("code", "")
    if not code:
        raise OAuthError(f"{provider.label} sent no authorization code; start again.")
    return code


async def _provision(request: web.Request, who: Identity) -> str:
    if not who.email or not who.email_verified:
        raise OAuthError("Your e-mail address is not verified with the provider; verify it and try again.")
    config = request.app[keys.CONFIG]
    actor = Actor(None, request.remote, request.headers.get("User-Agent"))
    try:
        return await oauth_provision.sign_in(
            request.app[keys.PG_POOL], request[keys.TENANT], who, config.auth.allowed_email_domains, actor)
    except oauth_provision.Refused as exc:
        raise OAuthError(str(exc)) from None


def make_handlers(provider: Provider, enabled: bool):
    """The start and callback handlers of one provider (404 while it is not configured)."""

    async def start(request: web.Request) -> web.StreamResponse:
        if not enabled:
            raise NotFound("OAuth is not enabled", code="oauth_disabled")
        return await begin(request, provider)

    async def callback(request: web.Request) -> web.StreamResponse:
        if not enabled:
            raise NotFound("OAuth is not enabled", code="oauth_disabled")
        return await finish(request, provider)

    start.__doc__ = f"Start {provider.label} sign-in (redirects to {provider.label})."
    callback.__doc__ = f"{provider.label} sign-in callback (redirects to the app or /login?error=)."
    return start, callback
