"""The user's notes as attributed items: whose they are, what kind, and a clean phrase."""

from __future__ import annotations

import pytest

from calsync.invite.notes import links, notes
from calsync.invite.text import lines
from calsync.model import Person

MEI = Person("Mei Tanaka", "mei.tanaka@contoso.com", given="Mei", family="Tanaka")
JONAS = Person("Jonas Berg", "jonas.berg@contoso.com", title="Dr.", given="Jonas", family="Berg")
ANNA = Person("Anna Braun", title="Dr.", honorific="Frau", given="Anna", family="Braun")
KELLER = Person("Keller", honorific="Frau", family="Keller")
CLAIRE = Person("Claire Martin", given="Claire", family="Martin")
MARTA = Person("Marta García", given="Marta", family="García")
SANNE = Person("Sanne de Vries", given="Sanne", family="de Vries")
MARCO = Person("Marco Rossi", given="Marco", family="Rossi")


def read(description, *interviewers, language="en"):
    return notes(lines(description), tuple(interviewers), language)


def items(description, *interviewers, language="en"):
    return [
        (n.text, n.kind, n.person, n.shared)
        for n in read(description, *interviewers, language=language)
    ]


def test_labelled_notes_belong_to_their_person_and_read_as_a_clean_phrase():
    result = read(
        "Notes:\n- Mei: asked how I'd size the cache…\n- Jonas — walked through the on-call rota.",
        MEI,
        JONAS,
    )
    assert [(n.text, n.person) for n in result] == [
        ("asked how I'd size the cache", MEI.key),
        ("walked through the on-call rota", JONAS.key),
    ]
    assert result[0].raw == "- Mei: asked how I'd size the cache…"
    assert all(n.kind == "topic" for n in result)


@pytest.mark.parametrize(
    "note",
    [
        "- Mei - asked about sharding",
        "- with Mei: asked about sharding",
        "- @Mei asked about sharding",
        "- Mei asked about sharding",
        "- Tanaka asked about sharding",
        "- Mei Tanaka: asked about sharding...",
    ],
)
def test_every_label_shape_attributes_the_note(note):
    (result,) = read("Notes:\n" + note, MEI, JONAS)
    assert result.person == MEI.key
    assert result.text == "asked about sharding"


def test_a_title_and_family_name_start_a_sentence():
    (result,) = read("- Dr. Berg explained the data model", MEI, JONAS)
    assert (result.person, result.text) == (JONAS.key, "explained the data model")


@pytest.mark.parametrize(
    ("description", "people", "language", "who", "text"),
    [
        (
            "Notizen:\n- mit Frau Keller: Einarbeitung im ersten Monat",
            (ANNA, KELLER),
            "de",
            KELLER,
            "Einarbeitung im ersten Monat",
        ),
        (
            "Notizen:\n- Dr. Braun fragte nach Kafka",
            (ANNA, KELLER),
            "de",
            ANNA,
            "fragte nach Kafka",
        ),
        (
            "Notes personnelles :\n- avec Claire : la migration vers Kubernetes",
            (CLAIRE,),
            "fr",
            CLAIRE,
            "la migration vers Kubernetes",
        ),
        ("Notas:\n- Con Marta: el equipo de datos", (MARTA,), "es", MARTA, "el equipo de datos"),
        (
            "Notities:\n- bij Sanne: de roadmap voor 2027",
            (SANNE,),
            "nl",
            SANNE,
            "de roadmap voor 2027",
        ),
        (
            "Appunti:\n- con Marco: il passaggio a Postgres",
            (MARCO,),
            "it",
            MARCO,
            "il passaggio a Postgres",
        ),
    ],
)
def test_labels_in_six_languages(description, people, language, who, text):
    result = read(description, *people, language=language)
    assert [(n.person, n.text, n.kind) for n in result] == [(who.key, text, "topic")]


@pytest.mark.parametrize(
    ("note", "language"),
    [
        ("the panel asked about my thesis", "en"),
        ("Everyone wanted to know about on-call", "en"),
        ("alle: Fragen zur Teamgröße", "de"),
        ("tout le monde a parlé du télétravail", "fr"),
        ("todos preguntaron por el teletrabajo", "es"),
        ("iedereen vroeg naar thuiswerken", "nl"),
        ("tutti hanno chiesto dello smart working", "it"),
    ],
)
def test_notes_said_to_everyone_are_shared(note, language):
    (result,) = read("Notes:\n- " + note, MEI, JONAS, language=language)
    assert result.shared and result.person is None


