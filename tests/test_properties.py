"""Invariants of the pure core, over generated interviews: deterministic, unique, idempotent."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from builders import config, planned
from hypothesis import given, settings
from hypothesis import strategies as st

from calsync import ical, reconcile
from calsync.invite.notes import notes as read_notes
from calsync.model import Interview, Person
from calsync.reconcile import Stored

SETTINGS = settings(max_examples=50, deadline=None)
ZONES = [ZoneInfo(n) for n in ("Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC")]
NOW = datetime(2026, 11, 20, 18, 0, tzinfo=ZoneInfo("UTC"))
ROLES = ["Backend Engineer", "backend engineer", "Analyst"]  # one role, two spellings

# Invite text as it comes: any printable text, punctuation and template syntax included.
text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029"),
    min_size=1,
    max_size=40,
).filter(str.strip)
notes = st.lists(
    st.one_of(
        text,
        st.sampled_from(
            [
                "Dana walked through the migration from Kafka to Pulsar",
                "Priya asked about on-call culture, incident reviews; and {{ templates }}",
                "Promised to send my talk: https://talks.example.org/t?a=1&b=${x}",
                "We discussed %(budget)s and {} placeholders",
            ]
        ),
    ),
    max_size=4,
)
people = st.lists(
    st.builds(
        Person,
        name=st.sampled_from(["Dana Kowalski", "Priya Natarajan", "Marco", "José Ñúñez", "李 雷"]),
        email=st.one_of(st.none(), st.sampled_from(["a@x.com", "b@x.com", "c@y.org"])),
    ),
    max_size=7,
    unique_by=lambda p: p.key,
)


@st.composite
def interviews(draw) -> tuple[Interview, ...]:
    rounds = []
    for n in range(draw(st.integers(min_value=1, max_value=5))):
        zone = draw(st.sampled_from(ZONES))
        start = datetime(2026, 10, 20, tzinfo=zone) + timedelta(
            minutes=15 * draw(st.integers(min_value=0, max_value=4 * 24 * 60))
        )
        note_lines = tuple(draw(notes))
        who = tuple(draw(people))
        rounds.append(
            Interview(
                uid=f"{draw(text)}-{n}",  # unique per round, as detect guarantees
                recurrence_id=draw(st.one_of(st.none(), st.just("20261117T130000Z"))),
                summary=draw(text),
                start=start,
                end=start + timedelta(minutes=draw(st.sampled_from([15, 45, 60, 240]))),
                company=draw(
                    st.one_of(st.none(), st.sampled_from(["Acme", "ACME", "Globex"]), text)
                ),
                role=draw(st.one_of(st.none(), st.sampled_from(ROLES))),
                interviewers=who,
                contact=draw(st.one_of(st.none(), st.builds(Person, name=text))),
                notes=read_notes(["Notes:", *(f"- {n}" for n in note_lines)], who, "en"),
                links=tuple(w for n in note_lines for w in n.split() if w.startswith("https://")),
                timeline=draw(st.one_of(st.none(), st.dates(date(2026, 1, 1), date(2027, 6, 30)))),
                replied=draw(st.booleans()),
            )
        )
    return tuple(rounds)


def written(followups, now=NOW) -> list[Stored]:
    """What a target holds after applying the first plan: each item as read back from text."""
    actions = reconcile.decide(
        followups, [], as_="todo", alarms=True, now=now, keep_before=now - timedelta(days=30)
    )
    assert {a.verb for a in actions} <= {"create"}
    return [
        Stored(
            a.uid,
            ical.parse_block(ical.Block("VTODO", ical.to_text(a.item))),
            ical.to_text(a.item),
            str(n),
        )
        for n, a in enumerate(actions)
    ]


@SETTINGS
@given(interviews())
def test_planning_is_deterministic(rounds):
    first = planned(rounds, config())
    again = planned(rounds, config())
    assert [(f.uid, f.start, f.due, f.summary, f.description) for f in first] == [
        (f.uid, f.start, f.due, f.summary, f.description) for f in again
    ]


@SETTINGS
@given(interviews(), st.randoms(use_true_random=False))
def test_planning_does_not_depend_on_the_order_interviews_are_read(rounds, random):
    shuffled = list(rounds)
    random.shuffle(shuffled)
    assert planned(shuffled, config()) == planned(rounds, config())


@SETTINGS
@given(interviews())
def test_uids_are_unique_per_interview_kind_and_person(rounds):
    followups = planned(rounds, config())
    assert len({f.uid for f in followups}) == len(followups)
    identities = {
        (f.interview.source_id, f.kind, f.interviewer.key if f.interviewer else None)
        for f in followups
    }
    assert len(identities) == len(followups)


@SETTINGS
@given(interviews(), st.integers(min_value=0, max_value=72))
def test_planning_again_after_applying_changes_nothing(rounds, hours_later):
    followups = planned(rounds, config())
    stored = written(followups)
    later = NOW + timedelta(hours=hours_later)  # a later run: only DTSTAMP would differ
    actions = reconcile.decide(
        planned(rounds, config()),
        stored,
        as_="todo",
        alarms=True,
        now=later,
        keep_before=later - timedelta(days=30),
    )
    assert [a.verb for a in actions] == ["unchanged"] * len(followups)
