"""Who an invite's people are: the interviewers to thank, the contact, the role mailboxes, and
how each draft greets them, in the six languages."""

from __future__ import annotations

import pytest

from calsync.invite import people as P
from calsync.invite.facts import Attendee, Invite, Setup
from calsync.invite.text import lines
from calsync.model import Person

SETUP = Setup(me=frozenset({"sam.lee@gmail.com"}))
ME = Attendee("sam.lee@gmail.com", "Sam Lee")


def found(description="", attendees=(), organizer=None, language="en", summary="Interview"):
    everyone = (ME, *attendees) + ((organizer,) if organizer else ())
    invite = Invite(summary=summary, description=description, attendees=everyone)
    return P.people(invite, lines(description), SETUP, language)


def org(email, name=None):
    return Attendee(email, name, organizer=True)


def names(result):
    return [(p.name, p.email or "") for p in result.interviewers]


# --- interviewers from attendees -----------------------------------------------------------


def test_attendee_names_are_read_without_titles_and_in_natural_order():
    result = found(
        attendees=(
            Attendee("jonas.berg@contoso.com", "Dr. Jonas Berg"),
            Attendee("anna.keller@contoso.com", '"Keller, Anna (HR)"'),
            Attendee("lars.olsen@contoso.com", "LARS OLSEN"),
        )
    )
    assert names(result) == [
        ("Jonas Berg", "jonas.berg@contoso.com"),
        ("Anna Keller", "anna.keller@contoso.com"),
        ("Lars Olsen", "lars.olsen@contoso.com"),
    ]
    berg, keller, _ = result.interviewers
    assert berg.title == "Dr." and berg.given == "Jonas" and berg.family == "Berg"
    assert keller.given == "Anna" and keller.family == "Keller" and keller.position == "HR"


@pytest.mark.parametrize(
    ("cn", "name", "given", "family"),
    [
        ("BERG Jonas", "Jonas Berg", "Jonas", "Berg"),
        ("de Vries, Sanne", "Sanne de Vries", "Sanne", "de Vries"),
        ("Jonas M. Berg", "Jonas M. Berg", "Jonas", "Berg"),
        ("María José García", "María José García", None, None),
    ],
)
def test_given_and_family_names_are_split_where_the_writing_shows_it(cn, name, given, family):
    (person,) = found(attendees=(Attendee("x.y@contoso.com", cn),)).interviewers
    assert (person.name, person.given, person.family) == (name, given, family)


def test_a_dutch_family_name_with_its_particle_after_an_honorific():
    (person,) = found("Je spreekt met mevrouw De Vries.", language="nl").interviewers
    assert (person.family, person.given) == ("De Vries", None)
    assert P.greeting(person, "nl") == "Geachte mevrouw De Vries"


def test_a_missing_name_comes_from_the_address_only_when_it_is_first_dot_last():
    result = found(
        attendees=(Attendee("mei.tanaka@contoso.com"), Attendee("jb7@contoso.com")),
    )
    assert names(result) == [("Mei Tanaka", "mei.tanaka@contoso.com")]


def test_names_in_other_scripts_are_kept_as_written():
    result = found(attendees=(Attendee("misaki@contoso.co.jp", "田中美咲"),))
    assert names(result) == [("田中美咲", "misaki@contoso.co.jp")]
    assert P.greeting(result.interviewers[0], "en") == "Dear 田中美咲"


def test_the_user_rooms_robots_and_mailboxes_are_no_interviewers():
    result = found(
        attendees=(
            Attendee("mei.tanaka@contoso.com", "Mei Tanaka"),
            Attendee("room-4b@contoso.com", "Conference Room 4B"),
            Attendee("c_188@resource.calendar.google.com", "Berlin-3-Spree (8)", cutype="ROOM"),
            Attendee("beamer@contoso.com", "Beamer", cutype="RESOURCE"),
            Attendee("no-reply@greenhouse.io", "Greenhouse"),
            Attendee("notifications@goodtime.io"),
            Attendee("recruiting@contoso.com", "Contoso Recruiting"),
            Attendee("contoso@contoso.com", "Contoso"),
            Attendee("personalabteilung@contoso.de", "Personalabteilung"),
        )
    )
    assert names(result) == [("Mei Tanaka", "mei.tanaka@contoso.com")]
    assert result.mailboxes == (
        "contoso@contoso.com",
        "personalabteilung@contoso.de",
        "recruiting@contoso.com",
    )


