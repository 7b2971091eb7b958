"""Company and role from an invite's evidence: title segments, ATS title shapes, labelled lines
in six languages, agency clients, and the corporate e-mail domain that cross-checks them."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from calsync.invite import company as co
from calsync.invite.facts import Attendee, Invite, Setup
from calsync.invite.text import lines as text_lines
from calsync.model import Person

ME = frozenset({"sam.lee@gmail.com", "sam@samlee.dev"})
SETUP = Setup(me=ME)


@dataclass(frozen=True)
class Found:
    """Stand-in for people.Found: the fields company() reads."""

    interviewers: tuple[Person, ...] = ()
    contact: Person | None = None
    mailboxes: tuple[str, ...] = ()


def invite(summary, *emails, description="", organizer=None, names=None) -> Invite:
    """An invite with the user, the organizer (first address unless given) and attendees."""
    names = names or {}
    people = [Attendee("sam.lee@gmail.com", "Sam Lee")]
    for i, email in enumerate(emails):
        is_org = email == organizer if organizer else i == 0
        people.append(Attendee(email, names.get(email), organizer=is_org))
    return Invite(summary=summary, description=description, attendees=tuple(people))


def company(inv: Invite, found: Found = Found(), setup: Setup = SETUP, language="en"):
    return co.company(inv, text_lines(inv.description), found, setup, language)


def role(inv: Invite, language="en"):
    lines = text_lines(inv.description)
    employer = co.company(inv, lines, Found(), SETUP, language)
    return co.role(inv, lines, employer, language)


def value(fact) -> str:
    return fact.value if fact else ""


# --- registrable and corporate domains ----------------------------------------------------


@pytest.mark.parametrize(
    ("domain", "registrable"),
    [
        ("careers.eu.contoso.co.uk", "contoso.co.uk"),
        ("Mail.Northwind-Robotics.com", "northwind-robotics.com"),
        ("eu.greenhouse-mail.io", "greenhouse-mail.io"),
        ("localhost", "localhost"),
        ("192.168.0.1", "192.168.0.1"),
        ("", ""),
    ],
)
def test_registrable_domain_is_the_part_a_company_registers(domain, registrable):
    assert co.registrable(domain) == registrable


@pytest.mark.parametrize(
    "domain",
    [
        "gmail.com",
        "web.de",
        "orange.fr",
        "libero.it",
        "greenhouse-mail.io",
        "hire.lever.co",
        "ashbyhq.com",
        "myworkdayjobs.com",
        "goodtime.io",
        "teams.microsoft.com",
        "zoom.us",
        "calendly.com",
        "teamtailor-mail.com",
        "personio.de",
        "localhost",
        "10.0.0.1",
        "",
    ],
)
def test_mail_providers_and_hiring_services_say_nothing_about_the_employer(domain):
    assert not co.is_corporate(domain, SETUP)


def test_a_plain_domain_is_read_without_loading_the_suffix_list():
    # The list takes a noticeable part of a big calendar's run to load: contoso.com needs none.
    code = (
        "import sys; from calsync.invite import company as co; from calsync.invite.facts import"
        " Setup; assert co.registrable('contoso.com') == 'contoso.com';"
        " assert co.is_corporate('contoso.com', Setup());"
        " assert co.registrable('globex.example') == 'globex.example';"
        " assert 'publicsuffixlist' not in sys.modules, 'loaded'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parent.parent)


def test_an_employer_domain_is_corporate_but_not_the_users_own():
    mine = Setup(me=ME, employer_domains=frozenset({"samlee-corp.com"}))

    assert co.is_corporate("careers.eu.contoso.co.uk", mine)
    assert not co.is_corporate("eu.samlee-corp.com", mine)


# --- company: title segments cross-checked with the domain --------------------------------


def test_greenhouse_title_names_the_company_and_it_matches_the_domain():
    fact = company(invite("Interview with Sam Lee for Senior Engineer at Contoso", "r@contoso.com"))

    assert fact.value == "Contoso"
    assert "contoso.com" in fact.why


def test_lever_title_with_the_candidate_and_company_on_either_side():
    assert value(company(invite("Sam Lee <> Contoso - Onsite", "no-reply@hire.lever.co"))) == (
        "Contoso"
    )


@pytest.mark.parametrize("organizer", ["no-reply@hire.lever.co", "jobs@contoso.com"])
def test_a_sender_named_after_the_company_is_no_person(organizer):
    inv = invite("Sam Lee <> Contoso - Onsite", organizer, names={organizer: "Contoso"})

    assert value(company(inv)) == "Contoso"


def test_a_title_of_two_people_leaves_the_company_to_the_domain():
    inv = invite(
        "Sam Lee <> Alex Doe", "alex.doe@initech.io", names={"alex.doe@initech.io": "Alex Doe"}
    )
    fact = company(inv)

    assert fact.value == "Initech"
    assert fact.why == "domain initech.io"


def test_calendly_between_names_are_people_not_the_company():
    inv = invite(
        "30 Minute Meeting between Sam Lee and Alex Doe",
        "alex.doe@northwind-robotics.co.uk",
    )

    assert value(company(inv)) == "Northwind Robotics"


def test_calendly_event_name_before_between_can_name_the_company():
    inv = invite("Globex Recruiter Screen between Sam Lee and Alex Doe", "alex@globex.com")

    assert value(company(inv)) == "Globex"


def test_durations_and_requisition_numbers_are_never_the_company():
    inv = invite("Superday (3 days) - REQ-5521 - #1234", "ana@globex-corp.com")

    assert value(company(inv)) == "Globex Corp"


def test_where_segments_disagree_the_one_matching_the_domain_wins():
    inv = invite("Onsite - Platform Team - Contoso", "mei@careers.eu.contoso.co.uk")
    fact = company(inv)

    assert fact.value == "Contoso"
    assert "contoso.co.uk" in fact.why


def test_a_legal_suffix_still_matches_the_domain():
    fact = company(invite("Contoso Ltd: Final Interview", "mei@careers.eu.contoso.co.uk"))

    assert fact.value == "Contoso Ltd"
    assert "matches contoso.co.uk" in fact.why


def test_an_interviewer_named_only_in_the_description_is_no_company():
    found = Found(interviewers=(Person("Dana Kowalski"),))

    assert company(invite("Interview with Dana Kowalski", "dana@gmail.com"), found) is None


def test_the_users_own_name_is_no_company():
    assert value(company(invite("Sam Lee - Hiring Manager Call - Fabrikam", "hm@gmail.com"))) == (
        "Fabrikam"
    )


def test_a_goodtime_hold_from_the_companys_candidate_calendar():
    # GoodTime marks unconfirmed events "[Hold]" and sends from "<Company> Candidate Calendar".
    calendar = "c_1f2e@group.calendar.google.com"
    inv = invite(
        "[Hold] Onsite Interview - Contoso",
        calendar,
        names={calendar: "Contoso Candidate Calendar"},
    )

    assert value(company(inv)) == "Contoso"


@pytest.mark.parametrize(
    "summary",
    [
        "Take-Home Review with Mei Tanaka",  # only mei.tanaka@ is known
        "Interview mit Herrn Dr. Braun",  # an honorific says person
        "Coding Interview (CoderPad)",  # the tool, not the employer
        "Entretien avec Mme Lefèvre",
    ],
)
def test_people_and_tools_in_the_title_leave_the_company_to_the_domain(summary):
    inv = invite(summary, "mei.tanaka@northwind-robotics.co.uk")

    assert value(company(inv)) == "Northwind Robotics"


def test_the_users_own_employer_domain_is_no_evidence():
    mine = Setup(me=ME, employer_domains=frozenset({"samlee-corp.com"}))
    inv = invite("Interview", "boss@samlee-corp.com", "mei@contoso.com")

    assert value(company(inv, setup=mine)) == "Contoso"


def test_agency_invite_names_the_client_in_the_title():
    fact = company(invite("Interview (client: Some Company)", "jane@hays.com"))

    assert fact.value == "Some Company"
    assert "client" in fact.why


def test_agency_invite_names_the_client_in_a_line():
    inv = invite("Interview - Data Engineer", "jane@hays.com", description="Client: Umbrella Corp")

    assert value(company(inv)) == "Umbrella Corp"


# --- company in six languages ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "summary", "emails", "description", "expected"),
    [
        (
            "en",
            "Technical Interview",
            ("eng@fabrikam.com",),
            "Company: Fabrikam Inc.",
            "Fabrikam Inc.",
        ),
        (
            "de",
            "Vorstellungsgespräch Softwareentwickler (m/w/d) bei Contoso GmbH",
            ("hr@contoso.de",),
            "",
            "Contoso GmbH",
        ),
        (
            "de",
            "Vorstellungsgespräch",
            ("hr@gmx.de",),
            "Unternehmen: Müller Logistik GmbH",
            "Müller Logistik GmbH",
        ),
        (
            "de",
            "Interview – Teamleiter Vertrieb",
            ("x@hays.de",),
            "Kunde: Beispiel AG",
            "Beispiel AG",
        ),
        (
            "fr",
            "Entretien technique – Développeur Backend (H/F) – Qonto",
            ("rh@qonto.com",),
            "",
            "Qonto",
        ),
        ("fr", "Entretien", ("rh@orange.fr",), "Entreprise : Doctolib", "Doctolib"),
        ("es", "Entrevista técnica", ("marta@cabify.com",), "", "Cabify"),
        (
            "es",
            "Entrevista con Marta García - Desarrollador Backend",
            ("marta@typeform.com",),
            "",
            "Typeform",
        ),
        ("es", "Entrevista", ("rrhh@gmail.com",), "Empresa: Telefónica", "Telefónica"),
        ("nl", "Sollicitatiegesprek bij Adyen", ("hr@adyen.com",), "", "Adyen"),
        (
            "nl",
            "Sollicitatiegesprek",
            ("werving@randstad.nl",),
            "Opdrachtgever: Rabobank",
            "Rabobank",
        ),
        ("nl", "Kennismakingsgesprek", ("x@gmail.com",), "Bedrijf: Coolblue", "Coolblue"),
        (
            "it",
            "Colloquio tecnico con Giulia Rossi",
            ("giulia.rossi@satispay.com",),
            "",
            "Satispay",
        ),
        (
            "it",
            "Colloquio presso Fincantieri - Sviluppatore Java",
            ("hr@libero.it",),
            "",
            "Fincantieri",
        ),
        ("it", "Colloquio", ("selezione@gmail.com",), "Azienda: Luxottica", "Luxottica"),
        (
            "de",
            "2. Vorstellungsgespräch – Müller & Söhne GmbH",
            ("a@gmx.de",),
            "",
            "Müller & Söhne GmbH",
        ),
        ("en", "Interview - Fabrikam Inc.", ("a@gmail.com",), "", "Fabrikam Inc."),
    ],
)
def test_company_in_six_languages(language, summary, emails, description, expected):
    inv = invite(
        summary,
        *emails,
        description=description,
        names={"marta@typeform.com": "Marta García", "giulia.rossi@satispay.com": "Giulia Rossi"},
    )

    assert value(company(inv, language=language)) == expected


def test_a_labelled_line_says_which_label():
    inv = invite(
        "Vorstellungsgespräch", "hr@gmx.de", description="Unternehmen: Müller Logistik GmbH"
    )

    assert company(inv, language="de").why == "Unternehmen: line"


def test_a_meeting_word_or_ordinary_word_alone_names_no_company():
    for summary in (
        "Entrevista técnica",
        "Entretien de la semaine",
        "Gespräch und Termin",
        "Final",
    ):
        assert company(invite(summary, "x@gmail.com")) is None


# --- company: the name as written, where the domain strings it together --------------------


@pytest.mark.parametrize(
    ("summary", "email", "description", "sender", "expected"),
    [
        (
            "Interview - Senior Engineer",
            "rita@northwindtraders.com",
            "We look forward to your visit at Northwind Traders.",
            None,
            "Northwind Traders",
        ),
        (  # umlauts written out in the domain, as German domains do
            "Vorstellungsgespräch",
            "hr@mueller-logistik.de",
            "Ihr Gespräch bei der Müller Logistik findet in Hamburg statt.",
            None,
            "Müller Logistik",
        ),
        (
            "Entretien",
            "rh@belleepoque.fr",
            "Merci de votre intérêt pour Belle Époque.",
            None,
            "Belle Époque",
        ),
        (
            "Entrevista",
            "rrhh@solymar.es",
            "Gracias por tu interés en Sol y Mar.",
            None,
            "Sol y Mar",
        ),
        (
            "Sollicitatiegesprek",
            "hr@dewindmolen.nl",
            "Welkom bij De Windmolen!",
            None,
            "De Windmolen",
        ),
        ("Colloquio", "hr@pastaperfetta.it", "", "Pasta Perfetta Risorse Umane", "Pasta Perfetta"),
    ],
)
def test_the_name_as_the_invite_writes_it_wins_over_the_domain_label(
    summary, email, description, sender, expected
):
    inv = invite(summary, email, description=description, names={email: sender})
    fact = company(inv)

    assert fact.value == expected
    assert "written in the invite" in fact.why


def test_a_name_that_begins_with_the_domain_runs_on_to_the_department():
    # initech.com, written "Initech Software" and signed by its talent team
    inv = invite(
        "Phone screen",
        "talent@initech.com",
        description="Thanks for applying.\nInitech Software Talent Team",
    )

    assert value(company(inv)) == "Initech Software"


def test_a_name_written_with_its_legal_form_ends_there():
    inv = invite(
        "Interview", "hr@fabrikam.com", description="Welcome to Fabrikam Inc. We are glad."
    )

    assert value(company(inv)) == "Fabrikam Inc."


def test_an_interviewer_named_like_the_company_is_still_a_person():
    email = "jan.bosch@bosch.com"
    found = Found(interviewers=(Person("Jan Bosch", email),), contact=Person("Jan Bosch", email))

    assert value(company(invite("Interview with Jan Bosch", email), found)) == "Bosch"


def test_an_interviewer_with_a_domain_of_her_own_is_still_a_person():
    # ann.lee@annleeconsulting.com is Ann Lee; the firm is what the text writes
    email = "ann.lee@annleeconsulting.com"
    inv = invite(
        "Interview with Ann Lee",
        email,
        names={email: "Ann Lee"},
        description="Ann Lee Consulting, Hamburg",
    )

    assert value(company(inv)) == "Ann Lee Consulting"


def test_the_domain_label_stays_when_the_invite_never_writes_the_name():
    assert value(company(invite("Onsite", "a.b@acmewidgets.com"))) == "Acmewidgets"


def test_a_sender_named_like_the_domain_is_the_company_not_a_person():
    # A mailbox called after the company ("Globex Health" <globex@globexhealth.com>) must not
    # make the title's "Globex Health" look like a person's name.
    sender = "globex@globexhealth.com"
    inv = invite(
        "Panel – Globex Health – Data Lead",
        sender,
        "ana.ruiz@globexhealth.com",
        names={sender: "Globex Health", "ana.ruiz@globexhealth.com": "Ana Ruiz"},
    )
    found = Found(contact=Person("Globex Health", sender))

    assert value(company(inv, found)) == "Globex Health"


def test_a_contact_mailbox_with_a_team_word_is_the_company_not_a_person():
    # "Fabrikam Media Karriere" <karriere@fabrikammedia.de> organizes: its words are no
    # person's, so the title's "Fabrikam Media" is the company, not the domain's label.
    mailbox = "karriere@fabrikammedia.de"
    inv = invite(
        "Zweitgespräch – Fabrikam Media", mailbox, names={mailbox: "Fabrikam Media Karriere"}
    )
    found = Found(contact=Person("Fabrikam Media Karriere", mailbox), mailboxes=(mailbox,))

    assert value(company(inv, found, language="de")) == "Fabrikam Media"


@pytest.mark.parametrize(
    "summary",
    [
        "Online-Interview 2/3 – Fabrikam",  # a hyphenated meeting word and a counter
        "Interview vor Ort – Fabrikam",  # German "on site"
        "Video-Call (1/2) – Fabrikam",
        "Entretien sur site – Fabrikam",
        "Vor-Ort-Gespräch (Teil 2) – Fabrikam",
        "Entrevista presencial (parte 2) – Fabrikam",
        "Videogesprek 1/2 – Fabrikam",  # a Dutch compound of the interview noun
        "Colloquio in sede 1/2 – Fabrikam",
        "In-person interview – Fabrikam",
    ],
)
def test_counters_and_meeting_compounds_are_never_the_company(summary):
    assert value(company(invite(summary, "a.b@gmail.com"))) == "Fabrikam"


@pytest.mark.parametrize(
    ("summary", "expected_role"),
    [
        ("Entrevista - Técnico de Laboratorio - Grupo Sol", "Técnico de Laboratorio"),
        ("Colloquio – Tecnico di laboratorio – Grupo Sol", "Tecnico di laboratorio"),
        ("Interview – Recursos Humanos – Grupo Sol", ""),  # a department, not the company
    ],
)
def test_a_job_or_department_segment_is_never_the_company(summary, expected_role):
    inv = invite(summary, "a.b@gmail.com")

    assert value(company(inv)) == "Grupo Sol"
    assert value(role(inv)) == expected_role


def test_a_meeting_adjective_after_its_noun_is_no_job():
    for summary in ("Colloquio tecnico - Fincantieri", "Entrevista técnica - Grupo Sol"):
        assert role(invite(summary, "a.b@gmail.com")) is None


# --- role ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("summary", "description", "expected", "language"),
    [
        ("Interview with Sam Lee for Senior Engineer at Contoso", "", "Senior Engineer", "en"),
        ("Contoso — Backend Engineer interview", "", "Backend Engineer", "en"),
        ("JR-0042 Product Manager - Globex", "", "Product Manager", "en"),
        (
            "Interview",
            "Role: Site Reliability Engineer (all genders)",
            "Site Reliability Engineer",
            "en",
        ),
        (
            "Vorstellungsgespräch Softwareentwickler (m/w/d) bei Contoso",
            "",
            "Softwareentwickler",
            "de",
        ),
        (
            "Vorstellungsgespräch",
            "Stelle: Teamleiterin Buchhaltung (w/m/d)",
            "Teamleiterin Buchhaltung",
            "de",
        ),
        ("Entretien", "Poste : Développeur Backend (H/F)", "Développeur Backend", "fr"),
        ("Entretien – Chef de projet (F/H) – Qonto", "", "Chef de projet", "fr"),
        ("Entrevista", "Puesto: Desarrollador Frontend", "Desarrollador Frontend", "es"),
        ("Sollicitatiegesprek", "Functie: Data Engineer (REQ-5521)", "Data Engineer", "nl"),
        ("Sollicitatiegesprek Ontwikkelaar Java bij Adyen", "", "Ontwikkelaar Java", "nl"),
        ("Colloquio", "Posizione: Sviluppatore Java (f/h/x)", "Sviluppatore Java", "it"),
        (
            "Contoso - Technical Program Manager - Final Round",
            "",
            "Technical Program Manager",
            "en",
        ),
        ("Design Engineer Interview – Fabrikam", "", "Design Engineer", "en"),
        ("Colloquio tecnico - Sviluppatore Backend (REQ-1234)", "", "Sviluppatore Backend", "it"),
    ],
)
def test_role_as_written_without_gender_markers_or_ids(summary, description, expected, language):
    assert value(role(invite(summary, "r@contoso.com", description=description), language)) == (
        expected
    )


@pytest.mark.parametrize(
    "summary",
    [
        "Sollicitatiegesprek – Data Engineer (m/v)",  # Dutch: man/vrouw
        "Sollicitatiegesprek – Data Engineer (m/v/x)",
        "Vorstellungsgespräch – Data Engineer m/w/d – Contoso",  # unbracketed
        "Vorstellungsgespräch – Data Engineer (w/m/divers)",
        "Interview – Data Engineer (M|F)",
    ],
)
def test_gender_markers_of_every_shape_leave_the_role(summary):
    assert value(role(invite(summary, "r@contoso.com"))) == "Data Engineer"


def test_hiring_manager_call_is_a_meeting_not_a_role():
    assert role(invite("Hiring Manager Call - Contoso", "r@contoso.com")) is None


def test_a_role_line_says_which_label():
    fact = role(invite("Colloquio", "r@x.it", description="Ruolo: Data Analyst"), "it")

    assert fact.value == "Data Analyst"
    assert fact.why == "Ruolo: line"


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        ("Interview – Finance Controller – Contoso", "Finance Controller"),
        ("Vorstellungsgespräch – Buchhalterin (m/w/d)", "Buchhalterin"),
        ("Entretien – Contrôleur de gestion (H/F)", "Contrôleur de gestion"),
        ("Entretien – Comptable – Maison Verdier", "Comptable"),
        ("Entrevista – Contable Senior", "Contable Senior"),
        ("Sollicitatiegesprek – Servicetechnicus", "Servicetechnicus"),
        ("Colloquio – Impiegato contabile", "Impiegato contabile"),
        ("Assessment Day – Trainee Sales", "Trainee Sales"),
        ("Kennenlerngespräch – Kfz-Techniker", "Kfz-Techniker"),
    ],
)
def test_finance_trainee_and_technician_jobs_in_six_languages(summary, expected):
    assert value(role(invite(summary, "r@contoso.com"))) == expected


@pytest.mark.parametrize(
    ("summary", "description", "expected"),
    [
        (
            "Interview – Site Reliability Engineer (Kubernetes) – Contoso",
            "",
            "Site Reliability Engineer (Kubernetes)",
        ),
        ("Entrevista", "Puesto: Analista de Datos (SQL)", "Analista de Datos (SQL)"),
        ("Interview – (Senior Engineer – Contoso", "", "Senior Engineer"),  # a stray bracket
        ("Backend Engineer Interview (Zoom)", "", "Backend Engineer"),  # the meeting's, not its
        ("Northwind – Recruiter call (Product Designer)", "", "Product Designer"),  # the job
    ],
)
def test_a_parenthesis_that_closes_inside_the_role_is_kept_whole(summary, description, expected):
    assert value(role(invite(summary, "r@contoso.com", description=description))) == expected


def test_a_parenthesis_naming_an_interviewer_is_no_part_of_the_role():
    inv = invite(
        "Data Engineer (Mei Tanaka)", "mei@contoso.com", names={"mei@contoso.com": "Mei Tanaka"}
    )

    assert value(role(inv)) == "Data Engineer"


@pytest.mark.parametrize(
    ("description", "expected", "language"),
    [
        ("See you at the office; Role: Staff Engineer (all genders).", "Staff Engineer", "en"),
        ("Merci pour votre candidature, Poste : Chef de projet (H/F).", "Chef de projet", "fr"),
        ("Bedankt voor je sollicitatie. Functie: Data Analist", "Data Analist", "nl"),
    ],
)
def test_a_role_label_inside_a_sentence(description, expected, language):
    fact = role(invite("Interview", "r@contoso.com", description=description), language)

    assert value(fact) == expected
    assert fact.why.endswith(": line")


def test_a_trainee_programme_is_the_job_but_an_agenda_is_not():
    graduate = invite("Assessment", "r@x.de", description="Programme: Graduate Programme Finance")
    agenda = invite("Assessment", "r@x.de", description="Programm: 9:00 Begrüßung, 10:00 Übung")

    assert value(role(graduate)) == "Graduate Programme Finance"
    assert role(agenda) is None


@pytest.mark.parametrize(
    ("description", "expected", "language"),
    [
        ("Thanks for applying for the Data Engineer position at Contoso.", "Data Engineer", "en"),
        ("We'd like to meet you for the role of Product Designer.", "Product Designer", "en"),
        (
            "wir laden Sie zum Gespräch für die Stelle als Softwareentwicklerin ein.",
            "Softwareentwicklerin",
            "de",
        ),
        ("Nous vous invitons pour le poste de Chef de projet chez Qonto.", "Chef de projet", "fr"),
        ("Te invitamos para el puesto de Analista de Datos en Cabify.", "Analista de Datos", "es"),
        ("Je bent uitgenodigd voor de functie van Data Analist bij Adyen.", "Data Analist", "nl"),
        (
            "La invitiamo per la posizione di Sviluppatore Java presso Satispay.",
            "Sviluppatore Java",
            "it",
        ),
    ],
)
def test_the_job_named_in_a_sentence_of_the_description(description, expected, language):
    fact = role(invite("Interview", "r@contoso.com", description=description), language)

    assert value(fact) == expected
    assert fact.why == "named in the description"


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("Vielen Dank für Ihre Bewerbung als Werkstudent Marketing.", "Werkstudent Marketing"),
        ("Merci pour votre candidature pour Chef de projet.", "Chef de projet"),
        ("Bedankt voor je sollicitatie als Data Analist.", "Data Analist"),
        ("Grazie per la candidatura come Sviluppatore Java.", "Sviluppatore Java"),
    ],
)
def test_the_job_applied_for_in_a_sentence(description, expected):
    assert value(role(invite("Interview", "r@contoso.com", description=description))) == expected


@pytest.mark.parametrize(
    "description",
    [
        "Thanks for your time, for 45 minutes.",  # no job word
        "This call is for the Engineering Manager to get to know you.",  # an interviewer
    ],
)
def test_a_sentence_that_applies_for_no_job_names_no_role(description):
    assert role(invite("Interview", "r@contoso.com", description=description)) is None


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        (  # Calendly's English block, which the note reader drops as scheduling boilerplate
            "Event Name: Intro call\n\nQuestions:\n\nWhich position are you interested in?\n"
            "Senior Data Scientist\n\nPowered by Calendly.com",
            "Senior Data Scientist",
        ),
        (
            "Fragen:\nFür welche Stelle bewerben Sie sich?\nWerkstudent Marketing",
            "Werkstudent Marketing",
        ),
        (
            "Preguntas:\n¿A qué puesto te postulas?\nTécnico de Laboratorio",
            "Técnico de Laboratorio",
        ),
        ("Vragen:\nVoor welke functie solliciteer je?\nData Analist", "Data Analist"),
        ("Domande:\nPer quale posizione ti candidi?\nSviluppatore Java", "Sviluppatore Java"),
        ("Questions:\nWhich role?\nhttps://jobs.example.com/123", ""),  # a link is no job
        ("Questions:\nWhat would you like to discuss?\nSalary bands", ""),  # no role question
    ],
)
def test_the_answer_to_a_booking_forms_role_question(description, expected):
    assert value(role(invite("Recruiter Call", "r@contoso.com", description=description))) == (
        expected
    )


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "summary", ["Interview " + "Contoso " * 250, "!!! --- ??? ::: |||", "", "(m/w/d)", " @ "]
)
def test_bad_titles_and_domains_never_raise(summary):
    inv = invite(summary, "x@localhost", "y@192.168.1.1", "z@", "@", "w@co.uk")

    fact = company(inv)
    role(inv)
    assert fact is None or len(fact.value) <= 200


def test_a_long_line_of_names_is_read_quickly():
    # Each "Contoso" begins the domain's name: reading every run to its end was quadratic.
    inv = invite("Interview", "hr@contosocontoso.com", description="Contoso " * 5000)
    started = time.perf_counter()

    company(inv)
    role(inv)
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize(
    ("description", "expected", "language"),
    [
        (
            "I'm recruiting for our client Globex Corporation to fill a platform role.",
            "Globex Corporation",
            "en",
        ),
        ("Wir suchen für unseren Kunden Beispiel AG eine Teamleitung.", "Beispiel AG", "de"),
        ("Nous recrutons pour notre client Doctolib un profil backend.", "Doctolib", "fr"),
        ("Buscamos para nuestro cliente Telefónica un perfil senior.", "Telefónica", "es"),
        ("Wij zoeken voor onze opdrachtgever Rabobank een ontwikkelaar.", "Rabobank", "nl"),
        ("Cerchiamo per il nostro cliente Luxottica uno sviluppatore.", "Luxottica", "it"),
    ],
)
def test_an_agency_names_its_client_in_a_sentence(description, expected, language):
    inv = invite("Interview", "jane@hays.com", description=description)

    assert value(company(inv, language=language)) == expected
