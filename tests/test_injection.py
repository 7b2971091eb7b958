"""Invite text is data (issue 5): what strangers write into an invite comes out escaped and
literal, and the file calsync writes holds exactly the planned items, read alike by icalendar
and vobject."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from click.testing import CliRunner
from conftest import SAMPLES

from calsync import config as config_module
from calsync import detect, drafts, plan
from calsync.cli import cli
from calsync.sources import ics

NOW = "2026-11-20T18:00:00Z"
CONFIG = SAMPLES / "config.toml"
# Line breaks, component boundaries, iCalendar's separators and escape, Unicode line and
# paragraph separators (str.splitlines() breaks at them), control characters, and template
# syntax of every kind: Python Template ($name, ${name}), Jinja, %-format and str.format.
TEMPLATES = "{{ config.me.name }} ${my_name} $my_name $$ %(pitch)s %s {} {0} {company}"
BREAKERS = (
    "a\r\nEND:VTODO\r\nBEGIN:VALARM\nTRIGGER:-PT0M\u2028END:VCALENDAR\u0085BEGIN:VEVENT\u2029"
)
SEPARATORS = 'Acme, Inc.; "quoted" back\\slash :colon'
HOSTILE = f"{SEPARATORS} {TEMPLATES} {BREAKERS} end"
# The interview UID is written back (RELATED-TO, X-CALSYNC-SOURCE): separators in it too.
UID = "acme;round=2,final\\x@jobs.example"


def hostile_invite(path: Path) -> Path:
    """A two-round series (so X-CALSYNC-SOURCE carries ;RECURRENCE-ID=) with hostile text in
    its summary, description, location and attendee names, correctly escaped by icalendar."""
    event = icalendar.Event()
    event.add("UID", UID)
    event.add("DTSTAMP", datetime(2026, 11, 1, tzinfo=ZoneInfo("UTC")))
    event.add("DTSTART", datetime(2026, 11, 16, 10, tzinfo=ZoneInfo("Europe/Berlin")))
    event.add("DTEND", datetime(2026, 11, 16, 11, tzinfo=ZoneInfo("Europe/Berlin")))
    event.add("RRULE", {"FREQ": "WEEKLY", "COUNT": 2})
    event.add("SUMMARY", f"Interview with {HOSTILE}")
    event.add("LOCATION", HOSTILE)
    event.add(
        "DESCRIPTION",
        f"Role: Engineer {TEMPLATES}\n"
        "Notes:\n"
        f"- Dana walked through {HOSTILE}\n"
        f"- Priya asked about {TEMPLATES}\n"
        "- Dana said on-call\u2028END:VTODO\u2028BEGIN:VALARM\u0085rotas\u2029are fair\n"
        "- Priya explained pager\x00 dut\x1by\x7f load\n"
        f"- Promised to send my notes {TEMPLATES}: https://x.example/a,b;c\\d?q=${{x}}\n"
        f"- {BREAKERS}\n"
        "Decision by Dec 4\x00\x1b\x7f\n",
    )
    for name, email in (
        (f"Dana {SEPARATORS} {TEMPLATES}", "dana@acme.example"),
        ("Priya \u2028END:VTODO Natarajan $my_name", "priya@acme.example"),
    ):
        event.add("ATTENDEE", f"mailto:{email}", parameters={"CN": name})
    calendar = icalendar.Calendar()
    calendar.add("PRODID", "-//stranger//EN")
    calendar.add("VERSION", "2.0")
    calendar.add_component(event)
    path.write_bytes(calendar.to_ical())
    return path


def the_plan(source: Path):
    """The follow-ups calsync plans for `source`, straight from the library."""
    cfg = config_module.load(CONFIG)
    now = datetime(2026, 11, 20, 18, tzinfo=ZoneInfo("UTC"))
    found = detect.detect(ics.read(str(source)), cfg, now, ZoneInfo("Europe/Berlin"))
    return plan.plan(found.interviews, cfg, drafts.load_templates(None))


def sync(source: Path, target: Path, *args: str):
    argv = ["-c", str(CONFIG), "sync", str(source), "-o", str(target), "--now", NOW, *args]
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code == 0, (result.output, result.exception)
    return result


@pytest.fixture
def invite(tmp_path) -> Path:
    return hostile_invite(tmp_path / "invite.ics")


def test_the_hostile_invite_is_an_interview_whose_text_reaches_the_drafts(invite):
    followups = the_plan(invite)

    thanks = [f for f in followups if f.kind == "thank-you"]
    assert len(thanks) == 4  # two rounds, two interviewers each
    text = "\n".join(f.description for f in thanks)
    # Template syntax from the invite stays literal; only the template's own $my_name is filled.
    for literal in ("{{ config.me.name }}", "${my_name}", "%(pitch)s", "{} {0} {company}", "$$"):
        assert literal in text
    assert "Dana walked" not in text  # the note is rephrased, but its text is kept:
    assert 'Acme, Inc.; "quoted" back\\slash :colon' in text
    assert "https://x.example/a,b;c\\d?q=${x}" in text
    # A note is read as one phrase: Unicode line separators inside it are spaces, and no text
    # from the invite breaks the item (calsync reads its own file back by CRLF); control
    # characters, which iCalendar cannot carry (NEL, NUL, ESC, DEL), are dropped.
    assert "on-call END:VTODO BEGIN:VALARMrotas are fair" in text
    assert "pager duty load" in text
    assert not any(c in text for c in "\x00\x1b\x7f\x85\r")


@pytest.mark.parametrize("as_", ["todo", "event"])
def test_output_holds_exactly_the_planned_items_for_icalendar_and_vobject(tmp_path, invite, as_):
    target = tmp_path / "followups.ics"
    sync(invite, target, "--as", as_)
    data = target.read_bytes()
    planned = {f.uid: f for f in the_plan(invite)}
    name = "VTODO" if as_ == "todo" else "VEVENT"

    # icalendar: the calendar holds time zones and the planned items, each with its one alarm.
    calendar = icalendar.Calendar.from_ical(data)
    assert {c.name for c in calendar.subcomponents} == {"VTIMEZONE", name}
    items = calendar.walk(name)
    assert len(items) == len(planned) == 7  # two rounds: 2 + 2 thank-yous, call, check, nudge
    assert {str(i["UID"]) for i in items} == set(planned)
    for item in items:
        followup = planned[str(item["UID"])]
        assert str(item["SUMMARY"]) == followup.summary
        assert str(item["DESCRIPTION"]) == followup.description
        assert [c.name for c in item.subcomponents] == ["VALARM"]

    # vobject reads the very same.
    parsed = vobject.readOne(data.decode("utf-8"))
    read = list(parsed.contents[name.lower()])
    assert len(read) == len(planned)
    assert {v.uid.value for v in read} == set(planned)
    for item in read:
        followup = planned[item.uid.value]
        assert item.summary.value == followup.summary
        assert item.description.value == followup.description
        assert len(item.contents.get("valarm", [])) == 1
        assert "attendee" not in item.contents and "organizer" not in item.contents


def test_x_properties_with_separators_read_back_the_same_in_both_parsers(tmp_path, invite):
    target = tmp_path / "followups.ics"
    sync(invite, target)
    data = target.read_bytes()
    planned = {f.uid: f for f in the_plan(invite)}
    by_icalendar = {str(t["UID"]): t for t in icalendar.Calendar.from_ical(data).walk("VTODO")}
    by_vobject = {t.uid.value: t for t in vobject.readOne(data.decode()).contents["vtodo"]}

    sources = set()
    for uid, followup in planned.items():
        expected = {
            "X-CALSYNC-SOURCE": followup.interview.source_id,
            "X-CALSYNC-APPLICATION": followup.application,
            "X-CALSYNC-KIND": followup.kind,
            "RELATED-TO": UID,
        }
        for prop, value in expected.items():
            assert str(by_icalendar[uid][prop]) == value, prop
            assert by_vobject[uid].contents[prop.lower()][0].value == value, prop
        sources.add(followup.interview.source_id)
    assert sources == {
        f"{UID};RECURRENCE-ID=20261116T090000Z",
        f"{UID};RECURRENCE-ID=20261123T090000Z",
    }


def test_a_second_run_over_the_hostile_output_changes_nothing(tmp_path, invite):
    # calsync reads its own file back: a U+2028 or "END:VTODO" inside a value must not split
    # or end an item there.
    target = tmp_path / "followups.ics"
    sync(invite, target)
    first = target.read_bytes()

    again = sync(invite, target)

    assert "created 0, updated 0, cancelled 0, unchanged 7" in again.output
    assert target.read_bytes() == first
