"""One-click unsubscribe (RFC 8058): signed links, the headers that carry them, and the change they make.

Every e-mail to a known user carries `List-Unsubscribe: <{public_url}/mail/unsubscribe?token=…>`;
over https also `List-Unsubscribe-Post: List-Unsubscribe=One-Click`, so mail clients can offer a
one-click button that POSTs to that URL. The token names the tenant, the user and what to stop —
`pulse` (pulse invitations and reminders → `pulse_emails`) or `notifications` (everything else →
`email_notifications`) — and is signed with a key derived from the session secret, so it needs
no storage and cannot be forged or re-aimed at another person (rotating the secret voids old links).
A GET of the link only shows a confirmation page; only a POST changes the preference.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

import orjson

from pulsestage.admin.audit import Actor
from pulsestage.db.tenancy import tenant_tx
from pulsestage.mail import queries

# kind -> (preference column, what people call it)
KINDS = {"pulse": ("pulse_emails", "pulse check-in e-mails"),
         "notifications": ("email_notifications", "e-mail notifications")}
PULSE_TEMPLATES = frozenset({"pulse_invitation", "pulse_reminder"})
ONE_CLICK = {"List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def kind_of(template: str) -> str:
    """Which preference an e-mail type answers to."""
    return "pulse" if template in PULSE_TEMPLATES else "notifications"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True, slots=True)
class Claim:
    """What a valid token says: stop `kind` e-mails to this user of this tenant."""

    tenant_id: str
    user_id: str
    kind: str

    @property
    def column(self) -> str:
        """The preference the unsubscribe turns off."""
        return KINDS[self.kind][0]

    @property
    def label(self) -> str:
        """What is being turned off, in words."""
        return KINDS[self.kind][1]


class UnsubscribeLinks:
    """Signs and checks unsubscribe tokens; builds the link and the List-Unsubscribe headers."""

    def __init__(self, secret: str, public_url: str) -> None:
        # a key of its own: a token must never double as anything signed with the session secret
        self._key = hmac.new((secret or "pulsestage").encode(), b"pulsestage:unsubscribe:v1", hashlib.sha256).digest()
        self.public_url = public_url.rstrip("/")

    def token(self, claim: Claim) -> str:
        """`payload.signature`, both base64url."""
        payload = _b64(orjson.dumps([claim.tenant_id, claim.user_id, claim.kind]))
        return f"{payload}.{self._sign(payload)}"

    def claim(self, token: str | None) -> Claim | None:
        """The claim of a genuine token, else None."""
        payload, _, signature = (token or "").strip().partition(".")
        if not payload or not hmac.compare_digest(signature.encode(), self._sign(payload).encode()):
            return None
        try:
            tenant_id, user_id, kind = orjson.loads(_unb64(payload))
        except (ValueError, TypeError):
            return None
        if kind not in KINDS or not isinstance(tenant_id, str) or not isinstance(user_id, str):
            return None
        return Claim(tenant_id, user_id, kind)

    def url(self, claim: Claim) -> str:
        """The link: a confirmation page on GET, the unsubscribe itself on POST."""
        return f"{self.public_url}/mail/unsubscribe?token={self.token(claim)}"

    def headers(self, claim: Claim) -> dict[str, str]:
        """List-Unsubscribe, plus the one-click header when the link is https (RFC 8058 requires it)."""
        url = self.url(claim)
        return {"List-Unsubscribe": f"<{url}>", **(ONE_CLICK if url.startswith("https://") else {})}

    def _sign(self, payload: str) -> str:
        return _b64(hmac.new(self._key, payload.encode(), hashlib.sha256).digest()[:18])


@dataclass(frozen=True, slots=True)
class Subscription:
    """What the page shows: whose e-mail, which tenant, and whether these e-mails are still on."""

    tenant: dict
    email: str
    subscribed: bool


def masked(email: str) -> str:
    """a…@example.com: enough to recognise one's address, not to harvest it from a forwarded link."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}…@{domain}" if domain else "…"


async def look_up(pool, claim: Claim) -> Subscription | None:
    """The claim's user and current preference, or None when the tenant or the user is gone."""
    async with tenant_tx(pool, claim.tenant_id) as cur:
        tenant = await queries.select_tenant(cur, claim.tenant_id)
        user = await queries.select_user(cur, claim.tenant_id, claim.user_id)
    if tenant is None or user is None:
        return None
    return Subscription(tenant, masked(user["email"]), bool(user[claim.column]))


async def unsubscribe(pool, claim: Claim, ip: str | None,
                      user_agent: str | None) -> tuple[Subscription | None, bool]:
    """Turn the claimed e-mails off (audited as the user's own preference change); idempotent.

    Returns the subscription after the change (None when the tenant or user is gone) and whether
    anything changed.
    """
    from pulsestage.users import service as users_service  # the users area owns preferences

    current = await look_up(pool, claim)
    if current is None or not current.subscribed:
        return current, False
    await users_service.update_preferences(pool, claim.tenant_id, Actor(claim.user_id, ip, user_agent),
                                           {claim.column: False})
    return Subscription(current.tenant, current.email, False), True
