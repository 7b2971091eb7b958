"""contrib/: the cron line and the systemd user units do what the README says, as installed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES

CONTRIB = ROOT / "contrib"
CALSYNC = Path(sys.executable).with_name("calsync")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A user's home as the README sets it up: calsync in ~/.local/bin, a config naming the
    sample calendar as [[source]] and a file as [target]."""
    home = tmp_path / "home"
    (home / ".local" / "bin").mkdir(parents=True)
    (home / ".local" / "bin" / "calsync").symlink_to(CALSYNC)
    config = home / ".config" / "calsync" / "config.toml"
    config.parent.mkdir(parents=True)
    sample = (SAMPLES / "config.toml").read_text(encoding="utf-8")
    config.write_text(
        sample
        + f'\n[[source]]\npath = "{SAMPLES / "calendar.ics"}"\n'
        + f'\n[target]\npath = "{home / "followups.ics"}"\n',
        encoding="utf-8",
    )
    return home


def cron_env(home: Path) -> dict[str, str]:
    """What cron gives a job: HOME, a short PATH, no terminal (and the sample's 'now')."""
    return {
        "HOME": str(home),
        "PATH": "/usr/bin:/bin",
        "SHELL": "/bin/sh",
        "CALSYNC_NOW": "2026-11-20T18:00:00Z",
        "CALSYNC_HOME": str(home / ".local" / "state" / "calsync"),
    }


def cron_command() -> str:
    (line,) = [
        raw
        for raw in (CONTRIB / "crontab").read_text(encoding="utf-8").splitlines()
        if raw.strip() and not raw.startswith("#")
    ]
    return line.split(None, 5)[5]


def test_the_cron_line_runs_quietly_and_writes_the_follow_ups(home):
    assert re.match(r"^\*/15 \* \* \* \*\s", (CONTRIB / "crontab").read_text().splitlines()[-1])
    done = subprocess.run(
        ["/bin/sh", "-c", cron_command()], env=cron_env(home), capture_output=True, text=True
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")  # cron mails nothing
    assert (home / "followups.ics").read_text().count("BEGIN:VTODO") == 14


def test_a_failing_cron_run_says_one_line_and_exits_non_zero(home):
    (home / ".config" / "calsync" / "config.toml").write_text(
        '[[source]]\npath = "/nonexistent/calendar.ics"\n', encoding="utf-8"
    )
    done = subprocess.run(
        ["/bin/sh", "-c", cron_command()], env=cron_env(home), capture_output=True, text=True
    )
    assert done.returncode == 4 and done.stdout == ""
    assert done.stderr.splitlines() == ["calsync: error: /nonexistent/calendar.ics: no such file"]


def test_the_systemd_service_runs_the_same_command(home):
    service = (CONTRIB / "systemd" / "calsync.service").read_text(encoding="utf-8")
    (exec_start,) = re.findall(r"^ExecStart=(.+)$", service, re.MULTILINE)
    command = exec_start.replace("%h", str(home)).split()
    done = subprocess.run(command, env=cron_env(home), capture_output=True, text=True)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert "SuccessExitStatus=6" in service  # a run that found the lock taken is no failure


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd on this machine")
def test_systemd_accepts_the_units(home, tmp_path):
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    env = {**os.environ, "HOME": str(home), "XDG_RUNTIME_DIR": str(runtime)}
    units = [str(CONTRIB / "systemd" / n) for n in ("calsync.service", "calsync.timer")]
    done = subprocess.run(
        ["systemd-analyze", "verify", "--user", *units], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr
    every = subprocess.run(
        ["systemd-analyze", "calendar", "--iterations=2", "*:0/15"], capture_output=True, text=True
    )
    assert every.returncode == 0
    times = re.findall(r"\d\d:(\d\d):00", every.stdout)
    assert len(times) >= 2 and {int(m) % 15 for m in times} == {0}


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        ("bash", "complete -o nosort -F"),
        ("zsh", "#compdef calsync"),
        ("fish", "complete --no-files --command calsync"),
    ],
)
def test_shell_completion_scripts_as_the_readme_installs_them(shell, marker):
    done = subprocess.run(
        [str(CALSYNC)],
        env={**os.environ, "_CALSYNC_COMPLETE": f"{shell}_source"},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and marker in done.stdout


def test_completion_offers_the_commands():
    done = subprocess.run(
        [str(CALSYNC)],
        env={
            **os.environ,
            "_CALSYNC_COMPLETE": "bash_complete",
            "COMP_WORDS": "calsync s",
            "COMP_CWORD": "1",
        },
        capture_output=True,
        text=True,
    )
    assert {line.split(",")[-1] for line in done.stdout.splitlines()} >= {"sync", "status"}
