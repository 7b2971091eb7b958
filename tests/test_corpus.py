"""Real-world calendars (issue 5): one file per quirk in tests/data, and what must come out of it.

Every test runs the command line on the file and reads back the follow-ups it wrote (kinds,
times and their zone, recipients), or checks the one-line error and that the target stayed as
it was. Bad inputs are files in tests/data too, except the ones too big to commit (generated).
"""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from click.testing import CliRunner, Result
from conftest import DATA, SAMPLES, fixture_path

from calsync import config as config_module
from calsync import detect
from calsync.cli import cli
from calsync.sources import ics

NOW = "2026-11-20T18:00:00Z"
CONFIG = str(SAMPLES / "config.toml")
UTC = ZoneInfo("UTC")
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")


def sync(*sources: str | Path, target: Path, args: tuple[str, ...] = ()) -> Result:
    """`calsync -c samples/config.toml sync SOURCE... -o TARGET --now NOW`, in process."""
    argv = ["-c", CONFIG, "sync", *map(str, sources), "-o", str(target), "--now", NOW, *args]
    return CliRunner().invoke(cli, argv)


def ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.output, result.exception)
    assert "Traceback" not in result.output
    return result


def planned(*cases: str, tmp_path: Path, args: tuple[str, ...] = ()) -> list[icalendar.Todo]:
    """Sync the named fixtures into a fresh file and read back what was written."""
    target = tmp_path / "followups.ics"
    ok(sync(*(fixture_path(c) for c in cases), target=target, args=args))
    return written(target)


def written(target: Path) -> list[icalendar.Todo]:
    return icalendar.Calendar.from_ical(target.read_bytes()).walk("VTODO")


def of_kind(items, kind: str) -> list:
    return [i for i in items if str(i["X-CALSYNC-KIND"]) == kind]


def rows(items) -> list[tuple[str, str, datetime]]:
    """(kind, summary, DTSTART) per item, in the file's order."""
    return [(str(i["X-CALSYNC-KIND"]), str(i["SUMMARY"]), i["DTSTART"].dt) for i in items]


def zone_of(item, name: str = "DTSTART") -> str:
    """The TZID an item's time is written in, or "UTC" for a time ending in Z."""
    prop = item[name]
    if "TZID" in prop.params:
        return str(prop.params["TZID"])
    assert prop.to_ical().endswith(b"Z"), prop.to_ical()
    return "UTC"


def detect_files(*paths: Path):
    sources = [s for path in paths for s in ics.read(str(path))]
    cfg = config_module.load(SAMPLES / "config.toml")
    return detect.detect(sources, cfg, datetime(2026, 11, 20, 18, tzinfo=UTC), BERLIN)


# --- Outlook and Exchange -------------------------------------------------------------------


def test_outlook_customized_time_zone_is_read_with_its_own_rules_and_written_in_utc(tmp_path):
    items = planned("outlook_customized_time_zone", tmp_path=tmp_path)

    # 10:00-11:00 in the invite's own zone (-05:00 in November): the interview ends 16:00 UTC.
    # A custom zone has no IANA name, so the follow-ups are written in UTC.
    assert rows(items) == [
        (
            "thank-you",
            "Send thank-you to Marcus Chen — Contoso",
            datetime(2026, 11, 18, 16, tzinfo=UTC),
        ),
        (
            "thank-you",
            "Send thank-you to Rachel Okafor — Contoso",
            datetime(2026, 11, 18, 16, tzinfo=UTC),
        ),
        # The call window (10:00-16:00) is in the employer's zone: 10:00 -05:00 is 15:00 UTC.
        (
            "phone-call",
            "Call Contoso about the Senior Product Manager role",
            datetime(2026, 11, 20, 15, tzinfo=UTC),
        ),
        ("next-steps", "Ask Contoso about next steps", datetime(2026, 11, 25, 15, tzinfo=UTC)),
        ("final-nudge", "Final follow-up with Contoso", datetime(2026, 12, 2, 15, tzinfo=UTC)),
    ]
    assert {zone_of(i) for i in items} == {"UTC"}
    assert of_kind(items, "thank-you")[0]["DUE"].dt == datetime(2026, 11, 19, 16, tzinfo=UTC)


