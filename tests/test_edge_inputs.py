"""Inputs at the edges, each an internal error (exit 1, a traceback hint) before issue 12 item 17.

`--now` at the ends of the calendar, a port that is no port, a password_command that prints
bytes that are not UTF-8, and a standard output on a full device: each must be one line on
stderr with the documented exit code (README "Exit codes"), no traceback, no secret. calsync
runs as the shell starts it, a subprocess, so what reaches stderr and the exit code are real.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import servers
from conftest import SAMPLES

NOW = "2026-11-20T18:00:00Z"
CONFIG = str(SAMPLES / "config.toml")
CALENDAR = str(SAMPLES / "calendar.ics")
SCRIPT = Path(sys.executable).with_name("calsync")
CALSYNC = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "calsync"]


def run(*args: str, config: str = CONFIG, env=None, stdout=subprocess.PIPE):
    return subprocess.run(
        [*CALSYNC, "-c", config, *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )


def one_line(result, code: int) -> str:
    """The single stderr line of a failed run with exit `code`, no traceback."""
    assert result.returncode == code, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("calsync: error: "), lines[0]
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    return lines[0]


def with_config(tmp_path: Path, text: str) -> str:
    path = tmp_path / "config.toml"
    path.write_text((SAMPLES / "config.toml").read_text(encoding="utf-8") + "\n" + text)
    return str(path)


# -- --now at the ends of the calendar -----------------------------------------------------------

OUT_OF_RANGE = [
    "0001-01-01T00:00:00Z",
    "0001-01-01T00:00:00+05:00",  # before year 1 in UTC
    "0001-01-01T00:00:00",  # local time (TZ is Europe/Berlin here)
    "9999-12-31T23:59:59Z",
    "9999-12-31T23:59:59-05:00",  # after year 9999 in UTC
    "1899-12-31T23:59:59Z",
    "9001-01-01T00:00:00Z",
]


@pytest.fixture
def target(tmp_path) -> Path:
    """A target file that a normal run wrote: `status` has something to show."""
    path = tmp_path / "followups.ics"
    assert run("sync", CALENDAR, "-o", str(path), "--now", NOW).returncode == 0
    return path


@pytest.mark.parametrize("when", OUT_OF_RANGE)
@pytest.mark.parametrize(
    "command", ["sync --dry-run", "sync -o", "status", "status --json", "replied"]
)
def test_now_outside_the_supported_years_is_a_usage_error_naming_them(command, when, target):
    before = target.read_bytes()
    args = {
        "sync --dry-run": ("sync", CALENDAR, "--dry-run", "--now", when),
        "sync -o": ("sync", CALENDAR, "-o", str(target), "--now", when),
        "status": ("status", "-o", str(target), "--now", when),
        "status --json": ("status", "-o", str(target), "--json", "--now", when),
        "replied": ("replied", "Northwind Robotics", "-o", str(target)),  # CALSYNC_NOW
    }[command]
    line = one_line(run(*args, env={"CALSYNC_NOW": when}), 2)
    assert line == (
        f"calsync: error: --now: {when} is outside the years calsync can plan in; "
        "give a time from 1900-01-01 to 9000-12-31"
    )
    assert target.read_bytes() == before


INTERVIEWS_AT_THE_ENDS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
    "BEGIN:VEVENT\r\nUID:early@example.org\r\nDTSTAMP:19000101T000000Z\r\n"
    "DTSTART:19000101T000000Z\r\nDTEND:19000101T010000Z\r\n"
    "SUMMARY:Interview with Acme\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:late@example.org\r\nDTSTAMP:90001201T000000Z\r\n"
    "DTSTART:90001230T220000Z\r\nDTEND:90001230T230000Z\r\n"
    "SUMMARY:Interview with Globex\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)
WIDEST = """
[detect]
lookback_days = 3650
horizon_days = 3650