def test_declined_attendees_get_no_thank_you():
    result = found(
        attendees=(
            Attendee("mei.tanaka@contoso.com", "Mei Tanaka"),
            Attendee("lars.olsen@contoso.com", "Lars Olsen", partstat="DECLINED"),
        )
    )
    assert names(result) == [("Mei Tanaka", "mei.tanaka@contoso.com")]


@pytest.mark.parametrize(
    "email",
    [
        "recruiting@contoso.com",
        "careers@contoso.com",
        "jobs@contoso.com",
        "talent-acquisition@contoso.com",
        "hr@contoso.de",
        "bewerbung@contoso.de",
        "karriere@contoso.de",
        "rh@contoso.fr",
        "recrutement@contoso.fr",
        "rrhh@contoso.es",
        "seleccion@contoso.es",
        "werving@contoso.nl",
        "vacatures@contoso.nl",
        "risorseumane@contoso.it",
        "selezione@contoso.it",
        "contoso@careers.eu.contoso.co.uk",
    ],
)
def test_role_mailboxes_are_known(email):
    assert P.is_mailbox(email)
    assert not P.is_robot(email)


@pytest.mark.parametrize(
    "email",
    [
        "mei.tanaka@contoso.com",
        "hrishikesh@contoso.in",
        "jobsworth.amy@contoso.com",
        "job.devries@contoso.nl",  # Job is a Dutch given name
    ],
)
def test_people_are_not_mailboxes(email):
    assert not P.is_mailbox(email)


def test_a_mailbox_named_after_the_company_in_its_words():
    assert P.is_mailbox("northwindrobotics@nwr.io", ("Northwind Robotics",))
    assert not P.is_mailbox("mei@nwr.io", ("Northwind Robotics",))


@pytest.mark.parametrize(
    "email",
    ["no-reply@greenhouse.io", "noreply@contoso.com", "notifications@lever.co", "x@goodtime.io"],
)
def test_robots_are_known(email):
    assert P.is_robot(email)


# --- interviewers from the description -----------------------------------------------------


def test_people_named_in_english_text_join_their_attendee_entry():
    result = found(
        "You'll meet Mei Tanaka (Staff Engineer) and Dr. Jonas Berg.",
        attendees=(Attendee("mei.tanaka@contoso.com"),),
        organizer=org("lisa.park@contoso.com", "Lisa Park"),
    )
    assert names(result) == [
        ("Mei Tanaka", "mei.tanaka@contoso.com"),
        ("Jonas Berg", ""),
    ]
    mei, jonas = result.interviewers
    assert mei.position == "Staff Engineer"
    assert jonas.title == "Dr."
    assert result.contact.email == "lisa.park@contoso.com"


def test_an_interviewers_label_lists_the_panel():
    result = found("Interviewers: Mei Tanaka, Jonas Berg & Priya Natarajan")
    assert [p.name for p in result.interviewers] == ["Mei Tanaka", "Jonas Berg", "Priya Natarajan"]


def test_positions_after_commas_stay_with_their_person():
    result = found(
        "Your interviewers are Mei Tanaka, Staff Engineer, and Jonas Berg, Engineering Manager."
    )
    assert [(p.name, p.position) for p in result.interviewers] == [
        ("Mei Tanaka", "Staff Engineer"),
        ("Jonas Berg", "Engineering Manager"),
    ]


