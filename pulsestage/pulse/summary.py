"""GET /api/pulse/summary: weekly trends per question, scale and category, with anonymity.

Every team's cells and the all-teams cells are computed together and suppressed together
(anonymity.suppress), so what one view shows can never be subtracted from what another view shows
to reveal a hidden group. Likert (1-5) and NPS (0-10) are never averaged together: the overall trend
has one series per scale and the category heatmap covers Likert questions only. Totals over the
range add up shown weeks only, so they add nothing an attacker could subtract.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from pulsestage.admin.settings_doc import anon_threshold, load_settings
from pulsestage.db.tenancy import tenant_tx
from pulsestage.errors import NotFound
from pulsestage.pulse import invite_queries, queries
from pulsestage.pulse.anonymity import suppress
from pulsestage.pulse.timing import local_today, monday

ALL = "*"  # the all-teams view
NO_TEAM = "-"  # responses without a known team: counted in totals, never shown alone
LIKERT, NPS = "LIKERT_1_5", "NPS_0_10"


class Cells:
    """Counts and sums per cell key, for every view at once."""

    def __init__(self) -> None:
        self.n: dict[tuple, int] = defaultdict(int)
        self.total: dict[tuple, int] = defaultdict(int)

    def add(self, key: tuple, n: int, total: int) -> None:
        """Add responses to one cell."""
        self.n[key] += n
        self.total[key] += total

    def cell(self, key: tuple, hidden: set) -> dict:
        """The published form: average and count, or nulls and insufficient."""
        n = self.n.get(key, 0)
        if key in hidden or n == 0:
            return {"average": None, "responseCount": None, "insufficient": True}
        return {"average": self.total[key] / n, "responseCount": n, "insufficient": False}


def _category(question: dict) -> str:
    return question["category"] or "uncategorized"


def build_cells(rows: list[dict], questions: dict[str, dict], teams: set[str]) -> Cells:
    """Fill the cells: per question, per scale, per Likert category and answered, for each team and all."""
    cells = Cells()
    for r in rows:
        question = questions.get(r["question_id"])
        if question is None:
            continue
        team = r["team_id"] if r["team_id"] in teams else NO_TEAM
        n, total, week = r["n"], int(r["total"]), r["week_start"]
        for view in (team, ALL):
            cells.add(("q", view, question["id"], week), n, total)
            cells.add(("s", view, question["scale"], week), n, total)
            if question["scale"] == LIKERT:
                cells.add(("c", view, _category(question), week), n, total)
            cells.add(("a", view, week), n, 0)
    return cells


def relations(cells: Cells, questions: dict[str, dict], views: list[str], weeks: list[dt.date]) -> list:
    """Every 'parent = sum of children' relation between published cells."""
    out: list[tuple[tuple, tuple]] = []
    categories = sorted({_category(q) for q in questions.values() if q["scale"] == LIKERT})
    for view in views:
        for week in weeks:
            for scale in (LIKERT, NPS):
                out.append((("s", view, scale, week),
                            tuple(("q", view, q, week) for q, v in questions.items() if v["scale"] == scale)))
            for cat in categories:
                out.append((("c", view, cat, week), tuple(
                    ("q", view, q, week) for q, v in questions.items() if v["scale"] == LIKERT and _category(v) == cat)))
            out.append((("s", view, LIKERT, week), tuple(("c", view, c, week) for c in categories)))
            out.append((("a", view, week), (("s", view, LIKERT, week), ("s", view, NPS, week))))
    teams = [v for v in views if v != ALL]
    for key in [k for k in list(cells.n) if k[1] == ALL]:
        out.append((key, tuple(key[:1] + (team,) + key[2:] for team in teams)))
    return out


def parse_range(raw: str | None) -> int:
    """`12w` → 12 weeks (1..52); default 12."""
    from pulsestage.errors import FieldError, Invalid

    if not raw:
        return 12
    if not (raw.endswith("w") and raw[:-1].isdigit()):
        raise Invalid(FieldError("range", "pattern", "range must look like 12w (a number of weeks)"))
    return min(52, max(1, int(raw[:-1])))


class Published:
    """The cells of some weeks with the set that must stay hidden, for every view at once."""

    def __init__(self, rows: list[dict], question_rows: list[dict], team_ids: set[str], mondays: list[dt.date],
                 threshold: int) -> None:
        used = {r["question_id"] for r in rows}
        self.questions = {q["id"]: q for q in question_rows if q["active"] or q["id"] in used}
        self.cells = build_cells(rows, self.questions, team_ids)
        views = sorted(team_ids | ({NO_TEAM} if any(k[1] == NO_TEAM for k in self.cells.n) else set())) + [ALL]
        never = [k for k in self.cells.n if k[1] == NO_TEAM]
        self.hidden = suppress(dict(self.cells.n), relations(self.cells, self.questions, views, mondays),
                               threshold, never)


async def summary(pool, tenant_id: str, weeks: int, team_ref: str | None, now: dt.datetime) -> dict:
    """The summary for one team (id or slug) or for all teams; threshold from settings only."""
    async with tenant_tx(pool, tenant_id) as cur:
        settings = await load_settings(cur, tenant_id)
        schedule = await queries.select_schedule(cur, tenant_id)
        team_rows = await queries.select_teams(cur, tenant_id)
        question_rows = await queries.select_questions(cur, tenant_id)
        this_monday = monday(local_today(now, schedule["timezone"] if schedule else "UTC"))
        mondays = [this_monday - dt.timedelta(weeks=i) for i in range(weeks - 1, -1, -1)]
        rows, comments, sent_rows = await invite_queries.select_summary_rows(cur, tenant_id, mondays[0], this_monday)
    threshold = anon_threshold(settings)
    team = None
    if team_ref:
        team = next((t for t in team_rows if team_ref in (t["id"], t["slug"])), None)
        if team is None:
            raise NotFound("Team not found")
    team_ids = {t["id"] for t in team_rows}
    published = Published(rows, question_rows, team_ids, mondays, threshold)
    cells, hidden, questions = published.cells, published.hidden, published.questions
    view = team["id"] if team else ALL
    sent: dict[tuple[str, dt.date], int] = defaultdict(int)
    for r in sent_rows:
        sent[(r["team_id"] if r["team_id"] in team_ids else NO_TEAM, r["week_start"])] += r["sent"]
        sent[(ALL, r["week_start"])] += r["sent"]
    return {
        "tenantId": tenant_id, "anonThreshold": threshold, "range": f"{weeks}w",
        "team": {"id": team["id"], "slug": team["slug"], "name": team["name"]} if team else None,
        "weeks": mondays,
        "summary": _overall(cells, hidden, sent, view, mondays),
        "questions": [_question(cells, hidden, q, view, mondays, comments) for q in questions.values()],
        "heatmap": _heatmap(cells, hidden, questions, view, mondays),
    }


async def published_responses(pool, tenant_id: str, week: dt.date) -> int | None:
    """How many answers the all-teams summary shows for one week; None when it hides that number.

    Weeks share no relation, so the week alone is suppressed exactly as inside any range.
    """
    async with tenant_tx(pool, tenant_id) as cur:
        settings = await load_settings(cur, tenant_id)
        team_rows = await queries.select_teams(cur, tenant_id)
        question_rows = await queries.select_questions(cur, tenant_id)
        rows = await invite_queries.select_response_cells(cur, tenant_id, week, week)
    published = Published(rows, question_rows, {t["id"] for t in team_rows}, [week], anon_threshold(settings))
    cell = published.cells.cell(("a", ALL, week), published.hidden)
    return cell["responseCount"]


def _overall(cells: Cells, hidden: set, sent: dict, view: str, mondays: list) -> dict:
    trend, answered_total, sent_total = [], 0, 0
    for week in mondays:
        likert = cells.cell(("s", view, LIKERT, week), hidden)
        answered = cells.cell(("a", view, week), hidden)
        invited = sent.get((view, week), 0)
        participation = None
        if not answered["insufficient"] and invited:
            participation = min(100.0, answered["responseCount"] / invited * 100)
            answered_total += answered["responseCount"]
            sent_total += invited
        trend.append({"weekStart": week, **likert, "participation": participation,
                      "nps": cells.cell(("s", view, NPS, week), hidden)})
    return {"overallTrend": trend, "totalResponses": answered_total, "totalInvites": sent_total,
            "participationRate": min(100.0, answered_total / sent_total * 100) if sent_total else None}


def _question(cells: Cells, hidden: set, question: dict, view: str, mondays: list, comments: list) -> dict:
    trend = [{"weekStart": w, **cells.cell(("q", view, question["id"], w), hidden)} for w in mondays]
    shown = [t for t in trend if not t["insufficient"]]
    n = sum(t["responseCount"] for t in shown)
    shown_weeks = {t["weekStart"] for t in shown}
    remarks = sorted(
        (c["week_start"], c["comment"]) for c in comments
        if c["question_id"] == question["id"] and c["week_start"] in shown_weeks
        and (view == ALL or c["team_id"] == view))
    return {
        "questionId": question["id"], "questionText": question["text"], "category": question["category"],
        "scale": question["scale"], "active": question["active"], "trend": trend,
        "overallAverage": sum(t["average"] * t["responseCount"] for t in shown) / n if n else None,
        "insufficient": not shown,
        "comments": [{"weekStart": w, "comment": text} for w, text in remarks],
    }


def _heatmap(cells: Cells, hidden: set, questions: dict, view: str, mondays: list) -> dict:
    categories = sorted({_category(q) for q in questions.values() if q["scale"] == LIKERT})
    return {cat: {w.isoformat(): cells.cell(("c", view, cat, w), hidden) for w in mondays} for cat in categories}
