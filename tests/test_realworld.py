"""Real-world calendars (issue 12, items 18-21): what real exporters write, read as the libraries
read it, and never a follow-up twice.

Each fixture in tests/data says in its X-COMMENT line which real export its shape comes from.
The command line runs on it, in process or (where stderr as cron mails it is the point) as a
subprocess, and the follow-ups it wrote are read back.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from click.testing import Result
from conftest import BERLIN, SAMPLES, fixture_path
from test_corpus import CONFIG, NOW, of_kind, ok, sync, zone_of

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
