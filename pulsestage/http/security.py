"""Security headers on every response (an on_response_prepare signal, so errors get them too)."""

from __future__ import annotations

from aiohttp import web

from pulsestage import keys

_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; "
    "font-src 'self' data:; connect-src 'self'; frame-src 'none'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'; script-src-attr 'none'"
)
_STATIC = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "magnetometer=(), gyroscope=(), accelerometer=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Permitted-Cross-Domain-Policies": "none",
    "X-DNS-Prefetch-Control": "off",
    "Origin-Agent-Cluster": "?1",
}


async def add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """Set the CSP, framing, sniffing, referrer and permission headers (HSTS in prod)."""
    config = request.app[keys.CONFIG]
    headers = response.headers
    for name, value in _STATIC.items():
        headers.setdefault(name, value)
    csp = _CSP + ("; upgrade-insecure-requests" if config.profile == "prod" else "")
    headers.setdefault("Content-Security-Policy", csp)
    if config.profile == "prod":
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if "Cache-Control" not in headers and response.content_type == "application/json":
        headers["Cache-Control"] = "no-store"
    headers.pop("Server", None)
