"""Interviews and configs built directly, for tests of the pure core (no calendar parsing)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from calsync import drafts, plan
from calsync.config import Cadence, Config, Me
from calsync.model import FollowUp, Interview, Person

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")

DANA = Person("Dana Kowalski", "dana.kowalski@northwind-robotics.com")
PRIYA = Person("Priya Natarajan", "priya.natarajan@northwind-robotics.com")
LENA = Person("Lena Hoffmann", "lena.hoffmann@northwind-robotics.com")
PITCH = (
    "I have spent eight years building event-driven backends in Go and Python, most recently "
    "leading a payments platform's move to exactly-once processing."
)
TALK = "https://talks.example.org/idempotent-consumers"


def config(**cadence) -> Config:
    """The sample user, with `cadence` fields replaced."""
    me = Me(name="Alex Rivera", emails=("alex.rivera@example.org",), pitch=PITCH)
    return Config(me=me, cadence=replace(Cadence(), **cadence))


def _noted(notes, promises, interviewers):
    """Notes and promises as the user writes them under "Notes:", read by the invite reader."""
    from calsync.invite.notes import notes as read_notes

    lines = [
        "Notes:",
        *(f"- {line}" for line in (*notes, *(p for p in promises if p not in notes))),
    ]
    return read_notes(lines, interviewers, "en")


def interview(
    start: datetime,
    *,
    uid: str | None = None,
    minutes: int = 60,
    company: str | None = "Northwind Robotics",
    role: str | None = "Senior Backend Engineer",
    interviewers: tuple[Person, ...] = (DANA,),
    contact: Person | None = LENA,
    notes: tuple[str, ...] = (),
    promises: tuple[str, ...] = (),
    links: tuple[str, ...] = (),
    timeline: date | None = None,
    replied: bool = False,
    summary: str | None = None,
    recurrence_id: str | None = None,
) -> Interview:
    return Interview(
        uid=uid or f"{company or 'unknown'}-{start:%Y%m%dT%H%M}@example.org",
        recurrence_id=recurrence_id,
        summary=summary or f"Interview — {company} — {role}",
        start=start,
        end=start + timedelta(minutes=minutes),
        company=company,
        role=role,
        interviewers=interviewers,
        contact=contact,
        notes=_noted(notes, promises, interviewers),
        links=links,
        timeline=timeline,
        replied=replied,
    )


def panel(**overrides) -> Interview:
    """The sample's panel interview: Dana and Priya, notes on each, a promised talk."""
    values = dict(
        uid="5q8m2v7k1c9tbn4hd3rj6gf0pe@google.com",
        minutes=90,
        interviewers=(DANA, PRIYA),
        notes=(
            "Dana walked through the migration from Kafka to Pulsar",
            "Priya asked about on-call culture and incident reviews",
            f"Promised to send my conference talk on idempotent consumers: {TALK}",
        ),
        promises=(f"Promised to send my conference talk on idempotent consumers: {TALK}",),
        links=(TALK,),
        timeline=date(2026, 12, 4),
        summary="Panel interview — Northwind Robotics — Senior Backend Engineer",
    )
    values.update(overrides)
    return interview(datetime(2026, 11, 17, 14, 0, tzinfo=BERLIN), **values)


def planned(interviews, cfg: Config | None = None, templates=None) -> list[FollowUp]:
    cfg = cfg or config()
    return plan.plan(tuple(interviews), cfg, templates or drafts.load_templates(None))


def of_kind(followups: list[FollowUp], kind: str) -> list[FollowUp]:
    return [f for f in followups if f.kind == kind]


def only(followups: list[FollowUp], kind: str) -> FollowUp:
    matching = of_kind(followups, kind)
    assert len(matching) == 1, f"expected one {kind}, got {len(matching)}"
    return matching[0]
