"""The contract: /openapi.json documents every route of the area; invalid input is 400 with fields."""

from __future__ import annotations

from tests.integration.qa.support import Session

PREFIXES = ("/api/questions", "/api/tags", "/api/presentation", "/events", "/api/admin/moderation",
            "/api/admin/bulk", "/api/admin/stats/moderation", "/api/admin/audit")


async def test_openapi_documents_every_route_with_schemas(client):
    from pulsestage.http.routing import ROUTE_GUARDS

    spec = await (await client.get("/openapi.json")).json()
    routes = [(m, p) for (m, p) in client.server.app[ROUTE_GUARDS] if p.startswith(PREFIXES)]
    assert len(routes) >= 33
    for method, path in routes:
        operation = spec["paths"][path][method.lower()]
        assert operation["summary"] and operation["x-guard"] in ("participant", "moderator", "admin")
        (ok,) = [code for code in operation["responses"] if code != "default"]
        assert operation["responses"][ok]["content"]["application/json"]["schema"] != {"type": "object"}, path
        if method in ("POST", "PUT", "PATCH") and not path.endswith(("/pin", "/freeze", "/upvote", "/stop",
                                                                     "/approve/{id}")):
            assert "requestBody" in operation, (method, path)


async def test_invalid_input_lists_every_failing_field(client):
    mod = await Session(client, "moderator").start()
    status, body = await mod.call("POST", "/api/questions", {"body": 42, "teamId": [], "isAnonymous": "yes"})
    assert status == 400
    assert body["error"] == "invalid_request" and body["requestId"]
    assert {(f["field"], f["rule"]) for f in body["fields"]} == {("body", "type"), ("teamId", "type"),
                                                                ("isAnonymous", "type")}
    status, body = await mod.call("POST", "/api/questions/upvote-status", {"questionIds": "x"})
    assert status == 400 and body["fields"][0]["field"] == "questionIds"
    response = await client.post("/api/questions", data=b"{not json", headers={"X-CSRF-Token": mod.token,
                                                                               "x-tenant-id": "default"})
    assert response.status == 400 and (await response.json())["fields"][0]["rule"] == "json"
