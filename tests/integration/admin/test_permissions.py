"""The permission table: every endpoint of this area × signed out, member, moderator, admin.

Requests use ids that do not exist, so an allowed call ends in 400/404 and changes nothing; what
matters is that the guard lets it through (or not).
"""

from __future__ import annotations

import pytest

from pulsestage.http.routing import ROUTE_GUARDS
from tests.support.cast import headers, sign_in

H = {"x-tenant-id": "default"}
PARTICIPANT = [
    ("GET", "/api/teams"), ("GET", "/api/teams/engineering"), ("GET", "/api/users/me"),
    ("GET", "/api/users/me/teams"), ("GET", "/api/users/me/available-teams"),
    ("GET", "/api/users/me/upvotes/count"), ("GET", "/api/users/me/questions"),
    ("PUT", "/api/users/me/preferences"), ("POST", "/api/users/me/teams/nope/favorite"),
    ("PATCH", "/api/users/me/primary-team"),
]
ADMIN = [
    ("POST", "/api/teams"), ("PUT", "/api/teams/nope"), ("DELETE", "/api/teams/nope"),
    ("POST", "/api/teams/nope/reactivate"), ("GET", "/api/teams/nope/members"),
    ("POST", "/api/teams/nope/members"), ("PUT", "/api/teams/nope/members/nope"),
    ("DELETE", "/api/teams/nope/members/nope"), ("GET", "/api/admin/users"),
    ("POST", "/api/admin/users/import"), ("PATCH", "/api/admin/users/nope/deactivate"),
    ("PATCH", "/api/admin/users/nope/activate"), ("PATCH", "/api/admin/users/nope/role"),
    ("POST", "/api/admin/users/nope/teams/nope"), ("DELETE", "/api/admin/users/nope/teams/nope"),
    ("GET", "/api/admin/settings"), ("PATCH", "/api/admin/settings"), ("GET", "/api/admin/tenant-settings"),
    ("PATCH", "/api/admin/tenant-settings"), ("GET", "/api/admin/export/preview?status=nope"),
    ("GET", "/api/admin/export/download?format=xml"), ("GET", "/api/admin/health"),
]
DESTRUCTIVE_ADMIN = [("POST", "/api/admin/reset-demo")]  # allowed case tested in test_health_and_reset
PUBLIC = [("GET", "/api/settings/public"), ("GET", "/api/setup/status")]
GUARDS = {"participant": PARTICIPANT, "admin": ADMIN + DESTRUCTIVE_ADMIN, "public": PUBLIC}


async def _call(client, method: str, path: str, token: str) -> int:
    body = {} if method in ("POST", "PUT", "PATCH") else None
    response = await client.request(method, path, json=body, headers=headers(token))
    return response.status


async def _signed_out_token(client) -> str:
    return (await (await client.get("/api/csrf-token", headers=H)).json())["csrfToken"]


def test_route_table_declares_these_guards(client):
    registered = client.server.app[ROUTE_GUARDS]
    by_path = {(m, p): info.guard for (m, p), info in registered.items()}
    for guard, rows in GUARDS.items():
        for method, path in rows:
            match = [g for (m, p), g in by_path.items() if m == method and _matches(p, path.split("?")[0])]
            assert match == [guard], (method, path, match)


def _matches(template: str, path: str) -> bool:
    parts, wanted = template.strip("/").split("/"), path.strip("/").split("/")
    return len(parts) == len(wanted) and all(t.startswith("{") or t == w for t, w in zip(parts, wanted, strict=True))


async def test_signed_out(client):
    token = await _signed_out_token(client)
    for method, path in PARTICIPANT + ADMIN + DESTRUCTIVE_ADMIN:
        assert await _call(client, method, path, token) == 401, (method, path)
    for method, path in PUBLIC:
        assert await _call(client, method, path, token) == 200, (method, path)


@pytest.mark.parametrize("user", ["alice", "moderator"])
async def test_members_and_moderators_are_refused_admin_endpoints(client, user):
    token = await sign_in(client, user)
    for method, path in ADMIN + DESTRUCTIVE_ADMIN:
        assert await _call(client, method, path, token) == 403, (user, method, path)
    for method, path in PARTICIPANT + PUBLIC:
        assert await _call(client, method, path, token) not in (401, 403), (user, method, path)


async def test_admins_pass_every_guard(client):
    token = await sign_in(client, "admin")
    for method, path in PARTICIPANT + ADMIN + PUBLIC:
        assert await _call(client, method, path, token) not in (401, 403), (method, path)


async def test_unsafe_requests_need_the_csrf_token(client):
    await sign_in(client, "admin")
    for method, path in PARTICIPANT + ADMIN + DESTRUCTIVE_ADMIN:
        if method != "GET":
            response = await client.request(method, path, json={}, headers=H)
            assert response.status == 403 and (await response.json())["error"] == "csrf_failed", (method, path)


async def test_a_session_of_another_tenant_is_signed_out_here(client):
    token = await sign_in(client, "admin", "acme")
    for method, path in PARTICIPANT[:3] + ADMIN[:3]:
        response = await client.request(method, path, json={} if method != "GET" else None,
                                        headers={**headers(token), "x-tenant-id": "default"})
        assert response.status in (401, 403), (method, path)
