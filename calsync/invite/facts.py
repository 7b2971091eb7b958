"""What the reading layer takes and gives: plain, frozen data (stdlib only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from calsync.model import Note, Person


@dataclass(frozen=True)
class Attendee:
    """An ATTENDEE or the ORGANIZER, as the invite lists it."""

    email: str | None  # lower case, without mailto:
    name: str | None = None  # CN, as written
    role: str | None = None  # ROLE: REQ-PARTICIPANT, OPT-PARTICIPANT, NON-PARTICIPANT, CHAIR
    cutype: str | None = None  # CUTYPE: INDIVIDUAL, GROUP, ROOM, RESOURCE
    partstat: str | None = None  # PARTSTAT
    organizer: bool = False


@dataclass(frozen=True)
class Invite:
    """One interview occurrence's text and people, as the calendar holds them."""

    summary: str
    description: str = ""
    location: str = ""
    categories: tuple[str, ...] = ()
    attendees: tuple[Attendee, ...] = ()  # the ORGANIZER among them, organizer=True
    start: datetime | None = None  # aware
    end: datetime | None = None  # aware
    zoned: bool = False  # the event gave its own zone (a TZID, X-WR-TIMEZONE), not UTC only
    all_day: bool = False
    url: str = ""  # the URL property, if any (ATS links)


@dataclass(frozen=True)
class Setup:
    """The part of the config reading needs."""

    me: frozenset[str] = frozenset()  # the user's own addresses, lower case
    employer_domains: frozenset[str] = frozenset()  # the user's own employer's domains
    keywords: tuple[str, ...] = ()  # [detect] keywords (the built-in list unless replaced)
    exclusions: tuple[str, ...] = ()  # [detect] exclusions
    languages: tuple[str, ...] = ("en", "de", "fr", "es", "nl", "it")
    workdays: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday is 0
    holidays: frozenset[date] = frozenset()
    home_zone: str = "UTC"  # the user's zone: the last resort for the employer's, said so


@dataclass(frozen=True)
class Fact:
    """A value and why calsync believes it ("title segment", "domain contoso.co.uk")."""

    value: str
    why: str


@dataclass(frozen=True)
class Verdict:
    interview: bool
    reasons: tuple[str, ...]  # for --dry-run, --json: 'title "Superday"', 'organizer goodtime.io'


@dataclass(frozen=True)
class Reading:
    verdict: Verdict
    company: Fact | None = None
    role: Fact | None = None
    interviewers: tuple[Person, ...] = ()  # people to thank, in the invite's order
    contact: Person | None = None  # recruiter or coordinator: next steps go to them
    mailboxes: tuple[str, ...] = ()  # role mailboxes (recruiting@...): contacts, never greeted
    notes: tuple[Note, ...] = ()
    decision: date | None = None  # the day the employer said it would decide by
    decision_phrase: str | None = None  # as written ("by Friday", "bis zum 11. Dezember")
    zone: Fact | None = None  # the employer's IANA zone and why ("from the office address")
    phones: tuple[str, ...] = ()  # the employer's numbers, international format; no dial-ins
    language: str = "en"  # the invite's language among Setup.languages
    links: tuple[str, ...] = field(default=())  # URLs in the user's notes
