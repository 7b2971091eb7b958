"""The CalDAV target on real servers: Radicale and Xandikos on 127.0.0.1 (README "CalDAV",
"Keeping in step with the target"; SPEC §7).

calsync reaches the calendar through a RecordingProxy, so every request it sends is on record
and faults can be injected; the user's phone (`servers.Server`) writes straight to the server.
Nothing is mocked: where a test needs the phone to act at an exact moment (between the snapshot
and the first PUT, or while calsync waits to retry), it hooks a real target or a real
`dav.Calendar` at that moment, and every request still goes to the server.
"""

from __future__ import annotations

import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import servers
from harness import CONFIG, FOREIGN, CaldavHarness, owned
from test_target_contract import (
    ACME,
    ACME_NEXT_STEPS,
    ALL,
    DANA_THANKS,
    GLOBEX,
    MOVED,
    NOW,
    PRIYA,
    TargetContract,
    World,
    stable,
    verbs,
    writes,
)

from calsync import dav, ical, ledger, sync
from calsync.errors import TargetError
from calsync.targets.caldav import CalDAVTarget

PRIYA_THANKS = ACME.followup_uid("thank-you", PRIYA)
MOVED_DUE = MOVED + timedelta(hours=25)  # a thank-you is due a day after the moved interview


# -- 1. the target contract, on both servers ----------------------------------------------------


class TestCaldavTargetContract(TargetContract):
    @pytest.fixture
    def harness(self, server, calendar_url, recording_proxy):
        return CaldavHarness(server, calendar_url, recording_proxy(server))


# -- helpers ------------------------------------------------------------------------------------


@pytest.fixture
def harness(server, calendar_url, recording_proxy) -> CaldavHarness:
    return CaldavHarness(server, calendar_url, recording_proxy(server))


@pytest.fixture
def world(harness, tmp_path) -> World:
    return World(harness, tmp_path)


def path(url: str) -> str:
    """The path of a URL or path, spelled one way ("@" and "%40" alike)."""
    return urlsplit(servers.canonical_url(url)).path


def run_with(world: World, target) -> sync.Report:
    """`calsync sync` with this target object (a run opens a fresh one each time)."""
    return sync.run([str(s) for s in world.sources], target, CONFIG, NOW)


class PhoneActsFirst(CalDAVTarget):
    """The target as a run opens it; the user's phone acts after the snapshot, and after calsync
    decided on it, just before the first PUT. `phone` gets the planned actions by UID."""

    def __init__(self, harness: CaldavHarness, phone, calendar: dav.Calendar | None = None):
        super().__init__(harness.endpoint(), calendar)
        self.phone = phone

    def apply(self, actions):
        self.phone({a.uid: a for a in actions})
        return super().apply(actions)


class WatchedCalendar(dav.Calendar):
    """The calendar as calsync opens it for the harness's URL, with `sleep` recorded instead of
    slept (or handed to `on_sleep`), and `before_put(n, href)` run before the n-th PUT (from 0)."""

    def __init__(self, harness: CaldavHarness, *, on_sleep=None, before_put=None):
        self.slept: list[float] = []

        def sleep(seconds: float) -> None:
            self.slept.append(seconds)
            if on_sleep is not None:
                on_sleep(seconds)

        super().__init__(dav.Settings(url=harness.url), None, TargetError, sleep=sleep)
        self.before_put = before_put
        self.puts = 0

    def put(self, href, text, etag):
        if self.before_put is not None:
            self.before_put(self.puts, href)
        self.puts += 1
        return super().put(href, text, etag)


def puts_to(harness: CaldavHarness, uid: str) -> list[servers.Exchange]:
    return [e for e in harness.proxy.requests("PUT") if path(e.path) == path(harness.href(uid))]


def server_etag(harness: CaldavHarness, uid: str) -> str | None:
    found = harness.stored().get(harness.href(uid))
    return found[0] if found else None


def multiget_count(exchange) -> int:
    """How many objects a REPORT fetched by name (0: it was not a calendar-multiget)."""
    body = exchange.request_body.decode("utf-8")
    return body.count("<d:href>") if "calendar-multiget" in body else 0


