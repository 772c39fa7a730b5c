"""A moderator's day: answer and edit answers, freeze, review queue, approve/reject with outcome
e-mails, moderation queue scoping, bulk actions, statistics, tags and presentation mode."""

from __future__ import annotations

from pulsestage import keys
from tests.integration.qa.support import Session, open_stream, questions, set_role, set_setting, sql, tag_id


async def test_answering_freezing_and_outcome_emails(client, database, peers):
    set_setting(database, ["features", "enableEmailNotifications"], True)
    sql(database, "UPDATE user_preferences SET email_notifications = true")
    sink = client.server.app[keys.MAIL_SINK]
    mod = await Session(client, "moderator").start()
    bob = await Session(await peers(), "bob").start()
    _, asked = await bob.call("POST", "/api/questions", {"body": "Will we get a budget for team training?",
                                                         "teamId": "product"})
    status, answered = await mod.call("POST", f"/api/questions/{asked['id']}/respond", {"response": "Yes, $500 each."})
    assert status == 200 and answered["status"] == "ANSWERED" and answered["responseText"] == "Yes, $500 each."
    status, edited = await mod.call("POST", f"/api/questions/{asked['id']}/respond", {"response": "Yes, $600 each."})
    assert edited["responseText"] == "Yes, $600 each."
    (mail,) = await sink.wait_for(1)  # the edit sends nothing more
    assert mail.recipients == ["bob@pulsestage.app"] and "answered" in mail.subject
    assert "$500 each" in mail.text and "Moderator (Demo)" in mail.text

    status, frozen = await mod.call("POST", f"/api/questions/{asked['id']}/freeze")
    assert frozen["isFrozen"] is True and frozen["frozenAt"]
    status, refused = await mod.call("POST", f"/api/questions/{asked['id']}/respond", {"response": "Changed"})
    assert status == 409 and refused["error"] == "question_frozen"
    status, body = await mod.call("POST", f"/api/questions/{asked['id']}/respond", {"response": ""})
    assert status == 400 and body["fields"][0]["field"] == "response"

    _, held = await bob.call("POST", "/api/questions", {"body": "WHY ARE THE PRODUCT REVIEWS ALWAYS LATE",
                                                        "teamId": "product"})
    _, held2 = await bob.call("POST", "/api/questions", {"body": "WHO DECIDED THE NEW ROADMAP WITHOUT US",
                                                         "teamId": "product"})
    status, queue = await mod.call("GET", "/api/admin/moderation/review-queue", params={"confidence": "medium"})
    assert [q["id"] for q in queue][-2:] == [held["id"], held2["id"]]
    status, approved = await mod.call("POST", f"/api/admin/moderation/approve/{held['id']}")
    assert approved["status"] == "OPEN" and approved["message"] == "Question approved and published"
    status, again = await mod.call("POST", f"/api/admin/moderation/approve/{held['id']}")
    assert status == 409 and again["error"] == "not_under_review"
    status, rejected = await mod.call("POST", f"/api/admin/moderation/reject/{held2['id']}", {"reason": "Rephrase"})
    assert rejected == {"message": "Question rejected and removed", "questionId": held2["id"]}
    mails = await sink.wait_for(3)
    assert {m.subject for m in mails} == {"Your question was answered!", "✓ Your question has been approved",
                                          "Your question was not approved"}
    assert any("Rephrase" in (m.text or "") for m in mails)
    status, gone = await bob.call("GET", f"/api/questions/{held2['id']}")
    assert status == 404
    row = sql(database, "SELECT deleted_at, rejection_reason FROM question WHERE id = %s", (held2["id"],))[0]
    assert row["deleted_at"] is not None and row["rejection_reason"] == "Rephrase"
    from pulsestage.db.tenancy import Tenant
    from pulsestage.qa.service import questions_by_author

    tenant = sql(database, "SELECT id, slug, name FROM tenant WHERE slug = 'default'")[0]
    user = await _session_user(client, database, "bob")
    mine = await questions_by_author(client.server.app[keys.PG_POOL], Tenant(**tenant), user)
    rejected_mine = next(q for q in mine if q["id"] == held2["id"])
    assert rejected_mine["rejected"] is True and rejected_mine["rejectionReason"] == "Rephrase"
    assert all(q["isMine"] for q in mine)


