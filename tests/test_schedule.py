"""Business days and call windows: the dates and hours a user sees on follow-ups."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from builders import BERLIN, NEW_YORK, config, interview, only, planned

from calsync import schedule
from calsync.config import Cadence

CHRISTMAS = (date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 26))


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (date(2026, 11, 19), 2, date(2026, 11, 23)),  # Thu + 2 -> Mon: the weekend is skipped
        (date(2026, 11, 20), 1, date(2026, 11, 23)),  # Fri + 1 -> Mon
        (date(2026, 11, 21), 1, date(2026, 11, 23)),  # Sat + 1 -> Mon
        (date(2026, 11, 17), 5, date(2026, 11, 24)),  # Tue + 5 -> next Tue
        (date(2026, 11, 18), 0, date(2026, 11, 18)),  # zero days: the day itself
    ],
)
def test_business_days_skip_weekends(day, n, expected):
    assert schedule.add_business_days(day, n, Cadence()) == expected


def test_business_days_skip_configured_holidays():
    wednesday = date(2026, 12, 23)
    assert schedule.add_business_days(wednesday, 1, Cadence()) == date(2026, 12, 24)
    with_holidays = Cadence(holidays=CHRISTMAS)
    assert schedule.add_business_days(wednesday, 1, with_holidays) == date(2026, 12, 28)
    assert schedule.add_business_days(wednesday, 3, with_holidays) == date(2026, 12, 30)


def test_business_days_follow_configured_workdays():
    four_day_week = Cadence(workdays=(0, 1, 2, 3))  # Mon-Thu
    assert schedule.add_business_days(date(2026, 11, 19), 1, four_day_week) == date(2026, 11, 23)


def test_call_window_is_wall_time_on_both_sides_of_a_dst_change():
    before = schedule.call_window(date(2026, 10, 23), Cadence(), BERLIN)  # CEST, UTC+2
    after = schedule.call_window(date(2026, 10, 26), Cadence(), BERLIN)  # CET, UTC+1
    for start, end in (before, after):
        assert (start.time(), end.time()) == (time(10), time(16))
    assert before[0].astimezone(UTC).hour == 8
    assert after[0].astimezone(UTC).hour == 9


def test_window_opening_inside_a_dst_gap_moves_forward():
    # 02:30 does not exist in Berlin on 29 March 2026: the clocks jump from 02:00 to 03:00.
    moment = schedule.at(date(2026, 3, 29), time(2, 30), BERLIN)
    assert moment.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert (moment.hour, moment.minute, moment.utcoffset()) == (3, 30, timedelta(hours=2))


def test_phone_call_after_dst_end_is_in_the_call_window_of_the_interview_zone():
    # Friday before US clocks go back (1 Nov 2026); the call falls on Tuesday, in EST.
    friday = interview(datetime(2026, 10, 30, 15, 0, tzinfo=NEW_YORK), company="Initrode")
    call = only(planned([friday]), "phone-call")
    assert call.start.date() == date(2026, 11, 3)
    assert (call.start.time(), call.due.time()) == (time(10), time(16))
    assert call.start.astimezone(UTC) == datetime(2026, 11, 3, 15, 0, tzinfo=UTC)
    assert call.due.astimezone(UTC) == datetime(2026, 11, 3, 21, 0, tzinfo=UTC)


def test_phone_call_uses_the_configured_call_window():
    friday = interview(datetime(2026, 11, 20, 11, 0, tzinfo=BERLIN))
    call = only(planned([friday], config(call_window=(time(9, 30), time(11)))), "phone-call")
    assert call.start == datetime(2026, 11, 24, 9, 30, tzinfo=BERLIN)
    assert call.due == datetime(2026, 11, 24, 11, 0, tzinfo=BERLIN)


def test_a_country_code_skips_its_public_holidays():
    """23 Dec 2026 is a Wednesday; in Germany the 25th and 26th are public holidays."""
    germany = Cadence(holiday_regions=("DE",))
    assert schedule.add_business_days(date(2026, 12, 23), 1, germany) == date(2026, 12, 24)
    assert schedule.add_business_days(date(2026, 12, 23), 2, germany) == date(2026, 12, 28)
    assert schedule.add_business_days(date(2026, 12, 23), 2, Cadence()) == date(2026, 12, 25)
    # Across New Year: 1 Jan 2027 is a holiday there too.
    assert schedule.add_business_days(date(2026, 12, 31), 1, germany) == date(2027, 1, 4)


def test_a_region_adds_its_own_holidays():
    """Reformation Day (31 Oct) is a holiday in Brandenburg, not in Berlin."""
    friday = date(2025, 10, 30)  # a Thursday
    assert schedule.add_business_days(friday, 1, Cadence(holiday_regions=("DE-BB",))) == date(
        2025, 11, 3
    )
    assert schedule.add_business_days(friday, 1, Cadence(holiday_regions=("DE-BE",))) == date(
        2025, 10, 31
    )