@pytest.mark.parametrize("first", ["new_york", "kolkata"])
def test_two_files_with_the_same_custom_tzid_keep_their_own_rules(tmp_path, first):
    # Both files define "Customized Time Zone": US Eastern in one, India (+05:30) in the other.
    # icalendar caches custom zones process-wide by TZID; the first must not leak into the second.
    files = {
        "new_york": fixture_path("outlook_customized_time_zone"),
        "kolkata": fixture_path("outlook_customized_time_zone_kolkata"),
    }
    order = [files[first], *(f for k, f in files.items() if k != first)]
    target = tmp_path / "followups.ics"
    ok(sync(*order, target=target))
    items = written(target)

    thanks = {str(i["SUMMARY"]): i["DTSTART"].dt for i in of_kind(items, "thank-you")}
    assert thanks["Send thank-you to Rachel Okafor — Contoso"] == datetime(
        2026, 11, 18, 16, tzinfo=UTC
    )
    assert thanks["Send thank-you to Priya Raman — Nimbus Labs"] == datetime(
        2026, 11, 19, 5, 30, tzinfo=UTC
    )
    calls = {str(i["SUMMARY"]): i["DTSTART"].dt for i in of_kind(items, "phone-call")}
    assert calls["Call Nimbus Labs about the Backend Engineer role"] == datetime(
        2026,
        11,
        23,
        4,
        30,
        tzinfo=UTC,  # 10:00 +05:30, two business days after Thursday
    )
    # The same in separate reads, one after the other in one process (a long-lived caller).
    for path in order:
        (interview,) = detect_files(path).interviews
        offset = interview.start.utcoffset()
        assert offset == (
            timedelta(hours=-5)
            if "Contoso" in interview.summary
            else timedelta(hours=5, minutes=30)
        ), interview.summary


def test_outlook_folding_inside_multibyte_characters_is_unfolded_before_decoding(tmp_path):
    raw = fixture_path("outlook_folded_multibyte").read_bytes()
    # The fixture is what it claims: folds split two-byte characters, so line by line it is
    # not UTF-8 (read that way, the whole file would be taken for Windows-1252).
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")

    items = planned("outlook_folded_multibyte", tmp_path=tmp_path)

    assert [str(i["SUMMARY"]) for i in of_kind(items, "thank-you")] == [
        "Send thank-you to Jürgen Weiß — Müller & Söhne GmbH",
        "Send thank-you to Zoë Größner — Müller & Söhne GmbH",
    ]
    call = of_kind(items, "phone-call")[0]
    assert str(call["SUMMARY"]) == "Call Müller & Söhne GmbH about the Backend-Entwickler role"
    # W. Europe Standard Time is Europe/Berlin; the interview ends at 11:30.
    assert of_kind(items, "thank-you")[0]["DTSTART"].dt == datetime(
        2026, 11, 24, 11, 30, tzinfo=BERLIN
    )
    assert zone_of(of_kind(items, "thank-you")[0]) == "Europe/Berlin"
    (interview,) = detect_files(fixture_path("outlook_folded_multibyte")).interviews
    assert [(n.person, n.text) for n in interview.notes] == [
        (
            "juergen.weiss@mueller-soehne.example",
            "erklärte die Umstellung der Plattform auf Kubernetes",
        ),
        (
            "zoe.groessner@mueller-soehne.example",
            "fragte nach meiner Erfahrung mit Rufbereitschaft",
        ),
        (None, "Größter Unterschied: Übergabe zwischen Schichten"),
    ]


def test_windows_1252_outlook_export_reads_accents_and_typographic_quotes(tmp_path):
    raw = fixture_path("cp1252_outlook").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")

    items = planned("cp1252_outlook", tmp_path=tmp_path)

    (thanks,) = of_kind(items, "thank-you")
    assert str(thanks["SUMMARY"]) == "Send thank-you to Zoé Lefèvre — Société Générale"
    assert "Dear Zoé," in str(thanks["DESCRIPTION"])
    assert "« Café » et l’équipe données" in str(thanks["DESCRIPTION"])
    assert str(of_kind(items, "phone-call")[0]["SUMMARY"]) == (
        "Call Société Générale about the Ingénieur logiciel role"
    )


# --- other exporters ------------------------------------------------------------------------


