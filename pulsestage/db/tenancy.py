"""The one door to tenant tables: a transaction with the tenant bound for row-level security."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import aiopg
import psycopg2
from psycopg2.extensions import TRANSACTION_STATUS_IDLE

from pulsestage.db import prepared
from pulsestage.db.cursor import DictCursor, use_orjson_for_json_columns
from pulsestage.db.prepared import Prepared
from pulsestage.errors import DependencyDown

use_orjson_for_json_columns()

UNAVAILABLE = "The database is unavailable; nothing was changed."
ACQUIRE_TIMEOUT_SECONDS = 10.0  # as long as the pool's own timeout
# is_local=true: the binding ends with the transaction (explicit, or the implicit one of a query string)
BIND = "SELECT set_config('app.tenant_id', %(_bound_tenant)s, true)"


@dataclass(frozen=True, slots=True)
class Tenant:
    """The tenant a request or job acts for."""

    id: str
    slug: str
    name: str


@asynccontextmanager
async def tenant_tx(pool: aiopg.Pool, tenant_id: str,
                    first: tuple[str, dict] | None = None) -> AsyncIterator[aiopg.Cursor]:
    """Open a transaction bound to `tenant_id` and yield a dict cursor; commit on success.

    `first`, a statement with named parameters, travels with the opening: its rows are ready to
    fetch from the yielded cursor, saving the transaction a round trip.
    """
    if not tenant_id:
        raise ValueError("tenant_tx needs a tenant id")
    # the binding ends with the transaction, so a pooled connection never carries one tenant's
    # binding into another request. BEGIN and the binding travel in one round trip.
    opening = f"BEGIN; {BIND}"
    params: dict = {"_bound_tenant": tenant_id}
    if first is not None:
        opening, params = f"{opening}; {first[0]}", {**first[1], **params}
    async with _transaction(pool, opening, params) as cur:
        yield cur


async def tenant_read(pool: aiopg.Pool, tenant_id: str, sql: str | Prepared, params: dict) -> list[dict]:
    """Rows of one read statement (named parameters) bound to `tenant_id`, in one round trip.

    The binding and the statement travel as one query string, which PostgreSQL runs as one
    implicit transaction: the transaction-local binding ends with it, exactly as in tenant_tx,
    without the round trips for BEGIN and COMMIT. A write that stands alone (one statement, no
    audit row or other write beside it) may come this way too: the implicit transaction commits it.
    A `Prepared` statement is planned once per connection (db/prepared.py).
    """
    if not tenant_id:
        raise ValueError("tenant_read needs a tenant id")
    return await _round_trip(pool, sql, {**params, "_bound_tenant": tenant_id})


async def _round_trip(pool: aiopg.Pool, sql: str | Prepared, params: dict) -> list[dict]:
    conn = await _acquire(pool)
    try:
        async with conn.cursor(cursor_factory=DictCursor) as cur:
            if isinstance(sql, Prepared):
                await prepared.execute(conn, cur, sql, BIND, params)
            else:
                await cur.execute(f"{BIND}; {sql}", params)
            return await cur.fetchall()
    except psycopg2.OperationalError as exc:
        raise DependencyDown(UNAVAILABLE) from exc
    finally:
        await _release(pool, conn)


@asynccontextmanager
async def global_tx(pool: aiopg.Pool) -> AsyncIterator[aiopg.Cursor]:
    """A transaction with no tenant bound: sees only the tenant registry and migrations."""
    async with _transaction(pool, "BEGIN", {}) as cur:
        yield cur


@asynccontextmanager
async def _transaction(pool: aiopg.Pool, opening: str, params: dict) -> AsyncIterator[aiopg.Cursor]:
    conn = await _acquire(pool)
    try:
        async with conn.cursor(cursor_factory=DictCursor) as cur:
            await cur.execute(opening, params)
            try:
                yield cur
            except BaseException:
                # a failed rollback leaves the connection mid-transaction; the pool then closes it
                with contextlib.suppress(Exception):
                    await cur.execute("ROLLBACK")
                raise
            if conn.raw.get_transaction_status() != TRANSACTION_STATUS_IDLE:  # not already committed
                await cur.execute("COMMIT")  # (db/together.commit_together commits with its writes)
    except psycopg2.OperationalError as exc:
        raise DependencyDown(UNAVAILABLE) from exc
    finally:
        await _release(pool, conn)


async def _acquire(pool: aiopg.Pool):
    """A pooled connection, waiting in line at the pool's gate (see `_gate`)."""
    gate = _gate(pool)
    try:
        async with asyncio.timeout(ACQUIRE_TIMEOUT_SECONDS):
            await gate.acquire()
    except TimeoutError as exc:
        raise DependencyDown(UNAVAILABLE) from exc
    try:
        return await pool.acquire()
    except BaseException as exc:
        gate.release()
        if isinstance(exc, psycopg2.OperationalError | OSError):
            raise DependencyDown(UNAVAILABLE) from exc
        raise


async def _release(pool: aiopg.Pool, conn) -> None:
    try:
        await pool.release(conn)
    finally:
        _gate(pool).release()


def _gate(pool: aiopg.Pool) -> asyncio.Semaphore:
    """One waiting line per pool, as wide as the pool.

    aiopg's pool wakes its waiters through a Condition, which costs far more per waiter than a
    semaphore: a storm of 5,000 streams connecting at once starved it for 10 s and answered 503.
    Waiting here first means the pool itself never has anyone waiting.
    """
    gate = getattr(pool, "_pulsestage_gate", None)
    if gate is None:
        gate = asyncio.Semaphore(pool.maxsize or 100)
        setattr(pool, "_pulsestage_gate", gate)  # noqa: B010
    return gate
