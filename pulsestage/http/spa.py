"""Serve the prebuilt SPA: hashed assets cached immutably, index.html with runtime config injected."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path

import orjson
from aiohttp import web

from pulsestage import __version__, keys, paths
from pulsestage.config import Config

PLACEHOLDER = '<script id="pulsestage-config" type="application/json">{}</script>'
NOT_SPA = ("/api/", "/events", "/health", "/auth/", "/metrics", "/openapi.json", "/pulse/respond")
MISSING = (
    "<!doctype html><title>PulseStage</title><p>The web app is not built: run "
    "<code>make frontend</code> (npm ci &amp;&amp; npm run build in frontend/) to create frontend_dist/.</p>"
)
_TYPES = {".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml",
          ".json": "application/json", ".woff2": "font/woff2", ".png": "image/png", ".ico": "image/x-icon",
          ".webmanifest": "application/manifest+json", ".txt": "text/plain", ".map": "application/json"}


@dataclass(frozen=True, slots=True)
class SpaBundle:
    """The dist folder and its index.html, read once at start-up."""

    root: Path
    index: str | None


SPA_BUNDLE = web.AppKey("SPA_BUNDLE", SpaBundle)


def load_bundle(root: Path | None = None) -> SpaBundle:
    """Read index.html once (None when the bundle is missing)."""
    root = (root or paths.frontend_dist()).resolve()
    index_file = root / "index.html"
    return SpaBundle(root, index_file.read_text() if index_file.is_file() else None)


def runtime_config(config: Config) -> dict:
    """What the SPA needs to know about this installation, injected into index.html."""
    auth = config.auth
    viewer = None
    if config.profile == "dev" and config.mail.provider == "sink" and config.mail.sink_ui_port:
        viewer = f"http://{config.mail.sink_host}:{config.mail.sink_ui_port}/"
    return {
        "publicUrl": config.server.public_url,
        "version": __version__,
        "profile": config.profile,
        "auth": {"demo": auth.demo_enabled, "demoUsers": list(auth.demo_users),
                 "github": auth.oauth_github, "google": auth.oauth_google},
        "mailViewerUrl": viewer,
    }


def render_index(index: str, config: Config) -> str:
    """index.html with the runtime config JSON in its data block (`<` escaped, so it cannot close it)."""
    data = orjson.dumps(runtime_config(config)).decode().replace("<", "\\u003c")
    return index.replace(PLACEHOLDER, PLACEHOLDER.replace("{}", data), 1)


async def serve_spa(request: web.Request) -> web.StreamResponse:
    """A file from the bundle, or index.html for client-side routes."""
    bundle = request.app[SPA_BUNDLE]
    path = request.match_info.get("path", "")
    if request.path.startswith(NOT_SPA):
        raise web.HTTPNotFound()
    if path:
        candidate = (bundle.root / path).resolve()
        # refuse anything that escapes the dist root (../, symlinks)
        if candidate.is_relative_to(bundle.root) and candidate.is_file():
            return _file(candidate, immutable=path.startswith("assets/"))
        if "." in path.rsplit("/", 1)[-1] and not path.endswith(".html"):
            raise web.HTTPNotFound()
    if bundle.index is None:
        return web.Response(status=503, text=MISSING, content_type="text/html")
    body = render_index(bundle.index, request.app[keys.CONFIG])
    response = web.Response(text=body, content_type="text/html", headers={"Cache-Control": "no-cache"})
    response.enable_compression()
    return response


_COMPRESSIBLE = frozenset({".js", ".mjs", ".css", ".svg", ".json", ".txt", ".map", ".webmanifest"})


def _file(path: Path, immutable: bool) -> web.StreamResponse:
    content_type = _TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    cache = "public, max-age=31536000, immutable" if immutable else "no-cache"
    if path.suffix in _COMPRESSIBLE:
        response = web.Response(body=path.read_bytes(), headers={"Cache-Control": cache, "Content-Type": content_type})
        response.enable_compression()
        return response
    return web.FileResponse(path, headers={"Cache-Control": cache, "Content-Type": content_type})


def setup_routes(app: web.Application) -> None:
    """The catch-all; registered last so every other route wins."""
    from pulsestage.http.routing import add_routes

    app[SPA_BUNDLE] = load_bundle()
    add_routes(app, "public", [("GET", "/{path:.*}", serve_spa)])