def test_an_onsite_agenda_names_the_interviewers_once_each():
    agenda = "\n".join(
        [
            "Your onsite schedule:",
            "10:00–10:45  System design — Mei Tanaka",
            "11:00 AM - 11:45 AM | Coding | Jonas Berg, Engineering Manager",
            "12:00–13:00  Lunch with the team",
            "13:00–13:45  Values — Mei Tanaka",
        ]
    )
    result = found(agenda)
    assert [p.name for p in result.interviewers] == ["Mei Tanaka", "Jonas Berg"]
    assert result.interviewers[1].position == "Engineering Manager"


def test_agenda_slots_name_people_before_or_after_the_session():
    agenda = "\n".join(
        [
            "10:00 AM - 10:45 AM PST: Mei Tanaka, Staff Engineer - Technical Interview",
            "11:00 AM - 11:45 AM PST: Jonas Berg - Behavioral Round",
            "9:30-10:30  Coding Exercise  Lars Olsen",
            "14:00–14:45 Fachgespräch mit Dr. Anna Braun",
            "12:00 - 12:30 | Data Scientist | Priya Natarajan, Data Scientist",
        ]
    )
    result = found(agenda)
    assert [p.name for p in result.interviewers] == [
        "Mei Tanaka",
        "Jonas Berg",
        "Lars Olsen",
        "Anna Braun",
        "Priya Natarajan",
    ]


def test_an_address_written_beside_a_name_joins_the_attendee():
    result = found(
        "Interviewers: Mei Tanaka (mtanaka@contoso.com), Jonas Berg <jonas.berg@contoso.com>",
        attendees=(
            Attendee("mtanaka@contoso.com"),
            Attendee("jonas.berg@contoso.com", "Berg, Jonas"),
        ),
    )
    assert names(result) == [
        ("Mei Tanaka", "mtanaka@contoso.com"),
        ("Jonas Berg", "jonas.berg@contoso.com"),
    ]


def test_a_position_after_a_dash_in_the_attendee_name():
    (person,) = found(
        attendees=(Attendee("jane.smith@contoso.com", "Jane Smith - Recruiter"),)
    ).interviewers
    assert (person.name, person.position) == ("Jane Smith", "Recruiter")


def test_german_text_keeps_honorific_and_title():
    result = found(
        "Sie sprechen mit Frau Dr. Anna Braun (Teamleitung) und Herrn Keller.",
        language="de",
    )
    braun, keller = result.interviewers
    assert (braun.name, braun.honorific, braun.title, braun.position) == (
        "Anna Braun",
        "Frau",
        "Dr.",
        "Teamleitung",
    )
    assert (keller.name, keller.honorific, keller.family) == ("Keller", "Herr", "Keller")
    assert P.greeting(braun, "de") == "Sehr geehrte Frau Dr. Braun"
    assert P.greeting(keller, "de") == "Sehr geehrter Herr Keller"


def test_a_german_invite_names_its_panel_and_the_contact_for_questions():
    result = found(
        "Am Gespräch nehmen Frau Dr. Anna Braun und Herr Jonas Keller teil.\n"
        "Ihre Ansprechpartnerin für Rückfragen: Lisa Park, lisa.park@contoso.de",
        organizer=org("no-reply@personio.de"),
        language="de",
    )
    assert [p.name for p in result.interviewers] == ["Anna Braun", "Jonas Keller"]
    assert P.greeting(result.interviewers[1], "de") == "Sehr geehrter Herr Keller"
    assert (result.contact.name, result.contact.email) == ("Lisa Park", "lisa.park@contoso.de")


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Vous rencontrerez Mme Claire Martin et M. Paul Dubois.",
            "fr",
            ["Claire Martin", "Paul Dubois"],
        ),
        ("Te entrevistarán Marta García y Sr. Luis López.", "es", ["Marta García", "Luis López"]),
        ("Je spreekt met Sanne de Vries en meneer Jansen.", "nl", ["Sanne de Vries", "Jansen"]),
        (
            "Incontrerai Marco Rossi e la Sig.ra Giulia Bianchi.",
            "it",
            ["Marco Rossi", "Giulia Bianchi"],
        ),
    ],
)
def test_other_languages_name_the_interviewers(text, language, expected):
    assert [p.name for p in found(text, language=language).interviewers] == expected


