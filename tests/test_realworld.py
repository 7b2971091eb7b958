"""Real-world calendars (issue 12, items 18-21): what real exporters write, read as the libraries
read it, and never a follow-up twice.

Each fixture in tests/data says in its X-COMMENT line which real export its shape comes from.
The command line runs on it, in process or (where stderr as cron mails it is the point) as a
subprocess, and the follow-ups it wrote are read back.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from click.testing import Result
from conftest import BERLIN, SAMPLE_NOW, SAMPLES, fixture_path
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_corpus import CONFIG, NOW, of_kind, ok, sync, zone_of

from calsync import config as config_module
from calsync import detect, drafts, plan
from calsync.sources import ics

UTC = ZoneInfo("UTC")
AUCKLAND = ZoneInfo("Pacific/Auckland")


def run_cli(*args: str | Path) -> subprocess.CompletedProcess:
    """`python -m calsync -c samples/config.toml ARGS --now NOW`: stderr as cron would mail it."""
    argv = [sys.executable, "-m", "calsync", "-c", CONFIG, *map(str, args), "--now", NOW]
    return subprocess.run(argv, capture_output=True, text=True, timeout=60)


def items(target: Path) -> list[icalendar.Component]:
    """The follow-ups in a file or vdir target."""
    files = sorted(target.iterdir()) if target.is_dir() else [target]
    found = []
    for path in files:
        found += icalendar.Calendar.from_ical(path.read_bytes()).walk("VTODO")
    return found


def contents(target: Path) -> dict[str, bytes]:
    """Every byte of a file or vdir target, by file name."""
    files = sorted(target.iterdir()) if target.is_dir() else [target]
    return {path.name: path.read_bytes() for path in files}


def warnings_in(result: Result | subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.splitlines() if "warning" in line]


# --- 18: RECURRENCE-ID;RANGE=THISANDFUTURE ---------------------------------------------------

SERIES = fixture_path("this_and_future_override")
GLOBEX = "210@reservas.example;RECURRENCE-ID="
INITECH = "recurring-range-override@initech.example;RECURRENCE-ID="
# Each occurrence by its own start in the series, and when it really ends. Globex: weekly at
# 09:00Z, moved to 13:00Z from Nov 17 on (THISANDFUTURE), Dec 8 on its own to Dec 9 15:00Z.
# Initech: weekly Thursdays at 10:00 Berlin, moved to Fridays 12:00 from Nov 26 on.
OCCURRENCES = {
    GLOBEX + "20261103T090000Z": datetime(2026, 11, 3, 9, 30, tzinfo=UTC),
    GLOBEX + "20261110T090000Z": datetime(2026, 11, 10, 9, 30, tzinfo=UTC),
    GLOBEX + "20261117T090000Z": datetime(2026, 11, 17, 13, 30, tzinfo=UTC),
    GLOBEX + "20261124T090000Z": datetime(2026, 11, 24, 13, 30, tzinfo=UTC),
    GLOBEX + "20261201T090000Z": datetime(2026, 12, 1, 13, 30, tzinfo=UTC),
    GLOBEX + "20261208T090000Z": datetime(2026, 12, 9, 15, 30, tzinfo=UTC),
    GLOBEX + "20261215T090000Z": datetime(2026, 12, 15, 13, 30, tzinfo=UTC),
    GLOBEX + "20261222T090000Z": datetime(2026, 12, 22, 13, 30, tzinfo=UTC),
    INITECH + "20261119T090000Z": datetime(2026, 11, 19, 11, tzinfo=BERLIN),
    INITECH + "20261126T090000Z": datetime(2026, 11, 27, 13, tzinfo=BERLIN),
    INITECH + "20261203T090000Z": datetime(2026, 12, 4, 13, tzinfo=BERLIN),
    INITECH + "20261210T090000Z": datetime(2026, 12, 11, 13, tzinfo=BERLIN),
}


def test_each_occurrence_after_a_this_and_future_override_is_named_by_its_own_start(tmp_path):
    # recurring-ical-events copies the override's RECURRENCE-ID onto every later occurrence:
    # five Globex follow-ups shared one identity, and three of Initech's.
    target = tmp_path / "followups.ics"
    ok(sync(SERIES, target=target))

    thanks = of_kind(items(target), "thank-you")
    assert {str(t["X-CALSYNC-SOURCE"]): t["DTSTART"].dt for t in thanks} == OCCURRENCES
    assert len(thanks) == len(OCCURRENCES)
    # One call, check and nudge per application, after its latest round.
    for kind in ("phone-call", "next-steps", "final-nudge"):
        assert sorted(str(i["X-CALSYNC-SOURCE"]) for i in of_kind(items(target), kind)) == [
            GLOBEX + "20261222T090000Z",
            INITECH + "20261210T090000Z",
        ]


@pytest.mark.parametrize("layout", ["file", "vdir"])
def test_a_series_moved_this_and_future_is_synced_once_and_then_left_alone(tmp_path, layout):
    # Before: every run "updated" 6 follow-ups; the file grew 18 -> 24 -> 30 items, the vdir
    # held 12 files and flipped between two states.
    target = tmp_path / ("followups.ics" if layout == "file" else "tasks")
    spec = str(target) if layout == "file" else f"{target}/"

    first = ok(sync(SERIES, target=spec))
    assert "created 18, updated 0," in first.stderr + first.stdout
    written = contents(target)
    for _ in range(2):
        again = ok(sync(SERIES, target=spec))
        assert "created 0, updated 0, cancelled 0, unchanged 18," in again.output
        assert contents(target) == written

    uids = [str(i["UID"]) for i in items(target)]
    assert len(uids) == len(set(uids)) == 18
    if layout == "vdir":
        assert len(written) == 18


def test_two_copies_of_one_override_written_in_utc_and_in_a_zone_are_one_occurrence(tmp_path):
    # The same occurrence moved twice, its RECURRENCE-ID once with TZID and once in UTC (a later
    # copy from another client): both counted, one UID twice, and every run "updated" it.
    def moved(rid: str, start: str, sequence: int) -> str:
        return (
            f"BEGIN:VEVENT\r\nUID:s@initech.example\r\nDTSTAMP:20261101T000000Z\r\n{rid}\r\n"
            f"{start}\r\nDURATION:PT1H\r\nSEQUENCE:{sequence}\r\n"
            "SUMMARY:Technical round - Initech\r\nEND:VEVENT\r\n"
        )

    source = tmp_path / "copies.ics"
    source.write_bytes(
        (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"
            + moved("RRULE:FREQ=WEEKLY;COUNT=3", "DTSTART;TZID=Europe/Berlin:20261102T100000", 0)
            + moved(
                "RECURRENCE-ID;TZID=Europe/Berlin:20261109T100000",
                "DTSTART;TZID=Europe/Berlin:20261109T140000",
                1,
            )
            + moved("RECURRENCE-ID:20261109T090000Z", "DTSTART:20261109T150000Z", 2)
            + "END:VCALENDAR\r\n"
        ).encode()
    )
    target = tmp_path / "followups.ics"
    first = ok(sync(source, target=target))
    assert "created 6," in first.output and "(3 interviews in 2 events)" in first.output
    again = ok(sync(source, target=target))
    assert "created 0, updated 0, cancelled 0, unchanged 6," in again.output

    thanks = of_kind(items(target), "thank-you")
    assert [t["DTSTART"].dt for t in thanks] == [
        datetime(2026, 11, 2, 11, tzinfo=BERLIN),
        datetime(2026, 11, 9, 17, tzinfo=BERLIN),  # SEQUENCE 2: 15:00-16:00 UTC
        datetime(2026, 11, 16, 11, tzinfo=BERLIN),
    ]


@st.composite
def moved_series(draw) -> tuple[bytes, set[str]]:
    """A weekly interview series and overrides of it as clients write them: one occurrence or
    this and all later ones moved, the RECURRENCE-ID in UTC or in the series' zone, sometimes
    twice for one occurrence (a later copy). And each occurrence's start in the series (UTC)."""
    zone = draw(st.sampled_from(["Europe/Berlin", "America/New_York", "UTC"]))
    first = datetime(2026, 11, 2, 10, tzinfo=ZoneInfo(zone))
    weeks = draw(st.integers(2, 8))
    starts = [first + timedelta(weeks=n) for n in range(weeks)]

    def when(name: str, moment: datetime, params: str = "") -> str:
        if zone == "UTC" or draw(st.booleans()):
            return f"{name}{params}:{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}"
        return f"{name}{params};TZID={zone}:{moment:%Y%m%dT%H%M%S}"

    events = [
        ["UID:series@moved.example", when("DTSTART", first), f"RRULE:FREQ=WEEKLY;COUNT={weeks}"]
    ]
    for sequence in range(1, draw(st.integers(1, 4)) + 1):
        original = draw(st.sampled_from(starts))
        moved = original + timedelta(hours=draw(st.integers(-30, 30)))
        scope = draw(st.sampled_from(["", ";RANGE=THISANDFUTURE"]))
        events.append(
            [
                "UID:series@moved.example",
                when("RECURRENCE-ID", original, scope),
                when("DTSTART", moved),
                f"SEQUENCE:{sequence}",
            ]
        )
    body = "".join(
        "BEGIN:VEVENT\r\nDTSTAMP:20261101T000000Z\r\nSUMMARY:Technical round - Initech\r\n"
        + "".join(line + "\r\n" for line in lines)
        + "END:VEVENT\r\n"
        for lines in events
    )
    text = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n{body}END:VCALENDAR\r\n"
    return text.encode(), {f"{s.astimezone(UTC):%Y%m%dT%H%M%SZ}" for s in starts}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(moved_series())
