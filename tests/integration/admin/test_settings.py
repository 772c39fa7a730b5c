"""Tenant settings: every key validated on write, nothing written on a 400, the public read."""

from __future__ import annotations

from tests.integration.admin.db import audit_actions, one
from tests.support.cast import headers, sign_in

H = {"x-tenant-id": "default"}
BAD = {
    "questions.minLength": 0, "questions.maxLength": 5001, "users.defaultRole": "owner",
    "users.allowedEmailDomains": ["not a domain"], "security.sessionTimeout": 721,
    "security.adminSessionTimeout": 0, "security.rateLimits.questionsPerHour": 101,
    "security.rateLimits.upvotesPerMinute": 0, "security.rateLimits.responsesPerHour": 51,
    "security.rateLimits.searchPerMinute": "30", "branding.theme": "pink", "branding.primaryColor": "blue",
    "branding.accentColor": "#12345", "branding.logoUrl": "javascript:alert(1)", "branding.faviconUrl": 5,
    "branding.welcomeMessage": "x" * 501, "features.allowAnonymousQuestions": "yes",
    "features.requireQuestionApproval": 1, "features.enableEmailNotifications": None,
    "features.attributedQuestions": "false", "pulse.enabled": "true", "pulse.anonThreshold": 2,
    "pulse.defaultCadence": "daily", "pulse.defaultTime": "25:00", "pulse.rotatingCohorts": 1,
    "pulse.channelSlack": None, "pulse.channelEmail": "no",
    "sessionVersion": 99, "branding.colour": "#000000", "unknownSection": {},
}
GOOD = {
    "questions.minLength": 5, "questions.maxLength": 300, "users.defaultRole": "viewer",
    "users.allowedEmailDomains": ["example.com"], "security.sessionTimeout": 12,
    "security.adminSessionTimeout": 2, "security.rateLimits.questionsPerHour": 50,
    "security.rateLimits.upvotesPerMinute": 100, "security.rateLimits.responsesPerHour": 10,
    "security.rateLimits.searchPerMinute": 200, "branding.theme": "executive-blue",
    "branding.primaryColor": "#112233", "branding.accentColor": "#aabbcc",
    "branding.logoUrl": "https://cdn.example.com/logo.svg", "branding.faviconUrl": None,
    "branding.welcomeMessage": "Ask us anything", "features.allowAnonymousQuestions": False,
    "features.requireQuestionApproval": True, "features.enableEmailNotifications": True,
    "features.attributedQuestions": True, "pulse.enabled": False, "pulse.anonThreshold": 7,
    "pulse.defaultCadence": "monthly", "pulse.defaultTime": "16:30", "pulse.rotatingCohorts": False,
    "pulse.channelSlack": True, "pulse.channelEmail": False,
}


def nested(path: str, value) -> dict:
    out = value
    for key in reversed(path.split(".")):
        out = {key: out}
    return out


def stored(dsn: str):
    row = one(dsn, "SELECT settings FROM tenant_settings")
    return row["settings"] if row else None


async def test_every_bad_value_is_a_400_naming_the_key_and_nothing_is_written(client, database):
    token = await sign_in(client, "admin")
    before, audits = stored(database), len(audit_actions(database))
    for path, value in BAD.items():
        response = await client.patch("/api/admin/tenant-settings", json=nested(path, value), headers=headers(token))
        assert response.status == 400, path
        assert [f["field"] for f in (await response.json())["fields"]] == [path], path
    crossed = await client.patch("/api/admin/tenant-settings", headers=headers(token),
                                 json={"questions": {"minLength": 500, "maxLength": 400}})
    assert crossed.status == 400 and (await crossed.json())["fields"][0]["field"] == "questions.minLength"
    section = await client.patch("/api/admin/tenant-settings", json={"branding": "dark"}, headers=headers(token))
    assert section.status == 400 and (await section.json())["fields"][0]["field"] == "branding"
    mixed = await client.patch("/api/admin/tenant-settings", headers=headers(token),
                               json={"branding": {"theme": "modern-purple", "primaryColor": "red"}})
    assert mixed.status == 400
    assert stored(database) == before and len(audit_actions(database)) == audits