def test_apple_calendar_export_plans_the_onsite_in_los_angeles_time(tmp_path):
    target = tmp_path / "followups.ics"
    result = ok(sync(fixture_path("apple_calendar_export"), target=target))
    items = written(target)

    # Two events (the all-day Thanksgiving is no interview), one interview, two interviewers:
    # not the room, not the user (alex@rivera.dev).
    assert "(1 interviews in 2 events)" in result.output
    assert rows(items) == [
        (
            "thank-you",
            "Send thank-you to Ken Watanabe — Initrode",
            datetime(2026, 12, 2, 15, 30, tzinfo=LOS_ANGELES),
        ),
        (
            "thank-you",
            "Send thank-you to Mei Lin — Initrode",
            datetime(2026, 12, 2, 15, 30, tzinfo=LOS_ANGELES),
        ),
        (
            "phone-call",
            "Call Initrode about the Staff Engineer role",
            datetime(2026, 12, 4, 10, tzinfo=LOS_ANGELES),
        ),
        (
            "next-steps",
            "Ask Initrode about next steps",
            datetime(2026, 12, 9, 10, tzinfo=LOS_ANGELES),
        ),
        (
            "final-nudge",
            "Final follow-up with Initrode",
            datetime(2026, 12, 16, 10, tzinfo=LOS_ANGELES),
        ),
    ]
    assert {zone_of(i) for i in items} == {"America/Los_Angeles"}
    ken = str(of_kind(items, "thank-you")[0]["DESCRIPTION"])
    assert "the sharding plan for the ledger service" in ken
    assert "https://notes.rivera.dev/load-testing" in ken


def test_nextcloud_export_organised_by_me_thanks_the_attendee_and_ignores_my_task(tmp_path):
    items = planned("nextcloud_export", tmp_path=tmp_path)

    assert rows(items) == [
        (
            "thank-you",
            "Send thank-you to Lukas Brandt — Fabrikam",
            datetime(2026, 11, 26, 15, tzinfo=BERLIN),
        ),
        (
            "phone-call",
            "Call Fabrikam about the Data Engineer role",
            datetime(2026, 11, 30, 10, tzinfo=BERLIN),
        ),
        ("next-steps", "Ask Fabrikam about next steps", datetime(2026, 12, 3, 10, tzinfo=BERLIN)),
        ("final-nudge", "Final follow-up with Fabrikam", datetime(2026, 12, 10, 10, tzinfo=BERLIN)),
    ]
    assert {zone_of(i) for i in items} == {"Europe/Berlin"}
    assert "Airflow to Dagster" in str(items[0]["DESCRIPTION"])
    assert "Lukas Brandt <lukas.brandt@fabrikam.example>" in str(items[1]["DESCRIPTION"])


def test_webex_boilerplate_is_dropped_and_the_users_phone_note_kept(tmp_path):
    (interview,) = detect_files(fixture_path("webex_invite")).interviews
    assert [(n.person, n.kind, n.text) for n in interview.notes] == [
        ("hannah.okoro@acme-robotics.example", "topic", "asked about my incident review process"),
        (
            None,
            "promise",
            "Promised to send the postmortem template: "
            "https://github.com/alexr/postmortem-template",
        ),
    ]
    assert interview.phone == "+1 415-555-0142"  # formatted as libphonenumber writes it

    items = planned("webex_invite", tmp_path=tmp_path)
    text = " ".join(str(i["DESCRIPTION"]) for i in items)
    for leak in ("webex", "Webex", "2634", "650-479", "Meeting number", "Do not delete"):
        assert leak not in text
    call = of_kind(items, "phone-call")[0]
    assert "Number: +1 415-555-0142" in str(call["DESCRIPTION"])


# --- recurrence -----------------------------------------------------------------------------


def test_series_with_exdate_and_a_moved_occurrence_thanks_after_each_real_occurrence(tmp_path):
    items = planned("recurring_series", tmp_path=tmp_path)

    thanks = of_kind(items, "thank-you")
    # Nov 30 is an EXDATE; Dec 7 moved to Dec 8, 15:00-16:00.
    assert [t["DTSTART"].dt for t in thanks] == [
        datetime(2026, 11, 23, 11, tzinfo=BERLIN),
        datetime(2026, 12, 8, 16, tzinfo=BERLIN),
        datetime(2026, 12, 14, 11, tzinfo=BERLIN),
    ]
    assert [str(t["X-CALSYNC-SOURCE"]) for t in thanks] == [
        "acme-tech-rounds@calsync.test;RECURRENCE-ID=20261123T090000Z",
        "acme-tech-rounds@calsync.test;RECURRENCE-ID=20261207T090000Z",
        "acme-tech-rounds@calsync.test;RECURRENCE-ID=20261214T090000Z",
    ]
    # One call, check and nudge, after the latest round.
    assert [i["DTSTART"].dt for i in items if str(i["X-CALSYNC-KIND"]) != "thank-you"] == [
        datetime(2026, 12, 16, 10, tzinfo=BERLIN),
        datetime(2026, 12, 21, 10, tzinfo=BERLIN),
        datetime(2026, 12, 30, 10, tzinfo=BERLIN),
    ]