def test_no_two_occurrences_of_a_moved_series_share_an_identity(case):
    data, series_starts = case
    cfg = config_module.load(SAMPLES / "config.toml")
    keep = ics.prefilter(cfg.detect.keywords)
    found = detect.detect([ics.parse(data, "moved.ics", keep)], cfg, SAMPLE_NOW, BERLIN)

    ids = [i.recurrence_id for i in found.interviews]
    assert len(ids) == len(set(ids)), ids
    assert set(ids) <= series_starts  # each named by a start its series' rule gives
    followups = plan.plan(found.interviews, cfg, drafts.load_templates(None))
    assert len({f.uid for f in followups}) == len(followups)


# --- 19: an empty RRULE: line ----------------------------------------------------------------


def test_an_empty_rrule_line_is_no_rule_and_the_event_an_ordinary_one(tmp_path):
    # The feed carries "RRULE:" on every event; dateutil refuses an empty rule, and each
    # interview was dropped with a warning.
    target = tmp_path / "followups.ics"
    result = ok(sync(fixture_path("empty_rrule_every_event"), target=target))

    assert warnings_in(result) == []
    assert "(2 interviews in 3 events)" in result.output
    thanks = of_kind(items(target), "thank-you")
    assert [(str(t["SUMMARY"]), str(t["X-CALSYNC-SOURCE"]), t["DTSTART"].dt) for t in thanks] == [
        (
            "Send thank-you to Jonah Park — Umbrella Corp",
            "5f2a9c1e0b7d41606130101@calsync.test",  # the UID alone: no occurrence of a series
            datetime(2026, 11, 17, 15, 30, tzinfo=UTC),
        ),
        (
            "Send thank-you to Gavin Belson — Hooli",
            "5f2a9c1e0b7d41606130103@calsync.test",
            datetime(2026, 12, 2, 12, tzinfo=UTC),
        ),
    ]


