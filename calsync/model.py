"""The nouns of calsync as frozen dataclasses; stdlib only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

KINDS = ("thank-you", "phone-call", "next-steps", "final-nudge")


@dataclass(frozen=True)
class Person:
    name: str  # as the person is known, without title: "Anna Braun"
    email: str | None = None
    title: str | None = None  # an academic title as written: "Dr.", "Prof. Dr."
    honorific: str | None = None  # as the text gives it: "Frau", "Herr", "Mme", "M.", "Sra."
    given: str | None = None  # the given name, when the name can be split with confidence
    family: str | None = None
    position: str | None = None  # what the invite says they do: "Staff Engineer"

    @property
    def first_name(self) -> str:
        if self.given:
            return self.given
        return self.name.split()[0] if self.name.split() else self.name

    @property
    def key(self) -> str:
        """What identifies this person across runs: the address, else the name."""
        return (self.email or self.name).casefold()


NOTE_KINDS = ("topic", "promise", "timeline", "logistics")


@dataclass(frozen=True)
class Note:
    """One thing the user noted about an interview, attributed and cleaned."""

    text: str  # the clean phrase: labels, names, dashes and ellipses removed
    kind: str  # one of NOTE_KINDS
    person: str | None = None  # Person.key of the one it is with or about; None: everyone
    raw: str = ""  # the line as written, for a fill-in's hint
    shared: bool = False  # said with several people ("the panel", "all of them")


@dataclass(frozen=True)
class Interview:
    """One interview occurrence, as read from a calendar."""

    uid: str
    recurrence_id: str | None  # the occurrence's RECURRENCE-ID (UTC ISO) when it is one of a series
    summary: str
    start: datetime  # aware
    end: datetime  # aware
    company: str | None
    role: str | None
    interviewers: tuple[Person, ...] = ()
    contact: Person | None = None  # who follow-ups about the application go to: the organizer
    notes: tuple[Note, ...] = ()  # the user's notes, each attributed (invite/notes.py)
    links: tuple[str, ...] = ()
    timeline: date | None = None  # the day the employer said it would decide by
    phone: str | None = None  # the number to call: the employer's, or from the address book
    replied: bool = False
    origin: str = ""  # the file it came from, for messages
    language: str = "en"  # the invite's language
    zone_name: str | None = None  # the employer's IANA zone
    zone_why: str = ""  # how calsync knows it ("from the office address (Denver, CO)")
    mailboxes: tuple[str, ...] = ()  # role mailboxes in the invite: contacts, never greeted
    phones: tuple[str, ...] = ()  # the employer's numbers in the invite (no dial-ins)

    @property
    def promises(self) -> tuple[str, ...]:
        """What the user promised, as noted."""
        return tuple(n.text for n in self.notes if n.kind == "promise")

    @property
    def source_id(self) -> str:
        """X-CALSYNC-SOURCE: the UID, plus the RECURRENCE-ID for one occurrence of a series."""
        return f"{self.uid};RECURRENCE-ID={self.recurrence_id}" if self.recurrence_id else self.uid


@dataclass(frozen=True)
class Application:
    """All rounds with one employer for one role."""

    key: str
    company: str | None
    role: str | None
    interviews: tuple[Interview, ...]  # sorted by end time

    @property
    def latest(self) -> Interview:
        return self.interviews[-1]

    @property
    def replied(self) -> bool:
        return any(i.replied for i in self.interviews)


@dataclass(frozen=True)
class FollowUp:
    """One planned follow-up: what calsync writes as a VTODO or VEVENT."""

    uid: str
    kind: str
    application: str
    interview: Interview  # the round it follows
    start: datetime
    due: datetime
    summary: str
    description: str
    categories: tuple[str, ...]
    interviewer: Person | None = None


@dataclass(frozen=True)
class Notice:
    """Something skipped or guessed that the user should hear about."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"
