"""The plan (SPEC §4): which follow-ups an application gets, and when."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from builders import (
    BERLIN,
    DANA,
    PRIYA,
    config,
    interview,
    of_kind,
    only,
    panel,
    planned,
)

from calsync import plan
from calsync.model import Person

AFTER_ROUND = ("phone-call", "next-steps", "final-nudge")


def test_panel_gets_one_thank_you_per_interviewer():
    followups = planned([panel()])
    thank_yous = of_kind(followups, "thank-you")
    assert [t.summary for t in thank_yous] == [
        "Send thank-you to Dana Kowalski — Northwind Robotics",
        "Send thank-you to Priya Natarajan — Northwind Robotics",
    ]
    assert [t.interviewer for t in thank_yous] == [DANA, PRIYA]
    assert len({t.uid for t in thank_yous}) == 2


def test_thank_you_starts_at_interview_end_and_is_due_a_day_later():
    interview_ = panel()
    for thank_you in of_kind(planned([interview_]), "thank-you"):
        assert thank_you.start == interview_.end
        assert thank_you.due == interview_.end + timedelta(hours=24)


def test_thank_you_due_follows_configured_hours():
    interview_ = panel()
    thank_you = of_kind(planned([interview_], config(thank_you_hours=48)), "thank-you")[0]
    assert thank_you.due == interview_.end + timedelta(hours=48)


def test_interview_without_known_interviewer_gets_one_thank_you_to_the_hiring_team():
    unknown = interview(datetime(2026, 11, 17, 14, 0, tzinfo=BERLIN), interviewers=(), contact=None)
    thank_you = only(planned([unknown]), "thank-you")
    assert thank_you.summary == "Send thank-you to the hiring team — Northwind Robotics"
    assert thank_you.interviewer is None
    assert "Dear Hiring Team," in thank_you.description


def test_thank_yous_are_capped_at_max_thank_yous():
    people = tuple(Person(f"Person{n} Example", f"p{n}@northwind-robotics.com") for n in range(8))
    big_panel = interview(datetime(2026, 11, 17, 14, 0, tzinfo=BERLIN), interviewers=people)
    assert len(of_kind(planned([big_panel]), "thank-you")) == 6  # the default cap
    capped = of_kind(planned([big_panel], config(max_thank_yous=2)), "thank-you")
    assert [t.interviewer for t in capped] == list(people[:2])  # the first in invite order


def test_each_round_gets_its_thank_yous_but_the_application_one_of_each_follow_up():
    first = panel()
    second = interview(datetime(2026, 11, 24, 11, 0, tzinfo=BERLIN), uid="final@example.org")
    followups = planned([first, second])
    assert len(of_kind(followups, "thank-you")) == 3
    for kind in AFTER_ROUND:
        assert only(followups, kind).interview == second
    assert {f.application for f in followups} == {"northwind-robotics/senior-backend-engineer"}


def test_a_second_round_moves_phone_call_next_steps_and_final_nudge():
    first = panel(timeline=None)
    second = interview(datetime(2026, 11, 24, 11, 0, tzinfo=BERLIN), uid="final@example.org")
    before = {f.kind: f for f in planned([first]) if f.kind in AFTER_ROUND}
    after = {f.kind: f for f in planned([first, second]) if f.kind in AFTER_ROUND}
    for kind in AFTER_ROUND:
        assert after[kind].uid != before[kind].uid  # round 1's are superseded, not duplicated
        assert after[kind].start > before[kind].start
    assert after["phone-call"].start.date() == date(2026, 11, 26)  # Tue + 2 business days
    # Round 1's thank-yous keep their identity: the new round adds, it does not replace them.
    round_one = {f.uid for f in planned([first]) if f.kind == "thank-you"}
    assert round_one <= {f.uid for f in planned([first, second]) if f.kind == "thank-you"}


def test_rounds_given_in_any_order_follow_the_latest():
    first = panel()
    second = interview(datetime(2026, 11, 24, 11, 0, tzinfo=BERLIN), uid="final@example.org")
    assert only(planned([second, first]), "next-steps").interview == second


def test_phone_call_is_two_business_days_after_the_latest_round_in_the_call_window():
    friday = interview(datetime(2026, 11, 20, 11, 0, tzinfo=BERLIN))
    call = only(planned([friday]), "phone-call")
    assert call.start == datetime(2026, 11, 24, 10, 0, tzinfo=BERLIN)
    assert call.due == datetime(2026, 11, 24, 16, 0, tzinfo=BERLIN)


def test_phone_call_switched_off_in_config_is_not_planned():
    followups = planned([panel()], config(phone_call=False))
    assert of_kind(followups, "phone-call") == []
    assert len(of_kind(followups, "next-steps")) == 1
    assert len(of_kind(followups, "final-nudge")) == 1


def test_next_steps_five_business_days_after_the_latest_round_without_timeline():
    tuesday = interview(datetime(2026, 11, 17, 14, 0, tzinfo=BERLIN))
    next_steps = only(planned([tuesday]), "next-steps")
    assert next_steps.start == datetime(2026, 11, 24, 10, 0, tzinfo=BERLIN)


def test_stated_timeline_puts_next_steps_one_business_day_after_it():
    # "decision by Dec 4" (a Friday): the check comes on Monday 7 December.
    followups = planned([panel(timeline=date(2026, 12, 4))])
    assert only(followups, "next-steps").start.date() == date(2026, 12, 7)


def test_timeline_stated_in_an_earlier_round_still_holds_after_a_later_round():
    first = panel(timeline=date(2026, 12, 4))
    second = interview(datetime(2026, 11, 24, 11, 0, tzinfo=BERLIN), uid="final@example.org")
    assert only(planned([first, second]), "next-steps").start.date() == date(2026, 12, 7)


def test_timeline_that_passed_before_the_latest_round_is_ignored():
    first = panel(timeline=date(2026, 11, 18))
    second = interview(datetime(2026, 11, 24, 11, 0, tzinfo=BERLIN), uid="final@example.org")
    # Tue 24 Nov + 5 business days: the old timeline is no reason to ask the day after it.
    assert only(planned([first, second]), "next-steps").start.date() == date(2026, 12, 1)


def test_final_nudge_five_business_days_after_next_steps():
    followups = planned([panel(timeline=date(2026, 12, 4))])
    nudge = only(followups, "final-nudge")
    assert nudge.start == datetime(2026, 12, 14, 10, 0, tzinfo=BERLIN)
    assert nudge.due.time() == time(16)


def test_final_nudge_skips_configured_holidays():
    monday = interview(datetime(2026, 12, 14, 10, 0, tzinfo=BERLIN))  # next-steps: Mon 21 Dec
    holidays = (date(2026, 12, 24), date(2026, 12, 25))
    assert only(planned([monday]), "final-nudge").start.date() == date(2026, 12, 28)
    nudge = only(planned([monday], config(holidays=holidays)), "final-nudge")
    assert nudge.start.date() == date(2026, 12, 30)


def test_replied_category_cancels_everything_but_the_thank_yous():
    first = panel(replied=True)
    second = interview(datetime(2026, 11, 24, 11, 0, tzinfo=BERLIN), uid="final@example.org")
    followups = planned([first, second])
    assert {f.kind for f in followups} == {"thank-you"}
    assert len(followups) == 3


def test_replied_for_one_application_leaves_the_others_alone():
    answered = panel(replied=True)
    other = interview(datetime(2026, 11, 18, 10, 0, tzinfo=BERLIN), company="Contoso")
    followups = planned([answered, other])
    for kind in AFTER_ROUND:
        assert only(followups, kind).application == "contoso/senior-backend-engineer"


def test_interviews_are_grouped_into_applications_by_company():
    rounds = [
        interview(datetime(2026, 11, 10, 10, 0, tzinfo=BERLIN), company="Acme"),
        interview(datetime(2026, 11, 12, 10, 0, tzinfo=BERLIN), company="ACME"),
        interview(datetime(2026, 11, 11, 10, 0, tzinfo=BERLIN), company="Globex"),
    ]
    applications = plan.applications(tuple(rounds))
    assert sorted(len(a.interviews) for a in applications) == [1, 2]
    followups = planned(rounds)
    assert len(of_kind(followups, "phone-call")) == 2
    assert len(of_kind(followups, "thank-you")) == 3


def test_one_company_with_two_roles_is_two_applications():
    rounds = [
        interview(
            datetime(2026, 11, 10, 10, 0, tzinfo=BERLIN), company="Acme", role="Backend Engineer"
        ),
        interview(
            datetime(2026, 11, 12, 10, 0, tzinfo=BERLIN), company="Acme", role="Data Analyst"
        ),
    ]
    calls = of_kind(planned(rounds), "phone-call")
    assert sorted(c.application for c in calls) == ["acme/backend-engineer", "acme/data-analyst"]


def test_round_without_role_joins_the_one_known_role_of_that_company():
    rounds = [
        interview(datetime(2026, 11, 10, 10, 0, tzinfo=BERLIN), company="Acme", role=None),
        interview(
            datetime(2026, 11, 12, 10, 0, tzinfo=BERLIN), company="Acme", role="Data Analyst"
        ),
    ]
    call = only(planned(rounds), "phone-call")
    assert call.application == "acme/data-analyst"


def test_interviews_without_company_are_never_merged():
    rounds = [
        interview(datetime(2026, 11, 10, 10, 0, tzinfo=BERLIN), company=None, uid="a@x", role=None),
        interview(datetime(2026, 11, 12, 10, 0, tzinfo=BERLIN), company=None, uid="b@x", role=None),
    ]
    assert len(of_kind(planned(rounds), "phone-call")) == 2


def test_role_spelling_comes_from_the_latest_round_whatever_the_input_order():
    first = interview(datetime(2026, 11, 10, 10, 0, tzinfo=BERLIN), role="backend engineer")
    latest = interview(datetime(2026, 11, 12, 10, 0, tzinfo=BERLIN), role="Backend Engineer")
    for rounds in ([first, latest], [latest, first]):
        call = only(planned(rounds), "phone-call")
        assert call.summary == "Call Northwind Robotics about the Backend Engineer role"
