"""The fast reading path (issue 6) finds exactly the interviews the full parse finds.

A source is scanned as text and only the VEVENTs that mention a keyword (with every VEVENT that
shares their UID) are parsed. Proven here against the full parse over the whole corpus, over
several configurations, and over generated calendars built to trip it: keywords only in the
categories or the description, overrides retitled into or out of an interview, folded lines.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from click.testing import CliRunner
from conftest import BERLIN, DATA, SAMPLE_NOW, SAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calsync import config as config_module
from calsync import detect
from calsync.cli import cli
from calsync.errors import InputError
from calsync.sources import ics

CONFIGS = {
    "sample": config_module.load(SAMPLES / "config.toml"),
    "defaults": config_module.Config(),
    "own words": config_module.parse(
        {"detect": {"keywords": ["Kennenlernen", "chat with"], "lookback_days": 400}}
    ),
}
CORPUS = sorted([*DATA.glob("*.ics"), *DATA.glob("*/*.ics"), SAMPLES / "calendar.ics"])


def both_ways(data: bytes, cfg, now=SAMPLE_NOW):
    """(full parse, prefiltered parse) -> the interviews each detects."""
    full = detect.detect([ics.parse(data, "x.ics")], cfg, now, BERLIN)
    keep = ics.prefilter(cfg.detect.keywords)
    fast = detect.detect([ics.parse(data, "x.ics", keep)], cfg, now, BERLIN)
    return full, fast


@pytest.mark.parametrize("name", sorted(CONFIGS))
@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_the_corpus_gives_the_same_interviews_both_ways(path, name):
    try:
        full, fast = both_ways(path.read_bytes(), CONFIGS[name])
    except InputError:
        with pytest.raises(InputError):  # a broken file is refused on the fast path too
            ics.parse(path.read_bytes(), "x.ics", ics.prefilter(CONFIGS[name].detect.keywords))
        return
    assert fast.interviews == full.interviews


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_most_of_a_big_calendar_is_never_parsed(bom):
    data = bom + (SAMPLES / "calendar.ics").read_bytes()
    keep = ics.prefilter(CONFIGS["sample"].detect.keywords)
    source = ics.parse(data, "x.ics", keep)
    parsed = sum(len(c.walk("VEVENT")) for c in source.calendars)
    assert source.event_count == 14 and parsed < 14  # the 1:1s and the dentist stay text
    assert ics._scan(data, keep) is not None  # by the byte scan, not the line-by-line way


# -- generated calendars ------------------------------------------------------------------------

TITLES = [
    "Interview with Acme",
    "Phone screen: Globex",
    "Team standup",
    "Dentist",
    "Mock interview with Sam",
    "Vorstellungsgespräch Müller GmbH",
    "Lunch",
    "Kennenlernen mit Initech",
    "Quick chat with Hooli",
    "Final round — Umbrella",
    "İNTERVİEW — Acme",  # Turkish capitals: re.IGNORECASE takes İ for i, casefold() does not
    "Phone\u00a0screen: Globex",  # a no-break space is whitespace to the detector
    "VORSTELLUNGSGESPRÄCH Müller GmbH",
]
WHERE = st.sampled_from(["summary", "categories", "description", "location", "alarm"])


@st.composite
def calendars(draw) -> bytes:
    width = draw(st.integers(8, 75))  # where lines fold: keywords are cut more often than not
    spelled = draw(st.sampled_from([str.upper, str.lower, str.title]))  # property names
    events = []
    for n in range(draw(st.integers(1, 12))):
        title = draw(st.sampled_from(TITLES))
        where = draw(WHERE)
        start = SAMPLE_NOW - timedelta(
            days=draw(st.integers(-20, 40)), hours=draw(st.integers(0, 9))
        )
        uid = f"ev-{draw(st.integers(0, 6))}-{n % 3}@example.org"
        uid_line = draw(st.sampled_from([f"UID:{uid}", f'UID;X-FROM="a:b":{uid}']))
        lines = [
            "BEGIN:VEVENT",
            spelled("UID") + uid_line[3:],
            f"DTSTAMP:{SAMPLE_NOW:%Y%m%dT%H%M%SZ}",
            f"DTSTART:{start:%Y%m%dT%H%M%SZ}",
            f"DTEND:{start + timedelta(hours=1):%Y%m%dT%H%M%SZ}",
            f"{spelled('SUMMARY')}:{title if where == 'summary' else 'Meeting'}",
            "ORGANIZER;CN=Pat Recruiter:mailto:pat@acme.example",
            "ATTENDEE;CN=Dana Kowalski:mailto:dana@acme.example",
        ]
        if where == "categories":
            lines.append(f"{spelled('CATEGORIES')}:{title.replace(',', '')}")
        if where == "description":
            lines.append(f"DESCRIPTION:Notes: {title}")
        if where == "location":
            lines.append(f"LOCATION:{title}")
        if where == "alarm":  # an alarm's own SUMMARY is not the event's title
            lines += ["BEGIN:VALARM", "ACTION:EMAIL", f"SUMMARY:{title}", "TRIGGER:-PT15M"]
            lines += ["END:VALARM"]
        if draw(st.booleans()):
            lines.append("RRULE:FREQ=WEEKLY;COUNT=4")
        elif draw(st.booleans()):
            moved = start + timedelta(days=draw(st.integers(-3, 3)))
            lines.append(f"RECURRENCE-ID:{start + timedelta(days=7):%Y%m%dT%H%M%SZ}")
            lines[3] = f"DTSTART:{moved:%Y%m%dT%H%M%SZ}"
            lines[4] = f"DTEND:{moved + timedelta(hours=1):%Y%m%dT%H%M%SZ}"
        lines.append("END:VEVENT")
        events.append("\r\n".join(_fold(line, width) for line in lines) + "\r\n")
    body = "".join(events)
    text = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n{body}END:VCALENDAR\r\n"
    return text.encode("utf-8", "surrogateescape")


def _fold(line: str, width: int) -> str:
    """Fold at `width` octets, even inside a character, as Outlook does."""
    data = line.encode()
    if len(data) <= width or line.startswith(("BEGIN:", "END:")):
        return line
    parts = [data[:width]] + [data[i : i + width - 1] for i in range(width, len(data), width - 1)]
    return b"\r\n ".join(parts).decode("utf-8", "surrogateescape")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(calendars(), st.sampled_from(sorted(CONFIGS)))
def test_generated_calendars_give_the_same_interviews_both_ways(data, name):
    full, fast = both_ways(data, CONFIGS[name], now=datetime(2026, 11, 20, 18, tzinfo=BERLIN))
    assert fast.interviews == full.interviews


def test_a_broken_interview_after_many_skipped_events_is_named_by_its_real_line():
    ordinary = "".join(
        f"BEGIN:VEVENT\r\nUID:d{n}\r\nDTSTART:20261110T090000Z\r\nSUMMARY:Dentist\r\n"
        "DESCRIPTION:a long\r\n  folded line\r\nEND:VEVENT\r\n"
        for n in range(50)
    )
    broken = (
        "BEGIN:VEVENT\r\nUID:i1\r\nDTSTART:20261117T140000Z\r\nSUMMARY:Interview with Acme\r\n"
        "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:15 minutes before\r\nEND:VALARM\r\n"
        "END:VEVENT\r\n"
    )
    text = (
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n{ordinary}{broken}END:VCALENDAR\r\n"
    )
    line = text[: text.index("BEGIN:VEVENT\r\nUID:i1")].count("\n") + 1
    keep = ics.prefilter(CONFIGS["sample"].detect.keywords)
    full, fast = ics.parse(text.encode(), "x.ics"), ics.parse(text.encode(), "x.ics", keep)
    cfg = CONFIGS["sample"]
    heard = [
        [str(n) for n in detect.detect([source], cfg, SAMPLE_NOW, BERLIN).notices]
        for source in (full, fast)
    ]
    assert heard[0] == heard[1] and len(heard[1]) == 1, heard
    assert f"x.ics: line {line}: " in heard[1][0] and "Interview with Acme" in heard[1][0]
    assert fast.event_count == 51 and line == 3 + 50 * 7 + 1


# -- spellings the detector accepts -------------------------------------------------------------

DECOY = (
    "BEGIN:VEVENT\r\nUID:decoy@x\r\nDTSTART:20261117T090000Z\r\nDTEND:20261117T100000Z\r\n"
    "SUMMARY:Hiring plan review\r\nDESCRIPTION:interview loop for the hiring manager\r\n"
    "END:VEVENT\r\n"
)


def calendar_of(*events: str) -> bytes:
    body = "".join(events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n{body}END:VCALENDAR\r\n".encode()


def event(title_line: str, uid: str = "i1@x", extra: str = "") -> str:
    return (
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:20261117T140000Z\r\nDTEND:20261117T150000Z\r\n"
        f"{title_line}\r\n{extra}END:VEVENT\r\n"
    )


@pytest.mark.parametrize(
    "line",
    [
        "SUMMARY:İNTERVİEW — Acme",
        "SUMMARY:ınterview with Acme",  # dotless ı, which re.IGNORECASE also takes for i
        "SUMMARY:ſcreening call with Globex",  # long s
        "SUMMARY:Phone\u2003screen: Globex",  # an em space
        "SUMMARY:Phone\\nscreen: Globex",  # an escaped newline
        "SUMMARY:VORSTELLUNGSGESPRÄCH bei Müller",
        "summary;language=en:interview with Acme",  # a property name in lower case
        "SUMMARY:Inter\r\n view with Acme",  # folded inside the keyword
        "SUMMARY:Inter\r\n\r\n view with Acme",  # and across a blank line, as icalendar reads it
        "SUMMARY:Catch-up\r\nCATEGORIES:Work,Interview",
        "SUMM\r\n ARY:Interview with Acme",  # folded inside the property's name
        "SUMMARY:Catch-up\r\nCATEGORI\r\n ES:Interview",
    ],
)
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])  # UTF-16 goes the careful way
def test_every_spelling_the_detector_accepts_is_found_by_the_scan(line, encoding):
    data = calendar_of(DECOY, event(line)).decode("utf-8").encode(encoding)
    full, fast = both_ways(data, CONFIGS["defaults"])
    assert len(full.interviews) == 1, line  # the detector takes it: the scan must not miss it
    assert fast.interviews == full.interviews
    source = ics.parse(data, "x.ics", ics.prefilter(CONFIGS["defaults"].detect.keywords))
    assert source.event_count == 2 and len(source.calendars[0].walk("VEVENT")) == 1  # decoy cut


@pytest.mark.parametrize(
    "override_uid",
    [
        'UID;X-SOURCE="a:b":series@x',  # a parameter that quotes a colon
        "UID:ser\r\n ies@x",  # folded
        "UID:series@\r\n\r\n x",  # folded across a blank line
    ],
)
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_an_override_comes_along_however_its_uid_line_is_written(override_uid, encoding):
    series = event(
        "SUMMARY:Interview with Acme", uid="series@x", extra="RRULE:FREQ=DAILY;COUNT=3\r\n"
    )
    override = (
        f"BEGIN:VEVENT\r\n{override_uid}\r\nRECURRENCE-ID:20261118T140000Z\r\n"
        "DTSTART:20261118T160000Z\r\nDTEND:20261118T170000Z\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\n"
    )
    data = calendar_of(DECOY, series, override).decode("utf-8").encode(encoding)
    full, fast = both_ways(data, CONFIGS["defaults"])
    assert len(full.interviews) == 2  # the override retitled one day out of the series
    assert fast.interviews == full.interviews


def test_a_nul_in_one_title_does_not_shift_the_others():
    nul = event("SUMMARY:Lunch \x00 with Sam", uid="nul@x")
    full, fast = both_ways(
        calendar_of(nul, DECOY, event("SUMMARY:Interview with Acme")), CONFIGS["defaults"]
    )
    assert [i.uid for i in full.interviews] == ["i1@x"]
    assert fast.interviews == full.interviews


def test_one_stray_windows_1252_byte_garbles_no_other_line():
    # A UTF-8 file with one byte of Windows-1252 in an unrelated event: it used to turn every
    # accent in the file into mojibake (the whole file read as 1252), on both paths.
    stray = event("SUMMARY:Caf\xe9 order", uid="stray@x").encode("latin-1")
    interview = event(
        "SUMMARY:Interview with Müller GmbH",
        extra="ATTENDEE;CN=Zoë Größner:mailto:zoe@mueller.example\r\n",
    ).encode("utf-8")
    head, tail = calendar_of("X").split(b"X")
    data = head + stray + interview + tail
    full, fast = both_ways(data, CONFIGS["defaults"])
    assert [i.company for i in full.interviews] == ["Müller GmbH"]
    assert [p.name for p in full.interviews[0].interviewers] == ["Zoë Größner"]
    assert fast.interviews == full.interviews


# -- one run, several sources ---------------------------------------------------------------------


def read_together(files: dict[str, bytes], cfg, prefiltered: bool):
    """Every file as one run reads them: each parsed, then shared (see ics.share)."""
    keep = ics.prefilter(cfg.detect.keywords) if prefiltered else None
    sources = ics.share([ics.parse(data, name, keep) for name, data in files.items()])
    return detect.detect(sources, cfg, SAMPLE_NOW, BERLIN)


def test_a_rescheduled_copy_in_another_file_replaces_the_invitation_both_ways():
    # Two saved invitations: the second, a later version (SEQUENCE 1), moved the meeting and
    # renamed it without the keyword. The full parse takes the later one: no interview.
    files = {
        "invite.ics": calendar_of(event("SUMMARY:Interview with Acme", uid="x@acme")),
        "update.ics": calendar_of(
            DECOY, event("SUMMARY:Coffee with Sam", uid="x@acme", extra="SEQUENCE:1\r\n")
        ),
    }
    full = read_together(files, CONFIGS["defaults"], prefiltered=False)
    fast = read_together(files, CONFIGS["defaults"], prefiltered=True)
    assert full.interviews == () and fast.interviews == full.interviews


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_an_override_in_another_file_counts_both_ways(encoding):
    series = event(
        "SUMMARY:Interview with Acme", uid="series@x", extra="RRULE:FREQ=DAILY;COUNT=3\r\n"
    )
    override = (
        "BEGIN:VEVENT\r\nUID:series@x\r\nRECURRENCE-ID:20261118T140000Z\r\n"
        "DTSTART:20261118T160000Z\r\nDTEND:20261118T170000Z\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\n"
    )
    files = {
        "series.ics": calendar_of(series),
        "moved.ics": calendar_of(DECOY, override).decode().encode(encoding),
    }
    full = read_together(files, CONFIGS["defaults"], prefiltered=False)
    fast = read_together(files, CONFIGS["defaults"], prefiltered=True)
    assert len(full.interviews) == 2  # the override, in the other file, took one day out
    assert fast.interviews == full.interviews


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(calendars(), calendars(), st.sampled_from(sorted(CONFIGS)))
def test_generated_pairs_of_files_give_the_same_interviews_both_ways(one, two, name):
    # Both draw UIDs from the same few, so copies and overrides often sit in the other file.
    files = {"one.ics": one, "two.ics": two}
    full = read_together(files, CONFIGS[name], prefiltered=False)
    assert read_together(files, CONFIGS[name], prefiltered=True).interviews == full.interviews


def test_a_directory_of_invitations_plans_nothing_for_one_superseded(tmp_path):
    (tmp_path / "invite.ics").write_bytes(
        calendar_of(event("SUMMARY:Interview with Acme", uid="x@acme"))
    )
    (tmp_path / "update.ics").write_bytes(
        calendar_of(DECOY, event("SUMMARY:Coffee with Sam", uid="x@acme", extra="SEQUENCE:1\r\n"))
    )
    now = ["--now", "2026-11-20T18:00:00Z"]
    result = CliRunner().invoke(cli, ["sync", str(tmp_path), "--dry-run", *now])
    assert result.exit_code == 0, result.output
    assert (
        "would have created 0," in result.output and "(0 interviews in 2 events)" in result.output
    )


def test_an_interview_nested_inside_another_event_is_found_both_ways():
    # Damage, but detection reads every VEVENT at any depth: the scan must not cut it away
    # with the event around it.
    nested = event(
        "SUMMARY:Dentist",
        uid="outer@x",
        extra=event("SUMMARY:Interview with Acme", uid="inner@x"),
    )
    full, fast = both_ways(calendar_of(DECOY, nested), CONFIGS["defaults"])
    assert [i.uid for i in full.interviews] == ["inner@x"]
    assert fast.interviews == full.interviews


# -- real-world quirks (issue 12): both ways read past the same things and say the same ---------

QUIRKS = [
    "this_and_future_override",
    "empty_rrule_every_event",
    "evolution_zone_after_event",
    "text_after_end_vcalendar",
    "blank_lines_before_begin",
    "mistyped_end_in_todo",
]


@pytest.mark.parametrize("case", QUIRKS)
def test_a_real_world_quirk_gives_the_same_interviews_and_warnings_both_ways(case):
    data = (DATA / f"{case}.ics").read_bytes()
    full, fast = both_ways(data, CONFIGS["sample"])
    assert full.interviews and fast.interviews == full.interviews
    assert [str(n) for n in fast.notices] == [str(n) for n in full.notices]


@pytest.mark.parametrize("blank", [b"\r", b"\x0c", b"\xc2\xa0", b"\xa0", b"\xe2\x80\x83"], ids=repr)
@pytest.mark.parametrize("line", [b"BEGIN:VEVENT", b"SUMMARY:", b"UID:", b"END:VEVENT"])
def test_a_blank_before_a_name_that_icalendar_reads_past_sends_the_file_the_careful_way(
    blank, line
):
    # icalendar strips any whitespace around a property's name: "\rBEGIN:VEVENT" is a BEGIN.
    # The scan knows lines only by their first byte, so such a file is read line by line.
    interview = event("SUMMARY:Interview with Acme", uid="i1@x").encode()
    data = calendar_of(DECOY, "X").replace(b"X", interview.replace(line, blank + line, 1))
    keep = ics.prefilter(CONFIGS["defaults"].detect.keywords)
    assert ics._scan(data, keep) is None
    full, fast = both_ways(data, CONFIGS["defaults"])
    assert [i.uid for i in full.interviews] == ["i1@x"]
    assert fast.interviews == full.interviews
