"""A published calendar's address is a password (issue 12, item 12): shown nowhere whole.

Google's "secret address in iCal format" carries the secret in its path. The README
("Published calendars") promises that messages, `-vv`, `doctor`, `config --show` and the
ledger name a feed by its host and a hash only. Every command is run here as the shell runs
it (a subprocess), against a feed served on 127.0.0.1, and every byte it prints or leaves
under $CALSYNC_HOME is searched for the secret.
"""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import SAMPLES

from calsync import config
from calsync.sources import feed

NOW = "2026-11-20T18:00:00Z"
CONFIG = str(SAMPLES / "config.toml")
SCRIPT = Path(sys.executable).with_name("calsync")
CALSYNC = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "calsync"]
TOKEN = "private-5ecre7f00d4b1e9c2a7d"  # the part of the address that is the password
SECRET_PATH = f"/calendar/ical/alex.rivera%40example.org/{TOKEN}/basic.ics"
GOOGLE = f"https://calendar.google.com{SECRET_PATH}"


class _Feed(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path != SECRET_PATH:
            self.send_error(404)
            return
        body = (SAMPLES / "calendar.ics").read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/calendar")
        self.send_header("ETag", '"v1"')
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def served():
    """The secret address of a feed on 127.0.0.1 serving the sample calendar."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Feed)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{SECRET_PATH}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def home() -> Path:
    return Path(os.environ["CALSYNC_HOME"])


def run(*args: str, config: str = CONFIG) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*CALSYNC, "-c", config, *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "CALSYNC_NOW": NOW},
    )


def leaks(results, *files: Path) -> list[str]:
    """Where the secret shows: in which run's output, or in which file."""
    found = [" ".join(r.args[3:]) for r in results if TOKEN in r.stdout + r.stderr]
    return found + [str(p) for p in files if p.is_file() and TOKEN.encode() in p.read_bytes()]


def state_files(home: Path) -> list[Path]:
    return sorted(p for p in home.rglob("*") if p.is_file()) if home.exists() else []


def with_config(tmp_path: Path, text: str) -> str:
    path = tmp_path / "config.toml"
    base = (SAMPLES / "config.toml").read_text(encoding="utf-8")
    path.write_text(base + "\n" + text, encoding="utf-8")
    return str(path)


def test_config_show_names_a_feed_by_host_and_hash_and_still_loads(tmp_path):
    path = with_config(tmp_path, f'[[source]]\nname = "google"\nfeed = "{GOOGLE}"\n')
    shown = run("config", "--show", config=path)
    assert shown.returncode == 0, shown.stderr
    assert leaks([shown]) == []
    assert f'feed = "https://calendar.google.com/…#{feed.digest(GOOGLE)}"' in shown.stdout
    again = tmp_path / "again.toml"
    again.write_text(shown.stdout, encoding="utf-8")
    (source,) = config.load(again).sources  # what it prints loads again, as --show promises
    assert source.name == "google" and TOKEN not in source.feed


TARGET_COMMANDS = {
    "sync": ("sync", str(SAMPLES / "calendar.ics"), "-o"),
    "sync --dry-run": ("sync", str(SAMPLES / "calendar.ics"), "--dry-run", "-o"),
    "status": ("status", "-o"),
    "draft": ("draft", "3f1c2a9b", "-o"),
    "replied": ("replied", "Northwind Robotics", "-o"),
}


@pytest.mark.parametrize("address", [GOOGLE, GOOGLE.replace("https", "webcal")])
@pytest.mark.parametrize("command", TARGET_COMMANDS)
def test_a_feed_address_given_as_target_is_refused_without_showing_it(command, address, home):
    result = run(*TARGET_COMMANDS[command], address)
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"calsync: error: {feed.label(address)}: a published calendar")
    assert "caldav+https://" in line  # what to give instead
    assert leaks([result], *state_files(home)) == []


def test_doctor_given_a_feed_address_as_target_does_not_show_it(home):
    result = run("doctor", str(SAMPLES / "calendar.ics"), "-o", GOOGLE)
    assert result.returncode == 5
    assert f"FAIL  target {feed.label(GOOGLE)}: a published calendar" in result.stdout
    assert leaks([result], *state_files(home)) == []


def test_a_feed_address_in_a_path_or_url_key_is_a_config_error_that_does_not_show_it(tmp_path):
    path = with_config(
        tmp_path,
        f'[[source]]\npath = "{GOOGLE}"\n\n'
        f'[[source]]\nurl = "{GOOGLE.replace("https", "webcal").removesuffix(".ics")}"\n\n'
        f'[target]\npath = "{GOOGLE}"\n',
    )
    for args in (("sync", "--dry-run"), ("status",), ("doctor",), ("config", "--show")):
        result = run(*args, config=path)
        assert result.returncode == 3, result.stderr
        problems = result.stderr.splitlines()[1:]
        assert [p.split(":")[0].strip() for p in problems] == [
            "[[source]] 1 path",
            "[[source]] 2 url",
            "[target] path",
        ]
        assert "feed = " in problems[0] and "calendar.google.com" in problems[1]
        assert leaks([result]) == []


def test_no_run_over_a_feed_shows_its_address_or_keeps_it_on_disk(served, tmp_path, home):
    target = tmp_path / "followups.ics"
    entry = with_config(tmp_path, f'[[source]]\nname = "google"\nfeed = "{served}"\n')
    runs = [
        run("-vv", "sync", served, "--dry-run"),
        run("-vv", "sync", served, "--dry-run", "--json"),
        run("-vv", "sync", served, "-o", str(target)),
        run("-vv", "sync", "-o", str(target), "--json", config=entry),  # the configured feed
        run("-vv", "status", "-o", str(target)),
        run("status", "-o", str(target), "--json"),
        run("-vv", "doctor", served),
        run("-vv", "doctor", config=entry),
        run("-vv", "replied", "Northwind Robotics", "-o", str(target)),
        run("-vv", "sync", served.replace(TOKEN, TOKEN + "x"), "--dry-run"),  # 404, a traceback
    ]
    assert [r.returncode for r in runs] == [0] * 9 + [4], [r.stderr[-300:] for r in runs]
    assert "Traceback" in runs[-1].stderr
    port = served.split(":")[2].split("/")[0]
    assert f"calsync: GET http://127.0.0.1:{port}/… -> 200" in runs[0].stderr  # -vv logs it, cut
    assert leaks(runs, target, *state_files(home)) == []
    assert not [p for p in state_files(home) if TOKEN in str(p)]
