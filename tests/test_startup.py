"""A fast start (issue 6): each command imports only what it uses; caldav, its HTTP stack and
vobject cost ~0.5 s and are loaded only for CalDAV or an address book."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import SAMPLES

HEAVY = ("caldav", "niquests", "lxml", "vobject", "holidays")


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
    assert not modules & {*HEAVY, "icalendar", "recurring_ical_events", "dateutil"}


def test_a_file_sync_imports_no_caldav_vobject_or_network_stack():
    modules = imported("sync", str(SAMPLES / "calendar.ics"), "--now", "2026-11-20T18:00:00Z")
    assert "icalendar" in modules
    assert not modules & {*HEAVY, "http", "ssl", "socket"}  # only a feed or CalDAV needs them
