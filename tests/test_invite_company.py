"""Company and role from an invite's evidence: title segments, ATS title shapes, labelled lines
in six languages, agency clients, and the corporate e-mail domain that cross-checks them."""

from __future__ import annotations

import subprocess
import sys
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


def test_hiring_manager_call_is_a_meeting_not_a_role():
    assert role(invite("Hiring Manager Call - Contoso", "r@contoso.com")) is None


def test_a_role_line_says_which_label():
    fact = role(invite("Colloquio", "r@x.it", description="Ruolo: Data Analyst"), "it")

    assert fact.value == "Data Analyst"
    assert fact.why == "Ruolo: line"


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "summary", ["Interview " + "Contoso " * 250, "!!! --- ??? ::: |||", "", "(m/w/d)", " @ "]
)
def test_bad_titles_and_domains_never_raise(summary):
    inv = invite(summary, "x@localhost", "y@192.168.1.1", "z@", "@", "w@co.uk")

    fact = company(inv)
    role(inv)
    assert fact is None or len(fact.value) <= 200


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
