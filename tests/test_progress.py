"""A progress line on stderr for long runs, only when stderr is a terminal (issue 7): never in
cron mail, a pipe or a log."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

from conftest import SAMPLES

CALENDAR = str(SAMPLES / "calendar.ics")
ARGS = [
    "-m",
    "calsync",
    "-c",
    str(SAMPLES / "config.toml"),
    "sync",
    "--now",
    "2026-11-20T18:00:00Z",
]


def test_a_terminal_sees_the_progress_then_the_summary(tmp_path):
    """Three sources: 'reading 1/3' … '3/3' on the terminal, then the usual summary line."""
    target = tmp_path / "followups.ics"
    leader, follower = pty.openpty()
    done = subprocess.run(
        [sys.executable, *ARGS, CALENDAR, CALENDAR, CALENDAR, "-o", str(target)],
        stdout=subprocess.PIPE,
        stderr=follower,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    assert done.returncode == 0
    text = seen.decode("utf-8", "replace")
    assert "calsync: reading 1/3" in text and "calsync: reading 3/3" in text
    assert "\r\x1b[K" in text  # rewritten in place, then cleared for the summary
    assert done.stdout.decode().startswith("created 14,")


def test_a_pipe_gets_no_progress(tmp_path):
    target = tmp_path / "followups.ics"
    done = subprocess.run(
        [sys.executable, *ARGS, CALENDAR, CALENDAR, CALENDAR, "-o", str(target)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    assert "reading" not in done.stderr and "\r" not in done.stderr + done.stdout
