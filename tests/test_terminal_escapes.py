"""Text from outside never drives the terminal (issue 12, item 15's last part).

A SUMMARY in the target (anyone who shares the calendar can write one), a company name in an
invite, a file name, a server's answer: calsync prints them in status rows and headings,
dry-run lines, warnings, errors, doctor and -v logs. An escape sequence among them could
retitle the window (`ESC ] 0 ; … BEL`), clear the screen (`ESC [ 2 J`) or forge a line.
Printed, every C0 and C1 control character and DEL shows as an escape (`\\x1b`), and a line
stays one line; what is written to calendars, and the JSON documents' values, keep the text
exactly. calsync runs as a subprocess: these are the bytes a terminal would get.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLES

NOW = "2026-11-20T18:00:00Z"
CONFIG = str(SAMPLES / "config.toml")
CALENDAR = SAMPLES / "calendar.ics"
SCRIPT = Path(sys.executable).with_name("calsync")
CALSYNC = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "calsync"]
TITLE = "\x1b]0;pwned\x07"  # sets the terminal's window title
CLEAR = "\x1b[2J"  # clears the screen
CSI = "\x9b2J"  # the same as one C1 character
HOSTILE = f"{TITLE}Tea with Dana{CLEAR}{CSI}"
SHOWN = "\\x1b]0;pwned\\x07Tea with Dana\\x1b[2J\\x9b2J"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but tab and newline


def run(*args: str, env=None) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [*CALSYNC, "-c", CONFIG, *args],
        capture_output=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "CALSYNC_NOW": NOW, **(env or {})},
    )
    done.out = done.stdout.decode("utf-8")
    done.err = done.stderr.decode("utf-8")
    return done


def clean(result) -> None:
    """No control character reaches the terminal but the newline ending each line."""
    assert not CONTROL.search(result.out), result.out
    assert not CONTROL.search(result.err), result.err


@pytest.fixture
def target(tmp_path) -> Path:
    """A target where someone retitled a thank-you (it is now theirs: "edited")."""
    path = tmp_path / "followups.ics"
    assert run("sync", str(CALENDAR), "-o", str(path)).returncode == 0
    text = path.read_bytes().decode("utf-8")
    found = re.search(r"SUMMARY:Send thank-you to Dana Kowalski[^\r]*", text)
    path.write_bytes(text.replace(found[0], f"SUMMARY:{HOSTILE}", 1).encode("utf-8"))
    return path


def test_status_shows_a_hostile_summary_escaped(target):
    shown = run("status", "-o", str(target))
    assert shown.returncode == 0, shown.err
    clean(shown)
    (row,) = [line for line in shown.out.splitlines() if "edited" in line]
    assert row.endswith(f"edited     {SHOWN[:25]}…")  # cut to 80 columns, as it shows
    assert len(row) == 80


def test_status_json_keeps_the_summary_exactly_and_escapes_c1_too(target):
    shown = run("status", "-o", str(target), "--json")
    assert shown.returncode == 0, shown.err
    clean(shown)
    summaries = [
        f["summary"] for a in json.loads(shown.out)["applications"] for f in a["followups"]
    ]
    assert HOSTILE in summaries  # the value is the text, escaped only as JSON escapes it


def test_dry_run_lines_show_a_hostile_summary_escaped_and_the_file_keeps_it(target):
    before = target.read_bytes()
    planned = run("sync", str(CALENDAR), "-o", str(target), "--dry-run")
    assert planned.returncode == 0, planned.err
    clean(planned)
    assert any(line.endswith(f"{SHOWN}  (edited by you)") for line in planned.out.splitlines())
    synced = run("sync", str(CALENDAR), "-o", str(target))
    assert synced.returncode == 0, synced.err
    clean(synced)
    assert target.read_bytes() == before  # the calendar holds what its writer wrote


def test_an_invite_with_escapes_reaches_no_output_raw(tmp_path):
    """calsync drops control characters from invites when it plans (README "Real-world
    calendars"): whatever else prints the company shows no escape either."""
    text = CALENDAR.read_text(encoding="utf-8")
    source = tmp_path / "invites.ics"
    source.write_text(text.replace("with Contoso", f"with Contoso{CLEAR}Evil", 1))
    target = tmp_path / "followups.ics"
    runs = [
        run("sync", str(source), "--dry-run"),
        run("sync", str(source), "-o", str(target)),
        run("status", "-o", str(target)),
        run("replied", "contoso", "-o", str(target)),
    ]
    assert [r.returncode for r in runs] == [0, 0, 0, 0], [r.err for r in runs]
    for result in runs:
        clean(result)
    # The title's text, its escape dropped, is shown where the event is named; the company
    # is the one the interviewers' domain spells (contoso.com), not the mangled segment.
    assert 'event "Interview with Contoso[2JEvil — Product Manager"' in runs[0].out
    assert "Ask Contoso about next steps" in runs[0].out


def test_a_heading_from_a_target_items_application_is_escaped(target, tmp_path):
    text = target.read_bytes().decode("utf-8")
    key = "X-CALSYNC-APPLICATION;VALUE=TEXT:bluefin-analytics/data-analyst"
    assert key in text
    target.write_bytes(text.replace(key, f"X-CALSYNC-APPLICATION:blue{CLEAR}fin", 1).encode())
    fresh = {"CALSYNC_HOME": str(tmp_path / "new-machine")}  # no ledger: the key is the name
    shown = run("status", "-o", str(target), env=fresh)
    assert shown.returncode == 0, shown.err
    clean(shown)
    assert any(line.startswith("blue\\x1b[2Jfin") for line in shown.out.splitlines())


@pytest.mark.parametrize("name", [f"{TITLE}evil.ics", "forged\ncalsync: created 0.ics"])
def test_a_source_file_name_is_escaped_in_the_error_and_stays_one_line(tmp_path, name):
    source = tmp_path / name
    source.write_bytes(b"this is no calendar")
    failed = run("sync", str(source), "--dry-run")
    assert failed.returncode == 4
    clean(failed)
    (line,) = failed.err.splitlines()
    shown = name.replace("\x1b", "\\x1b").replace("\x07", "\\x07").replace("\n", "\\x0a")
    assert shown in line


def test_a_warning_doctor_line_and_log_name_a_file_escaped(tmp_path):
    broken = CALENDAR.read_text(encoding="utf-8").replace(
        "DTSTART;TZID=Europe/Berlin:20261117T140000", "DTSTART;TZID=Europe/Berlin:2026-11-17", 1
    )
    source = tmp_path / f"{TITLE}cal.ics"
    source.write_text(broken, encoding="utf-8")
    runs = [run("-v", "sync", str(source), "--dry-run"), run("-vv", "doctor", str(source))]
    assert [r.returncode for r in runs] == [0, 0], [r.err for r in runs]
    for result in runs:
        clean(result)
    assert "calsync: warning: " in runs[0].err and "\\x1b]0;pwned\\x07cal.ics" in runs[0].err
    assert runs[1].out.startswith("ok    source ") and "\\x1b]0;pwned\\x07cal.ics" in runs[1].out


def test_a_draft_keeps_its_lines_and_escapes_the_rest(target):
    text = target.read_bytes().decode("utf-8")
    text = text.replace("DESCRIPTION:Subject:", f"DESCRIPTION:Subject: {CLEAR}", 1)
    target.write_bytes(text.encode("utf-8"))
    uid = re.search(r"DESCRIPTION:Subject: .*?\r\nUID:([^\r]+)", text, re.S)
    assert uid, "the edited item's UID follows its description"
    shown = run("draft", uid[1][:12], "-o", str(target))
    assert shown.returncode == 0, shown.err
    clean(shown)
    assert shown.out.startswith("Subject: \\x1b[2J") and shown.out.count("\n") > 3


def test_an_error_with_minus_vv_escapes_its_traceback(tmp_path):
    source = tmp_path / f"{CLEAR}x.ics"
    source.write_bytes(b"nope")
    failed = run("-vv", "sync", str(source), "--dry-run")
    assert failed.returncode == 4 and "Traceback" in failed.err
    clean(failed)


def test_config_show_escapes_controls_as_toml_and_loads_again(tmp_path):
    from calsync import config

    path = tmp_path / "config.toml"
    path.write_text('[me]\nname = "Alex\\u009b2J\\u001b]0;x\\u0007 \\u007f"\n', encoding="utf-8")
    shown = subprocess.run(
        [*CALSYNC, "-c", str(path), "config", "--show"], capture_output=True, timeout=60
    )
    assert shown.returncode == 0, shown.stderr
    text = shown.stdout.decode("utf-8")
    assert not CONTROL.search(text)
    again = tmp_path / "again.toml"
    again.write_text(text, encoding="utf-8")
    assert config.load(again).me.name == "Alex\x9b2J\x1b]0;x\x07 \x7f"


def test_minus_vv_request_logs_escape_a_path(radicale_server):
    url = f"caldav+{radicale_server.home_url}x{CLEAR}y/"
    failed = run("-vv", "sync", url, "--dry-run")
    assert failed.returncode == 4, failed.err
    clean(failed)
    logged = [line for line in failed.err.splitlines() if " -> " in line]
    assert logged and all("x\\x1b[2Jy" in line for line in logged), failed.err