def assert_whole_and_single(harness: CaldavHarness) -> dict:
    """Every object on the server parses, calsync's items each once, each as calsync wrote it."""
    items = owned(harness)  # asserts no UID twice
    stored = harness.stored()
    for uid, item in items.items():
        assert not ical.is_edited(item), f"{uid} is not as calsync wrote it"
        assert harness.href(uid) in stored, f"{uid} is not at its own href"
    return items


# -- 2. the request log ------------------------------------------------------------------------


def test_a_second_run_with_nothing_new_sends_two_reads_and_no_put(world):
    proxy = world.harness.proxy
    first = world.sync()
    assert first.counts["create"] == 9
    # One PROPFIND (what the calendar takes), one REPORT (every task with its ETag), 9 PUTs.
    assert [e.method for e in proxy.exchanges] == ["PROPFIND", "REPORT"] + ["PUT"] * 9
    proxy.clear()

    second = world.sync()
    assert second.counts["unchanged"] == 9 and writes(second) == []
    # What the first run wrote is fetched as the server stored it: the calendar's ETags, then
    # those 9 objects by name (calendar-multiget), never the whole calendar.
    assert [(e.method, e.status) for e in proxy.exchanges] == [
        ("PROPFIND", 207),
        ("PROPFIND", 207),
        ("REPORT", 207),
    ]
    assert multiget_count(proxy.exchanges[2]) == 9
    proxy.clear()

    # Later the same evening: the calendar's sync-token is the one the last listing was read
    # under, so nothing in it changed and the PROPFIND is the whole cost.
    third = world.sync(now=NOW.replace(hour=21))
    assert third.counts["unchanged"] == 9 and writes(third) == []
    assert [e.method for e in proxy.exchanges] == ["PROPFIND"]
    proxy.clear()

    world.invite_update(ACME.moved(MOVED))
    dry = world.sync(dry_run=True)  # five would change; a dry run only reads
    assert dry.counts["update"] == 5
    assert [e.method for e in proxy.exchanges] == ["PROPFIND"]


def test_a_change_on_the_phone_between_quiet_runs_is_seen_at_once(world):
    proxy = world.harness.proxy
    world.sync()
    world.sync()  # lists, writes nothing: the listing is kept with the calendar's tag
    world.user_changes(DANA_THANKS, "SUMMARY:Email Dana tonight")
    proxy.clear()
    report = world.sync()
    # A new tag: the ETags say which one object changed, and only that one is fetched.
    assert [e.method for e in proxy.exchanges] == ["PROPFIND", "PROPFIND", "REPORT"]
    assert multiget_count(proxy.exchanges[2]) == 1
    assert verbs(report)[DANA_THANKS] == "kept"
    assert "SUMMARY:Email Dana tonight" in world.harness.item(DANA_THANKS)


