"""A crash while writing leaves the previous target whole (issue 5, SPEC §7).

The target is replaced by writing a temp file, fsyncing it and renaming it over the target:
until the rename the old file is untouched, after it the new one is complete. Checked by
failing the rename, and by killing a real `calsync sync` at each step of the write.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner, Result
from conftest import SAMPLES, fixture_path

from calsync.cli import cli

NOW = "2026-11-20T18:00:00Z"
CONFIG = str(SAMPLES / "config.toml")
CALENDAR = str(SAMPLES / "calendar.ics")
NEW_INTERVIEW = str(fixture_path("nextcloud_export"))  # its follow-ups make the second run write


def sync(*sources: str, target: Path) -> Result:
    argv = ["-c", CONFIG, "sync", *sources, "-o", str(target), "--now", NOW]
    return CliRunner().invoke(cli, argv)


def ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def todos(data: bytes) -> list[str]:
    return [str(t["SUMMARY"]) for t in icalendar.Calendar.from_ical(data).walk("VTODO")]


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def previous(tmp_path) -> tuple[Path, bytes]:
    """A target as an earlier run left it (the sample's 14 follow-ups) plus the user's own big
    calendar part, so that writing it takes a while."""
    target = tmp_path / "out" / "followups.ics"
    target.parent.mkdir()
    ok(sync(CALENDAR, target=target))
    own = "".join(
        "BEGIN:VEVENT\r\n"
        f"UID:own-{n}@example.org\r\nDTSTAMP:20260101T000000Z\r\n"
        f"DTSTART:2026{1 + n % 12:02d}{1 + n % 28:02d}T090000Z\r\n"
        f"SUMMARY:My own event {n}\r\nDESCRIPTION:{'kept byte for byte. ' * 20}\r\n"
        "END:VEVENT\r\n"
        for n in range(20_000)
    )
    text = target.read_bytes().decode("utf-8")  # read_text() would turn CRLF into LF
    text = text.replace("END:VCALENDAR\r\n", own + "END:VCALENDAR\r\n")
    assert own in text
    target.write_bytes(text.encode("utf-8"))
    return target, target.read_bytes()


@pytest.fixture
def expected(tmp_path, previous) -> bytes:
    """What the second run writes when nothing goes wrong."""
    target, before = previous
    copy = tmp_path / "reference" / "followups.ics"
    copy.parent.mkdir()
    copy.write_bytes(before)
    ok(sync(CALENDAR, NEW_INTERVIEW, target=copy))
    after = copy.read_bytes()
    assert after != before and len(todos(after)) == 14 + 4
    return after


def test_a_failed_rename_is_exit_5_one_line_and_the_old_file_stays(monkeypatch, previous):
    target, before = previous
    real = os.replace

    def rename_fails(src, dst, *args, **kwargs):
        if Path(dst) == target:
            raise OSError(errno.EIO, "Input/output error")
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", rename_fails)
    result = sync(CALENDAR, NEW_INTERVIEW, target=target)

    assert result.exit_code == 5
    assert result.stderr.strip().splitlines() == [
        f"calsync: error: {target}: cannot write (Input/output error)"
    ]
    assert target.read_bytes() == before
    assert len(todos(target.read_bytes())) == 14  # still the readable old calendar
    assert leftovers(target.parent) == []

    # Nothing was recorded as written: the next run writes the four new follow-ups.
    monkeypatch.setattr(os, "replace", real)
    assert "created 4," in ok(sync(CALENDAR, NEW_INTERVIEW, target=target)).output


def test_a_target_whose_calendar_cannot_be_made_out_is_refused_not_overwritten(tmp_path):
    # An indented BEGIN:VCALENDAR: rewriting it would keep only calsync's items.
    target = tmp_path / "followups.ics"
    target.write_bytes(
        b"  BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:mine@example.org\r\n"
        b"SUMMARY:My own event\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    before = target.read_bytes()

    result = sync(CALENDAR, target=target)

    assert result.exit_code == 5
    assert result.stderr.strip().splitlines() == [
        f"calsync: error: {target}: cannot make out its calendar (no BEGIN:VCALENDAR line); "
        "refusing to overwrite it (choose another -o TARGET)"
    ]
    assert target.read_bytes() == before


# The real command, stopped by SIGKILL at one point of the write: `point` names it.
KILLABLE = r"""
import os, sys, tempfile, time

point = sys.argv.pop(1)
ours = set()
real_mkstemp, real_fdopen, real_fsync, real_replace = (
    tempfile.mkstemp, os.fdopen, os.fsync, os.replace)


def wait_to_be_killed():
    sys.stderr.write(f"at {point}\n")
    sys.stderr.flush()
    time.sleep(60)


def mkstemp(*args, **kwargs):
    fd, name = real_mkstemp(*args, **kwargs)
    if os.path.basename(name).startswith(".followups.ics."):
        ours.add(fd)
    return fd, name


class HalfWritten:
    def __init__(self, handle):
        self.handle = handle

    def write(self, data):
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        wait_to_be_killed()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self.handle.__exit__(*exc)

    def __getattr__(self, name):
        return getattr(self.handle, name)


def fdopen(fd, *args, **kwargs):
    handle = real_fdopen(fd, *args, **kwargs)
    return HalfWritten(handle) if point == "mid-write" and fd in ours else handle


def fsync(fd):
    real_fsync(fd)
    if point == "after-fsync" and fd in ours:
        wait_to_be_killed()


def replace(src, dst, *args, **kwargs):
    real_replace(src, dst, *args, **kwargs)
    if point == "after-rename" and os.path.basename(os.fspath(dst)) == "followups.ics":
        wait_to_be_killed()


tempfile.mkstemp, os.fdopen, os.fsync, os.replace = mkstemp, fdopen, fsync, replace
from calsync.cli import main

sys.argv[0] = "calsync"
main()
"""


def kill_at(point: str, target: Path) -> None:
    argv = [sys.executable, "-c", KILLABLE, point, "-c", CONFIG, "sync", CALENDAR, NEW_INTERVIEW]
    argv += ["-o", str(target), "--now", NOW]
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stderr.readline()  # blocks until the point is reached (or it exits)
        assert line == f"at {point}\n", (line, process.stderr.read())
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=10) == -signal.SIGKILL
    finally:
        process.kill()
        process.wait()


@pytest.mark.parametrize(
    "point, survives",
    [("mid-write", "old"), ("after-fsync", "old"), ("after-rename", "new")],
)
def test_killed_while_writing_the_target_is_the_old_file_or_the_whole_new_one(
    previous, expected, point, survives
):
    target, before = previous

    kill_at(point, target)

    assert target.read_bytes() == (before if survives == "old" else expected)
    # The next run finishes the job, and clears the temp file a killed run left behind.
    ok(sync(CALENDAR, NEW_INTERVIEW, target=target))
    assert target.read_bytes() == expected
    assert leftovers(target.parent) == []


def test_killed_at_any_moment_the_target_is_the_old_or_the_new_calendar(
    tmp_path, previous, expected
):
    # Without instrumentation: time a whole run, then kill runs after fractions of that time,
    # from at once to about when it is done, and look at the file each time. Each run has its
    # own state dir: a ledger left by a finished run would make the next one write nothing.
    target, before = previous
    argv = [sys.executable, "-m", "calsync", "-c", CONFIG, "sync", CALENDAR, NEW_INTERVIEW]
    argv += ["-o", str(target), "--now", NOW]

    def start(n: int) -> subprocess.Popen:
        target.write_bytes(before)
        env = dict(os.environ, CALSYNC_HOME=str(tmp_path / f"state-{n}"))
        return subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    started = time.monotonic()
    assert start(0).wait() == 0
    whole = time.monotonic() - started
    assert target.read_bytes() == expected
    seen = []
    for n, fraction in enumerate((0.0, 0.3, 0.6, 0.8, 0.9, 0.95, 1.0, 1.5), 1):
        process = start(n)
        time.sleep(whole * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        after = target.read_bytes()
        assert after in (before, expected), fraction
        seen.append("old" if after == before else "new")
    assert seen[0] == "old"  # killed at once; where the later ones land depends on the machine
