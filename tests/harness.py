"""Targets as a user sees them: interview calendars to sync from, and hands that edit the target.

Each harness holds one target and can do to its stored text what a user (or their calendar app)
would: change a property, complete, delete, add their own items. The target contract suite
(test_target_contract.py) and the sync state machine (test_sync_machine.py) drive calsync through
`calsync.sync.run` and judge the target only by what these hands can see.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol
from urllib.parse import urljoin
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import servers
from builders import config
from icalendar import Calendar, Component, Event, vCalAddress

from calsync import ical, identity, sync
from calsync.config import Endpoint
from calsync.model import Person
from calsync.targets.caldav import CalDAVTarget
from calsync.targets.ics import IcsFileTarget
from calsync.targets.memory import MemoryTarget
from calsync.targets.vdir import VdirTarget

NOW = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
ME = Person("Alex Rivera", "alex.rivera@example.org")
CONFIG = config()
AFTER_ROUND = ("phone-call", "next-steps", "final-nudge")

# The user's own things in the target: calsync must never change a byte of them.
FOREIGN_EVENT = (
    "BEGIN:VEVENT\r\n"
    "UID:dentist-2026@example.org\r\n"
    "DTSTAMP:20261001T120000Z\r\n"
    "DTSTART;TZID=Europe/Berlin:20261123T080000\r\n"
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
    "SUMMARY:Buy oat milk (interview snacks)\r\n"
    "STATUS:NEEDS-ACTION\r\n"
    "CATEGORIES:calsync,home\r\n"
    "DUE;TZID=Europe/Berlin:20261121T120000\r\n"
    "END:VTODO\r\n"
)
FOREIGN = (FOREIGN_EVENT, FOREIGN_TODO)
USER_HEADER = "PRODID:-//Someone//Their App//EN\r\nVERSION:2.0\r\nX-WR-CALNAME:Mine\r\n"


# Interview calendars, as a calendar app exports them.


@dataclass(frozen=True)
class Round:
    """One interview event in the source calendar."""

    uid: str
    company: str
    role: str
    start: datetime  # aware: written with its TZID (and VTIMEZONE), or in UTC
    interviewers: tuple[Person, ...]
    minutes: int = 60
    sequence: int = 0
    cancelled: bool = False

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)

    def moved(self, start: datetime) -> Round:
        """The invite update a reschedule sends: new times, the next SEQUENCE."""
        return replace(self, start=start, sequence=self.sequence + 1)

    def cancel(self) -> Round:
        return replace(self, cancelled=True, sequence=self.sequence + 1)

    def followup_uid(self, kind: str, person: Person | None = None) -> str:
        return identity.followup_uid(self.uid, kind, person.key if person else None)

    def followup_uids(self, kinds=("thank-you", *AFTER_ROUND)) -> set[str]:
        uids = set()
        for kind in kinds:
            people = self.interviewers if kind == "thank-you" else (None,)
            uids |= {self.followup_uid(kind, person) for person in people}
        return uids


def write_calendar(path: Path, rounds: list[Round]) -> Path:
    """A Google-style export: ORGANIZER, ATTENDEEs (the user among them), notes, VTIMEZONEs,
    and one event that is no interview."""
    cal = Calendar()
    cal.add("PRODID", "-//calsync tests//interviews//EN")
    cal.add("VERSION", "2.0")
    for interview in rounds:
        event = Event()
        event.add("UID", interview.uid)
        event.add("DTSTAMP", datetime(2026, 11, 1, 9, tzinfo=UTC) + timedelta(interview.sequence))
        event.add("SEQUENCE", interview.sequence)
        event.add("DTSTART", interview.start)
        event.add("DTEND", interview.end)
        event.add("SUMMARY", f"Technical interview — {interview.company} — {interview.role}")
        event.add("STATUS", "CANCELLED" if interview.cancelled else "CONFIRMED")
        lead = interview.interviewers[0]
        event.add("ORGANIZER", vCalAddress(f"mailto:{lead.email}"), parameters={"CN": lead.name})
        for person in (*interview.interviewers, ME):
            event.add(
                "ATTENDEE",
                vCalAddress(f"mailto:{person.email}"),
                parameters={"CN": person.name, "PARTSTAT": "ACCEPTED", "ROLE": "REQ-PARTICIPANT"},
            )
        event.add(
            "DESCRIPTION",
            f"Role: {interview.role}\n\nNotes:\n- We talked about their streaming pipeline\n"
            "- Promised to send my notes on backfills",
        )
        cal.add_component(event)
    lunch = Event()  # not an interview: the calendar never runs out of events
    lunch.add("UID", "lunch-sam@example.org")
    lunch.add("DTSTAMP", datetime(2026, 11, 1, 9, tzinfo=UTC))
    lunch.add("DTSTART", datetime(2026, 11, 19, 12, tzinfo=BERLIN))
    lunch.add("DTEND", datetime(2026, 11, 19, 13, tzinfo=BERLIN))
    lunch.add("SUMMARY", "Lunch with Sam")
    cal.add_component(lunch)
    cal.add_missing_timezones()
    path.write_bytes(cal.to_ical())
    return path


def run(harness: Harness, sources: list[Path], now: datetime = NOW, **options) -> sync.Report:
    """`calsync sync SOURCE... -o TARGET --now NOW`, the target opened afresh as the CLI does."""
    return sync.run([str(s) for s in sources], harness.target(), CONFIG, now, **options)


# What a user does to an item's text in their calendar app.


def set_property(text: str, line: str) -> str:
    """`text` with the item's property named in `line` replaced by `line`, or added."""
    name = re.split(r"[;:]", line, maxsplit=1)[0]
    begin = re.search(r"^BEGIN:(VTODO|VEVENT)\r?\n", text, re.MULTILINE)
    stop = re.compile(r"^(BEGIN|END):", re.MULTILINE).search(text, begin.end())
    body = text[begin.end() : stop.start()]
    prop = re.compile(rf"^{name}[;:].*\n(?:[ \t].*\n)*", re.MULTILINE)
    body = prop.sub(line + "\r\n", body, count=1) if prop.search(body) else body + line + "\r\n"
    return text[: begin.end()] + body + text[stop.start() :]


