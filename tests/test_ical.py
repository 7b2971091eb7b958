"""What calsync writes (SPEC §6): files any calendar reads the same way, never an invitation."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import icalendar
import pytest
import vobject
from builders import BERLIN, config, interview, planned
from click.testing import CliRunner
from conftest import SAMPLE_NOW, SAMPLES

from calsync import ical
from calsync.cli import cli

NOW = "2026-11-20T18:00:00Z"
X_PROPS = ("X-CALSYNC-KIND", "X-CALSYNC-SOURCE", "X-CALSYNC-APPLICATION", "X-CALSYNC-HASH")


def run(*args: str, config_path: Path = SAMPLES / "config.toml") -> str:
    result = CliRunner().invoke(
        cli, ["-c", str(config_path), "sync", str(SAMPLES / "calendar.ics"), "--now", NOW, *args]
    )
    assert result.exit_code == 0, result.output
    return result.stdout_bytes.decode("utf-8")


def written_files(tmp_path: Path) -> dict[str, bytes]:
    """Every file calsync writes for the samples: stdout, a .ics file, a vdir, as todo and event."""
    files = {"stdout": run().encode(), "stdout-event": run("--as", "event").encode()}
    run("-o", str(tmp_path / "followups.ics"))
    files["file"] = (tmp_path / "followups.ics").read_bytes()
    run("-o", str(tmp_path / "vdir") + "/")
    for path in sorted((tmp_path / "vdir").iterdir()):
        files[f"vdir/{path.name}"] = path.read_bytes()
    return files


def items_icalendar(data: bytes) -> list:
    calendar = icalendar.Calendar.from_ical(data)
    return [c for c in calendar.subcomponents if c.name in ("VTODO", "VEVENT")]


def x_values_icalendar(data: bytes) -> dict[str, dict[str, str]]:
    return {
        str(item["UID"]): {name: str(item[name]) for name in X_PROPS if name in item}
        for item in items_icalendar(data)
    }


def x_values_vobject(data: bytes) -> dict[str, dict[str, str]]:
    calendar = vobject.readOne(data.decode("utf-8"))
    out = {}
    for item in calendar.getChildren():
        if item.name not in ("VTODO", "VEVENT"):
            continue
        out[item.uid.value] = {
            name: item.contents[name.lower()][0].value
            for name in X_PROPS
            if name.lower() in item.contents
        }
    return out


def test_every_written_file_reads_the_same_in_icalendar_and_vobject(tmp_path):
    files = written_files(tmp_path)
    assert len([n for n in files if n.startswith("vdir/")]) == 14
    for name, data in files.items():
        by_icalendar = x_values_icalendar(data)
        assert by_icalendar, name
        assert by_icalendar == x_values_vobject(data), name
        for values in by_icalendar.values():
            assert set(values) == set(X_PROPS), name


def test_x_calsync_values_with_commas_and_semicolons_read_back_the_same():
    odd = interview(
        datetime(2026, 11, 17, 14, 0, tzinfo=BERLIN),
        uid="meeting,42;series=7@exchange.example",
        recurrence_id="20261117T130000Z",
        company="Smith, Jones; Partners",
    )
    items = [ical.build(f, "todo", True, SAMPLE_NOW) for f in planned([odd])]
    data = ical.calendar(items).to_ical()
    expected_source = "meeting,42;series=7@exchange.example;RECURRENCE-ID=20261117T130000Z"
    for reader in (x_values_icalendar, x_values_vobject):
        values = reader(data)
        assert {v["X-CALSYNC-SOURCE"] for v in values.values()} == {expected_source}
        assert {v["X-CALSYNC-APPLICATION"] for v in values.values()} == {
            "smith-jones-partners/senior-backend-engineer"
        }


@pytest.mark.parametrize("as_", ["todo", "event"])
def test_written_items_never_carry_attendee_organizer_or_method(as_):
    # The sample interviews have ORGANIZERs and ATTENDEEs; none may leak into a follow-up.
    text = run("--as", as_)
    for name in ("ATTENDEE", "ORGANIZER", "METHOD"):
        assert not re.search(rf"^{name}[;:]", text, re.MULTILINE), name
    assert "mailto:" not in text


def test_calendar_declares_prodid_and_version(tmp_path):
    for name, data in written_files(tmp_path).items():
        calendar = icalendar.Calendar.from_ical(data)
        assert str(calendar["VERSION"]) == "2.0", name
        assert str(calendar["PRODID"]) == ical.PRODID, name


def test_every_tzid_used_has_its_vtimezone(tmp_path):
    for name, data in written_files(tmp_path).items():
        text = data.decode("utf-8")
        used = set(re.findall(r";TZID=([^:;]+)[:;]", text))
        declared = set(re.findall(r"^TZID:(.+?)\r?$", text, re.MULTILINE))
        assert used <= declared, name
        if name == "stdout":
            assert used == {"Europe/Berlin", "America/Los_Angeles"}


def test_times_are_in_the_interview_zone():
    calendar = icalendar.Calendar.from_ical(run().encode())
    contoso = [t for t in calendar.walk("VTODO") if "Contoso" in str(t["SUMMARY"])]
    assert contoso
    for todo in contoso:
        assert todo["DTSTART"].params["TZID"] == "America/Los_Angeles"


def test_uids_are_deterministic():
    first = [f.uid for f in planned([interview(datetime(2026, 11, 17, 14, 0, tzinfo=BERLIN))])]
    again = [f.uid for f in planned([interview(datetime(2026, 11, 17, 14, 0, tzinfo=BERLIN))])]
    assert first == again
    assert len(set(first)) == len(first)
    assert uids_in(run()) == uids_in(run())
    assert uids_in(run()) == uids_in(run("--as", "event"))  # the same follow-up whichever form


def uids_in(text: str) -> list[str]:
    return re.findall(r"^UID:(.+?)\r?$", text, re.MULTILINE)


def test_display_alarm_at_the_start_by_default():
    calendar = icalendar.Calendar.from_ical(run().encode())
    for todo in calendar.walk("VTODO"):
        alarms = [c for c in todo.subcomponents if c.name == "VALARM"]
        assert len(alarms) == 1
        assert str(alarms[0]["ACTION"]) == "DISPLAY"
        assert alarms[0]["TRIGGER"].dt.total_seconds() == 0


def test_alarms_false_in_config_drops_the_valarm(tmp_path):
    text = (SAMPLES / "config.toml").read_text(encoding="utf-8")
    assert "alarms = true" in text
    (tmp_path / "config.toml").write_text(text.replace("alarms = true", "alarms = false"))
    output = run(config_path=tmp_path / "config.toml")
    assert output.count("BEGIN:VTODO") == 14
    assert "VALARM" not in output


def test_as_event_writes_transparent_vevents_with_dtend():
    calendar = icalendar.Calendar.from_ical(run("--as", "event").encode())
    assert calendar.walk("VTODO") == []
    events = calendar.walk("VEVENT")
    assert len(events) == 14
    for event in events:
        assert "DUE" not in event
        assert event["DTEND"].dt > event["DTSTART"].dt
        assert str(event["TRANSP"]) == "TRANSPARENT"


def test_todo_carries_status_priority_categories_and_related_to():
    calendar = icalendar.Calendar.from_ical(run().encode())
    todos = calendar.walk("VTODO")
    for todo in todos:
        kind = str(todo["X-CALSYNC-KIND"])
        assert str(todo["STATUS"]) == "NEEDS-ACTION"
        assert int(todo["PRIORITY"]) == (1 if kind == "thank-you" else 5)
        assert {"calsync", kind} <= set(todo["CATEGORIES"].cats)
        assert str(todo["RELATED-TO"]) in str(todo["X-CALSYNC-SOURCE"])


def test_owned_hash_changes_when_the_user_edits_an_owned_field():
    followup = planned([interview(datetime(2026, 11, 17, 14, 0, tzinfo=BERLIN))], config())[0]
    item = ical.build(followup, "todo", True, SAMPLE_NOW)
    assert not ical.is_edited(item)
    reread = icalendar.Todo.from_ical(item.to_ical())
    assert not ical.is_edited(reread)  # a round trip through text is not an edit
    reread["SUMMARY"] = icalendar.vText("Thank Dana tomorrow")
    assert ical.is_edited(reread)
