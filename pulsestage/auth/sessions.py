"""Session storage: a real in-memory store with expiry (dev) or Redis (prod, or whenever set)."""

from __future__ import annotations

import json
import logging
import secrets
import time
from typing import Any

from aiohttp import web
from aiohttp_session import AbstractStorage, Session
from aiohttp_session.redis_storage import RedisStorage
from redis.exceptions import RedisError

from pulsestage.config import Config
from pulsestage.errors import DependencyDown

log = logging.getLogger("pulsestage.auth")

SESSION_PREFIX = "pulsestage_session"


class MemoryStorage(AbstractStorage):
    """Server-side sessions kept in this process, expired by their max age."""

    def __init__(self, *, cookie_name: str, max_age: int, secure: bool) -> None:
        super().__init__(cookie_name=cookie_name, max_age=max_age, httponly=True, samesite="Lax", secure=secure)
        self._data: dict[str, tuple[float, str]] = {}

    def __len__(self) -> int:
        self._sweep()
        return len(self._data)

    def _sweep(self) -> None:
        now = time.monotonic()
        for key in [k for k, (expires, _) in self._data.items() if expires < now]:
            del self._data[key]

    async def forget(self, identity: str) -> None:
        """Drop one stored session."""
        self._data.pop(str(identity), None)

    def clear(self) -> None:
        """Forget every session (all users are signed out)."""
        self._data.clear()

    async def load_session(self, request: web.Request) -> Session:
        """Load the session named by the cookie, or a new empty one."""
        key = self.load_cookie(request)
        entry = self._data.get(str(key)) if key else None
        if entry is None or entry[0] < time.monotonic():
            return Session(None, data=None, new=True, max_age=self.max_age)
        return Session(key, data=json.loads(entry[1]), new=False, max_age=self.max_age)

    async def save_session(self, request: web.Request, response: web.StreamResponse, session: Session) -> None:
        """Store the session and set (or clear) its cookie."""
        key = session.identity
        if session.empty:
            if key is not None:
                self._data.pop(str(key), None)
            self.save_cookie(response, "", max_age=session.max_age)
            return
        if key is None:
            key = secrets.token_urlsafe(32)
            self._sweep()
        max_age = session.max_age or self.max_age or 0
        self._data[str(key)] = (time.monotonic() + max_age, json.dumps(self._get_session_data(session)))
        self.save_cookie(response, str(key), max_age=session.max_age)


class SafeRedisStorage(RedisStorage):
    """Redis sessions that fail closed: with Redis down a request is simply not signed in (401),
    and cleared sessions are deleted rather than stored empty."""

    async def load_session(self, request: web.Request) -> Session:
        """The stored session, or a new empty one when Redis cannot be read."""
        try:
            return await super().load_session(request)
        except RedisError:
            log.warning("session store unavailable; treating the request as signed out")
            return Session(None, data=None, new=True, max_age=self.max_age)

    async def forget(self, identity: str) -> None:
        """Drop one stored session."""
        await self._redis.delete(f"{self.cookie_name}_{identity}")

    async def save_session(self, request: web.Request, response: web.StreamResponse, session: Session) -> None:
        """Delete emptied sessions; otherwise behave as RedisStorage (503 when Redis is down)."""
        try:
            if session.empty:
                if session.identity is not None:
                    await self._redis.delete(f"{self.cookie_name}_{session.identity}")
                self.save_cookie(response, "", max_age=session.max_age)
                return
            await super().save_session(request, response, session)
        except RedisError as exc:
            raise DependencyDown("The session store is unavailable; try again shortly.") from exc


def make_storage(config: Config, redis: Any | None) -> AbstractStorage:
    """Pick the session store the profile asks for."""
    secure = config.profile == "prod" or config.server.public_url.startswith("https://")
    max_age = config.session.max_age_hours * 3600
    if redis is not None:
        return SafeRedisStorage(
            redis, cookie_name=config.session.cookie_name, max_age=max_age, httponly=True,
            samesite="Lax", secure=secure, key_factory=lambda: secrets.token_urlsafe(32),
        )
    return MemoryStorage(cookie_name=config.session.cookie_name, max_age=max_age, secure=secure)
