"""Export rows as CSV lines or JSON objects (Q+TT without any author field)."""

from __future__ import annotations

import csv
import io
from typing import Any

from pulsestage.http.responses import camel_row, dumps, iso

CSV_HEADER = ("id", "body", "upvotes", "status", "responseText", "respondedAt", "createdAt", "updatedAt",
              "teamId", "teamName", "teamSlug", "tags")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    # A spreadsheet would run a cell starting with =, +, -, @ as a formula; people wrote these texts.
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def csv_chunk(rows: list[dict[str, Any]], header: bool = False) -> bytes:
    """CSV text for a batch of rows (with the header line first when asked)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if header:
        writer.writerow(CSV_HEADER)
    for r in rows:
        tags = ";".join(f"{t['name']}({t['id']})" for t in r["tags"])
        writer.writerow([_cell(v) for v in (
            r["id"], r["body"], r["upvotes"], r["status"], r["response_text"] or "", iso(r["responded_at"]) or "",
            iso(r["created_at"]), iso(r["updated_at"]), r["team_id"] or "", r["team_name"] or "",
            r["team_slug"] or "", tags)])
    return buffer.getvalue().encode()


def question_json(r: dict[str, Any]) -> dict[str, Any]:
    """Q+TT: the question with its team and tags; there is no author field."""
    out = camel_row(r, drop=("team_name", "team_slug", "tags"))
    out["team"] = {"id": r["team_id"], "name": r["team_name"], "slug": r["team_slug"]} if r["team_id"] else None
    out["tags"] = [{"tagId": t["id"], "tag": t} for t in r["tags"]]
    return out


def json_items(rows: list[dict[str, Any]], first: bool) -> bytes:
    """A batch of questions as comma-separated JSON objects (for the middle of an array)."""
    parts = [dumps(question_json(r)) for r in rows]
    return (b"" if first else b",") + b",".join(parts)


__all__ = ["CSV_HEADER", "csv_chunk", "json_items", "question_json"]