@pytest.mark.parametrize(
    ("note", "language"),
    [
        ("I'll send my portfolio link https://samlee.dev/work", "en"),
        ("Jonas: will share the benchmark repo", "en"),
        ("follow up with my portfolio", "en"),
        ("promised the design doc", "en"),
        ("ich schicke Frau Keller meine Arbeitsproben", "de"),
        ("Arbeitsproben schicke ich bis Montag", "de"),
        ("je leur envoie mon portfolio", "fr"),
        ("j'enverrai les références", "fr"),
        ("les envío mi portafolio", "es"),
        ("les enviaré las referencias", "es"),
        ("portfolio stuur ik morgen", "nl"),
        ("ik stuur de referenties", "nl"),
        ("invierò il portfolio", "it"),
        ("mando le referenze domani", "it"),
        # To-dos the user wrote for themselves, imperative or infinitive
        ("Forward the load-test results: https://samlee.dev/load", "en"),
        ("Email them my references", "en"),
        ("Arbeitsproben noch zuschicken", "de"),
        ("envoyer le lien vers mon dépôt", "fr"),
        ("enviar el caso práctico corregido", "es"),
        ("opsturen: mijn portfolio", "nl"),
        ("inviare le slide della presentazione", "it"),
    ],
)
def test_promises_in_six_languages(note, language):
    (result,) = read("Notes:\n- " + note, MEI, JONAS, language=language)
    assert result.kind == "promise"


@pytest.mark.parametrize(
    ("note", "language"),
    [
        ("decision by Friday", "en"),
        ("they'll put me forward to the final round", "en"),
        ("hear back within 2 weeks", "en"),
        ("they'll send me the take-home on Monday", "en"),
        ("Rückmeldung bis 11. Dezember", "de"),
        ("réponse d'ici le 4 décembre", "fr"),
        ("respuesta antes del 4 de diciembre", "es"),
        ("uitslag uiterlijk 3 december", "nl"),
        ("risposta entro il 4 dicembre", "it"),
    ],
)
def test_the_employers_steps_are_timeline_not_promises(note, language):
    (result,) = read("Notes:\n- " + note, MEI, language=language)
    assert result.kind == "timeline"


@pytest.mark.parametrize(
    ("note", "language"),
    [
        ("parking in the garage on 5th Street", "en"),
        ("bring ID for the front desk", "en"),
        ("dress code: business casual", "en"),
        ("Personalausweis mitbringen", "de"),
        ("badge à récupérer à l'accueil", "fr"),
        ("llevar DNI a recepción", "es"),
        ("parkeren in de garage", "nl"),
        ("parcheggio in via Roma", "it"),
    ],
)
def test_logistics_are_no_topics(note, language):
    (result,) = read("Notes:\n- " + note, MEI, language=language)
    assert result.kind == "logistics"


def test_unlabelled_notes_belong_to_nobody_in_particular():
    (result,) = read("Notes:\n- asked about the migration", MEI, JONAS)
    assert result.person is None and not result.shared and result.kind == "topic"


def test_a_notes_heading_with_inline_items():
    assert [n.text for n in read("Topics: caching, sharding, on-call", MEI)] == [
        "caching",
        "sharding",
        "on-call",
    ]


def test_the_employers_agenda_and_instructions_are_never_notes():
    description = "\n".join(
        [
            "Agenda:",
            "- 10:00 Introductions",
            "- 10:15 System design with Mei",
            "",
            "What to bring:",
            "- Photo ID",
            "- Your laptop",
            "",
            "Please arrive 10 minutes early.",
            "",
            "Notes:",
            "- Mei asked about caching",
        ]
    )
    assert items(description, MEI) == [("asked about caching", "topic", MEI.key, False)]


def test_bullets_after_the_employers_paragraph_are_the_users_again():
    description = (
        "Agenda:\n- Intro\n- Coding\n\nLooking forward to it.\n\n- Mei asked about caching"
    )
    assert [n.text for n in read(description, MEI)] == ["asked about caching"]


