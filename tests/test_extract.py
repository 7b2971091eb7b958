"""The text helpers: company and role from a SUMMARY, names, notes, promises, timeline, phone."""

from __future__ import annotations

from datetime import date

import pytest

from calsync import extract
from calsync.config import DEFAULT_EXCLUSIONS, DEFAULT_KEYWORDS
from calsync.model import Person

KEYWORDS = extract.keyword_pattern(DEFAULT_KEYWORDS)
DANA = Person("Dana Kowalski", "dana.kowalski@northwind-robotics.com")
INTERVIEW_DAY = date(2026, 11, 18)


# --- keywords ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "Interview with Acme",
        "ACME INTERVIEW",
        "Phone  screen — Acme",  # any whitespace inside a phrase
        "On-site at Acme",
        "Acme: onsite",
        "Vorstellungsgespräch bei Acme GmbH",
        "Sollicitatiegesprek bij Philips",
        "Colloquio con Fiat",
        "Entrevista con Telefónica",
    ],
)
def test_interview_keywords_match(title):
    assert KEYWORDS.search(title)


@pytest.mark.parametrize(
    "title",
    [
        "Interviewing skills webinar",
        "Interviewer training",
        "Reinterviews backlog",
        "Phone screens to review",
        "Team offsite planning",
    ],
)
def test_interview_keywords_do_not_match_inside_longer_words(title):
    assert not KEYWORDS.search(title)


def test_default_exclusions_match_practice_sessions():
    exclusions = extract.keyword_pattern(DEFAULT_EXCLUSIONS)

    assert exclusions.search("Mock Interview with Sam")
    assert exclusions.search("interview prep — system design")
    assert exclusions.search("Practice interview")
    assert not exclusions.search("Interview with Acme")


# --- company and role from the SUMMARY -----------------------------------------------------


@pytest.mark.parametrize(
    ("summary", "company", "role"),
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
def test_company_and_role_from_summary(summary, company, role):
    assert extract.company_and_role(summary, KEYWORDS, ()) == (company, role)


@pytest.mark.parametrize("summary", ["Interview", "Phone screen", "Final round"])
def test_summary_of_keywords_only_names_no_company(summary):
    assert extract.company_and_role(summary, KEYWORDS, ()) == (None, None)


def test_summary_naming_the_interviewer_is_not_taken_for_the_company():
    assert extract.company_and_role("Interview with Dana Kowalski", KEYWORDS, (DANA,)) == (
        None,
        None,
    )
    assert extract.company_and_role("Acme: interview with Dana", KEYWORDS, (DANA,)) == (
        "Acme",
        None,
    )


def test_role_and_company_from_labelled_description_lines():
    lines = ["Hi Alex,", "", "Position: Staff Engineer", "Company: Acme Robotics"]

    assert extract.labelled(lines, "role", "position") == "Staff Engineer"
    assert extract.labelled(lines, "company", "employer") == "Acme Robotics"
    assert extract.labelled(lines, "team") is None


# --- company from e-mail domains -----------------------------------------------------------


@pytest.mark.parametrize(
    ("emails", "company"),
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
def test_company_from_email_domain_skips_mail_and_scheduling_services(emails, company):
    assert extract.company_from_domain(emails) == company


# --- people --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("email", "name"),
    [
        ("dana.kowalski@northwind-robotics.com", "Dana Kowalski"),
        ("priya_natarajan@x.io", "Priya Natarajan"),
        ("marco@bluefin-analytics.io", "Marco"),
        ("jean-luc.picard@starfleet.org", "Jean Luc Picard"),
    ],
)
def test_name_from_email_local_part(email, name):
    assert extract.name_from_email(email) == name


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
    assert extract.is_robot(email)


@pytest.mark.parametrize(
    "email", ["priya.natarajan@gmail.com", "dana.kowalski@northwind-robotics.com"]
)
def test_people_are_not_robots(email):
    assert not extract.is_robot(email)


# --- notes, boilerplate, promises, links ---------------------------------------------------


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
        "",
        "Best, Lena",
        "* Bring a laptop",
    ]

    assert extract.notes_from(lines) == [
        "Dana walked through the migration",
        "Priya asked about on-call",
        "SLOs",
        "incident reviews",
        "hiring plans",
        "Bring a laptop",
    ]


