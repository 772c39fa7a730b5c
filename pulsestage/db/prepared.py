"""Statements PostgreSQL plans once per connection: PREPARE on a connection's first use, EXECUTE after.

For a short, hot statement (the caller lookup runs on every signed-in request) planning costs
PostgreSQL about as much as running it, on the same cores as everything else. A `Prepared`
statement is written like any other, with `%(name)s` parameters; on a pooled connection that has
not seen it yet the PREPARE travels in the same query string as the first EXECUTE, so preparing
costs no extra round trip. Which connections have prepared what is remembered on the connection
object. PREPARE is not transactional: a statement prepared in a query string that then failed is
still there, so an EXECUTE of an unknown statement or a PREPARE of a known one is answered by
correcting the record and trying once more (both fail before anything else in the string runs).

Row-level security is unaffected: the policies read the tenant binding when the plan runs, and
the pool always connects as the same role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import psycopg2.errors

_PARAM = re.compile(r"%\((\w+)\)s")
_NAMES: dict[str, str] = {}  # name → SQL: two statements must never share a name on a connection


@dataclass(frozen=True, slots=True)
class Prepared:
    """A named statement: `sql` with `%(name)s` parameters, prepared with `$n` in their place."""

    name: str
    sql: str
    params: tuple[str, ...]
    body: str

    @classmethod
    def of(cls, name: str, sql: str) -> Prepared:
        """Number the named parameters in order of first appearance; a name serves one statement only."""
        if _NAMES.setdefault(name, sql) != sql:
            raise ValueError(f"prepared statement name {name!r} is already used by another statement")
        names: list[str] = []

        def number(match: re.Match) -> str:
            if match.group(1) not in names:
                names.append(match.group(1))
            return f"${names.index(match.group(1)) + 1}"

        body = _PARAM.sub(number, sql)
        return cls(name, sql, tuple(names), body)

    def execute_sql(self) -> str:
        """`EXECUTE name(%(a)s, …)` for psycopg2 to fill in."""
        args = ", ".join(f"%({n})s" for n in self.params)
        return f"EXECUTE {self.name}({args})" if args else f"EXECUTE {self.name}"


async def execute(conn, cur, statement: Prepared, before: str, params: dict) -> None:
    """Run `before` (e.g. the tenant binding) and then `statement` on `cur`, in one query string."""
    done: set[str] = _prepared_on(conn)
    for attempt in (1, 2):
        fresh = statement.name not in done
        done.add(statement.name)
        text = f"{before}; {statement.execute_sql()}"
        if fresh:
            text = f"PREPARE {statement.name} AS {statement.body}; {text}"
        try:
            await cur.execute(text, params)
            return
        except psycopg2.errors.DuplicatePreparedStatement:
            if attempt == 2:
                raise  # recorded as prepared now: the next attempt only executes
        except psycopg2.errors.InvalidSqlStatementName:
            done.discard(statement.name)
            if attempt == 2:
                raise


def _prepared_on(conn) -> set[str]:
    done = getattr(conn, "_pulsestage_prepared", None)
    if done is None:
        done = set()
        setattr(conn, "_pulsestage_prepared", done)  # noqa: B010
    return done
