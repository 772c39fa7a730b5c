"""Audit: every change of the area writes exactly one row, no-ops and refusals write none;
GET /api/admin/audit filters and pages; the export is CSV or JSON."""

from __future__ import annotations

import csv
import io
from collections import Counter

from tests.integration.qa.support import Session, audit_rows, questions, tag_id, user_id


async def test_every_action_leaves_exactly_one_row(client, database, peers):
    mod = await Session(client, "moderator").start()
    admin = await Session(await peers(), "admin").start()
    alice = await Session(await peers(), "alice").start()
    eng = [q["id"] for q in questions(database, team="engineering", status="OPEN")]
    held = [q["id"] for q in questions(database, team="engineering", status="UNDER_REVIEW")]
    bug = tag_id(database, "Bug")

    steps = [
        (alice, "POST", "/api/questions", {"body": "Is there budget for a team lunch?"}, "question.create"),
        (alice, "POST", "/api/questions", {"body": "WHERE IS THE BUDGET FOR THE TEAM LUNCH"},
         "question.moderation.under_review"),
        (alice, "POST", "/api/questions", {"body": "Where is the damn fucking budget?"}, "question.moderation.flagged"),
        (mod, "POST", f"/api/questions/{eng[0]}/respond", {"response": "Soon."}, "question.answer"),
        (mod, "POST", f"/api/questions/{eng[0]}/respond", {"response": "Next week."}, "question.answer"),
        (mod, "POST", f"/api/questions/{eng[1]}/pin", None, "question.pin"),
        (mod, "POST", f"/api/questions/{eng[1]}/pin", {"pinned": True}, None),  # already pinned: no change
        (mod, "POST", f"/api/questions/{eng[1]}/pin", None, "question.unpin"),
        (mod, "POST", f"/api/questions/{eng[2]}/freeze", None, "question.freeze"),
        (mod, "POST", f"/api/questions/{eng[2]}/respond", {"response": "x"}, None),  # frozen: refused
        (mod, "POST", f"/api/questions/{eng[2]}/freeze", {"frozen": False}, "question.unfreeze"),
        (mod, "POST", f"/api/questions/{eng[3]}/tags", {"tagId": bug}, "question.tag.add"),
        (mod, "POST", f"/api/questions/{eng[3]}/tags", {"tagId": bug}, None),  # already there
        (mod, "DELETE", f"/api/questions/{eng[3]}/tags/{bug}", None, "question.tag.remove"),
        (mod, "DELETE", f"/api/questions/{eng[3]}/tags/{bug}", None, None),  # already gone
        (mod, "POST", f"/api/admin/moderation/approve/{held[0]}", None, "question.moderation.approved"),
        (mod, "POST", f"/api/admin/moderation/reject/{held[1]}", {"reason": "Duplicate"}, "question.moderation.rejected"),
        (mod, "POST", "/api/admin/bulk-tag", {"questionIds": eng[4:6], "tagId": bug, "action": "add"}, "bulk.tag.add"),
        (mod, "POST", "/api/admin/bulk-tag", {"questionIds": eng[4:6], "tagId": bug, "action": "remove"},
         "bulk.tag.remove"),
        (mod, "POST", "/api/admin/bulk-action", {"questionIds": eng[4:6], "action": "pin"}, "bulk.pin"),
        (mod, "POST", "/api/admin/bulk-action", {"questionIds": eng[4:6], "action": "unpin"}, "bulk.unpin"),
        (mod, "POST", "/api/admin/bulk-action", {"questionIds": eng[4:6], "action": "unpin"}, None),
        (mod, "POST", "/api/admin/bulk-action", {"questionIds": eng[4:6], "action": "freeze"}, "bulk.freeze"),
        (mod, "POST", "/api/admin/bulk-action", {"questionIds": eng[4:6], "action": "unfreeze"}, "bulk.unfreeze"),
        (mod, "POST", "/api/admin/bulk-action", {"questionIds": eng[4:6], "action": "delete"}, None),  # admins only
        (admin, "POST", "/api/admin/bulk-action", {"questionIds": eng[4:6], "action": "delete"}, "bulk.delete"),
        (admin, "DELETE", f"/api/questions/{eng[6]}", None, "question.delete"),
        (mod, "POST", "/api/tags", {"name": "Hiring", "color": "#112233"}, "tag.create"),
        (mod, "POST", "/api/tags", {"name": "Hiring"}, None),  # name taken
        (admin, "PUT", f"/api/tags/{bug}", {"color": "#AA0000"}, "tag.update"),
        (admin, "PUT", f"/api/tags/{bug}", {"color": "#AA0000"}, None),  # same value: no change
        (admin, "DELETE", f"/api/tags/{tag_id(database, 'Question')}", None, "tag.delete"),
        (mod, "POST", "/api/presentation/start", {"teamId": "engineering"}, "presentation.start"),
        (mod, "POST", "/api/presentation/current", {"questionId": eng[7]}, "presentation.change"),
        (mod, "POST", "/api/presentation/stop", None, "presentation.stop"),
        (mod, "POST", "/api/presentation/stop", None, None),  # nothing running
        (alice, "POST", f"/api/questions/{eng[8]}/upvote", None, None),  # upvotes are not audited (spec)
    ]
    for session, method, path, body, action in steps:
        before = Counter(r["action"] for r in audit_rows(database))
        status, payload = await session.call(method, path, body)
        after = Counter(r["action"] for r in audit_rows(database))
        diff = after - before
        assert diff == (Counter({action: 1}) if action else Counter()), (method, path, status, payload, diff)
        if action is None:
            assert status in (200, 201, 400, 403, 409), (path, status, payload)
    actors = {r["action"]: r for r in audit_rows(database)}
    assert actors["question.pin"]["user_id"] == user_id(database, "moderator")
    assert actors["question.pin"]["ip_address"] == "127.0.0.1"
    assert actors["question.answer"]["before"]["responseText"] == "Soon."
    assert actors["bulk.pin"]["entity_id"] == "multiple"
    assert actors["bulk.pin"]["metadata"]["successCount"] == 2