def test_override_without_its_master_is_one_interview_with_the_same_identity(tmp_path):
    alone = of_kind(planned("override_without_master", tmp_path=tmp_path), "thank-you")
    (thanks,) = alone
    assert thanks["DTSTART"].dt == datetime(2026, 12, 15, 17, tzinfo=BERLIN)
    assert str(thanks["SUMMARY"]) == "Send thank-you to Sam Lee — Acme"
    assert str(thanks["X-CALSYNC-SOURCE"]) == (
        "acme-tech-rounds@calsync.test;RECURRENCE-ID=20261214T090000Z"
    )

    # When the series itself arrives, the moved occurrence replaces its original (Dec 14) and
    # keeps the follow-up it already had: the same UID, no duplicate.
    both = tmp_path / "both"
    both.mkdir()
    together = planned("recurring_series", "override_without_master", tmp_path=both)
    moved = [t for t in of_kind(together, "thank-you") if "20261214" in str(t["X-CALSYNC-SOURCE"])]
    assert [(t["DTSTART"].dt, str(t["UID"])) for t in moved] == [
        (datetime(2026, 12, 15, 17, tzinfo=BERLIN), str(thanks["UID"]))
    ]
    assert datetime(2026, 12, 14, 11, tzinfo=BERLIN) not in [
        t["DTSTART"].dt for t in of_kind(together, "thank-you")
    ]


def test_an_endless_secondly_rule_is_skipped_with_a_warning_and_costs_no_time(tmp_path):
    # In a subprocess with a timeout: before the occurrence cap this ran for minutes.
    target = tmp_path / "followups.ics"
    started = time.monotonic()
    done = run_cli(fixture_path("secondly_without_end"), target, timeout=60)
    elapsed = time.monotonic() - started

    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1
    assert "secondly_without_end.ics" in warnings[0]
    assert 'event "Interview with Acme"' in warnings[0]
    assert f"more than {detect.MAX_OCCURRENCES} times" in warnings[0]
    items = written(target)
    assert {str(i["SUMMARY"]) for i in of_kind(items, "thank-you")} == {
        "Send thank-you to the hiring team — Initech"
    }
    assert not [i for i in items if "Acme" in str(i["SUMMARY"])]
    assert elapsed < 10  # the process start included; the rule itself costs milliseconds


def test_a_rule_that_matches_no_date_leaves_its_first_occurrence_and_costs_no_time(tmp_path):
    # FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30: dateutil searches to the year 9999 for a 30 February.
    started = time.monotonic()
    items = planned("rule_matching_no_date", tmp_path=tmp_path)
    elapsed = time.monotonic() - started

    assert [t["DTSTART"].dt for t in of_kind(items, "thank-you")] == [
        datetime(2026, 11, 30, 16, tzinfo=BERLIN)
    ]
    assert elapsed < 2.5


def test_an_old_weekly_series_is_expanded_under_the_cap(tmp_path):
    # Weekly since 2010: about 880 occurrences up to the window's end, 17 of them inside it.
    source = tmp_path / "since-2010.ics"
    source.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\n"
        "UID:standing-screen@calsync.test\r\nDTSTAMP:20100101T000000Z\r\n"
        "DTSTART:20100104T090000Z\r\nDTEND:20100104T093000Z\r\nRRULE:FREQ=WEEKLY\r\n"
        "SUMMARY:Screening call — Acme\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    target = tmp_path / "followups.ics"
    result = ok(sync(source, target=target))

    assert "warning" not in result.output
    assert len(of_kind(written(target), "thank-you")) == 17


def test_an_absurd_timeline_in_the_notes_is_ignored_not_counted_day_by_day(tmp_path):
    # "within 99999999 working days" was counted out one weekday at a time (minutes), and
    # "by Feb 29" rolled into a year without one (the interview was dropped).
    source = tmp_path / "timeline.ics"
    source.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\n"
        "UID:timeline@calsync.test\r\nDTSTAMP:20261101T000000Z\r\n"
        "DTSTART:20261118T090000Z\r\nDTEND:20261118T100000Z\r\nSUMMARY:Interview with Acme\r\n"
        "DESCRIPTION:They will get back to me within 99999999 working days.\\n"
        "Decision by Feb 29.\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    target = tmp_path / "followups.ics"
    started = time.monotonic()
    result = ok(sync(source, target=target))

    assert time.monotonic() - started < 5
    assert "warning" not in result.output
    # No timeline: next-steps 5 business days after Wednesday's interview.
    (check,) = of_kind(written(target), "next-steps")
    assert check["DTSTART"].dt == datetime(2026, 11, 25, 10, tzinfo=BERLIN)