def test_a_text_that_names_nobody_adds_nobody():
    result = found(
        "You'll meet the hiring team. Please bring a photo ID.\nLooking forward to it!",
        attendees=(Attendee("mei.tanaka@contoso.com", "Mei Tanaka"),),
    )
    assert names(result) == [("Mei Tanaka", "mei.tanaka@contoso.com")]


# --- the contact -------------------------------------------------------------------------


def test_a_recruiter_who_holds_the_call_alone_is_interviewer_and_contact():
    result = found(organizer=org("jane.recruiter@contoso.com", "Jane Smith"))
    assert names(result) == [("Jane Smith", "jane.recruiter@contoso.com")]
    assert result.contact.email == "jane.recruiter@contoso.com"


def test_a_coordinator_who_only_schedules_is_the_contact_not_an_interviewer():
    result = found(
        attendees=(
            Attendee("lisa.park@contoso.com", "Lisa Park (Recruiting Coordinator)"),
            Attendee("mei.tanaka@contoso.com", "Mei Tanaka"),
        ),
        organizer=org("lisa.park@contoso.com", "Lisa Park (Recruiting Coordinator)"),
    )
    assert names(result) == [("Mei Tanaka", "mei.tanaka@contoso.com")]
    assert result.contact.email == "lisa.park@contoso.com"


def test_a_coordinator_signature_marks_the_organizer_as_the_scheduler():
    result = found(
        "Hi Sam,\nsee you Tuesday.\n\nBest,\nLisa Park\nRecruiting Coordinator | Contoso",
        attendees=(
            Attendee("lisa.park@contoso.com", "Lisa Park"),
            Attendee("mei.tanaka@contoso.com", "Mei Tanaka"),
        ),
        organizer=org("lisa.park@contoso.com", "Lisa Park"),
    )
    assert names(result) == [("Mei Tanaka", "mei.tanaka@contoso.com")]
    assert result.contact.email == "lisa.park@contoso.com"


def test_an_organizer_absent_from_a_named_loop_only_schedules():
    result = found(
        "Interviewers: Mei Tanaka, Jonas Berg",
        attendees=(Attendee("mei.tanaka@contoso.com", "Mei Tanaka"),),
        organizer=org("lisa.park@contoso.com", "Lisa Park"),
    )
    assert [p.name for p in result.interviewers] == ["Mei Tanaka", "Jonas Berg"]
    assert result.contact.email == "lisa.park@contoso.com"


def test_a_scheduler_organizer_leaves_the_contact_to_the_text_recruiter():
    result = found(
        "Questions? Your recruiter Jane Smith (jane.smith@contoso.com) is happy to help.",
        attendees=(Attendee("mei.tanaka@contoso.com", "Mei Tanaka"),),
        organizer=org("no-reply@greenhouse.io", "Greenhouse"),
    )
    assert names(result) == [("Mei Tanaka", "mei.tanaka@contoso.com")]
    assert result.contact.email == "jane.smith@contoso.com"
    assert result.contact.name == "Jane Smith"


def test_a_signature_with_an_address_gives_the_contact():
    result = found(
        "Looking forward to it!\n\nBest,\nLisa Park\nlisa.park@contoso.com\n"
        "Talent Acquisition | Contoso",
        attendees=(Attendee("mei.tanaka@contoso.com", "Mei Tanaka"),),
        organizer=org("no-reply@greenhouse.io"),
    )
    assert (result.contact.name, result.contact.email) == ("Lisa Park", "lisa.park@contoso.com")
    assert names(result) == [("Mei Tanaka", "mei.tanaka@contoso.com")]


def test_an_interviewers_address_in_the_text_does_not_make_them_the_contact():
    result = found(
        "Interviewer: Mei Tanaka (mei.tanaka@contoso.com)", organizer=org("no-reply@ashbyhq.com")
    )
    assert names(result) == [("Mei Tanaka", "mei.tanaka@contoso.com")]
    # No recruiter, coordinator or mailbox: the one person known is whom next steps go to.
    assert result.contact == result.interviewers[0]


