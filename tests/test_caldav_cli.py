"""CalDAV through the command line, as a user meets it (README "CalDAV", SPEC §2, §7, §8).

The sample calendar's events sit on a real server (Radicale or Xandikos on 127.0.0.1), one
object per UID as a phone would store them; calsync reads them there and writes the follow-ups
to a calendar on the same server. The tests change the server the way the user's phone would
(tests/servers.py, never through calsync) and judge calsync only by what a user can see: exit
codes, stdout and stderr, and what the calendars hold afterwards.

`calsync` runs as a subprocess where its argv, environment or output streams matter, and through
click's CliRunner elsewhere (the same code, without the start-up cost).
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import servers
from click.testing import CliRunner, Result
from conftest import SAMPLES
from icalendar import Calendar

from calsync.cli import cli

pytestmark = pytest.mark.caldav

NOW = "2026-11-20T18:00:00Z"
NOW_AT = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
SCRIPT = Path(sys.executable).with_name("calsync")
CALSYNC = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "calsync"]
SAMPLE_CONFIG = (SAMPLES / "config.toml").read_text(encoding="utf-8")
PANEL_UID = "5q8m2v7k1c9tbn4hd3rj6gf0pe@google.com"  # Northwind's panel, SEQUENCE:1
NORTHWIND = "northwind-robotics/senior-backend-engineer"
DANA = "Send thank-you to Dana Kowalski — Northwind Robotics"
PRIYA = "Send thank-you to Priya Natarajan — Northwind Robotics"
MARCO = "Send thank-you to Marco Bianchi — Bluefin Analytics"
NORTHWIND_CALL = "Call Northwind Robotics about the Senior Backend Engineer role"
TLS_WARNING = "TLS certificate checks are off (verify_tls = false)"


# -- the sample calendar, as a phone stores it: one object per UID ---------------------------


def phone_objects() -> dict[str, str]:
    """UID -> one VCALENDAR holding that UID's VEVENTs (a series with its overrides) and the
    VTIMEZONEs they use, cut out of samples/calendar.ics with its line ends and folding."""
    text = (SAMPLES / "calendar.ics").read_bytes().decode("utf-8")
    header = text[: text.index("BEGIN:VTIMEZONE")]
    zones = {
        re.search(r"^TZID:(.*?)\r$", zone, re.MULTILINE)[1]: zone
        for zone in re.findall(r"BEGIN:VTIMEZONE\r\n.*?END:VTIMEZONE\r\n", text, re.DOTALL)
    }
    grouped: dict[str, list[str]] = {}
    for event in re.findall(r"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", text, re.DOTALL):
        uid = re.search(r"^UID:(.*?)\r$", event.replace("\r\n ", ""), re.MULTILINE)[1]
        grouped.setdefault(uid, []).append(event)
    objects = {}
    for uid, events in grouped.items():
        body = "".join(events)
        used = [
            z for tzid, z in zones.items() if f'TZID="{tzid}"' in body or f"TZID={tzid}:" in body
        ]
        objects[uid] = header + "".join(used) + body + "END:VCALENDAR\r\n"
    return objects


PHONE = phone_objects()


def put_sample(server: servers.Server, calendar_url: str) -> None:
    for uid, text in PHONE.items():
        server.put(calendar_url, uid, text)


def interview(uid: str, start: datetime, company: str) -> str:
    """A one-hour interview, as a phone writes it."""
    stamp = "%Y%m%dT%H%M%SZ"
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Phone//Calendar//EN\r\n"
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20261001T120000Z\r\n"
        f"DTSTART:{start.astimezone(UTC):{stamp}}\r\n"
        f"DTEND:{(start + timedelta(hours=1)).astimezone(UTC):{stamp}}\r\n"
        f"SUMMARY:Interview with {company}\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )


# -- what a calendar holds --------------------------------------------------------------------


def items(server: servers.Server, calendar_url: str) -> list[dict]:
    """Every VTODO / VEVENT on the calendar: uid, name, href, the stored text, the component."""
    found = []
    for href, text in server.hrefs(calendar_url).items():
        for component in Calendar.from_ical(text.encode("utf-8")).walk():
            if component.name in ("VTODO", "VEVENT"):
                found.append(
                    {
                        "uid": str(component["UID"]),
                        "name": component.name,
                        "href": href,
                        "text": text,
                        "item": component,
                    }
                )
    return found


def followups(server: servers.Server, calendar_url: str) -> dict[str, dict]:
    """calsync's items by SUMMARY (unique in the sample), after checking no UID is there twice."""
    owned = [i for i in items(server, calendar_url) if "X-CALSYNC-KIND" in i["item"]]
    uids = [i["uid"] for i in owned]
    assert len(uids) == len(set(uids)), f"duplicated follow-ups: {sorted(uids)}"
    by_summary = {str(i["item"]["SUMMARY"]): i for i in owned}
    assert len(by_summary) == len(owned)
    return by_summary


def unfolded(text: str) -> str:
    return text.replace("\r\n ", "").replace("\n ", "")


