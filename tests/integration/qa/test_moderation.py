"""Moderation of submissions: every tier, the optional remote filter (a fake on loopback), settings."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web

from tests.integration.qa.support import Session, audit_rows, config_with, questions, set_setting, sql


class FakeModeration:
    """An OpenAI-compatible moderation endpoint whose answer depends on a marker in the text."""

    def __init__(self) -> None:
        self.requests: list[tuple[dict, str]] = []

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.requests.append((body, request.headers.get("Authorization", "")))
        text = body["input"]
        if "marker-crash" in text:
            return web.json_response({"error": "boom"}, status=500)
        if "marker-slow" in text:
            await asyncio.sleep(1)
        if "marker-garbage" in text:
            return web.Response(text="not json")
        score = 0.95 if "marker-high" in text else 0.65 if "marker-medium" in text else 0.2
        flagged = "marker-" in text and "marker-clean" not in text
        return web.json_response({"results": [{
            "flagged": flagged,
            "categories": {"harassment": flagged, "violence": flagged and score > 0.9, "hate": False},
            "category_scores": {"harassment": score, "violence": score / 2, "hate": 0.01},
        }]})


@pytest.fixture
async def fake_moderation(aiohttp_server):
    fake = FakeModeration()
    app = web.Application()
    app.router.add_post("/v1/moderations", fake.handle)
    server = await aiohttp_server(app, host="127.0.0.1")
    fake.url = str(server.make_url("/v1/moderations"))
    return fake


async def test_clean_question_is_published(client, database):
    alice = await Session(client, "alice").start()
    status, body = await alice.call("POST", "/api/questions", {"body": "What is the plan for the Q3 offsite?"})
    assert status == 201 and body["status"] == "OPEN" and body["moderationReasons"] == []
    assert body["team"]["slug"] == "engineering"  # alice's primary team
    assert [r["action"] for r in audit_rows(database)] == ["question.create"]


async def test_high_confidence_is_refused_and_only_the_audit_row_stays(client, database):
    alice = await Session(client, "alice").start()
    before = len(questions(database))
    status, body = await alice.call("POST", "/api/questions", {"body": "Go kill yourself, management team"})
    assert status == 400
    assert body["error"] == "content_refused" and body["message"] == "Content does not meet community guidelines"
    assert body["reasons"] == ["Contains hate speech or harmful content"]
    assert body["fields"] == [{"field": "body", "rule": "moderation",
                               "message": "Content does not meet community guidelines"}]
    assert len(questions(database)) == before
    (row,) = audit_rows(database)
    assert row["action"] == "question.moderation.flagged" and row["entity_id"] is None
    assert row["metadata"]["moderationId"] == body["moderationId"]
    assert row["metadata"]["confidence"] == "high" and row["metadata"]["providers"] == ["local"]


async def test_medium_confidence_is_held_for_review(client, database, peers):
    bob = await Session(client, "bob").start()
    status, body = await bob.call("POST", "/api/questions", {"body": "WHY IS EVERY MEETING RUNNING LATE AGAIN"})
    assert status == 201 and body["status"] == "UNDER_REVIEW"
    assert body["message"].startswith("Your question is under review")
    assert body["moderationReasons"] == ["Excessive capitalization"] and body["moderationConfidence"] == "medium"
    (row,) = audit_rows(database)
    assert row["action"] == "question.moderation.under_review" and row["entity_id"] == body["id"]
    alice = await Session(await peers(), "alice").start()
    status, page = await alice.call("GET", "/api/questions", params={"status": "all", "team": "product"})
    assert body["id"] not in [q["id"] for q in page["questions"]]


REMOTE_CASES = [
    ("Please review this marker-high text now", 400, "content_refused", "high"),
    ("Please review this marker-medium text now", 201, "UNDER_REVIEW", "medium"),
    ("Please review this marker-low text now", 201, "UNDER_REVIEW", "low"),
    ("Please review this marker-clean text now", 201, "OPEN", None),
]


async def test_remote_filter_tiers(aiohttp_client, database, tmp_path, fake_moderation):
    from pulsestage.app import create_app

    config = config_with(database, tmp_path, OPENAI_API_KEY="sk-test", OPENAI_MODERATION_URL=fake_moderation.url)
    client = await aiohttp_client(create_app(config))
    alice = await Session(client, "alice").start()
    for text, status, code, confidence in REMOTE_CASES:
        got, body = await alice.call("POST", "/api/questions", {"body": text})
        assert got == status, body
        assert (body.get("error") if status == 400 else body["status"]) == code
        if code == "UNDER_REVIEW":
            assert body["moderationConfidence"] == confidence
            assert body["moderationProviders"] == ["local", "openai"]
            assert body["moderationReasons"] == ["Harassment detected"]
        if status == 400:
            assert body["reasons"] == ["Harassment detected", "Violent content detected"]
        sent, auth = fake_moderation.requests[-1]
        assert sent == {"input": text, "model": "text-moderation-latest"} and auth == "Bearer sk-test"


async def test_remote_failure_never_blocks(aiohttp_client, database, tmp_path, fake_moderation):
    from pulsestage.app import create_app

    for url, markers in [(fake_moderation.url, ("marker-crash", "marker-slow", "marker-garbage")),
                         ("http://127.0.0.1:9/v1/moderations", ("unreachable",))]:
        config = config_with(database, tmp_path, "[moderation]\ntimeout_seconds = 0.3\n",
                             OPENAI_API_KEY="sk-test", OPENAI_MODERATION_URL=url)
        client = await aiohttp_client(create_app(config))
        alice = await Session(client, "alice").start()
        for marker in markers:
            status, body = await alice.call("POST", "/api/questions", {"body": f"An ordinary question with {marker}"})
            assert status == 201 and body["status"] == "OPEN" and body["moderationProviders"] == [], marker


async def test_tenant_settings_apply(client, database):
    alice = await Session(client, "alice").start()
    status, body = await alice.call("POST", "/api/questions", {"body": "Too short"})
    assert status == 400 and body["fields"][0]["rule"] == "min_length"
    set_setting(database, ["questions", "maxLength"], 30)
    status, body = await alice.call("POST", "/api/questions", {"body": "This question is a little too long for it"})
    assert status == 400 and body["fields"][0] == {"field": "body", "rule": "max_length",
                                                   "message": "Question must not exceed 30 characters"}
    set_setting(database, ["features", "requireQuestionApproval"], True)
    status, body = await alice.call("POST", "/api/questions", {"body": "Lunch menu next week?", "teamId": "product"})
    assert status == 201 and body["status"] == "UNDER_REVIEW" and body["moderationReasons"] == []
    assert body["team"]["slug"] == "product"
    sql(database, "UPDATE team SET is_active = false WHERE slug = 'product'")
    status, body = await alice.call("POST", "/api/questions", {"body": "Lunch menu next week?", "teamId": "product"})
    assert status == 400 and body["fields"][0]["field"] == "teamId"
    status, body = await alice.call("POST", "/api/questions", {"teamId": 5})
    assert status == 400 and {f["field"] for f in body["fields"]} == {"body", "teamId"}


async def test_editing_is_moderated_again(client, database):
    alice = await Session(client, "alice").start()
    _, asked = await alice.call("POST", "/api/questions", {"body": "Can we get better monitors?"})
    status, body = await alice.call("PATCH", f"/api/questions/{asked['id']}", {"body": "Can we get better shit monitors?"})
    assert status == 400 and body["reasons"] == ["Contains profanity"]
    status, body = await alice.call("PATCH", f"/api/questions/{asked['id']}", {"body": "CAN WE GET BETTER MONITORS PLEASE"})
    assert status == 200 and body["status"] == "UNDER_REVIEW"
    assert [r["action"] for r in audit_rows(database)] == ["question.create", "question.moderation.flagged",
                                                          "question.update"]