# --- times: durations, missing ends, zones --------------------------------------------------


def test_duration_instead_of_dtend_ends_the_interview_after_that_long(tmp_path):
    items = planned("duration_instead_of_dtend", tmp_path=tmp_path)

    (thanks,) = of_kind(items, "thank-you")
    assert str(thanks["SUMMARY"]) == "Send thank-you to Tara Singh — Globex"
    assert thanks["DTSTART"].dt == datetime(2026, 11, 19, 14, 45, tzinfo=NEW_YORK)
    assert thanks["DUE"].dt == datetime(2026, 11, 20, 14, 45, tzinfo=NEW_YORK)
    assert zone_of(thanks) == zone_of(thanks, "DUE") == "America/New_York"


def test_an_interview_without_end_or_duration_ends_when_it_starts(tmp_path):
    # RFC 5545: a DATE-TIME DTSTART without DTEND or DURATION takes no time.
    items = planned("no_end_time", tmp_path=tmp_path)

    (thanks,) = of_kind(items, "thank-you")
    assert str(thanks["SUMMARY"]) == "Send thank-you to Jonah Park — Umbrella Corp"
    assert thanks["DTSTART"].dt == datetime(2026, 11, 19, 16, tzinfo=BERLIN)  # 15:00 UTC
    assert zone_of(thanks) == "Europe/Berlin"


def test_unknown_tzid_without_vtimezone_is_a_warning_and_the_users_zone_is_used(tmp_path):
    target = tmp_path / "followups.ics"
    result = ok(sync(fixture_path("unknown_tzid"), target=target))

    (warning,) = [line for line in result.stderr.splitlines() if "warning" in line]
    assert "unknown_tzid.ics" in warning and 'event "Interview with Acme"' in warning
    assert "unknown time zone 'Customized Time Zone'; using Europe/Berlin" in warning
    (thanks,) = of_kind(written(target), "thank-you")
    assert thanks["DTSTART"].dt == datetime(2026, 11, 18, 11, tzinfo=BERLIN)
    assert zone_of(thanks) == "Europe/Berlin"


# --- identity across files ------------------------------------------------------------------


def test_the_same_uid_in_two_files_is_one_interview(tmp_path):
    items = planned("sequence_original", "sequence_rescheduled", tmp_path=tmp_path)

    # SEQUENCE 1 (Nov 26, 13:00 UTC) beats SEQUENCE 0 (Nov 25): one set of follow-ups.
    assert [k for k, _s, _d in rows(items)] == [
        "thank-you",
        "phone-call",
        "next-steps",
        "final-nudge",
    ]
    assert items[0]["DTSTART"].dt == datetime(2026, 11, 26, 15, tzinfo=BERLIN)


def test_events_without_uid_get_an_identity_that_is_the_same_on_every_run(tmp_path):
    first, second = tmp_path / "first.ics", tmp_path / "second.ics"
    ok(sync(fixture_path("no_uid"), target=first))
    ok(sync(fixture_path("no_uid"), target=second))

    uids = [str(i["UID"]) for i in written(first)]
    assert uids == [str(i["UID"]) for i in written(second)]
    assert len(set(uids)) == len(uids) == 8  # two interviews, four follow-ups each
    sources = {str(i["X-CALSYNC-SOURCE"]) for i in of_kind(written(first), "thank-you")}
    assert len(sources) == 2 and all(s.startswith("calsync-derived-") for s in sources)
    # Run again into the same file: nothing new, not a byte changed.
    before = first.read_bytes()
    again = ok(sync(fixture_path("no_uid"), target=first))
    assert "created 0" in again.output
    assert first.read_bytes() == before


# --- encodings and line ends ----------------------------------------------------------------


def test_a_byte_order_mark_utf8_or_utf16_is_no_obstacle(tmp_path):
    assert fixture_path("bom").read_bytes().startswith(b"\xef\xbb\xbf")

    items = planned("bom", tmp_path=tmp_path)

    assert rows(items)[0] == (
        "thank-you",
        "Send thank-you to Sam Lee — Acme",
        datetime(2026, 11, 18, 11, tzinfo=BERLIN),
    )
    assert len(items) == 4
    # The same export as UTF-16 with its BOM (what PowerShell's `>` writes) plans the same.
    utf16 = tmp_path / "utf16.ics"
    utf16.write_bytes(fixture_path("bom").read_bytes().decode("utf-8-sig").encode("utf-16"))
    target = tmp_path / "from-utf16.ics"
    ok(sync(utf16, target=target))
    assert rows(written(target)) == rows(items)


