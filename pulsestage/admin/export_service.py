"""Question exports: the filters, a preview (count and first rows), and a streamed download."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import aiopg

from pulsestage.admin import audit
from pulsestage.admin import export_queries as queries
from pulsestage.admin.audit import Actor, Entry
from pulsestage.admin.export_format import question_json
from pulsestage.db.tenancy import tenant_tx

BATCH = 500


@dataclass(frozen=True, slots=True)
class ExportFilters:
    """The question-list filters an export honours (None = no filter)."""

    team_id: str | None = None
    statuses: list[str] | None = None
    start: datetime | None = None
    end: datetime | None = None  # exclusive
    min_upvotes: int | None = None
    max_upvotes: int | None = None
    tag_ids: list[str] | None = None
    has_response: bool | None = None

    def params(self, tenant_id: str) -> dict[str, Any]:
        """SQL parameters."""
        return {"tenant_id": tenant_id, **asdict(self)}


async def preview(pool: aiopg.Pool, tenant_id: str, filters: ExportFilters, limit: int) -> dict[str, Any]:
    """How many questions match, and the first `limit` of them."""
    params = filters.params(tenant_id)
    async with tenant_tx(pool, tenant_id) as cur:
        total = await queries.count_questions(cur, params)
        rows = await queries.select_questions(cur, params, limit)
    return {"count": len(rows), "total": total, "preview": [question_json(r) for r in rows]}


@contextlib.asynccontextmanager
async def batches(pool: aiopg.Pool, tenant_id: str, actor: Actor, filters: ExportFilters,
                  fmt: str) -> AsyncIterator[AsyncIterator[list[dict[str, Any]]]]:
    """Every matching question in batches, read inside one transaction (no whole-table buffer).

    The download is recorded in the audit trail in a transaction of its own first, so the record
    exists even if the client goes away mid-stream.
    """
    async with tenant_tx(pool, tenant_id) as cur:
        await audit.record(cur, tenant_id, actor, Entry(
            "questions.export", "Question", "multiple", metadata={"format": fmt, "filters": _plain(filters)}))
    async with tenant_tx(pool, tenant_id) as cur:
        yield queries.stream_questions(cur, filters.params(tenant_id), BATCH)


def _plain(filters: ExportFilters) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in asdict(filters).items() if v is not None}
