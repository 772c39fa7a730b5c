"""Prepared statements through `tenant_read`: planned once per connection, isolated like any read,
and they recover when the record of what a connection has prepared is wrong."""

from __future__ import annotations

import pytest

from pulsestage.db.prepared import Prepared
from pulsestage.db.tenancy import global_tx, tenant_read
from tests.integration.db.support import app_pool, tenant_ids

BY_ID = Prepared.of("test_question_by_id", "SELECT id, tenant_id FROM question WHERE id = %(id)s AND %(id)s <> %(not)s")


def test_named_parameters_are_numbered_in_order_of_first_use() -> None:
    assert BY_ID.params == ("id", "not")
    assert BY_ID.body == "SELECT id, tenant_id FROM question WHERE id = $1 AND $1 <> $2"
    assert BY_ID.execute_sql() == "EXECUTE test_question_by_id(%(id)s, %(not)s)"


async def prepared_here(pool) -> set[str]:
    async with global_tx(pool) as cur:
        await cur.execute("SELECT name FROM pg_prepared_statements")
        return {row["name"] for row in await cur.fetchall()}


async def test_prepared_once_per_connection_and_isolated_every_time(database):
    async with app_pool(database, 1) as pool:  # one connection: every call below uses it
        tenants = await tenant_ids(pool)
        acme = await tenant_read(pool, tenants["acme"], "SELECT id FROM question LIMIT 1", {})
        question = acme[0]["id"]
        for _ in range(3):  # the first call prepares, the others only execute
            rows = await tenant_read(pool, tenants["acme"], BY_ID, {"id": question, "not": "x"})
            assert rows == [{"id": question, "tenant_id": tenants["acme"]}]
            # bound to the other tenant, the same plan finds nothing of acme's
            assert await tenant_read(pool, tenants["default"], BY_ID, {"id": question, "not": "x"}) == []
        assert "test_question_by_id" in await prepared_here(pool)
        async with global_tx(pool) as cur:  # and no binding is left behind
            await cur.execute("SELECT current_setting('app.tenant_id', true) AS bound")
            assert (await cur.fetchone())["bound"] in (None, "")


async def test_a_wrong_record_either_way_is_corrected(database):
    async with app_pool(database, 1) as pool:
        tenants = await tenant_ids(pool)
        params = {"id": "none", "not": "x"}
        assert await tenant_read(pool, tenants["acme"], BY_ID, params) == []
        conn = next(iter(pool._free))  # the pool's only connection
        conn._pulsestage_prepared.discard(BY_ID.name)  # believed unprepared, but it is: PREPARE fails, then EXECUTE
        assert await tenant_read(pool, tenants["acme"], BY_ID, params) == []
        async with global_tx(pool) as cur:
            await cur.execute(f"DEALLOCATE {BY_ID.name}")
        # believed prepared, but it is not: EXECUTE fails, then PREPARE + EXECUTE
        assert await tenant_read(pool, tenants["acme"], BY_ID, params) == []
        assert BY_ID.name in await prepared_here(pool)


async def test_an_error_in_the_statement_is_raised_not_retried_forever(database):
    broken = Prepared.of("test_broken", "SELECT no_such_column FROM question WHERE id = %(id)s")
    async with app_pool(database, 1) as pool:
        tenants = await tenant_ids(pool)
        with pytest.raises(Exception, match="no_such_column"):
            await tenant_read(pool, tenants["acme"], broken, {"id": "x"})
        assert await tenant_read(pool, tenants["acme"], "SELECT 1 AS one", {}) == [{"one": 1}]


def test_a_name_serves_one_statement_only() -> None:
    assert Prepared.of(BY_ID.name, BY_ID.sql) == BY_ID  # the same statement again is fine
    with pytest.raises(ValueError, match="already used"):
        Prepared.of(BY_ID.name, "SELECT 1")