def user_edit(server: servers.Server, href: str, old: str, new: str) -> tuple[str, str]:
    """The user changes one line of an item on their phone; returns (text, etag) as stored."""
    text, etag = server.get(href)
    flat = unfolded(text)
    assert old in flat, (old, flat)
    server.put_href(href, flat.replace(old, new, 1), etag=etag)
    return server.get(href)


# -- config files and running calsync ---------------------------------------------------------


def entry(table: str, name: str, url: str, **keys) -> str:
    lines = [f"[{table}]" if table == "target" else "[[source]]", f'name = "{name}"']
    lines.append(f'url = "{url}"')
    for key, value in keys.items():
        rendered = json.dumps(value) if not isinstance(value, bool) else str(value).lower()
        lines.append(f"{key} = {rendered}")
    return "\n".join(lines) + "\n"


def write_config(path: Path, *entries: str, mode: int = 0o600, output_as: bool = False) -> str:
    """The sample config ([me], cadence...) plus the given [[source]] / [target] entries;
    without its `[output] as = "todo"` unless `output_as`, so that CalDAV's default shows."""
    line = 'as = "todo"       # or "event"'
    assert line in SAMPLE_CONFIG
    base = SAMPLE_CONFIG if output_as else SAMPLE_CONFIG.replace(line, "")
    path.write_text(base + "\n" + "\n".join(entries), encoding="utf-8")
    os.chmod(path, mode)
    return str(path)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def run(*args: str, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """calsync as a user's shell starts it."""
    return subprocess.run(
        [*CALSYNC, *args],
        env=os.environ.copy() if env is None else env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def ok(result):
    code = getattr(result, "exit_code", getattr(result, "returncode", None))
    assert code == 0, (code, result.stdout, result.stderr)
    return result


def counts(line: str) -> dict[str, int]:
    found = re.search(
        r"created (\d+), updated (\d+), cancelled (\d+), unchanged (\d+), kept as they are (\d+)",
        line,
    )
    assert found, line
    return dict(
        zip(
            ("created", "updated", "cancelled", "unchanged", "kept"),
            map(int, found.groups()),
            strict=True,
        )
    )


def one_line_error(result, code: int, *needles: str) -> str:
    """A failure as README "Exit codes" promises: that code, one line on stderr, no traceback."""
    returned = getattr(result, "exit_code", getattr(result, "returncode", None))
    assert returned == code, (returned, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


def status_rows(output: str) -> dict[str, tuple[str, str]]:
    """`calsync status` rows by short id: (state, label)."""
    found = {}
    for line in output.splitlines():
        row = re.match(r"^  ([0-9a-f]{8})  \S+\s+.{16}  (\w+)\s*(.*)$", line)
        if row:
            found[row[1]] = (row[2], row[3])
    return found


# == 1. the whole life of the follow-ups, through CalDAV both ways =============================


def test_lifecycle_through_caldav_nothing_the_user_did_is_undone_nothing_duplicates(
    server, tmp_path
):
    source, tasks = servers.fresh_calendar(server, ("VEVENT",)), servers.fresh_calendar(server)
    put_sample(server, source)
    config = write_config(
        tmp_path / "config.toml", entry("source", "work", source), entry("target", "tasks", tasks)
    )

    # First run: the configured [[source]] and [target]; 14 follow-ups appear on the server.
    first = ok(invoke("-c", config, "sync", "--now", NOW))
    assert counts(first.stdout)["created"] == 14
    written = followups(server, tasks)
    assert len(written) == 14
    assert {i["name"] for i in written.values()} == {"VTODO"}
    assert len(server.hrefs(source)) == len(PHONE)  # the interviews are untouched
    etags = server.etags(tasks)

    # Second run, the calendars given on the command line: nothing to do, nothing written.
    again = ok(run("-c", config, "sync", f"caldav+{source}", "-o", f"caldav+{tasks}", "--now", NOW))
    assert counts(again.stdout) == {
        "created": 0,
        "updated": 0,
        "cancelled": 0,
        "unchanged": 14,
        "kept": 0,
    }
    assert server.etags(tasks) == etags

    # On the phone: one task renamed, one completed, one deleted; the panel moves an hour.
    dana = user_edit(
        server, written[DANA]["href"], f"SUMMARY:{DANA}", "SUMMARY:Email Dana re migration"
    )
    call = user_edit(
        server, written[NORTHWIND_CALL]["href"], "STATUS:NEEDS-ACTION", "STATUS:COMPLETED"
    )
    server.delete(written[MARCO]["href"])
    panel = PHONE[PANEL_UID]
    assert "SEQUENCE:1\r\n" in panel and "T140000\r\n" in panel
    moved = (
        panel.replace("SEQUENCE:1\r\n", "SEQUENCE:2\r\n")
        .replace("20261117T140000\r\n", "20261117T150000\r\n")
        .replace("20261117T153000\r\n", "20261117T163000\r\n")
    )
    server.put(source, PANEL_UID, moved)

    third = ok(invoke("-c", config, "sync", "--now", NOW))
    assert counts(third.stdout) == {
        "created": 0,
        "updated": 1,  # Priya's thank-you follows the panel
        "cancelled": 0,
        "unchanged": 10,
        "kept": 3,  # Dana's renamed task, the completed call, Marco's deleted thank-you
    }, third.stdout
    after = followups(server, tasks)
    assert len(after) == 13 and MARCO not in after  # deleted stays deleted
    priya = unfolded(after[PRIYA]["text"])
    assert "DTSTART;TZID=Europe/Berlin:20261117T163000" in priya
    assert "DUE;TZID=Europe/Berlin:20261118T163000" in priya
    edited = after["Email Dana re migration"]
    assert server.get(edited["href"]) == dana  # byte for byte, same ETag
    assert "DUE;TZID=Europe/Berlin:20261118T153000" in unfolded(edited["text"])  # did not move
    assert server.get(after[NORTHWIND_CALL]["href"]) == call
    assert len(server.hrefs(tasks)) == 13

    ids = {summary: i["uid"][:8] for summary, i in after.items()}
    ids[MARCO] = written[MARCO]["uid"][:8]
    shown = status_rows(ok(invoke("-c", config, "status", "-o", "tasks", "--now", NOW)).stdout)
    assert len(shown) == 14
    assert shown[ids["Email Dana re migration"]] == ("edited", "Email Dana re migration")
    assert shown[ids[NORTHWIND_CALL]][0] == "done"
    assert shown[ids[MARCO]] == ("deleted", "to Marco Bianchi")
    assert shown[ids[PRIYA]] == ("overdue", "to Priya Natarajan")

    # The employer answers: the rest of Northwind's pending follow-ups are cancelled on the server.
    answered = ok(invoke("-c", config, "replied", "Northwind Robotics", "--on", "2026-11-21"))
    assert answered.stdout == (
        "recorded the reply from Northwind Robotics (Senior Backend Engineer) on 2026-11-21\n"
        "cancelled 2 pending follow-ups\n"
    )
    final = followups(server, tasks)
    states = {
        summary: str(i["item"]["STATUS"])
        for summary, i in final.items()
        if str(i["item"]["X-CALSYNC-APPLICATION"]) == NORTHWIND
    }
    assert states == {
        "Email Dana re migration": "NEEDS-ACTION",  # the user's, untouched
        PRIYA: "NEEDS-ACTION",  # thank-yous stay
        "Send thank-you to Tomasz Lindqvist — Northwind Robotics": "NEEDS-ACTION",
        NORTHWIND_CALL: "COMPLETED",
        "Ask Northwind Robotics about next steps": "CANCELLED",
        "Final follow-up with Northwind Robotics": "CANCELLED",
    }
    assert server.get(final[NORTHWIND_CALL]["href"]) == call
    assert len(server.hrefs(tasks)) == 13  # cancelled, never deleted

    # A draft, read back from the server: the subject and body, without calsync's note.
    shown = ok(invoke("-c", config, "draft", ids[PRIYA], "-o", f"caldav+{tasks}")).stdout
    stored = str(final[PRIYA]["item"]["DESCRIPTION"])
    assert shown.startswith("To: Priya Natarajan <priya.natarajan@northwind-robotics.com>\n")
    assert "\nSubject: Thank you for Tuesday's conversation" in shown
    assert "Dear Priya," in shown
    assert stored.startswith(shown.rstrip("\n"))
    assert "\n-- \n" in stored and "-- " not in shown.splitlines()


# == 2. --as auto picks what the calendar takes ==============================================


def test_as_auto_writes_tasks_to_a_task_calendar_and_events_to_an_event_calendar(server, tmp_path):
    source = servers.fresh_calendar(server, ("VEVENT",))
    put_sample(server, source)
    todo_only = servers.fresh_calendar(server, ("VTODO",))
    event_only = servers.fresh_calendar(server, ("VEVENT",))
    config = write_config(tmp_path / "config.toml", entry("source", "work", source))

    ok(invoke("-c", config, "sync", "-o", f"caldav+{todo_only}", "--now", NOW))  # no --as at all
    ok(invoke("-c", config, "sync", "-o", f"caldav+{event_only}", "--as", "auto", "--now", NOW))

    assert [i["name"] for i in followups(server, todo_only).values()] == ["VTODO"] * 14
    events = followups(server, event_only)
    assert [i["name"] for i in events.values()] == ["VEVENT"] * 14
    assert {str(i["item"]["TRANSP"]) for i in events.values()} == {"TRANSPARENT"}


def test_the_targets_own_as_comes_before_output_as_in_sync_and_doctor(server, tmp_path):
    """README: `--as`, else `[target] as`, else `[output] as`. The sample config says
    `[output] as = "todo"`; a [target] on an events-only calendar (iCloud) says `as = "auto"`."""
    event_only = servers.fresh_calendar(server, ("VEVENT",))
    config = write_config(
        tmp_path / "config.toml",
        entry("target", "tasks", event_only, **{"as": "auto"}),
        output_as=True,
    )

    doctor = ok(invoke("-c", config, "doctor"))
    synced = ok(invoke("-c", config, "sync", str(SAMPLES / "calendar.ics"), "--now", NOW))

    assert "writes VEVENT (--as auto chose event), writable" in doctor.stdout
    assert counts(synced.stdout)["created"] == 14
    assert {i["name"] for i in followups(server, event_only).values()} == {"VEVENT"}


def test_as_event_on_a_task_only_calendar_exits_5_naming_the_fix_and_writes_nothing(
    server, tmp_path
):
    todo_only = servers.fresh_calendar(server, ("VTODO",))
    result = run(
        "sync",
        str(SAMPLES / "calendar.ics"),
        "-o",
        f"caldav+{todo_only}",
        "--as",
        "event",
        "--now",
        NOW,
    )
    line = one_line_error(result, 5, todo_only, "takes no VEVENT", "--as todo")
    assert line.startswith("calsync: error: ")
    assert (
        server.hrefs(todo_only) == {}
    )  # Radicale would have taken the events: calsync did not send them


# == 3. errors: one line naming the server and the fix, the documented exit code ===============


def _with_login(server: servers.Server, password_env: str, **keys) -> dict:
    found = {"username": servers.USER, "password_env": password_env}
    if server.ca_file:
        found["ca_file"] = str(server.ca_file)
    found.update(keys)
    return found


def test_a_wrong_password_exits_4_for_a_source_and_5_for_the_target(
    auth_server, tmp_path, monkeypatch
):
    monkeypatch.setenv("DAV_PASSWORD", auth_server.password)
    monkeypatch.setenv("WRONG_PASSWORD", "not-" + auth_server.password)
    source, tasks = (
        servers.fresh_calendar(auth_server, ("VEVENT",)),
        servers.fresh_calendar(auth_server),
    )
    put_sample(auth_server, source)
    good, bad = _with_login(auth_server, "DAV_PASSWORD"), _with_login(auth_server, "WRONG_PASSWORD")
    fix = "the server refused the password for alex (401); check the password"

    bad_source = write_config(
        tmp_path / "a.toml",
        entry("source", "work", source, **bad),
        entry("target", "tasks", tasks, **good),
    )
    result = run("-c", bad_source, "sync", "--now", NOW)
    one_line_error(result, 4, auth_server.base_url, fix)
    bad_target = write_config(
        tmp_path / "b.toml",
        entry("source", "work", source, **good),
        entry("target", "tasks", tasks, **bad),
    )
    result = run("-c", bad_target, "sync", "--now", NOW)
    one_line_error(result, 5, auth_server.base_url, fix)
    assert auth_server.password not in result.stderr + result.stdout
    assert auth_server.hrefs(tasks) == {}


def test_an_unknown_calendar_url_exits_4_for_a_source_and_5_for_the_target(server, tmp_path):
    missing = server.home_url + "no-such-calendar/"
    tasks = servers.fresh_calendar(server)
    result = run("sync", f"caldav+{missing}", "-o", f"caldav+{tasks}", "--now", NOW)
    one_line_error(result, 4, missing, "404", "check the URL")
    assert server.hrefs(tasks) == {}

    result = run("sync", str(SAMPLES / "calendar.ics"), "-o", f"caldav+{missing}", "--now", NOW)
    one_line_error(result, 5, missing, "check the URL")
    still_missing = server.request("PROPFIND", missing, headers={"Depth": "0"})  # not made
    assert still_missing.status == 404 or b"404 Not Found" in still_missing.body  # Xandikos: 207


def test_a_server_that_is_down_is_one_line_after_the_retries(tmp_path):
    down = f"http://127.0.0.1:{servers.free_port()}/alex/calendar/"
    target = tmp_path / "followups.ics"
    commands = {  # run side by side: each waits out calsync's three retries (~3.5 s)
        "source": ("sync", f"caldav+{down}", "-o", str(target), "--now", NOW),
        "target": ("sync", str(SAMPLES / "calendar.ics"), "-o", f"caldav+{down}", "--now", NOW),
        "doctor": ("doctor", "-o", f"caldav+{down}"),
    }
    with ThreadPoolExecutor(len(commands)) as pool:
        results = dict(
            zip(commands, pool.map(lambda argv: run(*argv), commands.values()), strict=True)
        )
    server = down.split("/alex")[0]
    for side, code in (("source", 4), ("target", 5)):
        one_line_error(results[side], code, server, "cannot connect", "check that the server is up")
    assert not target.exists()
    doctor = results["doctor"]
    assert doctor.returncode == 5 and "Traceback" not in doctor.stderr
    (line,) = doctor.stdout.splitlines()
    assert line.startswith(f"FAIL  target {down}: {server}: cannot connect")


def test_tls_needs_the_servers_ca_and_works_with_ca_file(
    xandikos_tls_server, tmp_path, monkeypatch
):
    server = xandikos_tls_server
    monkeypatch.setenv("DAV_PASSWORD", server.password)
    source, tasks = servers.fresh_calendar(server, ("VEVENT",)), servers.fresh_calendar(server)
    put_sample(server, source)
    login = {"username": servers.USER, "password_env": "DAV_PASSWORD"}
    trusted = {**login, "ca_file": str(server.ca_file)}
    fix = "TLS verification failed (certificate not trusted)"

    for name, src, dst, code in (("a", login, trusted, 4), ("b", trusted, login, 5)):
        config = write_config(
            tmp_path / f"{name}.toml",
            entry("source", "work", source, **src),
            entry("target", "tasks", tasks, **dst),
        )
        line = one_line_error(run("-c", config, "sync", "--now", NOW), code, server.base_url, fix)
        assert "ca_file" in line
    assert server.hrefs(tasks) == {}

    config = write_config(
        tmp_path / "c.toml",
        entry("source", "work", source, **trusted),
        entry("target", "tasks", tasks, **trusted),
    )
    result = ok(run("-c", config, "sync", "--now", NOW))
    assert result.stderr == ""
    assert len(followups(server, tasks)) == 14


def test_verify_tls_false_warns_on_every_run(xandikos_tls_server, tmp_path, monkeypatch):
    server = xandikos_tls_server
    monkeypatch.setenv("DAV_PASSWORD", server.password)
    source, tasks = servers.fresh_calendar(server, ("VEVENT",)), servers.fresh_calendar(server)
    put_sample(server, source)
    insecure = {"username": servers.USER, "password_env": "DAV_PASSWORD", "verify_tls": False}
    config = write_config(
        tmp_path / "config.toml",
        entry("source", "work", source, **insecure),
        entry("target", "tasks", tasks, **insecure),
    )
    runs = {  # each run, quiet or not, names each insecure calendar it talks to: and only those
        ("sync",): ("[[source]] 1 (work)", "[target] (tasks)"),
        ("sync", "-q"): ("[[source]] 1 (work)", "[target] (tasks)"),
        ("status",): ("[target] (tasks)",),
        ("sync", "-o", str(tmp_path / "out.ics")): ("[[source]] 1 (work)",),
    }
    for command, named in runs.items():
        result = ok(run("-c", config, *command, "--now", NOW))
        lines = result.stderr.strip().splitlines()
        assert [line.split(": ")[2] for line in lines] == list(named), (command, result.stderr)
        for line in lines:
            assert line.startswith("calsync: warning: ") and TLS_WARNING in line, line
            assert "ca_file" in line
    assert len(followups(server, tasks)) == 14


# == 4. the password: never in argv, output, state files, or what is written ==================


def _descendants(root: int) -> list[int]:
    parents = {}
    for entry_ in os.listdir("/proc"):
        if entry_.isdigit():
            try:
                stat = Path(f"/proc/{entry_}/stat").read_text()
            except OSError:
                continue
            parents[int(entry_)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        found += frontier
    return found


def run_watched(*args: str, env: dict) -> tuple[subprocess.CompletedProcess, set[str]]:
    """Run calsync, and collect the command lines of it and its children while it runs."""
    process = subprocess.Popen(
        [*CALSYNC, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    seen: set[str] = set()

    def watch() -> None:
        while process.poll() is None:
            for pid in _descendants(process.pid):
                try:
                    raw = Path(f"/proc/{pid}/cmdline").read_bytes()
                except OSError:
                    continue
                if raw:
                    seen.add(raw.replace(b"\0", b" ").decode(errors="replace"))
            time.sleep(0.02)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    stdout, stderr = process.communicate(timeout=60)
    watcher.join()
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr), seen


@pytest.mark.parametrize(
    ("server_name", "where"),
    [("radicale_auth_server", "password_command"), ("xandikos_tls_server", "password_env")],
)
def test_the_password_never_shows_in_argv_output_state_or_the_target(
    request, tmp_path, server_name, where
):
    server = request.getfixturevalue(server_name)
    secret = server.password
    source, tasks = servers.fresh_calendar(server, ("VEVENT",)), servers.fresh_calendar(server)
    put_sample(server, source)
    secret_file = tmp_path / "dav-password"
    secret_file.write_text(secret + "\n")
    secret_file.chmod(0o600)
    env = os.environ.copy()
    if where == "password_command":  # the sleep keeps the shell alive long enough to be seen
        login = {"password_command": f"sleep 0.3; cat {secret_file}"}
    else:
        login, env["CALSYNC_DAV_PASSWORD"] = {"password_env": "CALSYNC_DAV_PASSWORD"}, secret
    login = {"username": servers.USER, **login}
    if server.ca_file:
        login["ca_file"] = str(server.ca_file)
    config = write_config(
        tmp_path / "config.toml",
        entry("source", "work", source, **login),
        entry("target", "tasks", tasks, **login),
    )
    wrong = write_config(
        tmp_path / "wrong.toml",
        entry("source", "work", server.home_url + "no-such-calendar/", **login),
        entry("target", "tasks", tasks, **login),
    )
    token = base64.b64encode(f"{servers.USER}:{secret}".encode()).decode()

    good, seen_good = run_watched("-c", config, "-vv", "sync", "--now", NOW, env=env)
    bad, seen_bad = run_watched("-c", wrong, "-vv", "sync", "--now", NOW, env=env)

    assert good.returncode == 0, good.stderr
    # -vv logs each request as method, path and status, and nothing more (README "CalDAV").
    logged = good.stderr.splitlines()
    request_line = re.compile(r"calsync: (REPORT|PROPFIND|PUT) (/\S+) -> (207|201|204)")
    assert all(request_line.fullmatch(line) for line in logged), logged
    assert [request_line.fullmatch(line)[1] for line in logged] == [
        "REPORT",  # the source's events
        "PROPFIND",  # what the target takes
        "REPORT",  # the target's tasks
        *["PUT"] * 14,
    ]
    assert bad.returncode == 4 and "no calendar at this URL (404)" in bad.stderr
    command_lines = seen_good | seen_bad
    assert any("calsync" in line and "sync" in line for line in command_lines), command_lines
    if where == "password_command":  # the watcher saw the children too, so it looked in time
        assert any(line.startswith(("sh ", "/bin/sh ")) for line in command_lines), command_lines
    state = [p for p in Path(os.environ["CALSYNC_HOME"]).rglob("*") if p.is_file()]
    assert any(p.parent.name == "ledgers" for p in state) and any(
        p.parent.name == "locks" for p in state
    )
    written = "".join(server.hrefs(tasks).values())
    assert written.count("X-CALSYNC-KIND") == 14
    places = {
        "argv": "\n".join(command_lines),
        "stdout": good.stdout + bad.stdout,
        "stderr": good.stderr + bad.stderr,
        "state": "\n".join(p.read_text(errors="replace") for p in state),
        "target": written,
    }
    for place, text in places.items():
        assert secret not in text, place
        assert token not in text, place  # nor the Authorization header


def test_a_password_in_a_world_readable_config_is_refused_and_mode_0600_works(
    auth_server, tmp_path
):
    server = auth_server
    source, tasks = servers.fresh_calendar(server, ("VEVENT",)), servers.fresh_calendar(server)
    put_sample(server, source)
    login = {"username": servers.USER, "password": server.password}
    if server.ca_file:
        login["ca_file"] = str(server.ca_file)
    path = tmp_path / "config.toml"
    config = write_config(
        path,
        entry("source", "work", source, **login),
        entry("target", "tasks", tasks, **login),
        mode=0o644,
    )

    refused = run("-c", config, "-vv", "sync", "--now", NOW)
    assert refused.returncode == 3, refused.stderr
    assert f"chmod 600 {path}" in refused.stderr and "mode 644" in refused.stderr
    assert server.password not in refused.stderr + refused.stdout
    assert server.hrefs(tasks) == {}

    path.chmod(0o600)
    assert counts(ok(invoke("-c", config, "sync", "--now", NOW)).stdout)["created"] == 14


# == 5. only the config decides where calsync connects ========================================


def test_ambient_caldav_settings_proxies_netrc_and_commdump_are_ignored(
    server, tmp_path, recording_proxy
):
    proxy = recording_proxy(server)
    source, tasks = servers.fresh_calendar(server, ("VEVENT",)), servers.fresh_calendar(server)
    put_sample(server, source)
    config = write_config(
        tmp_path / "config.toml",
        entry("source", "work", proxy.url(source)),
        entry("target", "tasks", proxy.url(tasks)),
    )
    dead = f"http://127.0.0.1:{servers.free_port()}"
    home, temp = tmp_path / "home", tmp_path / "tmp"
    (home / ".config" / "caldav").mkdir(parents=True)
    temp.mkdir()
    elsewhere = (
        f'{{"caldav_url": "{dead}/elsewhere/", "caldav_user": "mallory", "caldav_pass": "x"}}'
    )
    (home / ".config" / "caldav" / "calendar.conf").write_text(elsewhere)
    (tmp_path / "caldav.conf").write_text(elsewhere)
    netrc = home / ".netrc"
    netrc.write_text("default login mallory password netrc-secret\n")
    netrc.chmod(0o600)
    env = os.environ.copy()
    env.update(
        HOME=str(home),
        TMPDIR=str(temp),
        CALDAV_URL=f"{dead}/elsewhere/",
        CALDAV_USERNAME="mallory",
        CALDAV_PASSWORD="caldav-secret",
        CALDAV_CONFIG_FILE=str(tmp_path / "caldav.conf"),
        HTTP_PROXY=dead,
        HTTPS_PROXY=dead,
        ALL_PROXY=dead,
        http_proxy=dead,
        all_proxy=dead,
        PYTHON_CALDAV_COMMDUMP="1",
    )
    env.pop("NO_PROXY", None), env.pop("no_proxy", None)

    result = ok(run("-c", config, "sync", "--now", NOW, env=env))

    assert counts(result.stdout)["created"] == 14
    assert result.stderr == ""  # nothing about dumps, proxies or anything else
    assert len(followups(server, tasks)) == 14
    seen = proxy.requests()
    paths = {urlsplit(source).path, urlsplit(tasks).path}
    assert [e.method for e in seen][:3] == ["REPORT", "PROPFIND", "REPORT"]
    assert len(seen) == 3 + 14
    for exchange in seen:
        assert exchange.path.startswith(tuple(paths)), exchange.path
        assert "Authorization" not in exchange.request_headers  # not mallory's from ~/.netrc
    assert list(temp.iterdir()) == []  # no request dumps


# == 6. one REPORT per source read, and the planning window ===================================


def test_the_source_is_one_time_range_report_and_the_window_is_honoured(
    server, tmp_path, recording_proxy
):
    proxy = recording_proxy(server)
    source = servers.fresh_calendar(server, ("VEVENT",))
    put_sample(server, source)
    extra = {  # the sample config: lookback 30 days, horizon 90
        "recent@example.org": (NOW_AT - timedelta(days=29), "Recent Robotics"),
        "too-old@example.org": (NOW_AT - timedelta(days=30, hours=13), "Oldtimer Ltd"),
        "ancient@example.org": (NOW_AT - timedelta(days=200), "Ancient Corp"),
        "ahead@example.org": (NOW_AT + timedelta(days=89), "Ahead Inc"),
        "too-far@example.org": (NOW_AT + timedelta(days=90, hours=12), "Faraway GmbH"),
    }
    for uid, (start, company) in extra.items():
        server.put(source, uid, interview(uid, start, company))
    config = write_config(tmp_path / "config.toml", entry("source", "work", proxy.url(source)))

    result = ok(
        invoke("-c", config, "sync", "--now", NOW, "-o", str(tmp_path / "out.ics"), "--json")
    )

    (report,) = proxy.requests()
    assert report.method == "REPORT" and report.status == 207
    body = report.request_body.decode()
    assert "time-range" in body
    start, end = (
        datetime.strptime(
            re.search(rf'{edge}="(\d{{8}}T\d{{6}}Z)"', body)[1], "%Y%m%dT%H%M%SZ"
        ).replace(tzinfo=UTC)
        for edge in ("start", "end")
    )
    assert NOW_AT - timedelta(days=32) <= start <= NOW_AT - timedelta(days=30)
    assert NOW_AT + timedelta(days=90) <= end <= NOW_AT + timedelta(days=92)
    document = json.loads(result.stdout)
    assert document["interviews"] == 4 + 2  # the sample's, Recent Robotics and Ahead Inc
    companies = {a["application"].split("/")[0] for a in document["actions"]}
    assert companies == {
        "bluefin-analytics",
        "contoso",
        "northwind-robotics",
        "recent-robotics",
        "ahead-inc",
    }


def test_a_calendar_whose_interviews_aged_out_is_not_an_empty_one(server, tmp_path):
    """Months later nothing is in the window any more: that is no reason to stop every cron run
    (exit 4). A calendar that really was emptied still stops the run, and nothing is cancelled."""
    source, tasks = servers.fresh_calendar(server, ("VEVENT",)), servers.fresh_calendar(server)
    put_sample(server, source)
    config = write_config(
        tmp_path / "config.toml", entry("source", "work", source), entry("target", "tasks", tasks)
    )
    ok(invoke("-c", config, "sync", "--now", NOW))
    etags = server.etags(tasks)

    later = ok(invoke("-c", config, "sync", "--now", "2027-06-01T08:00:00Z"))
    assert "(0 interviews in " in later.stdout and counts(later.stdout)["cancelled"] == 0
    assert server.etags(tasks) == etags

    ok(invoke("-c", config, "sync", "--now", NOW))  # back to the interviews' time
    for href in server.etags(source):
        server.delete(href)
    emptied = invoke("-c", config, "sync", "--now", NOW)
    one_line_error(emptied, 4, source, "has no events now", "--allow-empty")
    assert server.etags(tasks) == etags


def test_follow_ups_of_an_interview_that_left_the_window_are_left_alone(server, tmp_path):
    source, tasks = servers.fresh_calendar(server, ("VEVENT",)), servers.fresh_calendar(server)
    put_sample(server, source)
    config = write_config(
        tmp_path / "config.toml", entry("source", "work", source), entry("target", "tasks", tasks)
    )
    ok(invoke("-c", config, "sync", "--now", NOW))

    # Bluefin's phone screen ended 12 Nov 17:00 Berlin: on 13 Dec it is 30.8 days ago, outside
    # the 30-day lookback; its call, check and nudge (16-26 Nov) are overdue and still open.
    ok(invoke("-c", config, "sync", "--now", "2026-12-13T12:00:00Z"))

    states = {s: str(i["item"]["STATUS"]) for s, i in followups(server, tasks).items()}
    assert "CANCELLED" not in states.values(), states


# == 7. calsync doctor =========================================================================


def test_doctor_all_ok_says_what_auto_chose_for_each(server, tmp_path):
    source = servers.fresh_calendar(server, ("VEVENT",))
    todo_only = servers.fresh_calendar(server, ("VTODO",))
    event_only = servers.fresh_calendar(server, ("VEVENT",))
    config = write_config(
        tmp_path / "config.toml",
        entry("source", "work", source),
        entry("target", "tasks", todo_only),
    )

    tasks = ok(invoke("-c", config, "doctor"))
    events = ok(invoke("-c", config, "doctor", "-o", f"caldav+{event_only}"))

    source_line, target_line = tasks.stdout.splitlines()
    assert source_line.startswith("ok    source work: reachable") and "holds events" in source_line
    assert target_line.startswith("ok    target tasks: reachable")
    assert "writes VTODO (--as auto chose todo), writable" in target_line
    (_, event_line) = events.stdout.splitlines()
    assert event_line.startswith(f"ok    target {event_only}: reachable")
    assert "writes VEVENT (--as auto chose event), writable" in event_line
    assert server.hrefs(todo_only) == {} and server.hrefs(event_only) == {}  # it only looked


def test_doctor_names_each_failure_and_its_fix_and_exits_5(auth_server, tmp_path, monkeypatch):
    server = auth_server
    monkeypatch.setenv("DAV_PASSWORD", server.password)
    monkeypatch.setenv("WRONG_PASSWORD", "not-" + server.password)
    good, bad = _with_login(server, "DAV_PASSWORD"), _with_login(server, "WRONG_PASSWORD")
    events = servers.fresh_calendar(server, ("VEVENT",))
    missing = server.home_url + "no-such-calendar/"
    config = write_config(
        tmp_path / "config.toml",
        entry("source", "work", events, **bad),
        entry("source", "personal", missing, **good),
        entry("source", "fine", events, **good),
        entry("target", "tasks", events, **good),
    )

    result = run("-c", config, "doctor", "--as", "todo")

    assert result.returncode == 5, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    assert lines[0].startswith(
        f"FAIL  source work: {server.base_url}: the server refused the password"
    )
    assert "check the password" in lines[0]
    assert lines[1].startswith(f"FAIL  source personal: {missing}: ")
    # Radicale answers the PROPFIND 404; Xandikos a 207 whose one response is 404: both say so.
    assert "no calendar at this URL (404); check the URL" in lines[1]
    assert lines[2].startswith("ok    source fine: reachable, logged in as alex")
    assert (
        lines[3].startswith("FAIL  target tasks: ") and "takes no VTODO; use --as auto" in lines[3]
    )
    assert server.password not in result.stdout + result.stderr


READ_ONLY_RIGHTS = """\
[a calendar shared read-only with alex]
user: alex
collection: alex/read-only(/.*)?
permissions: r

[alex's own]
user: alex
collection: alex(/.*)?
permissions: RrWw
"""


@pytest.fixture(scope="module")
def read_only_radicale(tmp_path_factory):
    """Radicale with a login (alex, random password) and a calendar /alex/read-only/ that he
    may read but not write: the session servers give every user all rights to their own."""
    tmp = tmp_path_factory.mktemp("radicale-read-only")
    root = tmp / "collections"
    calendar = root / "collection-root" / "alex" / "read-only"
    calendar.mkdir(parents=True)
    props = {
        "tag": "VCALENDAR",
        "D:displayname": "Shared",
        "C:supported-calendar-component-set": "VEVENT,VTODO",
    }
    (calendar / ".Radicale.props").write_text(json.dumps(props))
    (tmp / "rights").write_text(READ_ONLY_RIGHTS)
    password = base64.urlsafe_b64encode(os.urandom(9)).decode()
    (tmp / "htpasswd").write_text(f"{servers.USER}:{password}\n")

    def build(port: int):
        base_url = f"http://{servers.HOST}:{port}"
        server = servers.Server(
            kind="radicale", base_url=base_url, username=servers.USER, password=password,
            ca_file=None, root=root, log=tmp / "radicale.log", home_url=f"{base_url}/alex/",
        )  # fmt: skip
        argv = [
            "-m", "radicale", "--config", "--server-hosts", f"{servers.HOST}:{port}",
            "--storage-filesystem-folder", str(root), "--web-type", "none",
            "--auth-type", "htpasswd", "--auth-htpasswd-filename", str(tmp / "htpasswd"),
            "--auth-htpasswd-encryption", "plain", "--auth-delay", "0",
            "--rights-type", "from_file", "--rights-file", str(tmp / "rights"),
        ]  # fmt: skip
        return server, argv

    # Private helpers of servers.py: start, wait for the first answer, stop at the end. A server
    # that does not start fails the test: a skip here would hide it.
    with servers._serve(build, servers._server_env(tmp)) as server:
        yield server


def test_doctor_and_sync_on_a_read_only_calendar(read_only_radicale, tmp_path, monkeypatch):
    server = read_only_radicale
    monkeypatch.setenv("DAV_PASSWORD", server.password)
    calendar = server.home_url + "read-only/"
    put = server.request("PUT", calendar + "x.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    assert put.status == 403  # the server itself refuses writes there
    login = {"username": servers.USER, "password_env": "DAV_PASSWORD"}
    config = write_config(tmp_path / "config.toml", entry("target", "shared", calendar, **login))

    doctor = run("-c", config, "doctor")
    assert doctor.returncode == 5, (doctor.stdout, doctor.stderr)
    (line,) = doctor.stdout.splitlines()
    assert line.startswith('FAIL  target shared: calendar "Shared" is read-only for this account')
    assert "share it with write access" in line

    result = run("-c", config, "sync", str(SAMPLES / "calendar.ics"), "--now", NOW)
    one_line_error(result, 5, calendar, "refused to store it (403)", "read-only")
    assert server.hrefs(calendar) == {}
