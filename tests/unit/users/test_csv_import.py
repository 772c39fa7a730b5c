"""CSV import parsing and row judging, without a database."""

from __future__ import annotations

import pytest

from pulsestage.errors import Invalid
from pulsestage.users.csv_import import Context, judge, parse, summary

CTX = Context(
    teams={"eng": {"id": "T1", "is_active": True}, "old": {"id": "T2", "is_active": False}},
    users={"kim@x.io": {"id": "U1", "name": "Kim", "primary_team_id": "T1", "memberships": {"T1": "owner"}}},
    caller_email="Me@x.io", caller_is_owner=False,
)


def test_header_aliases_bom_blank_lines_and_line_numbers():
    rows = parse('\ufeffE-mail, Full Name ,home_team,ROLE\n\n"a@x.io","A, with comma",eng,Member\n'
                 '"b@x.io","B\nsecond line",eng,viewer\n')
    assert [(r.line, r.email, r.name, r.role) for r in rows] == [
        (3, "a@x.io", "A, with comma", "member"), (5, "b@x.io", "B\nsecond line", "viewer")]


@pytest.mark.parametrize("text", ["", "\n\n", "email,name,role\nx@y.z,X,member", "email,name,homeTeam,role\n"])
def test_unusable_files(text):
    with pytest.raises(Invalid):
        parse(text)


def test_judging_rows():
    rows = judge(parse(
        "email,name,homeTeam,role\n"
        "new@x.io,New,eng,member\n"          # 2 create
        "kim@x.io,Kim,eng,member\n"          # 3 demoting an owner needs an owner
        "me@x.io,Me,eng,member\n"            # 4 own account
        "z@x.io,Z,old,member\n"              # 5 inactive team
        "new@x.io,New,eng,member\n"          # 6 exact duplicate: skip
        "new@x.io,Other,eng,member\n"        # 7 conflicting duplicate
        "short,,,\n"                         # 8 every field wrong
        "ragged@x.io,Ragged\n"               # 9 missing cells
    ), CTX)
    problems = {r.line: sorted(p["field"] for p in r.problems) for r in rows if r.problems}
    assert problems == {3: ["role"], 4: ["email"], 5: ["homeTeam"], 7: ["email"],
                        8: ["email", "homeTeam", "name", "role"], 9: ["homeTeam", "role"]}
    assert [r.action for r in rows][:1] == ["create"] and rows[4].action == "skip"
    assert summary(rows) == {"total": 8, "valid": 2, "errors": 6, "toCreate": 1, "toUpdate": 0, "duplicates": 1}


def test_owner_may_change_owners():
    ctx = Context(CTX.teams, CTX.users, "me@x.io", caller_is_owner=True)
    (row,) = judge(parse("email,name,homeTeam,role\nkim@x.io,Kim,eng,member\n"), ctx)
    assert not row.problems and row.action == "update" and row.user_id == "U1"
