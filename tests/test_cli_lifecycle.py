"""`status`, `draft`, `replied`, the ledger, a vanished source and the lock, as a user meets them.

Every test syncs the sample calendar (now 2026-11-20T18:00Z: 14 follow-ups for Bluefin Analytics,
Contoso and Northwind Robotics) to a target file, changes something as a user would, and checks
what the next command prints and what the target then holds.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT
from test_cli import (
    CALENDAR,
    NOW,
    PANEL_TIMES,
    block_with,
    blocks,
    invoke,
    ok,
    read,
    source_copy,
    summary_counts,
    sync,
)

from calsync import status as status_module

NORTHWIND = "northwind-robotics/senior-backend-engineer"
CONTOSO = "contoso/product-manager"
BLUEFIN = "bluefin-analytics/data-analyst"
PANEL_UID = "5q8m2v7k1c9tbn4hd3rj6gf0pe@google.com"  # Northwind's first round
CONTOSO_UID = (  # Outlook's long UID, folded in the file
    "040000008200E00074C5B7101A82E00800000000B0E6A84D2F52DD01000000000000000"
    "0100000009F2A6C1E47D3B84C8E5F0A7D6B3C2E19"
)
EMPTY_CALENDAR = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//me//EN\r\nEND:VCALENDAR\r\n"
ROW = re.compile(r"^  ([0-9a-f]{8})  (\S+)\s+(\w{3} \d\d \w{3} \d\d:\d\d|\s{16})  (\w+)\s*(.*)$")


def synced(tmp_path: Path, **kwargs) -> Path:
    target = tmp_path / "followups.ics"
    ok(sync("-o", str(target), **kwargs))
    return target


def status(target: Path, *args: str, now: str = NOW) -> str:
    """`calsync status` as a user reads it; every line must fit an 80-column terminal."""
    result = ok(invoke("status", "-o", str(target), "--now", now, *args))
    if "--json" not in args:
        for line in result.stdout.splitlines():
            assert len(line) <= 80, f"{len(line)} columns: {line!r}"
    return result.stdout


def rows(output: str) -> dict[str, dict[str, str]]:
    """Follow-up rows by short id: kind, due, state, label, and the heading they stand under."""
    found, heading = {}, None
    for line in output.splitlines():
        if not line.startswith("  "):
            heading = line
            continue
        match = ROW.match(line)
        assert match, f"not a follow-up row: {line!r}"
        short, kind, due, state, label = match.groups()
        found[short] = {
            "kind": kind,
            "due": due.strip(),
            "state": state,
            "label": label,
            "heading": heading,
        }
    return found


def followups(target: Path, now: str = NOW) -> dict[str, dict]:
    """status --json's follow-ups by summary (each summary is unique in the sample)."""
    document = json.loads(status(target, "--json", now=now))
    return {f["summary"]: f for app in document["applications"] for f in app["followups"]}


def moved_panel(tmp_path: Path) -> str:
    """The sample calendar with Northwind's panel an hour later."""
    later = PANEL_TIMES.replace("T14", "T15").replace("T153", "T163")
    return source_copy(tmp_path, PANEL_TIMES, later)


def short_id(target: Path, summary: str) -> str:
    return followups(target)[summary]["id"]


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="")


def kind_blocks(text: str, application: str) -> dict[str, list[str]]:
    """The target's VTODO blocks of one application, by X-CALSYNC-KIND."""
    found: dict[str, list[str]] = {}
    for block in blocks(text):
        unfolded = block.replace("\r\n ", "")
        if f"X-CALSYNC-APPLICATION;VALUE=TEXT:{application}\r\n" in unfolded:
            kind = re.search(r"^X-CALSYNC-KIND;VALUE=TEXT:(\S+)\r$", unfolded, re.MULTILINE)[1]
            found.setdefault(kind, []).append(block)
    return found


def ledger_file(home: Path) -> Path:
    (path,) = list((home / "ledgers").iterdir())
    return path


@pytest.fixture
def home() -> Path:
    """$CALSYNC_HOME, which conftest points at this test's own directory."""
    return Path(os.environ["CALSYNC_HOME"])


# status


