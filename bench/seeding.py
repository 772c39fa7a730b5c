"""Bulk data for the benchmarks, written as the superuser with set-based SQL (seconds, not minutes).

On top of the documented demo seed (tenants `default` and `acme`), in tenant `default`:
- 10,000 bench users (`bench-00001@bench.local` ...), members of both teams, half in each as
  primary team;
- N questions with bodies drawn from a workplace vocabulary (common words often, rare words
  seldom, so searches have realistic selectivity), 85 % OPEN, 10 % ANSWERED, 5 % UNDER_REVIEW,
  created over the last 180 days, 0-2 tags each, 0-15 upvotes each (the counter equals the rows);
  alice has upvoted every tenth question;
- 12 weeks of pulse history for 2,000 bench users: one invite each per week (about 60 % answered)
  and the anonymous responses of the answered ones.
"""

from __future__ import annotations

import psycopg2

from pulsestage.seed.load import seed

BENCH_USERS = 10_000
PULSE_USERS = 2_000
PULSE_WEEKS = 12
EMAIL_LIKE = "bench-%@bench.local"

WORDS = """
team meeting remote work office policy salary promotion benefits review manager process roadmap
product release customer feedback hiring onboarding training budget quarter goals planning
strategy culture communication transparency leadership engineering design marketing sales support
tools laptop security deployment incident outage oncall schedule vacation holiday parental leave
health insurance pension equity bonus compensation performance career growth mentoring learning
conference travel expenses lunch kitchen parking commute hybrid flexible hours overtime workload
burnout wellbeing diversity inclusion hiring interview candidates contractors vendors partners
contract legal compliance privacy data analytics metrics dashboard okr kpi targets revenue costs
profit investors board funding acquisition merger reorganisation layoffs headcount freeze
documentation wiki knowledge sharing demo allhands townhall standup retro sprint backlog estimate
deadline launch migration cloud database infrastructure architecture microservices monolith api
mobile web frontend backend testing quality automation pipeline build ci staging production
accessibility localisation translation support tickets escalation sla churn retention growth
pricing plans enterprise startup competition market feature request bug fix priority ownership
decision feedback recognition appreciation celebration party offsite retreat volunteering charity
sustainability carbon energy equipment monitor chair desk badge visitor guest wifi printer coffee
""".split()


def populate(dsn: str, *, questions: int) -> None:
    """Demo seed, then the bench users, questions, tags, upvotes and pulse history."""
    seed(dsn, reset=True)
    conn = psycopg2.connect(dsn)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SELECT setseed(0.42)")
            cur.execute("SELECT id FROM tenant WHERE slug = 'default'")
            tenant_id = cur.fetchone()[0]
            params = {"t": tenant_id, "users": BENCH_USERS, "n": questions, "words": WORDS,
                      "pulse_users": PULSE_USERS, "weeks": PULSE_WEEKS, "like": EMAIL_LIKE}
            for statement in STATEMENTS:
                cur.execute(statement, params)
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
    finally:
        conn.close()


USERS = """
INSERT INTO app_user (id, tenant_id, email, name, sso_id, primary_team_id)
SELECT gen_random_uuid()::text, %(t)s, format('bench-%%s@bench.local', lpad(i::text, 5, '0')),
       format('Bench User %%s', i), format('bench-%%s', i),
       (SELECT array_agg(id ORDER BY slug) FROM team WHERE tenant_id = %(t)s)[1 + i %% 2]
FROM generate_series(1, %(users)s) AS i
"""

MEMBERSHIPS = """
INSERT INTO team_membership (id, tenant_id, user_id, team_id, role)
SELECT gen_random_uuid()::text, u.tenant_id, u.id, t.id, 'member'
FROM app_user u JOIN team t ON t.tenant_id = u.tenant_id
WHERE u.tenant_id = %(t)s AND u.email LIKE %(like)s
"""

QUESTIONS = """
WITH teams AS (SELECT array_agg(id ORDER BY slug) AS ids FROM team WHERE tenant_id = %(t)s),
     authors AS (SELECT array_agg(id ORDER BY email) AS ids FROM app_user WHERE tenant_id = %(t)s),
     spec AS (
        SELECT i, random() AS r, now() AT TIME ZONE 'utc' - random() * interval '180 days' AS at,
               (SELECT string_agg(w, ' ') FROM (
                    SELECT (%(words)s::text[])[1 + floor(power(random(), 2.2) * cardinality(%(words)s::text[]))::int] AS w
                    FROM generate_series(1, 6 + (random() * 16)::int + 0 * i)) AS picked) AS words
        FROM generate_series(1, %(n)s) AS i)
INSERT INTO question (id, tenant_id, body, status, team_id, author_id, is_anonymous, created_at, updated_at,
                      response_text, responded_at)
SELECT gen_random_uuid()::text, %(t)s, initcap(left(words, 1)) || substr(words, 2) || '?',
       (CASE WHEN r < 0.85 THEN 'OPEN' WHEN r < 0.95 THEN 'ANSWERED' ELSE 'UNDER_REVIEW' END)::question_status,
       teams.ids[1 + i %% 2], authors.ids[1 + (i * 7919) %% cardinality(authors.ids)], i %% 5 <> 0, at, at,
       CASE WHEN r >= 0.85 AND r < 0.95 THEN 'We looked into ' || words || ' and will follow up.' END,
       CASE WHEN r >= 0.85 AND r < 0.95 THEN at + interval '2 days' END
FROM spec, teams, authors
"""

