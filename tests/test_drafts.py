"""Draft text (SPEC §1 and §5): personal, brief, with what was promised, and event text as data."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from builders import (
    BERLIN,
    DANA,
    PITCH,
    PRIYA,
    TALK,
    config,
    interview,
    of_kind,
    only,
    panel,
    planned,
)

from calsync import config as config_module
from calsync import drafts
from calsync.drafts import PLACEHOLDER_TOPIC, SEPARATOR
from calsync.model import Person


def email(description: str) -> tuple[str, str]:
    """A DESCRIPTION's draft as (subject, body): the part above the separator line, after the
    `To:` line every e-mail draft starts with."""
    draft = description.split(f"\n{SEPARATOR}\n")[0]
    to, _, draft = draft.partition("\n")
    assert to.startswith("To: ")
    first, _, body = draft.partition("\n\n")
    assert first.startswith("Subject: ")
    return first.removeprefix("Subject: "), body.strip()


def recipient(description: str) -> str:
    return description.partition("\n")[0].removeprefix("To: ")


def body_paragraphs(body: str) -> list[str]:
    """Paragraphs between the greeting ("Dear …,") and the sign-off ("Best regards, name")."""
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    assert paragraphs[0].startswith("Dear ") and paragraphs[0].endswith(",")
    assert paragraphs[-1].startswith("Best regards,")
    return paragraphs[1:-1]


def thank_you_for(followups, person):
    return next(f for f in of_kind(followups, "thank-you") if f.interviewer == person)


@pytest.mark.parametrize("person", [DANA, PRIYA], ids=["dana", "priya"])
def test_panel_thank_you_names_the_person_role_and_company(person):
    subject, body = email(thank_you_for(planned([panel()]), person).description)
    assert body.startswith(f"Dear {person.first_name},\n")
    for text in (subject, body):
        assert "Senior Backend Engineer" in text
        assert "Northwind Robotics" in text
    other = PRIYA if person == DANA else DANA
    assert other.first_name not in body.split("\n\n")[0]


def test_panel_members_get_different_notes_not_just_different_names():
    followups = planned([panel()])
    dana = email(thank_you_for(followups, DANA).description)[1]
    priya = email(thank_you_for(followups, PRIYA).description)[1]
    assert dana.replace("Dana", "NAME") != priya.replace("Priya", "NAME")
    # Each thanks that person for what they talked about, never for a colleague's topic.
    assert "Kafka to Pulsar" in dana and "on-call culture" not in dana
    assert "on-call culture" in priya and "Kafka to Pulsar" not in priya


@pytest.mark.parametrize("person", [DANA, PRIYA], ids=["dana", "priya"])
def test_thank_you_is_brief(person):
    _, body = email(thank_you_for(planned([panel()]), person).description)
    assert 1 <= len(body_paragraphs(body)) <= 3
    assert len(body.split()) <= 180


@pytest.mark.parametrize("person", [DANA, PRIYA], ids=["dana", "priya"])
def test_thank_you_carries_the_promised_link_the_pitch_and_the_signature(person):
    _, body = email(thank_you_for(planned([panel()]), person).description)
    assert TALK in body
    assert PITCH in body
    assert body.endswith("Best regards,\nAlex Rivera")


@pytest.mark.parametrize(
    ("promise", "sentence"),
    [
        ("Promised to send my notes on backfills", "As promised, here are my notes on backfills."),
        ("Promised to send the case study", "As promised, here is the case study."),
        ("Promised to share links to my talks", "As promised, here are links to my talks."),
        ("Promised to send my thesis", "As promised, here is my thesis."),
    ],
)
def test_the_promise_reads_as_grammatical_english(promise, sentence):
    _, body = email(thank_you_for(planned([panel(promises=(promise,))]), DANA).description)
    assert sentence in body


def test_thank_you_stays_within_three_paragraphs_and_180_words_with_long_notes():
    rambling = " ".join(["very"] * 40)
    promises = (
        f"Promised to send the design doc about {rambling} https://docs.example.org/design",
        f"Promised to share the benchmark results for {rambling} https://bench.example.org/r",
    )
    long_panel = panel(
        notes=(f"Dana walked through {rambling}", f"Priya asked about {rambling}", *promises),
        promises=promises,
        links=("https://docs.example.org/design", "https://bench.example.org/r", TALK),
    )
    for person in (DANA, PRIYA):
        _, body = email(thank_you_for(planned([long_panel]), person).description)
        assert len(body_paragraphs(body)) <= 3
        assert len(body.split()) <= 180, body
        # Shortening must never cut a link the candidate promised.
        assert "https://docs.example.org/design" in body
        assert "https://bench.example.org/r" in body


def test_without_notes_a_visible_placeholder_and_the_personalize_category():
    bare = panel(notes=(), promises=(), links=())
    for thank_you in of_kind(planned([bare]), "thank-you"):
        assert PLACEHOLDER_TOPIC in thank_you.description
        assert "personalize" in thank_you.categories
    for thank_you in of_kind(planned([panel()]), "thank-you"):
        assert PLACEHOLDER_TOPIC not in thank_you.description
        assert "personalize" not in thank_you.categories


@pytest.mark.parametrize("syntax", ["{{x}}", "${role}", "$role", "%(x)s", "{}", "{0}"])
def test_template_syntax_in_event_text_stays_literal(syntax):
    tricky = interview(
        datetime(2026, 11, 17, 14, 0, tzinfo=BERLIN),
        company=f"Acme {syntax} GmbH",
        role=f"Engineer {syntax}",
        notes=(f"Dana walked through the {syntax} templating engine",),
        summary=f"Interview {syntax} — Acme",
    )
    for followup in planned([tricky]):
        assert f"Acme {syntax} GmbH" in followup.description
        assert f"Engineer {syntax}" in followup.description
        assert f"Acme {syntax} GmbH" in followup.summary
    thank_you = only(planned([tricky]), "thank-you").description
    assert f"the {syntax} templating engine" in thank_you
    assert f'"Interview {syntax} — Acme"' in thank_you  # the note line quotes the summary


def test_user_template_overrides_the_shipped_one(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "thank-you.txt").write_text(
        "Subject: Thanks, $greeting\n\n"
        "Hi $greeting, thanks for the $role chat at $company.\n\n$my_name\n",
        encoding="utf-8",
    )
    (tmp_path / "config.toml").write_text('[me]\nname = "Alex Rivera"\n', encoding="utf-8")
    cfg = config_module.load(tmp_path / "config.toml")
    templates = drafts.load_templates(cfg.template_dir)
    followups = planned([panel()], cfg, templates)
    thank_you = thank_you_for(followups, DANA).description
    assert thank_you.startswith(
        "To: Dana Kowalski <dana.kowalski@northwind-robotics.com>\n"
        "Subject: Thanks, Dana\n\nHi Dana, thanks for the Senior Backend Engineer chat at "
        "Northwind Robotics.\n\nAlex Rivera\n"
    )
    # Kinds without an override keep the shipped text.
    assert only(followups, "next-steps").description.startswith(
        "To: Lena Hoffmann <lena.hoffmann@northwind-robotics.com>\nSubject: Following up on the"
    )


def test_next_steps_refers_to_the_latest_round_and_asks_about_the_timeline():
    first = panel()
    second = interview(datetime(2026, 11, 24, 11, 0, tzinfo=BERLIN), uid="final@example.org")
    subject, body = email(only(planned([first, second]), "next-steps").description)
    assert "Tuesday, 24 November" in body
    assert "timeline" in body
    assert body.startswith("Dear Lena,")  # the contact, not an interviewer


def test_final_nudge_says_it_is_the_last_follow_up():
    _, body = email(only(planned([panel()]), "final-nudge").description)
    assert re.search(r"\blast follow-up\b", body)


def test_phone_call_lists_promised_material_and_the_call_window():
    call = only(planned([panel()]), "phone-call").description
    assert "Mention that you sent my conference talk on idempotent consumers" in call
    # The interview says nothing of where the employer is: the user's own clock, named.
    assert "When: Thursday, 19 November, 10:00–16:00 Berlin time" in call
    assert "Call: Lena Hoffmann <lena.hoffmann@northwind-robotics.com>" in call


def test_draft_signature_without_a_name_is_a_visible_placeholder():
    nameless = config_module.Config()
    thank_you = of_kind(planned([panel()], nameless), "thank-you")[0]
    assert thank_you.description.split(f"\n{SEPARATOR}\n")[0].endswith("[your name]\n")
    assert "personalize" in thank_you.categories


def test_each_description_ends_with_a_note_of_when_and_why():
    for followup in planned([panel()], config()):
        draft, _, note = followup.description.partition(f"\n{SEPARATOR}\n")
        assert note.startswith(f"calsync {followup.kind}: after ")
        assert note.count("\n") == 1


def test_every_email_draft_names_its_recipient():
    """Ready to send means addressed: the interviewer for a thank-you, the contact for the
    application's follow-ups; the phone call is no e-mail."""
    followups = planned([panel()])
    assert recipient(thank_you_for(followups, PRIYA).description) == (
        "Priya Natarajan <priya.natarajan@northwind-robotics.com>"
    )
    for kind in ("next-steps", "final-nudge"):
        assert recipient(only(followups, kind).description) == (
            "Lena Hoffmann <lena.hoffmann@northwind-robotics.com>"
        )
    assert only(followups, "phone-call").description.startswith("Subject: ")


