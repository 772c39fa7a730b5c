"""When a schedule is due: local time, DST, missed runs once the same day, never twice, cadences."""

from __future__ import annotations

import datetime as dt

from pulsestage.pulse.timing import is_due, occurrence_today

UTC = dt.UTC


def schedule(**over) -> dict:
    return {"cadence": "WEEKLY", "day_of_week": 1, "time_of_day": "09:00", "timezone": "Europe/Berlin",
            "last_run_at": None, **over}


def at(y, mo, d, h, mi=0) -> dt.datetime:
    return dt.datetime(y, mo, d, h, mi, tzinfo=UTC)


def test_fires_at_local_time_across_dst() -> None:
    # Monday 2026-03-23 (CET, UTC+1): 09:00 local = 08:00 UTC
    assert not is_due(schedule(), at(2026, 3, 23, 7, 59))
    assert is_due(schedule(), at(2026, 3, 23, 8, 0))
    # Monday 2026-03-30 (CEST, UTC+2): 09:00 local = 07:00 UTC
    assert occurrence_today(schedule(), at(2026, 3, 30, 7, 0)) is not None
    assert occurrence_today(schedule(), at(2026, 3, 30, 6, 59)) is None


def test_missed_run_happens_once_the_same_day_and_not_the_next() -> None:
    monday_evening = at(2026, 3, 23, 18)
    assert is_due(schedule(), monday_evening)  # server was down at 09:00
    assert not is_due(schedule(last_run_at=monday_evening - dt.timedelta(minutes=1)), monday_evening)
    assert not is_due(schedule(), at(2026, 3, 24, 9))  # Tuesday: skipped


def test_never_twice_and_weekly_gap() -> None:
    ran = at(2026, 3, 23, 8, 1).replace(tzinfo=None)  # stored naive UTC
    assert not is_due(schedule(last_run_at=ran), at(2026, 3, 23, 12))
    assert is_due(schedule(last_run_at=ran), at(2026, 3, 30, 8))


def test_biweekly_and_monthly() -> None:
    ran = at(2026, 3, 2, 8, 1)
    assert not is_due(schedule(cadence="BIWEEKLY", last_run_at=ran), at(2026, 3, 9, 8))
    assert is_due(schedule(cadence="BIWEEKLY", last_run_at=ran), at(2026, 3, 16, 8))
    assert is_due(schedule(cadence="MONTHLY", last_run_at=ran), at(2026, 4, 6, 8))  # first Monday of April
    assert not is_due(schedule(cadence="MONTHLY", last_run_at=ran), at(2026, 3, 9, 8))
    assert not is_due(schedule(cadence="MONTHLY"), at(2026, 4, 13, 8))  # second Monday


def test_sunday_is_day_zero() -> None:
    assert is_due(schedule(day_of_week=0, timezone="UTC"), at(2026, 3, 29, 9))