def test_over_a_whole_life_calsync_writes_only_its_own_items_and_only_conditionally(
    harness, tmp_path
):
    harness.add_foreign(FOREIGN)  # the user's dentist appointment and grocery task
    foreign_before = harness.foreign()
    world = World(harness, tmp_path)
    proxy = harness.proxy

    def checked(step):
        """Run `step`; each PUT it sends is a create where nothing was, or an update carrying
        the ETag the server held for that object when the step began; and none names a person
        (a server with scheduling would e-mail every ATTENDEE of what it stores)."""
        seen = {path(h): etag for h, (etag, _) in harness.stored().items()}
        start = len(proxy.exchanges)
        report = step()
        for exchange in proxy.exchanges[start:]:
            if exchange.method != "PUT":
                continue
            body = exchange.request_body.decode("utf-8").replace("\r\n ", "").upper()
            for word in ("ATTENDEE", "ORGANIZER", "METHOD:"):
                assert word not in body, f"a PUT to {exchange.path} carries {word}"
            headers = exchange.request_headers
            if "If-Match" in headers:  # an update: the ETag this run read, and no other
                assert headers["If-Match"] == seen[path(exchange.path)]
                assert "If-None-Match" not in headers
            else:  # a create: only where nothing is yet
                assert headers["If-None-Match"] == "*"
                assert path(exchange.path) not in seen
        return report

    def sync_and_check(**options) -> sync.Report:
        return checked(lambda: world.sync(**options))

    sync_and_check()
    created = {path(e.path) for e in proxy.requests("PUT") if e.status == 201}
    assert created == {path(harness.href(uid)) for uid in ALL}

    edited = world.user_changes(DANA_THANKS, "SUMMARY:Email Dana tonight")
    harness.delete(ACME_NEXT_STEPS)
    world.invite_update(ACME.moved(MOVED))
    moved = sync_and_check()
    assert sorted(writes(moved)) == sorted(ACME.followup_uids() - {DANA_THANKS, ACME_NEXT_STEPS})
    _, replied = checked(lambda: sync.record_reply(harness.target(), "Globex", NOW.date()))
    assert len(replied) == 3 and {a.verb for a in replied} == {"cancel"}
    world.calendar_holds(GLOBEX.cancel())
    world.sources = [world.calendar]
    cancelled = sync_and_check()
    assert {a.verb for a in cancelled.actions if a.uid in ACME.followup_uids()} == {
        "cancel",
        "kept",
    }
    sync_and_check()

    methods = {e.method for e in proxy.exchanges}
    assert methods <= {"PROPFIND", "REPORT", "PUT", "GET"}
    assert proxy.requests("DELETE") == []  # cancelled, never deleted
    put_paths = {path(e.path) for e in proxy.requests("PUT")}
    assert put_paths <= created  # never a PUT to an href calsync did not create
    assert not put_paths & {path(h) for h in harness.foreign_hrefs}
    assert puts_to(harness, DANA_THANKS)[1:] == []  # the user's edit: no write after it
    assert harness.item(DANA_THANKS) == edited
    assert harness.foreign() == foreign_before  # the server's own text and ETag
    assert owned(harness).keys() == ALL - {ACME_NEXT_STEPS}


# -- 3. 412: the item changed on the server between calsync's read and its write ---------------


def test_an_owned_field_edited_meanwhile_is_kept_and_reported(world):
    harness = world.harness
    world.sync()
    world.invite_update(ACME.moved(MOVED))
    edited = {}

    def phone(actions):
        assert actions[DANA_THANKS].verb == "update"  # decided on the old version
        edited["text"] = world.user_changes(DANA_THANKS, "SUMMARY:Email Dana tonight")
        edited["etag"] = server_etag(harness, DANA_THANKS)

    target = PhoneActsFirst(harness, phone)
    report = run_with(world, target)

    (action,) = [a for a in report.actions if a.uid == DANA_THANKS]
    assert (action.verb, action.reason) == ("kept", "edited by you")
    assert [(path(n.where), n.message) for n in report.notices] == [
        (path(harness.href(DANA_THANKS)), "changed on the server meanwhile (edited by you); kept")
    ]
    assert harness.item(DANA_THANKS) == edited["text"]
    assert server_etag(harness, DANA_THANKS) == edited["etag"]
    (put,) = puts_to(harness, DANA_THANKS)[1:]  # one conditional PUT, refused, and no other
    assert put.status == 412
    assert sorted(writes(report)) == sorted(ACME.followup_uids() - {DANA_THANKS})
    assert owned(harness)[PRIYA_THANKS].decoded("DUE") == MOVED_DUE
    assert verbs(stable(world))[DANA_THANKS] == "kept"


def test_a_users_own_field_added_meanwhile_survives_the_update(world):
    harness = world.harness
    world.sync()
    world.invite_update(ACME.moved(MOVED))
    read = {uid: server_etag(harness, uid) for uid in (DANA_THANKS, PRIYA_THANKS)}
    etags = {}

    def phone(actions):
        world.user_changes(DANA_THANKS, "CATEGORIES:calsync,thank-you,errands")
        world.user_changes(PRIYA_THANKS, "X-PHONE-COLOR:teal")
        etags.update({uid: server_etag(harness, uid) for uid in read})

    report = run_with(world, PhoneActsFirst(harness, phone))

    assert report.counts["update"] == 5 and report.notices == ()
    items = owned(harness)
    for uid in (DANA_THANKS, PRIYA_THANKS):
        assert items[uid].decoded("DUE") == MOVED_DUE, uid
        assert not ical.is_edited(items[uid])
        refused, redone = puts_to(harness, uid)[1:]
        assert (refused.status, refused.request_headers["If-Match"]) == (412, read[uid])
        # The second try carries the ETag of the version just read again, not the old one.
        assert redone.status in (200, 204) and redone.request_headers["If-Match"] == etags[uid]
    assert "errands" in items[DANA_THANKS]["CATEGORIES"].cats
    assert str(items[PRIYA_THANKS]["X-PHONE-COLOR"]) == "teal"
    # Each refused item was read again once (one GET), and nothing else was.
    gets = sorted(path(e.path) for e in harness.proxy.requests("GET"))
    assert gets == sorted(path(harness.href(uid)) for uid in etags)
    stable(world)


