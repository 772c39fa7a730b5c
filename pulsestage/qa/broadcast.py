"""Live events of the Q&A area: which payload, and who may receive it.

A question under review is announced only to its author and the moderators of its team; every
other question event goes to the whole tenant. Payloads come from `broadcast_json`, which carries
nothing personal to any one viewer. Publish only after the transaction has committed.
"""

from __future__ import annotations

from typing import Any

from pulsestage.events.filters import Audience
from pulsestage.qa.serialize import broadcast_json


def audience_for(row: dict[str, Any]) -> Audience:
    """Everyone, unless the question is (or was, for a rejection) under review."""
    if row["status"] == "UNDER_REVIEW":
        return Audience.moderators(row["team_id"], row["author_id"])
    return Audience.everyone()


async def announce(bus, tenant_id: str, type_: str, row: dict[str, Any]) -> None:
    """Publish a question event with the full question payload."""
    if bus is not None:
        await bus.publish(tenant_id, type_, broadcast_json(row), audience_for(row))


async def announce_gone(bus, tenant_id: str, type_: str, row: dict[str, Any]) -> None:
    """Publish that a question left the list (deleted, rejected): only its id and team."""
    if bus is not None:
        await bus.publish(tenant_id, type_, {"id": row["id"], "questionId": row["id"], "teamId": row["team_id"]},
                          audience_for(row))
