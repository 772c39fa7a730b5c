"""Anonymity: no payload, export, live event or log line names a question's author to anyone else.

Moderators and admins look everywhere a question can appear while the authors (alice and bob)
ask, edit and delete; their ids and e-mails must never show up. With attributed questions on, a
named author appears as `{id, name}` — and still never with an e-mail.
"""

from __future__ import annotations

import json
import logging

import pytest

from pulsestage import jsonlog
from tests.integration.qa.support import Session, open_stream, questions, set_setting, tag_id, user_id


class Lines(logging.Handler):
    """Every log line, formatted as the server writes it."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(jsonlog.JsonFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def log_lines():
    handler, root = Lines(), logging.getLogger()
    old = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler.lines
    root.removeHandler(handler)
    root.setLevel(old)


def secrets_of(dsn: str, *names: str) -> list[str]:
    """What would identify these users: their ids and e-mail addresses."""
    return [v for n in names for v in (user_id(dsn, n), f"{n}@pulsestage.app")]


def question_payloads(value):
    """Every dict in a JSON value that looks like a question."""
    if isinstance(value, dict):
        if "body" in value and "upvotes" in value:
            yield value
        for v in value.values():
            yield from question_payloads(v)
    elif isinstance(value, list):
        for v in value:
            yield from question_payloads(v)


async def test_nobody_else_ever_sees_the_author(client, database, peers, log_lines):
    admin = await Session(client, "admin").start()
    mod_client = await peers()
    mod = await Session(mod_client, "moderator").start()
    alice = await Session(await peers(), "alice").start()
    bob = await Session(await peers(), "bob").start()
    admin_stream = await open_stream(client)
    mod_stream = await open_stream(mod_client)

    seen: list[tuple[str, object]] = []

    async def look(session, method, path, body=None, **kw):
        status, payload = await session.call(method, path, body, **kw)
        assert status < 400, (path, status, payload)
        seen.append((f"{session.user} {method} {path}", payload))
        return payload

    # the authors act: ask (clean and held for review), edit, delete
    asked = await look(alice, "POST", "/api/questions", {"body": "When will we get the new laptops for the team?"})
    assert asked["isMine"] is True and "authorId" not in asked
    held = await look(bob, "POST", "/api/questions", {"body": "WHY DO WE STILL NOT HAVE A PLAN FOR ONCALL"})
    assert held["status"] == "UNDER_REVIEW"
    await look(alice, "PATCH", f"/api/questions/{asked['id']}", {"body": "When will we get the new laptops, roughly?"})
    doomed = await look(bob, "POST", "/api/questions", {"body": "Is the parking garage closing next month?"})
    await look(bob, "DELETE", f"/api/questions/{doomed['id']}")

    # moderators and admins look at every place a question appears, and act on them
    eng = [q["id"] for q in questions(database, team="engineering")]
    for session in (admin, mod):
        for status in ("open", "answered", "all"):
            await look(session, "GET", "/api/questions", params={"status": status, "pageSize": "100"})
        await look(session, "GET", "/api/questions/search", params={"q": "database"})
        await look(session, "GET", "/api/questions", params={"search": "laptops", "status": "all"})
        await look(session, "GET", "/api/admin/moderation/review-queue")
        await look(session, "GET", "/api/admin/moderation-queue", params={"limit": "500"})
        for question_id in eng:
            await look(session, "GET", f"/api/questions/{question_id}")
    await look(mod, "POST", f"/api/questions/{asked['id']}/upvote")
    await look(mod, "POST", f"/api/questions/{asked['id']}/respond", {"response": "Next month."})
    await look(mod, "POST", f"/api/questions/{asked['id']}/pin")
    await look(mod, "POST", f"/api/questions/{asked['id']}/tags", {"tagId": tag_id(database, "Process")})
    await look(mod, "POST", f"/api/admin/moderation/approve/{held['id']}")
    await look(admin, "POST", "/api/admin/bulk-action", {"questionIds": eng[:3], "action": "freeze"})
    await look(admin, "POST", "/api/presentation/start", {"teamId": None})
    await look(admin, "POST", "/api/presentation/current", {"questionId": asked["id"]})
    await look(admin, "GET", "/api/admin/audit", params={"limit": "500"})
    await look(admin, "GET", "/api/admin/audit/export", params={"format": "json"})
    await look(admin, "GET", "/api/admin/audit/export", params={"format": "csv"})

    frames = await admin_stream.drain() + await mod_stream.drain()
    assert {"question:created", "question:updated", "question:deleted", "question:answered", "question:pinned",
            "question:tagged", "question:approved", "question:upvoted", "question:frozen",
            "presentation:changed"} <= {f.type for f in frames}
    seen += [(f"event {f.type}", f.raw) for f in frames]
    seen += [("log", line) for line in log_lines]

    forbidden = secrets_of(database, "alice", "bob")
    for where, payload in seen:
        text = payload if isinstance(payload, str) else json.dumps(payload)
        for secret in forbidden:
            assert secret not in text, f"{secret} appears in {where}"
        parsed = payload if not isinstance(payload, str) else _json_or_none(payload)
        for question in question_payloads(parsed):
            assert "authorId" not in question and "author" not in question, where
    assert len(seen) > 100


def _json_or_none(text: str):
    try:
        value = json.loads(text.split("data: ", 1)[1]) if text.startswith("id:") else json.loads(text)
    except (ValueError, IndexError):
        return None
    return value


async def test_attributed_questions_name_the_author_without_the_email(client, database, peers):
    set_setting(database, ["features", "attributedQuestions"], True)
    alice = await Session(await peers(), "alice").start()
    admin = await Session(client, "admin").start()
    stream = await open_stream(client)
    status, named = await alice.call("POST", "/api/questions", {"body": "Can I present our team demo on Friday?",
                                                                "isAnonymous": False})
    assert status == 201
    status, hidden = await alice.call("POST", "/api/questions", {"body": "Is the reorganisation really final?"})
    assert status == 201
    status, seen = await admin.call("GET", f"/api/questions/{named['id']}")
    assert seen["authorId"] == user_id(database, "alice")
    assert seen["author"] == {"id": user_id(database, "alice"), "name": "Alice (Demo User)"}
    status, other = await admin.call("GET", f"/api/questions/{hidden['id']}")
    assert "author" not in other and "authorId" not in other
    frames = await stream.drain()
    created = [f for f in frames if f.type == "question:created"]
    assert created[0].data["data"]["author"]["name"] == "Alice (Demo User)"
    assert "author" not in created[1].data["data"]
    assert all("alice@pulsestage.app" not in f.raw for f in frames)
    assert "alice@pulsestage.app" not in json.dumps(seen)


async def test_the_author_is_not_in_the_audit_trail_of_their_own_actions(client, database):
    alice = await Session(client, "alice").start()
    status, asked = await alice.call("POST", "/api/questions", {"body": "Could we get a second coffee machine?"})
    await alice.call("PATCH", f"/api/questions/{asked['id']}", {"body": "Could we get a second coffee machine soon?"})
    await alice.call("DELETE", f"/api/questions/{asked['id']}")
    await alice.call("POST", "/api/questions", {"body": "What the fuck is going on with payroll?"})
    await alice.call("POST", "/api/questions", {"body": "WHAT IS GOING ON WITH THE PAYROLL DATES"})
    from tests.integration.qa.support import audit_rows

    rows = [r for r in audit_rows(database) if r["action"].startswith("question")]
    assert [r["action"] for r in rows] == ["question.create", "question.update", "question.delete",
                                           "question.moderation.flagged", "question.moderation.under_review"]
    for row in rows:
        assert row["user_id"] is None and row["ip_address"] is None and row["user_agent"] is None
        assert user_id(database, "alice") not in json.dumps(row, default=str)