def test_a_recipient_the_invite_does_not_give_is_a_visible_placeholder():
    named_only = Person("Jonas Berg", None)
    mailbox = Person("", "recruiting@contoso.example")
    comma = Person("Berg, Jonas", "jonas.berg@contoso.example")
    followups = planned([panel(interviewers=(named_only, comma), contact=mailbox)])
    (jonas,) = [f for f in of_kind(followups, "thank-you") if f.interviewer == named_only]
    assert recipient(jonas.description) == "Jonas Berg <[e-mail address]>"
    assert "personalize" in jonas.categories
    (quoted,) = [f for f in of_kind(followups, "thank-you") if f.interviewer == comma]
    assert recipient(quoted.description) == '"Berg, Jonas" <jonas.berg@contoso.example>'
    assert recipient(only(followups, "next-steps").description) == "recruiting@contoso.example"
    nobody = planned([panel(contact=None)])
    assert recipient(only(nobody, "next-steps").description).startswith("[recipient: ")
    assert "personalize" in only(nobody, "next-steps").categories


def test_next_steps_and_the_final_nudge_recall_the_decision_date_the_employer_gave():
    """The panel said it would decide by 4 December: both follow-ups after it say so."""
    followups = planned([panel(timeline=date(2026, 12, 4))])
    _, next_steps = email(only(followups, "next-steps").description)
    assert "You mentioned that you hoped to decide by Friday, 4 December." in next_steps
    _, nudge = email(only(followups, "final-nudge").description)
    assert "You had mentioned a decision by Friday, 4 December." in nudge
    silent = planned([panel(timeline=None)])
    for kind in ("next-steps", "final-nudge"):
        _, body = email(only(silent, kind).description)
        assert "mentioned" not in body
        assert ".  " not in body and " ." not in body  # no gap where the sentence would be