def test_else_the_first_role_mailbox_is_the_contact():
    result = found(
        "Fragen bitte an bewerbung@contoso.de.",
        attendees=(Attendee("anna.braun@contoso.de", "Anna Braun"),),
        organizer=org("noreply@personio.de"),
        language="de",
    )
    assert result.contact.email == "bewerbung@contoso.de"
    assert result.mailboxes == ("bewerbung@contoso.de",)
    assert names(result) == [("Anna Braun", "anna.braun@contoso.de")]


def test_a_mailbox_organizer_is_the_contact_and_greeted_as_a_team():
    result = found(
        attendees=(Attendee("mei.tanaka@contoso.com", "Mei Tanaka"),),
        organizer=org("talent@contoso.com", "Contoso Talent"),
    )
    assert result.contact.email == "talent@contoso.com"
    assert P.greeting(result.contact, "en") == "Dear Hiring Team"
    assert names(result) == [("Mei Tanaka", "mei.tanaka@contoso.com")]


def test_no_contact_when_there_is_none():
    assert found(organizer=org("no-reply@calendly.com")).contact is None


# --- greetings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "language", "expected"),
    [
        (Person("Mei Tanaka", given="Mei", family="Tanaka"), "en", "Dear Mei"),
        (Person("Jonas Berg", title="Dr.", given="Jonas", family="Berg"), "en", "Dear Dr. Berg"),
        (
            Person("Anna Keller", honorific="Frau", given="Anna", family="Keller"),
            "de",
            "Sehr geehrte Frau Keller",
        ),
        (
            Person("Anna Braun", title="Dr.", honorific="Herr", family="Braun"),
            "de",
            "Sehr geehrter Herr Dr. Braun",
        ),
        (Person("Anna Braun", given="Anna", family="Braun"), "de", "Guten Tag Anna Braun"),
        (
            Person("Anna Braun", title="Dr.", given="Anna", family="Braun"),
            "de",
            "Guten Tag Dr. Anna Braun",
        ),
        (
            Person("Udo Roth", title="Prof. Dr.", honorific="Herr", family="Roth"),
            "de",
            "Sehr geehrter Herr Prof. Dr. Roth",
        ),
        (
            Person("Claire Martin", honorific="Mme", given="Claire", family="Martin"),
            "fr",
            "Bonjour Madame Martin",
        ),
        (
            Person("Paul Dubois", honorific="M.", given="Paul", family="Dubois"),
            "fr",
            "Bonjour Monsieur Dubois",
        ),
        (Person("Claire Martin", given="Claire", family="Martin"), "fr", "Bonjour Claire Martin"),
        (
            Person("Marta García", honorific="Sra.", given="Marta", family="García"),
            "es",
            "Estimada Sra. García",
        ),
        (
            Person("Luis López", honorific="Sr.", given="Luis", family="López"),
            "es",
            "Estimado Sr. López",
        ),
        (Person("Marta García", given="Marta", family="García"), "es", "Hola, Marta"),
        (Person("Marta Lucía García López", honorific="Sra."), "es", "Estimada Sra. García López"),
        (Person("Sanne de Vries", given="Sanne", family="de Vries"), "nl", "Beste Sanne"),
        (
            Person("Sanne de Vries", honorific="mevrouw", given="Sanne", family="de Vries"),
            "nl",
            "Geachte mevrouw De Vries",
        ),
        (Person("Jansen", honorific="meneer", family="Jansen"), "nl", "Geachte heer Jansen"),
        (Person("Marco Rossi", given="Marco", family="Rossi"), "it", "Gentile Marco Rossi"),
        (
            Person("Marco Rossi", title="Dott.", given="Marco", family="Rossi"),
            "it",
            "Gentile Dott. Rossi",
        ),
        (
            Person("Giulia Bianchi", honorific="Sig.ra", given="Giulia", family="Bianchi"),
            "it",
            "Gentile Sig.ra Bianchi",
        ),
        (Person("田中美咲"), "de", "Guten Tag 田中美咲"),
    ],
)
def test_greetings_follow_each_languages_business_custom(person, language, expected):
    assert P.greeting(person, language) == expected


