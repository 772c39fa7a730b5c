"""`execute_together`: statements of one transaction in one round trip, each with its own parameters;
`commit_together`: the same, ending with COMMIT and a read bound to the tenant again."""

from __future__ import annotations

import psycopg2
import pytest

from pulsestage.db.tenancy import global_tx, tenant_read, tenant_tx
from pulsestage.db.together import commit_together, execute_together
from tests.integration.db.support import app_pool, tenant_ids


async def test_shared_parameter_names_stay_apart_and_the_last_rows_are_fetched(database):
    async with app_pool(database, 1) as pool:
        tenants = await tenant_ids(pool)
        async with tenant_tx(pool, tenants["acme"]) as cur:
            insert = "INSERT INTO tag (id, tenant_id, name) VALUES (%(id)s, %(t)s, %(name)s)"
            await execute_together(
                cur,
                (insert, {"id": "t-a", "t": tenants["acme"], "name": "100% sure; '); DROP"}),
                (insert, {"id": "t-b", "t": tenants["acme"], "name": "%(id)s"}),
                ("SELECT id, name FROM tag WHERE id IN ('t-a', 't-b') ORDER BY id", {}),
            )
            assert await cur.fetchall() == [{"id": "t-a", "name": "100% sure; '); DROP"},
                                            {"id": "t-b", "name": "%(id)s"}]


async def test_an_error_in_any_statement_undoes_the_transaction(database):
    async with app_pool(database, 1) as pool:
        tenants = await tenant_ids(pool)
        before = await tenant_read(pool, tenants["acme"], "SELECT count(*) AS n FROM tag", {})
        with pytest.raises(psycopg2.Error):
            async with tenant_tx(pool, tenants["acme"]) as cur:
                await execute_together(
                    cur,
                    ("INSERT INTO tag (id, tenant_id, name, color) VALUES ('t-x', %(t)s, 'together', '#000000')",
                     {"t": tenants["acme"]}),
                    ("SELECT 1 / 0", {}),
                )
        assert await tenant_read(pool, tenants["acme"], "SELECT count(*) AS n FROM tag", {}) == before


TAG = "INSERT INTO tag (id, tenant_id, name, color) VALUES (%(id)s, %(t)s, %(name)s, '#000000')"
READ = ("SELECT id, name FROM tag WHERE id = %(id)s", {"id": "t-c"})


async def _binding_left(pool) -> str | None:
    async with global_tx(pool) as cur:
        await cur.execute("SELECT current_setting('app.tenant_id', true) AS bound")
        return (await cur.fetchone())["bound"]


async def test_commit_together_commits_once_and_reads_back_under_the_tenant(database):
    async with app_pool(database, 1) as pool:  # one connection: what the request leaves behind shows
        tenants = await tenant_ids(pool)
        async with tenant_tx(pool, tenants["acme"]) as cur:
            await commit_together(cur, tenants["acme"], (TAG, {"id": "t-c", "t": tenants["acme"], "name": "committed"}),
                                  then=READ)
            assert await cur.fetchall() == [{"id": "t-c", "name": "committed"}]  # RLS: only with the binding
            assert cur.connection.raw.get_transaction_status() == psycopg2.extensions.TRANSACTION_STATUS_IDLE
            notices = len(cur.connection.raw.notices)
        assert len(cur.connection.raw.notices) == notices  # no second COMMIT ("no transaction in progress")
        assert await tenant_read(pool, tenants["acme"], *READ) == [{"id": "t-c", "name": "committed"}]
        assert await tenant_read(pool, tenants["default"], *READ) == []
        assert await _binding_left(pool) in (None, "")


FAILS = ("SELECT 1 / 0", {})


@pytest.mark.parametrize(("failing", "then", "left"), [
    ([FAILS], READ, []),  # a write fails: nothing is committed
    ([], FAILS, [{"id": "t-c", "name": "written"}]),  # only the read-back fails: the writes stand
], ids=["write-fails", "read-fails"])
async def test_commit_together_when_a_statement_fails(database, failing, then, left):
    async with app_pool(database, 1) as pool:
        tenants = await tenant_ids(pool)
        with pytest.raises(psycopg2.Error):
            async with tenant_tx(pool, tenants["acme"]) as cur:
                await commit_together(cur, tenants["acme"],
                                      (TAG, {"id": "t-c", "t": tenants["acme"], "name": "written"}), *failing,
                                      then=then)
        assert await tenant_read(pool, tenants["acme"], *READ) == left
        assert await _binding_left(pool) in (None, "")
