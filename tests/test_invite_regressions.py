"""What calsync read before the invite layer (the old extract.py), still read by it: every
title, domain, note, timeline and number shape the earlier tests held (issue 13 moved them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from calsync.invite import company, notes, people, place, text, timeline
from calsync.invite.facts import Attendee, Invite, Setup
from calsync.model import Person

DAY = date(2026, 11, 18)
SETUP = Setup(me=frozenset({"alex@rivera.dev"}))


@dataclass(frozen=True)
class Found:
    interviewers: tuple[Person, ...] = ()
    contact: Person | None = None
    mailboxes: tuple[str, ...] = ()


def invite(summary: str, *emails: str, description: str = "") -> Invite:
    start = datetime(2026, 11, 18, 10, tzinfo=ZoneInfo("Europe/Berlin"))
    return Invite(
        summary=summary,
        description=description,
        attendees=tuple(Attendee(e) for e in emails),
        start=start,
        end=start + timedelta(hours=1),
        zoned=True,
    )


def read(summary: str, *emails: str, description: str = "", found: Found = Found()):
    event = invite(summary, *emails, description=description)
    lines = text.lines(description)
    language, _ = text.language(summary + "\n" + description)
    employer = company.company(event, lines, found, SETUP, language)
    role = company.role(event, lines, employer, language)
    return (employer.value if employer else None), (role.value if role else None)


@pytest.mark.parametrize(
    ("summary", "employer", "role"),
    [
        ("Interview with Acme", "Acme", None),
        ("Acme — Backend Engineer interview", "Acme", "Backend Engineer"),
        ("Acme: onsite", "Acme", None),
        ("Phone screen | Acme | Data Analyst", "Acme", "Data Analyst"),
        ("Panel interview — Northwind Robotics — Senior Backend Engineer",
         "Northwind Robotics", "Senior Backend Engineer"),
        ("Interview with Contoso — Product Manager", "Contoso", "Product Manager"),
        ("Interview with Acme (Backend Engineer)", "Acme", "Backend Engineer"),
        ("Acme Corp - Senior Data Scientist - Final round", "Acme Corp", "Senior Data Scientist"),
        ("Hiring manager interview: Umbrella Corp (Product Designer)",
         "Umbrella Corp", "Product Designer"),
        ("Technical round — Initech", "Initech", None),
        ("Recruiter call - Globex", "Globex", None),
        ("Onsite at Initech", "Initech", None),
        ("Acme interview", "Acme", None),
        ("Vorstellungsgespräch bei Acme GmbH", "Acme GmbH", None),
        ("Entretien avec Société Générale", "Société Générale", None),
        ("Screening call with Globex for Site Reliability Engineer",
         "Globex", "Site Reliability Engineer"),
        ("Interview with Acme for the Backend Engineer position", "Acme", "Backend Engineer"),
    ],
)  # fmt: skip
def test_company_and_role_from_the_title(summary, employer, role):
    assert read(summary) == (employer, role)


@pytest.mark.parametrize("summary", ["Interview", "Phone screen", "Final round"])
def test_a_title_of_meeting_words_only_names_no_company(summary):
    assert read(summary) == (None, None)


def test_the_interviewer_named_in_the_title_is_not_the_company():
    dana = Person("Dana Kowalski", "dana@gmail.com", given="Dana", family="Kowalski")
    found = Found(interviewers=(dana,))
    assert read("Interview with Dana Kowalski", "dana@gmail.com", found=found) == (None, None)
    assert read("Acme: interview with Dana", "dana@gmail.com", found=found)[0] == "Acme"


def test_role_and_company_from_labelled_lines():
    description = "Hi Alex,\n\nPosition: Staff Engineer\nCompany: Acme Robotics"
    assert read("Interview", description=description) == ("Acme Robotics", "Staff Engineer")


@pytest.mark.parametrize(
    ("emails", "employer"),
    [
        (["dana.kowalski@northwind-robotics.com"], "Northwind Robotics"),
        (["rachel.okafor@contoso.com"], "Contoso"),
        (["hr@mail.acme.co.uk"], "Acme"),
        (["priya@gmail.com"], None),
        (["notifications@calendly.com"], None),
        (["no-reply@hire.lever.co", "recruiting@greenhouse.io"], None),
        (["priya@gmail.com", "notifications@calendly.com", "marco@bluefin-analytics.io"],
         "Bluefin Analytics"),
    ],
)  # fmt: skip
def test_company_from_the_email_domain_never_from_mail_or_scheduling_services(emails, employer):
    assert read("Interview", *emails)[0] == employer


@pytest.mark.parametrize(
    "email",
    [
        "notifications@calendly.com",
        "noreply@acme.com",
        "do-not-reply@acme.com",
        "scheduling@goodtime.io",
        "calendar-notification@google.com",
    ],
)
def test_scheduling_robots_are_recognised(email):
    assert people.is_robot(email)


@pytest.mark.parametrize(
    "email", ["priya.natarajan@gmail.com", "dana.kowalski@northwind-robotics.com"]
)
def test_people_are_not_robots(email):
    assert not people.is_robot(email)


def test_notes_are_lines_under_headings_and_bullets_only():
    lines = [
        "Hi Alex,",
        "please bring an ID.",
        "",
        "Notes:",
        "Dana walked through the migration",
        "- Priya asked about on-call",
        "",
        "Topics: SLOs, incident reviews; hiring plans",
    ]
    read_notes = notes.notes(lines, (), "en")
    assert [n.text for n in read_notes] == [
        "Dana walked through the migration",
        "Priya asked about on-call",
        "SLOs",
        "incident reviews",
        "hiring plans",
    ]


def test_an_interviewer_built_without_a_parsed_name_is_still_found_in_the_notes():
    """An address-book contact or a test's Person has only `name`."""
    dana = Person("Dana Kowalski", "dana.kowalski@northwind-robotics.com")
    (note,) = notes.notes(["Notes:", "- Dana walked through the migration"], (dana,), "en")
    assert note.person == dana.key


