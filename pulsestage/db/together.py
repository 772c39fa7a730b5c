"""Several statements of one transaction in one round trip.

Each statement is filled in with its own parameters (they may share names: the question's `id`
and the audit row's `id`), and the filled-in statements travel as one query string. PostgreSQL
runs them in order inside the caller's transaction; the cursor then holds the rows of the last
one. An error in any of them fails the string, and with it the transaction, like one statement.
"""

from __future__ import annotations

Statement = tuple[str, dict]


async def execute_together(cur, *statements: Statement) -> None:
    """Run `statements` on `cur` in one round trip; fetch the last one's rows from `cur` afterwards."""
    # a line break after each: a statement ending in a `--` comment must not swallow the next
    await cur.execute(b";\n".join(cur.mogrify(sql, params) for sql, params in statements))
