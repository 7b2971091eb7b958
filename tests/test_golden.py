"""The sample run, pinned: the panel thank-you drafts and the whole calendar calsync writes.

Regenerate after an intended change, then read the diff before committing it:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_golden.py
    (or: UPDATE_GOLDEN=1 make test)

The calendar is compared without its DTSTAMP and PRODID lines (they change with the clock and
the version), and with CRLF line ends stored as LF; a separate test pins the CRLF ends.
"""

from __future__ import annotations

import os
import re

import icalendar
import pytest
from click.testing import CliRunner
from conftest import GOLDEN, SAMPLES

from calsync.cli import cli

UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def sample_run() -> str:
    result = CliRunner().invoke(
        cli,
        [
            "-c",
            str(SAMPLES / "config.toml"),
            "sync",
            str(SAMPLES / "calendar.ics"),
            "--now",
            "2026-11-20T18:00:00Z",
        ],
    )
    assert result.exit_code == 0, result.output
    return result.stdout_bytes.decode("utf-8")


def normalise(calendar: str) -> str:
    lines = calendar.replace("\r\n", "\n").split("\n")
    return "\n".join(line for line in lines if not re.match(r"(DTSTAMP|PRODID)[;:]", line))


def check(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(actual, encoding="utf-8", newline="\n")
        pytest.skip(f"rewrote {path}; read the diff")
    assert path.read_text(encoding="utf-8") == actual


@pytest.mark.parametrize("first_name", ["dana", "priya"])
def test_panel_thank_you_draft_matches_golden(first_name):
    calendar = icalendar.Calendar.from_ical(sample_run().encode())
    (todo,) = [
        t
        for t in calendar.walk("VTODO")
        if str(t["X-CALSYNC-KIND"]) == "thank-you"
        and f"to {first_name.capitalize()} " in str(t["SUMMARY"])
    ]
    check(f"panel-thank-you-{first_name}.txt", str(todo["DESCRIPTION"]))


def test_sample_followups_match_golden():
    check("samples-followups.ics", normalise(sample_run()))


def test_sample_output_uses_crlf_line_ends():
    output = sample_run()
    assert output.endswith("END:VCALENDAR\r\n")
    assert "\n" not in output.replace("\r\n", "")
