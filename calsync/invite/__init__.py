"""Reading one invite: which events are the user's interviews, and the facts the drafts are
written from (company, role, people, notes, stated timeline, the employer's zone, numbers).

Pure: it takes an `Invite` (the event's text and people as plain data, facts.py) and the part
of the config it reads (`Setup`), and returns a `Reading` whose every fact says where it came
from. The calendar layer (detect.py) builds the Invite; plan.py and drafts.py use the Reading
through model.Interview, and never read raw invite text themselves.

    text.py      the description's lines without conferencing boilerplate; the text's language
    verdict.py   interview or not, and why
    company.py   company and role, from the title, labelled lines and the corporate domain
    people.py    interviewers, the contact and role mailboxes; names with their titles
    notes.py     notes as attributed items: person, kind, a clean phrase; promises
    timeline.py  a stated decision date, in six languages
    place.py     the employer's time zone when the invite carries none; phone numbers
"""

from __future__ import annotations

from calsync.invite.facts import Invite, Reading, Setup


def read(invite: Invite, setup: Setup) -> Reading:
    """Everything calsync reads from one invite, each fact with its evidence."""
    from calsync.invite import company, notes, people, place, text, timeline, verdict

    lines = text.lines(invite.description)
    language, _sure = text.language(
        "\n".join((invite.summary, *lines, invite.location)), setup.languages
    )
    found = people.people(invite, lines, setup, language)
    judged = verdict.judge(invite, lines, found, setup)
    employer = company.company(invite, lines, found, setup, language)
    role = company.role(invite, lines, employer, language)
    noted = notes.notes(lines, found.interviewers, language)
    decided = (
        timeline.decision(noted, lines, invite.end.date(), language, setup)
        if invite.end is not None
        else None
    )
    numbers = place.phones(invite, lines)
    domains = [a.email.rpartition("@")[2] for a in invite.attendees if a.email]
    domain = next((d for d in domains if d and company.is_corporate(d, setup)), None)
    zone = place.employer_zone(invite, lines, domain, numbers, setup)
    return Reading(
        verdict=judged,
        company=employer,
        role=role,
        interviewers=found.interviewers,
        contact=found.contact,
        mailboxes=found.mailboxes,
        notes=noted,
        decision=decided[0] if decided else None,
        decision_phrase=decided[1] if decided else None,
        zone=zone,
        phones=numbers,
        language=language,
        links=notes.links(lines),
    )


def notes_for(reading: Reading, person, kind: str) -> tuple:
    """The notes of `kind` that belong to `person`'s draft: their own, the shared ones, and
    the unattributed ones when they are the only interviewer (with several, an unattributed
    note is nobody's in particular: a colleague's topic is never put in another's mouth)."""
    alone = len(reading.interviewers) <= 1
    return tuple(
        n
        for n in reading.notes
        if n.kind == kind
        and (
            n.shared
            or (person is not None and n.person == person.key)
            or (n.person is None and alone)
        )
    )
