"""An invite's description as the user's lines (invite/text.py): conferencing and scheduler
boilerplate gone in six languages, HTML read as text, and the text's language."""

from __future__ import annotations

import pytest

from calsync.invite import text


def test_zoom_block_goes_up_to_my_notes():
    description = (
        "Sam Lee is inviting you to a scheduled Zoom meeting.\n\n"
        "Join Zoom Meeting\nhttps://acme.zoom.us/j/81234567890?pwd=Zk9ab3NUa2ZQdz09\n\n"
        "Meeting ID: 812 3456 7890\nPasscode: 482913\n\n"
        "Dial by your location\n- +1 301 715 8592 US (Washington DC)\n\n"
        "Notes:\n- Sam walked through the pipeline"
    )
    lines = text.lines(description)
    assert "- Sam walked through the pipeline" in lines
    assert not any(("812" in line or "482913" in line or "301" in line) for line in lines)


def test_a_german_zoom_block_goes_too():
    description = (
        "Anna Braun lädt Sie zu einem geplanten Zoom-Meeting ein.\n\n"
        "Zoom-Meeting beitreten\nhttps://contoso.zoom.us/j/85512345678\n\n"
        "Meeting-ID: 855 1234 5678\nKenncode: 771122\n"
        "Mobilgerät mit einem Fingertipp\n+496938079883,,85512345678# Deutschland\n\n"
        "Notizen:\n- Frau Braun: Datenbank-Migration"
    )
    lines = text.lines(description)
    assert lines[-1] == "- Frau Braun: Datenbank-Migration"
    assert not any("855" in line or "771122" in line or "4969" in line for line in lines)


def test_teams_block_goes_and_the_notes_before_it_stay():
    description = (
        "Notes:\n- roadmap prioritisation\n\n" + "_" * 80 + "\n"
        "Microsoft Teams meeting\nJoin on your computer, mobile app or room device\n"
        "Meeting ID: 123 456 789 012\nPasscode: aB3dE4\n"
        "+1 323-555-0100,,123456789# United States, Los Angeles\n" + "_" * 80 + "\n"
    )
    lines = text.lines(description)
    assert "- roadmap prioritisation" in lines
    assert not any("aB3dE4" in line or "555-0100" in line for line in lines)


def test_meet_and_calendly_lines_go():
    description = (
        "Join with Google Meet: https://meet.google.com/xkp-qwrt-zmb\n"
        "Or dial: (DE) +49 30 300195061 PIN: 837492615#\n\n"
        "Topics: data platform\n\n"
        "Event Name: Phone Screen\n"
        "Cancel: https://calendly.com/cancellations/8f3c\n"
        "Powered by Calendly.com\n"
        "- dbt migration"
    )
    lines = text.lines(description)
    assert "Topics: data platform" in lines and "- dbt migration" in lines
    assert not any("837492615" in line or "calendly.com/" in line for line in lines)


def test_html_lists_stay_bullets_and_table_rows_keep_their_cells_apart():
    description = (
        "<p>Notes:</p><ul><li>Mei asked about caching</li><li>I&#39;ll send my slides</li></ul>"
        "<table><tr><td>10:00</td><td>System design</td><td>Mei Tanaka</td></tr></table>"
    )
    assert text.lines(description) == [
        "Notes:",
        "- Mei asked about caching",
        "- I'll send my slides",
        "10:00\tSystem design\tMei Tanaka",
    ]


def test_text_that_only_looks_like_markup_is_left_as_it_is():
    assert text.lines("Notes:\n- latency < 5 ms > most of the time") == [
        "Notes:",
        "- latency < 5 ms > most of the time",
    ]


def test_a_huge_description_is_read_only_as_far_as_anyone_types():
    lines = text.lines(("x" * 5000 + "\n") * 100)
    assert all(len(line) <= text.MAX_LINE for line in lines)
    assert sum(len(line) + 1 for line in lines) <= text.MAX_TEXT + len(lines)


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("Thank you for your time, we will get back to you by Friday.", "en"),
        ("Vielen Dank für das Gespräch, wir melden uns bis Freitag bei Ihnen.", "de"),
        ("Merci pour votre temps, nous vous donnerons une réponse d'ici vendredi.", "fr"),
        ("Te esperamos en nuestras oficinas; te contestaremos antes del viernes.", "es"),
        ("Bedankt voor het gesprek, we laten je uiterlijk vrijdag weten hoe het zit.", "nl"),
        ("Grazie per il colloquio, ti faremo sapere entro venerdì.", "it"),
    ],
)
def test_the_language_of_one_business_sentence(sentence, language):
    assert text.language(sentence)[0] == language


def test_no_words_to_go_by_is_english_and_unsure():
    assert text.language("+1 303 555 0142 / 10:00–11:00") == ("en", False)