def test_trailing_space_after_begin_vevent_still_makes_an_event(tmp_path):
    # icalendar alone reads "BEGIN:VEVENT " as an unknown component: the interview vanished.
    source = tmp_path / "trailing.ics"
    source.write_text(event().replace("BEGIN:VEVENT", "BEGIN:VEVENT "), encoding="utf-8")
    target = tmp_path / "followups.ics"

    ok(sync(source, target=target))

    assert [str(t["SUMMARY"]) for t in of_kind(written(target), "thank-you")] == [ACME]


def test_lf_line_ends_and_lf_folds_are_read_like_crlf(tmp_path):
    raw = fixture_path("lf_line_ends").read_bytes()
    assert b"\r" not in raw and b"\n " in raw

    items = planned("lf_line_ends", tmp_path=tmp_path)

    assert [str(i["SUMMARY"]) for i in of_kind(items, "thank-you")] == [
        "Send thank-you to Greg Pulaski — Initech",
        "Send thank-you to Joanna Park — Initech",
    ]
    greg = str(of_kind(items, "thank-you")[0]["DESCRIPTION"])
    assert "the deploy pipeline and its canary stages" in greg  # joined across the fold


# --- input that is not a calendar: exit 4, one line, the target untouched -------------------


def previous_target(tmp_path: Path) -> tuple[Path, bytes]:
    """A target holding the sample's follow-ups, as a run before this one left it."""
    target = tmp_path / "followups.ics"
    ok(sync(SAMPLES / "calendar.ics", target=target))
    return target, target.read_bytes()


def damaged(tmp_path: Path) -> Path:
    """A good export whose first event ends with END:VTODO (line 11)."""
    text = fixture_path("sequence_original").read_text("utf-8").replace("END:VEVENT", "END:VTODO")
    path = tmp_path / "damaged.ics"
    path.write_text(text, encoding="utf-8")
    return path


def too_big(tmp_path: Path) -> Path:
    path = tmp_path / "huge.ics"
    with path.open("wb") as handle:
        handle.write(b"BEGIN:VCALENDAR\r\n")
        handle.truncate(ics.MAX_BYTES + 1)
    return path