async def _session_user(client, database, name):
    from pulsestage.auth.identity import SessionUser

    row = sql(database, "SELECT u.* FROM app_user u JOIN tenant t ON t.id = u.tenant_id "
                        "WHERE t.slug = 'default' AND u.email = %s", (f"{name}@pulsestage.app",))[0]
    roles = {r["team_id"]: r["role"] for r in sql(database, "SELECT team_id, role FROM team_membership "
                                                            "WHERE user_id = %s", (row["id"],))}
    return SessionUser(row["id"], row["tenant_id"], row["email"], row["name"], row["sso_id"],
                       row["primary_team_id"], roles)


async def test_no_email_without_the_tenant_switch_or_the_preference(client, database, peers):
    sink = client.server.app[keys.MAIL_SINK]
    mod = await Session(client, "moderator").start()
    target = questions(database, team="product", status="OPEN", author="bob")[0]["id"]
    await mod.call("POST", f"/api/questions/{target}/respond", {"response": "Not yet."})
    set_setting(database, ["features", "enableEmailNotifications"], True)  # bob's preference is still off
    other = questions(database, team="product", status="OPEN", author="bob")[1]["id"]
    await mod.call("POST", f"/api/questions/{other}/respond", {"response": "Not yet."})
    assert sink.list() == []


async def test_queues_are_scoped_to_the_teams_one_moderates(client, database, peers):
    set_role(database, "moderator", "engineering", "member")  # now moderates Product only
    mod = await Session(client, "moderator").start()
    status, queue = await mod.call("GET", "/api/admin/moderation/review-queue")
    assert {q["team"]["slug"] for q in queue} == {"product"} and len(queue) == 2
    status, page = await mod.call("GET", "/api/admin/moderation-queue", params={"limit": "500"})
    assert {q["team"]["slug"] for q in page["questions"]} == {"product"} and page["total"] == 14
    eng = questions(database, team="engineering")[0]["team_id"]
    status, _ = await mod.call("GET", "/api/admin/moderation-queue", params={"teamId": eng})
    assert status == 403
    _, open_only = await mod.call("GET", "/api/admin/moderation-queue", params={"status": "open", "limit": "5"})
    assert open_only["total"] == 6 and len(open_only["questions"]) == 5 and open_only["limit"] == 5
    _, review = await mod.call("GET", "/api/admin/moderation-queue", params={"needsReview": "true"})
    assert review["total"] == 6
    status, bad = await mod.call("GET", "/api/admin/moderation-queue", params={"isPinned": "maybe"})
    assert status == 400

    mixed = [questions(database, team="product", status="OPEN")[0]["id"],
             questions(database, team="engineering", status="OPEN")[0]["id"]]
    status, result = await mod.call("POST", "/api/admin/bulk-action", {"questionIds": mixed, "action": "freeze"})
    assert result == {"success": True, "successCount": 1, "errorCount": 1, "total": 2}
    status, result = await mod.call("POST", "/api/admin/bulk-tag",
                                    {"questionIds": mixed, "tagId": tag_id(database, "Bug"), "action": "add"})
    assert result["successCount"] == 1 and result["errorCount"] == 1
    status, missing = await mod.call("POST", "/api/admin/bulk-action", {"questionIds": ["nope"], "action": "pin"})
    assert status == 404
    status, bad = await mod.call("POST", "/api/admin/bulk-action", {"questionIds": [], "action": "explode"})
    assert status == 400 and {f["field"] for f in bad["fields"]} == {"questionIds", "action"}

    admin = await Session(await peers(), "admin").start()
    status, stats = await admin.call("GET", "/api/admin/stats/moderation")
    assert stats["overall"]["totalQuestionsReviewed"] == 0
    product = questions(database, team="product", status="OPEN")
    await mod.call("POST", f"/api/questions/{product[1]['id']}/respond", {"response": "Done."})
    status, stats = await admin.call("GET", "/api/admin/stats/moderation", params={"startDate": "2000-01-01"})
    (row,) = stats["byModerator"]
    assert row["moderatorName"] == "Moderator (Demo)" and row["questionsAnswered"] == 1
    assert stats["overall"]["activeModerators"] == 1 and isinstance(row["avgResponseTime"], int)


