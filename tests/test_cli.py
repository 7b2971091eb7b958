"""`calsync sync` from the command line: options, exit codes, and what happens to the target."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import ROOT, SAMPLES

from calsync import __version__
from calsync.cli import cli

NOW = "2026-11-20T18:00:00Z"
CONFIG = str(SAMPLES / "config.toml")
CALENDAR = str(SAMPLES / "calendar.ics")
PANEL_TIMES = (
    "DTSTART;TZID=Europe/Berlin:20261117T140000\r\nDTEND;TZID=Europe/Berlin:20261117T153000\r\n"
)
FOREIGN_EVENT = (
    "BEGIN:VEVENT\r\n"
    "UID:dentist-2026@example.org\r\n"
    "DTSTAMP:20261001T120000Z\r\n"
    "DTSTART;TZID=Europe/Berlin:20261105T080000\r\n"
    "SUMMARY;LANGUAGE=de:Zahnarzt\\, Kontrolle\r\n"
    "DESCRIPTION:A long line that the user's client folded somewhere in the midd\r\n"
    " le\\, and calsync must not refold.\r\n"
    "X-SOME-CLIENT-PROP;X-PARAM=1:kept as is\r\n"
    "END:VEVENT\r\n"
)
FOREIGN_TODO = (
    "BEGIN:VTODO\r\n"
    "UID:groceries@example.org\r\n"
    "DTSTAMP:20261001T120000Z\r\n"
    "SUMMARY:Buy oat milk\r\n"
    "STATUS:NEEDS-ACTION\r\n"
    "CATEGORIES:calsync-lookalike,home\r\n"
    "END:VTODO\r\n"
)


def read(path: Path | str) -> str:
    """A file's text with its line ends as they are (CRLF stays CRLF)."""
    return Path(path).read_bytes().decode("utf-8")


def invoke(*args: str, env: dict | None = None, input: bytes | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, input=input)


def sync(*args: str, source: str = CALENDAR, now: str | None = NOW, **kwargs) -> Result:
    timing = ["--now", now] if now else []
    return invoke("-c", CONFIG, "sync", source, *timing, *args, **kwargs)


def ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def source_copy(tmp_path: Path, old: str = "", new: str = "") -> str:
    """The sample calendar with `old` replaced by `new` (which must be there)."""
    text = read(Path(CALENDAR))
    assert old in text
    path = tmp_path / "calendar.ics"
    path.write_text(text.replace(old, new, 1) if old else text, encoding="utf-8", newline="")
    return str(path)


def blocks(text: str, name: str = "VTODO") -> list[str]:
    return re.findall(rf"BEGIN:{name}\r\n.*?END:{name}\r\n", text, re.DOTALL)


def block_with(text: str, needle: str) -> str:
    (block,) = [b for b in blocks(text) if needle in b.replace("\r\n ", "")]
    return block


def summary_counts(line: str) -> dict[str, int]:
    found = re.search(
        r"created (\d+), updated (\d+), cancelled (\d+), unchanged (\d+), "
        r"kept as they are (\d+)",
        line,
    )
    assert found, line
    verbs = ("create", "update", "cancel", "unchanged", "kept")
    return dict(zip(verbs, map(int, found.groups()), strict=True))


# Targets: stdout, a file, a directory.


def test_without_target_the_calendar_goes_to_stdout_and_the_summary_to_stderr():
    result = ok(sync())
    assert result.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\n")
    assert result.stdout.count("BEGIN:VTODO") == 14
    assert summary_counts(result.stderr)["create"] == 14


def test_dash_target_is_stdout():
    assert ok(sync("-o", "-")).stdout_bytes == ok(sync()).stdout_bytes


def test_file_target_is_created_with_every_follow_up(tmp_path):
    target = tmp_path / "followups.ics"
    result = ok(sync("-o", str(target)))
    assert result.stdout.strip().startswith("created 14, updated 0")
    assert target.read_text(encoding="utf-8").count("BEGIN:VTODO") == 14