BAD_INPUTS = {
    # case: (path maker, the file named in the message, what the line must say)
    "empty": (lambda _: fixture_path("empty"), "empty.ics", ": the file is empty"),
    "truncated": (
        lambda _: fixture_path("truncated"),
        "truncated.ics",
        ": line 15: BEGIN:VEVENT is never closed (no END:VEVENT): the file is truncated",
    ),
    "binary": (
        lambda _: fixture_path("binary_junk"),
        "binary_junk.ics",
        ": line 1: not an iCalendar file",
    ),
    "directory": (
        lambda _: DATA / "directory_with_a_bad_file",
        "globex-onsite.ics",
        ": line 1: not an iCalendar file",
    ),
    "damaged": (
        damaged,
        "damaged.ics",
        ": line 11: END:VTODO where END:VEVENT was expected (BEGIN:VEVENT is on line 4)",
    ),
    "too big": (too_big, "huge.ics", ": larger than 256 MB; split the export"),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_input_that_is_not_icalendar_is_exit_4_one_line_and_the_target_untouched(tmp_path, case):
    make, name, says = BAD_INPUTS[case]
    target, before = previous_target(tmp_path)
    source = make(tmp_path)

    result = sync(source, target=target)

    assert result.exit_code == 4, result.output
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("calsync: error: ")
    assert f"{name}{says}" in line
    assert "Traceback" not in result.output
    assert target.read_bytes() == before


def event(*lines: str, calendar: tuple[str, ...] = ()) -> str:
    body = [
        "UID:acme@calsync.test",
        "DTSTAMP:20261110T120000Z",
        "DTSTART:20261118T090000Z",
        "DTEND:20261118T100000Z",
        "SUMMARY:Interview with Acme",
        *lines,
    ]
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//EN", *calendar, "BEGIN:VEVENT"]
    return "\r\n".join([*head, *body, "END:VEVENT", "END:VCALENDAR", ""])


# Inputs tests/test_fuzz.py found that made calsync fail (exit 1, or a two-line error), and
# what they give now: (exit code, text in the output, the thank-yous planned).
ACME = "Send thank-you to the hiring team — Acme"
FOUND_BY_FUZZING = {
    "unknown X-WR-TIMEZONE": (
        event(calendar=("X-WR-TIMEZONE:Mars/Olympus_Mons",)),
        0,
        "X-WR-TIMEZONE 'Mars/Olympus_Mons' ignored",
        [ACME],
    ),
    "RECURRENCE-ID twice": (
        event("RECURRENCE-ID:20261118T090000Z", "RECURRENCE-ID:20261118T090000Z"),
        0,
        'event "Interview with Acme": skipped: RECURRENCE-ID appears 2 times',
        [],
    ),
    "SUMMARY and DTSTAMP twice": (  # the first of each counts
        event("SUMMARY:Interview with Initech", "DTSTAMP:20261111T120000Z"),
        0,
        "created 4,",
        [ACME],
    ),
    "a fold continuing an END line": (
        event().replace("END:VEVENT", "END:VEVENT\r\n 0 1234567\\nThey will decide by Dec 4."),
        4,
        "line 10: END:VEVENT0 1234567?THEY WILL DECIDE BY DEC … where END:VEVENT was expected",
        [],
    ),
}


@pytest.mark.parametrize("case", list(FOUND_BY_FUZZING))
def test_inputs_found_by_fuzzing_give_follow_ups_or_one_clear_line(tmp_path, case):
    text, code, says, thanks = FOUND_BY_FUZZING[case]
    source = tmp_path / "found.ics"
    source.write_text(text, encoding="utf-8")
    target = tmp_path / "followups.ics"

    result = sync(source, target=target)

    assert result.exit_code == code, result.output
    assert says in result.output
    assert "internal error" not in result.output
    if code:
        assert len(result.stderr.strip().splitlines()) == 1
    else:
        assert [str(t["SUMMARY"]) for t in of_kind(written(target), "thank-you")] == thanks


def test_a_broken_event_and_a_broken_task_in_a_good_file_skip_only_the_event(tmp_path):
    target = tmp_path / "followups.ics"
    result = ok(sync(fixture_path("broken_todo_and_alarm"), target=target))

    (warning,) = [line for line in result.stderr.splitlines() if "warning" in line]
    assert 'broken_todo_and_alarm.ics: line 10: event "Interview with Acme": skipped' in warning
    assert "15 minutes before" in warning  # what is wrong with it
    # The task with a bad date is not calsync's business: no warning, and no failed file.
    assert [str(i["SUMMARY"]) for i in of_kind(written(target), "thank-you")] == [
        "Send thank-you to the hiring team — Initech"
    ]


# --- big and slow inputs (generated, not committed) -----------------------------------------


def run_cli(source: Path, target: Path, timeout: float) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "calsync", "-c", CONFIG, "sync", str(source), "-o", str(target)]
        + ["--now", NOW],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def fold(line: str) -> bytes:
    raw = line.encode("utf-8")
    parts = [raw[:75]] + [b" " + raw[i : i + 74] for i in range(75, len(raw), 74)]
    return b"\r\n".join(parts)


def test_a_5_mb_description_is_read_in_seconds_and_its_notes_still_used(tmp_path):
    # Notes on top, then a pasted spreadsheet: 5 MB of figures on lines thousands long (the
    # kind of text that made a pattern with nested repetition take minutes).
    figures = " ".join(str(1000 + n % 9000) for n in range(1200))
    description = (
        "Notes:\\n- Dana walked through the billing migration\\n"
        "- Promised to send my talk: https://talks.example.org/idempotency\\n\\n"
        + "\\n".join(f"Q{n % 4 + 1} figures {figures}" for n in range(870))
    )
    assert len(description) > 5_000_000
    source = tmp_path / "big.ics"
    source.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\n"
        b"UID:big-description@calsync.test\r\nDTSTAMP:20261101T000000Z\r\n"
        b"DTSTART:20261118T090000Z\r\nDTEND:20261118T100000Z\r\n"
        b"SUMMARY:Interview with Acme\r\n"
        b"ATTENDEE;CN=Dana Kowalski:mailto:dana.kowalski@acme.com\r\n"
        + fold("DESCRIPTION:" + description)
        + b"\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    target = tmp_path / "followups.ics"
    started = time.monotonic()
    done = run_cli(source, target, timeout=60)
    elapsed = time.monotonic() - started

    assert done.returncode == 0, done.stderr
    (thanks,) = of_kind(written(target), "thank-you")
    assert str(thanks["SUMMARY"]) == "Send thank-you to Dana Kowalski — Acme"
    assert "the billing migration" in str(thanks["DESCRIPTION"])
    assert "https://talks.example.org/idempotency" in str(thanks["DESCRIPTION"])
    assert target.stat().st_size < 50_000  # nothing of the 5 MB is copied into the follow-ups
    assert elapsed < 15