NUMBERED = """
CREATE TEMP TABLE bench_q AS
SELECT id, tenant_id, author_id, row_number() OVER (ORDER BY id) AS n FROM question WHERE tenant_id = %(t)s;
CREATE TEMP TABLE bench_u AS
SELECT id, row_number() OVER (ORDER BY email) AS n FROM app_user WHERE tenant_id = %(t)s AND email LIKE %(like)s
"""

TAGS = """
WITH tags AS (SELECT array_agg(id ORDER BY name) AS ids FROM tag
              WHERE tenant_id = %(t)s AND name <> 'Currently Presenting')
INSERT INTO question_tag (id, tenant_id, question_id, tag_id)
SELECT DISTINCT ON (q.id, tags.ids[1 + (q.n * 31 + k * 17) %% cardinality(tags.ids)])
       gen_random_uuid()::text, q.tenant_id, q.id, tags.ids[1 + (q.n * 31 + k * 17) %% cardinality(tags.ids)]
FROM bench_q q, tags, generate_series(1, 2) AS k
WHERE k <= q.n %% 3
ON CONFLICT DO NOTHING
"""

UPVOTES = """
INSERT INTO upvote (id, tenant_id, question_id, user_id)
SELECT DISTINCT ON (q.id, u.id) gen_random_uuid()::text, q.tenant_id, q.id, u.id
FROM bench_q q
JOIN generate_series(1, 15) AS k ON k <= (q.n * 7) %% 16
JOIN bench_u u ON u.n = 1 + (q.n * 7919 + k * 104729) %% %(users)s
ON CONFLICT DO NOTHING
"""

ALICE_UPVOTES = """
INSERT INTO upvote (id, tenant_id, question_id, user_id)
SELECT gen_random_uuid()::text, q.tenant_id, q.id, a.id
FROM bench_q q, app_user a
WHERE a.tenant_id = %(t)s AND a.sso_id = 'alice' AND q.n %% 10 = 0 AND q.author_id IS DISTINCT FROM a.id
ON CONFLICT DO NOTHING
"""

COUNTERS = """
UPDATE question q SET upvotes = c.n
FROM (SELECT question_id, count(*) AS n FROM upvote WHERE tenant_id = %(t)s GROUP BY question_id) c
WHERE q.tenant_id = %(t)s AND q.id = c.question_id
"""

PULSE = """
WITH weeks AS (SELECT (date_trunc('week', now() AT TIME ZONE 'utc')::date - 7 * w) AS week, w
               FROM generate_series(1, %(weeks)s) AS w),
     pq AS (SELECT array_agg(id ORDER BY created_at, id) AS ids FROM pulse_question
            WHERE tenant_id = %(t)s AND active),
     people AS (SELECT u.n, a.id, a.primary_team_id FROM bench_u u JOIN app_user a ON a.id = u.id
                WHERE u.n <= %(pulse_users)s),
     invites AS (
        INSERT INTO pulse_invite (id, tenant_id, user_id, team_id, question_id, token, week_start, expires_at,
                                  sent_at, status)
        SELECT gen_random_uuid()::text, %(t)s, p.id, p.primary_team_id,
               pq.ids[1 + (p.n + weeks.w) %% cardinality(pq.ids)], gen_random_uuid()::text, weeks.week,
               weeks.week + 7, weeks.week + interval '9 hours',
               (CASE WHEN random() < 0.6 THEN 'COMPLETED' ELSE 'SENT' END)::pulse_invite_status
        FROM people p, weeks, pq
        RETURNING team_id, question_id, week_start, status)
INSERT INTO pulse_response (id, tenant_id, team_id, question_id, score, comment, week_start)
SELECT gen_random_uuid()::text, %(t)s, team_id, question_id, 1 + floor(random() * 5)::int,
       CASE WHEN random() < 0.1 THEN 'More focus time would help.' END, week_start
FROM invites WHERE status = 'COMPLETED'
"""

STATEMENTS = (USERS, MEMBERSHIPS, QUESTIONS, NUMBERED, TAGS, UPVOTES, ALICE_UPVOTES, COUNTERS, PULSE)
