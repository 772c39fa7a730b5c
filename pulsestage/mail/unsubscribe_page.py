"""/mail/unsubscribe: the page a List-Unsubscribe link opens, and the one-click POST (RFC 8058).

GET only shows a confirmation page (mail scanners and link previews fetch links); POST turns the
e-mails off. The signed token is the credential, so the route needs no session, no CSRF token and
no tenant on the host: it is outside /api and the token names its tenant.
"""

from __future__ import annotations

import aiohttp_jinja2
import jinja2
from aiohttp import web

from pulsestage import keys
from pulsestage.admin.settings_doc import load_settings
from pulsestage.db.tenancy import tenant_tx
from pulsestage.http.openapi import doc
from pulsestage.http.routing import add_routes
from pulsestage.mail import unsubscribe as service
from pulsestage.mail.render import Renderer, brand_of
from pulsestage.mail.unsubscribe import Claim, Subscription, UnsubscribeLinks
from pulsestage.paths import templates_dir

TOKEN = {"token": {"type": "string", "description": "signed token from the e-mail's link"}}


def _links(request: web.Request) -> UnsubscribeLinks:
    config = request.app[keys.CONFIG]
    return UnsubscribeLinks(config.session.secret, config.server.public_url)


async def _page(request: web.Request, state: str, claim: Claim | None = None,
                found: Subscription | None = None) -> web.Response:
    config = request.app[keys.CONFIG]
    settings: dict = {}
    if claim is not None and found is not None:
        async with tenant_tx(request.app[keys.PG_POOL], claim.tenant_id) as cur:
            settings = await load_settings(cur, claim.tenant_id)
    context = {
        "state": state, "tenant": found.tenant if found else None,
        "brand": brand_of(found.tenant["name"] if found else "PulseStage", settings),
        "label": claim.label if claim else "", "email": found.email if found else "",
        "action": f"/mail/unsubscribe?token={request.query.get('token', '')}",
        "preferences_url": Renderer(config.server.public_url).unsubscribe_url(),
    }
    response = aiohttp_jinja2.render_template("unsubscribe/page.html", request, context,
                                              status=404 if state == "invalid" else 200)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # keep the token out of Referer headers
    return response


@doc(summary="Unsubscribe confirmation page (HTML; changes nothing)", query=TOKEN, tags=["mail"])
async def confirm(request: web.Request) -> web.Response:
    """Who and what the link would unsubscribe, with a button that does it."""
    claim = _links(request).claim(request.query.get("token"))
    found = await service.look_up(request.app[keys.PG_POOL], claim) if claim else None
    if claim is None or found is None:
        return await _page(request, "invalid")
    return await _page(request, "confirm" if found.subscribed else "already", claim, found)


@doc(summary="Unsubscribe (one-click POST, RFC 8058; also the confirmation page's button)", query=TOKEN,
     tags=["mail"])
async def unsubscribe(request: web.Request) -> web.Response:
    """Turn off pulse e-mails or e-mail notifications for the token's user."""
    claim = _links(request).claim(request.query.get("token"))
    if claim is None:
        return await _page(request, "invalid")
    found, changed = await service.unsubscribe(request.app[keys.PG_POOL], claim, request.remote,
                                               request.headers.get("User-Agent"))
    if found is None:
        return await _page(request, "invalid")
    return await _page(request, "done" if changed else "already", claim, found)


def setup_routes(app: web.Application) -> None:
    """Register the public unsubscribe routes (the signed token is the credential)."""
    if aiohttp_jinja2.APP_KEY not in app:
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(templates_dir()), autoescape=True)
    add_routes(app, "public", [
        ("GET", "/mail/unsubscribe", confirm),
        ("POST", "/mail/unsubscribe", unsubscribe),
    ])
