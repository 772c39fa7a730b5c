"""Several statements of one transaction in one round trip.

Each statement is filled in with its own parameters (they may share names: the question's `id`
and the audit row's `id`), and the filled-in statements travel as one query string. PostgreSQL
runs them in order inside the caller's transaction; the cursor then holds the rows of the last
one. An error in any of them fails the string, and with it the transaction, like one statement.

`commit_together` also ends the transaction in that round trip: the writes, COMMIT, then a read
that PostgreSQL runs in a new implicit transaction (with the tenant bound again for row-level
security), so the transaction saves the round trip of its own COMMIT (db/tenancy sees that the
connection is no longer in a transaction and does not commit again).
"""

from __future__ import annotations

from pulsestage.db.tenancy import BIND

Statement = tuple[str, dict]


async def execute_together(cur, *statements: Statement) -> None:
    """Run `statements` on `cur` in one round trip; fetch the last one's rows from `cur` afterwards."""
    # a line break after each: a statement ending in a `--` comment must not swallow the next
    await cur.execute(b";\n".join(cur.mogrify(sql, params) for sql, params in statements))


async def commit_together(cur, tenant_id: str, *writes: Statement, then: Statement) -> None:
    """Run `writes`, COMMIT, then the read `then` bound to `tenant_id`, in one round trip; fetch its rows
    from `cur` afterwards. If a write fails nothing is committed; if the read fails the writes stand."""
    await execute_together(cur, *writes, ("COMMIT", {}), (BIND, {"_bound_tenant": tenant_id}), then)