[cadence]
phone_call_business_days = 3650
next_steps_business_days = 3650
final_nudge_business_days = 3650
"""


@pytest.mark.parametrize(
    ("when", "company"),
    [("1900-01-01T00:00:00+14:00", "Acme"), ("9000-12-31T23:59:59-12:00", "Globex")],
)
def test_now_at_either_end_of_the_supported_years_plans_and_shows(tmp_path, when, company):
    source = tmp_path / "ends.ics"
    source.write_text(INTERVIEWS_AT_THE_ENDS)
    cfg = tmp_path / "widest.toml"  # the widest window and the longest cadence
    cfg.write_text(WIDEST)
    target = tmp_path / "followups.ics"
    synced = run("sync", str(source), "-o", str(target), "--now", when, config=str(cfg))
    assert synced.returncode == 0, synced.stderr
    assert synced.stdout.startswith("created 4,"), synced.stdout  # thank-you, call, next, nudge
    shown = run("status", "-o", str(target), "--now", when, config=str(cfg))
    assert shown.returncode == 0, shown.stderr
    assert company in shown.stdout


# -- a port that is no port ---------------------------------------------------------------------

BAD_PORTS = ["99999", "abc", "0", "-1"]


@pytest.mark.parametrize("port", BAD_PORTS)
@pytest.mark.parametrize("where", ["source", "target", "doctor"])
def test_a_bad_port_in_a_caldav_url_is_a_usage_error(where, port):
    url = f"caldav+https://alex@dav.example.org:{port}/cal/"
    args = {
        "source": ("sync", url, "--dry-run", "--now", NOW),
        "target": ("sync", CALENDAR, "-o", url, "--now", NOW),
        "doctor": ("doctor", url),
    }[where]
    line = one_line(run(*args), 2)
    assert line == (
        f"calsync: error: caldav+https://dav.example.org:{port}/…: "
        "the port must be a number from 1 to 65535"
    )


@pytest.mark.parametrize("port", BAD_PORTS)
def test_a_bad_port_in_a_configured_url_is_a_config_error(tmp_path, port):
    cfg = with_config(tmp_path, f'[[source]]\nname = "work"\nurl = "https://dav:{port}/c/"\n')
    result = run("sync", "--dry-run", "--now", NOW, config=cfg)
    assert result.returncode == 3, result.stderr
    assert result.stderr.splitlines()[1:] == [
        f"  [[source]] 1 (work) url: https://dav:{port}/…: "
        "the port must be a number from 1 to 65535"
    ]


# -- a password that is not UTF-8 text ----------------------------------------------------------

SECRET = b"s3cr\xe9t-\xff\xfeQx7"


@pytest.fixture
def dav_source(radicale_auth_server, tmp_path):
    """A [[source]] on a real Radicale that asks for a password, without its password source."""
    url = servers.fresh_calendar(radicale_auth_server)
    return f'[[source]]\nname = "work"\nurl = "{url}"\nusername = "alex"\n'


@pytest.mark.parametrize("verbose", [(), ("-vv",)])
@pytest.mark.parametrize("where", ["password_command", "password_env"])
def test_a_password_that_is_not_utf8_is_refused_without_quoting_it(
    dav_source, tmp_path, where, verbose
):
    printer = tmp_path / "pw.py"
    printer.write_text(f"import sys\nsys.stdout.buffer.write({SECRET!r})\n")
    line = {
        "password_command": f'password_command = "{sys.executable} {printer}"\n',
        "password_env": 'password_env = "CALSYNC_TEST_PASSWORD"\n',
    }[where]
    env = {"CALSYNC_TEST_PASSWORD": os.fsdecode(SECRET)}  # the bytes, as a shell would set them
    cfg = with_config(tmp_path, dav_source + line)
    result = run(*verbose, "sync", "--dry-run", "--now", NOW, config=cfg, env=env)
    assert result.returncode == 3, result.stderr
    lines = result.stderr.splitlines()
    heading = [n for n, text in enumerate(lines) if text.startswith("calsync: configuration")]
    assert heading, result.stderr
    assert lines[heading[0] + 1 :] == [
        {
            "password_command": "  password_command printed bytes that are not UTF-8 text; "
            "make it print the password as UTF-8",
            "password_env": "  password_env: $CALSYNC_TEST_PASSWORD holds bytes that are not "
            "UTF-8 text; set it to the password in UTF-8",
        }[where]
    ]
    for part in ("s3cr", "Qx7", "0xe9", "0xff", "\\xe9", "\\udce9", "position"):
        assert part not in result.stderr


# -- standard output on a full device ---------------------------------------------------------


FULL = "calsync: error: standard output: cannot write (No space left on device)"


def full(*args: str, **kwargs):
    with open("/dev/full", "w") as device:
        return run(*args, stdout=device, **kwargs)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize(
    "args",
    [
        ("sync", CALENDAR, "--now", NOW),  # the calendar goes to stdout
        ("sync", CALENDAR, "--dry-run", "--now", NOW),
        ("sync", CALENDAR, "--dry-run", "--json", "--now", NOW),
        ("config", "--show"),
        ("--help",),  # click prints these itself
        ("sync", "--help"),
        ("--version",),
    ],
    ids=["sync", "dry-run", "json", "config", "help", "sync-help", "version"],
)
def test_a_full_stdout_is_exit_5_in_one_line(args):
    line = one_line(full(*args), 5)
    assert line.startswith(FULL)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("args", [("status",), ("status", "--json"), ("draft", "")])
def test_a_full_stdout_fails_status_and_draft_in_one_line(target, args):
    if args[0] == "draft":  # the first follow-up's id, as status shows it
        shown = run("status", "-o", str(target), "--now", NOW).stdout.splitlines()
        args = ("draft", shown[2].split()[0])
    line = one_line(full(*args, "-o", str(target), env={"CALSYNC_NOW": NOW}), 5)
    assert line.startswith(FULL)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("json", [(), ("--json",)])
def test_a_full_stdout_after_writing_the_target_says_the_target_was_written(tmp_path, json):
    target = tmp_path / "followups.ics"
    line = one_line(full("sync", CALENDAR, "-o", str(target), "--now", NOW, *json), 5)
    assert line.endswith(f"the follow-ups were written to {target} all the same")
    again = run("sync", CALENDAR, "-o", str(target), "--now", NOW)  # nothing half done
    assert again.returncode == 0 and again.stdout.startswith("created 0, updated 0, cancelled 0")