def test_an_empty_rrule_beside_a_real_one_leaves_the_real_one(tmp_path):
    text = fixture_path("empty_rrule_every_event").read_bytes().decode("utf-8")
    source = tmp_path / "both.ics"
    source.write_bytes(
        text.replace("RRULE:\r\n", "RRULE:\r\nRRULE:FREQ=WEEKLY;COUNT=2\r\n", 1).encode("utf-8")
    )
    target = tmp_path / "followups.ics"
    result = ok(sync(source, target=target))

    assert warnings_in(result) == []
    umbrella = [t for t in of_kind(items(target), "thank-you") if "Umbrella" in str(t["SUMMARY"])]
    assert [str(t["X-CALSYNC-SOURCE"]) for t in umbrella] == [
        "5f2a9c1e0b7d41606130101@calsync.test;RECURRENCE-ID=20261117T150000Z",
        "5f2a9c1e0b7d41606130101@calsync.test;RECURRENCE-ID=20261124T150000Z",
    ]


# --- 20: the libraries' own Python warnings --------------------------------------------------

EVOLUTION = fixture_path("evolution_zone_after_event")
ZONE = "/softwarestudio.org/Olson_20011030_5/Pacific/Auckland"


def test_a_zone_icalendar_guesses_is_a_notice_that_quiet_silences(tmp_path):
    # icalendar warns (GloballyUniqueTZIDGuessed) when an event names a zone the file defines
    # only after it, as Evolution writes: that went to stderr even with -q, so cron mailed it
    # on every run.
    quiet = run_cli("-q", "sync", EVOLUTION, "-o", tmp_path / "quiet.ics")
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stderr == ""

    loud = run_cli("sync", EVOLUTION, "-o", tmp_path / "loud.ics")
    assert loud.returncode == 0, loud.stderr
    (warning,) = warnings_in(loud)
    assert warning.startswith("calsync: warning: ")
    assert "evolution_zone_after_event.ics: " in warning
    assert f"time zone '{ZONE}' read as Pacific/Auckland" in warning
    assert "GloballyUniqueTZIDGuessed" not in loud.stderr and ".py:" not in loud.stderr
    assert len(loud.stderr.splitlines()) == 1 and "created 4," in loud.stdout

    report = run_cli("-q", "sync", EVOLUTION, "-o", tmp_path / "json.ics", "--json")
    assert report.returncode == 0, report.stderr
    assert json.loads(report.stdout)["warnings"] == [warning.removeprefix("calsync: warning: ")]

    # The guess is the right zone: the interview is 15:30-16:30 in Auckland.
    (thanks,) = of_kind(items(tmp_path / "loud.ics"), "thank-you")
    assert thanks["DTSTART"].dt == datetime(2026, 11, 18, 16, 30, tzinfo=AUCKLAND)
    assert zone_of(thanks) == "Pacific/Auckland"


