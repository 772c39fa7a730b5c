"""The summary at volume: 12 weeks of answers from 2,000 people spread over 40 teams (so suppression
has real work), through the real endpoint. How fast it is (target: under 200 ms) is measured by the
summary benchmark in bench/, not asserted here: timed assertions flake on a shared machine."""

from __future__ import annotations

from tests.integration.pulse.helpers import sql
from tests.support.cast import headers, sign_in

# 2,000 invites a week for 12 weeks (question rotating by person), 60 % answered, 40 teams.
VOLUME = """
WITH t AS (SELECT id FROM tenant WHERE slug = 'default'),
     teams AS (INSERT INTO team (id, tenant_id, name, slug)
               SELECT 'speed-' || i, t.id, 'Speed team ' || i, 'speed-' || i FROM t, generate_series(0, 39) i
               RETURNING id),
     team_ids AS (SELECT array_agg(id ORDER BY id) AS ids FROM teams),
     q AS (SELECT array_agg(id ORDER BY created_at, id) AS ids FROM pulse_question
           WHERE tenant_id = (SELECT id FROM t) AND active),
     weeks AS (SELECT date_trunc('week', now() AT TIME ZONE 'utc')::date - 7 * w AS week FROM generate_series(0, 11) w),
     people AS (SELECT p, team_ids.ids[1 + p % 40] AS team FROM generate_series(1, 2000) p, team_ids),
     invites AS (
        INSERT INTO pulse_invite (id, tenant_id, team_id, question_id, token, week_start, expires_at, sent_at, status)
        SELECT gen_random_uuid()::text, (SELECT id FROM t), people.team,
               q.ids[1 + (people.p + extract(week FROM weeks.week)::int) % cardinality(q.ids)],
               gen_random_uuid()::text, weeks.week, weeks.week + 7, weeks.week,
               (CASE WHEN random() < 0.6 THEN 'COMPLETED' ELSE 'SENT' END)::pulse_invite_status
        FROM people, weeks, q
        RETURNING tenant_id, team_id, question_id, week_start, status)
INSERT INTO pulse_response (id, tenant_id, team_id, question_id, score, week_start)
SELECT gen_random_uuid()::text, tenant_id, team_id, question_id, 1 + (random() * 4)::int, week_start
FROM invites WHERE status = 'COMPLETED'
"""


async def test_twelve_weeks_of_two_thousand_people_across_forty_teams(client, database) -> None:
    sql(database, VOLUME)
    sql(database, "ANALYZE pulse_response; ANALYZE pulse_invite")
    token = await sign_in(client, "alice")
    response = await client.get("/api/pulse/summary?range=12w", headers=headers(token))
    assert response.status == 200
    body = await response.json()
    assert body["summary"]["totalResponses"] > 12 * 1000