def test_status_shows_one_heading_per_application_and_one_row_per_follow_up(tmp_path):
    target = synced(tmp_path)
    output = status(target)
    zone_line, *headings = [line for line in output.splitlines() if not line.startswith("  ")]
    assert zone_line == "times in Europe/Berlin, now Fri 20 Nov 19:00"  # the sample's [me] timezone
    assert [h.split(" · ")[0] for h in headings] == [
        "Bluefin Analytics — Data Analyst",
        "Contoso — Product Manager",
        "Northwind Robotics — Senior Backend Engineer",
    ]
    assert headings[0].endswith(" · latest round Thu 12 Nov")
    # Northwind's latest round is the final round on the 24th, not the panel on the 17th.
    assert headings[2].endswith(" · latest round Tue 24 Nov")
    found = rows(output)
    assert len(found) == 14
    uids = re.findall(r"^UID:(.+?)\r$", read(target), re.MULTILINE)
    assert sorted(found) == sorted(uid[:8] for uid in uids)
    dana = found[short_id(target, "Send thank-you to Dana Kowalski — Northwind Robotics")]
    assert dana == {
        "kind": "thank-you",
        "due": "Wed 18 Nov 15:30",
        "state": "overdue",
        "label": dana["label"],
        "heading": headings[2],
    }
    assert dana["label"] == "to Dana Kowalski"  # the kind and the company are said already
    kinds = [r["kind"] for r in found.values() if r["heading"] == headings[2]]
    assert kinds == ["thank-you"] * 3 + ["phone-call", "next-steps", "final-nudge"]


@pytest.mark.parametrize(
    ("now", "state"),
    [
        ("2026-11-17T13:00:00Z", "pending"),  # the panel is still going on (14:00 in Berlin)
        ("2026-11-17T16:00:00Z", "due"),  # it ended at 15:30: write the thank-you now
        ("2026-11-18T15:00:00Z", "overdue"),  # 16:00 in Berlin, past the 15:30 due time
    ],
)
def test_status_state_follows_the_clock_pending_due_overdue(tmp_path, now, state):
    target = synced(tmp_path)
    dana = short_id(target, "Send thank-you to Dana Kowalski — Northwind Robotics")
    assert rows(status(target, now=now))[dana]["state"] == state


def test_status_shows_done_cancelled_edited_and_deleted_as_the_user_left_them(tmp_path):
    target = synced(tmp_path)
    ids = {s: f["id"] for s, f in followups(target).items()}
    text = read(target)
    priya = block_with(text, "Send thank-you to Priya Natarajan")
    dana = block_with(text, "Send thank-you to Dana Kowalski")
    marco = block_with(text, "Send thank-you to Marco Bianchi")
    text = text.replace(priya, priya.replace("STATUS:NEEDS-ACTION", "STATUS:COMPLETED"))
    text = text.replace(dana, dana.replace("SUMMARY:Send thank-you to Dana", "SUMMARY:Email Dana"))
    write(target, text.replace(marco, ""))
    # The final round leaves the calendar: calsync cancels Tomasz's thank-you (and the rest).
    calendar = read(Path(CALENDAR))
    final_round = re.search(
        r"BEGIN:VEVENT\r\n(?:(?!END:VEVENT).)*?final round\r\n.*?END:VEVENT\r\n",
        calendar,
        re.DOTALL,
    )[0]
    ok(sync("-o", str(target), source=source_copy(tmp_path, final_round, "")))

    found = rows(status(target))
    done = found[ids["Send thank-you to Priya Natarajan — Northwind Robotics"]]
    edited = found[ids["Send thank-you to Dana Kowalski — Northwind Robotics"]]
    deleted = found[ids["Send thank-you to Marco Bianchi — Bluefin Analytics"]]
    cancelled = found[ids["Send thank-you to Tomasz Lindqvist — Northwind Robotics"]]
    assert done["state"] == "done"
    assert (edited["state"], edited["label"]) == ("edited", "Email Dana Kowalski")
    assert (deleted["state"], deleted["due"]) == ("deleted", "Fri 13 Nov 17:00")
    assert deleted["label"] == "to Marco Bianchi"
    assert deleted["heading"].startswith("Bluefin Analytics — Data Analyst")
    assert cancelled["state"] == "cancelled"
    states = [r["state"] for r in found.values()]
    assert set(states) <= set(status_module.STATES)
    assert states.count("cancelled") == 4  # Tomasz, and the call, check and nudge after him


