"""The standing cast: the seeded tenants `default` and `acme`, and helpers to sign their users in."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

DEFAULT = "default"
ACME = "acme"
LOGIN_USERS = ("admin", "alice", "bob", "moderator")


async def sign_in(client: TestClient, user: str, tenant: str = DEFAULT) -> str:
    """Sign in as a demo user of `tenant`; return the session's CSRF token."""
    response = await client.get(
        "/auth/demo", params={"user": user, "tenant": tenant}, headers={"x-tenant-id": tenant},
        allow_redirects=False,
    )
    assert response.status == 302, await response.text()
    token = await client.get("/api/csrf-token", headers={"x-tenant-id": tenant})
    return (await token.json())["csrfToken"]


def headers(token: str, tenant: str = DEFAULT) -> dict[str, str]:
    """Headers for an unsafe request: CSRF token and tenant."""
    return {"X-CSRF-Token": token, "x-tenant-id": tenant}
