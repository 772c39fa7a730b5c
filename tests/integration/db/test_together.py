"""`execute_together`: statements of one transaction in one round trip, each with its own parameters."""

from __future__ import annotations

import psycopg2
import pytest

from pulsestage.db.tenancy import tenant_read, tenant_tx
from pulsestage.db.together import execute_together
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
