"""Listing and full-text search of questions: filters, sort orders, pagination with a total.

The SQL is assembled only from the constant fragments below; every value the caller supplies
travels as a parameter. Search uses the stored `search_vector` (GIN-indexed, English stemming):
the text goes through `websearch_to_tsquery`, and the word being typed at the end also matches as
a prefix (`to_tsquery('english', word || ':*')`, the word reduced to letters and digits first).
Ranking runs over a bounded candidate set (the newest CANDIDATES matches) so a common word cannot
make a search slow.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from pulsestage.qa.questions_queries import COLUMNS

CANDIDATES = 1000  # a search ranks at most this many matches
COUNT_CAP = 1000  # a list counts at most this many rows ("1000+"): the count stops at COUNT_CAP + 1
Fetch = Callable[[str, dict], Awaitable[list[dict]]]  # (sql, params) → rows
_LAST_WORD = re.compile(r"(?:^|[^\w-])([^\W_]+)$")

STATUS = {
    "open": "q.status = 'OPEN'",
    "answered": "q.status = 'ANSWERED'",
    "all": "q.status <> 'UNDER_REVIEW'",
}
# Ties on votes go to the newer question, so "top" can walk (tenant_id, upvotes DESC, created_at DESC).
ORDER = {
    "top": "q.upvotes DESC, q.created_at DESC, q.id",
    "newest": "q.created_at DESC, q.id",
    "oldest": "q.created_at, q.id",
    "pinned": "q.is_pinned DESC, q.upvotes DESC, q.created_at DESC, q.id",
    "relevance": "q.rank DESC, q.created_at DESC, q.id",
}
TEAM = "q.team_id = %(team_id)s"
TEAMS = "q.team_id = ANY(%(team_ids)s)"
TAG = """EXISTS (SELECT 1 FROM question_tag qt JOIN tag g ON g.tenant_id = qt.tenant_id AND g.id = qt.tag_id
        WHERE qt.tenant_id = q.tenant_id AND qt.question_id = q.id
          AND (g.id = %(tag)s OR lower(g.name) = lower(%(tag)s)))"""
FROM_DATE = "q.created_at >= %(date_from)s::date"
TO_DATE = "q.created_at < %(date_to)s::date + 1"
MATCH = "q.search_vector @@ s.query"

QUERY_BOTH = "websearch_to_tsquery('english', %(q_text)s) && to_tsquery('english', %(q_prefix)s)"
QUERY_PREFIX = "to_tsquery('english', %(q_prefix)s)"
QUERY_TEXT = "websearch_to_tsquery('english', %(q_text)s)"


@dataclass(frozen=True, slots=True)
class ListQuery:
    """What a list request asks for (already validated)."""

    tenant_id: str
    viewer_id: str | None
    attributed: bool
    status: str = "open"
    team_id: str | None = None
    team_ids: list[str] | None = None  # None = no team restriction
    tag: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    search: str | None = None
    sort: str = "top"
    page: int = 1
    page_size: int = 50


def tsquery_parts(text: str) -> tuple[str, dict[str, str]] | None:
    """(SQL expression, parameters) for the search text, or None when it has nothing to search."""
    text = text.strip()
    if not text:
        return None
    match = _LAST_WORD.search(text)
    if match is None:
        return QUERY_TEXT, {"q_text": text}
    word = match.group(1)
    rest = text[: match.start(1)].strip()
    params = {"q_prefix": f"{word}:*"}
    if not rest:
        return QUERY_PREFIX, params
    return QUERY_BOTH, {**params, "q_text": rest}


def _where(query: ListQuery, params: dict) -> list[str]:
    clauses = ["q.tenant_id = %(tenant_id)s", "q.deleted_at IS NULL", STATUS[query.status]]
    if query.team_id is not None:
        clauses.append(TEAM)
        params["team_id"] = query.team_id
    elif query.team_ids is not None:
        clauses.append(TEAMS)
        params["team_ids"] = query.team_ids
    if query.tag:
        clauses.append(TAG)
        params["tag"] = query.tag
    if query.date_from:
        clauses.append(FROM_DATE)
        params["date_from"] = query.date_from
    if query.date_to:
        clauses.append(TO_DATE)
        params["date_to"] = query.date_to
    return clauses


def build(query: ListQuery) -> tuple[str, str, dict]:
    """(page SQL, count SQL, parameters); every page row also carries the total."""
    params: dict = {"tenant_id": query.tenant_id, "viewer_id": query.viewer_id,
                    "attributed": query.attributed, "limit": query.page_size,
                    "offset": (query.page - 1) * query.page_size}
    where = _where(query, params)
    ts = tsquery_parts(query.search) if query.search else None
    if ts is None:
        order = ORDER["top" if query.sort == "relevance" else query.sort]
        conditions = " AND ".join(where)
        capped_count = f"SELECT count(*) FROM (SELECT 1 FROM question q WHERE {conditions} LIMIT {COUNT_CAP + 1}) x"
        # the capped count rides along as an uncorrelated sub-select (computed once): one round trip
        page = (f"SELECT {COLUMNS}, ({capped_count}) AS total FROM question q WHERE {conditions} "
                f"ORDER BY {order} LIMIT %(limit)s OFFSET %(offset)s")
        count = f"SELECT ({capped_count}) AS total"
        return page, count, params
    expression, ts_params = ts
    params.update(ts_params, candidates=CANDIDATES)
    conditions = " AND ".join([*where, MATCH])
    # Rank and order only the bounded candidates, page them, and only then build the full rows
    # (team, tags, my upvote) for the page: the expensive columns are computed 50 times, not 1000.
    candidates = (f"SELECT q.id, q.upvotes, q.created_at, q.is_pinned, ts_rank_cd(q.search_vector, s.query) AS rank "
                  f"FROM question q, s WHERE {conditions} ORDER BY q.created_at DESC LIMIT %(candidates)s")
    order = ORDER[query.sort]
    page = f"""
WITH s AS (SELECT {expression} AS query), m AS ({candidates}),
p AS (SELECT m.*, count(*) OVER () AS total FROM m ORDER BY {order.replace("q.", "m.")}
      LIMIT %(limit)s OFFSET %(offset)s)
SELECT {COLUMNS}, p.total
FROM p JOIN question q ON q.tenant_id = %(tenant_id)s AND q.id = p.id
ORDER BY {order.replace("q.", "p.")}"""
    count = f"WITH s AS (SELECT {expression} AS query), m AS ({candidates}) SELECT count(*) AS total FROM m"
    return page, count, params


async def run(fetch: Fetch, query: ListQuery) -> tuple[list[dict], int, bool]:
    """The page of rows, the total number of matches and whether that total is capped.

    `fetch(sql, params)` returns the rows of one statement (in the caller's transaction, or as a
    bound single read). A search counts at most CANDIDATES matches, a list at most COUNT_CAP (it
    then reports COUNT_CAP and capped). Every row of a page carries the total, and a short list
    page is the last one, so its total is exact; only an empty page past the first needs a
    second statement.
    """
    page, count, params = build(query)
    searching = bool(query.search and tsquery_parts(query.search))
    rows = await fetch(page, params)
    if not searching and len(rows) < query.page_size and (rows or query.page == 1):
        return rows, (query.page - 1) * query.page_size + len(rows), False
    total = rows[0]["total"] if rows else (await fetch(count, params))[0]["total"]
    if searching:
        return rows, total, total >= CANDIDATES
    return rows, min(total, COUNT_CAP), total > COUNT_CAP
