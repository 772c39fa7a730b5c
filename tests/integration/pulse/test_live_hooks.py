"""Live hooks: a recorded answer publishes `pulse:response` with counts only (exactly what the summary
shows, null while it hides the number) and counts in the metrics; delivered invitations count once."""

from __future__ import annotations

import asyncio

from pulsestage import keys
from pulsestage.pulse.respond_service import RESPONSE_EVENT
from pulsestage.pulse.summary import published_responses
from tests.integration.pulse.helpers import open_token, sql, trigger

H = {"x-tenant-id": "default"}


def sample(client, name: str) -> float:
    return client.app[keys.METRICS].registry.get_sample_value(name) or 0.0


async def listen(client):
    bus = client.app[keys.EVENT_BUS]
    tenant = await client.app[keys.TENANTS].require("default")
    return bus, bus.subscribe(bus.viewer(tenant.id, "someone", {}))


async def next_event(sub):
    return await asyncio.wait_for(sub.queue.get(), 5)


async def test_a_recorded_answer_publishes_counts_only_and_is_counted(client, database) -> None:
    bus, sub = await listen(client)
    token = open_token(database)
    week = sql(database, "SELECT week_start FROM pulse_invite WHERE token = %s", (token,))[0]["week_start"]
    before = sample(client, "pulsestage_pulse_responses_total")
    reply = await client.post("/pulse/respond", json={"token": token, "score": 2, "comment": "quiet week"}, headers=H)
    assert reply.status == 200
    event = await next_event(sub)
    assert event.type == RESPONSE_EVENT and set(event.data) == {"weekStart", "responses"}
    assert event.data["weekStart"] == week.isoformat()
    tenant = await client.app[keys.TENANTS].require("default")
    shown = await published_responses(client.app[keys.PG_POOL], tenant.id, week)
    assert event.data["responses"] == shown and (shown is None or shown >= 5)
    assert sample(client, "pulsestage_pulse_responses_total") == before + 1

    again = await client.post("/pulse/respond", json={"token": token, "score": 2}, headers=H)
    assert again.status == 409
    assert sample(client, "pulsestage_pulse_responses_total") == before + 1
    assert sub.queue.empty()  # a refused answer announces nothing
    bus.unsubscribe(sub)


async def test_the_event_count_is_the_summarys_all_teams_number(client, database) -> None:
    result = await trigger(client)  # a fresh cohort this week
    await asyncio.sleep(0.2)
    bus, sub = await listen(client)
    tokens = [r["token"] for r in sql(database, "SELECT token FROM pulse_invite WHERE status = 'SENT' AND "
                                                "question_id = %s", (result["questionId"],))]
    counts = []
    for token in tokens[:7]:
        assert (await client.post("/pulse/respond", json={"token": token, "score": 4}, headers=H)).status == 200
        counts.append((await next_event(sub)).data["responses"])
    week = result["weekStart"]
    total = sql(database, "SELECT count(*) AS n FROM pulse_response r JOIN tenant t ON t.id = r.tenant_id "
                          "WHERE t.slug = 'default' AND r.week_start = %s", (week,))[0]["n"]
    assert counts[-1] in (None, total)  # shown exactly, or hidden by the suppression rules
    assert all(c is None or c >= 5 for c in counts)  # a small count never leaves the server
    assert counts[0] is None and counts[-1] == total  # the first answer of the week hides; seven show
    summary = await (await client.get("/api/pulse/summary?range=1w", headers=H)).json()
    assert summary["weeks"] == [week] and summary["summary"]["totalResponses"] == counts[-1]
    bus.unsubscribe(sub)


async def test_invites_sent_count_once_per_delivered_invitation(client, database) -> None:
    before = sample(client, "pulsestage_pulse_invites_sent_total")
    result = await trigger(client)
    for _ in range(100):
        if sample(client, "pulsestage_pulse_invites_sent_total") - before >= result["queued"]:
            break
        await asyncio.sleep(0.05)
    assert sample(client, "pulsestage_pulse_invites_sent_total") - before == result["queued"] > 0
