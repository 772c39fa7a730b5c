"""JSON responses and the wire formats of timestamps."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import orjson
from aiohttp import web


def iso(value: dt.datetime | dt.date | None) -> str | None:
    """ISO-8601 UTC with milliseconds and Z, as spec/data-model.md prescribes."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat(timespec="milliseconds") + "Z"
    return value.isoformat()


def _default(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return iso(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def dumps(data: Any) -> bytes:
    """Serialise to JSON bytes (naive datetimes are UTC)."""
    return orjson.dumps(data, default=_default, option=orjson.OPT_PASSTHROUGH_DATETIME)


def json_ok(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """A JSON response."""
    return web.Response(body=dumps(data), status=status, content_type="application/json", headers=headers)


def json_created(data: Any) -> web.Response:
    """A 201 JSON response."""
    return json_ok(data, status=201)


@functools.lru_cache(maxsize=1024)
def camel(name: str) -> str:
    """snake_case → camelCase."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def camel_row(row: dict[str, Any], *, drop: tuple[str, ...] = ()) -> dict[str, Any]:
    """A database row with camelCase keys, minus the named columns."""
    return {camel(k): v for k, v in row.items() if k not in drop}
