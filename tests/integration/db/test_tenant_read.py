"""`tenant_read`: one bound read in one round trip, isolated like tenant_tx, leaving no binding behind."""

from __future__ import annotations

import pytest

from pulsestage.db.tenancy import global_tx, tenant_read
from tests.integration.db.support import app_pool, tenant_ids


async def test_it_reads_only_the_bound_tenants_rows(database):
    async with app_pool(database, 1) as pool:
        tenants = await tenant_ids(pool)
        rows = await tenant_read(pool, tenants["default"], "SELECT DISTINCT tenant_id FROM question", {})
        assert rows == [{"tenant_id": tenants["default"]}]
        # asking for the other tenant's rows by id, while bound to this one, finds nothing
        acme = await tenant_read(pool, tenants["acme"], "SELECT id FROM question LIMIT 1", {})
        stolen = await tenant_read(pool, tenants["default"], "SELECT id FROM question WHERE id = %(id)s",
                                   {"id": acme[0]["id"]})
        assert stolen == []


async def test_the_binding_ends_with_the_read(database):
    async with app_pool(database, 1) as pool:  # one connection: the next user of it sees what is left
        tenants = await tenant_ids(pool)
        assert await tenant_read(pool, tenants["acme"], "SELECT count(*) AS n FROM app_user", {})
        async with global_tx(pool) as cur:
            await cur.execute("SELECT current_setting('app.tenant_id', true) AS bound")
            assert (await cur.fetchone())["bound"] in (None, "")
            await cur.execute("SELECT count(*) AS n FROM question")
            assert (await cur.fetchone())["n"] == 0


async def test_it_needs_a_tenant(database):
    async with app_pool(database, 1) as pool:
        with pytest.raises(ValueError):
            await tenant_read(pool, "", "SELECT 1", {})


async def test_a_transaction_can_open_with_its_first_statement(database):
    from pulsestage.db.tenancy import tenant_tx

    async with app_pool(database, 1) as pool:
        tenants = await tenant_ids(pool)
        first = ("SELECT DISTINCT tenant_id FROM question WHERE tenant_id <> %(other)s", {"other": "nobody"})
        async with tenant_tx(pool, tenants["acme"], first=first) as cur:
            assert await cur.fetchall() == [{"tenant_id": tenants["acme"]}]
            await cur.execute("SELECT current_setting('app.tenant_id', true) AS bound")
            assert (await cur.fetchone())["bound"] == tenants["acme"]
        async with global_tx(pool) as cur:
            await cur.execute("SELECT count(*) AS n FROM question")
            assert (await cur.fetchone())["n"] == 0  # and the binding ended with the transaction


async def test_a_storm_waits_in_line_and_every_place_is_given_back(database):
    import asyncio

    from pulsestage.db.tenancy import _gate

    async with app_pool(database, 2) as pool:
        tenants = await tenant_ids(pool)
        reads = [tenant_read(pool, tenants["default"], "SELECT count(*) AS n FROM question, pg_sleep(0.001)", {})
                 for _ in range(300)]
        results = await asyncio.gather(*reads)
        assert len(results) == 300 and all(r[0]["n"] > 0 for r in results)
        # readers cancelled while waiting in line, or while holding a connection, give their place back
        slow = [asyncio.ensure_future(tenant_read(pool, tenants["default"], "SELECT pg_sleep(0.2)", {}))
                for _ in range(6)]
        await asyncio.sleep(0.05)
        for task in slow:
            task.cancel()
        await asyncio.gather(*slow, return_exceptions=True)
        assert _gate(pool)._value == 2  # both places free again
        assert len(await tenant_read(pool, tenants["default"], "SELECT 1 AS one", {})) == 1