def complete(text: str, how: str = "both") -> str:
    """Tick the task off, as different clients do: STATUS, PERCENT-COMPLETE, or both."""
    if how in ("status", "both"):
        text = set_property(text, "STATUS:COMPLETED")
        text = set_property(text, "COMPLETED:20261121T090000Z")
    if how in ("percent", "both"):
        text = set_property(text, "PERCENT-COMPLETE:100")
    return text


# The hands: one adapter per target. A CalDAV one would PUT/DELETE through the server.


class Harness(Protocol):
    def target(self): ...  # the target as a fresh run opens it

    def add_foreign(self, items: tuple[str, ...]) -> None: ...  # the user's own, before any run

    def foreign(self) -> object: ...  # the user's own items, exactly as stored

    def item(self, uid: str) -> str | None: ...  # the stored text holding that item

    def put(self, uid: str, text: str) -> None: ...  # the user saves an edit

    def delete(self, uid: str) -> None: ...  # the user deletes the item

    def components(self) -> list[Component]: ...  # every VTODO/VEVENT stored, parsed

    def fingerprint(self) -> object: ...  # all that is stored, detailed enough to see any write


@dataclass
class MemoryHarness:
    memory: MemoryTarget = field(default_factory=MemoryTarget)
    foreign_uids: list[str] = field(default_factory=list)

    def target(self) -> MemoryTarget:
        return self.memory  # a server: the same store run after run

    def add_foreign(self, items: tuple[str, ...]) -> None:
        for text in items:
            uid = _uid(text)
            self.memory.items[uid] = text
            self.foreign_uids.append(uid)

    def foreign(self) -> dict[str, str]:
        return {uid: self.memory.items.get(uid) for uid in self.foreign_uids}

    def item(self, uid: str) -> str | None:
        return self.memory.items.get(uid)

    def put(self, uid: str, text: str) -> None:
        self.memory.items[uid] = text

    def delete(self, uid: str) -> None:
        del self.memory.items[uid]

    def components(self) -> list[Component]:
        return [Component.from_ical(text) for text in self.memory.items.values()]

    def fingerprint(self) -> object:
        return dict(self.memory.items), self.memory.writes