def test_zoom_block_is_stripped_up_to_my_notes():
    description = (
        "Sam Lee is inviting you to a scheduled Zoom meeting.\n\n"
        "Join Zoom Meeting\nhttps://acme.zoom.us/j/81234567890?pwd=Zk9ab3NUa2ZQdz09\n\n"
        "Meeting ID: 812 3456 7890\nPasscode: 482913\n\n"
        "Dial by your location\n- +1 301 715 8592 US (Washington DC)\n\n"
        "Notes:\n- Sam walked through the pipeline"
    )

    lines = extract.strip_boilerplate(description)

    assert extract.notes_from(lines) == ["Sam walked through the pipeline"]
    assert not any(("812" in line or "482913" in line or "301" in line) for line in lines)


def test_teams_block_is_stripped_and_notes_before_it_stay():
    description = (
        "Notes:\n- roadmap prioritisation\n\n" + "_" * 80 + "\n"
        "Microsoft Teams meeting\nJoin on your computer, mobile app or room device\n"
        "Meeting ID: 123 456 789 012\nPasscode: aB3dE4\n"
        "+1 323-555-0100,,123456789# United States, Los Angeles\n" + "_" * 80 + "\n"
    )

    lines = extract.strip_boilerplate(description)

    assert extract.notes_from(lines) == ["roadmap prioritisation"]
    assert not any(("aB3dE4" in line or "555-0100" in line or "123 456" in line) for line in lines)


def test_meet_and_calendly_lines_are_stripped():
    description = (
        "Join with Google Meet: https://meet.google.com/xkp-qwrt-zmb\n"
        "Or dial: (DE) +49 30 300195061 PIN: 837492615#\n\n"
        "Topics: data platform\n\n"
        "Event Name: Phone Screen\n"
        "Cancel: https://calendly.com/cancellations/8f3c\n"
        "Powered by Calendly.com\n"
        "- dbt migration"
    )

    lines = extract.strip_boilerplate(description)

    assert extract.notes_from(lines) == ["data platform", "dbt migration"]
    assert not any(("837492615" in line or "calendly.com/" in line) for line in lines)


def test_promises_are_notes_that_promise_material():
    notes = [
        "Dana walked through the migration",
        "Promised to send my conference talk: https://talks.example.org/consumers",
        "Will share references by Friday",
        "Priya asked about on-call",
    ]

    assert extract.promises_from(notes) == notes[1:3]
    assert (
        extract.promise_phrase(notes[1])
        == "my conference talk: https://talks.example.org/consumers"
    )


def test_links_come_without_trailing_punctuation_and_once_each():
    notes = [
        "Portfolio: https://alex.example.org/work.",
        "see https://github.com/alexr/tf-pulsar, and https://alex.example.org/work",
    ]

    assert extract.links_from(notes) == [
        "https://alex.example.org/work",
        "https://github.com/alexr/tf-pulsar",
    ]


# --- timeline and phone --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "when"),
    [
        ("They expect to make a decision by Dec 4.", date(2026, 12, 4)),
        ("Decision by 2026-12-04", date(2026, 12, 4)),
        ("They'll let me know by Friday, Dec 4th", date(2026, 12, 4)),
        ("We'll get back to you within 2 weeks.", INTERVIEW_DAY.replace(day=2, month=12)),
        ("Feedback within 3 business days", date(2026, 11, 23)),
        ("Hear back within a week", date(2026, 11, 25)),
        ("Decision by Jan 8", date(2027, 1, 8)),  # next year, not ten months ago
    ],
)
def test_timeline_from_the_notes(line, when):
    assert extract.timeline_from(["Notes:", line], INTERVIEW_DAY) == when


def test_within_two_weeks_is_fourteen_days_after_the_interview_day():
    assert extract.timeline_from(["hear back within 2 weeks"], date(2026, 11, 13)) == date(
        2026, 11, 27
    )


@pytest.mark.parametrize(
    "lines",
    [
        ["Please arrive by Dec 4."],  # a date, but not about a decision
        ["Dana walked through the migration"],
        [],
    ],
)
def test_no_timeline_when_the_notes_state_none(lines):
    assert extract.timeline_from(lines, INTERVIEW_DAY) is None


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("Phone: +49 30 1234567", "+49 30 1234567"),
        ("Mobile - +1 (415) 555-0134", "+1 (415) 555-0134"),
        ("Call me on tel:+4930987654", "+4930987654"),
    ],
)
def test_phone_number_from_a_labelled_line(line, number):
    assert extract.phone_from(["Hi Alex,", line]) == number


def test_no_phone_number_from_unlabelled_digits():
    assert extract.phone_from(["Room 4012, building 7", "Meeting at 10:30"]) is None
