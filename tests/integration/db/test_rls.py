"""Tenant isolation held by PostgreSQL itself, and the append-only audit trail."""

from __future__ import annotations

import uuid

import psycopg2
import pytest

from pulsestage.db.pool import create_pool
from pulsestage.db.tenancy import global_tx, tenant_tx

TENANT_TABLES = ("tenant_settings", "team", "app_user", "team_membership", "user_preferences", "question",
                 "tag", "question_tag", "upvote", "audit_log", "pulse_question", "pulse_schedule",
                 "pulse_cohort", "pulse_invite", "pulse_response")


async def _tenants(pool) -> dict[str, str]:
    async with global_tx(pool) as cur:
        await cur.execute("SELECT slug, id FROM tenant")
        return {r["slug"]: r["id"] for r in await cur.fetchall()}


async def test_unbound_queries_see_nothing(database):
    pool = await create_pool(database, 1, 2)
    try:
        async with global_tx(pool) as cur:
            for table in TENANT_TABLES:
                await cur.execute(f"SELECT count(*) AS n FROM {table}")
                assert (await cur.fetchone())["n"] == 0, table
    finally:
        pool.close()
        await pool.wait_closed()


async def test_unbound_writes_are_refused(database):
    pool = await create_pool(database, 1, 2)
    tenants = await _tenants(pool)
    try:
        with pytest.raises(psycopg2.Error, match="row-level security"):
            async with global_tx(pool) as cur:
                await cur.execute("INSERT INTO tag (id, tenant_id, name) VALUES (%s, %s, 'x')",
                                  (str(uuid.uuid4()), tenants["default"]))
    finally:
        pool.close()
        await pool.wait_closed()


async def test_tenant_a_cannot_read_or_write_tenant_b_even_by_id(database):
    pool = await create_pool(database, 1, 2)
    tenants = await _tenants(pool)
    try:
        async with tenant_tx(pool, tenants["acme"]) as cur:
            await cur.execute("SELECT id FROM question LIMIT 1")
            acme_question = (await cur.fetchone())["id"]
        async with tenant_tx(pool, tenants["default"]) as cur:
            await cur.execute("SELECT * FROM question WHERE id = %s", (acme_question,))
            assert await cur.fetchone() is None
            await cur.execute("UPDATE question SET body = 'hijacked' WHERE id = %s", (acme_question,))
            assert cur.rowcount == 0
            await cur.execute("SELECT DISTINCT tenant_id FROM app_user")
            assert [r["tenant_id"] for r in await cur.fetchall()] == [tenants["default"]]
        with pytest.raises(psycopg2.Error, match="row-level security"):
            async with tenant_tx(pool, tenants["default"]) as cur:
                await cur.execute("INSERT INTO tag (id, tenant_id, name) VALUES (%s, %s, 'smuggled')",
                                  (str(uuid.uuid4()), tenants["acme"]))
    finally:
        pool.close()
        await pool.wait_closed()


async def test_binding_ends_with_the_transaction(database):
    pool = await create_pool(database, 1, 1)  # one connection: the next transaction reuses it
    tenants = await _tenants(pool)
    try:
        async with tenant_tx(pool, tenants["default"]) as cur:
            await cur.execute("SELECT count(*) AS n FROM app_user")
            assert (await cur.fetchone())["n"] > 0
        async with global_tx(pool) as cur:
            await cur.execute("SELECT count(*) AS n FROM app_user")
            assert (await cur.fetchone())["n"] == 0
    finally:
        pool.close()
        await pool.wait_closed()


def test_pool_role_has_no_bypass(database):
    with psycopg2.connect(database) as conn, conn.cursor() as cur:
        cur.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'pulsestage_app'")
        assert cur.fetchone() == (False, False)


def test_audit_rows_cannot_be_changed_or_removed_even_by_the_owner(database):
    with psycopg2.connect(database) as conn, conn.cursor() as cur:
        cur.execute("SELECT id FROM tenant WHERE slug = 'default'")
        tenant = cur.fetchone()[0]
        cur.execute("SELECT set_config('app.tenant_id', %s, false)", (tenant,))
        row = str(uuid.uuid4())
        cur.execute("INSERT INTO audit_log (id, tenant_id, action, entity_type) VALUES (%s, %s, 'x.y', 'test')",
                    (row, tenant))
        conn.commit()
        for statement in ("UPDATE audit_log SET action = 'forged' WHERE id = %s", "DELETE FROM audit_log WHERE id = %s"):
            with pytest.raises(psycopg2.Error, match="append-only"):
                cur.execute(statement, (row,))
            conn.rollback()
            cur.execute("SELECT set_config('app.tenant_id', %s, false)", (tenant,))
        cur.execute("SELECT action FROM audit_log WHERE id = %s", (row,))
        assert cur.fetchone() == ("x.y",)


def test_pulse_response_has_no_way_back_to_a_person(database):
    with psycopg2.connect(database) as conn, conn.cursor() as cur:
        cur.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'pulse_response'")
        columns = dict(cur.fetchall())
        cur.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'pulse_invite'")
        invite_columns = {r[0] for r in cur.fetchall()}
    assert not {"user_id", "invite_id", "ip_address", "user_agent", "submitted_at", "created_at"} & set(columns)
    assert all(t not in {"timestamp without time zone", "timestamp with time zone"} for t in columns.values())
    assert columns["week_start"] == "date"
    assert not {"completed_at", "updated_at", "responded_at"} & invite_columns


def test_search_operator_is_leakproof_so_the_gin_index_is_used(database):
    with psycopg2.connect(database) as conn, conn.cursor() as cur:
        cur.execute("SELECT proleakproof FROM pg_proc WHERE oid = 'pg_catalog.ts_match_vq(tsvector, tsquery)'::regprocedure")
        assert cur.fetchone() == (True,)
