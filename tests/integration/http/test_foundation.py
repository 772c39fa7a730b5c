"""The HTTP skeleton end to end: request ids, JSON errors, security headers, CSRF, demo sign-in."""

from __future__ import annotations

from tests.support.cast import headers, sign_in


async def test_request_id_is_generated_and_echoed(client):
    response = await client.get("/health")
    assert len(response.headers["X-Request-ID"]) == 32
    response = await client.get("/health", headers={"X-Request-ID": "trace-123"})
    assert response.headers["X-Request-ID"] == "trace-123"
    response = await client.get("/health", headers={"X-Request-ID": "bad id with spaces"})
    assert response.headers["X-Request-ID"] != "bad id with spaces"


async def test_unknown_api_route_is_json_404(client):
    response = await client.get("/api/nope", headers={"X-Request-ID": "r1"})
    assert response.status == 404
    body = await response.json()
    assert body == {"error": "not_found", "message": "Route GET /api/nope not found", "requestId": "r1"}


async def test_wrong_method_is_json_405(client):
    response = await client.delete("/health")
    assert response.status == 405
    assert (await response.json())["error"] == "method_not_allowed"


async def test_security_headers_on_json_errors_and_html(client):
    for path in ("/health", "/api/users/me", "/some/client/route"):
        response = await client.get(path)
        h = response.headers
        assert "script-src 'self'" in h["Content-Security-Policy"]
        assert "unsafe-inline" not in h["Content-Security-Policy"]
        assert h["X-Frame-Options"] == "DENY"
        assert h["X-Content-Type-Options"] == "nosniff"
        assert h["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "camera=()" in h["Permissions-Policy"]
        assert "Strict-Transport-Security" not in h  # only in prod
        assert "Server" not in h


async def test_body_over_the_limit_is_413(aiohttp_client, make_config):
    from pulsestage.app import create_app

    client = await aiohttp_client(create_app(make_config()))
    token = await sign_in(client, "alice")
    response = await client.post("/auth/logout", data=b"x" * 2_000_000, headers=headers(token))
    assert response.status == 413
    assert (await response.json())["error"] == "payload_too_large"


async def test_csrf_required_on_unsafe_methods(client):
    token = await sign_in(client, "alice")
    missing = await client.post("/auth/logout")
    assert missing.status == 403
    assert (await missing.json())["error"] == "csrf_failed"
    wrong = await client.post("/auth/logout", headers={"X-CSRF-Token": "not-the-token"})
    assert wrong.status == 403
    still_in = await client.get("/api/users/me")
    assert still_in.status == 200  # the forged logouts changed nothing
    ok = await client.post("/auth/logout", headers=headers(token))
    assert ok.status == 200
    assert (await ok.json())["success"] is True


async def test_csrf_token_is_bound_to_the_session(aiohttp_client, make_config):
    from pulsestage.app import create_app

    app = create_app(make_config())
    first = await aiohttp_client(app)
    token = await sign_in(first, "alice")
    second = await aiohttp_client(create_app(make_config()))
    await sign_in(second, "bob")
    # bob's browser replays alice's token: refused
    response = await second.post("/auth/logout", headers={"X-CSRF-Token": token})
    assert response.status == 403


async def test_demo_login_me_and_logout(client):
    anonymous = await client.get("/api/users/me")
    assert anonymous.status == 401
    assert (await anonymous.json())["error"] == "unauthorized"
    token = await client.get("/api/csrf-token")
    before = client.session.cookie_jar.filter_cookies(client.make_url("/")).get("pulsestage_session")
    assert (await token.json())["csrfToken"]
    login = await client.get("/auth/demo", params={"user": "alice", "tenant": "default"}, allow_redirects=False)
    assert login.status == 302
    assert login.headers["Location"] == "/"
    after = client.session.cookie_jar.filter_cookies(client.make_url("/"))["pulsestage_session"]
    assert before is not None and after.value != before.value  # a new session id at sign-in
    assert "httponly" in login.headers["Set-Cookie"].lower()
    assert "samesite=lax" in login.headers["Set-Cookie"].lower()
    me = await client.get("/api/users/me")
    body = await me.json()
    assert me.status == 200
    assert body["email"] == "alice@pulsestage.app"
    assert body["ssoId"] == "alice"
    assert body["tenantSlug"] == "default"
    csrf = (await (await client.get("/api/csrf-token")).json())["csrfToken"]
    out = await client.post("/auth/logout", headers={"X-CSRF-Token": csrf})
    assert out.status == 200
    assert (await client.get("/api/users/me")).status == 401


async def test_demo_redirect_only_same_origin(client):
    ok = await client.get("/auth/demo", params={"user": "bob", "redirect": "/engineering/questions"},
                          allow_redirects=False)
    assert ok.headers["Location"] == "/engineering/questions"
    for evil in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        response = await client.get("/auth/demo", params={"user": "bob", "redirect": evil}, allow_redirects=False)
        assert response.headers["Location"] == "/"


async def test_unknown_demo_user_is_404_json(client):
    response = await client.get("/auth/demo", params={"user": "mallory"}, allow_redirects=False)
    assert response.status == 404
    body = await response.json()
    assert body["error"] == "unknown_demo_user"
    assert "mallory" in body["message"]


async def test_demo_route_absent_when_demo_off(aiohttp_client, make_config):
    from pulsestage.app import create_app

    client = await aiohttp_client(create_app(make_config(AUTH_MODE_DEMO="false")))
    response = await client.get("/auth/demo", params={"user": "alice"}, allow_redirects=False)
    assert response.status == 404
    modes = await (await client.get("/auth/modes")).json()
    assert modes["demo"] == {"enabled": False}
    assert "demo" not in modes["modes"]


async def test_auth_modes_lists_demo_users(client):
    body = await (await client.get("/auth/modes")).json()
    assert body["modes"] == ["demo"]
    assert body["demo"] == {"enabled": True, "users": ["alice", "bob", "moderator", "admin"]}
    assert body["oauth"] == {"github": False, "google": False}


async def test_openapi_lists_every_route_with_a_guard(client):
    from pulsestage.http.routing import ROUTE_GUARDS

    spec = await (await client.get("/openapi.json")).json()
    registered = client.server.app[ROUTE_GUARDS]
    for (method, path), info in registered.items():
        assert info.guard in {"public", "participant", "moderator", "admin", "owner"}
        if path == "/{path:.*}":
            continue
        clean = path.replace("{path:.*}", "{path}")
        assert method.lower() in spec["paths"][clean], (method, path)
    # and every route the router knows was registered through a guard table
    canonical = {(m, p.replace("{path:.*}", "{path}")) for m, p in registered}
    for resource in client.server.app.router.resources():
        for route in resource:
            if route.method != "HEAD":
                assert (route.method, resource.canonical) in canonical, (route.method, resource.canonical)