@pytest.mark.parametrize("pending", ["update", "cancel"])
def test_an_item_deleted_meanwhile_stays_deleted(world, pending):
    harness = world.harness
    world.sync()
    if pending == "update":
        world.invite_update(ACME.moved(MOVED))
    else:
        world.calendar_holds(GLOBEX)

    def phone(actions):
        assert actions[DANA_THANKS].verb == pending
        harness.delete(DANA_THANKS)

    report = run_with(world, PhoneActsFirst(harness, phone))

    (action,) = [a for a in report.actions if a.uid == DANA_THANKS]
    assert (action.verb, action.reason) == ("kept", "deleted meanwhile")
    assert [n.message for n in report.notices] == ["deleted on the server meanwhile; left deleted"]
    assert set(owned(harness)) == ALL - {DANA_THANKS}
    assert [e.status for e in puts_to(harness, DANA_THANKS)[1:]] == [412]
    assert report.counts[pending] == 4
    again = stable(world)
    if pending == "update":  # still planned: the ledger remembers it was written, so not again
        assert verbs(again)[DANA_THANKS] == "deleted"
    assert set(owned(harness)) == ALL - {DANA_THANKS}


def test_a_create_that_meets_the_same_item_already_there_adopts_it_without_writing(world):
    harness = world.harness
    there = {}

    def phone(actions):  # another machine's calsync got there first, with the same plan
        item = actions[DANA_THANKS].item
        there["etag"] = harness.server.put_href(
            harness.href(DANA_THANKS), ical.to_text(ical.calendar([item])), create=True
        )

    report = run_with(world, PhoneActsFirst(harness, phone))

    assert verbs(report)[DANA_THANKS] == "unchanged" and report.counts["create"] == 8
    assert report.notices == ()
    (put,) = puts_to(harness, DANA_THANKS)
    assert (put.status, put.request_headers["If-None-Match"]) == (412, "*")
    assert server_etag(harness, DANA_THANKS) == there["etag"]  # adopted, not rewritten
    assert set(assert_whole_and_single(harness)) == ALL
    assert DANA_THANKS in ledger.load(dav.canonical(harness.url)).written
    stable(world)


def test_a_create_never_overwrites_something_else_at_its_href(world):
    harness = world.harness
    mine = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Phone//EN\r\nBEGIN:VTODO\r\n"
        "UID:my-own-list@example.org\r\nDTSTAMP:20261001T120000Z\r\n"
        "SUMMARY:Packing list\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
    )

    def phone(actions):
        harness.server.put_href(harness.href(DANA_THANKS), mine, create=True)

    report = run_with(world, PhoneActsFirst(harness, phone))
    before = harness.server.get(harness.href(DANA_THANKS))

    (action,) = [a for a in report.actions if a.uid == DANA_THANKS]
    assert (action.verb, action.reason) == ("kept", "not calsync's")
    refused = "changed on the server meanwhile (not calsync's); kept"
    assert [n.message for n in report.notices] == [refused]
    assert "Packing list" in before[0] and set(owned(harness)) == ALL - {DANA_THANKS}
    # The follow-up never reached the server: not remembered as written, so the next runs do
    # not call it "deleted by you"; they try again, are refused again, and say so again.
    assert DANA_THANKS not in ledger.load(dav.canonical(harness.url)).written
    world.invite_update(ACME.moved(MOVED))
    again = world.sync()
    assert verbs(again)[DANA_THANKS] == "kept" and again.counts["deleted"] == 0
    assert [n.message for n in again.notices] == [refused]
    assert harness.server.get(harness.href(DANA_THANKS)) == before  # its text and ETag
    assert [
        (e.status, e.request_headers["If-None-Match"]) for e in puts_to(harness, DANA_THANKS)
    ] == [(412, "*")] * 2


