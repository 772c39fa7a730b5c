"""The preflight checks made over HTTP: probes, SPA and assets, sign-in, core endpoints, SSE, metrics."""

from __future__ import annotations

import asyncio
import json
import re
from urllib.parse import urlsplit

import aiohttp

from pulsestage.config import Config
from pulsestage.ops.preflight import Check

TIMEOUT = aiohttp.ClientTimeout(total=10)
CORE_ENDPOINTS = ("/api/users/me", "/api/teams", "/api/questions", "/api/tags", "/api/pulse/summary")
_ASSET = re.compile(r"""(?:src|href)=["'](/assets/[^"']+)["']""")


async def http_checks(config: Config, url: str) -> list[Check]:
    """Run the HTTP checks against a running server at `url`."""
    base = url.rstrip("/")
    jar = aiohttp.CookieJar(unsafe=True)  # keep cookies set by 127.0.0.1
    headers = {"x-tenant-id": config.auth.default_tenant_slug} if config.tenancy.allow_header else {}
    async with aiohttp.ClientSession(timeout=TIMEOUT, cookie_jar=jar, headers=headers) as http:
        probes = await _probes(http, base)
        if not probes[0].ok:  # nothing listens: the other HTTP checks would only repeat that
            return [*probes, Check("http checks", False, "skipped: the server does not answer",
                                   f"start it (pulsestage serve) or pass --url; tried {base}")]
        checks = [*probes, await _spa(http, base)]
        sign_in, signed_in = await _sign_in(http, base)
        checks.append(sign_in)
        checks.append(await _core(http, base, signed_in))
        checks.append(await _sse(http, base) if signed_in else
                      Check("SSE first event", None, "needs a signed-in session (demo mode is off)", critical=False))
        checks.append(await _metrics(http, base, config))
    return checks


async def _get(http: aiohttp.ClientSession, url: str, **kw) -> tuple[int, dict, str]:
    async with http.get(url, allow_redirects=False, **kw) as r:
        return r.status, dict(r.headers), await r.text(errors="replace")


async def _probes(http, base: str) -> list[Check]:
    checks = []
    for path in ("/health", "/health/live", "/health/ready"):
        try:
            status, _, body = await _get(http, base + path)
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            checks.append(Check(f"probe {path}", False, f"no answer ({type(exc).__name__})",
                                f"start the server (pulsestage serve) or pass --url; tried {base}"))
            if path == "/health":
                return checks
            continue
        fix = "see the failed checks in the body; pulsestage migrate / start Redis" if path.endswith("ready") else ""
        checks.append(Check(f"probe {path}", status == 200, f"{status}" + ("" if status == 200 else f" {body[:160]}"),
                            fix))
    return checks


async def _spa(http, base: str) -> Check:
    status, headers, body = await _get(http, base + "/", headers={"Accept": "text/html"})
    if status != 200 or "text/html" not in headers.get("Content-Type", ""):
        return Check("SPA", False, f"GET / answered {status}", "build the frontend (make build) into frontend_dist/")
    assets = sorted(set(_ASSET.findall(body)))
    if not assets:
        return Check("SPA", False, "index.html references no /assets/ files", "rebuild the frontend (make build)")
    broken = []
    for path in assets:
        code, _, _ = await _get(http, base + path)
        if code != 200:
            broken.append(f"{path} ({code})")
    if broken:
        return Check("SPA", False, f"missing assets: {', '.join(broken[:3])}", "rebuild the frontend (make build)")
    return Check("SPA", True, f"index.html and {len(assets)} assets served")


async def _sign_in(http, base: str) -> tuple[Check, bool]:
    async with http.get(base + "/auth/modes") as r:
        status = r.status
        modes = await r.json() if status == 200 else {}
    if status != 200:
        return Check("sign-in", False, f"/auth/modes answered {status}", "check the server log"), False
    if modes.get("demo", {}).get("enabled"):
        code, headers, _ = await _get(http, base + "/auth/demo", params={"user": "admin", "tenant": "default"})
        async with http.get(base + "/auth/session") as r:
            session = await r.json() if r.status == 200 else {}
        if code == 302 and session.get("authenticated"):
            return Check("sign-in", True, "demo sign-in as admin works"), True
        return Check("sign-in", False, f"demo sign-in answered {code}", "make db-seed, then retry"), False
    providers = [p for p, on in (modes.get("oauth") or {}).items() if on]
    if not providers:
        return Check("sign-in", False, "no sign-in method is enabled",
                     "configure GITHUB_CLIENT_ID/SECRET or GOOGLE_CLIENT_ID/SECRET"), False
    problems = []
    for provider in providers:
        code, headers, _ = await _get(http, f"{base}/auth/{provider}")
        target = urlsplit(headers.get("Location", ""))
        if code != 302 or not target.netloc or "state=" not in target.query or "code_challenge=" not in target.query:
            problems.append(f"{provider}: {code} -> {headers.get('Location', '')[:80]}")
    if problems:
        return Check("sign-in", False, "; ".join(problems), "check the OAuth settings and that the provider "
                                                            "is reachable from the server"), False
    return Check("sign-in", True, f"OAuth start redirects to {', '.join(providers)} (state + PKCE)"), False


async def _core(http, base: str, signed_in: bool) -> Check:
    if not signed_in:
        code, _, body = await _get(http, base + "/api/questions")
        ok = code == 401 and '"error"' in body
        return Check("core endpoints", ok, f"/api/questions answers {code} without a session",
                     "check the server log")
    failed = []
    for path in CORE_ENDPOINTS:
        code, _, _ = await _get(http, base + path)
        if code != 200:
            failed.append(f"{path} {code}")
    return Check("core endpoints", not failed, ", ".join(failed) or f"{len(CORE_ENDPOINTS)} endpoints answer 200",
                 "check the server log for these routes")


async def _sse(http, base: str) -> Check:
    try:
        async with http.get(base + "/events", timeout=aiohttp.ClientTimeout(total=10)) as r:
            if r.status != 200:
                return Check("SSE first event", False, f"/events answered {r.status}", "check the server log")
            async with asyncio.timeout(8):
                while line := await r.content.readline():
                    if line.startswith(b"data:"):  # frames are `id:` + `data: {"type": ...}`
                        kind = json.loads(line[5:]).get("type", "?")
                        return Check("SSE first event", True, f"received '{kind}'")
    except (TimeoutError, aiohttp.ClientError, ValueError) as exc:
        return Check("SSE first event", False, f"no event within 8 s ({type(exc).__name__})",
                     "check a proxy is not buffering /events; see the server log")
    return Check("SSE first event", False, "stream ended before any event", "check the server log")


async def _metrics(http, base: str, config: Config) -> Check:
    if not config.metrics.enabled:
        return Check("metrics", None, "metrics.enabled is false", critical=False)
    if config.metrics.port:
        port_base = f"{urlsplit(base).scheme}://{urlsplit(base).hostname}:{config.metrics.port}"
        base = port_base
    headers = {"Authorization": f"Bearer {config.metrics.token}"} if config.metrics.token else {}
    try:
        code, _, body = await _get(http, base + "/metrics", headers=headers)
    except (aiohttp.ClientError, OSError) as exc:
        return Check("metrics", False, f"unreachable ({type(exc).__name__})", "check metrics.port", critical=False)
    ok = code == 200 and "pulsestage_http_requests_total" in body
    return Check("metrics", ok, f"/metrics answered {code}", "check metrics.token / metrics.port", critical=False)
