"""Suppression, property-based: for random team sizes and answers, no published number is computed
from fewer than the threshold — directly, or by subtracting visible groups from a total (the
all-teams view against every team view)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from pulsestage.pulse.anonymity import suppress
from pulsestage.pulse.summary import ALL, NO_TEAM, build_cells, relations

WEEKS = [dt.date(2026, 3, 2), dt.date(2026, 3, 9)]
QUESTIONS = {
    "q1": {"id": "q1", "scale": "LIKERT_1_5", "category": "wellbeing"},
    "q2": {"id": "q2", "scale": "LIKERT_1_5", "category": "wellbeing"},  # shared category: combined
    "q3": {"id": "q3", "scale": "LIKERT_1_5", "category": None},
    "q4": {"id": "q4", "scale": "NPS_0_10", "category": "nps"},
}
TEAMS = ["ta", "tb", "tc"]


@st.composite
def response_cells(draw):
    rows = []
    for team in TEAMS + [None]:
        for question in QUESTIONS:
            for week in WEEKS:
                n = draw(st.sampled_from([0, 0, 1, 2, 3, 4, 5, 6, 9, 14]))
                if team is None and n and draw(st.booleans()):
                    n = 0
                if n:
                    rows.append({"team_id": team, "question_id": question, "week_start": week, "n": n,
                                 "total": n * draw(st.integers(1, 5))})
    return rows, draw(st.sampled_from([3, 5, 7]))


def published(rows, threshold):
    cells = build_cells(rows, QUESTIONS, set(TEAMS))
    views = sorted(set(TEAMS) | ({NO_TEAM} if any(k[1] == NO_TEAM for k in cells.n) else set())) + [ALL]
    never = [k for k in cells.n if k[1] == NO_TEAM]
    hidden = suppress(dict(cells.n), relations(cells, QUESTIONS, views, WEEKS), threshold, never)
    return cells, hidden


@settings(max_examples=150, deadline=None)
@given(response_cells())
def test_no_shown_cell_has_fewer_than_threshold(data) -> None:
    rows, threshold = data
    cells, hidden = published(rows, threshold)
    for key, n in cells.n.items():
        if key not in hidden:
            assert n >= threshold, key


@settings(max_examples=150, deadline=None)
@given(response_cells())
def test_subtracting_visible_teams_from_the_total_reveals_no_small_group(data) -> None:
    rows, threshold = data
    cells, hidden = published(rows, threshold)
    for key, total in cells.n.items():
        if key[1] != ALL or key in hidden:
            continue
        visible = sum(cells.n.get(key[:1] + (team,) + key[2:], 0) for team in TEAMS
                      if key[:1] + (team,) + key[2:] not in hidden)
        residual = total - visible
        assert residual == 0 or residual >= threshold, (key, residual)