async def test_every_good_value_is_saved_and_audited(client, database):
    token = await sign_in(client, "admin")
    for path, value in GOOD.items():
        response = await client.patch("/api/admin/tenant-settings", json=nested(path, value), headers=headers(token))
        assert response.status == 200, (path, await response.text())
        got = (await response.json())["settings"]
        for key in path.split("."):
            got = got[key]
        assert got == value, path
    assert stored(database)["pulse"]["anonThreshold"] == 7
    assert audit_actions(database).count("tenant.settings.update") == len(GOOD)


async def test_settings_read_back_and_sent_unchanged_is_valid(client, database):
    """The SPA sends the whole document back; internal keys are not part of it."""
    token = await sign_in(client, "admin")
    document = (await (await client.get("/api/admin/tenant-settings", headers=H)).json())["settings"]
    assert "sessionVersion" not in document
    response = await client.patch("/api/admin/tenant-settings", json=document, headers=headers(token))
    assert response.status == 200


async def test_colour_overrides_default_to_null_and_can_be_cleared(client, database):
    """No colour override unless an admin sets one; null clears it again (the theme decides)."""
    token = await sign_in(client, "admin")
    public = await (await client.get("/api/settings/public", headers=H)).json()
    assert public["branding"]["primaryColor"] is None and public["branding"]["accentColor"] is None
    set_ = await client.patch("/api/admin/tenant-settings", headers=headers(token),
                              json={"branding": {"primaryColor": "#112233", "accentColor": "#445566"}})
    assert set_.status == 200
    cleared = await client.patch("/api/admin/tenant-settings", headers=headers(token),
                                 json={"branding": {"primaryColor": None, "accentColor": None}})
    assert cleared.status == 200, await cleared.text()
    assert stored(database)["branding"] == {"primaryColor": None, "accentColor": None}
    public = await (await client.get("/api/settings/public", headers=H)).json()
    assert public["branding"]["primaryColor"] is None and public["branding"]["accentColor"] is None


async def test_rename_and_settings_together(client, database):
    token = await sign_in(client, "admin")
    response = await client.patch("/api/admin/settings", headers=headers(token), json={
        "name": "Pulse Inc", "settings": {"branding": {"theme": "indigo-professional"}}})
    assert response.status == 200
    body = await response.json()
    assert body["tenant"]["name"] == "Pulse Inc" and body["settings"]["branding"]["theme"] == "indigo-professional"
    public = await (await client.get("/api/settings/public", headers=H)).json()
    assert public["tenant"]["name"] == "Pulse Inc" and public["theme"] == "indigo-professional"
    assert sorted(audit_actions(database)[-2:]) == ["tenant.settings.update", "tenant.update"]  # one transaction
    bad = await client.patch("/api/admin/settings", json={"name": "", "slug": "x"}, headers=headers(token))
    assert bad.status == 400 and {f["field"] for f in (await bad.json())["fields"]} == {"name", "slug"}


async def test_public_settings_without_sign_in(client):
    response = await client.get("/api/settings/public", headers=H)
    assert response.status == 200
    body = await response.json()
    assert set(body) == {"tenant", "theme", "branding", "questions", "pulse", "features"}
    assert set(body["branding"]) == {"primaryColor", "accentColor", "logoUrl", "faviconUrl", "welcomeMessage"}
    assert body["questions"] == {"minLength": 10, "maxLength": 2000} and body["pulse"] == {"anonThreshold": 5}
    assert set(body["features"]) == {"allowAnonymousQuestions", "requireQuestionApproval", "attributedQuestions"}
    assert "security" not in body and "users" not in body


async def test_tenants_settings_are_separate(client, database):
    token = await sign_in(client, "admin", "acme")
    response = await client.patch("/api/admin/tenant-settings", json={"branding": {"theme": "modern-purple"}},
                                  headers=headers(token, "acme"))
    assert response.status == 200
    default = await (await client.get("/api/settings/public", headers=H)).json()
    acme = await (await client.get("/api/settings/public", headers={"x-tenant-id": "acme"})).json()
    assert default["theme"] == "refined-teal" and acme["theme"] == "modern-purple"
