"""Small pure pieces of the admin area: uptime text, stream counting, CSV cells."""

from __future__ import annotations

import csv
import datetime as dt
import io
from types import SimpleNamespace

from pulsestage.admin.export_format import CSV_HEADER, csv_chunk, question_json
from pulsestage.admin.status_service import formatted, streams


def test_uptime_text():
    assert formatted(0) == "0s"
    assert formatted(59) == "59s"
    assert formatted(3600) == "1h"
    assert formatted(90061) == "1d 1h 1m 1s"


def test_stream_counts_per_tenant():
    def stream(tenant):
        return SimpleNamespace(subscription=SimpleNamespace(viewer=SimpleNamespace(tenant_id=tenant)))

    assert streams([stream("a"), stream("a"), stream("b")], "a") == {
        "totalConnections": 3, "tenantConnections": {"a": 2}, "tenantCount": 2}


ROW = {"id": "q1", "tenant_id": "t", "body": '=cmd|"/c calc"!A1', "upvotes": 3, "status": "OPEN",
       "response_text": None, "responded_at": None, "created_at": dt.datetime(2024, 1, 2, 3, 4, 5),
       "updated_at": dt.datetime(2024, 1, 2, 3, 4, 5), "team_id": None, "team_name": None, "team_slug": None,
       "is_pinned": False, "is_frozen": False, "reviewed_at": None,
       "tags": [{"id": "g1", "name": "Bug", "color": "#EF4444"}]}


def test_csv_chunk_quotes_and_neutralises_formulas():
    text = csv_chunk([ROW, {**ROW, "id": "q2", "body": 'He said "hi",\nthen left'}], header=True).decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(CSV_HEADER)
    assert rows[1][1] == "'" + ROW["body"] and rows[1][11] == "Bug(g1)" and rows[1][6] == "2024-01-02T03:04:05.000Z"
    assert rows[2][1] == 'He said "hi",\nthen left'


def test_question_json_has_no_author():
    out = question_json(ROW)
    assert "authorId" not in out and "author" not in out and out["team"] is None
    assert out["tags"] == [{"tagId": "g1", "tag": ROW["tags"][0]}]
