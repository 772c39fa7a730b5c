"""Small SQL helpers shared by the seed writers: bulk insert, tenant binding, clock."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from psycopg2 import sql
from psycopg2.extras import execute_values


@dataclass(frozen=True, slots=True)
class Clock:
    """One 'now' for a whole seed run, so every relative timestamp agrees."""

    now: datetime
    this_monday: date

    @classmethod
    def current(cls) -> Clock:
        """Now in UTC (naive, millisecond precision, like the timestamp(3) columns)."""
        now = datetime.now(UTC).replace(tzinfo=None)
        now = now.replace(microsecond=now.microsecond // 1000 * 1000)
        return cls(now, now.date() - timedelta(days=now.weekday()))

    def monday(self, weeks_back: int) -> date:
        """The Monday `weeks_back` weeks before this week's Monday."""
        return self.this_monday - timedelta(weeks=weeks_back)

    def at(self, day: date, hour: int = 0) -> datetime:
        """Midnight (or `hour`) of `day` as a naive UTC timestamp."""
        return datetime(day.year, day.month, day.day, hour)


def new_id() -> str:
    """A random UUID v4 as text (ids and pulse tokens)."""
    return str(uuid.uuid4())


def bind(cur, tenant_id: str) -> None:
    """Bind the open transaction to `tenant_id` for row-level security (until it ends)."""
    cur.execute("SELECT set_config('app.tenant_id', %s, true)", (tenant_id,))


def insert_rows(cur, table: str, columns: tuple[str, ...], rows: list[tuple],
                on_conflict: str = "ON CONFLICT DO NOTHING") -> int:
    """Insert `rows` in bulk; return how many were actually inserted (conflicts are skipped)."""
    if not rows:
        return 0
    query = sql.SQL("INSERT INTO {table} ({columns}) VALUES %s {conflict} RETURNING 1").format(
        table=sql.Identifier(table),
        columns=sql.SQL(", ").join(map(sql.Identifier, columns)),
        conflict=sql.SQL(on_conflict),
    )
    return len(execute_values(cur, query, rows, page_size=1000, fetch=True))


def id_map(cur, table: str, key: str, tenant_id: str) -> dict[str, str]:
    """`key` -> id for every row of `table` in the tenant."""
    query = sql.SQL("SELECT {key}, id FROM {table} WHERE tenant_id = %s").format(
        key=sql.Identifier(key), table=sql.Identifier(table))
    cur.execute(query, (tenant_id,))
    return dict(cur.fetchall())
