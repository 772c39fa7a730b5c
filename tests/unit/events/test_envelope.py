"""The SSE frame of an event: the same bytes as always, encoded once however many streams write it."""

from __future__ import annotations

from pulsestage.events import envelope
from pulsestage.events.envelope import Event, decode, encode
from pulsestage.http.responses import dumps


def make_event() -> Event:
    return Event(42, "t1", "question:created", {"id": "q1", "body": "É?"}, 1700000000000, {"minRole": None})


def test_the_frame_is_the_old_encoding():
    event = make_event()
    assert event.frame() == b"id: 42\ndata: %s\n\n" % dumps(
        {"type": "question:created", "tenantId": "t1", "data": {"id": "q1", "body": "É?"},
         "timestamp": 1700000000000})
    relayed = decode(encode(42, dumps({"tenantId": "t1", "type": "question:created", "data": event.data,
                                       "timestamp": event.timestamp, "audience": event.audience})))
    assert relayed.frame() == event.frame()


def test_the_frame_is_encoded_once(monkeypatch):
    calls = []
    monkeypatch.setattr(envelope, "dumps", lambda data: calls.append(data) or dumps(data))
    event = make_event()
    frames = [event.frame() for _ in range(3)]
    assert len(calls) == 1
    assert frames[0] is frames[1] is frames[2]


def test_the_cached_frame_changes_neither_equality_nor_repr():
    event = make_event()
    before = repr(event)
    event.frame()
    assert event == make_event()
    assert repr(event) == before and "wire" not in before