def test_an_item_that_keeps_changing_is_left_for_the_next_run(world):
    harness = world.harness
    world.sync()
    world.invite_update(ACME.moved(MOVED))
    colours = ["teal", "plum"]

    def phone(n, href):  # the user's phone saves a change to Dana's just before each PUT to it
        if path(href) == path(harness.href(DANA_THANKS)) and colours:
            world.user_changes(DANA_THANKS, f"X-PHONE-COLOR:{colours.pop(0)}")

    calendar = WatchedCalendar(harness, before_put=phone)
    report = run_with(world, CalDAVTarget(harness.endpoint(), calendar))

    (action,) = [a for a in report.actions if a.uid == DANA_THANKS]
    assert (action.verb, action.reason) == ("kept", "changing on the server")
    assert [n.message for n in report.notices] == [
        "kept changing on the server; the next run tries again"
    ]
    assert [e.status for e in puts_to(harness, DANA_THANKS)[1:]] == [412, 412]  # two tries
    dana = owned(harness)[DANA_THANKS]
    assert str(dana["X-PHONE-COLOR"]) == "plum" and dana.decoded("DUE") != MOVED_DUE

    again = world.sync()
    assert verbs(again)[DANA_THANKS] == "update" and again.notices == ()
    dana = owned(harness)[DANA_THANKS]
    assert str(dana["X-PHONE-COLOR"]) == "plum" and dana.decoded("DUE") == MOVED_DUE
    stable(world)


# -- 4. faults ---------------------------------------------------------------------------------


# Retries happen between calsync and the proxy, the same whichever server is behind it: these
# run on Radicale only, except where the server's own 412 decides the outcome.


@pytest.fixture
def radicale(radicale_server, recording_proxy) -> CaldavHarness:
    calendar_url = servers.fresh_calendar(radicale_server)
    return CaldavHarness(radicale_server, calendar_url, recording_proxy(radicale_server))


@pytest.fixture
def fast_backoff(monkeypatch):
    monkeypatch.setattr(dav, "BACKOFF", 0.05)


def test_two_503s_then_success_honours_a_real_retry_after(radicale, tmp_path, fast_backoff):
    world = World(radicale, tmp_path)
    proxy = radicale.proxy
    proxy.fail_next(1, 503, retry_after=1, methods=["PUT"])
    proxy.fail_next(1, 503, methods=["PUT"])

    started = time.monotonic()
    report = world.sync()
    took = time.monotonic() - started

    assert report.counts["create"] == 9
    assert 1.0 <= took < 4.0  # waited the second it was told to, not 30 s
    first, second, third = proxy.requests("PUT")[:3]
    assert (first.status, second.status, third.status) == (503, 503, 201)
    assert first.injected and second.injected and path(first.path) == path(third.path)
    assert len(proxy.requests("PUT")) == 11
    assert set(assert_whole_and_single(radicale)) == ALL


def test_retries_back_off_and_cap_a_long_retry_after(radicale, tmp_path):
    harness = radicale
    world = World(harness, tmp_path)
    proxy = harness.proxy
    proxy.fail_next(1, 429, retry_after=3600, methods=["PUT"])
    proxy.fail_next(1, 503, methods=["PUT"])
    proxy.fail_next(1, 502, retry_after=7, methods=["PUT"])
    calendar = WatchedCalendar(harness)

    report = run_with(world, CalDAVTarget(harness.endpoint(), calendar))

    assert report.counts["create"] == 9
    # Retry-After 3600 is capped at 30 s; none: the backoff (doubled once); 7: seven seconds.
    assert calendar.slept == [dav.MAX_WAIT, 2 * dav.BACKOFF, 7.0]
    assert [e.status for e in proxy.requests("PUT")[:4]] == [429, 503, 502, 201]


def test_a_server_that_stays_busy_stops_the_run_with_one_line(radicale, tmp_path):
    harness = radicale
    world = World(harness, tmp_path)
    harness.proxy.fail_next(100, 503, methods=["REPORT"])
    calendar = WatchedCalendar(harness)

    with pytest.raises(TargetError) as failed:
        run_with(world, CalDAVTarget(harness.endpoint(), calendar))

    assert failed.value.exit_code == 5
    message = str(failed.value)
    assert "\n" not in message and "503" in message and "run again" in message
    assert len(harness.proxy.requests("REPORT")) == 4  # the first try and three more
    assert harness.proxy.requests("PUT") == [] and harness.stored() == {}