@dataclass
class FileHarness:
    path: Path

    def target(self) -> IcsFileTarget:
        return IcsFileTarget(self.path)

    def text(self) -> str:
        return self.path.read_bytes().decode("utf-8")

    def add_foreign(self, items: tuple[str, ...]) -> None:
        calendar = "BEGIN:VCALENDAR\r\n" + USER_HEADER + "".join(items) + "END:VCALENDAR\r\n"
        self.path.write_bytes(calendar.encode("utf-8"))

    def foreign(self) -> tuple[list[str], list[str]]:
        header, blocks = ical.split(self.text()) if self.path.exists() else ([], [])
        return header, [b.text for b in blocks if not b.owned and b.name != "VTIMEZONE"]

    def _block(self, uid: str) -> str | None:
        if not self.path.exists():
            return None
        found = [b.text for b in ical.split(self.text())[1] if _uid(b.text) == uid]
        assert len(found) <= 1, f"{uid} is in the file {len(found)} times"
        return found[0] if found else None

    def item(self, uid: str) -> str | None:
        return self._block(uid)

    def put(self, uid: str, text: str) -> None:
        self._write(self.text().replace(self._block(uid), text, 1))

    def delete(self, uid: str) -> None:
        self._write(self.text().replace(self._block(uid), "", 1))

    def _write(self, text: str) -> None:
        self.path.write_bytes(text.encode("utf-8"))

    def components(self) -> list[Component]:
        if not self.path.exists():
            return []
        calendar = Calendar.from_ical(self.path.read_bytes())  # the whole file parses
        return [c for c in calendar.subcomponents if c.name in ("VTODO", "VEVENT")]

    def fingerprint(self) -> object:
        # The inode and mtime too: a file replaced with the same bytes still wakes every
        # calendar app and sync client watching it.
        if not self.path.exists():
            return None
        return self.path.read_bytes(), self.path.stat().st_ino, self.path.stat().st_mtime_ns


