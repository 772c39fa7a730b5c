"""When a schedule is due, in the tenant's own time zone (DST-correct through zoneinfo)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MIN_DAYS = {"WEEKLY": 7, "BIWEEKLY": 14}


def zone(name: str | None) -> ZoneInfo:
    """The IANA zone, UTC when missing or unknown."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def aware(value: dt.datetime | None) -> dt.datetime | None:
    """A naive UTC timestamp from the database as an aware one."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)


def monday(day: dt.date) -> dt.date:
    """The Monday of the ISO week containing `day`."""
    return day - dt.timedelta(days=day.weekday())


def local_today(now: dt.datetime, timezone: str | None) -> dt.date:
    """Today's date in the zone."""
    return now.astimezone(zone(timezone)).date()


def occurrence_today(schedule: dict, now: dt.datetime) -> dt.datetime | None:
    """Today's scheduled moment (aware) if today is a send day and the moment has passed, else None.

    `day_of_week` counts from 0 = Sunday; MONTHLY means the first such weekday of the month.
    """
    tz = zone(schedule.get("timezone"))
    local = now.astimezone(tz)
    if local.weekday() != (schedule["day_of_week"] - 1) % 7:
        return None
    if schedule["cadence"] == "MONTHLY" and local.day > 7:
        return None
    hour, minute = (int(part) for part in schedule["time_of_day"].split(":"))
    moment = dt.datetime(local.year, local.month, local.day, hour, minute, tzinfo=tz)
    # A time inside a spring-forward gap does not exist; zoneinfo maps it to the hour after.
    return moment if moment.astimezone(dt.UTC) <= now.astimezone(dt.UTC) else None


def is_due(schedule: dict, now: dt.datetime) -> bool:
    """Due when today's moment has passed and the last scheduled run was long enough ago.

    A run missed because the server was down happens once when it comes back the same day; the
    next day it is skipped. Never twice: the last run's date rules out a second run that day.
    """
    moment = occurrence_today(schedule, now)
    if moment is None:
        return False
    last = aware(schedule.get("last_run_at"))
    if last is None:
        return True
    if last >= moment:
        return False
    tz = zone(schedule.get("timezone"))
    last_day, today = last.astimezone(tz).date(), now.astimezone(tz).date()
    if schedule["cadence"] == "MONTHLY":
        return (last_day.year, last_day.month) != (today.year, today.month)
    return (today - last_day).days >= MIN_DAYS.get(schedule["cadence"], 7)
