"""The bare-stack limit: aiohttp + aiopg + orjson doing the same database work as PulseStage, and nothing else.

No middleware, no session, no tenant lookup, no CSRF, no RLS binding, no validation, no logging,
no business rule: each handler runs the very SQL the real server runs for that endpoint (imported
from the Q&A and pulse query modules, so the two cannot drift) and answers with orjson. The
ratio real / bare is therefore what PulseStage's own layers cost. The process is set up as the
server's is: the same garbage-collector settings after start-up (ops/gc_policy) and the same
listen queue (server.listen_backlog's default), so neither difference shows up in the ratio.

Run: `python -m bench.bare_app` with DATABASE_URL, PORT, BARE_TENANT, BARE_VIEWER, BARE_TEAMS
(comma-separated) and optionally BARE_POOL_MAX (default 10, as the real pool) and
BARE_SSE=queue|direct.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import time
import uuid

import aiopg
import orjson
from aiohttp import web

from pulsestage.config.schema import ServerConfig
from pulsestage.ops import gc_policy
from pulsestage.qa import questions_queries as qq
from pulsestage.qa import search
from pulsestage.qa import upvotes_queries as uq

POOL: web.AppKey[aiopg.Pool] = web.AppKey("POOL", aiopg.Pool)
CLIENTS: web.AppKey[set] = web.AppKey("CLIENTS", set)
ENV: web.AppKey[dict] = web.AppKey("ENV", dict)
SUMMARY_SQL = ("RESPONSE_CELLS", "COMMENTS", "SENT_CELLS")


def _json(rows) -> web.Response:
    return web.Response(body=orjson.dumps(rows), content_type="application/json")


async def _rows(cur, sql: str, params: dict) -> list[dict]:
    await cur.execute(sql, params)
    names = [c.name for c in cur.description]
    return [dict(zip(names, row, strict=True)) for row in await cur.fetchall()]


def _list_query(request: web.Request, search_text: str | None = None, page_size: int = 50) -> search.ListQuery:
    env = request.app[ENV]
    return search.ListQuery(tenant_id=env["tenant"], viewer_id=env["viewer"], attributed=False,
                            team_ids=env["teams"], search=search_text,
                            sort="relevance" if search_text else "top", page_size=page_size)


async def list_questions(request: web.Request) -> web.Response:
    """The page query of GET /api/questions (50 rows with team, tags and my-upvote flag)."""
    page, _count, params = search.build(_list_query(request))
    async with request.app[POOL].acquire() as conn, conn.cursor() as cur:
        return _json(await _rows(cur, page, params))


async def search_questions(request: web.Request) -> web.Response:
    """The ranked search query of GET /api/questions?search=..."""
    page, _count, params = search.build(_list_query(request, request.query.get("q", ""), 20))
    async with request.app[POOL].acquire() as conn, conn.cursor() as cur:
        return _json(await _rows(cur, page, params))


async def upvote(request: web.Request) -> web.Response:
    """Lock the question, insert the upvote, move the counter, read the row back: one transaction."""
    env = request.app[ENV]
    params = {"tenant_id": env["tenant"], "question_id": request.match_info["qid"],
              "user_id": request.match_info["uid"], "id": str(uuid.uuid4())}
    async with request.app[POOL].acquire() as conn, conn.cursor() as cur:
        await cur.execute("BEGIN")
        await cur.execute(qq.LOCK_QUESTION, params)
        await cur.fetchone()
        await cur.execute(uq.INSERT_UPVOTE, params)
        changed = await cur.fetchone() is not None
        if changed:
            await cur.execute(uq.ADD_TO_COUNT, {**params, "delta": 1})
        rows = await _rows(cur, qq.SELECT_QUESTION, {**params, "viewer_id": params["user_id"], "attributed": False})
        await cur.execute("COMMIT")
    return _json(rows[0]) if changed else web.Response(status=409)


async def submit(request: web.Request) -> web.Response:
    """Insert the question (the search-vector trigger runs) and read it back."""
    env = request.app[ENV]
    body = orjson.loads(await request.read())
    params = {"id": str(uuid.uuid4()), "tenant_id": env["tenant"], "body": body["body"], "status": "OPEN",
              "team_id": body.get("teamId"), "author_id": request.match_info["uid"], "is_anonymous": True,
              "reasons": [], "confidence": None, "providers": [], "viewer_id": request.match_info["uid"],
              "attributed": False, "question_id": None}
    params["question_id"] = params["id"]
    async with request.app[POOL].acquire() as conn, conn.cursor() as cur:
        await cur.execute("BEGIN")
        await cur.execute(qq.INSERT_QUESTION, params)
        rows = await _rows(cur, qq.SELECT_QUESTION, params)
        await cur.execute("COMMIT")
    return web.Response(body=orjson.dumps(rows[0]), status=201, content_type="application/json")


async def summary(request: web.Request) -> web.Response:
    """The three aggregate queries of the pulse summary, returned as they come."""
    from pulsestage.pulse import invite_queries as iq

    today = dt.date.today()
    since = today - dt.timedelta(weeks=12, days=today.weekday())
    params = {"t": request.app[ENV]["tenant"], "since": since, "until": today}
    async with request.app[POOL].acquire() as conn, conn.cursor() as cur:
        out = [await _rows(cur, getattr(iq, name), params) for name in SUMMARY_SQL]
    return _json(out)


async def events(request: web.Request) -> web.StreamResponse:
    """A bare SSE stream: a bounded queue per client (or direct writes), no filter, no replay."""
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"})
    await response.prepare(request)
    await response.write(b"retry: 3000\n\n")
    queue: asyncio.Queue = asyncio.Queue(maxsize=256)
    client = (response, queue)
    request.app[CLIENTS].add(client)
    try:
        while True:
            frame = await queue.get()
            await response.write(frame)
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        request.app[CLIENTS].discard(client)
    return response


async def publish(request: web.Request) -> web.Response:
    """Send one event to every stream (timestamped for delivery latency)."""
    stamp = int(time.time() * 1000)
    frame = b"id: %d\ndata: %s\n\n" % (stamp, orjson.dumps({"type": "bench", "timestamp": stamp}))
    direct = request.app[ENV]["sse"] == "direct"
    for response, queue in list(request.app[CLIENTS]):
        if direct:
            await response.write(frame)
        elif not queue.full():
            queue.put_nowait(frame)
    return _json({"clients": len(request.app[CLIENTS])})


async def ready(request: web.Request) -> web.Response:
    """200 once the pool is open."""
    return _json({"status": "ok"})


async def settle(app: web.Application) -> None:
    """After start-up, the server's garbage-collector settings."""
    gc_policy.settle(ServerConfig().gc_tuning)


