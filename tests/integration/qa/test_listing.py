"""Listing and search: filters, sorts, pagination with a total, stemming and prefixes, the GIN index."""

from __future__ import annotations

import asyncio

from tests.integration.qa.support import Session, questions, sql, tag_id


async def test_filters_sorts_and_pages(client, database):
    mod = await Session(client, "moderator").start()
    status, page = await mod.call("GET", "/api/questions", params={"team": "engineering", "pageSize": "4"})
    assert status == 200 and page["total"] == 10 and page["page"] == 1 and page["pageSize"] == 4
    votes = [q["upvotes"] for q in page["questions"]]
    assert votes == sorted(votes, reverse=True) and len(votes) == 4
    _, last = await mod.call("GET", "/api/questions", params={"team": "engineering", "pageSize": "4", "page": "3"})
    assert len(last["questions"]) == 2 and last["total"] == 10
    _, beyond = await mod.call("GET", "/api/questions", params={"team": "engineering", "page": "9"})
    assert beyond["questions"] == [] and beyond["total"] == 10

    _, answered = await mod.call("GET", "/api/questions", params={"status": "answered", "team": "engineering"})
    assert answered["total"] == 10 and {q["status"] for q in answered["questions"]} == {"ANSWERED"}
    _, every = await mod.call("GET", "/api/questions", params={"status": "all", "pageSize": "100"})
    assert every["total"] == 32  # 16 open + 16 answered; under review is never listed
    team_id = questions(database, team="product")[0]["team_id"]
    _, by_id = await mod.call("GET", "/api/questions", params={"teamId": team_id, "status": "all"})
    assert by_id["total"] == 12

    _, newest = await mod.call("GET", "/api/questions", params={"status": "all", "sort": "newest", "pageSize": "100"})
    created = [q["createdAt"] for q in newest["questions"]]
    assert created == sorted(created, reverse=True)
    _, oldest = await mod.call("GET", "/api/questions", params={"status": "all", "sort": "oldest", "pageSize": "100"})
    assert [q["createdAt"] for q in oldest["questions"]] == sorted(created)
    pinned = questions(database, team="engineering", status="OPEN")[-1]["id"]
    await mod.call("POST", f"/api/questions/{pinned}/pin")
    _, first = await mod.call("GET", "/api/questions", params={"team": "engineering", "sort": "pinned"})
    assert first["questions"][0]["id"] == pinned

    technical = tag_id(database, "Technical")
    _, by_tag = await mod.call("GET", "/api/questions", params={"tagId": technical, "status": "all"})
    _, by_name = await mod.call("GET", "/api/questions", params={"tag": "technical", "status": "all"})
    assert by_tag["total"] == by_name["total"] > 0
    assert all(any(t["tagId"] == technical for t in q["tags"]) for q in by_tag["questions"])

    oldest = min(q["created_at"] for q in questions(database))
    day = oldest.date().isoformat()
    _, on_day = await mod.call("GET", "/api/questions", params={"status": "all", "from": day, "to": day})
    expected = [q for q in questions(database) if q["created_at"].date() == oldest.date()
                and q["status"] != "UNDER_REVIEW"]
    assert on_day["total"] == len(expected)

    status, bad = await mod.call("GET", "/api/questions", params={"status": "weird", "sort": "x", "page": "0",
                                                                  "from": "31/01/2025"})
    assert status == 400 and {f["field"] for f in bad["fields"]} == {"status", "sort", "page", "from"}
    status, _ = await mod.call("GET", "/api/questions", params={"team": "nope"})
    assert status == 404


async def test_all_teams_means_my_teams_unless_admin(client, database, peers):
    bob = await Session(client, "bob").start()  # bob is only in Product
    _, mine = await bob.call("GET", "/api/questions", params={"status": "all", "pageSize": "100"})
    assert {q["team"]["slug"] for q in mine["questions"]} == {"product"}
    _, explicit = await bob.call("GET", "/api/questions", params={"team": "engineering", "status": "all"})
    assert explicit["total"] == 20  # another team's questions are readable when asked for
    admin = await Session(await peers(), "admin").start()
    _, everything = await admin.call("GET", "/api/questions", params={"team": "all", "status": "all"})
    assert everything["total"] == 32