# --- a VTIMEZONE that names an IANA zone ---------------------------------------------------------

WRONG_BERLIN = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"
    b"BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
    b"TZOFFSETFROM:+0500\r\nTZOFFSETTO:+0500\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
    b"BEGIN:VEVENT\r\nUID:z@x\r\nDTSTART;TZID=Europe/Berlin:20261117T140000\r\n"
    b"DTEND;TZID=Europe/Berlin:20261117T150000\r\nSUMMARY:Interview with Acme\r\nEND:VEVENT\r\n"
    b"END:VCALENDAR\r\n"
)


def test_icalendar_takes_its_own_iana_zone_over_a_vtimezone_of_that_name():
    # calsync does not parse such a block (sources/ics.py: _names_an_iana_zone) because
    # icalendar ignores it. Should icalendar start reading it, this fails first.
    event = icalendar.Calendar.from_ical(WRONG_BERLIN).walk("VEVENT")[0]
    assert event["DTSTART"].dt.utcoffset() == timedelta(hours=1)  # Berlin in November, not +5
    now = datetime(2026, 11, 20, 18, tzinfo=UTC)
    sources = [ics.parse(WRONG_BERLIN, "x.ics")]
    (interview,) = detect.detect(sources, config_module.Config(), now, BERLIN).interviews
    assert interview.start == datetime(2026, 11, 17, 13, tzinfo=UTC)


def test_a_time_zone_whose_rule_repeats_every_second_is_skipped_not_walked(tmp_path):
    # Found by `make fuzz`: walking a rule like this from 1601 for each time in the zone hung
    # the run until its memory was gone. The zone goes, with a warning; Outlook's name still
    # says which zone is meant.
    target = tmp_path / "followups.ics"
    done = run_cli(fixture_path("vtimezone_secondly_rule"), target, timeout=60)

    assert done.returncode == 0, done.stderr
    (warning,) = [line for line in done.stderr.splitlines() if "warning" in line]
    assert "vtimezone_secondly_rule.ics: line 5: VTIMEZONE: skipped" in warning
    (thanks,) = of_kind(written(target), "thank-you")
    assert thanks["DTSTART"].dt == datetime(2026, 11, 17, 11, 30, tzinfo=BERLIN)


def test_a_garbled_start_in_a_google_calendar_is_a_warning_not_an_internal_error(tmp_path):
    # Found by fuzzing: x-wr-timezone copies each event without icalendar's list of the values
    # it could not read, so the garbled DTSTART was only found when it was used, as a crash.
    source = tmp_path / "google.ics"
    source.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
        b"X-WR-TIMEZONE:America/Los_Angeles\r\nBEGIN:VEVENT\r\nUID:onsite@x\r\n"
        b"DTSTART;TZID=America/Los_Angeles:2\xc5WJ\x87\t0261202T100000\r\n"
        b"DTEND;TZID=America/Los_Angeles:20261202T153000\r\nSUMMARY:Onsite - Initrode\r\n"
        b"EXDATE;TZID=Nowhere:20261123T100000\r\n"  # this makes x-wr-timezone copy the event
        b"BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    done = run_cli(source, tmp_path / "followups.ics", timeout=60)

    assert done.returncode == 0, done.stderr
    (warning,) = done.stderr.splitlines()
    assert 'google.ics: event "Onsite - Initrode": skipped: bad time' in warning
    assert "internal error" not in done.stderr


def test_an_event_inside_another_is_its_own_event_and_its_rule_is_not_walked(tmp_path):
    # Found by fuzzing: a VEVENT with FREQ=SECONDLY nested inside another (lines shuffled).
    # The outer event's expansion walked the inner one's rule and never ended.
    target = tmp_path / "followups.ics"
    done = run_cli(fixture_path("nested_runaway_event"), target, timeout=60)

    assert done.returncode == 0, done.stderr
    (warning,) = [line for line in done.stderr.splitlines() if "warning" in line]
    assert 'event "Interview with Acme": skipped: repeats more than' in warning
    assert {str(t["SUMMARY"]) for t in of_kind(written(target), "thank-you")} == {
        "Send thank-you to the hiring team — Initech"
    }
