"""Published calendar feeds as sources (SPEC §2 SOURCE, issue 7 "Published calendar feeds").

A real http.server on 127.0.0.1 (a free port, a thread; HTTPS with a throwaway CA where TLS
matters) serves the calendars. It counts the requests, records their headers and how many body
bytes it sent. calsync runs unmocked, through click's CliRunner, and is judged by what a user
sees: exit codes, stdout and stderr, the target, and the files under $CALSYNC_HOME.

The feed's path carries a secret (as Google's does): it must never show in messages, logs, the
ledger or the cache's file names.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import ssl
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import servers
from click.testing import CliRunner, Result
from conftest import SAMPLES

from calsync.cli import cli
from calsync.sources import feed, ics

NOW = "2026-11-20T18:00:00Z"
CONFIG = str(SAMPLES / "config.toml")
SCRIPT = Path(sys.executable).with_name("calsync")
CALSYNC = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "calsync"]
CALENDAR = (SAMPLES / "calendar.ics").read_bytes()
TOKEN = "private-7f3e9c2a5b8d41e6a0c4d9"  # the part of the address that is the password
SECRET = f"/calendar/ical/alex.rivera%40example.org/{TOKEN}/basic.ics"
HTML = b"<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Sign in</body></html>"
EMPTY = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nEND:VCALENDAR\r\n"
MOVED_ON = CALENDAR.replace(  # the Bluefin phone screen was called off
    b"SEQUENCE:0\r\nSTATUS:CONFIRMED\r\nSUMMARY:Phone screen | Bluefin",
    b"SEQUENCE:1\r\nSTATUS:CANCELLED\r\nSUMMARY:Phone screen | Bluefin",
)
HTML_HINT = "the server sent HTML, not a calendar; is the link the secret iCal address?"
LAST_MODIFIED = "Thu, 12 Nov 2026 16:39:05 GMT"
FOREIGN_TARGET = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//me//mine//EN\r\nEND:VCALENDAR\r\n"


# -- the feed server ----------------------------------------------------------------------------


@dataclass
class Feed:
    """What the server answers at one path."""

    body: bytes = CALENDAR
    etag: str | None = None
    last_modified: str | None = None
    status: int = 200
    content_type: str = "text/calendar; charset=utf-8"
    location: str | None = None  # answer 302 to here
    declared: int | None = None  # a Content-Length to claim instead of the real one
    stream: int = 0  # send this many bytes of calendar-ish text, without a Content-Length
    fail_first: int = 0  # answer 503 this many times first
    stall_first: float = 0.0  # sleep this long before the first answer


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    status: int
    sent: int = 0  # body bytes


@dataclass
class FeedServer:
    port: int
    scheme: str
    feeds: dict[str, Feed] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)

    def url(self, path: str = SECRET, host: str = "127.0.0.1", scheme: str | None = None) -> str:
        return f"{scheme or self.scheme}://{host}:{self.port}{path}"


class _Handler(http.server.BaseHTTPRequestHandler):
    server_version = "feeds/1"

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        state: FeedServer = self.server.state
        hit = Hit(self.path, {k.lower(): v for k, v in self.headers.items()}, 0)
        state.hits.append(hit)
        answer = state.feeds.get(self.path)
        if answer is None:
            return self._send(hit, 404, b"<html>Not Found</html>", "text/html")
        if answer.stall_first:
            stall, answer.stall_first = answer.stall_first, 0.0
            time.sleep(stall)
        if answer.fail_first:
            answer.fail_first -= 1
            return self._send(hit, 503, b"busy", "text/plain")
        if answer.location:
            return self._send(hit, 302, b"", "text/plain", {"Location": answer.location})
        validators = {}
        if answer.etag:
            validators["ETag"] = answer.etag
        if answer.last_modified:
            validators["Last-Modified"] = answer.last_modified
        if answer.status == 200 and self._not_modified(answer):
            return self._send(hit, 304, b"", None, validators)
        if answer.stream:
            return self._stream(hit, answer.stream)
        self._send(
            hit, answer.status, answer.body, answer.content_type, validators, answer.declared
        )

    def _not_modified(self, answer: Feed) -> bool:
        tags = self.headers.get("If-None-Match")
        if tags is not None:  # it wins over If-Modified-Since (RFC 9110 13.2.2)
            return answer.etag is not None and answer.etag in [t.strip() for t in tags.split(",")]
        since = self.headers.get("If-Modified-Since")
        return since is not None and since == answer.last_modified

    def _send(self, hit, status, body, content_type, headers=None, declared=None) -> None:
        hit.status = status
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(declared if declared else len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
            hit.sent = len(body)
        except OSError:
            pass

    def _stream(self, hit: Hit, size: int) -> None:
        """HTTP/1.0, no Content-Length: the body ends when the server closes."""
        hit.status = 200
        self.send_response(200)
        self.send_header("Content-Type", "text/calendar")
        self.end_headers()
        block = b"BEGIN:VCALENDAR\r\n" + b"X-PAD:" + b"x" * (2**20 - 30) + b"\r\n"
        try:
            while hit.sent < size:
                self.wfile.write(block)
                hit.sent += len(block)
        except OSError:  # calsync hung up: what it should do past the cap
            pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


def _serve(tls: ssl.SSLContext | None = None):
    httpd = _Server(("127.0.0.1", 0), _Handler)
    if tls is not None:
        httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
    state = FeedServer(httpd.server_address[1], "https" if tls else "http")
    httpd.state = state
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    return httpd, state


@pytest.fixture
def feeds():
    """An HTTP feed server; SECRET serves the sample calendar (no validators unless set)."""
    httpd, state = _serve()
    state.feeds[SECRET] = Feed()
    yield state
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    return servers.make_certificate(tmp_path_factory.mktemp("feed-tls"))


@pytest.fixture
def tls_feeds(certificate):
    """An HTTPS feed server for `localhost`, its certificate signed by a throwaway CA."""
    _ca, cert, key = certificate
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd, state = _serve(context)
    state.feeds[SECRET] = Feed(etag='"tls-1"')
    yield state
    httpd.shutdown()
    httpd.server_close()


# -- running calsync ------------------------------------------------------------------------------


def sync(*sources: str, target: Path, config: str = CONFIG, args=(), env=None) -> Result:
    return CliRunner().invoke(
        cli, ["-c", config, "sync", *sources, "--now", NOW, "-o", str(target), *args], env=env
    )


def run(*args: str) -> subprocess.CompletedProcess:
    """calsync as the shell starts it: where its own stderr (and -vv logging) matters."""
    return subprocess.run(
        [*CALSYNC, "-c", CONFIG, *args, "--now", NOW],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def counts(result: Result) -> dict[str, int]:
    found = re.search(
        r"created (\d+), updated (\d+), cancelled (\d+), unchanged (\d+)", result.output
    )
    assert found, result.output
    return dict(
        zip(("create", "update", "cancel", "unchanged"), map(int, found.groups()), strict=True)
    )


def with_sources(tmp_path: Path, *entries: str) -> str:
    """The sample config plus [[source]] tables (TOML text each)."""
    path = tmp_path / "config.toml"
    text = (SAMPLES / "config.toml").read_text(encoding="utf-8")
    path.write_text(text + "".join(f"\n[[source]]\n{e}\n" for e in entries), encoding="utf-8")
    return str(path)


def state_files(home: Path) -> list[Path]:
    return sorted(p for p in home.rglob("*") if p.is_file())


@pytest.fixture
def home() -> Path:
    return Path(os.environ["CALSYNC_HOME"])


@pytest.fixture
def from_file(tmp_path) -> bytes:
    """The follow-ups calsync writes from samples/calendar.ics: what a feed must give too."""
    target = tmp_path / "from-file.ics"
    ok(sync(str(SAMPLES / "calendar.ics"), target=target))
    return target.read_bytes()


# -- a feed is read like the same file --------------------------------------------------------


def test_feed_gives_the_same_follow_ups_as_the_file(feeds, tmp_path, from_file):
    target = tmp_path / "from-feed.ics"
    result = ok(sync(feeds.url(), target=target))
    assert counts(result)["create"] == 14
    assert target.read_bytes() == from_file
    assert [h.path for h in feeds.hits] == [SECRET]
    assert feeds.hits[0].headers.get("user-agent", "").startswith("calsync/")


def test_second_run_asks_if_none_match_and_a_304_downloads_nothing(feeds, tmp_path, from_file):
    feeds.feeds[SECRET].etag = '"v1"'
    ok(sync(feeds.url(), target=tmp_path / "first.ics"))
    assert "if-none-match" not in feeds.hits[0].headers
    assert feeds.hits[0].sent == len(CALENDAR)

    target = tmp_path / "second.ics"  # a fresh target: the whole plan comes from the saved copy
    result = ok(sync(feeds.url(), target=target))
    assert len(feeds.hits) == 2
    second = feeds.hits[1]
    assert second.headers["if-none-match"] == '"v1"'
    assert (second.status, second.sent) == (304, 0)
    assert counts(result)["create"] == 14
    assert target.read_bytes() == from_file


def test_a_changed_calendar_with_a_new_etag_is_downloaded_and_planned(feeds, tmp_path):
    target = tmp_path / "followups.ics"
    feeds.feeds[SECRET].etag = '"v1"'
    ok(sync(feeds.url(), target=target))
    feeds.feeds[SECRET] = Feed(body=MOVED_ON, etag='"v2"')

    result = ok(sync(feeds.url(), target=target))
    assert feeds.hits[1].headers["if-none-match"] == '"v1"'
    assert (feeds.hits[1].status, feeds.hits[1].sent) == (200, len(MOVED_ON))
    assert counts(result)["cancel"] > 0
    assert "Bluefin" in target.read_text(encoding="utf-8")

    result = ok(sync(feeds.url(), target=target))  # and that is now the copy kept
    assert feeds.hits[2].headers["if-none-match"] == '"v2"'
    assert feeds.hits[2].status == 304
    assert counts(result)["cancel"] == 0


def test_a_server_with_only_last_modified_gets_if_modified_since(feeds, tmp_path):
    feeds.feeds[SECRET].last_modified = LAST_MODIFIED
    target = tmp_path / "followups.ics"
    ok(sync(feeds.url(), target=target))
    result = ok(sync(feeds.url(), target=target))
    second = feeds.hits[1]
    assert second.headers.get("if-modified-since") == LAST_MODIFIED
    assert "if-none-match" not in second.headers
    assert (second.status, second.sent) == (304, 0)
    assert counts(result) == {"create": 0, "update": 0, "cancel": 0, "unchanged": 14}


DAMAGE = {
    "cut short": lambda data: data[:-200],  # as a full disk might leave it
    "a changed byte": lambda data: data.replace(b"BEGIN:VCALENDAR", b"BEGIN:VCALENDAX"),
    "no header": lambda data: data.partition(b"\n")[2],
    "empty": lambda data: b"",
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_saved_copy_is_ignored_and_the_feed_downloaded_whole(
    feeds, tmp_path, home, damage
):
    feeds.feeds[SECRET].etag = '"v1"'
    ok(sync(feeds.url(), target=tmp_path / "first.ics"))
    (saved,) = (home / "feeds").iterdir()
    saved.write_bytes(DAMAGE[damage](saved.read_bytes()))

    target = tmp_path / "second.ics"
    result = ok(sync(feeds.url(), target=target))
    assert "if-none-match" not in feeds.hits[1].headers
    assert feeds.hits[1].sent == len(CALENDAR)
    assert counts(result)["create"] == 14
    ok(sync(feeds.url(), target=target))  # the copy was saved whole again
    assert feeds.hits[2].status == 304


def test_a_feed_that_lost_all_its_events_stops_before_cancelling(feeds, tmp_path):
    target = tmp_path / "followups.ics"
    ok(sync(feeds.url(), target=target))
    before = target.read_bytes()
    feeds.feeds[SECRET] = Feed(body=EMPTY, etag='"empty"')
    result = sync(feeds.url(), target=target)
    assert result.exit_code == 4, result.output
    assert "has no events now" in result.stderr
    assert f"http://127.0.0.1:{feeds.port}/…#" in result.stderr
    assert TOKEN not in result.output
    assert target.read_bytes() == before


# -- webcal://, TLS and the config entry ------------------------------------------------------


def test_webcal_means_https():
    assert feed.normalise("webcal://Calendar.Example.com/a/b.ics?x=1#top") == (
        "https://calendar.example.com/a/b.ics?x=1"
    )
    assert feed.normalise("webcals://example.com:8443/c.ics") == "https://example.com:8443/c.ics"
    assert feed.normalise("http://example.com/c.ics") == "http://example.com/c.ics"
    assert feed.is_feed("webcal://example.com/c.ics")
    assert not feed.is_feed("caldav+https://example.com/cal/")
    assert feed.label("webcal://example.com/c.ics") == feed.label("https://example.com/c.ics")


def test_webcal_feed_in_the_config_is_read_over_verified_tls(
    tls_feeds, certificate, tmp_path, from_file
):
    ca_file = certificate[0]
    url = tls_feeds.url(host="localhost", scheme="webcal")
    config = with_sources(tmp_path, f'name = "google"\nfeed = "{url}"\nca_file = "{ca_file}"')
    target = tmp_path / "followups.ics"
    result = ok(sync(target=target, config=config))
    assert counts(result)["create"] == 14
    assert target.read_bytes() == from_file
    assert [h.path for h in tls_feeds.hits] == [SECRET]  # it arrived, over TLS (the only way in)

    ok(sync("google", target=target, config=config))  # by name too; and cached
    assert tls_feeds.hits[1].status == 304


def test_a_certificate_not_trusted_is_exit_4_naming_the_host(tls_feeds, tmp_path):
    result = sync(tls_feeds.url(host="localhost"), target=tmp_path / "f.ics")
    assert result.exit_code == 4, result.output
    assert result.stderr == (
        f"calsync: error: https://localhost:{tls_feeds.port}/…#"
        f"{feed.digest(tls_feeds.url(host='localhost'))}: TLS verification failed "
        "(certificate not trusted); check the address, or for a private CA use a [[source]] "
        'entry with feed = "…" and ca_file = "/path/to/ca.pem"\n'
    )
    assert tls_feeds.hits == []


def test_a_redirect_from_https_to_http_is_not_followed(tls_feeds, feeds, certificate, tmp_path):
    tls_feeds.feeds["/moved"] = Feed(location=feeds.url())
    url = tls_feeds.url("/moved", host="localhost")
    config = with_sources(tmp_path, f'feed = "{url}"\nca_file = "{certificate[0]}"')
    result = sync(target=tmp_path / "f.ics", config=config)
    assert result.exit_code == 4, result.output
    assert "does not follow https to http" in result.stderr
    assert feeds.hits == []


def test_a_redirect_is_followed_with_the_conditions(feeds, tmp_path, from_file):
    feeds.feeds[SECRET].etag = '"v1"'
    feeds.feeds["/old"] = Feed(location=SECRET)
    target = tmp_path / "followups.ics"
    ok(sync(feeds.url("/old"), target=target))
    assert target.read_bytes() == from_file
    ok(sync(feeds.url("/old"), target=target))
    assert [(h.path, h.status) for h in feeds.hits] == [
        ("/old", 302),
        (SECRET, 200),
        ("/old", 302),
        (SECRET, 304),
    ]


def test_bad_feed_entries_are_config_errors_each_named(tmp_path):
    config = with_sources(
        tmp_path,
        'name = "ftp"\nfeed = "ftp://example.com/x.ics"',
        f'name = "login"\nfeed = "https://me:pw@example.com{SECRET}"',
        f'name = "both"\nfeed = "https://example.com{SECRET}"\npath = "cal.ics"',
        f'name = "user"\nfeed = "https://example.com{SECRET}"\nusername = "me"',
        f'name = "unverified"\nfeed = "https://example.com{SECRET}"\nverify_tls = false',
    )
    with open(config, "a", encoding="utf-8") as handle:
        handle.write(f'\n[target]\nfeed = "https://example.com{SECRET}"\n')
    result = sync(target=tmp_path / "f.ics", config=config)
    assert result.exit_code == 3, result.output
    problems = result.stderr
    assert "[[source]] 1 (ftp) feed: ftp://example.com/…: not a calendar feed URL" in problems
    assert "[[source]] 2 (login) feed: https://example.com/…: a published feed needs no login" in (
        problems
    )
    assert "[[source]] 3 (both): give exactly one of path or url or feed" in problems
    assert "[[source]] 4 (user): username: a published feed takes no login" in problems
    assert "[[source]] 5 (unverified) verify_tls: feeds are always verified" in problems
    assert "[target] feed: a published feed is read-only" in problems
    assert TOKEN not in result.output
    assert "pw" not in result.output


# -- failures: exit 4, one line, the host named, the secret not, the target untouched ----------


def _oversize_declared(feeds):
    feeds.feeds[SECRET] = Feed(declared=65 * 2**20)
    return feeds.url(), "larger than 64 MB; calsync stopped reading it", 1


def _oversize_streamed(feeds):
    feeds.feeds[SECRET] = Feed(stream=70 * 2**20)
    return feeds.url(), "larger than 64 MB; calsync stopped reading it", 1


def _not_found(feeds):
    del feeds.feeds[SECRET]
    return feeds.url(), "no calendar at this address (404); the link may have been reset", 1


def _forbidden(feeds):
    feeds.feeds[SECRET] = Feed(status=403, body=b"no", content_type="text/plain")
    return feeds.url(), "the server refused access (403)", 1


def _html_login_page(feeds):
    feeds.feeds[SECRET] = Feed(body=HTML, content_type="text/html; charset=utf-8")
    return feeds.url(), HTML_HINT, 1


def _html_as_calendar(feeds):
    feeds.feeds[SECRET] = Feed(body=b"\n  " + HTML)  # the content type lies
    return feeds.url(), HTML_HINT, 1


def _not_icalendar(feeds):
    feeds.feeds[SECRET] = Feed(body=b'{"error": "gone"}')
    return feeds.url(), "not an iCalendar file (it does not start with BEGIN:VCALENDAR)", 1


def _dead_port(feeds):
    return f"https://127.0.0.1:{servers.free_port()}{SECRET}", "connection refused", 0


def _redirect_loop(feeds):
    feeds.feeds[SECRET] = Feed(location=SECRET)
    return feeds.url(), "redirected more than 5 times", 6  # the first and 5 redirects


@pytest.mark.parametrize(
    "case",
    [
        _oversize_declared,
        _oversize_streamed,
        _not_found,
        _forbidden,
        _html_login_page,
        _html_as_calendar,
        _not_icalendar,
        _dead_port,
        _redirect_loop,
    ],
    ids=lambda case: case.__name__.strip("_"),
)
def test_an_unreadable_feed_is_exit_4_in_one_line_without_the_secret(
    feeds, tmp_path, case, monkeypatch
):
    monkeypatch.setattr(ics, "MAX_BYTES", 64 * 2**20)  # the cap, made small enough to serve
    url, message, requests = case(feeds)
    target = tmp_path / "followups.ics"
    target.write_bytes(FOREIGN_TARGET)
    result = sync(url, target=target)
    assert result.exit_code == 4, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    host = url.split("/")[2]
    assert lines[0].startswith(f"calsync: error: {url.split(':')[0]}://{host}/…#"), lines[0]
    assert message in lines[0]
    assert len(feeds.hits) == requests  # a 4xx or a body that is no calendar is not retried
    assert TOKEN not in result.output
    assert target.read_bytes() == FOREIGN_TARGET


def test_a_server_busy_every_time_is_exit_4_after_three_tries(feeds, tmp_path):
    feeds.feeds[SECRET].fail_first = 10
    result = sync(feeds.url(), target=tmp_path / "f.ics")
    assert result.exit_code == 4, result.output
    assert "the server answered 503 3 times; run again later" in result.stderr
    assert [h.status for h in feeds.hits] == [503, 503, 503]


def test_a_server_busy_once_is_asked_again(feeds, tmp_path, from_file):
    feeds.feeds[SECRET].fail_first = 1
    target = tmp_path / "f.ics"
    ok(sync(feeds.url(), target=target))
    assert [h.status for h in feeds.hits] == [503, 200]
    assert target.read_bytes() == from_file


def test_a_server_that_does_not_answer_in_time_is_asked_again(feeds, tmp_path, from_file):
    feeds.feeds[SECRET].stall_first = 1.6
    config = with_sources(tmp_path, f'feed = "{feeds.url()}"\ntimeout = 1')
    target = tmp_path / "f.ics"
    started = time.monotonic()
    ok(sync(target=target, config=config))
    assert 1.0 <= time.monotonic() - started < 5
    assert len(feeds.hits) == 2
    assert target.read_bytes() == from_file


# -- the secret stays secret; the environment does not redirect calsync ------------------------


def test_the_secret_path_shows_nowhere_but_in_the_request(feeds, tmp_path, home):
    feeds.feeds[SECRET].etag = '"v1"'
    target = tmp_path / "followups.ics"
    runs = [
        run("-vv", "sync", feeds.url(), "-o", str(target), "--json"),
        run("-vv", "sync", feeds.url(), "-o", str(target)),  # the 304 path
    ]
    feeds.feeds[SECRET] = Feed(body=HTML, content_type="text/html", etag='"v2"')
    runs.append(run("-vv", "sync", feeds.url(), "-o", str(target)))  # an error, its traceback
    assert [r.returncode for r in runs] == [0, 0, 4], runs[-1].stderr
    assert "Traceback" in runs[-1].stderr  # -vv: as much as calsync ever says
    for result in runs:
        assert TOKEN not in result.stdout + result.stderr
        assert "alex.rivera%40example.org" not in result.stdout + result.stderr
    # -vv logs each request, its path cut
    assert f"calsync: GET http://127.0.0.1:{feeds.port}/… -> 200" in runs[0].stderr
    assert f"calsync: GET http://127.0.0.1:{feeds.port}/… -> 304" in runs[1].stderr

    files = [*state_files(home), target]
    assert {p.parent.name for p in files} >= {"ledgers", "feeds"}
    for path in files:
        assert TOKEN not in str(path)
        data = path.read_bytes()
        if path.parent.name == "feeds":
            head, _nl, body = data.partition(b"\n")
            assert body == CALENDAR  # the body is the calendar; its header holds no URL
            data = head
        assert TOKEN.encode() not in data, path
    (ledger,) = (home / "ledgers").iterdir()
    keys = list(json.loads(ledger.read_text(encoding="utf-8"))["sources"])
    assert keys == [f"http://127.0.0.1:{feeds.port}/…#{feed.digest(feeds.url())}"]
    assert [p.name for p in (home / "feeds").iterdir()] == [feed.digest(feeds.url())]


def test_two_feeds_on_one_host_are_told_apart():
    one, two = (f"https://calendar.google.com/calendar/ical/{n}/basic.ics" for n in "ab")
    assert feed.label(one) != feed.label(two)
    assert feed.label(one).startswith("https://calendar.google.com/…#")
    assert "ical" not in feed.label(one)


def test_proxy_variables_and_netrc_do_not_redirect_calsync(feeds, tmp_path, monkeypatch):
    dead = f"http://127.0.0.1:{servers.free_port()}"
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / ".netrc").write_text("machine 127.0.0.1 login alex password hunter2\n")
    (tmp_path / ".netrc").chmod(0o600)
    env = {
        "HTTP_PROXY": dead,
        "HTTPS_PROXY": dead,
        "ALL_PROXY": dead,
        "http_proxy": dead,
        "https_proxy": dead,
        "HOME": str(tmp_path),
        "NETRC": str(tmp_path / ".netrc"),
    }
    ok(sync(feeds.url(), target=tmp_path / "f.ics", env=env))
    (hit,) = feeds.hits
    assert hit.path == SECRET  # asked directly: a proxy would have been asked for the full URL
    assert "authorization" not in hit.headers


def test_a_feed_url_with_a_login_is_a_usage_error_that_shows_neither(tmp_path):
    result = sync(f"https://alex:hunter2@calendar.example.com{SECRET}", target=tmp_path / "f.ics")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(
        "calsync: error: https://calendar.example.com/…: a published feed needs no login"
    )
    assert TOKEN not in result.output
    assert "hunter2" not in result.output


def test_doctor_checks_a_feed_without_ever_printing_its_address(feeds, tmp_path):
    good = CliRunner().invoke(cli, ["-c", CONFIG, "doctor", feeds.url()])
    assert good.exit_code == 0, good.output
    (line,) = good.output.splitlines()
    assert line.startswith("ok    source http://127.0.0.1:") and "14 events" in line
    feeds.feeds.pop(SECRET)  # the link was reset: 404
    bad = CliRunner().invoke(cli, ["-c", CONFIG, "doctor", feeds.url()])
    assert bad.exit_code == 5 and bad.output.startswith("FAIL  source http://127.0.0.1:")
    for result in (good, bad):
        assert TOKEN not in result.output and "basic.ics" not in result.output