def test_the_employers_details_as_bullets_are_not_notes_but_the_users_next_list_is():
    description = "Interview Details:\n• Date: Nov 12\n\n• Venue: HQ\n\n- Mei asked about caching"
    assert [n.text for n in read(description, MEI)] == ["asked about caching"]
    assert read("• Datum: 12. November\n• Ort: Berlin", MEI) == ()


def test_dial_in_lines_are_never_notes():
    description = (
        "Notes:\n- +1 646-558-8656,,81234567890#\n- +49 69 7104 9922\n- Mei asked about caching"
    )
    assert [n.text for n in read(description, MEI)] == ["asked about caching"]


def test_links_come_from_the_notes_only():
    description = "\n".join(
        [
            "Prepare with https://contoso.com/candidates/guide",
            "",
            "Notes:",
            "- I'll send my portfolio https://samlee.dev/work.",
            "- talk: https://youtu.be/abc123",
        ]
    )
    assert links(lines(description)) == ("https://samlee.dev/work", "https://youtu.be/abc123")


@pytest.mark.parametrize(
    "description",
    [
        "- " + "word " * 400,
        "Notes:\n" + "x" * 2000,
        "+1 646-558-8656,,81234567890# US\n+49 69 7104 9922 Germany\n" * 10,
        "<ul><li>Mei: asked about caching</li><li>decision by Friday</li></ul>",
        "Notes:\n- \n- …\n- —",
    ],
)
def test_bad_input_gives_no_absurd_notes(description):
    result = read(description, MEI)
    assert all(0 < len(n.text) <= 500 for n in result)
    assert all(n.kind in ("topic", "promise", "timeline", "logistics") for n in result)


def test_html_bullets_are_notes():
    result = read("<p>Notes:<br>- Mei: asked about caching<br>- decision by Friday</p>", MEI)
    assert [(n.text, n.kind, n.person) for n in result] == [
        ("asked about caching", "topic", MEI.key),
        ("decision by Friday", "timeline", None),
    ]


@pytest.mark.parametrize(
    "note",
    [
        "- Frau Dr. Braun: Einarbeitung und Mentoring",
        "- mit Frau Dr. Braun: Einarbeitung und Mentoring",
        "- Prof. Braun: Einarbeitung und Mentoring",
    ],
)
def test_a_label_with_honorific_and_title_together_names_the_person(note):
    (result,) = read("Notizen:\n" + note, ANNA, KELLER, language="de")
    assert (result.person, result.text) == (ANNA.key, "Einarbeitung und Mentoring")


@pytest.mark.parametrize(
    ("note", "who"),
    [
        ("- Lisa: asked me to keep my calendar free next week", "lisa"),
        ("- lisa : asked me to keep my calendar free next week", "lisa"),
        ("- @jordan: asked me to keep my calendar free next week", "jordan"),
        ("- @Jordan asked me to keep my calendar free next week", "jordan"),
    ],
)
def test_a_note_labelled_with_someone_who_is_no_interviewer_is_theirs_alone(note, who):
    description = f"Best,\nLisa Park\nTalent Partner\n\nNotes:\n{note}"
    (result,) = read(description, MEI)
    assert (result.person, result.text) == (who, "asked me to keep my calendar free next week")
    assert result.person != MEI.key  # never quoted back to Mei, the only interviewer


def test_a_label_that_names_nobody_stays_part_of_the_note():
    (result,) = read("Best,\nLisa Park\n\nNotes:\n- Budget: 50k for the first year", MEI)
    assert (result.person, result.text) == (None, "Budget: 50k for the first year")


def test_a_label_naming_the_company_is_no_person():
    description = "Fabrikam Recruiting, jobs@fabrikam.com\n\nNotes:\n- Fabrikam: series B in 2026"
    (result,) = read(description, MEI)
    assert (result.person, result.text) == (None, "Fabrikam: series B in 2026")


@pytest.mark.parametrize(
    "note",
    [
        "nos avisarán la semana que viene",
        "nos contestarán antes del viernes",
        "me llamarán el lunes",
    ],
)
def test_the_employers_answer_in_spanish_is_timeline(note):
    (result,) = read("Notas:\n- " + note, MARTA, language="es")
    assert result.kind == "timeline"
