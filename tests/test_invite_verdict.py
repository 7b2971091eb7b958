"""Which candidate events are the user's own job interviews, and the reasons that decided."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from calsync.invite import verdict as v
from calsync.invite.facts import Attendee, Invite, Setup
from calsync.invite.text import lines as text_lines
from calsync.model import Person

ME = frozenset({"sam.lee@gmail.com", "sam@samlee.dev"})
SETUP = Setup(me=ME)


@dataclass(frozen=True)
class Found:
    """Stand-in for people.Found."""

    interviewers: tuple[Person, ...] = ()
    contact: Person | None = None
    mailboxes: tuple[str, ...] = ()


def invite(summary, *emails, description="", categories=(), organizer=None, me="sam.lee@gmail.com"):
    """The user plus the given addresses; the first address organizes unless `organizer`."""
    people = [Attendee(me, "Sam Lee", organizer=organizer == me)]
    for i, email in enumerate(emails):
        is_org = email == organizer if organizer else i == 0
        people.append(Attendee(email, None, organizer=is_org))
    return Invite(summary, description, categories=tuple(categories), attendees=tuple(people))


def judge(inv: Invite, setup: Setup = SETUP):
    return v.judge(inv, text_lines(inv.description), Found(), setup)


def reasons(verdict) -> str:
    return "; ".join(verdict.reasons)


# --- in ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("summary", "reason"),
    [
        ("Superday - Globex", 'title "Superday"'),
        ("Take-Home Review", 'title "Take-Home Review"'),
        ("Case Study Presentation – Contoso", 'title "Case Study Presentation"'),
        ("Technical Assessment (90 min)", 'title "Technical Assessment"'),
        ("Recruiter Screen: Sam Lee", 'title "Recruiter Screen"'),
        ("Hiring Manager Call - Fabrikam", 'title "Hiring Manager Call"'),
        ("Onsite Loop — Contoso", 'title "Onsite'),
        ("Interview with Contoso", 'title "Interview"'),
        ("Technical interview — Nimbus Labs", 'title "Technical interview"'),
        ("Vorstellungsgespräch bei Contoso GmbH", 'title "Vorstellungsgespräch"'),
        ("Kennenlerngespräch mit der Müller AG", 'title "Kennenlerngespräch"'),
        ("Entretien avec Qonto", 'title "Entretien"'),
        ("Entrevista técnica - Cabify", 'title "Entrevista'),
        ("Sollicitatiegesprek bij Adyen", 'title "Sollicitatiegesprek"'),
        ("Colloquio con Satispay", 'title "Colloquio"'),
        ("ınterview with Acme", 'title "ınterview"'),  # the keyword scan takes dotless ı for i
    ],
)
def test_interview_titles_in_six_languages_count_with_their_reason(summary, reason):
    verdict = judge(invite(summary, "r@contoso.com"))

    assert verdict.interview
    assert reason in reasons(verdict)


def test_the_scheduling_tool_is_a_reason_too():
    verdict = judge(invite("Take-Home Review", "scheduling@goodtime.io"))

    assert verdict.interview
    assert "organizer goodtime.io" in verdict.reasons


def test_a_category_counts():
    verdict = judge(invite("Contoso / Sam", "r@contoso.com", categories=["Interview"]))

    assert verdict.interview
    assert "category Interview" in verdict.reasons


def test_a_weak_title_word_counts_with_an_interview_description():
    inv = invite(
        "Gespräch mit Contoso",
        "hr@contoso.de",
        description="Interviewers:\nAnna Braun (Teamleiterin)",
    )
    verdict = judge(inv)

    assert verdict.interview
    assert 'description "Interviewers:"' in verdict.reasons


def test_a_weak_title_word_alone_is_no_interview():
    verdict = judge(invite("Gespräch mit Tom", "tom@gmail.com"))

    assert not verdict.interview
    assert verdict.reasons


def test_a_keyword_the_user_configured_decides():
    setup = Setup(me=ME, keywords=("hiring chat",))
    verdict = judge(invite("Hiring chat with Globex", "a@globex.com"), setup)

    assert verdict.interview
    assert 'keyword "hiring chat"' in verdict.reasons


@pytest.mark.parametrize(
    "summary",
    [
        "Training Manager Interview",
        "Practice Lead interview - Contoso",
        "Colloquio - Formazione Manager",
    ],
)
def test_a_job_title_that_starts_with_a_practice_word_is_still_an_interview(summary):
    assert judge(invite(summary, "r@contoso.com")).interview


def test_a_coffee_chat_that_is_also_an_interview_counts():
    # Recruiters call first conversations "coffee chats"; when the title also says interview,
    # the employer is interviewing the user.
    verdict = judge(invite("Coffee chat + interview - Contoso", "r@contoso.com"))

    assert verdict.interview


# --- out ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("summary", "word"),
    [
        ("Mock interview with Dana", "Mock"),
        ("Interview prep — system design", "prep"),
        ("Practice interview", "Practice"),
        ("Interview coaching with Priya", "coaching"),
        ("Coffee chat: tips for my interview", "tips"),
        ("Interview training for team leads", "training"),
        ("How to interview: workshop", "How to interview"),
        ("Coffee chat with Priya", "Coffee chat"),
        ("Networking call", "Networking"),
        ("Vorbereitung Vorstellungsgespräch", "Vorbereitung"),
        ("Probe-Interview mit Jonas", "Probe-Interview"),
        ("Übung: Vorstellungsgespräch", "Übung"),
        ("Préparation entretien Qonto", "Préparation"),
        ("Entraînement à l'entretien", "Entraînement"),
        ("Simulacro de entrevista", "Simulacro"),
        ("Preparación entrevista Cabify", "Preparación"),
        ("Voorbereiding sollicitatiegesprek", "Voorbereiding"),
        ("Oefengesprek sollicitatie", "Oefengesprek"),
        ("Preparazione colloquio", "Preparazione"),
        ("Simulazione colloquio", "Simulazione"),
    ],
)
def test_preparation_practice_training_and_networking_are_out(summary, word):
    verdict = judge(invite(summary, "friend@gmail.com"))

    assert not verdict.interview
    assert f'"{word}' in reasons(verdict)


@pytest.mark.parametrize(
    ("summary", "words"),
    [
        ("Podcast interview with Sam", "Podcast interview"),
        ("User interviews – checkout redesign", "User interviews"),
        ("Exit interview", "Exit interview"),
        ("Nutzerinterview Onboarding", "Nutzerinterview"),
        ("Entretien annuel 2026", "Entretien annuel"),
        ("Mitarbeitergespräch", "Mitarbeitergespräch"),
        ("Functioneringsgesprek", "Functioneringsgesprek"),
        ("Interview debrief - Jordan Park", "Interview debrief"),
        ("Team onsite planning", "Team onsite"),
    ],
)
def test_interviews_of_another_kind_and_appraisals_are_out(summary, words):
    verdict = judge(invite(summary, "r@contoso.com"))

    assert not verdict.interview
    assert f'title "{words}"' in verdict.reasons


@pytest.mark.parametrize(
    "summary", ["Security assessment review", "Recruiter sync", "Gesprek met manager"]
)
def test_weak_words_alone_are_out(summary):
    assert not judge(invite(summary, "r@contoso.com")).interview


def test_configured_exclusions_are_out():
    setup = Setup(me=ME, exclusions=("brown bag",))
    verdict = judge(invite("Interview brown bag", "r@contoso.com"), setup)

    assert not verdict.interview
    assert 'excluded "brown bag"' in verdict.reasons


def test_an_interview_held_with_colleagues_of_the_users_employer_is_out():
    setup = Setup(me=ME, employer_domains=frozenset({"samlee-corp.com"}))
    inv = invite("Interview - Backend candidate", "lead@samlee-corp.com", "hr@eu.samlee-corp.com")
    verdict = judge(inv, setup)

    assert not verdict.interview
    assert "all others from samlee-corp.com, your employer" in verdict.reasons


def test_without_employer_domains_the_users_own_corporate_address_says_the_employer():
    setup = Setup(me=frozenset({"sam.lee@gmail.com", "sam@samlee-corp.com"}))
    inv = invite("Interview", "lead@samlee-corp.com", me="sam@samlee-corp.com")

    assert not judge(inv, setup).interview


def test_the_users_mail_provider_is_no_employer():
    inv = invite("Interview", "someone@gmail.com")

    assert judge(inv).interview


def test_an_interview_the_user_organizes_for_a_candidate_is_out():
    inv = invite(
        "Interview: candidate Jordan Park",
        "mei@contoso.com",
        "jonas@contoso.com",
        organizer="sam.lee@gmail.com",
    )
    verdict = judge(inv)

    assert not verdict.interview
    assert "you organize it" in reasons(verdict)


def test_an_interview_the_user_copied_into_their_calendar_still_counts():
    inv = invite("Interview with Contoso", "mei@contoso.com", organizer="sam.lee@gmail.com")

    assert judge(inv).interview


def test_interviewers_from_the_same_employer_as_a_scheduler_robot_still_count():
    setup = Setup(me=ME, employer_domains=frozenset({"samlee-corp.com"}))
    inv = invite("Onsite Interview", "scheduling@goodtime.io", "mei@contoso.com")

    assert judge(inv, setup).interview


# --- travel and technical tests -------------------------------------------------------------


@pytest.mark.parametrize(
    "summary",
    [
        "Flight to Boston (LH 422) – Contoso onsite",
        "✈ AF1234 for the onsite",
        "Zug nach München zum Vorstellungsgespräch",
        "Vol AF1234 pour l'entretien chez Qonto",
        "Vuelo a Madrid – entrevista",
        "Vlucht naar Amsterdam voor sollicitatiegesprek",
        "Treno per Milano – colloquio",
        "Stay at The Kendall – onsite",
        "Drive to Contoso onsite",
    ],
)
def test_the_journey_to_an_interview_is_no_interview(summary):
    verdict = judge(invite(summary, "r@contoso.com"))

    assert not verdict.interview
    assert reasons(verdict).startswith("travel")


@pytest.mark.parametrize(
    "summary",
    [
        "Hotel Manager Interview – Hilton",
        "Travel Consultant Interview – TUI",
        "Zug Estates AG – Vorstellungsgespräch",  # Zug, the Swiss town
    ],
)
def test_a_travel_word_in_a_job_or_a_name_is_still_an_interview(summary):
    assert judge(invite(summary, "r@contoso.com")).interview


@pytest.mark.parametrize(
    ("summary", "reason"),
    [
        ("Technische assessment – Adyen", 'title "Technische assessment"'),
        ("Technisches Assessment – Contoso", 'title "Technisches Assessment"'),
        ("Assessment technique – Qonto", 'title "Assessment technique"'),
        ("Assessment tecnico – Satispay", 'title "Assessment tecnico"'),
    ],
)
def test_a_technical_assessment_in_other_languages_counts(summary, reason):
    verdict = judge(invite(summary, "r@contoso.com"))

    assert verdict.interview
    assert reason in reasons(verdict)


@pytest.mark.parametrize(
    "summary",
    ["Test technique – Qonto", "Prueba técnica", "Prova tecnica", "Technische toets – Adyen"],
)
def test_a_technical_test_counts_only_with_a_hiring_sign(summary):
    # "Test tecnico dell'impianto" is a machine's: the title alone does not say hiring.
    alone = judge(invite(summary, "r@contoso.com"))
    sent_by_lever = judge(invite(summary, "no-reply@hire.lever.co"))

    assert not alone.interview
    assert sent_by_lever.interview
    assert "organizer hire.lever.co" in sent_by_lever.reasons


def test_the_default_keywords_let_technical_tests_reach_the_verdict():
    from calsync import extract
    from calsync.config import DEFAULT_KEYWORDS

    found = extract.keyword_pattern(DEFAULT_KEYWORDS)
    for summary in ("Test technique – Qonto", "Prueba técnica – Cabify", "Prova tecnica"):
        assert found.search(summary), summary
    setup = Setup(me=ME, keywords=DEFAULT_KEYWORDS)
    assert not judge(invite("Prueba técnica", "r@contoso.com"), setup).interview


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "summary", ["Interview " + "x" * 2000, "!!! --- ??? ::: |||", "", "interview" * 300]
)
def test_bad_titles_never_raise(summary):
    inv = invite(summary, "x@localhost", "y@192.168.1.1", "z@", "@")

    verdict = judge(inv)
    assert isinstance(verdict.interview, bool)
    assert verdict.reasons
