"""The audit trail: append-only rows (the database refuses UPDATE and DELETE)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from psycopg2.extras import Json

INSERT_AUDIT = """
INSERT INTO audit_log (id, tenant_id, user_id, action, entity_type, entity_id, before, after,
                       ip_address, user_agent, metadata)
VALUES (%(id)s, %(tenant_id)s, %(user_id)s, %(action)s, %(entity_type)s, %(entity_id)s, %(before)s,
        %(after)s, %(ip_address)s, %(user_agent)s, %(metadata)s)
"""


@dataclass(frozen=True, slots=True)
class Actor:
    """Who did it and from where (user None = system or anonymous)."""

    user_id: str | None
    ip_address: str | None = None
    user_agent: str | None = None


SYSTEM = Actor(None)


@dataclass(frozen=True, slots=True)
class Entry:
    """One audit event."""

    action: str
    entity_type: str
    entity_id: str | None = None
    before: Any = None
    after: Any = None
    metadata: dict[str, Any] = field(default_factory=dict)


def _json(value: Any) -> Json | None:
    return None if value is None else Json(value, dumps=_dumps)


def _dumps(value: Any) -> str:
    from pulsestage.http.responses import dumps

    return dumps(value).decode()


async def record(cur, tenant_id: str, actor: Actor, entry: Entry) -> str:
    """Append one audit row inside the caller's transaction; returns its id."""
    sql, params = appending(tenant_id, actor, entry)
    await cur.execute(sql, params)
    return params["id"]


def appending(tenant_id: str, actor: Actor, entry: Entry) -> tuple[str, dict]:
    """`record` as (sql, params), to travel with other statements of its transaction."""
    metadata = {k: v for k, v in entry.metadata.items() if v is not None}
    return INSERT_AUDIT, {
        "id": str(uuid.uuid4()), "tenant_id": tenant_id, "user_id": actor.user_id, "action": entry.action,
        "entity_type": entry.entity_type, "entity_id": entry.entity_id, "before": _json(entry.before),
        "after": _json(entry.after), "ip_address": actor.ip_address, "user_agent": actor.user_agent,
        "metadata": _json(metadata or None),
    }
