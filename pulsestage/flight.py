"""Single-flight reads: callers asking the same question at the same time share one answer.

A reconnect storm opens thousands of streams with the same cursor; each would read the same replay
from Redis. Likewise, when the tenant directory's entry expires in the middle of a storm, every
request in flight would look the tenant up at once. Here they share the read that is in flight,
and nothing outlives it (no cache). A caller
may need a read that started late enough (after its subscription, see EventBus.replay): it names
that moment as `not_before` and joins only a read started at or after it, else it starts a new one.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine, Hashable
from typing import Any, Generic, TypeVar

T = TypeVar("T")
_Flight = tuple[int, asyncio.Task[Any]]


class Flights(Generic[T]):
    """In-flight reads by key, each stamped with the moment (a caller's counter) it started."""

    def __init__(self) -> None:
        self._flying: dict[Hashable, _Flight] = {}

    def __len__(self) -> int:
        return len(self._flying)

    async def join(self, key: Hashable, read: Callable[[], Coroutine[Any, Any, T]], *,
                   now: int = 0, not_before: int = 0) -> T:
        """The result of `read()`, shared with every concurrent caller of the same key.

        An error reaches every waiter. A waiter that is cancelled leaves the read running for the
        others (shield).
        """
        flight = self._flying.get(key)
        if flight is None or flight[0] < not_before:
            flight = (now, asyncio.create_task(read()))
            self._flying[key] = flight  # a newer read replaces an older one for later callers
            flight[1].add_done_callback(functools.partial(self._land, key, flight))
        return await asyncio.shield(flight[1])

    def _land(self, key: Hashable, flight: _Flight, task: asyncio.Task[Any]) -> None:
        if self._flying.get(key) is flight:
            del self._flying[key]
        if not task.cancelled():
            task.exception()  # marked as retrieved: the waiters re-raise it, and all may be gone