def test_status_json_has_the_documented_schema(tmp_path):
    target = synced(tmp_path)
    document = json.loads(status(target, "--json"))
    assert set(document) == {"schema", "now", "applications"}
    assert document["schema"] == "calsync.status/1"
    assert document["now"] == "2026-11-20T18:00:00+00:00"
    applications = document["applications"]
    assert [a["application"] for a in applications] == [BLUEFIN, CONTOSO, NORTHWIND]
    for application in applications:
        assert set(application) == {
            "application",
            "company",
            "role",
            "latest_round",
            "replied",
            "followups",
        }
        for followup in application["followups"]:
            assert set(followup) == {"uid", "id", "kind", "summary", "start", "due", "state"}
            assert followup["uid"].startswith(followup["id"]) and len(followup["id"]) == 8
            assert followup["state"] in status_module.STATES
    northwind = applications[2]
    assert (northwind["company"], northwind["role"]) == (
        "Northwind Robotics",
        "Senior Backend Engineer",
    )
    assert (northwind["latest_round"], northwind["replied"]) == ("2026-11-24T12:00:00+01:00", None)
    assert northwind["followups"][0] == {
        "uid": northwind["followups"][0]["uid"],
        "id": northwind["followups"][0]["uid"][:8],
        "kind": "thank-you",
        "summary": "Send thank-you to Dana Kowalski — Northwind Robotics",
        "start": "2026-11-17T15:30:00+01:00",
        "due": "2026-11-18T15:30:00+01:00",
        "state": "overdue",
    }
    assert sum(len(a["followups"]) for a in applications) == 14


@pytest.mark.parametrize("command", ["status", "draft", "replied"])
def test_commands_on_a_target_not_written_yet_exit_2_and_say_to_sync_first(tmp_path, command):
    target = tmp_path / "followups.ics"
    argument = {"status": [], "draft": ["9884e354"], "replied": ["Contoso"]}[command]
    result = invoke(command, *argument, "-o", str(target))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"calsync: error: {target}: no such target yet; run calsync sync -o {target} first"
    ]
    assert not target.exists()


# draft


def test_draft_by_short_id_prints_subject_and_body_without_the_calsync_note(tmp_path):
    target = synced(tmp_path)
    dana = short_id(target, "Send thank-you to Dana Kowalski — Northwind Robotics")
    output = ok(invoke("draft", dana, "-o", str(target))).stdout
    lines = output.splitlines()
    assert lines[0] == "To: Dana Kowalski <dana.kowalski@northwind-robotics.com>"
    assert lines[1] == (
        "Subject: Thank you for Tuesday's conversation — Senior Backend Engineer at Northwind "
        "Robotics"
    )
    assert (lines[2], lines[3]) == ("", "Dear Dana,")
    assert lines[-2:] == ["Best regards,", "Alex Rivera"]
    assert "--" not in [line.strip() for line in lines]  # the separator before calsync's note
    assert "calsync thank-you" not in output
    assert output.endswith("Alex Rivera\n")


def test_draft_by_full_uid_prints_the_same_as_by_short_id(tmp_path):
    target = synced(tmp_path)
    call = followups(target)["Call Contoso about the Product Manager role"]
    by_uid = ok(invoke("draft", call["uid"], "-o", str(target))).stdout
    assert by_uid == ok(invoke("draft", call["id"], "-o", str(target))).stdout
    assert by_uid.startswith("Subject: Call Contoso about the Product Manager role\n\n")
    assert "calsync phone-call" not in by_uid


def test_draft_of_an_unknown_id_exits_2(tmp_path):
    target = synced(tmp_path)
    result = invoke("draft", "zz999999", "-o", str(target))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "'zz999999'" in result.stderr and "calsync status" in result.stderr


def test_draft_of_an_ambiguous_prefix_exits_2_naming_the_candidates(tmp_path):
    target = synced(tmp_path)
    uids = sorted(f["uid"] for f in followups(target).values())
    # The first character that several of the 14 UIDs share (the UIDs are deterministic).
    prefix = next(uid[0] for uid in uids if sum(u.startswith(uid[0]) for u in uids) > 1)
    candidates = [uid for uid in uids if uid.startswith(prefix)]
    result = invoke("draft", prefix, "-o", str(target))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert f"matches {len(candidates)} follow-ups" in result.stderr
    assert "more of the id" in result.stderr
    for uid in candidates[:4]:  # at most four are listed, each with its kind and title
        assert uid[:8] in result.stderr


# replied