async def test_tags(client, database, peers):
    mod = await Session(client, "moderator").start()
    status, tags = await mod.call("GET", "/api/tags")
    assert [t["name"] for t in tags] == sorted(t["name"] for t in tags) and len(tags) == 6
    assert "Currently Presenting" in [t["name"] for t in tags] and all("usageCount" in t for t in tags)
    status, made = await mod.call("POST", "/api/tags", {"name": "Security", "color": "#ff0000",
                                                        "description": "Keeping things safe"})
    assert status == 201 and made["color"] == "#FF0000"
    status, dup = await mod.call("POST", "/api/tags", {"name": "Security"})
    assert status == 409
    status, bad = await mod.call("POST", "/api/tags", {"name": "", "color": "red"})
    assert status == 400 and {f["field"] for f in bad["fields"]} == {"name", "color"}
    admin = await Session(await peers(), "admin").start()
    status, renamed = await admin.call("PUT", f"/api/tags/{made['id']}", {"name": "Safety"})
    assert renamed["name"] == "Safety" and renamed["color"] == "#FF0000"
    status, clash = await admin.call("PUT", f"/api/tags/{made['id']}", {"name": "Bug"})
    assert status == 409
    target = questions(database, team="engineering", status="OPEN")[0]["id"]
    status, linked = await mod.call("POST", f"/api/questions/{target}/tags", {"tagId": made["id"]})
    assert linked["changed"] is True and made["id"] in [t["tagId"] for t in linked["question"]["tags"]]
    status, _ = await admin.call("DELETE", f"/api/tags/{made['id']}")
    status, after = await mod.call("GET", f"/api/questions/{target}")
    assert made["id"] not in [t["tagId"] for t in after["tags"]]


async def test_presentation_mode(client, database, peers):
    viewer = await peers()
    alice = await Session(viewer, "alice").start()
    stream = await open_stream(viewer)
    await stream.until("connected")
    mod = await Session(client, "moderator").start()
    status, idle = await alice.call("GET", "/api/presentation")
    assert idle == {"active": False, "questionId": None, "teamId": None, "startedAt": None}
    status, body = await mod.call("POST", "/api/presentation/current", {"questionId": None})
    assert status == 409
    status, started = await mod.call("POST", "/api/presentation/start", {"teamId": "engineering"})
    assert started["active"] is True and started["startedAt"].endswith("Z")
    eng, prod = (questions(database, team=t, status="OPEN")[0]["id"] for t in ("engineering", "product"))
    status, shown = await mod.call("POST", "/api/presentation/current", {"questionId": eng})
    assert shown["questionId"] == eng
    status, wrong = await mod.call("POST", "/api/presentation/current", {"questionId": prod})
    assert status == 400 and wrong["fields"][0]["field"] == "questionId"
    status, state = await alice.call("GET", "/api/presentation")
    assert state == shown
    status, everything = await mod.call("POST", "/api/presentation/start", {"teamId": None})
    assert status == 403  # every team at once is for admins
    status, stopped = await mod.call("POST", "/api/presentation/stop")
    assert stopped["active"] is False
    frames = [f for f in await stream.drain() if f.type and f.type.startswith("presentation:")]
    assert [f.type for f in frames] == ["presentation:started", "presentation:changed", "presentation:ended"]
    assert frames[1].data["data"]["question"]["id"] == eng and frames[1].data["data"]["questionId"] == eng