def test_a_follow_up_evolution_rewrote_in_the_target_warns_as_calsync_not_as_python(tmp_path):
    # Edited in Evolution, a follow-up's DTSTART comes back with Evolution's own TZID and no
    # VTIMEZONE of that name: icalendar's guess, when the target was read, reached stderr.
    source = fixture_path("nextcloud_export")
    target = tmp_path / "followups.ics"
    assert run_cli("sync", source, "-o", target).returncode == 0
    text = target.read_bytes().decode("utf-8")
    edited = text.replace(
        "DTSTART;TZID=Europe/Berlin:",
        "DTSTART;TZID=/freeassociation.sourceforge.net/Europe/Berlin:",
        1,
    )
    assert edited != text
    target.write_bytes(edited.encode("utf-8"))

    quiet = run_cli("-q", "sync", source, "-o", target)
    assert quiet.returncode == 0 and quiet.stderr == ""
    loud = run_cli("sync", source, "-o", target)
    (warning,) = warnings_in(loud)
    assert warning == (
        f"calsync: warning: {target}: time zone '/freeassociation.sourceforge.net/Europe/Berlin' "
        "read as Europe/Berlin, the zone its name ends with"
    )


# --- 21: what icalendar and vobject read past --------------------------------------------------

TRAILER = fixture_path("text_after_end_vcalendar")


def trailing(tmp_path: Path, case: str) -> Path:
    """The fixture as it is (the page glued to END:VCALENDAR), or with other trailers."""
    if case == "glued to END:VCALENDAR":
        return TRAILER
    text = TRAILER.read_bytes().decode("utf-8")
    head = text[: text.rindex("END:VCALENDAR") + len("END:VCALENDAR")]
    tails = {
        "a page on its own lines": "\r\n" + text[len(head) :],
        "a footer line": "\r\nExported by Example Projects - https://projects.example\r\n",
    }
    path = tmp_path / "trailer.ics"
    path.write_bytes((head + tails[case]).encode("utf-8"))
    return path


@pytest.mark.parametrize(
    "case", ["glued to END:VCALENDAR", "a page on its own lines", "a footer line"]
)
def test_text_after_end_vcalendar_is_ignored_with_a_warning(tmp_path, case):
    source = trailing(tmp_path, case)
    target = tmp_path / "followups.ics"
    result = ok(sync(source, target=target))

    (warning,) = warnings_in(result)
    line = 20 if case == "glued to END:VCALENDAR" else 21
    assert f"{source.name}: line {line}: text after END:VCALENDAR ignored" in warning
    assert [str(t["SUMMARY"]) for t in of_kind(items(target), "thank-you")] == [
        "Send thank-you to Marcus Chen — Contoso"
    ]


BLANK = fixture_path("blank_lines_before_begin")


def test_the_blank_lines_fixture_starts_as_it_says_and_both_libraries_read_it():
    data = BLANK.read_bytes()
    assert data.startswith(b"\r\rBEGIN:VCALENDAR\r\n")
    assert len(icalendar.Calendar.from_ical(data).walk("VEVENT")) == 1
    assert len(vobject.readOne(data.decode("utf-8")).vevent_list) == 1