def test_as_event_writes_vevents_to_the_target(tmp_path):
    target = tmp_path / "followups.ics"
    ok(sync("--as", "event", "-o", str(target)))
    text = target.read_text(encoding="utf-8")
    assert (text.count("BEGIN:VEVENT"), text.count("BEGIN:VTODO")) == (14, 0)


def test_unknown_as_value_is_a_usage_error():
    result = sync("--as", "memo")
    assert result.exit_code == 2
    assert "memo" in result.stderr


def test_directory_target_gets_one_file_per_item_and_foreign_files_stay(tmp_path):
    vdir = tmp_path / "tasks"
    vdir.mkdir()
    foreign = {
        "groceries.ics": "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//me//EN\r\n"
        + FOREIGN_TODO
        + "END:VCALENDAR\r\n",
        "notes.txt": "not a calendar",
    }
    for name, text in foreign.items():
        (vdir / name).write_text(text, encoding="utf-8", newline="")
    ok(sync("-o", str(vdir)))
    written = sorted(p for p in vdir.glob("*.ics") if p.name not in foreign)
    assert len(written) == 14
    for path in written:
        text = read(path)
        assert len(blocks(text)) == 1
        uid = re.search(r"^UID:(.+?)\r$", text, re.MULTILINE)[1]
        assert path.name == re.sub(r"[^A-Za-z0-9._-]", "_", uid) + ".ics"
    for name, text in foreign.items():
        assert read(vdir / name) == text
    snapshot = {p.name: p.read_bytes() for p in vdir.iterdir()}
    again = ok(sync("-o", str(vdir)))
    assert summary_counts(again.stdout)["unchanged"] == 14
    assert {p.name: p.read_bytes() for p in vdir.iterdir()} == snapshot


def test_new_path_ending_in_slash_is_a_directory_target(tmp_path):
    ok(sync("-o", f"{tmp_path / 'new-vdir'}/"))
    assert len(list((tmp_path / "new-vdir").glob("*.ics"))) == 14


def test_stdin_source():
    result = ok(sync("-o", "-", source="-", input=Path(CALENDAR).read_bytes()))
    assert result.stdout_bytes == ok(sync()).stdout_bytes


# --dry-run, --now, --json, -q


def test_dry_run_prints_the_plan_and_writes_nothing(tmp_path):
    new_file, new_dir = tmp_path / "new.ics", tmp_path / "new-vdir"
    result = ok(sync("--dry-run", "-o", str(new_file)))
    lines = result.stdout.strip().splitlines()
    judged = [line for line in lines if line.startswith(("interview ", "not one "))]
    assert len(judged) >= 4  # each candidate event first, with why it counted or not
    lines = lines[len(judged) :]
    assert len(lines) == 15
    assert lines[0].startswith("create    thank-you")
    assert "Send thank-you to Dana Kowalski — Northwind Robotics" in result.stdout
    assert lines[-1].startswith("dry run: would have created 14")
    ok(sync("--dry-run", "-o", f"{new_dir}/"))
    assert not new_file.exists() and not new_dir.exists()

    existing = tmp_path / "followups.ics"
    ok(sync("-o", str(existing), source=source_copy(tmp_path, PANEL_TIMES, "")))
    before = existing.read_bytes()
    result = ok(sync("--dry-run", "-o", str(existing)))
    assert summary_counts(result.stdout)["create"] == 2  # the panel's thank-yous: not written
    assert existing.read_bytes() == before


def test_now_sets_dtstamp_and_the_planning_window():
    result = ok(sync(now="2026-11-20T18:00:00Z"))
    assert set(re.findall(r"^DTSTAMP:(\S+)", result.stdout, re.MULTILINE)) == {"20261120T180000Z"}
    # A year later every sample interview lies before the 30-day lookback: nothing to plan.
    later = ok(sync(now="2027-11-20T18:00:00Z"))
    assert later.stdout.count("BEGIN:VTODO") == 0
    assert "(0 interviews in 14 events)" in later.stderr


