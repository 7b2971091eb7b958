"""The phrasing helpers: the keyword pattern, a note as a topic phrase, a promise as a phrase
(reading invites is tested in tests/test_invite_*.py)."""

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


# --- phrasing ------------------------------------------------------------------------------


def test_a_promise_as_the_phrase_a_draft_puts_after_as_promised():
    note = "Promised to send my conference talk: https://talks.example.org/consumers"
    assert extract.promise_phrase(note) == "my conference talk: https://talks.example.org/consumers"


def test_a_note_as_a_topic_phrase_and_how_it_reads():
    assert extract.topic_phrase("walked through the migration", None) == (
        "the migration",
        False,
        "noun",
    )
    assert extract.topic_phrase("said the team is moving to Looker", None)[2] == "clause"