@pytest.mark.parametrize(
    "before",
    [b"\r\r", b"\r\n\r\n", b"\n\n", b" \r\n\t\r\n", b"\r", b"\r\n\r", b"\r\n  "],
    ids=["bare CRs", "CRLF", "LF", "blanks", "one CR", "CRLF and a CR", "CRLF, indented BEGIN"],
)
def test_blank_lines_before_begin_vcalendar_are_no_obstacle(tmp_path, before):
    # A stray CR before BEGIN:VCALENDAR was refused with "line 1: text outside BEGIN:VCALENDAR",
    # blaming the BEGIN line itself; icalendar and vobject read the file.
    clean = tmp_path / "clean.ics"
    clean.write_bytes(BLANK.read_bytes().removeprefix(b"\r\r"))
    source = tmp_path / "blank.ics"
    source.write_bytes(before + clean.read_bytes())

    result = ok(sync(source, target=tmp_path / "blank-out.ics"))
    ok(sync(clean, target=tmp_path / "clean-out.ics"))

    assert warnings_in(result) == []
    assert (tmp_path / "blank-out.ics").read_bytes() == (tmp_path / "clean-out.ics").read_bytes()
    assert [str(t["SUMMARY"]) for t in of_kind(items(tmp_path / "blank-out.ics"), "thank-you")] == [
        "Send thank-you to Lena Hoffmann — Northwind Traders"
    ]


def test_a_stray_cr_before_a_line_inside_the_calendar_reads_as_icalendar_reads_it(tmp_path):
    text = BLANK.read_bytes().removeprefix(b"\r\r")
    for line in (b"BEGIN:VEVENT", b"SUMMARY:", b"UID:", b"END:VEVENT"):
        text = text.replace(b"\r\n" + line, b"\r\n\r" + line)
    source = tmp_path / "stray.ics"
    source.write_bytes(text)
    target = tmp_path / "followups.ics"
    result = ok(sync(source, target=target))

    assert warnings_in(result) == []
    assert [str(t["SUMMARY"]) for t in of_kind(items(target), "thank-you")] == [
        "Send thank-you to Lena Hoffmann — Northwind Traders"
    ]


def test_a_task_with_a_mistyped_end_is_skipped_with_a_warning_and_the_rest_planned(tmp_path):
    # "END:VTOD" refused the whole calendar, although broken tasks are skipped.
    target = tmp_path / "followups.ics"
    result = ok(sync(fixture_path("mistyped_end_in_todo"), target=target))

    (warning,) = warnings_in(result)
    assert "mistyped_end_in_todo.ics: line 7: VTODO: skipped: END:VTOD on line 26" in warning
    assert "where END:VTODO was expected" in warning
    thanks = of_kind(items(target), "thank-you")
    assert [(str(t["SUMMARY"]), t["DTSTART"].dt) for t in thanks] == [
        ("Send thank-you to Lukas Brandt — Fabrikam", datetime(2026, 11, 18, 11, tzinfo=BERLIN))
    ]
    assert zone_of(thanks[0]) == "Europe/Berlin"  # the VTIMEZONE after the broken task is read


def test_a_mistyped_end_inside_an_alarm_of_a_task_skips_only_that_task(tmp_path):
    text = fixture_path("mistyped_end_in_todo").read_bytes().decode("utf-8")
    text = text.replace("END:VTOD\r\n", "END:VTODO\r\n").replace("END:VALARM", "END:VALRM", 1)
    source = tmp_path / "alarm.ics"
    source.write_bytes((text).encode("utf-8"))
    target = tmp_path / "followups.ics"
    result = ok(sync(source, target=target))

    (warning,) = warnings_in(result)
    assert "alarm.ics: line 7: VTODO: skipped: END:VALRM on line 20" in warning
    assert "(BEGIN:VALARM is on line 16)" in warning
    assert len(of_kind(items(target), "thank-you")) == 1


def previous_target(tmp_path: Path) -> tuple[Path, bytes]:
    target = tmp_path / "followups.ics"
    ok(sync(SAMPLES / "calendar.ics", target=target))
    return target, target.read_bytes()


