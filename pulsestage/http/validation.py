"""Body and query parsing that reports every failing field at once."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, Literal, overload

import orjson
from aiohttp import web

from pulsestage.errors import FieldError, Invalid


async def json_body(request: web.Request) -> dict[str, Any]:
    """Parse a JSON object body; malformed JSON or a non-object is a 400 naming `body`."""
    raw = await request.read()
    if not raw:
        return {}
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise Invalid(FieldError("body", "json", f"The body is not valid JSON: {exc.msg}")) from exc
    if not isinstance(data, dict):
        raise Invalid(FieldError("body", "object", "The body must be a JSON object"))
    if b"\\u0000" in raw and _has_nul(data):
        # PostgreSQL text cannot hold NUL; refuse it here, naming the rule, before anything runs
        raise Invalid(FieldError("body", "no_nul", "Text may not contain NUL characters"))
    return data


async def form_body(request: web.Request) -> dict[str, Any]:
    """Parse a form body; a malformed one (e.g. multipart without a boundary) is a 400, not a 500."""
    try:
        return dict(await request.post())
    except (ValueError, AssertionError, KeyError) as exc:
        raise Invalid(FieldError("body", "form", "The form body could not be read")) from exc


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class Checker:
    """Collects field errors while reading values, then raises them all together."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.errors: list[FieldError] = []

    def fail(self, field: str, rule: str, message: str) -> None:
        """Record one failure."""
        self.errors.append(FieldError(field, rule, message))

    def done(self) -> None:
        """Raise Invalid if anything failed."""
        if self.errors:
            raise Invalid(self.errors)

    @overload
    def string(self, field: str, *, required: Literal[True] = True, min_len: int = 0, max_len: int | None = None,
               pattern: str | None = None, strip: bool = True, default: str | None = None) -> str: ...

    @overload
    def string(self, field: str, *, required: Literal[False], min_len: int = 0, max_len: int | None = None,
               pattern: str | None = None, strip: bool = True, default: str | None = None) -> str | None: ...

    def string(self, field: str, *, required: bool = True, min_len: int = 0, max_len: int | None = None,
               pattern: str | None = None, strip: bool = True, default: str | None = None) -> str | None:
        """A string field with length and pattern rules (a failed required field reads as "")."""
        value = self.data.get(field)
        fallback = default if default is not None or not required else ""
        if value is None:
            if required:
                self.fail(field, "required", f"{field} is required")
            return fallback
        if not isinstance(value, str):
            self.fail(field, "type", f"{field} must be a string")
            return fallback
        if strip:
            value = value.strip()
        if len(value) < min_len:
            self.fail(field, "min_length", f"{field} must be at least {min_len} characters")
        elif max_len is not None and len(value) > max_len:
            self.fail(field, "max_length", f"{field} must be at most {max_len} characters")
        elif pattern and not re.fullmatch(pattern, value):
            self.fail(field, "pattern", f"{field} has an invalid format")
        return value

    def boolean(self, field: str, *, required: bool = False, default: bool | None = None) -> bool | None:
        """A JSON boolean."""
        value = self.data.get(field)
        if value is None:
            if required:
                self.fail(field, "required", f"{field} is required")
            return default
        if not isinstance(value, bool):
            self.fail(field, "type", f"{field} must be true or false")
            return default
        return value

    def integer(self, field: str, *, required: bool = False, minimum: int | None = None,
                maximum: int | None = None, default: int | None = None) -> int | None:
        """A JSON integer within bounds."""
        value = self.data.get(field)
        if value is None:
            if required:
                self.fail(field, "required", f"{field} is required")
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(field, "type", f"{field} must be a whole number")
            return default
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            self.fail(field, "range", f"{field} must be between {minimum} and {maximum}")
        return value

    @overload
    def choice(self, field: str, options: Iterable[str], *, required: Literal[True] = True,
               default: str | None = None) -> str: ...

    @overload
    def choice(self, field: str, options: Iterable[str], *, required: Literal[False],
               default: str) -> str: ...

    @overload
    def choice(self, field: str, options: Iterable[str], *, required: Literal[False],
               default: None = None) -> str | None: ...

    def choice(self, field: str, options: Iterable[str], *, required: bool = True,
               default: str | None = None) -> str | None:
        """One of a fixed set of strings (a failed required field reads as "")."""
        options = list(options)
        value = self.data.get(field)
        fallback = default if default is not None or not required else ""
        if value is None:
            if required:
                self.fail(field, "required", f"{field} is required")
            return fallback
        if value not in options:
            self.fail(field, "enum", f"{field} must be one of: {', '.join(options)}")
            return fallback
        return str(value)

    def string_list(self, field: str, *, required: bool = True, min_items: int = 0,
                    max_items: int = 1000, item: Callable[[str], bool] | None = None) -> list[str]:
        """A list of strings."""
        value = self.data.get(field)
        if value is None:
            if required:
                self.fail(field, "required", f"{field} is required")
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(field, "type", f"{field} must be a list of strings")
            return []
        if len(value) < min_items:
            self.fail(field, "min_items", f"{field} must have at least {min_items} item(s)")
        elif len(value) > max_items:
            self.fail(field, "max_items", f"{field} must have at most {max_items} items")
        elif item and not all(item(v) for v in value):
            self.fail(field, "item", f"{field} contains an invalid item")
        return value


def query_int(request: web.Request, name: str, default: int, minimum: int, maximum: int) -> int:
    """An integer query parameter within bounds (400 naming it otherwise)."""
    raw = request.query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise Invalid(FieldError(name, "type", f"{name} must be a whole number")) from None
    if not minimum <= value <= maximum:
        raise Invalid(FieldError(name, "range", f"{name} must be between {minimum} and {maximum}"))
    return value
