"""Interviews -> applications -> follow-ups, following the method in SPEC §1 and §4 (pure)."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from calsync import drafts, extract, identity, schedule
from calsync.config import Config
from calsync.model import Application, FollowUp, Interview, Person


def applications(interviews: tuple[Interview, ...]) -> list[Application]:
    """Group interviews by company, and by role where one company has several known roles."""
    by_company: dict[str, list[Interview]] = defaultdict(list)
    for interview in interviews:
        key = interview.company.casefold() if interview.company else f"\0{interview.uid}"
        by_company[key].append(interview)
    result = []
    for rounds in by_company.values():
        # In round order, whatever the input order: the latest round's spelling of a role wins.
        rounds.sort(key=lambda i: (i.end, i.uid, i.recurrence_id or ""))
        roles = {i.role.casefold(): i.role for i in rounds if i.role}
        groups: dict[str | None, list[Interview]] = defaultdict(list)
        for interview in rounds:
            if len(roles) <= 1:
                groups[next(iter(roles), None)].append(interview)
            else:
                groups[interview.role.casefold() if interview.role else None].append(interview)
        for role_key, members in groups.items():
            members.sort(key=lambda i: (i.end, i.uid, i.recurrence_id or ""))
            company = members[-1].company or next((m.company for m in members if m.company), None)
            role = roles.get(role_key) if role_key else None
            key = extract.application_key(company, role)
            if company is None:
                key += "/" + identity.short_id(identity.followup_uid(members[0].uid, "application"))
            result.append(Application(key, company, role, tuple(members)))
    result.sort(key=lambda a: (a.latest.end, a.key))
    return result


def plan(
    interviews: tuple[Interview, ...],
    config: Config,
    templates: dict[str, str],
    replied: frozenset[str] | set[str] = frozenset(),
) -> list[FollowUp]:
    """Every follow-up the method calls for, in a stable order.

    `replied`: keys of applications whose employer answered (`calsync replied`): like the
    replied category, they get thank-yous only.
    """
    followups: list[FollowUp] = []
    for application in applications(interviews):
        for interview in application.interviews:
            followups.extend(_thank_yous(application, interview, config, templates))
        if not application.replied and application.key not in replied:
            followups.extend(_after_latest_round(application, config, templates))
    order = {
        kind: n for n, kind in enumerate(("thank-you", "phone-call", "next-steps", "final-nudge"))
    }
    followups.sort(key=lambda f: (f.start, order[f.kind], f.summary, f.uid))
    return followups


def _thank_yous(application: Application, interview: Interview, config: Config, templates):
    people: list[Person | None] = list(interview.interviewers[: config.cadence.max_thank_yous])
    for person in people or [None]:
        draft = drafts.render(
            "thank-you", interview, config, templates, person, application.company, application.role
        )
        yield _followup(
            "thank-you",
            application,
            interview,
            draft,
            interview.end,
            interview.end + timedelta(hours=config.cadence.thank_you_hours),
            person,
        )


def _after_latest_round(application: Application, config: Config, templates):
    cadence = config.cadence
    latest = application.latest
    zone = latest.end.tzinfo
    day = latest.end.date()

    # A timeline stated in an earlier round still holds if it lies after the latest one.
    timeline = max((i.timeline for i in application.interviews if i.timeline), default=None)
    decision = timeline if timeline and timeline > day else None

    def slot(kind: str, on):
        start, due = schedule.call_window(on, cadence, zone)
        draft = drafts.render(
            kind,
            latest,
            config,
            templates,
            None,
            application.company,
            application.role,
            (start, due),
            decision if kind in ("next-steps", "final-nudge") else None,
        )
        return _followup(kind, application, latest, draft, start, due, None)

    if cadence.phone_call:
        yield slot(
            "phone-call", schedule.add_business_days(day, cadence.phone_call_business_days, cadence)
        )
    if decision:
        next_day = schedule.add_business_days(decision, cadence.timeline_business_days, cadence)
    else:
        next_day = schedule.add_business_days(day, cadence.next_steps_business_days, cadence)
    yield slot("next-steps", next_day)
    yield slot(
        "final-nudge",
        schedule.add_business_days(next_day, cadence.final_nudge_business_days, cadence),
    )


def _followup(kind, application, interview, draft, start, due, person) -> FollowUp:
    categories = ("calsync", kind) + (("personalize",) if draft.placeholders else ())
    return FollowUp(
        uid=identity.followup_uid(interview.source_id, kind, person.key if person else None),
        kind=kind,
        application=application.key,
        interview=interview,
        start=start,
        due=due,
        summary=draft.summary,
        description=draft.text,
        categories=categories,
        interviewer=person,
    )