def test_a_greeting_never_takes_a_title_for_a_first_name():
    (person,) = found(
        attendees=(Attendee("jonas.berg@contoso.com", "Dr. Jonas Berg"),)
    ).interviewers
    assert P.greeting(person, "en") == "Dear Dr. Berg"
    (person,) = found(attendees=(Attendee("anna.keller@contoso.com", "Keller, Anna"),)).interviewers
    assert P.greeting(person, "en") == "Dear Anna"


def test_gender_comes_only_from_a_written_honorific():
    result = found("Vous rencontrerez Mme Claire Martin et Paul Dubois.", language="fr")
    assert [P.greeting(p, "fr") for p in result.interviewers] == [
        "Bonjour Madame Martin",
        "Bonjour Paul Dubois",
    ]


# --- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "description",
    [
        "You'll meet " + "Mei Tanaka and " * 200,
        "x" * 2000,
        "+1 646-558-8656,,81234567890# US (New York)\n+49 69 7104 9922 Germany\n" * 5,
        "<p>You'll meet <b>Mei Tanaka</b> and Jonas&nbsp;Berg</p>",
        "Interviewers: , , ;",
        "10:00–10:45 — ",
    ],
)
def test_bad_input_reads_without_error_and_without_absurd_people(description):
    result = found(description)
    assert len(result.interviewers) <= 3
    assert all(0 < len(p.name) <= 60 for p in result.interviewers)


@pytest.mark.parametrize(
    "description",
    [
        "Interviewers: " + "Ab " * 600,
        "Vous rencontrerez " + "M. " * 600,
        "You'll meet " + "A" * 2000,
    ],
)
def test_repeated_words_and_initials_name_nobody(description):
    assert found(description, language="fr").interviewers == ()


def test_a_name_in_another_script_is_read_from_the_text():
    result = found("You'll meet 田中美咲 and Jonas Berg.")
    assert [p.name for p in result.interviewers] == ["田中美咲", "Jonas Berg"]


def test_html_description_names_its_people():
    result = found("<p>You'll meet <b>Mei Tanaka</b> and Jonas&nbsp;Berg.</p>")
    assert [p.name for p in result.interviewers] == ["Mei Tanaka", "Jonas Berg"]


# --- titles, honorifics and the shapes people are named in ---------------------------------


@pytest.mark.parametrize(
    ("written", "language", "name", "title", "honorific"),
    [
        ("Herr Prof. Dr. Lukas Brandt", "de", "Lukas Brandt", "Prof. Dr.", "Herr"),
        ("Herrn Mag. Thomas Gruber", "de", "Thomas Gruber", "Mag.", "Herr"),
        ("Dr.-Ing. Jan Vogt", "de", "Jan Vogt", "Dr.-Ing.", None),
        ("la Dra. Elena Soto", "es", "Elena Soto", "Dra.", None),
        ("il Dott. Paolo Sala", "it", "Paolo Sala", "Dott.", None),
        ("la Dott.ssa Laura Neri", "it", "Laura Neri", "Dott.ssa", None),
        ("dr. Sanne Visser", "nl", "Sanne Visser", "dr.", None),
        ("el Sr. Andrés Molina", "es", "Andrés Molina", None, "Sr."),
    ],
)
def test_titles_and_honorifics_are_read_off_the_name(written, language, name, title, honorific):
    person = P.parse_name(written, language)
    assert (person.name, person.title, person.honorific) == (name, title, honorific)


