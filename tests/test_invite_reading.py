"""Reading invites end to end (issue 13): `--dry-run` and `--json` say why each candidate event
counted as the user's interview or not, and invites no tool would write are still data: a
warning at most, never a crash."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from calsync.cli import cli

NOW = "2026-11-20T18:00:00Z"


def event(uid: str, summary: str, body: str = "", location: str = "", extra: str = "") -> str:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        "DTSTAMP:20261101T090000Z",
        "DTSTART;TZID=America/Chicago:20261118T090000",
        "DTEND;TZID=America/Chicago:20261118T100000",
        f"SUMMARY:{summary}",
    ]
    if body:
        lines.append(f"DESCRIPTION:{body}")
    if location:
        lines.append(f"LOCATION:{location}")
    lines.extend(extra.splitlines())
    lines.append("END:VEVENT")
    return "\r\n".join(lines) + "\r\n"


def calendar(tmp_path: Path, *events: str) -> str:
    path = tmp_path / "work.ics"
    body = "".join(events)
    path.write_text(
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{body}END:VCALENDAR\r\n",
        encoding="utf-8",
        newline="",
    )
    return str(path)


def run(tmp_path: Path, *args: str):
    config = tmp_path / "calsync.toml"
    config.write_text('[me]\nname = "Sam Lee"\nemails = ["sam.lee@gmail.com"]\n')
    return CliRunner().invoke(cli, ["-c", str(config), "sync", *args, "--now", NOW])


SUPERDAY = event(
    "superday@goodtime.io",
    "Superday: Contoso",
    extra=(
        "ORGANIZER;CN=Contoso Recruiting:mailto:scheduling@goodtime.io\r\n"
        "ATTENDEE;CN=Mei Tanaka:mailto:mei.tanaka@contoso.com\r\n"
        "ATTENDEE;CN=Sam Lee:mailto:sam.lee@gmail.com"
    ),
)
TIPS = event(
    "tips@gmail.com",
    "Coffee with Jo: tips for my interview",
    extra="ATTENDEE;CN=Jo:mailto:jo@gmail.com\r\nATTENDEE;CN=Sam Lee:mailto:sam.lee@gmail.com",
)
TRAINING = event("training@contoso.com", "Interview training for team leads")


def test_dry_run_says_why_each_candidate_counted_or_not(tmp_path):
    source = calendar(tmp_path, SUPERDAY, TIPS, TRAINING)
    result = run(tmp_path, source, "--dry-run", "-o", str(tmp_path / "out.ics"))
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith(("interview ", "not"))]
    assert len(lines) == 3, result.output
    (superday,) = [line for line in lines if "Superday" in line]
    assert superday.startswith("interview") and 'title "Superday"' in superday
    assert "goodtime.io" in superday
    others = [line for line in lines if line is not superday]
    assert all(line.startswith("not one") for line in others), others
    assert "Send thank-you to Mei Tanaka" in result.output
    assert "tips" not in "".join(
        line for line in result.output.splitlines() if line.startswith("create")
    )


def test_json_lists_the_candidates_with_their_reasons(tmp_path):
    source = calendar(tmp_path, SUPERDAY, TIPS)
    result = run(tmp_path, source, "--json", "--dry-run", "-o", str(tmp_path / "out.ics"))
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    by_uid = {c["uid"]: c for c in report["candidates"]}
    assert by_uid["superday@goodtime.io"]["interview"] is True
    assert by_uid["tips@gmail.com"]["interview"] is False
    assert all(c["reasons"] for c in by_uid.values())
    assert any("tips" in r for r in by_uid["tips@gmail.com"]["reasons"])


def test_invites_no_tool_would_write_are_still_data(tmp_path):
    """A 2,000-character title, a description of only dial-in numbers, a date that does not
    exist, a city that names two zones: each is read as far as it can be, and the run ends
    well."""
    long_title = "Interview " + "Contoso " * 250
    dial_in = "\\n".join(
        ["Join Zoom Meeting", "Dial by your location", "+1 646 558 8656 US (New York)"]
        + [f"+1 {n} 555 0{n} US" for n in range(200, 260)]
        + ["Meeting ID: 812 3456 7890", "Passcode: 123456"]
    )
    impossible = "Notes:\\n- they will decide by 31 February"
    source = calendar(
        tmp_path,
        event("long@x.test", long_title[:2000]),
        event("dialin@x.test", "Interview: Fabrikam", dial_in),
        event("feb@x.test", "Interview: Globex", impossible),
        event(
            "portland@x.test",
            "Onsite interview: Initech",
            location="Initech office, Portland",
            extra="DTSTART:20261118T170000Z\r\nDTEND:20261118T180000Z",
        )
        .replace("DTSTART;TZID=America/Chicago:20261118T090000\r\n", "")
        .replace("DTEND;TZID=America/Chicago:20261118T100000\r\n", ""),
    )
    result = run(tmp_path, source, "--json", "-o", str(tmp_path / "out.ics"))
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    interviews = {c["uid"] for c in report["candidates"] if c["interview"]}
    assert interviews == {"long@x.test", "dialin@x.test", "feb@x.test", "portland@x.test"}
    written = (tmp_path / "out.ics").read_bytes().decode("utf-8")
    # No dial-in number became the employer's number to call.
    assert "646" not in written.replace("\r\n ", "")
    # Portland, Oregon or Maine: neither is guessed; the call window says whose clock it is on.
    assert "your own zone" in written.replace("\r\n ", "")


def test_a_utc_invite_gets_its_call_window_on_the_office_clock_and_says_why(tmp_path):
    """Google and Apple export single events in UTC: the office address says whose day the
    call falls in (README "How interviews are found")."""
    utc = event(
        "chicago@x.test",
        "Interview: Globex - Data Engineer",
        location="Globex HQ, 233 S Wacker Dr, Chicago, IL 60606",
        extra="DTSTART:20261118T150000Z\r\nDTEND:20261118T160000Z",
    )
    utc = utc.replace("DTSTART;TZID=America/Chicago:20261118T090000\r\n", "")
    utc = utc.replace("DTEND;TZID=America/Chicago:20261118T100000\r\n", "")
    result = run(tmp_path, calendar(tmp_path, utc), "-o", str(tmp_path / "out.ics"))
    assert result.exit_code == 0, result.output
    written = (tmp_path / "out.ics").read_bytes().decode("utf-8").replace("\r\n ", "")
    written = written.replace("\\,", ",")  # iCalendar escapes a comma in text
    assert "10:00–16:00 Chicago time, from the office address (Chicago, IL)" in written
    # The thank-you starts when the interview ends: 10:00 in Chicago, not 16:00 in Berlin.
    assert "DTSTART;TZID=America/Chicago:20261118T100000" in written