def test_a_reset_connection_on_a_put_is_retried_without_a_duplicate(radicale, tmp_path):
    harness = radicale
    world = World(harness, tmp_path)
    harness.proxy.drop_next(1, methods=["PUT"])
    calendar = WatchedCalendar(harness)

    report = run_with(world, CalDAVTarget(harness.endpoint(), calendar))

    assert report.counts["create"] == 9 and calendar.slept == [dav.BACKOFF]
    dropped, retried = harness.proxy.requests("PUT")[:2]
    assert dropped.status is None and retried.status == 201
    assert path(dropped.path) == path(retried.path)
    assert retried.request_headers["If-None-Match"] == "*"
    assert set(assert_whole_and_single(harness)) == ALL
    stable(world)


@pytest.mark.parametrize("pending", ["create", "update"])
def test_a_put_whose_answer_was_lost_is_not_written_twice(harness, tmp_path, pending):
    """The connection dies after the server stored the PUT: the retry finds it already there."""
    world = World(harness, tmp_path)
    if pending == "update":
        world.sync()
        world.invite_update(ACME.moved(MOVED))
    harness.proxy.clear()

    def the_request_had_arrived(seconds):  # while calsync waits to retry
        (lost,) = [e for e in harness.proxy.exchanges if e.status is None]
        keep = ("Content-Type", "If-Match", "If-None-Match")
        headers = {k: lost.request_headers[k] for k in keep if k in lost.request_headers}
        answer = harness.server.request("PUT", lost.path, lost.request_body, headers)
        assert answer.status in (200, 201, 204)
        arrived.append((lost.path, answer.headers.get("ETag")))

    arrived = []
    harness.proxy.drop_next(1, methods=["PUT"])
    calendar = WatchedCalendar(harness, on_sleep=the_request_had_arrived)
    report = run_with(world, CalDAVTarget(harness.endpoint(), calendar))

    ((href, etag),) = arrived
    uid = next(u for u in ALL if path(harness.href(u)) == path(href))
    assert verbs(report)[uid] == "unchanged"  # found as it would have written it
    assert report.counts[pending] == (8 if pending == "create" else 4) and report.notices == ()
    assert [e.status for e in puts_to(harness, uid)] == [None, 412]
    assert server_etag(harness, uid) == etag  # no third write
    items = assert_whole_and_single(harness)
    assert set(items) == ALL
    if pending == "update":
        assert {items[u].decoded("DUE") for u in (DANA_THANKS, PRIYA_THANKS)} == {MOVED_DUE}
    stable(world)


def test_a_server_failing_mid_run_leaves_whole_items_and_the_next_run_carries_on(
    radicale, tmp_path
):
    harness = radicale
    world = World(harness, tmp_path)
    proxy = harness.proxy

    def server_goes_down(n, href):
        if n == 4:  # four PUTs went through
            proxy.fail_next(100, 503, methods=["PUT"])

    calendar = WatchedCalendar(harness, before_put=server_goes_down)
    with pytest.raises(TargetError) as failed:
        run_with(world, CalDAVTarget(harness.endpoint(), calendar))

    assert failed.value.exit_code == 5 and "503" in str(failed.value)
    statuses = [e.status for e in proxy.requests("PUT")]
    assert statuses == [201] * 4 + [503] * 4  # and no further item was tried
    reached = assert_whole_and_single(harness)
    assert len(reached) == 4
    book = ledger.load(dav.canonical(harness.url))
    assert set(book.written) == set(reached)  # the ledger knows what reached the server

    proxy.clear()  # the server is back
    report = world.sync()
    assert report.counts["create"] == 5 and report.counts["unchanged"] == 4
    assert {a.uid for a in report.actions if a.verb == "create"} == ALL - set(reached)
    assert set(assert_whole_and_single(harness)) == ALL
    assert set(ledger.load(dav.canonical(harness.url)).written) == ALL
    stable(world)
