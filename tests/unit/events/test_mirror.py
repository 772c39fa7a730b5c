"""The mirror answers a replay only when it is sure it holds every event after the cursor."""

from __future__ import annotations

from pulsestage.events.envelope import Event
from pulsestage.events.mirror import Mirror


def _event(event_id: int, tenant: str = "t1") -> Event:
    return Event(event_id, tenant, "question:pinned", {"id": f"q{event_id}"}, 0, {})


def test_nothing_before_it_starts():
    mirror = Mirror(10)
    mirror.add(_event(1))
    assert mirror.since("t1", 0) is None


def test_it_answers_cursors_from_its_base_to_the_newest_id_seen():
    mirror = Mirror(10)
    mirror.reset(100)
    for i in (101, 102, 104):
        mirror.add(_event(i))
    mirror.add(_event(103, "t2"))
    assert [e.id for e in mirror.since("t1", 100)] == [101, 102, 104]
    assert [e.id for e in mirror.since("t1", 102)] == [104]
    assert mirror.since("t1", 104) == []
    assert [e.id for e in mirror.since("t2", 100)] == [103]
    assert mirror.since("t3", 101) == []  # a quiet tenant: nothing happened after the cursor
    assert mirror.since("t1", 99) is None  # from before the mirror started: ask Redis
    assert mirror.since("t1", 105) is None  # newer than anything seen here: the relay may lag


def test_a_trimmed_buffer_hands_old_cursors_to_redis():
    mirror = Mirror(2)
    mirror.reset(0)
    for i in range(1, 6):
        mirror.add(_event(i))
    assert [e.id for e in mirror.since("t1", 3)] == [4, 5]
    assert mirror.since("t1", 2) is None  # event 3 was trimmed away


def test_a_reset_forgets_everything_before_the_new_base():
    mirror = Mirror(10)
    mirror.reset(0)
    mirror.add(_event(1))
    mirror.reset(50)
    assert mirror.since("t1", 0) is None
    assert mirror.since("t1", 50) == []