def test_calsync_now_environment_variable_is_now():
    with_option = ok(sync(now=NOW)).stdout_bytes
    assert ok(sync(now=None, env={"CALSYNC_NOW": NOW})).stdout_bytes == with_option
    # The option wins over the environment.
    overridden = ok(sync(now=NOW, env={"CALSYNC_NOW": "2027-11-20T18:00:00Z"})).stdout_bytes
    assert overridden == with_option


def test_now_that_is_not_iso_8601_is_a_usage_error():
    result = sync(now="next tuesday")
    assert result.exit_code == 2
    assert "--now" in result.stderr and "next tuesday" in result.stderr


def test_json_report_has_the_documented_schema(tmp_path):
    target = tmp_path / "followups.ics"
    result = ok(sync("--json", "-o", str(target)))
    report = json.loads(result.stdout)
    assert set(report) == {
        "schema",
        "now",
        "target",
        "dry_run",
        "interviews",
        "events",
        "counts",
        "actions",
        "candidates",
        "warnings",
    }
    assert report["schema"] == "calsync.sync/1"
    assert report["now"] == "2026-11-20T18:00:00+00:00"
    assert (report["target"], report["dry_run"]) == (str(target), False)
    assert (report["interviews"], report["events"]) == (4, 14)
    assert report["counts"] == {
        "created": 14,
        "updated": 0,
        "cancelled": 0,
        "unchanged": 0,
        "kept": 0,
        "deleted": 0,
    }
    assert len(report["actions"]) == 14
    for action in report["actions"]:
        assert set(action) == {
            "action",
            "uid",
            "kind",
            "application",
            "summary",
            "start",
            "due",
            "reason",
        }
    (dana,) = [a for a in report["actions"] if "Dana" in a["summary"]]
    assert dana["application"] == "northwind-robotics/senior-backend-engineer"
    assert (dana["action"], dana["kind"], dana["reason"]) == ("create", "thank-you", "planned")
    assert (dana["start"], dana["due"]) == (
        "2026-11-17T15:30:00+01:00",
        "2026-11-18T15:30:00+01:00",
    )
    assert report["warnings"] == []
    assert target.exists()


def test_json_with_dry_run_may_use_stdout():
    report = json.loads(ok(sync("--json", "--dry-run")).stdout)
    assert report["dry_run"] is True and report["target"] == "-"
    assert report["counts"]["created"] == 14


def test_json_to_stdout_without_dry_run_is_a_usage_error():
    result = sync("--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--dry-run" in result.stderr


def test_quiet_prints_nothing_on_success(tmp_path):
    result = ok(
        invoke("-q", "-c", CONFIG, "sync", CALENDAR, "--now", NOW, "-o", str(tmp_path / "f.ics"))
    )
    assert (result.stdout, result.stderr) == ("", "")
    assert (tmp_path / "f.ics").exists()


def test_nothing_to_do_is_success(tmp_path):
    calendar = tmp_path / "empty-week.ics"
    calendar.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//me//EN\r\nBEGIN:VEVENT\r\nUID:x@y\r\n"
        "DTSTAMP:20261101T000000Z\r\nDTSTART:20261118T100000Z\r\nSUMMARY:Dentist\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
        newline="",
    )
    result = ok(sync("-o", str(tmp_path / "f.ics"), source=str(calendar)))
    assert summary_counts(result.stdout) == dict.fromkeys(summary_counts(result.stdout), 0)


# Exit codes 3 and 4; one bad event.


def test_config_with_several_problems_lists_every_one_with_its_key(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(
        '[me]\nname = 3\ntimezone = "Mars/Olympus"\n'
        '[cadence]\ncall_window = "17-9"\nmax_thank_yous = 0\nwhen = "soon"\n'
        '[output]\nas = "memo"\n',
        encoding="utf-8",
    )
    result = invoke(
        "-c", str(config), "sync", CALENDAR, "--now", NOW, "-o", str(tmp_path / "f.ics")
    )
    assert result.exit_code == 3
    for key in (
        "[me] name",
        "[me] timezone",
        "[cadence] call_window",
        "[cadence] max_thank_yous",
        "[cadence] when",
        "[output] as",
    ):
        assert key in result.stderr
    assert str(config) in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "f.ics").exists()