@dataclass
class VdirHarness:
    path: Path
    foreign_names: list[str] = field(default_factory=list)

    def target(self) -> VdirTarget:
        return VdirTarget(self.path)

    def add_foreign(self, items: tuple[str, ...]) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        for n, text in enumerate(items):
            name = f"mine-{n}.ics"
            calendar = "BEGIN:VCALENDAR\r\n" + USER_HEADER + text + "END:VCALENDAR\r\n"
            (self.path / name).write_bytes(calendar.encode("utf-8"))
            self.foreign_names.append(name)
        (self.path / "README.txt").write_text("not a calendar\n")
        self.foreign_names.append("README.txt")

    def foreign(self) -> dict[str, bytes | None]:
        return {
            name: (self.path / name).read_bytes() if (self.path / name).exists() else None
            for name in self.foreign_names
        }

    def _file(self, uid: str) -> Path | None:
        found = [p for p in sorted(self.path.glob("*.ics")) if _uid(p.read_text("utf-8")) == uid]
        assert len(found) <= 1, f"{uid} is in {len(found)} files"
        return found[0] if found else None

    def item(self, uid: str) -> str | None:
        file = self._file(uid) if self.path.is_dir() else None
        return file.read_bytes().decode("utf-8") if file else None

    def put(self, uid: str, text: str) -> None:
        self._file(uid).write_bytes(text.encode("utf-8"))

    def delete(self, uid: str) -> None:
        self._file(uid).unlink()

    def components(self) -> list[Component]:
        found = []
        for file in sorted(self.path.glob("*.ics")) if self.path.is_dir() else []:
            calendar = Calendar.from_ical(file.read_bytes())
            found += [c for c in calendar.subcomponents if c.name in ("VTODO", "VEVENT")]
        return found

    def fingerprint(self) -> object:
        # The inode and mtime too: rewriting a file with the same bytes is still a write.
        if not self.path.is_dir():
            return None
        return {
            p.name: (p.read_bytes(), p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(self.path.iterdir())
        }


READS = frozenset({"GET", "HEAD", "OPTIONS", "PROPFIND", "REPORT"})


@dataclass
class CaldavHarness:
    """A CalDAV calendar on a real server. calsync reaches it through `proxy` (a RecordingProxy,
    so every request it sends is on record); the user's phone (`server`) goes straight to it.

    Servers re-serialise what they are sent (they reorder properties, refold lines, Radicale adds
    a VTIMEZONE), so "as the user left it" is judged by the server's own text and ETag: `item()`
    answers with the text the user's phone saved as long as the server still holds exactly what
    it stored for that save (same text, same ETag), and with the server's text otherwise.
    `fingerprint()` is every href with its ETag and text, plus the number of writing requests
    calsync has sent: a run that PUTs the same bytes again is still a write."""

    server: servers.Server
    calendar_url: str
    proxy: servers.RecordingProxy
    foreign_hrefs: list[str] = field(default_factory=list)
    saved: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # href: stored, etag, put

    @property
    def url(self) -> str:
        """The calendar as calsync is told it: through the proxy."""
        return self.proxy.url(self.calendar_url)

    def endpoint(self) -> Endpoint:
        return Endpoint("[target] tasks", name="tasks", url=self.url)

    def target(self) -> CalDAVTarget:
        return CalDAVTarget(self.endpoint())

    def href(self, uid: str) -> str:
        return self.server.object_url(self.calendar_url, uid)

    def _get(self, href: str) -> tuple[str, str] | None:
        response = self.server.request("GET", href)
        if response.status == 404:
            return None
        assert response.status == 200, f"GET {href} -> {response.status}"
        return response.text, response.headers.get("ETag", "")

    def add_foreign(self, items: tuple[str, ...]) -> None:
        for text in items:
            calendar = "BEGIN:VCALENDAR\r\n" + USER_HEADER + text + "END:VCALENDAR\r\n"
            href = self.href(_uid(text))
            self.server.put_href(href, calendar, create=True)
            self.foreign_hrefs.append(href)

    def foreign(self) -> dict[str, tuple[str, str] | None]:
        return {href: self._get(href) for href in self.foreign_hrefs}

    def item(self, uid: str) -> str | None:
        href = self.href(uid)
        found = self._get(href)
        if found is None:
            return None
        stored, etag, put = self.saved.get(href, (None, None, None))
        return put if found == (stored, etag) else found[0]

    def put(self, uid: str, text: str) -> None:
        href = self.href(uid)
        self.server.put_href(href, text)
        self.saved[href] = (*self._get(href), text)

    def delete(self, uid: str) -> None:
        href = self.href(uid)
        self.server.delete(href)
        self.saved.pop(href, None)

    def stored(self) -> dict[str, tuple[str, str]]:
        """{href: (ETag, text)} for every object in the calendar, in one REPORT (a GET for each
        would cost more than the runs being tested). The text is as the XML carries it: line
        ends may read as LF; `item()` and `foreign()` GET the exact bytes."""
        body = (
            f'<?xml version="1.0" encoding="utf-8"?><C:calendar-query xmlns:D="{servers.DAV}" '
            f'xmlns:C="{servers.CAL}"><D:prop><D:getetag/><C:calendar-data/></D:prop>'
            '<C:filter><C:comp-filter name="VCALENDAR"/></C:filter></C:calendar-query>'
        )
        headers = {"Depth": "1", "Content-Type": "application/xml; charset=utf-8"}
        response = self.server.request("REPORT", self.calendar_url, body, headers)
        assert response.status == 207, f"REPORT {self.calendar_url} -> {response.status}"
        found = {}
        for answer in ElementTree.fromstring(response.body).iter(f"{{{servers.DAV}}}response"):
            href = answer.findtext(f"{{{servers.DAV}}}href", "")
            if not href.startswith(("/", "http:", "https:")):
                href = "./" + href  # Xandikos: a bare member name ("x:y.ics")
            etag = answer.findtext(f".//{{{servers.DAV}}}getetag")
            text = answer.findtext(f".//{{{servers.CAL}}}calendar-data")
            if text:
                found[servers.canonical_url(urljoin(self.calendar_url, href))] = (etag, text)
        return dict(sorted(found.items()))

    def components(self) -> list[Component]:
        found = []
        for _, text in self.stored().values():
            calendar = Calendar.from_ical(text.encode("utf-8"))
            found += [c for c in calendar.subcomponents if c.name in ("VTODO", "VEVENT")]
        return found

    def writes(self) -> list[servers.Exchange]:
        """Every request calsync sent that is not a read."""
        return [e for e in self.proxy.requests() if e.method not in READS]

    def fingerprint(self) -> object:
        return self.stored(), len(self.writes())


def _uid(text: str) -> str | None:
    """The UID of the first VTODO/VEVENT in `text` (unfolded)."""
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    item = re.search(r"^BEGIN:(?:VTODO|VEVENT)\r?$.*?^UID:(.*?)\r?$", unfolded, re.M | re.S)
    return item[1] if item else None


def owned(harness: Harness) -> dict[str, Component]:
    """calsync's items in the target by UID (asserting that no UID is there twice)."""
    items = [c for c in harness.components() if ical.is_owned(c)]
    uids = [str(c["UID"]) for c in items]
    assert len(uids) == len(set(uids)), f"duplicate UIDs: {sorted(uids)}"
    return dict(zip(uids, items, strict=True))
