"""Migration 0005: the stored legacy default colour pair is removed, real choices stay."""

from __future__ import annotations

from psycopg2.extras import Json

from pulsestage import paths
from pulsestage.admin.settings_doc import effective
from tests.support.databases import query

MIGRATION = "0005_branding_colours_follow_the_theme.sql"


def _store(dsn: str, tenant_id: str, settings: dict) -> None:
    query(dsn, "UPDATE tenant_settings SET settings = %s WHERE tenant_id = %s",
         (Json(settings), tenant_id), tenant_id)
    if not query(dsn, "SELECT 1 FROM tenant_settings WHERE tenant_id = %s", (tenant_id,), tenant_id):
        query(dsn, "INSERT INTO tenant_settings (id, tenant_id, settings) VALUES (%s, %s, %s)",
             (f"ts-{tenant_id}", tenant_id, Json(settings)), tenant_id)


def _stored(dsn: str, tenant_id: str) -> dict:
    return query(dsn, "SELECT settings FROM tenant_settings WHERE tenant_id = %s", (tenant_id,), tenant_id)[0][0]


def test_legacy_pair_removed_other_colours_kept(database):
    tenants = dict(query(database, "SELECT slug, id FROM tenant"))
    default, acme = tenants["default"], tenants["acme"]
    legacy = {"pulse": {"enabled": True}, "branding": {
        "theme": "modern-purple", "primaryColor": "#3b82f6", "accentColor": "#10B981", "logoUrl": None}}
    chosen = {"branding": {"theme": "executive-blue", "primaryColor": "#3B82F6", "accentColor": "#112233"}}
    _store(database, default, legacy)
    _store(database, acme, chosen)

    query(database, (paths.migrations_dir() / MIGRATION).read_text())

    after = _stored(database, default)
    assert after == {"pulse": {"enabled": True}, "branding": {"theme": "modern-purple", "logoUrl": None}}
    assert effective(after)["branding"]["primaryColor"] is None
    assert effective(after)["branding"]["accentColor"] is None
    assert _stored(database, acme) == chosen