@pytest.mark.parametrize(
    "application",
    ["northwind robotics", "NORTHWIND ROBOTICS", NORTHWIND, PANEL_UID],
    ids=["company", "company-upper-case", "application-key", "interview-uid"],
)
def test_replied_cancels_the_applications_calls_and_nudges_and_nothing_else(tmp_path, application):
    target = synced(tmp_path)
    before = read(target)
    result = ok(invoke("replied", application, "--on", "2026-11-21", "-o", str(target)))
    assert result.stdout == (
        "recorded the reply from Northwind Robotics (Senior Backend Engineer) on 2026-11-21\n"
        "cancelled 3 pending follow-ups\n"
    )
    after = read(target)
    northwind = kind_blocks(after, NORTHWIND)
    for kind in ("phone-call", "next-steps", "final-nudge"):
        (block,) = northwind[kind]
        assert "STATUS:CANCELLED\r\n" in block
        assert "STATUS:NEEDS-ACTION" not in block
    assert northwind["thank-you"] == kind_blocks(before, NORTHWIND)["thank-you"]
    for other in (BLUEFIN, CONTOSO):
        assert kind_blocks(after, other) == kind_blocks(before, other)
    assert len(blocks(after)) == 14  # cancelled, never deleted


def test_after_replied_sync_plans_nothing_again_and_status_shows_the_reply(tmp_path):
    target = synced(tmp_path)
    ok(invoke("replied", "Contoso", "--on", "2026-11-19", "-o", str(target)))
    after_reply = target.read_bytes()
    again = ok(sync("-o", str(target)))
    assert summary_counts(again.stdout) == {
        "create": 0,
        "update": 0,
        "cancel": 0,
        "unchanged": 11,  # Contoso's thank-you and the other applications' ten
        "kept": 3,  # the cancelled call, check and nudge
    }
    assert target.read_bytes() == after_reply
    # A week on, with the application's latest round further back: still nothing new.
    later = ok(sync("-o", str(target), now="2026-11-27T18:00:00Z"))
    assert summary_counts(later.stdout)["create"] == 0
    contoso_blocks = kind_blocks(read(target), CONTOSO)
    assert {kind: len(found) for kind, found in contoso_blocks.items()} == {
        "thank-you": 1,
        "phone-call": 1,
        "next-steps": 1,
        "final-nudge": 1,
    }

    output = status(target)
    (heading,) = [line for line in output.splitlines() if line.startswith("Contoso")]
    assert heading.endswith(" · replied 2026-11-19")
    contoso = {r["kind"]: r["state"] for r in rows(output).values() if r["heading"] == heading}
    assert contoso == {
        "thank-you": "overdue",
        "phone-call": "cancelled",
        "next-steps": "cancelled",
        "final-nudge": "cancelled",
    }
    (entry,) = [
        a for a in json.loads(status(target, "--json"))["applications"] if a["company"] == "Contoso"
    ]
    assert entry["replied"] == "2026-11-19"


def test_replied_by_contosos_interview_uid(tmp_path):
    target = synced(tmp_path)
    result = ok(invoke("replied", CONTOSO_UID, "--on", "2026-11-19", "-o", str(target)))
    assert "recorded the reply from Contoso (Product Manager) on 2026-11-19\n" in result.stdout


def test_replied_without_on_records_the_day_of_calsync_now(tmp_path):
    target = synced(tmp_path)
    ok(invoke("replied", "Bluefin Analytics", "-o", str(target), env={"CALSYNC_NOW": NOW}))
    heading = status(target).splitlines()[1]  # under the line that names the time zone
    assert heading.startswith("Bluefin Analytics")
    assert heading.endswith(" · replied 2026-11-20")


def test_replied_with_an_on_that_is_not_a_date_exits_2(tmp_path):
    target = synced(tmp_path)
    before = target.read_bytes()
    result = invoke("replied", "Contoso", "--on", "last friday", "-o", str(target))
    assert result.exit_code == 2
    assert "--on" in result.stderr and "last friday" in result.stderr
    assert target.read_bytes() == before


def test_replied_for_an_unknown_application_exits_2_listing_the_known_ones(tmp_path, home):
    target = synced(tmp_path)
    before, ledger_before = target.read_bytes(), ledger_file(home).read_bytes()
    result = invoke("replied", "Initech", "-o", str(target))
    assert result.exit_code == 2
    assert result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert "'Initech'" in line
    for key in (BLUEFIN, CONTOSO, NORTHWIND):
        assert key in line
    assert target.read_bytes() == before
    assert ledger_file(home).read_bytes() == ledger_before


