"""Fuzzing the whole path (issue 5): mutated real calendars in, `calsync sync` out.

Seeds are the corpus in tests/data and the sample calendar; hypothesis truncates them, flips
bytes, shuffles, drops and repeats lines, inserts junk and hostile property lines. For every
input the command must end with 0 (planned), 3 (configuration) or 4 (not iCalendar), never
print a traceback or "internal error", leave a target it failed on exactly as it was, and
never drop an item the target held.

The normal suite runs a few dozen examples; `make fuzz` runs thousands:
CALSYNC_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest -q tests/test_fuzz.py
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import icalendar
from click.testing import CliRunner
from conftest import DATA, SAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calsync.cli import cli

EXAMPLES = int(os.environ.get("CALSYNC_FUZZ_EXAMPLES", "100"))
NOW = "2026-11-20T18:00:00Z"
CONFIG = str(SAMPLES / "config.toml")
SEEDS = sorted(
    {p.name: p.read_bytes() for p in [*DATA.rglob("*.ics"), SAMPLES / "calendar.ics"]}.items()
)
# Property lines that have broken parsers and planners: impossible dates, runaway and empty
# rules, unknown zones, bad periods and durations, stray component boundaries, odd encodings.
HOSTILE_LINES = [
    b"DTSTART:99991231T235959Z",
    b"DTSTART:00010101T000000",
    b"DTEND:20261118T100000Z",
    b"DTEND;VALUE=DATE:20261117",
    b"DTSTART;VALUE=DATE:20260230",
    b"DTSTART;VALUE=DATE:20261118",
    b"DTSTART;TZID=Nowhere/Zone:20261118T100000",
    b"DTSTART;TZID=W. Europe Standard Time:20261118T100000",
    b"DTSTART;TZID=Customized Time Zone:20261118T100000",
    b"DTSTART:20261118T100000Z",
    b"DTSTART:2026",
    b"RRULE:FREQ=SECONDLY",
    b"RRULE:FREQ=MINUTELY;COUNT=100000",
    b"RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
    b"RRULE:FREQ=HOURLY;INTERVAL=5;BYHOUR=1,2",
    b"RRULE:FREQ=YEARLY;COUNT=-1",
    b"RRULE:FREQ=WEEKLY;UNTIL=20261101",
    b"RRULE:FREQ=WEEKLY;UNTIL=20261201T000000Z;COUNT=3",
    b"RRULE:FREQ=MONTHLY;BYSETPOS=9;BYDAY=MO",
    b"RRULE:FREQ=DAILY;INTERVAL=0",
    b"RRULE:FREQ=FORTNIGHTLY",
    b"RRULE:",
    b"EXDATE:garbage",
    b"EXDATE:20261123T090000Z",
    b"RDATE:20261118T100000Z,20261119T100000Z",
    b"RDATE;VALUE=PERIOD:20261118T100000Z/PT1H",
    b"RDATE;VALUE=PERIOD:20261118T100000Z/20261117T100000Z",
    b"RDATE;VALUE=DATE:20261118",
    b"RECURRENCE-ID:20261123T090000Z",
    b"RECURRENCE-ID;RANGE=THISANDFUTURE:20261118T090000Z",
    b"RECURRENCE-ID;VALUE=DATE:20261118",
    b"DURATION:-P1D",
    b"DURATION:P99999999W",
    b"DURATION:PT0S",
    b"SEQUENCE:99999999999999999999999",
    b"SEQUENCE:-1",
    b"SEQUENCE:x",
    b"STATUS:CANCELLED",
    b"METHOD:CANCEL",
    b"X-WR-TIMEZONE:Mars/Olympus_Mons",
    b"X-WR-TIMEZONE:",
    b"X-WR-TIMEZONE:America/New_York",
    b"TZID:Customized Time Zone",
    b"TZOFFSETFROM:+9999",
    b"TZOFFSETTO:-2400",
    b"ATTENDEE;CN=:mailto:",
    b"ATTENDEE:mailto:@",
    b'ATTENDEE;CN="x:y";PARTSTAT=DECLINED:mailto:alex.rivera@example.org',
    b"ATTENDEE;CUTYPE=ROOM:mailto:room@acme.com",
    b'ORGANIZER;CN="Dana \\" Kowalski":MAILTO:dana@acme.com',
    b"ORGANIZER:",
    b"CATEGORIES:,,,",
    b"CATEGORIES:replied,interview",
    b"SUMMARY:Interview",
    b"SUMMARY:Phone screen | | |",
    b"SUMMARY:",
    b"UID:",
    b"UID:acme-tech-rounds@calsync.test",
    b"DESCRIPTION:Notes:\\n- ${x} {{y}} %(z)s $my_name\\n- Decision by Feb 30",
    b"DESCRIPTION:Notes:\\n- within 99999999999 weeks\\nPhone: +1 (555) 0100",
    b"DESCRIPTION:Decision within 99999999 working days\\nDecision by Feb 29",
    b"X-CALSYNC-KIND:thank-you",
    b"DTSTAMP:garbage",
    b"LAST-MODIFIED:20261301T000000Z",
    b"BEGIN:VEVENT",
    b"END:VEVENT",
    b"BEGIN:VALARM",
    b"END:VALARM",
    b"BEGIN:VTIMEZONE",
    b"END:VCALENDAR",
    b"BEGIN:VCALENDAR",
    b" folded continuation",
    b"\xef\xbb\xbfBEGIN:VCALENDAR",
    b"\xff\xfe",
    b"\x00\x00\x00",
    b"SUMMARY;LANGUAGE=de:Vorstellungsgespr\xe4ch",
    b"SUMMARY:Interview \xc3",
    b"garbage without a colon",
    b"DTSTART;TZID=Europe/Berlin:20260329T023000",
    b"DTSTART:19000101T000000Z",
    b"DTEND:20261101T000000Z",
    b"EXDATE;TZID=Nowhere:20261123T100000",
    b"RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=99991231T235959Z",
    b"RRULE:FREQ=YEARLY;BYYEARDAY=366",
    b"RRULE:FREQ=WEEKLY;WKST=XX",
    b"ATTENDEE;PARTSTAT=DECLINED;CN=Alex Rivera:mailto:alex.rivera@example.org",
    b"CATEGORIES:Interview",
    b"DESCRIPTION:Phone: " + b"1 " * 5000,
    b"SUMMARY:" + b"Interview with " * 200,
    # what real exports write and icalendar reads past (issue 12): a mistyped END, a stray CR
    # before a name, a page glued to the calendar's end, a zone named by its vendor's path
    b"END:VTOD",
    b"BEGIN:VTODO",
    b"\rBEGIN:VEVENT",
    b"\rSUMMARY:Interview",
    b"END:VCALENDAR<!DOCTYPE html>",
    b"DTSTART;TZID=/softwarestudio.org/Olson_20011030_5/Pacific/Auckland:20261118T153000",
]


# Mostly mutations that keep the file a calendar, so that most examples reach detection,
# planning and writing; positions come from a seeded Random (hypothesis favours position 0).
OPERATIONS = ["inject"] * 4 + ["flip"] * 2 + ["drop", "repeat", "shuffle", "junk", "truncate"]


@st.composite
def mutated_calendar(draw) -> bytes:
    """A corpus file with one to four mutations."""
    _name, data = draw(st.sampled_from(SEEDS))
    rnd = draw(st.randoms(use_true_random=True))
    for operation in draw(st.lists(st.sampled_from(OPERATIONS), min_size=1, max_size=4)):
        lines = data.split(b"\n")
        if operation == "truncate":
            data = data[: rnd.randint(0, len(data))]
        elif operation == "flip" and data:
            at = rnd.randrange(len(data))
            data = data[:at] + bytes([data[at] ^ rnd.randint(1, 255)]) + data[at + 1 :]
        elif operation == "shuffle":
            start = rnd.randrange(len(lines))
            window = lines[start : start + rnd.randint(2, 12)]
            rnd.shuffle(window)
            data = b"\n".join(lines[:start] + window + lines[start + len(window) :])
        elif operation in ("drop", "repeat"):
            at = rnd.randrange(len(lines))
            lines[at : at + 1] = [] if operation == "drop" else [lines[at]] * 2
            data = b"\n".join(lines)
        elif operation == "junk":
            at = rnd.randint(0, len(data))
            data = data[:at] + rnd.randbytes(rnd.randint(1, 64)) + data[at:]
        else:
            at = rnd.randint(1, len(lines))  # after BEGIN:VCALENDAR, or anywhere later
            line = rnd.choice(HOSTILE_LINES) + b"\r"
            data = b"\n".join(lines[:at] + [line] + lines[at:])
    return data


_counter = itertools.count()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES <= 100,  # the normal suite runs the same examples every time
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(source=mutated_calendar(), as_=st.sampled_from(["todo", "event"]))
def test_any_input_gives_follow_ups_or_one_clear_error_and_never_damages_the_target(
    tmp_path, source, as_
):
    # Each example its own files: the ledger (under CALSYNC_HOME) is keyed by target and source.
    work = tmp_path / f"example-{next(_counter)}"
    work.mkdir()
    target = work / "followups.ics"
    target.write_bytes(previous_target(tmp_path))
    before = target.read_bytes()
    path = work / "calendar.ics"
    path.write_bytes(source)

    result = CliRunner().invoke(
        cli, ["-c", CONFIG, "sync", str(path), "-o", str(target), "--now", NOW, "--as", as_]
    )

    assert result.exit_code in (0, 3, 4), (result.output, result.exception)
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    assert [p.name for p in work.iterdir() if p.suffix == ".tmp"] == []
    if result.exit_code != 0:
        assert target.read_bytes() == before
        errors = [line for line in result.stderr.splitlines() if "warning" not in line]
        assert len(errors) == 1 and errors[0].startswith("calsync: error: "), result.stderr
        assert str(path) in errors[0]
        return
    # Written: still a calendar, every item that was there still there (never deleted).
    after = icalendar.Calendar.from_ical(target.read_bytes())
    kept = {str(t["UID"]) for t in after.walk("VTODO")}  # the earlier run's tasks
    assert kept >= UIDS_BEFORE


_PREVIOUS: dict[str, bytes] = {}
UIDS_BEFORE: set[str] = set()


def previous_target(tmp_path: Path) -> bytes:
    """The sample's follow-ups, as an earlier run wrote them (made once per session)."""
    if "data" not in _PREVIOUS:
        first = tmp_path / "first.ics"
        result = CliRunner().invoke(
            cli,
            ["-c", CONFIG, "sync", str(SAMPLES / "calendar.ics"), "-o", str(first), "--now", NOW],
        )
        assert result.exit_code == 0, result.output
        _PREVIOUS["data"] = first.read_bytes()
        cal = icalendar.Calendar.from_ical(_PREVIOUS["data"])
        UIDS_BEFORE.update(str(t["UID"]) for t in cal.walk("VTODO"))
    return _PREVIOUS["data"]
