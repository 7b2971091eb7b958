"""Business days, call windows and wall-clock times in a zone (pure)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
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
    for holiday in (*cadence.holidays, *_public_holidays(cadence.holiday_regions, day.year)):
        days.exdate(datetime.combine(holiday, time()))
    return next(islice(days, n - 1, None)).date()


@lru_cache(maxsize=64)
def _public_holidays(regions: tuple[str, ...], year: int) -> tuple[date, ...]:
    """The public holidays of `regions` in `year` and the next (a follow-up can cross New Year),
    from the optional `holidays` package (the config checked that it is there)."""
    if not regions:
        return ()
    import holidays

    found: set[date] = set()
    for code in regions:
        country, _, subdivision = code.partition("-")
        found |= set(
            holidays.country_holidays(country, subdiv=subdivision or None, years=[year, year + 1])
        )
    return tuple(sorted(found))


def at(day: date, clock: time, zone: tzinfo) -> datetime:
    """`clock` on `day` as wall time in `zone` (a time that a DST jump skips moves forward)."""
    local = datetime.combine(day, clock, zone)
    # zoneinfo keeps nonexistent wall times as given; normalise through UTC so offsets are real.
    return local.astimezone(UTC).astimezone(zone)


def call_window(day: date, cadence: Cadence, zone: tzinfo) -> tuple[datetime, datetime]:
    start, end = cadence.call_window
    return at(day, start, zone), at(day, end, zone)
