"""Business days, call windows and wall-clock times in a zone (pure)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from itertools import islice

from dateutil.rrule import DAILY, rrule, rruleset

from calsync.config import Cadence


def add_business_days(day: date, n: int, cadence: Cadence) -> date:
    """The n-th business day after `day` (weekends and holidays skipped); `day` itself if n is 0."""
    if n <= 0:
        return day
    days = rruleset()
    days.rrule(
        rrule(
            DAILY, byweekday=cadence.workdays, dtstart=datetime.combine(day + timedelta(1), time())
        )
    )
    for holiday in cadence.holidays:
        days.exdate(datetime.combine(holiday, time()))
    return next(islice(days, n - 1, None)).date()


def at(day: date, clock: time, zone: tzinfo) -> datetime:
    """`clock` on `day` as wall time in `zone` (a time that a DST jump skips moves forward)."""
    local = datetime.combine(day, clock, zone)
    # zoneinfo keeps nonexistent wall times as given; normalise through UTC so offsets are real.
    return local.astimezone(UTC).astimezone(zone)


def call_window(day: date, cadence: Cadence, zone: tzinfo) -> tuple[datetime, datetime]:
    start, end = cadence.call_window
    return at(day, start, zone), at(day, end, zone)
