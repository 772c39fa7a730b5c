"""CSV user import: a preview that writes nothing, and a commit that writes every row or none."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import aiopg

from pulsestage.admin import audit
from pulsestage.admin.audit import Actor, Entry
from pulsestage.auth.identity import SessionUser
from pulsestage.db.tenancy import tenant_tx
from pulsestage.errors import FieldError, Invalid
from pulsestage.users import admin_queries as queries
from pulsestage.users.csv_import import Context, Row, judge, parse, summary

log = logging.getLogger("pulsestage.users")


async def _judge(cur, tenant_id: str, caller: SessionUser, rows: list[Row]) -> list[Row]:
    teams, users = await queries.select_import_context(cur, tenant_id, sorted({r.email for r in rows}))
    ctx = Context(teams=teams, users=users, caller_email=caller.email, caller_is_owner=caller.can("owner.grant"))
    return judge(rows, ctx)


def _problems(rows: list[Row]) -> list[dict[str, Any]]:
    return [p for r in rows for p in r.problems]


async def preview(pool: aiopg.Pool, tenant_id: str, caller: SessionUser, text: str) -> dict[str, Any]:
    """Every row judged, every problem listed with line, field and reason; nothing written."""
    rows = parse(text)
    async with tenant_tx(pool, tenant_id) as cur:
        rows = await _judge(cur, tenant_id, caller, rows)
    return {"dryRun": True, "summary": summary(rows), "results": [r.as_json() for r in rows],
            "problems": _problems(rows)}


async def commit(pool: aiopg.Pool, tenant_id: str, caller: SessionUser, actor: Actor, text: str) -> dict[str, Any]:
    """Write all rows in one transaction, or none: any bad row refuses the whole file (400)."""
    rows = parse(text)
    async with tenant_tx(pool, tenant_id) as cur:
        await queries.lock_imports(cur, tenant_id)
        rows = await _judge(cur, tenant_id, caller, rows)  # judged again under the lock: data may have moved
        teams = await queries.team_names(cur, tenant_id)
        problems = _problems(rows)
        if problems:
            bad = len({p["line"] for p in problems})
            raise Invalid([FieldError(f"line {p['line']}: {p['field']}", "csv_row", p["reason"]) for p in problems],
                          message=f"{bad} row(s) have problems; nothing was imported",
                          extra={"problems": problems, "summary": summary(rows)})
        imported = []
        for row in rows:
            if row.action == "skip":
                continue
            await _write(cur, tenant_id, actor, row)
            imported.append({**row.as_json(), "userId": row.user_id, "status": "success",
                             "homeTeamName": teams.get(row.home_team_id or "")})
    created = sum(r["action"] == "create" for r in imported)
    return {"dryRun": False,
            "summary": {"total": len(rows), "imported": len(imported), "created": created,
                        "updated": len(imported) - created, "skipped": len(rows) - len(imported), "failed": 0},
            "imported": imported, "failed": []}


async def _write(cur, tenant_id: str, actor: Actor, row: Row) -> None:
    params = {"tenant_id": tenant_id, "id": row.user_id or str(uuid.uuid4()), "email": row.email,
              "name": row.name, "team_id": row.home_team_id, "role": row.role,
              "membership_id": str(uuid.uuid4()), "pref_id": str(uuid.uuid4())}
    after = {"email": row.email, "name": row.name, "homeTeam": row.home_team, "role": row.role}
    if row.action == "create":
        await queries.create_user(cur, params)
        row.user_id = params["id"]
        await audit.record(cur, tenant_id, actor, Entry("user.create", "user", row.user_id, after=after,
                                                        metadata={"importedVia": "csv", "line": row.line}))
    else:
        await queries.update_user(cur, params)
        await audit.record(cur, tenant_id, actor, Entry("user.update", "user", row.user_id, after=after,
                                                        metadata={"importedVia": "csv", "line": row.line}))


async def welcome(mailer, tenant_id: str, result: dict[str, Any]) -> int:
    """Queue a welcome e-mail for every person the import created (after the commit; best effort)."""
    if mailer is None:
        return 0
    queued = 0
    for row in result["imported"]:
        if row["action"] != "create":
            continue
        try:
            await mailer.send(tenant_id=tenant_id, template="welcome", to=row["email"],
                              context={"user_name": row["name"], "home_team_name": row["homeTeamName"]},
                              idempotency_key=f"welcome:{row['userId']}")
            queued += 1
        except Exception as exc:  # the people exist; a missing welcome is logged, not an error
            log.warning("welcome e-mail not queued", extra={"error": type(exc).__name__})
    return queued
