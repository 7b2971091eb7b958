"""Detection: which calendar events are interviews, when they happen, and who sat in them."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from conftest import BERLIN, SAMPLE_NOW, detect_case, fixture_path

from calsync import config as config_module
from calsync import detect, sync
from calsync.sources import ics

NEW_YORK = ZoneInfo("America/New_York")
ME = ["alex.rivera@example.org", "alex@rivera.dev"]
# What conferencing boilerplate looks like when it leaks: vendor hosts, meeting IDs, passcodes,
# PINs, dial-in numbers (any run of seven or more digits and separators).
CONFERENCE_LEAK = re.compile(
    r"zoom\.us|teams\.microsoft|meet\.google|tel\.meet|calendly\.com|aka\.ms|meeting id|"
    r"passcode|\bpin\b|conference id|dial|\d[\d ,#*+()/-]{6,}\d",
    re.IGNORECASE,
)


def summaries(detected) -> list[str]:
    return [i.summary for i in detected.interviews]


def names(people) -> list[str]:
    return [p.name for p in people]


def leaks(interview) -> list[str]:
    notes = [n.text for n in interview.notes]
    texts = (*notes, *interview.promises, *interview.links, interview.phone or "")
    return [t for t in texts if CONFERENCE_LEAK.search(t)]


def detect_files(*cases: str, config=None):
    sources = [source for case in cases for source in ics.read(str(fixture_path(case)))]
    cfg = config or config_module.parse({"me": {"emails": ME, "timezone": "Europe/Berlin"}})
    return detect.detect(sources, cfg, SAMPLE_NOW, BERLIN)


# --- the sample calendar -------------------------------------------------------------------


def test_sample_calendar_holds_exactly_four_interviews():
    detected = detect_case("samples")

    assert [(i.company, i.role, i.start) for i in detected.interviews] == [
        ("Bluefin Analytics", "Data Analyst", datetime(2026, 11, 12, 16, 30, tzinfo=BERLIN)),
        (
            "Contoso",
            "Product Manager",
            datetime(2026, 11, 13, 9, 0, tzinfo=ZoneInfo("America/Los_Angeles")),
        ),
        (
            "Northwind Robotics",
            "Senior Backend Engineer",
            datetime(2026, 11, 17, 14, tzinfo=BERLIN),
        ),
        (
            "Northwind Robotics",
            "Senior Backend Engineer",
            datetime(2026, 11, 24, 11, tzinfo=BERLIN),
        ),
    ]
    assert detected.notices == ()


def test_sample_declined_cancelled_practice_and_private_events_are_not_interviews():
    found = " / ".join(summaries(detect_case("samples")))

    for not_an_interview in (
        "Initech",  # declined by the user
        "Globex",  # STATUS:CANCELLED
        "Mock interview",
        "Interview prep",
        "1:1 with mentor",
        "Dentist",
        "Coffee with Jordan",
        "Gym",
        "birthday",
    ):
        assert not_an_interview not in found


def test_sample_panel_thanks_both_panelists_and_the_coordinator_is_the_contact():
    panel = detect_case("samples").interviews[2]

    assert panel.summary == "Panel interview — Northwind Robotics — Senior Backend Engineer"
    assert names(panel.interviewers) == ["Dana Kowalski", "Priya Natarajan"]
    assert [p.email for p in panel.interviewers] == [
        "dana.kowalski@northwind-robotics.com",
        "priya.natarajan@northwind-robotics.com",
    ]
    assert panel.contact.name == "Lena Hoffmann"
    assert panel.end == datetime(2026, 11, 17, 15, 30, tzinfo=BERLIN)


def noted(interview) -> list[tuple[str | None, str, str]]:
    """Each note as (the first name of the one it is with, its kind, its clean text)."""
    people = {p.key: p.first_name for p in interview.interviewers}
    return [(people.get(n.person), n.kind, n.text) for n in interview.notes]


def test_sample_panel_notes_promise_link_and_decision_date():
    panel = detect_case("samples").interviews[2]

    assert noted(panel) == [
        ("Dana", "topic", "walked through the migration from Kafka to Pulsar"),
        ("Priya", "topic", "asked about on-call culture and incident reviews"),
        (
            None,
            "promise",
            "Promised to send my conference talk on idempotent consumers: "
            "https://talks.example.org/idempotent-consumers",
        ),
    ]
    assert panel.promises == (noted(panel)[2][2],)
    assert panel.links == ("https://talks.example.org/idempotent-consumers",)
    assert panel.timeline == date(2026, 12, 4)


def test_sample_final_round_keeps_no_google_meet_dial_in():
    final = detect_case("samples").interviews[3]

    assert final.company == "Northwind Robotics"
    assert names(final.interviewers) == ["Tomasz Lindqvist"]
    assert final.contact.name == "Lena Hoffmann"
    assert noted(final) == []
    assert final.phone is None
    assert leaks(final) == []


def test_sample_calendly_phone_screen_goes_to_the_person_not_the_robot():
    screen = detect_case("samples").interviews[0]

    assert names(screen.interviewers) == ["Marco Bianchi"]
    assert screen.contact.email == "marco@bluefin-analytics.io"
    assert noted(screen) == [
        (
            "Marco",
            "topic",
            "said the team is moving its reporting from Tableau to Looker this quarter",
        )
    ]
    assert leaks(screen) == []


def test_sample_teams_interview_notes_and_two_week_timeline_without_teams_boilerplate():
    contoso = detect_case("samples").interviews[1]

    assert names(contoso.interviewers) == ["Rachel Okafor"]  # the user (alex@rivera.dev) is not
    assert noted(contoso) == [
        (None, "topic", "roadmap prioritisation"),
        (None, "topic", "working with data science"),
    ]
    assert contoso.timeline == date(2026, 11, 27)  # "within 2 weeks" of Nov 13
    assert contoso.phone is None
    assert leaks(contoso) == []


# --- what counts as an interview -----------------------------------------------------------


def test_keywords_match_whole_words_in_any_case():
    detected = detect_case("keywords_whole_words")

    # "Interviewing skills webinar" and "Interviewer training" are not interviews.
    assert summaries(detected) == ["INTERVIEW with Acme", "phone screen — Umbrella Corp"]
    assert [i.company for i in detected.interviews] == ["Acme", "Umbrella Corp"]


def test_a_keyword_in_categories_makes_an_interview():
    detected = detect_case("categories")

    assert [(i.company, i.summary) for i in detected.interviews] == [
        ("Umbrella Corp", "Umbrella Corp"),  # CATEGORIES:Job search,INTERVIEW
        ("Initech", "Initech"),  # a second CATEGORIES property: Phone screen
    ]


def test_mock_interviews_prep_and_practice_are_excluded():
    assert summaries(detect_case("exclusions")) == ["Interview with Acme"]


def test_german_and_french_interview_words_are_keywords():
    detected = detect_case("other_languages")

    assert [i.company for i in detected.interviews] == ["Acme GmbH", "Société Générale"]


def test_extra_keywords_from_the_config_add_to_the_defaults():
    # samples/config.toml: extra_keywords = ["hiring chat"]
    with_extra = detect_case("extra_keyword")
    without = detect_case("extra_keyword", config=config_module.parse({}))

    assert [(i.company, i.summary) for i in with_extra.interviews] == [
        ("Acme", "Hiring chat with Acme")
    ]
    assert without.interviews == ()


def test_configured_keywords_replace_the_defaults():
    cfg = config_module.parse({"detect": {"keywords": ["onsite"]}})

    assert summaries(detect_case("keywords_whole_words", config=cfg)) == []
    assert summaries(detect_case("all_day", config=cfg)) == ["Onsite — Acme", "Onsite at Initech"]


def test_cancelled_event_is_not_an_interview():
    assert summaries(detect_case("status_cancelled")) == ["Interview with Initech"]


def test_event_declined_on_any_of_my_addresses_is_not_an_interview():
    detected = detect_case("declined")

    # Acme: declined as MAILTO:Alex@Rivera.dev (the second configured address, other case).
    assert summaries(detected) == ["Technical round — Initech"]
    # Joanna declined Initech's invite: she gets no thank-you, the interview stands.
    assert names(detected.interviews[0].interviewers) == ["Greg Pulaski"]


def test_method_cancel_calendar_cancels_the_interview():
    assert detect_case("method_cancel").interviews == ()
    assert detect_files("sequence_original", "method_cancel").interviews == ()
    assert detect_files("method_cancel", "sequence_rescheduled").interviews == ()


# --- recurrence and the window -------------------------------------------------------------


def test_each_occurrence_is_its_own_interview_with_exdate_and_moved_override():
    detected = detect_case("recurring_series")

    assert [(i.start, i.end.time().hour, i.recurrence_id) for i in detected.interviews] == [
        (datetime(2026, 11, 23, 10, tzinfo=BERLIN), 11, "20261123T090000Z"),
        # Nov 30 is an EXDATE; the Dec 7 occurrence was moved to Dec 8, 15:00.
        (datetime(2026, 12, 8, 15, tzinfo=BERLIN), 16, "20261207T090000Z"),
        (datetime(2026, 12, 14, 10, tzinfo=BERLIN), 11, "20261214T090000Z"),
    ]
    assert {i.uid for i in detected.interviews} == {"acme-tech-rounds@calsync.test"}
    assert len({i.source_id for i in detected.interviews}) == 3


def test_rdate_adds_occurrences():
    detected = detect_case("recurring_rdate")

    assert [i.start.date() for i in detected.interviews] == [
        date(2026, 12, 1),
        date(2026, 12, 2),
        date(2026, 12, 4),
    ]
    assert [i.recurrence_id for i in detected.interviews] == [
        "20261201T090000Z",
        "20261202T090000Z",
        "20261204T090000Z",
    ]


def test_occurrence_retitled_out_of_or_into_an_interview_counts_by_its_own_title():
    detected = detect_case("recurring_override_retitled")

    assert [(i.summary, i.start) for i in detected.interviews] == [
        ("Interview with Acme", datetime(2026, 11, 23, 10, tzinfo=BERLIN)),
        # Acme's Nov 30 became "Lunch with the Acme team" on Dec 1: no interview on either day.
        # One "Focus time" occurrence became a phone screen; the other two stay focus time.
        ("Phone screen — Initech", datetime(2026, 12, 1, 14, tzinfo=BERLIN)),
        ("Interview with Acme", datetime(2026, 12, 7, 10, tzinfo=BERLIN)),
    ]
    assert detected.interviews[1].recurrence_id == "20261201T130000Z"


def test_endless_series_yields_only_occurrences_ending_inside_the_window():
    detected = detect_case("recurring_without_end")

    days = [i.start.date() for i in detected.interviews]
    # Window: 2026-10-21 18:00Z .. 2027-02-18 18:00Z; every Monday in it.
    assert days[0] == date(2026, 10, 26)
    assert days[-1] == date(2027, 2, 15)
    assert len(days) == 17
    assert len({i.recurrence_id for i in detected.interviews}) == 17


def test_window_keeps_interviews_ending_within_lookback_and_horizon_inclusive():
    detected = detect_case("window_edges")

    # Oldco ended 30 min before now - 30 days, Farco ends 30 min after now + 90 days.
    assert [i.company for i in detected.interviews] == ["Firstco", "Lastco"]


def test_window_follows_the_configured_lookback_and_horizon():
    cfg = config_module.parse({"detect": {"lookback_days": 7, "horizon_days": 100}})

    assert [i.company for i in detect_case("window_edges", config=cfg).interviews] == [
        "Lastco",
        "Farco",
    ]


# --- time zones ----------------------------------------------------------------------------


def test_utc_times_are_converted_to_the_default_zone_not_relabelled():
    (berlin,) = detect_case("utc_times").interviews
    (new_york,) = detect_case("utc_times", zone=NEW_YORK).interviews

    assert berlin.start == datetime(2026, 11, 12, 16, 30, tzinfo=BERLIN)
    assert (berlin.start.hour, berlin.start.tzinfo) == (16, BERLIN)
    assert (berlin.end.hour, berlin.end.minute) == (17, 0)
    assert (new_york.start.hour, new_york.start.minute, new_york.start.tzinfo) == (10, 30, NEW_YORK)


def test_google_export_times_are_in_its_x_wr_timezone():
    (interview,) = detect_case("google_x_wr_timezone").interviews

    assert interview.start == datetime(2026, 11, 18, 10, 0, tzinfo=NEW_YORK)
    assert interview.start.tzinfo == NEW_YORK  # not UTC, not the user's Berlin
    assert interview.end == datetime(2026, 11, 18, 11, 0, tzinfo=NEW_YORK)


def test_windows_zone_name_resolves_to_its_iana_zone():
    (interview,) = detect_case("windows_zone_name", zone=NEW_YORK).interviews

    assert interview.start.tzinfo == ZoneInfo("Europe/Berlin")
    assert (interview.start.hour, interview.end.hour) == (10, 11)


def test_floating_time_is_read_in_the_configured_time_zone():
    cfg = config_module.parse({"me": {"emails": ME, "timezone": "Asia/Tokyo"}})

    (interview,) = detect_case("floating_time", config=cfg, zone=sync.default_zone(cfg)).interviews

    assert interview.start == datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert interview.start.tzinfo == ZoneInfo("Asia/Tokyo")


def test_all_day_interview_runs_nine_to_five_ending_on_its_last_day():
    detected = detect_case("all_day")

    assert [(i.company, i.start, i.end) for i in detected.interviews] == [
        (
            "Acme",
            datetime(2026, 11, 25, 9, tzinfo=BERLIN),
            datetime(2026, 11, 25, 17, tzinfo=BERLIN),
        ),
        (
            "Initech",  # DTEND 2026-12-03 is exclusive: the last day is Dec 2
            datetime(2026, 12, 1, 9, tzinfo=BERLIN),
            datetime(2026, 12, 2, 17, tzinfo=BERLIN),
        ),
        (
            "Globex",  # no DTEND: one day
            datetime(2026, 12, 7, 9, tzinfo=BERLIN),
            datetime(2026, 12, 7, 17, tzinfo=BERLIN),
        ),
    ]


def test_unknown_tzid_without_vtimezone_uses_default_zone_and_says_so():
    detected = detect_case("unknown_tzid")

    (interview,) = detected.interviews
    assert interview.start == datetime(2026, 11, 18, 10, tzinfo=BERLIN)
    (notice,) = detected.notices
    assert "Customized Time Zone" in str(notice)
    assert "Interview with Acme" in notice.where
    assert "unknown_tzid.ics" in notice.where


# --- several sources, broken input ---------------------------------------------------------


def test_higher_sequence_wins_whichever_file_comes_first():
    for order in (
        ("sequence_original", "sequence_rescheduled"),
        ("sequence_rescheduled", "sequence_original"),
        ("sequence_restamped", "sequence_rescheduled"),  # a later DTSTAMP loses to SEQUENCE
    ):
        (interview,) = detect_files(*order).interviews
        assert interview.start == datetime(2026, 11, 26, 14, tzinfo=BERLIN), order


def test_same_sequence_later_dtstamp_wins_whichever_file_comes_first():
    for order in (
        ("sequence_original", "sequence_restamped"),
        ("sequence_restamped", "sequence_original"),
    ):
        detected = detect_files(*order)
        (interview,) = detected.interviews
        assert interview.start == datetime(2026, 11, 25, 16, tzinfo=BERLIN), order
        assert detected.events_seen == 1


def test_broken_event_is_skipped_with_a_notice_and_the_rest_detected():
    detected = detect_case("broken_dtstart")

    assert summaries(detected) == ["Interview with Initech"]
    (notice,) = detected.notices
    assert "broken_dtstart.ics" in notice.where
    assert "Interview with Acme" in notice.where
    assert "DTSTART" in notice.message


# --- people, company, notes ----------------------------------------------------------------


def test_interviewers_exclude_rooms_resources_observers_and_me():
    (panel,) = detect_case("panel_attendees").interviews

    assert [(p.name, p.email) for p in panel.interviewers] == [
        ("Dana Kowalski", "dana.kowalski@northwind-robotics.com"),
        ("Priya Natarajan", "priya.natarajan@northwind-robotics.com"),  # no CN: from the address
    ]
    assert panel.contact.name == "Lena Hoffmann"  # organized it, did not attend
    assert (panel.company, panel.role) == ("Northwind Robotics", "Senior Backend Engineer")


def test_organizer_is_interviewer_only_when_alone_or_attending():
    bluefin, contoso, initech = detect_case("organizer_roles").interviews

    assert (contoso.company, names(contoso.interviewers)) == ("Contoso", ["Rachel Okafor"])
    assert contoso.contact.name == "Rachel Okafor"
    assert names(initech.interviewers) == ["Greg Pulaski", "Joanna Park"]
    assert initech.contact.name == "Greg Pulaski"
    # A Calendly robot organizes: neither interviewer nor contact.
    assert names(bluefin.interviewers) == ["Marco Bianchi"]
    assert bluefin.contact.name == "Marco Bianchi"


def test_company_comes_from_the_email_domain_but_never_from_webmail_or_scheduler():
    northwind, webmail = detect_case("company_from_domain").interviews

    # "Interview with Dana Kowalski" names a person, not the employer.
    assert northwind.company == "Northwind Robotics"
    assert names(northwind.interviewers) == ["Dana Kowalski"]
    # priya.natarajan@gmail.com, organized by notifications@calendly.com: no company known.
    assert webmail.company is None
    assert names(webmail.interviewers) == ["Priya Natarajan"]


def test_notes_promises_role_timeline_and_phone_from_the_description():
    (interview,) = detect_case("notes_promises").interviews

    assert (interview.company, interview.role) == ("Acme", "Platform Engineer")
    assert noted(interview) == [
        ("Sam", "topic", "walked through the event pipeline"),
        (None, "topic", "Asked about my Kubernetes experience"),
        (
            None,
            "promise",
            "Promised to send my Terraform module: https://github.com/alexr/tf-pulsar",
        ),
        (None, "topic", "SLOs"),
        (None, "topic", "incident reviews"),
    ]
    assert interview.promises == (
        "Promised to send my Terraform module: https://github.com/alexr/tf-pulsar",
    )
    assert interview.links == ("https://github.com/alexr/tf-pulsar",)
    assert interview.timeline == date(2026, 12, 4)
    assert interview.phone == "+49 30 1234567"


def test_zoom_invite_keeps_my_notes_and_drops_meeting_id_passcode_and_dial_in():
    (interview,) = detect_case("zoom_invite").interviews

    assert noted(interview) == [
        ("Sam", "topic", "walked through the event pipeline"),
        (None, "promise", "Promised to share my Terraform module"),
    ]
    assert interview.promises == ("Promised to share my Terraform module",)
    assert interview.links == ()
    assert interview.phone is None
    assert leaks(interview) == []


def test_teams_invite_keeps_my_notes_and_drops_meeting_id_passcode_and_dial_in():
    (interview,) = detect_case("teams_invite").interviews

    assert (interview.company, interview.role) == ("Contoso", "Product Manager")
    assert noted(interview) == [
        ("Rachel", "topic", "described how the roadmap is prioritised"),
        (None, "topic", "Asked about working with data science"),
    ]
    assert interview.links == ()
    assert interview.phone is None
    assert leaks(interview) == []


def test_google_meet_invite_keeps_my_link_and_drops_meet_link_and_pin():
    (interview,) = detect_case("meet_invite").interviews

    assert noted(interview) == [
        ("Tomasz", "topic", "asked about my first 90 days"),
        (None, "promise", "Share the demo repo: https://github.com/alexr/pulsar-demo"),
    ]
    assert interview.promises == ("Share the demo repo: https://github.com/alexr/pulsar-demo",)
    assert interview.links == ("https://github.com/alexr/pulsar-demo",)
    assert interview.phone is None
    assert leaks(interview) == []


def test_calendly_invite_keeps_topics_and_drops_cancel_and_reschedule_links():
    (interview,) = detect_case("calendly_invite").interviews

    assert interview.company == "Bluefin Analytics"
    assert names(interview.interviewers) == ["Marco Bianchi"]
    assert noted(interview) == [
        (None, "topic", "data platform roadmap"),
        (None, "topic", "dbt migration"),
    ]
    assert interview.links == ()
    assert interview.phone is None  # the number Marco will call is mine, inside the boilerplate
    assert leaks(interview) == []


def test_without_me_emails_the_candidate_is_recognised_by_sitting_with_several_employers():
    from calsync.config import Config

    detected = detect_case("samples", config=Config())
    companies = sorted(i.company or "" for i in detected.interviews)
    # The declined Initech round stays out: the guessed address is the user's, and declined.
    assert companies == ["Bluefin Analytics", "Contoso", "Northwind Robotics", "Northwind Robotics"]
    everyone = {p.email for i in detected.interviews for p in i.interviewers}
    assert "alex.rivera@example.org" not in everyone
    assert "dana.kowalski@northwind-robotics.com" in everyone  # one employer: an interviewer
    guessed = [str(n) for n in detected.notices if "[me] emails not set" in str(n)]
    assert guessed and "alex.rivera@example.org" in guessed[0]
    assert "northwind-robotics.com" not in guessed[0]


def test_configured_me_emails_are_used_as_given_and_nothing_is_guessed(sample_config):
    detected = detect_case("samples", config=sample_config)
    assert not [n for n in detected.notices if "[me] emails" in str(n)]