def test_replied_on_a_directory_target_cancels_in_its_files(tmp_path):
    vdir = tmp_path / "tasks"
    ok(sync("-o", f"{vdir}/"))
    before = {p.name: p.read_bytes() for p in vdir.iterdir()}
    ok(invoke("replied", "bluefin analytics", "--on", "2026-11-21", "-o", str(vdir)))
    changed = {p.name for p in vdir.iterdir() if p.read_bytes() != before[p.name]}
    assert len(changed) == 3
    for name in changed:
        text = read(vdir / name)
        assert "STATUS:CANCELLED\r\n" in text and BLUEFIN in text
    assert "replied 2026-11-21" in status(vdir).splitlines()[1]


# the ledger


@pytest.mark.parametrize(
    "garbage",
    [b"\x00\xff\xfe not even text", b'{"format": 1, "written": ', b"[1, 2, 3]\n"],
    ids=["binary", "truncated-json", "not-an-object"],
)
def test_corrupt_ledger_stops_sync_with_exit_5_and_the_target_untouched(tmp_path, home, garbage):
    target = synced(tmp_path)
    before = target.read_bytes()
    ledger = ledger_file(home)
    ledger.write_bytes(garbage)
    # A run that would change the target (the panel has gone) must not write anything.
    result = sync("-o", str(target), source=source_copy(tmp_path, PANEL_TIMES, ""))
    assert result.exit_code == 5
    (line,) = result.stderr.strip().splitlines()
    assert str(ledger) in line
    assert "move" in line and "aside" in line
    assert "Traceback" not in result.output
    assert target.read_bytes() == before
    assert ledger.read_bytes() == garbage


def test_ledger_from_a_newer_calsync_exits_5_and_says_upgrade(tmp_path, home):
    target = synced(tmp_path)
    before = target.read_bytes()
    ledger = ledger_file(home)
    document = json.loads(ledger.read_text(encoding="utf-8"))
    ledger.write_text(json.dumps({**document, "format": 2}), encoding="utf-8")
    for result in (sync("-o", str(target)), invoke("status", "-o", str(target))):
        assert result.exit_code == 5
        (line,) = result.stderr.strip().splitlines()
        assert str(ledger) in line and "upgrade" in line
    assert target.read_bytes() == before


def test_dry_run_writes_no_ledger_and_no_lock(tmp_path, home):
    ok(sync("--dry-run", "-o", str(tmp_path / "followups.ics")))
    ok(sync("--dry-run", "-o", f"{tmp_path / 'tasks'}/"))
    assert not home.exists() or not any(home.rglob("*"))
    # And after a real run, a dry run with a changed calendar leaves the ledger as it was.
    target = synced(tmp_path)
    ledger = ledger_file(home)
    before = ledger.read_bytes()
    result = ok(sync("--dry-run", "-o", str(target), source=moved_panel(tmp_path)))
    assert summary_counts(result.stdout)["update"] == 2
    assert ledger.read_bytes() == before


def test_a_deleted_follow_up_stays_deleted_until_the_whole_target_is_deleted(tmp_path):
    target = synced(tmp_path)
    text = read(target)
    write(target, text.replace(block_with(text, "Send thank-you to Marco Bianchi"), ""))
    kept = ok(sync("-o", str(target)))
    assert summary_counts(kept.stdout)["create"] == 0
    assert "Send thank-you to Marco Bianchi" not in read(target).replace("\r\n ", "")

    target.unlink()
    fresh = ok(sync("-o", str(target)))
    assert summary_counts(fresh.stdout)["create"] == 14
    (warning,) = fresh.stderr.strip().splitlines()
    assert warning.startswith("calsync: warning:")
    assert "target is gone" in warning and "starting afresh" in warning
    assert "Send thank-you to Marco Bianchi" in read(target).replace("\r\n ", "")
    # The ledger now knows the new file: the next run is quiet and changes nothing.
    again = ok(sync("-o", str(target)))
    assert again.stderr == ""
    assert summary_counts(again.stdout)["unchanged"] == 14


# a source that suddenly has no events


def test_source_that_suddenly_has_no_events_stops_with_exit_4_and_cancels_nothing(tmp_path):
    source = Path(source_copy(tmp_path))
    target = synced(tmp_path, source=str(source))
    before = target.read_bytes()
    write(source, EMPTY_CALENDAR)
    result = sync("-o", str(target), source=str(source))
    assert result.exit_code == 4
    (line,) = result.stderr.strip().splitlines()
    assert str(source.resolve()) in line
    assert "--allow-empty" in line and "nothing was cancelled" in line
    assert target.read_bytes() == before