STILL_REFUSED = {
    # case: (the file's text, what the one line says)
    "an HTML page": (
        "\r\n<!DOCTYPE html>\r\n<html><body>Sign in</body></html>\r\n",
        ": line 2: not an iCalendar file (it does not start with BEGIN:VCALENDAR)",
    ),
    "text before the calendar": (
        "Exported by Example Projects\r\n"
        + TRAILER.read_bytes().decode("utf-8").rsplit("<!DOCTYPE", 1)[0],
        ": line 1: not an iCalendar file",
    ),
    "an event whose END is mistyped": (
        fixture_path("mistyped_end_in_todo")
        .read_bytes()
        .decode("utf-8")
        .replace("END:VTOD\r\n", "END:VTODO\r\n")
        .replace("END:VEVENT", "END:VEVNT"),
        ": line 37: END:VEVNT where END:VEVENT was expected (BEGIN:VEVENT is on line 27)",
    ),
    "a broken task holding an event": (
        fixture_path("mistyped_end_in_todo")
        .read_bytes()
        .decode("utf-8")
        .replace("END:VTOD\r\n", "")
        .replace("END:VEVENT\r\n", "END:VEVENT\r\nEND:VTOD\r\n"),
        ": line 7: END:VTOD on line 37 where END:VTODO was expected; the file is damaged",
    ),
    "a calendar cut short": (
        TRAILER.read_bytes()
        .decode("utf-8")
        .rsplit("END:VCALENDAR", 1)[0]
        .replace("END:VEVENT\r\n", ""),
        ": line 9: BEGIN:VEVENT is never closed",
    ),
}


@pytest.mark.parametrize("case", list(STILL_REFUSED))
def test_what_is_not_icalendar_is_still_exit_4_and_the_target_untouched(tmp_path, case):
    text, says = STILL_REFUSED[case]
    target, before = previous_target(tmp_path)
    source = tmp_path / "source.ics"
    source.write_bytes((text).encode("utf-8"))

    result = sync(source, target=target)

    assert result.exit_code == 4, result.output
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("calsync: error: ") and f"source.ics{says}" in line, line
    assert target.read_bytes() == before


# --- 18, continued: a target an older calsync already filled with copies ------------------------


def _with_copies(target: Path, uid_count: int = 2) -> tuple[str, list[str]]:
    """The target as calsync 0.1 left it after a few runs on such a series: some of its own items
    there two or three times, under one UID."""
    text = target.read_bytes().decode("utf-8")
    blocks = [b for b in text.split("BEGIN:VTODO")[1:]]
    chosen = ["BEGIN:VTODO" + b.split("END:VTODO")[0] + "END:VTODO\r\n" for b in blocks[:uid_count]]
    doubled = text.replace("END:VCALENDAR", "".join(chosen * 2) + "END:VCALENDAR")
    target.write_bytes(doubled.encode("utf-8"))
    return doubled, chosen


def test_copies_an_older_calsync_left_in_a_file_target_are_folded_into_one(tmp_path):
    target = tmp_path / "followups.ics"
    ok(sync(SERIES, target=str(target)))
    _with_copies(target)
    uids = [str(i["UID"]) for i in items(target)]
    assert len(uids) == 22 and len(set(uids)) == 18  # as the old bug left it

    repaired = ok(sync(SERIES, target=str(target)))
    uids = [str(i["UID"]) for i in items(target)]
    assert len(uids) == len(set(uids)) == 18
    assert "copies of one follow-up" in repaired.stderr, repaired.stderr
    settled = target.read_bytes()
    again = ok(sync(SERIES, target=str(target)))
    assert target.read_bytes() == settled
    assert "copies" not in again.stderr


def test_of_two_copies_the_one_you_completed_is_the_one_kept(tmp_path):
    target = tmp_path / "followups.ics"
    ok(sync(SERIES, target=str(target)))
    doubled, chosen = _with_copies(target, uid_count=1)
    done = chosen[0].replace("STATUS:NEEDS-ACTION", "STATUS:COMPLETED")
    last = doubled.rindex(chosen[0])
    target.write_bytes((doubled[:last] + done + doubled[last + len(chosen[0]) :]).encode())

    ok(sync(SERIES, target=str(target)))
    uid = str(icalendar.Todo.from_ical(chosen[0])["UID"])
    kept = [i for i in items(target) if str(i["UID"]) == uid]
    assert [str(i["STATUS"]) for i in kept] == ["COMPLETED"]
