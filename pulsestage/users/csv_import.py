"""CSV user import, the pure part: parse the file and judge every row before anything is written.

Format: a header row naming `email`, `name`, `homeTeam` (a team slug) and `role`, in any order
and case (`home_team` / `home team` / `team` also name the home team); empty lines are skipped.
An e-mail that already exists is an update, not an error. The same e-mail twice in a file is
harmless when both lines agree (the second is skipped) and a problem when they disagree.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

from pulsestage.auth.permissions import ROLES
from pulsestage.errors import FieldError, Invalid

MAX_ROWS = 5000
REQUIRED = ("email", "name", "homeTeam", "role")
_ALIASES = {"email": "email", "e-mail": "email", "emailaddress": "email", "name": "name", "fullname": "name",
            "hometeam": "homeTeam", "team": "homeTeam", "role": "role"}
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")


@dataclass(slots=True)
class Row:
    """One data line of the file and what the import would do with it."""

    line: int
    email: str
    name: str
    home_team: str
    role: str
    home_team_id: str | None = None
    user_id: str | None = None
    action: str = "unknown"  # create | update | skip | unknown
    problems: list[dict[str, Any]] = field(default_factory=list)

    def fail(self, column: str, reason: str) -> None:
        """Record one problem with this line."""
        self.problems.append({"line": self.line, "field": column, "reason": reason})

    def as_json(self) -> dict[str, Any]:
        """The row as the preview shows it."""
        status = "error" if self.problems else ("skip" if self.action == "skip" else "pending")
        return {"rowNumber": self.line, "line": self.line, "email": self.email, "name": self.name,
                "homeTeam": self.home_team, "homeTeamId": self.home_team_id, "role": self.role,
                "status": status, "action": self.action, "errors": [p["reason"] for p in self.problems],
                "problems": self.problems}


@dataclass(frozen=True, slots=True)
class Context:
    """What the rows are judged against: teams by slug, users by e-mail, and who imports."""

    teams: dict[str, dict[str, Any]]  # slug -> {id, is_active}
    users: dict[str, dict[str, Any]]  # lower(email) -> {id, name, primary_team_id, memberships{team: role}}
    caller_email: str
    caller_is_owner: bool


def _column(name: str) -> str | None:
    return _ALIASES.get(re.sub(r"[\s_]", "", name.strip().lower()))


def parse(text: str) -> list[Row]:
    """Read the file into rows (400 for an unreadable file, missing columns, no rows, too many)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), skipinitialspace=True)
    try:
        header = next((r for r in reader if any(c.strip() for c in r)), None)
        if header is None:
            raise Invalid(FieldError("csvData", "empty", "The CSV file is empty"))
        columns = [_column(c) for c in header]
        missing = [c for c in REQUIRED if c not in columns]
        if missing:
            raise Invalid(FieldError("csvData", "columns",
                                     f"Missing required column(s): {', '.join(missing)}; "
                                     f"the header must name {', '.join(REQUIRED)}"))
        rows = []
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            values = {col: cells[i].strip() if i < len(cells) else "" for i, col in enumerate(columns) if col}
            rows.append(Row(reader.line_num, values["email"].lower(), values["name"],
                            values["homeTeam"], values["role"].lower()))
            if len(rows) > MAX_ROWS:
                raise Invalid(FieldError("csvData", "too_many_rows", f"At most {MAX_ROWS} rows per import"))
    except csv.Error as exc:
        raise Invalid(FieldError("csvData", "csv", f"Invalid CSV at line {reader.line_num}: {exc}")) from exc
    if not rows:
        raise Invalid(FieldError("csvData", "empty", "The CSV file has a header but no rows"))
    return rows


def judge(rows: list[Row], ctx: Context) -> list[Row]:
    """Check every row against the rules and the current data; set each row's action."""
    seen: dict[str, Row] = {}
    for row in rows:
        _check_fields(row, ctx)
        if row.problems:
            continue
        first = seen.get(row.email)
        if first is not None:
            if (first.name, first.home_team_id, first.role) == (row.name, row.home_team_id, row.role):
                row.action = "skip"
            else:
                row.fail("email", f"Duplicate e-mail with different values (first seen at line {first.line})")
            continue
        seen[row.email] = row
        _check_permissions(row, ctx)
    return rows


def _check_fields(row: Row, ctx: Context) -> None:
    if not row.email:
        row.fail("email", "Email is required")
    elif len(row.email) > 255 or not _EMAIL.fullmatch(row.email):
        row.fail("email", "Invalid email format")
    if not row.name:
        row.fail("name", "Name is required")
    elif len(row.name) > 100:
        row.fail("name", "Name must be at most 100 characters")
    team = ctx.teams.get(row.home_team.lower()) if row.home_team else None
    if not row.home_team:
        row.fail("homeTeam", "Home team is required")
    elif team is None:
        row.fail("homeTeam", f"Home team '{row.home_team}' not found")
    elif not team["is_active"]:
        row.fail("homeTeam", f"Home team '{row.home_team}' is inactive")
    else:
        row.home_team_id = team["id"]
    if not row.role:
        row.fail("role", "Role is required")
    elif row.role not in ROLES:
        row.fail("role", f"Invalid role '{row.role}'. Must be one of: {', '.join(ROLES)}")
    if row.email and _EMAIL.fullmatch(row.email):
        existing = ctx.users.get(row.email)
        row.action = "update" if existing else "create"
        row.user_id = existing["id"] if existing else None


def _check_permissions(row: Row, ctx: Context) -> None:
    if row.email == ctx.caller_email.lower():
        row.fail("email", "Your own account cannot be changed by an import")
        return
    existing = ctx.users.get(row.email)
    old_role = existing["memberships"].get(row.home_team_id) if existing else None
    if "owner" in (row.role, old_role) and old_role != row.role and not ctx.caller_is_owner:
        row.fail("role", "Only an owner can grant or remove the owner role")


def summary(rows: list[Row]) -> dict[str, int]:
    """Counts for the preview."""
    bad = sum(1 for r in rows if r.problems)
    good = [r for r in rows if not r.problems]
    return {"total": len(rows), "valid": len(good), "errors": bad,
            "toCreate": sum(r.action == "create" for r in good), "toUpdate": sum(r.action == "update" for r in good),
            "duplicates": sum(r.action == "skip" for r in good)}
