"""The nouns of calsync as frozen dataclasses; stdlib only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

KINDS = ("thank-you", "phone-call", "next-steps", "final-nudge")


@dataclass(frozen=True)
class Person:
    name: str
    email: str | None = None

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else self.name

    @property
    def key(self) -> str:
        """What identifies this person across runs: the address, else the name."""
        return (self.email or self.name).casefold()


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
    notes: tuple[str, ...] = ()
    promises: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    timeline: date | None = None
    phone: str | None = None
    replied: bool = False
    origin: str = ""  # the file it came from, for messages

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
