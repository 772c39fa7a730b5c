"""Anonymity in the database and the API; admin CRUD and tenancy; my invites and history."""

from __future__ import annotations

from tests.integration.pulse.helpers import sql, trigger
from tests.support.cast import headers, sign_in


def test_response_rows_carry_no_person_and_no_time(database) -> None:
    columns = {r["column_name"]: r["data_type"] for r in sql(
        database, "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'pulse_response'")}
    assert set(columns) == {"id", "tenant_id", "team_id", "question_id", "score", "comment", "week_start"}
    assert columns["week_start"] == "date"
    invite = {r["column_name"] for r in sql(
        database, "SELECT column_name FROM information_schema.columns WHERE table_name = 'pulse_invite'")}
    assert not invite & {"completed_at", "updated_at", "responded_at", "response_id"}


async def test_threshold_comes_from_settings_and_subtraction_reveals_nothing(client, database) -> None:
    token = await sign_in(client, "alice")
    h = headers(token)
    plain = await (await client.get("/api/pulse/summary?range=12w", headers=h)).json()
    forced = await (await client.get("/api/pulse/summary?range=12w&threshold=1", headers=h)).json()
    assert forced == plain and plain["anonThreshold"] == 5
    teams = {t["slug"] for t in sql(database, "SELECT t.slug FROM team t JOIN tenant x ON x.id = t.tenant_id "
                                              "WHERE x.slug = 'default'")}
    views = {slug: await (await client.get(f"/api/pulse/summary?range=12w&team={slug}", headers=h)).json()
             for slug in teams}
    shown = 0
    for qi, question in enumerate(plain["questions"]):
        for wi, total in enumerate(question["trend"]):
            for cell in [total] + [views[s]["questions"][qi]["trend"][wi] for s in teams]:
                assert cell["insufficient"] or cell["responseCount"] >= 5
            if total["insufficient"]:
                continue
            visible = sum(v["questions"][qi]["trend"][wi]["responseCount"] or 0 for v in views.values())
            residual = total["responseCount"] - visible
            assert residual == 0 or residual >= 5  # the attacker's subtraction finds no small group
            shown += 1
    assert shown > 0  # the seeded 12 weeks do show trends
    trend = plain["summary"]["overallTrend"]
    assert len(trend) == 12 and trend[-1]["weekStart"] == plain["weeks"][-1]  # the current week is a bucket
    assert all(t["participation"] is None or 0 <= t["participation"] <= 100 for t in trend)
    assert all("nps" in t for t in trend)  # NPS kept apart from the Likert average
    assert (await client.get("/api/pulse/summary?team=nope", headers=h)).status == 404


async def test_question_crud_deactivates_asked_questions(client) -> None:
    token = await sign_in(client, "admin")
    h = headers(token)
    created = await client.post("/api/admin/pulse/questions", json={"text": "How rested are you?",
                                                                    "scale": "LIKERT_1_5", "category": "wellbeing"},
                                headers=h)
    assert created.status == 201
    qid = (await created.json())["question"]["id"]
    bad = await client.post("/api/admin/pulse/questions", json={"scale": "STARS"}, headers=h)
    assert bad.status == 400 and {f["field"] for f in (await bad.json())["fields"]} == {"text", "scale"}
    changed = await client.put(f"/api/admin/pulse/questions/{qid}", json={"text": "How rested?"}, headers=h)
    assert (await changed.json())["question"]["text"] == "How rested?"
    assert (await (await client.delete(f"/api/admin/pulse/questions/{qid}", headers=h)).json())["deleted"] is True
    asked = (await (await client.get("/api/admin/pulse/questions", headers=h)).json())["questions"][0]
    gone = await (await client.delete(f"/api/admin/pulse/questions/{asked['id']}", headers=h)).json()
    assert gone["deactivated"] is True and gone["question"]["active"] is False
    member = await sign_in(client, "alice")
    assert (await client.get("/api/admin/pulse/questions", headers=headers(member))).status == 403


async def test_schedule_cohorts_and_trigger_stay_in_the_tenant(client) -> None:
    token = await sign_in(client, "admin")
    h = headers(token)
    bad = await client.put("/api/admin/pulse/schedule", json={"timezone": "Mars/Olympus", "dayOfWeek": 9}, headers=h)
    assert bad.status == 400
    saved = await client.put("/api/admin/pulse/schedule", json={"timezone": "Europe/Berlin", "cadence": "BIWEEKLY"},
                             headers=h)
    assert (await saved.json())["schedule"]["timezone"] == "Europe/Berlin"
    cohorts = (await (await client.get("/api/admin/pulse/cohorts", headers=h)).json())["cohorts"]
    assert cohorts and all(c["userCount"] == len(c["userIds"]) for c in cohorts)
    balanced = await (await client.post("/api/admin/pulse/cohorts/rebalance", json={"count": 3}, headers=h)).json()
    sizes = [c["userCount"] for c in balanced["cohorts"]]
    assert len(sizes) == 3 and max(sizes) - min(sizes) <= 1
    other = await client.post("/api/admin/pulse/trigger", json={"tenantId": "acme"}, headers=h)
    assert other.status == 404


async def test_my_invites_and_history_never_show_scores(client, database) -> None:
    await trigger(client)
    token = await sign_in(client, "alice")
    h = headers(token)
    invites = (await (await client.get("/api/pulse/my-invites", headers=h)).json())["invites"]
    history = (await (await client.get("/api/pulse/my-history?weeks=12", headers=h)).json())["history"]
    assert len(history) == 12
    assert any(week["invites"] for week in history)
    text = str(history)
    assert "score" not in text and "comment" not in text
    for invite in invites:
        assert set(invite) == {"id", "token", "questionId", "questionText", "scale", "weekStart", "expiresAt",
                               "createdAt"}
