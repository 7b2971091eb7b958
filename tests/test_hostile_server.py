"""A broken or hostile CalDAV server, and a feed server that drips (issue 12; README "CalDAV",
"Published calendars", "Exit codes").

Real Radicale holds the calendars; a RecordingProxy on 127.0.0.1 in front of it changes the
answers a real server would never give: redirects, HTML with 200, listings cut off, hrefs that
point elsewhere, gzip bombs, answers that never end or drip one byte at a time. A Witness on
another port stands for "another host": it records whoever reaches it, and must see nobody.
calsync runs as a subprocess and is judged as a user sees it: exit code, the one line on stderr,
what the calendars hold, what the next healthy run does.
"""

from __future__ import annotations

import base64
import json
import os
import re
import sys
from pathlib import Path
from types import SimpleNamespace

import hostile
import pytest
import servers
from hostile import Witness
from servers import Reply
from test_caldav_cli import (
    CALSYNC,
    NOW,
    PANEL_UID,
    PHONE,
    counts,
    entry,
    followups,
    ok,
    one_line_error,
    put_sample,
    run,
    write_config,
)

pytestmark = pytest.mark.caldav

ALL = 14  # follow-ups of the sample calendar


def cancelled_on_phone(server: servers.Server, calendar: str, uid: str) -> None:
    """The organiser calls the interview off: STATUS:CANCELLED, SEQUENCE bumped."""
    text = re.sub(r"STATUS:\w+", "STATUS:CANCELLED", PHONE[uid])
    assert "STATUS:CANCELLED" in text
    text = re.sub(r"SEQUENCE:(\d+)", lambda m: f"SEQUENCE:{int(m[1]) + 5}", text)
    server.put(calendar, uid, text)


def summaries(world) -> dict[str, str]:
    """calsync's items on the target, by SUMMARY: their STATUS."""
    found = followups(world.server, world.tasks)
    return {summary: str(i["item"].get("STATUS")) for summary, i in found.items()}


def ledger_written() -> dict:
    home = Path(os.environ["CALSYNC_HOME"]) / "ledgers"
    books = [json.loads(p.read_text()) for p in home.glob("*.json")] if home.exists() else []
    return {uid: v for book in books for uid, v in book["written"].items()}


def cache_files() -> dict[str, bytes]:
    home = Path(os.environ["CALSYNC_HOME"]) / "cache"
    return {p.name: p.read_bytes() for p in home.glob("*")} if home.exists() else {}


@pytest.fixture
def world(radicale_server, recording_proxy, tmp_path):
    """The sample's interviews on Radicale, the follow-ups to a task calendar reached through
    a proxy that can misbehave; `sync()` runs calsync as cron would."""
    server = radicale_server
    source = servers.fresh_calendar(server, ("VEVENT",))
    put_sample(server, source)
    tasks = servers.fresh_calendar(server, ("VTODO",))
    proxy = recording_proxy(server)
    config = write_config(
        tmp_path / "config.toml",
        entry("source", "work", source),
        entry("target", "tasks", proxy.url(tasks), timeout=2),
    )

    def sync(*more: str, timeout: float = 60):
        return run("-c", config, "sync", "--now", NOW, *more, timeout=timeout)

    return SimpleNamespace(
        server=server, source=source, tasks=tasks, proxy=proxy, config=config, sync=sync
    )


# -- 1. a PUT answered with a redirect is not stored ------------------------------------------


def test_a_put_answered_302_counts_as_nothing_stored_and_the_next_run_creates_it(world):
    landing = Reply(200, [("Content-Type", "text/html")], b"<html>Welcome back!</html>")
    world.proxy.answer_next(-1, ["PUT"], hostile.redirect_to("/welcome", 302))
    world.proxy.answer_next(-1, ["GET"], lambda request, forward: landing)

    refused = world.sync()

    one_line_error(refused, 5, "redirect (302", "nothing was stored")
    assert not world.proxy.requests("GET"), "the redirect was followed"
    assert ledger_written() == {}, "a PUT that stored nothing was remembered as written"
    world.proxy.clear()
    healthy = ok(world.sync())
    assert counts(healthy.stdout)["created"] == ALL  # none of them taken for "deleted by you"
    assert len(followups(world.server, world.tasks)) == ALL


@pytest.mark.parametrize("status", [307, 308])
def test_a_put_redirected_to_another_host_sends_nothing_there(world, status):
    with Witness() as elsewhere:
        world.proxy.answer_next(
            -1, ["PUT"], hostile.redirect_to(elsewhere.url("/cal/x.ics"), status)
        )
        refused = world.sync()
    one_line_error(refused, 5, f"redirect ({status}", "nothing was stored")
    assert elsewhere.requests == [], "the item (and maybe the password) went to another host"
    assert ledger_written() == {}


