"""Rows as plain dicts, built in C, and JSON columns parsed by orjson.

psycopg2's RealDictCursor builds each row in Python, one `__setitem__` per column (about 12 % of
the list endpoint's CPU under load); `dict(zip(names, row))` does the same work in C. The stdlib
JSON decoder for json/jsonb columns (tags, memberships, settings) is replaced by orjson.
"""

from __future__ import annotations

from typing import Any

import orjson
import psycopg2.extensions
import psycopg2.extras


class DictCursor(psycopg2.extensions.cursor):
    """A cursor whose fetch methods return plain dicts keyed by column name."""

    def _names(self) -> list[str]:
        return [column.name for column in self.description or ()]

    def fetchone(self) -> dict[str, Any] | None:  # type: ignore[override]
        row = super().fetchone()
        return None if row is None else dict(zip(self._names(), row, strict=True))

    def fetchmany(self, size: int | None = None) -> list[dict[str, Any]]:  # type: ignore[override]
        names = self._names()
        rows = super().fetchmany(size) if size is not None else super().fetchmany()
        return [dict(zip(names, row, strict=True)) for row in rows]

    def fetchall(self) -> list[dict[str, Any]]:  # type: ignore[override]
        names = self._names()
        return [dict(zip(names, row, strict=True)) for row in super().fetchall()]

    def __iter__(self):
        names = self._names()
        for row in super().__iter__():
            yield dict(zip(names, row, strict=True))


def use_orjson_for_json_columns() -> None:
    """Parse json and jsonb columns with orjson, process-wide (idempotent)."""
    psycopg2.extras.register_default_json(globally=True, loads=orjson.loads)
    psycopg2.extras.register_default_jsonb(globally=True, loads=orjson.loads)
