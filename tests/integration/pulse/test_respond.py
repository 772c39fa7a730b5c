"""The one-tap page: GET records nothing, POST records exactly once, expiry, JSON shapes."""

from __future__ import annotations

import asyncio

from tests.integration.pulse.helpers import open_token, response_count, sql


async def test_get_shows_the_question_and_records_nothing(client, database) -> None:
    token = open_token(database)
    before, status = response_count(database), sql(database, "SELECT status FROM pulse_invite WHERE token = %s", (token,))
    for _ in range(3):  # a link scanner fetching every link
        for score in (1, 5):
            page = await client.get(f"/pulse/respond?token={token}&score={score}&tenant=default")
            assert page.status == 200
    html = await page.text()
    assert 'method="post" action="/pulse/respond"' in html and 'value="5" required checked' in html
    assert "<style" not in html and " style=" not in html and "<script>" not in html  # CSP-safe
    assert '<script src="/pulse/static/respond.js"' in html
    assert response_count(database) == before
    assert sql(database, "SELECT status FROM pulse_invite WHERE token = %s", (token,)) == status
    assert (await client.get("/pulse/static/respond.css")).status == 200
    css = await (await client.get("/pulse/theme.css?tenant=default")).text()
    assert "--brand: #" in css


async def test_form_post_records_once_and_refuses_the_second(client, database) -> None:
    token = open_token(database)
    before = response_count(database)
    form = {"token": token, "score": "4", "comment": "  Good week  ", "tenant": "default"}
    first = await client.post("/pulse/respond", data=form)
    assert first.status == 200 and "Thank you" in await first.text()
    second = await client.post("/pulse/respond", data=form)
    assert second.status == 409 and "Already answered" in await second.text()
    assert response_count(database) == before + 1
    assert sql(database, "SELECT status FROM pulse_invite WHERE token = %s", (token,))[0]["status"] == "COMPLETED"
    assert sql(database, "SELECT count(*) AS n FROM pulse_response WHERE comment = 'Good week'")[0]["n"] == 1


async def test_concurrent_double_submit_records_one_answer(client, database) -> None:
    token = open_token(database)
    before = response_count(database)
    body = {"token": token, "score": 3}
    answers = await asyncio.gather(*[client.post("/pulse/respond", json=body, headers={"x-tenant-id": "default"})
                                     for _ in range(5)])
    statuses = sorted(a.status for a in answers)
    assert statuses == [200, 409, 409, 409, 409]
    assert response_count(database) == before + 1
    refused = await answers[[a.status for a in answers].index(409)].json()
    assert refused["error"] == "already_completed" and refused["questionText"]


async def test_json_errors_expiry_and_unknown_tokens(client, database) -> None:
    token = open_token(database)
    h = {"x-tenant-id": "default"}
    missing = await client.post("/pulse/respond", json={}, headers=h)
    assert missing.status == 400 and {f["field"] for f in (await missing.json())["fields"]} == {"token", "score"}
    bad = await client.post("/pulse/respond", json={"token": token, "score": 9}, headers=h)
    assert bad.status == 400 and (await bad.json())["error"] == "invalid_score"
    unknown = await client.post("/pulse/respond", json={"token": "nope", "score": 3}, headers=h)
    assert unknown.status == 404
    assert (await client.get("/pulse/respond?token=nope&tenant=default")).status == 404
    assert (await client.get("/pulse/respond?tenant=default")).status == 400
    sql(database, "UPDATE pulse_invite SET expires_at = now() AT TIME ZONE 'utc' - interval '1 day' WHERE token = %s",
        (token,))
    page = await client.get(f"/pulse/respond?token={token}&score=3&tenant=default")
    assert page.status == 410 and "expired" in await page.text()
    expired = await client.post("/pulse/respond", json={"token": token, "score": 3}, headers=h)
    assert expired.status == 410 and (await expired.json())["error"] == "expired"
    assert sql(database, "SELECT status FROM pulse_invite WHERE token = %s", (token,))[0]["status"] == "EXPIRED"


async def test_link_from_the_email_names_its_tenant(client, database) -> None:
    token = open_token(database)
    # opened on a host that resolves to no tenant header at all: the link's tenant parameter decides
    page = await client.get(f"/pulse/respond?token={token}&score=2&tenant=default", headers={"x-tenant-id": "acme"})
    assert page.status == 200
    wrong = await client.get(f"/pulse/respond?token={token}&score=2&tenant=acme")
    assert wrong.status == 404  # a token is only valid in its own tenant