def test_https_redirected_to_plain_http_is_never_followed(tmp_path):
    ca_file, cert, key = hostile.certificate(tmp_path / "tls")
    with Witness() as plain:
        moved = Reply(308, [("Location", plain.url("/cal/"))], b"")
        with Witness(moved, certificate=(cert, key)) as secure:
            config = write_config(
                tmp_path / "config.toml",
                entry(
                    "target", "tasks", secure.url("/cal/"), username="alex",
                    password_env="DAV_PASSWORD", ca_file=str(ca_file),
                ),
            )  # fmt: skip
            env = {**os.environ, "DAV_PASSWORD": "s3cret-never-sent"}
            result = run("-c", config, "sync", str(SAMPLE), "--now", NOW, env=env)
    one_line_error(result, 5, "redirects to another server (http://127.0.0.1")
    assert plain.requests == []
    assert "s3cret" not in result.stderr


SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "calendar.ics"


# -- 2. a listing that is not a listing is an error, never "nothing there" ---------------------


POISONS = {
    "an HTML page with 200": hostile.html_page,
    "a 207 cut off halfway": hostile.cut_in_half,
    "an empty 207": lambda request, forward: Reply(207, [("Content-Type", "text/xml")], b""),
    "a 207 that is not a multistatus": lambda request, forward: Reply(
        207, [("Content-Type", "text/xml")], b"<?xml version='1.0'?><error>busy</error>"
    ),
}


@pytest.mark.parametrize("poison", sorted(POISONS))
def test_a_broken_target_listing_stops_the_run_caches_nothing_and_the_next_run_is_right(
    world, poison
):
    ok(world.sync())  # 14 created
    cached = cache_files()
    world.proxy.answer_next(-1, ["PROPFIND", "REPORT"], _listing_only(POISONS[poison]))

    broken = world.sync()

    one_line_error(broken, 5, "is not a WebDAV listing", "nothing was changed")
    assert cache_files() == cached, "something was cached from a broken answer"
    world.proxy.clear()
    cancelled_on_phone(world.server, world.source, PANEL_UID)  # a real change, after it
    healthy = counts(ok(world.sync()).stdout)
    assert healthy["cancelled"] > 0 and healthy["created"] == 0, healthy
    states = summaries(world)
    assert len(states) == ALL
    assert "CANCELLED" in states.values()


def test_a_first_listing_that_is_html_creates_nothing_and_the_next_run_creates_all(world):
    world.proxy.answer_next(-1, ["REPORT"], hostile.html_page)
    one_line_error(world.sync(), 5, "is not a WebDAV listing")
    assert ledger_written() == {} and world.proxy.requests("PUT") == []
    world.proxy.clear()
    assert counts(ok(world.sync()).stdout)["created"] == ALL


def _listing_only(answer):
    """Poison the listings (Depth 1 PROPFIND, REPORT), not the collection's own PROPFIND."""

    def choose(request, forward):
        if request.method == "PROPFIND" and request.headers.get("Depth") == "0":
            return forward()
        return answer(request, forward)

    return choose


# -- 3. a source object that does not parse once cancels nothing ------------------------------