async def test_full_text_search(client, database):
    alice = await Session(client, "alice").start()

    async def find(text, **params):
        status, page = await alice.call("GET", "/api/questions", params={"search": text, "status": "all", **params})
        assert status == 200, page
        return [q["body"] for q in page["questions"]]

    assert any("migrations" in b for b in await find("migration"))  # English stemming
    assert any("migrations" in b for b in await find("migra"))  # prefix on the word being typed
    assert any("Rust" in b for b in await find("rust perf"))
    assert any("disaster recovery" in b for b in await find('"disaster recovery"'))
    assert not any("Rust" in b for b in await find("microservices -rust"))
    assert any("conferences" in b for b in await find("conf"))
    answers = await find("approvals")  # answer text is searched too (weight B)
    assert any("code review" in b for b in answers)
    assert await find("zzzqqq") == []
    assert await find("the and of") == []
    hostile = await find("x'); DROP TABLE question; -- :* & | ! (")
    assert hostile == [] and sql(database, "SELECT count(*) AS n FROM question")[0]["n"] > 0
    ranked = await find("database")
    assert ranked[0].lower().count("database") >= 1
    assert all("product" == q for q in await _teams(alice, "database", "product"))
    status, similar = await alice.call("GET", "/api/questions/search", params={"q": "code review"})
    assert status == 200 and len(similar) <= 10 and "code review" in similar[0]["body"]
    status, short = await alice.call("GET", "/api/questions/search", params={"q": "a"})
    assert short == []


async def _teams(session, text, team):
    _, page = await session.call("GET", "/api/questions", params={"search": text, "team": team, "status": "all"})
    return [q["team"]["slug"] for q in page["questions"]]


def test_search_uses_the_gin_index(database):
    """On 20,000 questions, under row-level security as the app role, a search is answered through the
    GIN index once PostgreSQL may evaluate `@@` inside an index scan (ts_match_vq marked LEAKPROOF:
    without it, RLS keeps non-leakproof operators out of index conditions and every search is a
    sequential scan)."""
    from pulsestage.qa.search import ListQuery, build

    tenant = sql(database, "SELECT id FROM tenant WHERE slug = 'default'")[0]["id"]
    team = questions(database, team="engineering")[0]["team_id"]
    sql(database, """
        INSERT INTO question (id, tenant_id, body, team_id, status)
        SELECT gen_random_uuid()::text, %s, 'Synthetic question ' || g || ' about ' ||
               (ARRAY['budgets','laptops','hiring','offsites','roadmaps','deployments'])[1 + g %% 6] ||
               ' and topic' || (g %% 997), %s, 'OPEN'
        FROM generate_series(1, 20000) g""", (tenant, team))
    sql(database, "ALTER FUNCTION ts_match_vq(tsvector, tsquery) LEAKPROOF")
    sql(database, "VACUUM ANALYZE question")
    page, _, params = build(ListQuery(tenant, None, False, status="all", search="topic42", sort="relevance"))
    import psycopg2

    with psycopg2.connect(database) as conn, conn.cursor() as cur:
        cur.execute("SET ROLE pulsestage_app")
        cur.execute("SELECT set_config('app.tenant_id', %s, true)", (tenant,))
        cur.execute(f"EXPLAIN {page}", params)
        plan = "\n".join(r[0] for r in cur.fetchall())
    assert "question_search_vector_idx" in plan, plan


async def test_list_requests_in_parallel_are_consistent(client, database):
    alice = await Session(client, "alice").start()
    pages = await asyncio.gather(*[alice.call("GET", "/api/questions", params={"page": str(p), "pageSize": "5",
                                                                              "status": "all", "team": "all"})
                                   for p in (1, 2, 3, 4, 5, 6, 7)])
    ids = [q["id"] for _, page in pages for q in page["questions"]]
    assert len(ids) == len(set(ids)) == pages[0][1]["total"]


async def test_list_total_is_capped_at_a_thousand(client, database):
    """The list counts at most 1,001 rows: 1,000 is exact, anything more is "1000+" (totalCapped)."""
    tenant = sql(database, "SELECT id FROM tenant WHERE slug = 'default'")[0]["id"]
    team = questions(database, team="engineering")[0]["team_id"]
    mod = await Session(client, "moderator").start()
    params = {"team": "engineering", "pageSize": "100"}
    _, page = await mod.call("GET", "/api/questions", params=params)
    insert = """INSERT INTO question (id, tenant_id, body, team_id, status)
                SELECT gen_random_uuid()::text, %s, 'Synthetic open question ' || g, %s, 'OPEN'
                FROM generate_series(1, %s) g"""
    sql(database, insert, (tenant, team, 1000 - page["total"]))
    _, exact = await mod.call("GET", "/api/questions", params=params)
    assert (exact["total"], exact["totalCapped"], len(exact["questions"])) == (1000, False, 100)
    sql(database, insert, (tenant, team, 5))
    _, capped = await mod.call("GET", "/api/questions", params=params)
    assert (capped["total"], capped["totalCapped"]) == (1000, True)
    _, middle = await mod.call("GET", "/api/questions", params={**params, "page": "4"})
    assert (middle["total"], middle["totalCapped"]) == (1000, True)
    _, last = await mod.call("GET", "/api/questions", params={**params, "page": "11"})
    assert (len(last["questions"]), last["total"], last["totalCapped"]) == (5, 1005, False)  # a short page is exact
