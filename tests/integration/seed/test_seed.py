"""The demo seed against a real PostgreSQL: the documented dataset, idempotency, resets, isolation.

Two scratch databases: one migrated and seeded by a superuser (who bypasses row-level security),
one owned by a plain role `ps_seed_owner` (for whom FORCE ROW LEVEL SECURITY applies).
"""

from __future__ import annotations

import os
import statistics
import uuid
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import psycopg2
import pytest
from psycopg2 import sql
from psycopg2.extensions import make_dsn, parse_dsn

from pulsestage.admin.settings_doc import effective
from pulsestage.db.migrate import apply
from pulsestage.seed import SeedReport, seed, seed_if_empty
from tests.support.databases import query

ADMIN_DSN = os.environ.get("TEST_DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/postgres"
OWNER_ROLE, OWNER_PASSWORD = "ps_seed_owner", "ps-seed-owner-test"

DEFAULT_COUNTS = {
    "tenant_settings": 1, "team": 2, "app_user": 50, "team_membership": 53, "user_preferences": 50,
    "tag": 6, "question": 36, "question_tag": 33, "upvote": 432, "pulse_question": 10,
    "pulse_schedule": 1, "pulse_cohort": 5, "pulse_invite": 970, "audit_log": 0,
}
ACME_COUNTS = {
    "tenant_settings": 0, "team": 3, "app_user": 8, "team_membership": 14, "user_preferences": 8,
    "tag": 3, "question": 6, "question_tag": 4, "upvote": 25, "pulse_question": 0,
    "pulse_schedule": 0, "pulse_cohort": 0, "pulse_invite": 0, "pulse_response": 0, "audit_log": 0,
}


def _admin(statement, params=None) -> None:
    conn = psycopg2.connect(ADMIN_DSN)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(statement, params)
    finally:
        conn.close()


def _ensure_owner_role() -> None:
    try:
        _admin(sql.SQL("CREATE ROLE {} LOGIN CREATEROLE PASSWORD %s").format(
            sql.Identifier(OWNER_ROLE)), (OWNER_PASSWORD,))
    except (psycopg2.errors.DuplicateObject, psycopg2.errors.UniqueViolation):
        # left by an earlier run or made concurrently: make sure it can still log in as we expect
        _admin(sql.SQL("ALTER ROLE {} LOGIN CREATEROLE PASSWORD %s").format(
            sql.Identifier(OWNER_ROLE)), (OWNER_PASSWORD,))


@pytest.fixture(scope="module")
def scratch_db():
    """Factory: create a migrated scratch database (optionally owned by the plain role); dropped after."""
    made: list[str] = []

    def create(owner: str | None = None) -> str:
        name = f"ps_seed_test_{uuid.uuid4().hex[:12]}"
        if owner:
            _ensure_owner_role()
            _admin(sql.SQL("CREATE DATABASE {} OWNER {}").format(
                sql.Identifier(name), sql.Identifier(owner)))
            dsn = make_dsn(ADMIN_DSN, dbname=name, user=owner, password=OWNER_PASSWORD)
        else:
            _admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            dsn = make_dsn(ADMIN_DSN, dbname=name)
        made.append(name)
        apply(dsn)
        return dsn

    yield create
    for name in made:
        _admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(scope="module")
def superuser_db(scratch_db):
    """A database seeded once (reset) through a superuser connection; the read-only tests use it."""
    dsn = scratch_db()
    report = seed(dsn, reset=True)
    return dsn, report


@pytest.fixture(scope="module")
def owner_db(scratch_db):
    """A database owned and seeded by a plain role, so FORCE ROW LEVEL SECURITY applies."""
    dsn = scratch_db(owner=OWNER_ROLE)
    assert parse_dsn(dsn)["user"] == OWNER_ROLE
    return dsn


def tenant_id_of(dsn: str, slug: str) -> str:
    return query(dsn, "SELECT id FROM tenant WHERE slug = %s", (slug,))[0][0]


@pytest.fixture(scope="module")
def db(superuser_db):
    """(dsn, default tenant id) of the superuser-seeded database."""
    dsn, _ = superuser_db
    return dsn, tenant_id_of(dsn, "default")


def last_monday() -> date:
    today = datetime.now(UTC).date()  # the seed's weeks are UTC weeks
    return today - timedelta(days=today.weekday() + 7)


# --- the documented dataset ---------------------------------------------------------------


def test_report_counts_match_the_documented_dataset(superuser_db):
    _, report = superuser_db
    assert isinstance(report, SeedReport)
    assert set(report.counts) == {"default", "acme"}
    for table, expected in DEFAULT_COUNTS.items():
        assert report.count("default", table) == expected, table
    assert 700 <= report.count("default", "pulse_response") <= 900
    assert report.counts["acme"] == ACME_COUNTS
    rows_written = sum(n for counts in report.counts.values() for n in counts.values())
    assert report.reset and report.added == rows_written + 2  # + the two tenant rows
    assert "default" in report.as_lines()[0] and any("pulse_response" in line for line in report.as_lines())


def test_exactly_two_teams_engineering_and_product(db):
    dsn, tid = db
    teams = query(dsn, "SELECT slug, name, is_active FROM team WHERE tenant_id = %s ORDER BY slug", (tid,))
    assert teams == [("engineering", "Engineering", True), ("product", "Product", True)]
    tenant = query(dsn, "SELECT name FROM tenant WHERE slug = 'default'")
    assert tenant == [("Default Organization",)]


def test_fifty_users_split_between_the_two_teams(db):
    dsn, tid = db
    rows = query(dsn, "SELECT t.slug, count(*) FROM app_user u JOIN team t ON t.id = u.primary_team_id "
                      "WHERE u.tenant_id = %s GROUP BY t.slug", (tid,))
    assert dict(rows) == {"engineering": 25, "product": 25}
    lonely = query(dsn, "SELECT count(*) FROM app_user u WHERE u.tenant_id = %s AND (u.sso_id IS NULL "
                        "OR NOT EXISTS (SELECT 1 FROM team_membership m WHERE m.user_id = u.id))", (tid,))
    assert lonely == [(0,)]
    ryan = query(dsn, "SELECT sso_id FROM app_user WHERE email = 'ryan.o.connor@pulsestage.app' "
                      "AND tenant_id = %s", (tid,))
    assert ryan == [("ryan-o-connor",)]
    prefs = query(dsn, "SELECT count(*) FROM user_preferences WHERE tenant_id = %s "
                       "AND favorite_teams = '[]'::jsonb AND NOT email_notifications", (tid,))
    assert prefs == [(50,)]


def test_login_users_have_their_documented_roles(db):
    dsn, tid = db
    rows = query(dsn, """
        SELECT u.email, u.sso_id, u.name, p.slug, t.slug, m.role
        FROM app_user u JOIN team p ON p.id = u.primary_team_id
        JOIN team_membership m ON m.user_id = u.id JOIN team t ON t.id = m.team_id
        WHERE u.tenant_id = %s AND u.email IN ('admin@pulsestage.app', 'alice@pulsestage.app',
              'bob@pulsestage.app', 'moderator@pulsestage.app')""", (tid,))
    found = {(email.split("@")[0], team): role for email, _, _, _, team, role in rows}
    assert found == {
        ("admin", "engineering"): "admin", ("admin", "product"): "admin",
        ("alice", "engineering"): "member", ("alice", "product"): "member",
        ("bob", "product"): "member",
        ("moderator", "product"): "moderator", ("moderator", "engineering"): "moderator",
    }
    people = {email.split("@")[0]: (sso, name, primary) for email, sso, name, primary, _, _ in rows}
    assert people == {
        "admin": ("admin", "Admin (Demo)", "engineering"),
        "alice": ("alice", "Alice (Demo User)", "engineering"),
        "bob": ("bob", "Bob (Demo User)", "product"),
        "moderator": ("moderator", "Moderator (Demo)", "product"),
    }
    others = query(dsn, "SELECT role, count(*) FROM team_membership m JOIN app_user u ON u.id = m.user_id "
                        "WHERE m.tenant_id = %s AND NOT u.email LIKE ANY (ARRAY['admin@%%', 'alice@%%', "
                        "'bob@%%', 'moderator@%%']) GROUP BY role", (tid,))
    assert others == [("member", 46)]


def test_the_six_tags(db):
    dsn, tid = db
    tags = query(dsn, "SELECT name, color FROM tag WHERE tenant_id = %s", (tid,))
    assert dict(tags) == {
        "Currently Presenting": "#10B981", "Feature Request": "#3B82F6", "Bug": "#EF4444",
        "Question": "#8B5CF6", "Process": "#F59E0B", "Technical": "#06B6D4",
    }


def test_thirty_six_questions_by_team_status_and_author(db):
    dsn, tid = db
    by_team = query(dsn, "SELECT t.slug, q.status::text, count(*) FROM question q JOIN team t "
                         "ON t.id = q.team_id WHERE q.tenant_id = %s GROUP BY 1, 2", (tid,))
    assert {(team, status): n for team, status, n in by_team} == {
        ("engineering", "OPEN"): 10, ("engineering", "ANSWERED"): 10, ("engineering", "UNDER_REVIEW"): 2,
        ("product", "OPEN"): 6, ("product", "ANSWERED"): 6, ("product", "UNDER_REVIEW"): 2,
    }
    authors = query(dsn, "SELECT u.sso_id, count(*) FROM question q JOIN app_user u ON u.id = q.author_id "
                         "WHERE q.tenant_id = %s GROUP BY 1", (tid,))
    assert dict(authors) == {"bob": 15, "alice": 14, "moderator": 7}
    shape = query(dsn, """
        SELECT sum(upvotes), bool_and(is_anonymous), bool_and(NOT is_pinned AND NOT is_frozen),
               bool_and((status = 'ANSWERED') = (response_text IS NOT NULL AND responded_at IS NOT NULL)),
               bool_and((status = 'UNDER_REVIEW') = (cardinality(moderation_reasons) > 0)),
               bool_and(search_vector IS NOT NULL)
        FROM question WHERE tenant_id = %s""", (tid,))
    assert shape == [(432, True, True, True, True, True)]


def test_upvote_counters_are_backed_by_real_upvotes(db):
    dsn, tid = db
    mismatched = query(dsn, """
        SELECT q.id FROM question q
        LEFT JOIN upvote v ON v.question_id = q.id
        LEFT JOIN app_user u ON u.id = v.user_id AND u.tenant_id = q.tenant_id
        WHERE q.tenant_id = %s GROUP BY q.id, q.upvotes HAVING q.upvotes <> count(u.id)""", (tid,))
    assert mismatched == []
    self_votes = query(dsn, "SELECT count(*) FROM upvote v JOIN question q ON q.id = v.question_id "
                            "WHERE q.author_id = v.user_id")
    assert self_votes == [(0,)]
    login_votes = query(dsn, "SELECT count(*) FROM upvote v JOIN app_user u ON u.id = v.user_id "
                             "WHERE v.tenant_id = %s AND u.sso_id IN ('admin', 'alice', 'bob', 'moderator')",
                        (tid,))
    assert login_votes == [(0,)]  # the demo users can still upvote everything themselves


def test_settings_and_schedule(db):
    dsn, tid = db
    [(settings,)] = query(dsn, "SELECT settings FROM tenant_settings WHERE tenant_id = %s", (tid,))
    assert settings == {"pulse": {
        "enabled": True, "anonThreshold": 5, "defaultCadence": "weekly", "defaultTime": "09:00",
        "rotatingCohorts": True, "channelSlack": False, "channelEmail": True}}
    # no colour override is stored: the demo follows its theme's palette
    assert effective(settings)["branding"]["primaryColor"] is None
    assert effective(settings)["branding"]["accentColor"] is None
    schedule = query(dsn, "SELECT cadence::text, day_of_week, time_of_day, rotating_cohorts, enabled "
                          "FROM pulse_schedule WHERE tenant_id = %s", (tid,))
    assert schedule == [("WEEKLY", 1, "09:00", True, True)]


def test_pulse_questions_have_the_documented_fixed_ids(db):
    dsn, tid = db
    rows = query(dsn, "SELECT id, category, scale::text, active FROM pulse_question WHERE tenant_id = %s "
                      "ORDER BY created_at", (tid,))
    assert [r[1] for r in rows] == ["recognition", "alignment", "support", "wellbeing", "confidence",
                                    "growth", "communication", "autonomy", "nps", "energy"]
    assert all(qid == f"pulse-q-{tid}-{category}" and active for qid, category, _, active in rows)
    assert Counter(r[2] for r in rows) == {"LIKERT_1_5": 9, "NPS_0_10": 1}


def test_one_cohort_model_stored_as_json_arrays(db):
    dsn, tid = db
    rows = query(dsn, "SELECT name, jsonb_typeof(user_ids), user_ids FROM pulse_cohort WHERE tenant_id = %s "
                      "ORDER BY position", (tid,))
    assert [r[0] for r in rows] == [f"weekday-{i}" for i in range(5)]
    assert all(kind == "array" and len(ids) == 10 for _, kind, ids in rows)
    members = [uid for _, _, ids in rows for uid in ids]
    assert len(members) == len(set(members)) == 50
    logins = query(dsn, "SELECT id FROM app_user WHERE tenant_id = %s AND sso_id IN "
                        "('admin', 'alice', 'bob', 'moderator')", (tid,))
    assert {uid for (uid,) in logins} <= set(rows[0][2])


# --- pulse history --------------------------------------------------------------------------


def test_twelve_past_weeks_of_history_and_this_weeks_pending_invites(db):
    dsn, tid = db
    weeks = [w for (w,) in query(dsn, "SELECT DISTINCT week_start FROM pulse_response "
                                      "WHERE tenant_id = %s ORDER BY 1", (tid,))]
    assert weeks == [last_monday() - timedelta(weeks=i) for i in range(11, -1, -1)]
    statuses = query(dsn, "SELECT status::text, count(*), count(DISTINCT week_start), "
                          "bool_and(sent_at IS NOT NULL) FROM pulse_invite WHERE tenant_id = %s "
                          "GROUP BY 1", (tid,))
    by_status = {s: (n, w, sent) for s, n, w, sent in statuses}
    assert by_status["COMPLETED"][0] + by_status["EXPIRED"][0] == 960
    assert by_status["COMPLETED"][1] == 12 and by_status["COMPLETED"][2]
    assert by_status["PENDING"][:2] == (10, 1)
    pending = query(dsn, """
        SELECT u.sso_id, i.week_start, i.expires_at > (now() AT TIME ZONE 'utc'),
               i.team_id = u.primary_team_id
        FROM pulse_invite i JOIN app_user u ON u.id = i.user_id
        WHERE i.tenant_id = %s AND i.status = 'PENDING'""", (tid,))
    this_monday = last_monday() + timedelta(weeks=1)
    assert all(week == this_monday and live and own_team for _, week, live, own_team in pending)
    assert {"admin", "alice", "bob", "moderator"} <= {sso for sso, *_ in pending}
    [(distinct, total)] = query(dsn, "SELECT count(DISTINCT token), count(*) FROM pulse_invite")
    assert distinct == total


def test_responses_equal_completed_invites_per_team_week_and_question(db):
    dsn, tid = db
    rows = query(dsn, """
        WITH done AS (SELECT team_id, week_start, question_id, count(*) AS n FROM pulse_invite
                      WHERE tenant_id = %(t)s AND status = 'COMPLETED' GROUP BY 1, 2, 3),
             answers AS (SELECT team_id, week_start, question_id, count(*) AS n FROM pulse_response
                         WHERE tenant_id = %(t)s GROUP BY 1, 2, 3)
        SELECT coalesce(d.n, 0), coalesce(a.n, 0) FROM done d
        FULL JOIN answers a USING (team_id, week_start, question_id)""", {"t": tid})
    assert rows and all(answers <= done and answers == done for done, answers in rows)
    assert query(dsn, "SELECT count(*) FROM pulse_response WHERE team_id IS NULL") == [(0,)]


def test_about_eighty_percent_participation_and_eight_hundred_responses(db):
    dsn, tid = db
    [(completed, sent, responses)] = query(dsn, """
        SELECT count(*) FILTER (WHERE status = 'COMPLETED'),
               count(*) FILTER (WHERE sent_at IS NOT NULL),
               (SELECT count(*) FROM pulse_response WHERE tenant_id = %(t)s)
        FROM pulse_invite WHERE tenant_id = %(t)s""", {"t": tid})
    assert 0.70 <= completed / sent <= 0.90
    assert 700 <= responses <= 900 and responses == completed


def _slope_over_history(dsn: str, tid: str, team: str) -> float:
    """Least-squares change of the team's weekly Likert average across the 12 weeks."""
    rows = query(dsn, """
        SELECT r.week_start, avg(r.score)::float FROM pulse_response r
        JOIN pulse_question q ON q.id = r.question_id JOIN team t ON t.id = r.team_id
        WHERE r.tenant_id = %s AND t.slug = %s AND q.scale = 'LIKERT_1_5'
        GROUP BY 1 ORDER BY 1""", (tid, team))
    fit = statistics.linear_regression(range(len(rows)), [avg for _, avg in rows])
    return fit.slope * (len(rows) - 1)


def test_engineering_rises_and_product_falls(db):
    dsn, tid = db
    assert 0.45 <= _slope_over_history(dsn, tid, "engineering") <= 0.75
    assert -0.45 <= _slope_over_history(dsn, tid, "product") <= -0.15
    likert = query(dsn, "SELECT min(r.score), max(r.score) FROM pulse_response r JOIN pulse_question q "
                        "ON q.id = r.question_id WHERE q.scale = 'LIKERT_1_5'")
    assert likert == [(1, 5)]


# --- acme and isolation ----------------------------------------------------------------------


def test_acme_has_its_own_people_with_the_same_login_emails(db):
    dsn, _ = db
    rows = query(dsn, "SELECT t.slug, u.id, u.name FROM app_user u JOIN tenant t ON t.id = u.tenant_id "
                      "WHERE u.email = 'alice@pulsestage.app'")
    assert sorted(slug for slug, _, _ in rows) == ["acme", "default"]
    assert len({uid for _, uid, _ in rows}) == 2
    acme = tenant_id_of(dsn, "acme")
    teams = query(dsn, "SELECT slug FROM team WHERE tenant_id = %s ORDER BY slug", (acme,))
    assert teams == [("engineering",), ("marketing",), ("product",)]
    owner = query(dsn, "SELECT u.email FROM team_membership m JOIN app_user u ON u.id = m.user_id "
                       "WHERE m.tenant_id = %s AND m.role = 'owner'", (acme,))
    assert owner == [("charlie.owner@acme.com",)]
    crossed = query(dsn, "SELECT count(*) FROM upvote v JOIN app_user u ON u.id = v.user_id "
                         "WHERE u.tenant_id <> v.tenant_id")
    assert crossed == [(0,)]


# --- through a plain owner role, under FORCE ROW LEVEL SECURITY ----------------------------


def test_seed_works_for_a_non_superuser_owner_under_forced_rls(owner_db, superuser_db):
    assert query(owner_db, "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user") \
        == [(False, False)]
    report = seed(owner_db, reset=True)
    assert report.counts == superuser_db[1].counts
    # Unbound, the owner sees nothing; bound, exactly one tenant.
    assert query(owner_db, "SELECT count(*) FROM app_user") == [(0,)]
    acme = tenant_id_of(owner_db, "acme")
    assert query(owner_db, "SELECT count(*) FROM app_user", tenant_id=acme) == [(8,)]


def test_seeding_again_without_reset_changes_nothing(owner_db):
    before = seed(owner_db, reset=True)
    ids = query(owner_db, "SELECT id FROM tenant ORDER BY slug")
    again = seed(owner_db)
    assert again.added == 0 and again.counts == before.counts
    assert query(owner_db, "SELECT id FROM tenant ORDER BY slug") == ids
    assert seed(owner_db).counts == before.counts


def test_resetting_twice_gives_the_same_counts(owner_db):
    first, second = seed(owner_db, reset=True), seed(owner_db, reset=True)
    assert first.counts == second.counts
    assert first.added == second.added > 2000


def test_tenant_reset_leaves_other_tenants_and_keeps_audit_rows(owner_db):
    seed(owner_db, reset=True)
    default, acme = tenant_id_of(owner_db, "default"), tenant_id_of(owner_db, "acme")
    for tid in (default, acme):
        query(owner_db, "INSERT INTO audit_log (id, tenant_id, action, entity_type) VALUES (%s, %s, "
                        "'test.marker', 'test') RETURNING id", (str(uuid.uuid4()), tid), tenant_id=tid)
    default_users = query(owner_db, "SELECT id FROM app_user ORDER BY id", tenant_id=default)

    report = seed(owner_db, reset=True, tenant_slug="acme")
    assert set(report.counts) == {"acme"}
    assert report.counts["acme"] == {**ACME_COUNTS, "audit_log": 1}
    assert query(owner_db, "SELECT id FROM app_user ORDER BY id", tenant_id=default) == default_users

    report = seed(owner_db, reset=True, tenant_slug="default")
    assert {t: report.count("default", t) for t in DEFAULT_COUNTS} == {**DEFAULT_COUNTS, "audit_log": 1}
    [(settings,)] = query(owner_db, "SELECT settings FROM tenant_settings", tenant_id=default)
    assert settings["sessionVersion"] == 1 and settings["pulse"]["enabled"] is True
    assert query(owner_db, "SELECT id FROM app_user ORDER BY id", tenant_id=default) != default_users

    full = seed(owner_db, reset=True)  # a full reset truncates the audit log too
    assert full.count("default", "audit_log") == 0 and full.count("acme", "audit_log") == 0


def test_seed_if_empty_only_seeds_an_empty_database(owner_db):
    seed(owner_db, reset=True)
    assert seed_if_empty(owner_db) is None
    conn = psycopg2.connect(owner_db)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("TRUNCATE tenant CASCADE")
    finally:
        conn.close()
    report = seed_if_empty(owner_db)
    assert report is not None and report.count("default", "app_user") == 50
    assert seed_if_empty(owner_db) is None


def test_unknown_tenant_is_refused_before_anything_changes(owner_db):
    with pytest.raises(ValueError, match="unknown demo tenant 'nope'"):
        seed(owner_db, reset=True, tenant_slug="nope")
    assert query(owner_db, "SELECT count(*) FROM tenant") == [(2,)]