def test_a_source_object_that_fails_to_parse_keeps_its_follow_ups_as_they_were(
    radicale_server, recording_proxy, tmp_path
):
    server = radicale_server
    source = servers.fresh_calendar(server, ("VEVENT",))
    put_sample(server, source)
    tasks = servers.fresh_calendar(server, ("VTODO",))
    proxy = recording_proxy(server)
    config = write_config(
        tmp_path / "config.toml",
        entry("source", "work", proxy.url(source)),
        entry("target", "tasks", tasks),
    )
    ok(run("-c", config, "sync", "--now", NOW))
    before = {s: str(i["item"]["STATUS"]) for s, i in followups(server, tasks).items()}

    def half(match: re.Match) -> bytes:  # the panel's object comes back half-written
        data = match[2]
        return match[1] + (data[: len(data) * 2 // 5] if PANEL_UID.encode() in data else data)

    def garbled(body: bytes) -> bytes:
        data = re.compile(
            rb"(<(?:\w+:)?calendar-data[^>]*>)(.*?)(?=</(?:\w+:)?calendar-data>)", re.S
        )
        return data.sub(half, body)

    proxy.answer_next(1, ["REPORT"], hostile.rewrite_body(garbled))
    once = ok(run("-c", config, "sync", "--now", NOW))
    assert proxy.requests("REPORT"), "the source was not read through the proxy"
    assert "warning" in once.stderr and "could not be read" in once.stderr, once.stderr
    assert counts(once.stdout)["cancelled"] == 0, once.stdout

    healthy = ok(run("-c", config, "sync", "--now", NOW))
    assert counts(healthy.stdout)["cancelled"] == 0
    after = {s: str(i["item"]["STATUS"]) for s, i in followups(server, tasks).items()}
    assert after == before


# -- 7. one calendar, however its URL is typed, is one ledger and one lock ---------------------


def test_a_calendar_url_typed_another_way_keeps_its_ledger_and_its_lock(world, tmp_path):
    ok(world.sync())
    mine = next(i for s, i in followups(world.server, world.tasks).items() if "Priya" in s)
    world.server.delete(mine["href"])  # the user deletes one follow-up on the phone
    proxy_url = world.proxy.url(world.tasks)
    port = proxy_url.split(":")[2].split("/")[0]
    path = proxy_url.split(port, 1)[1]
    variants = [
        proxy_url.rstrip("/"),
        f"http://localhost:{port}{path}",
        f"HTTP://127.0.0.1:{port}{path.replace('/', '//', 2)}",
    ]
    for typed in variants:
        config = write_config(
            tmp_path / "typed.toml",
            entry("source", "work", world.source),
            entry("target", "tasks", typed),
        )
        again = ok(run("-c", config, "sync", "--now", NOW))
        assert counts(again.stdout)["created"] == 0, (typed, again.stdout)
    ledgers = list((Path(os.environ["CALSYNC_HOME"]) / "ledgers").glob("*.json"))
    assert len(ledgers) == 1

    from calsync import lock
    from calsync.config import resolve
    from calsync.targets.caldav import CalDAVTarget

    held = CalDAVTarget(resolve(f"caldav+{variants[1]}", ())).label
    with lock.held(held):
        blocked = run("-c", world.config, "sync", "--now", NOW)
    assert blocked.returncode == 6, blocked.stderr


# -- 10, 11. the password goes to the configured server, and nowhere else ---------------------


@pytest.fixture
def auth_world(radicale_auth_server, recording_proxy, tmp_path, monkeypatch):
    server = radicale_auth_server
    source = servers.fresh_calendar(server, ("VEVENT",))
    put_sample(server, source)
    tasks = servers.fresh_calendar(server, ("VTODO",))
    proxy = recording_proxy(server)
    login = {"username": servers.USER, "password_env": "DAV_PASSWORD"}
    config = write_config(
        tmp_path / "config.toml",
        entry("source", "work", source, **login),
        entry("target", "tasks", proxy.url(tasks), **login),
    )
    monkeypatch.setenv("DAV_PASSWORD", server.password)

    def sync():
        return run("-c", config, "sync", "--now", NOW)

    return SimpleNamespace(
        server=server, source=source, tasks=tasks, proxy=proxy, config=config, sync=sync
    )


def test_hrefs_on_another_host_stop_the_run_before_anything_is_sent_there(auth_world):
    world = auth_world
    ok(world.sync())
    cancelled_on_phone(world.server, world.source, PANEL_UID)  # cancellations are now due
    with Witness() as elsewhere:
        world.proxy.answer_next(
            -1, ["PROPFIND", "REPORT"],
            _listing_only(hostile.hrefs_to(lambda href: elsewhere.url(href))),
        )  # fmt: skip
        refused = world.sync()
    one_line_error(refused, 5, "outside the calendar", "stopped before")
    assert elsewhere.requests == [] and elsewhere.authorizations == []
    assert world.server.password not in refused.stderr
    assert "CANCELLED" not in summaries(world).values()  # nothing was written anywhere


def test_hrefs_that_climb_out_of_the_calendar_write_nothing_outside_it(auth_world):
    world = auth_world
    ok(world.sync())
    cancelled_on_phone(world.server, world.source, PANEL_UID)
    events_before = world.server.hrefs(world.source)
    source_name = world.source.rstrip("/").rsplit("/", 1)[1]
    world.proxy.clear()
    climbing = hostile.hrefs_to(lambda href: _climb(href, source_name))
    world.proxy.answer_next(-1, ["PROPFIND", "REPORT"], _listing_only(climbing))
    refused = world.sync()
    one_line_error(refused, 5, "outside the calendar")
    assert world.server.hrefs(world.source) == events_before
    assert world.proxy.requests("PUT") == []


def _climb(href: str, other: str) -> str:
    """/alex/tasks/x.ics -> /alex/tasks/../<other>/x.ics"""
    head, name = href.rsplit("/", 1)
    return f"{head}/../{other}/{name}"


def test_a_redirect_to_another_host_is_not_followed_so_no_digest_goes_there(auth_world):
    world = auth_world
    with Witness() as elsewhere:  # it would ask for Digest (or Basic) if reached
        world.proxy.answer_next(-1, ["PROPFIND"], hostile.redirect_to(elsewhere.url("/cal/"), 302))
        refused = world.sync()
    one_line_error(refused, 5, "redirects to another server", "logs in to none but")
    assert elsewhere.requests == []


def test_a_digest_login_works_and_a_wrong_password_is_refused_with_one_line(
    radicale_server, recording_proxy, tmp_path, monkeypatch
):
    server = radicale_server
    tasks = servers.fresh_calendar(server, ("VTODO",))
    proxy = recording_proxy(server)
    login = hostile.DigestLogin(servers.USER, "digest-secret")
    proxy.answer_next(-1, None, login)
    config = write_config(
        tmp_path / "config.toml",
        entry(
            "target", "tasks", proxy.url(tasks),
            username=servers.USER, password_env="DAV_PASSWORD",
        ),
    )  # fmt: skip
    monkeypatch.setenv("DAV_PASSWORD", "digest-secret")
    first = ok(run("-c", config, "sync", str(SAMPLE), "--now", NOW))
    assert counts(first.stdout)["created"] == ALL
    assert login.basic == 0, "the password was sent in Basic although Digest was asked"
    assert login.accepted >= ALL
    assert len(followups(server, tasks)) == ALL

    monkeypatch.setenv("DAV_PASSWORD", "not-the-password")
    wrong = run("-c", config, "sync", str(SAMPLE), "--now", NOW)
    one_line_error(wrong, 5, "refused the password for alex (401)")


# -- 13. answers are capped, decompressed or not ------------------------------------------------


@pytest.mark.parametrize(
    "answer", ["gzip bomb", "endless"], ids=["a 300 MB gzip bomb", "300 MB without a length"]
)
def test_an_answer_over_the_cap_stops_reading_it_and_memory_stays_small(world, answer):
    make = hostile.gzip_bomb(300) if answer == "gzip bomb" else hostile.endless(300)
    world.proxy.answer_next(-1, ["PROPFIND"], make)
    result = hostile.measured([*CALSYNC, "-c", world.config, "sync", "--now", NOW])
    assert result.returncode == 5, result.stderr
    assert "larger than 256 MB" in result.stderr and "Traceback" not in result.stderr
    assert result.max_rss_mb < 450, f"{result.max_rss_mb:.0f} MB for a capped answer"


def test_a_declared_length_over_the_cap_is_refused_before_reading(world):
    huge = Reply(207, [("Content-Type", "application/xml")], b"", length=2**31)
    world.proxy.answer_next(-1, ["PROPFIND"], lambda request, forward: huge)
    one_line_error(world.sync(), 5, "larger than 256 MB")


# -- 14. every exchange ends by its deadline -----------------------------------------------


LISTING = b'<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"></d:multistatus>'


@pytest.mark.parametrize("where", ["body", "status line"])
def test_a_caldav_server_that_drips_is_cut_off_at_the_deadline(world, where):
    # timeout = 2 s a read (the config above), so 8 s for the whole answer; a byte every
    # 0.5 s never trips the per-read timeout, and the answer would take minutes.
    world.proxy.answer_next(
        -1, ["PROPFIND"], hostile.drip(LISTING * 4, 0.5, head_first=where == "body")
    )
    result = hostile.measured([*CALSYNC, "-c", world.config, "sync", "--now", NOW], timeout=60)
    assert result.returncode == 5, result.stderr
    assert "did not finish within 8 s" in result.stderr, result.stderr
    assert result.seconds < 20, result.seconds


def test_a_feed_that_drips_is_cut_off_at_the_deadline(recording_proxy, radicale_server, tmp_path):
    proxy = recording_proxy(radicale_server)
    calendar = SAMPLE.read_bytes()
    proxy.answer_next(
        -1, ["GET"],
        lambda request, forward: Reply(
            200, [("Content-Type", "text/calendar")], length=len(calendar),
            chunks=((calendar[i : i + 1], 0.3) for i in range(len(calendar))),
        ),
    )  # fmt: skip
    config = tmp_path / "config.toml"
    config.write_text(
        f'[[source]]\nname = "slow"\nfeed = "{proxy.base_url}/feed/secret-path.ics"\ntimeout = 1\n'
    )
    config.chmod(0o600)
    target = tmp_path / "out.ics"
    result = hostile.measured(
        [*CALSYNC, "-c", str(config), "sync", "-o", str(target), "--now", NOW], timeout=60
    )
    assert result.returncode == 4, result.stderr
    assert "did not finish in 4 s" in result.stderr and "secret-path" not in result.stderr
    assert result.seconds < 15, result.seconds
    assert not target.exists()


# -- 15. the caldav library's debug switches are not ours to obey ------------------------------


def test_python_caldav_debug_variables_change_nothing(world, tmp_path):
    """caldav drops into pdb on a "weirdness" (a listing typed text/html) under
    PYTHON_CALDAV_DEBUGMODE=DEBUG_PDB, and PYTHON_CALDAV_COMMDUMP writes whole requests to temp
    files: neither may happen to a calsync run."""
    dump = tmp_path / "tmp"
    dump.mkdir()

    def typed_html(request, forward):
        real = forward()
        kept = [(k, v) for k, v in real.headers if k.lower() != "content-type"]
        return Reply(real.status, [*kept, ("Content-Type", "text/html")], real.body)

    world.proxy.answer_next(-1, ["PROPFIND", "REPORT"], typed_html)
    env = {
        **os.environ,
        "PYTHON_CALDAV_DEBUGMODE": "DEBUG_PDB",
        "PYTHON_CALDAV_COMMDUMP": "1",
        "TMPDIR": str(dump),
    }
    result = run("-c", world.config, "sync", "--now", NOW, env=env)
    assert "(Pdb)" not in result.stdout + result.stderr
    assert counts(ok(result).stdout)["created"] == ALL
    assert list(dump.iterdir()) == []


# -- 16. malformed XML and big objects: one line, or simply read ------------------------------


BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE d:multistatus [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(
        b'<!ENTITY %s "%s">' % (b"a" * (n + 1), (b"&" + b"a" * n + b";") * 10) for n in range(1, 9)
    )
    + b']><d:multistatus xmlns:d="DAV:"><d:response><d:href>&aaaaaaaaa;</d:href></d:response>'
    + b"</d:multistatus>"
)


@pytest.mark.parametrize(
    "body", [BOMB, b'<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:response><d:hr'],
    ids=["entity amplification", "truncated"],
)  # fmt: skip
def test_malformed_xml_is_one_line_in_sync_and_doctor(world, body):
    bad = Reply(207, [("Content-Type", "application/xml")], body)
    world.proxy.answer_next(-1, ["PROPFIND"], lambda request, forward: bad)
    one_line_error(world.sync(), 5, "is not a WebDAV listing")
    doctor = run("-c", world.config, "doctor")
    assert doctor.returncode == 5 and "Traceback" not in doctor.stderr, doctor.stderr
    line = next(x for x in doctor.stdout.splitlines() if "target" in x)
    assert line.startswith("FAIL  target tasks:") and "not a WebDAV listing" in line


def test_an_event_with_a_9_mb_attachment_is_read_with_the_rest(
    xandikos_server, tmp_path, monkeypatch
):
    server = xandikos_server
    monkeypatch.setattr(servers, "REQUEST_TIMEOUT", 120)  # Xandikos takes ~10 s to store it
    source = servers.fresh_calendar(server, ("VEVENT",))
    put_sample(server, source)
    blob = base64.b64encode(os.urandom(9 * 2**20)).decode()  # a 9 MB PDF, inline: 12 MB
    folded = "\r\n ".join(blob[i : i + 74] for i in range(0, len(blob), 74))
    event = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Phone//EN\r\nBEGIN:VEVENT\r\n"
        "UID:big-attachment@phone\r\nDTSTAMP:20261001T120000Z\r\n"
        "DTSTART:20261118T150000Z\r\nDTEND:20261118T160000Z\r\n"
        "SUMMARY:Interview with Globex (slides attached)\r\n"
        f"ATTACH;ENCODING=BASE64;VALUE=BINARY;FMTTYPE=application/pdf:{folded}\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    server.put(source, "big-attachment@phone", event)
    target = tmp_path / "out.ics"
    config = write_config(tmp_path / "config.toml", entry("source", "work", source))
    result = ok(run("-c", config, "sync", "-o", str(target), "--now", NOW, timeout=120))
    assert "(5 interviews" in result.stdout, result.stdout
    assert "Globex" in target.read_text()


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))