def test_missing_config_file_named_explicitly_is_a_config_error(tmp_path):
    result = invoke("-c", str(tmp_path / "nope.toml"), "sync", CALENDAR, "--now", NOW)
    assert result.exit_code == 3
    assert "nope.toml" in result.stderr


BAD_SOURCES = {
    "missing": None,
    "empty": b"",
    "binary": bytes(range(256)) * 4,
    "truncated": Path(CALENDAR).read_bytes()[:2500],
}


@pytest.mark.parametrize("case", list(BAD_SOURCES))
def test_unreadable_source_is_input_error_and_the_target_stays_untouched(tmp_path, case):
    target = tmp_path / "followups.ics"
    ok(sync("-o", str(target)))
    before = target.read_bytes()
    source = tmp_path / f"{case}.ics"
    if BAD_SOURCES[case] is not None:
        source.write_bytes(BAD_SOURCES[case])
    result = sync("-o", str(target), source=str(source))
    assert result.exit_code == 4
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert str(source) in lines[0]
    assert "Traceback" not in result.output
    assert target.read_bytes() == before


def test_target_that_is_not_a_calendar_is_refused_and_left_alone(tmp_path):
    target = tmp_path / "thesis.ics"
    target.write_text("Chapter 1\n", encoding="utf-8")
    result = sync("-o", str(target))
    assert result.exit_code == 5
    assert str(target) in result.stderr
    assert target.read_text(encoding="utf-8") == "Chapter 1\n"


def test_broken_event_is_skipped_with_a_warning_and_the_rest_is_planned(tmp_path):
    broken = source_copy(tmp_path, "DTSTART:20261112T153000Z", "DTSTART:sometime on Thursday")
    result = ok(sync("-o", str(tmp_path / "f.ics"), source=broken))
    assert "warning" in result.stderr
    assert "Phone screen | Bluefin Analytics | Data Analyst" in result.stderr
    assert broken in result.stderr
    assert summary_counts(result.stdout)["create"] == 10  # Bluefin's four are missing
    assert "Traceback" not in result.output


# Sync rules (SPEC §7) on a file target.


def test_running_again_with_the_same_now_changes_nothing(tmp_path):
    target = tmp_path / "followups.ics"
    ok(sync("-o", str(target)))
    first = target.read_bytes()
    again = ok(sync("-o", str(target)))
    assert summary_counts(again.stdout) == {
        "create": 0,
        "update": 0,
        "cancel": 0,
        "unchanged": 14,
        "kept": 0,
    }
    assert target.read_bytes() == first


def test_foreign_events_and_tasks_in_the_target_are_kept_byte_for_byte(tmp_path):
    target = tmp_path / "mine.ics"
    target.write_text(
        "BEGIN:VCALENDAR\r\nPRODID:-//Someone//Their App//EN\r\nVERSION:2.0\r\n"
        "X-WR-CALNAME:Mine\r\n" + FOREIGN_EVENT + FOREIGN_TODO + "END:VCALENDAR\r\n",
        encoding="utf-8",
        newline="",
    )
    ok(sync("-o", str(target)))
    text = read(target)
    assert FOREIGN_EVENT in text and FOREIGN_TODO in text
    assert "PRODID:-//Someone//Their App//EN\r\n" in text  # the file is still theirs
    assert text.count("BEGIN:VTODO") == 15
    moved = source_copy(
        tmp_path, PANEL_TIMES, PANEL_TIMES.replace("T14", "T15").replace("T153", "T163")
    )
    result = ok(sync("-o", str(target), source=moved))
    assert summary_counts(result.stdout)["update"] == 2
    text = read(target)
    assert FOREIGN_EVENT in text and FOREIGN_TODO in text