async def test_audit_list_filters_pages_and_exports(client, database):
    mod = await Session(client, "moderator").start()
    eng = [q["id"] for q in questions(database, team="engineering", status="OPEN")]
    for question_id in eng[:3]:
        await mod.call("POST", f"/api/questions/{question_id}/pin")
    await mod.call("POST", f"/api/questions/{eng[0]}/freeze")
    admin = await Session(client, "admin").start()

    status, page = await admin.call("GET", "/api/admin/audit", params={"limit": "2"})
    assert status == 200 and page["total"] == 4 and len(page["logs"]) == 2 and page["limit"] == 2
    newest = page["logs"][0]
    assert newest["action"] == "question.freeze"
    assert newest["user"] == {"id": user_id(database, "moderator"), "email": "moderator@pulsestage.app",
                              "name": "Moderator (Demo)"}
    _, page = await admin.call("GET", "/api/admin/audit", params={"limit": "2", "offset": "2"})
    assert len(page["logs"]) == 2 and page["offset"] == 2
    _, page = await admin.call("GET", "/api/admin/audit", params={"action": "question.pin"})
    assert page["total"] == 3
    _, page = await admin.call("GET", "/api/admin/audit", params={"entityType": "Question", "entityId": eng[0]})
    assert [log["action"] for log in page["logs"]] == ["question.freeze", "question.pin"]
    _, page = await admin.call("GET", "/api/admin/audit", params={"userId": user_id(database, "admin")})
    assert page["total"] == 0
    _, page = await admin.call("GET", "/api/admin/audit", params={"ip": "127.0.0.1", "startDate": "2000-01-01",
                                                                  "endDate": "2999-12-31T23:59:59Z"})
    assert page["total"] == 4
    _, page = await admin.call("GET", "/api/admin/audit", params={"endDate": "2000-01-01"})
    assert page["total"] == 0
    status, bad = await admin.call("GET", "/api/admin/audit", params={"startDate": "yesterday"})
    assert status == 400 and bad["fields"][0]["field"] == "startDate"

    response = await client.get("/api/admin/audit/export", headers={"x-tenant-id": "default"},
                                params={"format": "csv", "action": "question.pin"})
    assert response.status == 200 and response.content_type == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="audit-log-')
    rows = list(csv.reader(io.StringIO(await response.text())))
    assert rows[0] == ["timestamp", "user_email", "user_name", "action", "entity_type", "entity_id", "ip_address",
                       "user_agent", "metadata"]
    assert len(rows) == 4 and {r[3] for r in rows[1:]} == {"question.pin"}
    status, exported = await admin.call("GET", "/api/admin/audit/export", params={"format": "json"})
    assert exported["tenant"] == "default" and exported["totalRecords"] == 4
    assert set(exported["logs"][0]) >= {"timestamp", "userId", "userEmail", "action", "metadata", "before", "after"}
    status, bad = await admin.call("GET", "/api/admin/audit/export", params={"format": "xml"})
    assert status == 400 and bad["message"] == "Invalid format. Use csv or json."


async def test_csv_cells_cannot_become_formulas(client, database):
    mod = await Session(client, "moderator").start()
    await mod.call("POST", "/api/tags", {"name": "=HYPERLINK(\"http://x\")", "color": "#112233"},
                   headers={"User-Agent": "=cmd|' /C calc'!A0"})
    admin = await Session(client, "admin").start()
    response = await client.get("/api/admin/audit/export", headers={"x-tenant-id": "default"})
    rows = list(csv.reader(io.StringIO(await response.text())))
    assert rows[1][7] == "'=cmd|' /C calc'!A0"
    assert admin.user == "admin"