def test_allow_empty_cancels_the_pending_follow_ups_and_deletes_none(tmp_path):
    source = Path(source_copy(tmp_path))
    target = synced(tmp_path, source=str(source))
    text = read(target)
    priya = block_with(text, "Send thank-you to Priya Natarajan")
    done = priya.replace("STATUS:NEEDS-ACTION", "STATUS:COMPLETED")
    write(target, text.replace(priya, done))
    uids = re.findall(r"^UID:(.+?)\r$", read(target), re.MULTILINE)
    write(source, EMPTY_CALENDAR)
    result = ok(sync("-o", str(target), "--allow-empty", source=str(source)))
    counts = summary_counts(result.stdout)
    assert (counts["cancel"], counts["kept"], counts["create"]) == (13, 1, 0)
    after = read(target)
    assert re.findall(r"^UID:(.+?)\r$", after, re.MULTILINE) == uids
    assert done in after
    assert sum("STATUS:CANCELLED\r\n" in b for b in blocks(after)) == 13
    states = [r["state"] for r in rows(status(target)).values()]
    assert sorted(states) == ["cancelled"] * 13 + ["done"]
    # The calendar stays empty: the next run, without the flag, goes on and changes nothing.
    again = ok(sync("-o", str(target), source=str(source)))
    assert summary_counts(again.stdout)["kept"] == 14
    assert read(target) == after


# the lock


HOLDER = """
import sys, time
import calsync.cli, calsync.sync  # warm the imports the second run needs
from calsync import lock
with lock.held(sys.argv[1]):
    print("holding", flush=True)
    time.sleep(60)
"""


def test_a_second_process_on_a_locked_target_exits_6_within_a_second(tmp_path):
    target = synced(tmp_path)
    before = target.read_bytes()
    env = dict(os.environ)  # CALSYNC_HOME is this test's: both processes share its locks
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(target.resolve())],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    try:
        assert holder.stdout.readline() == "holding\n"
        started = time.monotonic()
        second = subprocess.run(
            [sys.executable, "-m", "calsync", "-c", str(ROOT / "samples" / "config.toml")]
            + ["sync", CALENDAR, "--now", "2026-11-27T18:00:00Z", "-o", str(target)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=30,
            check=False,
        )
        elapsed = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait(timeout=10)
    assert second.returncode == 6, second.stderr
    assert elapsed < 1.0
    assert second.stdout == ""
    (line,) = second.stderr.strip().splitlines()
    assert "another calsync run" in line and str(target.resolve()) in line
    assert target.read_bytes() == before
    ok(sync("-o", str(target)))  # the holder is gone: the lock is free again


def test_follow_ups_stay_open_when_their_interview_leaves_the_planning_window(tmp_path):
    """Bluefin's screen ended 12 Nov; on 13 Dec it is past the 30-day lookback. Its call, check
    and nudge are still open (overdue): time passing is not a cancellation."""
    target = synced(tmp_path)
    later = "2026-12-13T12:00:00Z"
    result = ok(sync("-o", str(target), now=later))
    assert summary_counts(result.stdout)["cancel"] == 0
    states = {
        f["kind"]: f["state"]
        for f in followups(target, now=later).values()
        if "Bluefin" in f["summary"]
    }
    assert states == {
        "thank-you": "overdue",
        "phone-call": "overdue",
        "next-steps": "overdue",
        "final-nudge": "overdue",
    }


def test_an_id_that_fits_several_follow_ups_lists_them_to_choose_from(tmp_path):
    target = synced(tmp_path)
    result = invoke("draft", "6d", "-o", str(target))
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert "'6d' matches 2 follow-ups (6dc7b84e thank-you 'Send thank-you to Rachel Okafor" in line
    assert "; 6df18ec3 phone-call 'Call Contoso about the Product Manager r'" in line
    assert line.endswith("give more of the id")
    assert ok(invoke("draft", "6dc7", "-o", str(target))).stdout.startswith("To: Rachel Okafor")


def test_a_second_reply_says_which_date_it_replaces(tmp_path):
    target = synced(tmp_path)
    ok(invoke("replied", "Contoso", "--on", "2026-11-18", "-o", str(target)))
    again = ok(invoke("replied", "contoso", "--on", "2026-11-19", "-o", str(target)))
    assert again.stdout == (
        "recorded the reply from Contoso (Product Manager) on 2026-11-19 "
        "(it said 2026-11-18 before)\ncancelled 0 pending follow-ups\n"
    )