async def pool_context(app: web.Application):
    """The aiopg pool (superuser connection: no role switch, no RLS)."""
    app[POOL] = await aiopg.create_pool(os.environ["DATABASE_URL"], minsize=1,
                                        maxsize=int(os.environ.get("BARE_POOL_MAX", "10")))
    yield
    app[POOL].close()
    await app[POOL].wait_closed()


def create_app() -> web.Application:
    """The bare app."""
    app = web.Application()
    app[ENV] = {"tenant": os.environ.get("BARE_TENANT", ""), "viewer": os.environ.get("BARE_VIEWER") or None,
                  "teams": [t for t in os.environ.get("BARE_TEAMS", "").split(",") if t] or None,
                  "sse": os.environ.get("BARE_SSE", "queue")}
    app[CLIENTS] = set()
    app.cleanup_ctx.append(pool_context)
    app.on_startup.append(settle)  # runs after the cleanup contexts' start-up
    app.router.add_get("/health/ready", ready)
    app.router.add_get("/bare/questions", list_questions)
    app.router.add_get("/bare/search", search_questions)
    app.router.add_post("/bare/questions/{qid}/upvote/{uid}", upvote)
    app.router.add_post("/bare/questions/{uid}", submit)
    app.router.add_get("/bare/pulse/summary", summary)
    app.router.add_get("/bare/events", events)
    app.router.add_post("/bare/publish", publish)
    return app


if __name__ == "__main__":
    web.run_app(create_app(), host="127.0.0.1", port=int(os.environ["PORT"]), access_log=None, print=None,
                backlog=ServerConfig().listen_backlog)