def test_owned_item_the_user_edited_is_kept_as_they_left_it(tmp_path):
    target = tmp_path / "followups.ics"
    ok(sync("-o", str(target)))
    text = read(target)
    edited = block_with(text, "Send thank-you to Dana Kowalski").replace(
        "SUMMARY:Send thank-you to Dana Kowalski", "SUMMARY:Email Dana tonight"
    )
    target.write_text(
        text.replace(block_with(text, "Send thank-you to Dana Kowalski"), edited),
        encoding="utf-8",
        newline="",
    )
    # The panel moves by an hour: Priya's thank-you follows, Dana's stays as the user made it.
    moved = source_copy(
        tmp_path, PANEL_TIMES, PANEL_TIMES.replace("T14", "T15").replace("T153", "T163")
    )
    plan = ok(sync("--dry-run", "-o", str(target), source=moved))
    assert re.search(r"^kept .*Email Dana tonight.*\(edited by you\)$", plan.stdout, re.MULTILINE)
    result = ok(sync("-o", str(target), source=moved))
    assert summary_counts(result.stdout)["kept"] == 1
    assert summary_counts(result.stdout)["update"] == 1
    after = read(target)
    assert edited in after
    assert "20261117T163000" in block_with(after, "Send thank-you to Priya Natarajan")


def test_completed_item_is_never_touched_again(tmp_path):
    target = tmp_path / "followups.ics"
    ok(sync("-o", str(target)))
    text = read(target)
    original = block_with(text, "Send thank-you to Priya Natarajan")
    done = original.replace(
        "STATUS:NEEDS-ACTION\r\n",
        "STATUS:COMPLETED\r\nCOMPLETED:20261118T090000Z\r\nPERCENT-COMPLETE:100\r\n",
    )
    target.write_text(text.replace(original, done), encoding="utf-8", newline="")
    moved = source_copy(
        tmp_path, PANEL_TIMES, PANEL_TIMES.replace("T14", "T15").replace("T153", "T163")
    )
    plan = ok(sync("--dry-run", "-o", str(target), source=moved))
    assert re.search(r"^kept .*Priya Natarajan.*\(done or cancelled\)$", plan.stdout, re.MULTILINE)
    ok(sync("-o", str(target), source=moved))
    assert done in read(target)


def test_follow_up_no_longer_planned_is_cancelled_not_deleted(tmp_path):
    target = tmp_path / "followups.ics"
    ok(sync("-o", str(target)))
    uids = set(re.findall(r"^UID:(.+?)\r$", target.read_text(encoding="utf-8"), re.MULTILINE))
    # The final round disappears from the calendar: its thank-you and the application's
    # call, next-steps and nudge (which followed it) are cancelled; new ones follow round one.
    text = read(Path(CALENDAR))
    final_round = re.search(
        r"BEGIN:VEVENT\r\n(?:(?!END:VEVENT).)*?final round\r\n.*?END:VEVENT\r\n", text, re.DOTALL
    )
    source = tmp_path / "without-final.ics"
    source.write_text(text.replace(final_round[0], ""), encoding="utf-8", newline="")
    result = ok(sync("-o", str(target), source=str(source)))
    counts = summary_counts(result.stdout)
    assert (counts["cancel"], counts["create"]) == (4, 3)
    after = read(target)
    assert uids <= set(re.findall(r"^UID:(.+?)\r$", after, re.MULTILINE))  # nothing deleted
    tomasz = block_with(after, "Send thank-you to Tomasz Lindqvist")
    assert "STATUS:CANCELLED\r\n" in tomasz
    assert len([b for b in blocks(after) if "STATUS:CANCELLED" in b]) == 4
    # And that is stable: the next run changes nothing.
    again = ok(sync("-o", str(target), source=str(source)))
    assert summary_counts(again.stdout)["cancel"] == 0
    assert read(target) == after


