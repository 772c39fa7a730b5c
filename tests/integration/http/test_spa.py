"""The SPA shell: runtime config injected, hashed assets cached for good, nothing escapes the bundle."""

from __future__ import annotations

import json
import re

from pulsestage.http import spa

SHELL = ('<!doctype html><html><head>'
         '<script id="pulsestage-config" type="application/json">{}</script>'
         '<script type="module" src="/assets/app-abc123.js"></script></head><body><div id="root"></div></body></html>')


def _bundle(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(SHELL)
    (tmp_path / "assets" / "app-abc123.js").write_text("console.log('app');" * 100)
    (tmp_path / "favicon.svg").write_text("<svg/>")
    (tmp_path.parent / "secret.txt").write_text("top secret")
    return spa.load_bundle(tmp_path)


async def _client(aiohttp_client, make_config, bundle):
    from pulsestage.app import create_app

    app = create_app(make_config())
    app[spa.SPA_BUNDLE] = bundle
    return await aiohttp_client(app)


def _injected(html: str) -> dict:
    match = re.search(r'<script id="pulsestage-config" type="application/json">(.*?)</script>', html)
    assert match, html
    return json.loads(match.group(1))


async def test_index_gets_runtime_config(aiohttp_client, make_config, tmp_path):
    client = await _client(aiohttp_client, make_config, _bundle(tmp_path))
    for path in ("/", "/engineering/questions", "/all/pulse/dashboard"):
        response = await client.get(path, headers={"Accept": "text/html"})
        assert response.status == 200
        assert response.headers["Cache-Control"] == "no-cache"
        config = _injected(await response.text())
        assert config == {
            "publicUrl": "http://localhost:3000", "version": config["version"], "profile": "test",
            "auth": {"demo": True, "demoUsers": ["alice", "bob", "moderator", "admin"], "github": False,
                     "google": False},
            "mailViewerUrl": None,
        }


def test_injection_cannot_close_the_script_block():
    from pulsestage.config import load_config

    config = load_config("test", None, {"PUBLIC_URL": "http://x.example/</script><script>alert(1)"})
    rendered = spa.render_index(SHELL, config)
    assert "</script><script>alert(1)" not in rendered
    assert _injected(rendered)["publicUrl"] == "http://x.example/</script><script>alert(1)"


async def test_hashed_assets_are_immutable_and_compressed(aiohttp_client, make_config, tmp_path):
    client = await _client(aiohttp_client, make_config, _bundle(tmp_path))
    response = await client.get("/assets/app-abc123.js", headers={"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["Content-Type"].startswith("text/javascript")
    assert response.headers.get("Content-Encoding") == "gzip"
    other = await client.get("/favicon.svg")
    assert other.headers["Cache-Control"] == "no-cache"
    assert other.headers["Content-Type"].startswith("image/svg+xml")


async def test_paths_cannot_escape_the_bundle(aiohttp_client, make_config, tmp_path):
    client = await _client(aiohttp_client, make_config, _bundle(tmp_path))
    for path in ("/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt"):
        response = await client.get(path)
        assert "top secret" not in await response.text()
    missing = await client.get("/assets/nope-123.js")
    assert missing.status == 404


async def test_api_paths_never_fall_back_to_the_shell(aiohttp_client, make_config, tmp_path):
    client = await _client(aiohttp_client, make_config, _bundle(tmp_path))
    response = await client.get("/api/does-not-exist")
    assert response.status == 404
    assert response.content_type == "application/json"


async def test_missing_bundle_is_503_with_how_to_build(aiohttp_client, make_config, tmp_path):
    client = await _client(aiohttp_client, make_config, spa.load_bundle(tmp_path / "nothing-here"))
    response = await client.get("/")
    assert response.status == 503
    text = await response.text()
    assert "make frontend" in text and "npm" in text


def test_committed_bundle_has_the_placeholder():
    bundle = spa.load_bundle()
    assert bundle.index is not None, "frontend_dist/index.html is missing: run make frontend"
    assert spa.PLACEHOLDER in bundle.index


async def test_shell_is_a_web_app_route(client):
    assert isinstance(client.server.app[spa.SPA_BUNDLE], spa.SpaBundle)
    response = await client.get("/login")
    assert response.status == 200
    assert "pulsestage-config" in await response.text()