@pytest.mark.parametrize(
    ("text", "language", "name", "greeting"),
    [
        (
            "Ihr Gesprächspartner ist Herr Prof. Dr. Lukas Brandt (CTO).",
            "de",
            "Lukas Brandt",
            "Sehr geehrter Herr Prof. Dr. Brandt",
        ),
        (
            "Te entrevistará el Sr. Andrés Molina (CTO).",
            "es",
            "Andrés Molina",
            "Estimado Sr. Molina",
        ),
        (
            "Intervistatrice: Dott.ssa Laura Neri (HR Business Partner)",
            "it",
            "Laura Neri",
            "Gentile Dott.ssa Neri",
        ),
        ("Vous rencontrerez Mme. Claire Petit.", "fr", "Claire Petit", "Bonjour Madame Petit"),
    ],
)
def test_the_dot_of_a_title_or_honorific_does_not_end_the_sentence(text, language, name, greeting):
    (person,) = found(text, language=language).interviewers
    assert person.name == name
    assert P.greeting(person, language) == greeting


@pytest.mark.parametrize(
    ("text", "cn", "language", "greeting"),
    [
        ("Entretien avec M. Julien Moreau.", "Julien Moreau", "fr", "Bonjour Monsieur Moreau"),
        ("Je gesprek is met mevrouw Sanne Visser.", "Sanne Visser", "nl", "Geachte mevrouw Visser"),
        ("Parteciperà la Sig.ra Laura Neri.", "Laura Neri", "it", "Gentile Sig.ra Neri"),
        ("Teilnehmen wird Frau Lena Vogt.", "Lena Vogt", "de", "Sehr geehrte Frau Vogt"),
        ("Entrevista con la Sra. Lucía Vega.", "Lucía Vega", "es", "Estimada Sra. Vega"),
    ],
)
def test_an_honorific_in_the_text_joins_the_attendee_it_names(text, cn, language, greeting):
    email = "x.y@fabrikam.eu"
    (person,) = found(text, attendees=(Attendee(email, cn),), language=language).interviewers
    assert (person.name, person.email) == (cn, email)
    assert P.greeting(person, language) == greeting


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Your final interview with Priya Nair and Dr. Omar Haddad.",
            "en",
            ["Priya Nair", "Omar Haddad"],
        ),
        (
            "Fachinterview mit Herrn Jonas Keller und Lena Vogt.",
            "de",
            ["Jonas Keller", "Lena Vogt"],
        ),
        ("Entretien technique avec Mme Claire Petit.", "fr", ["Claire Petit"]),
        (
            "Entrevista técnica con Lucía Vega y el Sr. Andrés Molina.",
            "es",
            ["Lucía Vega", "Andrés Molina"],
        ),
        ("Gesprek met dr. Sanne Visser en Daan Smit.", "nl", ["Sanne Visser", "Daan Smit"]),
        ("Colloquio con il Dott. Paolo Sala.", "it", ["Paolo Sala"]),
        (
            "Partecipanti: Giulia Neri, Prof. Paolo Sala (consulente)",
            "it",
            ["Giulia Neri", "Paolo Sala"],
        ),
        ("Participants : Claire Petit, M. Julien Moreau", "fr", ["Claire Petit", "Julien Moreau"]),
    ],
)
def test_a_conversation_with_names_or_a_participants_list_names_the_interviewers(
    text, language, expected
):
    assert [p.name for p in found(text, language=language).interviewers] == expected


def test_a_conversation_with_the_company_names_no_person():
    result = found(
        "Interview with Fabrikam Robotics.\nMeeting with Microsoft Teams.",
        attendees=(Attendee("priya.nair@fabrikam-robotics.com", "Priya Nair"),),
    )
    assert names(result) == [("Priya Nair", "priya.nair@fabrikam-robotics.com")]