def test_python_m_calsync_version():
    result = subprocess.run(
        [sys.executable, "-m", "calsync", "--version"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"calsync, version {__version__}"


def test_a_second_run_on_a_locked_target_exits_6_at_once(tmp_path):
    from calsync import lock

    target = tmp_path / "followups.ics"
    ok(sync("-o", str(target)))
    before = target.read_bytes()
    with lock.held(str(target.resolve())):
        result = sync("-o", str(target), now="2026-11-27T18:00:00Z")
    assert result.exit_code == 6
    assert "another calsync run" in result.stderr and str(target.resolve()) in result.stderr
    assert "Traceback" not in result.stderr
    assert target.read_bytes() == before
    ok(sync("-o", str(target)))  # the lock is free again once the other run ends


def test_dry_run_and_stdout_runs_do_not_wait_for_the_lock(tmp_path):
    from calsync import lock

    target = tmp_path / "followups.ics"
    with lock.held(str(target.resolve())):
        ok(sync("-o", str(target), "--dry-run"))
        ok(sync())


def test_follow_ups_read_back_as_a_source_are_never_interviews(tmp_path):
    # A target that is also a source (one calendar for both, --as event) must not feed back.
    target = tmp_path / "followups.ics"
    ok(sync("-o", str(target), "--as", "event"))
    first = target.read_bytes()
    result = ok(
        invoke(
            "--config",
            str(SAMPLES / "config.toml"),
            "sync",
            CALENDAR,
            str(target),
            "-o",
            str(target),
            "--as",
            "event",
            "--now",
            NOW,
        )
    )
    assert "created 0" in result.output and "(4 interviews" in result.output
    assert target.read_bytes() == first


def test_verbosity_and_quiet_also_work_after_the_command_name(tmp_path):
    result = invoke("sync", str(tmp_path / "missing.ics"), "-vv")
    assert result.exit_code == 4
    assert "Traceback" in result.stderr and "missing.ics: no such file" in result.stderr
    quiet = ok(sync("-o", str(tmp_path / "out.ics"), "-q"))
    assert quiet.output == ""


def test_a_bug_is_exit_1_with_one_line_and_the_traceback_only_with_vv(monkeypatch):
    from calsync import plan

    def broken(*_args, **_kwargs):
        raise RuntimeError("planner exploded")

    monkeypatch.setattr(plan, "plan", broken)
    result = sync()
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "calsync: internal error: RuntimeError: planner exploded (run with -vv for the traceback)"
    ]
    loud = invoke("-vv", "-c", CONFIG, "sync", CALENDAR, "--now", NOW)
    assert loud.exit_code == 1 and "Traceback" in loud.stderr


def test_personalize_follows_the_draft_after_an_update(tmp_path):
    """An item is tagged `personalize` exactly while its draft holds a placeholder: once the
    user's notes fill it, the update drops the tag and keeps the user's own categories."""
    target = tmp_path / "followups.ics"
    ok(sync("-o", str(target)))
    tomasz = block_with(read(target), "Send thank-you to Tomasz")
    assert "CATEGORIES:calsync,thank-you,personalize" in tomasz
    # The user files the item under a category of their own; calsync keeps it.
    text = read(target).replace(
        "CATEGORIES:calsync,thank-you,personalize", "CATEGORIES:calsync,thank-you,personalize,work"
    )
    target.write_bytes(text.encode("utf-8"))
    noted = source_copy(
        tmp_path,
        "DESCRIPTION:Final round with Tomasz",
        "DESCRIPTION:Notes:\\n- Tomasz walked through the platform roadmap\\n\\n"
        "Final round with Tomasz",
    )
    ok(sync("-o", str(target), source=noted))
    tomasz = block_with(read(target), "Send thank-you to Tomasz")
    assert "platform roadmap" in tomasz.replace("\r\n ", "")
    categories = re.search(r"CATEGORIES:(\S+)", tomasz)[1].split(",")
    assert "personalize" not in categories
    assert {"calsync", "thank-you", "work"} <= set(categories)
