"""Synthetic calendars for the benchmark: a decade of ordinary life, about one interview per
thousand events, the way a Google export writes them (folded lines, attendees, descriptions,
weekly series, a VTIMEZONE).

    python bench/generate.py 10000 > big.ics
"""

from __future__ import annotations

import random
import sys
from datetime import datetime, timedelta

NOW = datetime(2026, 11, 20, 18, 0)  # the benchmark's --now (UTC)
ZONE = """BEGIN:VTIMEZONE\r
TZID:Europe/Berlin\r
BEGIN:DAYLIGHT\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0200\r
TZNAME:CEST\r
DTSTART:19700329T020000\r
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r
END:DAYLIGHT\r
BEGIN:STANDARD\r
TZOFFSETFROM:+0200\r
TZOFFSETTO:+0100\r
TZNAME:CET\r
DTSTART:19701025T030000\r
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r
END:STANDARD\r
END:VTIMEZONE\r
"""
ORDINARY = (
    "Team standup",
    "1:1 with Sam",
    "Sprint planning",
    "Dentist",
    "Lunch with Maria",
    "Quarterly business review",
    "Yoga",
    "Parent-teacher meeting",
    "Architecture sync",
    "Flight to Lisbon",
    "Haircut",
    "Book club",
    "Design review: checkout flow",
    "Car service",
    "Retrospective",
)
PEOPLE = (
    ("Sam Okafor", "sam.okafor@example.com"),
    ("Maria Lind", "maria.lind@example.org"),
    ("Jonas Weber", "jonas.weber@example.net"),
    ("Aiko Tanaka", "aiko.tanaka@example.com"),
    ("Lena Fischer", "lena.fischer@example.org"),
    ("Omar Haddad", "omar.haddad@example.net"),
)
COMPANIES = ("Northwind Robotics", "Contoso", "Fabrikam", "Tailspin Toys", "Wide World Importers")
ROLES = ("Senior Backend Engineer", "Data Engineer", "Staff Engineer", "Engineering Manager")
WORDS = [
    "agenda",
    "notes",
    "follow",
    "up",
    "budget",
    "roadmap",
    "review",
    "draft",
    "proposal",
    "timeline",
    "customer",
    "feedback",
    "metrics",
    "release",
    "hiring",
    "onboarding",
    "migration",
    "incident",
    "design",
    "retro",
    "goals",
]


def fold(line: str) -> str:
    """RFC 5545 folding at 75 octets (ASCII here, so characters are octets)."""
    out = [line[:75]]
    rest = line[75:]
    while rest:
        out.append(" " + rest[:74])
        rest = rest[74:]
    return "\r\n".join(out) + "\r\n"


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def event(rng: random.Random, n: int, start: datetime, interview: bool) -> str:
    end = start + timedelta(minutes=rng.choice((30, 45, 60, 90)))
    people = rng.sample(PEOPLE, rng.randint(1, 4))
    organizer = ("Alex Rivera", "alex.rivera@example.com")
    if interview:
        company, role = rng.choice(COMPANIES), rng.choice(ROLES)
        domain = company.lower().replace(" ", "") + ".example"
        people = [organizer] + [
            (name, f"{name.split()[0].lower()}@{domain}")
            for name, _ in rng.sample(PEOPLE, rng.randint(1, 3))
        ]
        organizer = ("Recruiting", f"recruiting@{domain}")
        summary = f"Interview with {company} — {role}"
        description = (
            f"Panel interview for the {role} role.\nNotes: asked about system design and "
            "on-call.\nJoin: https://meet.example.com/abc-defg-hij"
        )
    else:
        summary = rng.choice(ORDINARY)
        description = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 40)))
    lines = [
        "BEGIN:VEVENT",
        f"DTSTART;TZID=Europe/Berlin:{start:%Y%m%dT%H%M%S}",
        f"DTEND;TZID=Europe/Berlin:{end:%Y%m%dT%H%M%S}",
        f"DTSTAMP:{NOW:%Y%m%dT%H%M%S}Z",
        f"UID:bench-{n:07d}-{rng.getrandbits(40):010x}@google.com",
        f"CREATED:{start - timedelta(days=7):%Y%m%dT%H%M%S}Z",
        f"SUMMARY:{escape(summary)}",
        f"DESCRIPTION:{escape(description)}",
        f"LOCATION:{escape(rng.choice(('Room 4.12', 'Café Central', 'Online', '')))}",
        f"ORGANIZER;CN={organizer[0]}:mailto:{organizer[1]}",
    ]
    for name, email in people:
        lines.append(
            f'ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN="{name}";'
            f"X-NUM-GUESTS=0:mailto:{email}"
        )
    if not interview and rng.random() < 0.03:
        lines.append(f"RRULE:FREQ=WEEKLY;COUNT={rng.randint(4, 30)}")
    lines += ["SEQUENCE:0", "STATUS:CONFIRMED", "TRANSP:OPAQUE", "END:VEVENT"]
    return "".join(fold(line) for line in lines)


def calendar(events: int, seed: int = 1) -> bytes:
    """`events` VEVENTs over the ten years before NOW (and a month after), one interview in a
    thousand at random, and a few in the planning window so there is something to plan."""
    rng = random.Random(seed)
    first = NOW - timedelta(days=3650)
    parts = [
        "BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\n"
        "CALSCALE:GREGORIAN\r\nX-WR-CALNAME:Alex Rivera\r\nX-WR-TIMEZONE:Europe/Berlin\r\n",
        ZONE,
    ]
    recent = max(1, events // 2000)  # interviews inside the last three weeks
    for n in range(events):
        if n < recent:
            start = NOW - timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 6))
            parts.append(event(rng, n, start.replace(minute=0, second=0), True))
            continue
        day = first + timedelta(days=rng.randint(0, 3680))
        start = day.replace(hour=rng.randint(7, 19), minute=rng.choice((0, 15, 30, 45)), second=0)
        parts.append(event(rng, n, start, rng.random() < 0.001))
    parts.append("END:VCALENDAR\r\n")
    return "".join(parts).encode("utf-8")


def interviews(count: int, seed: int = 7) -> bytes:
    """`count` interviews in the last four weeks, each with a company of its own: as many
    applications, and four or more follow-ups each."""
    rng = random.Random(seed)
    parts = ["BEGIN:VCALENDAR\r\nPRODID:-//bench//EN\r\nVERSION:2.0\r\n", ZONE]
    for n in range(count):
        start = (NOW - timedelta(days=rng.randint(1, 28), hours=rng.randint(0, 8))).replace(
            minute=0
        )
        block = event(rng, n, start, True)
        parts.append(block.replace("Interview with ", f"Interview with Company {n} ", 1))
    parts.append("END:VCALENDAR\r\n")
    return "".join(parts).encode("utf-8")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--interviews"]:
        sys.stdout.buffer.write(interviews(int(sys.argv[2])))
    else:
        sys.stdout.buffer.write(calendar(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