def test_the_one_who_will_call_is_named_with_their_address():
    result = found(
        "Hi Sam, Jordan Reyes (jordan.reyes@fabrikam.com) will call you at the time above.",
        organizer=org("no-reply@greenhouse.io"),
        summary="Phone screen – Fabrikam",
    )
    assert names(result) == [("Jordan Reyes", "jordan.reyes@fabrikam.com")]
    assert result.contact.email == "jordan.reyes@fabrikam.com"  # the recruiter holds the screen


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        ("Frau Lena Vogt wird Sie anrufen.", "de", "Lena Vogt"),
        ("M. Julien Moreau vous appellera.", "fr", "Julien Moreau"),
        ("La Sra. Lucía Vega te llamará.", "es", "Lucía Vega"),
        ("Daan Smit belt je op het afgesproken tijdstip.", "nl", "Daan Smit"),
        ("Il Dott. Paolo Sala ti chiamerà.", "it", "Paolo Sala"),
    ],
)
def test_the_caller_is_an_interviewer_in_six_languages(text, language, name):
    assert [p.name for p in found(text, language=language).interviewers] == [name]


def test_a_scheduler_booking_one_host_for_a_screen_makes_the_host_the_contact():
    host = Attendee("jordan.reyes@fabrikam.com", "Jordan Reyes")
    screen = found(attendees=(host,), organizer=org("no-reply@calendly.com"), summary="Intro call")
    assert screen.contact.email == "jordan.reyes@fabrikam.com"
    panel = found(
        attendees=(host,),
        organizer=org("no-reply@calendly.com"),
        summary="Onsite",
        description="Questions? Write to recruiting@fabrikam.com",
    )
    assert panel.contact.email == "recruiting@fabrikam.com"  # not the loop's interviewer


def test_the_sender_who_lists_themselves_is_an_interviewer():
    lisa = Attendee("lisa.park@fabrikam.com", "Lisa Park")
    priya = Attendee("priya.nair@fabrikam.com", "Priya Nair")
    both = found(
        "You'll meet me and Priya Nair.",
        attendees=(lisa, priya),
        organizer=org(lisa.email, "Lisa Park"),
    )
    assert [p.name for p in both.interviewers] == ["Lisa Park", "Priya Nair"]
    only = found(
        "You'll meet Priya Nair.", attendees=(lisa, priya), organizer=org(lisa.email, "Lisa Park")
    )
    assert [p.name for p in only.interviewers] == ["Priya Nair"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("14:00 Fachgespräch mit Herrn Jonas Keller", ["Jonas Keller"]),
        (
            "Day 2 – Meet the team: Priya Nair (Design), Omar Haddad (Research)",
            ["Priya Nair", "Omar Haddad"],
        ),
        ("Jour 1 : déjeuner avec Claire Petit", ["Claire Petit"]),
        ("2:00 PM - 2:45 PM  Coding — Priya Nair, Vice President", ["Priya Nair"]),
        ("10:00 - 11:00 CET  System design — Omar Haddad", ["Omar Haddad"]),
        ("9:00 - 9:30 Welcome with Lisa Park (People Team)", []),
        ("9:00 - 9:30 Empfang mit Frau Lena Vogt", []),
        ("9:15 Ontvangst met Daan Smit", []),
    ],
)
def test_agenda_slots_with_one_time_or_a_day_name_their_interviewers(line, expected):
    result = found(line)
    assert [p.name for p in result.interviewers] == expected


def test_a_mailbox_named_after_the_company_by_its_display_name():
    result = found(
        attendees=(Attendee("priya.nair@fabrikamrobotics.com", "Priya Nair"),),
        organizer=org("fabrikam@fabrikamrobotics.com", "Fabrikam Robotics"),
    )
    assert result.mailboxes == ("fabrikam@fabrikamrobotics.com",)
    assert result.contact.email == "fabrikam@fabrikamrobotics.com"
    assert names(result) == [("Priya Nair", "priya.nair@fabrikamrobotics.com")]


def test_a_name_with_an_arabic_particle_is_a_person_not_a_mailbox():
    result = found(
        attendees=(Attendee("priya.nair@fabrikam.nl", "Priya Nair"),),
        organizer=org("youssef.elidrissi@fabrikam.nl", "Youssef el Idrissi"),
        language="nl",
    )
    assert result.mailboxes == ()
    assert result.contact.email == "youssef.elidrissi@fabrikam.nl"
    assert P.greeting(result.contact, "nl") == "Beste Youssef"