def test_promises_are_notes_that_promise_material():
    lines = [
        "Notes:",
        "- Dana walked through the migration",
        "- Promised to send my conference talk: https://talks.example.org/consumers",
        "- Will share references by Friday",
        "- Share the demo repo: https://github.com/alexr/pulsar-demo",
        "- Priya asked about on-call",
    ]
    kinds = [n.kind for n in notes.notes(lines, (), "en")]
    assert kinds == ["topic", "promise", "promise", "promise", "topic"]


def test_links_come_without_trailing_punctuation_and_once_each():
    lines = [
        "Notes:",
        "- Portfolio: https://alex.example.org/work.",
        "- see https://github.com/alexr/tf-pulsar, and https://alex.example.org/work",
    ]
    assert notes.links(lines) == (
        "https://alex.example.org/work",
        "https://github.com/alexr/tf-pulsar",
    )


@pytest.mark.parametrize(
    ("line", "when"),
    [
        ("They expect to make a decision by Dec 4.", date(2026, 12, 4)),
        ("Decision by 2026-12-04", date(2026, 12, 4)),
        ("They'll let me know by Friday, Dec 4th", date(2026, 12, 4)),
        ("We'll get back to you within 2 weeks.", date(2026, 12, 2)),
        ("Feedback within 3 business days", date(2026, 11, 23)),
        ("Hear back within a week", date(2026, 11, 25)),
        ("Decision by Jan 8", date(2027, 1, 8)),  # next year, not ten months ago
    ],
)
def test_a_stated_timeline(line, when):
    lines = ["Notes:", f"- {line}"]
    stated = timeline.decision(notes.notes(lines, (), "en"), lines, DAY, "en", SETUP)
    assert stated is not None and stated[0] == when


@pytest.mark.parametrize(
    "lines",
    [["Please arrive by Dec 4."], ["Notes:", "- Dana walked through the migration"], []],
)
def test_no_timeline_when_none_is_stated(lines):
    assert timeline.decision(notes.notes(lines, (), "en"), lines, DAY, "en", SETUP) is None


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("Phone: +49 30 1234567", "+49 30 1234567"),
        ("Mobile - +1 (415) 555-0134", "+1 415-555-0134"),
        ("Call me on tel:+4930987654", "+49 30 987654"),
    ],
)
def test_a_phone_number_in_the_description(line, number):
    assert place.phones(invite("Interview"), ["Hi Alex,", line]) == (number,)


def test_no_phone_number_from_room_numbers_or_times():
    assert place.phones(invite("Interview"), ["Room 4012, building 7", "Meeting at 10:30"]) == ()
