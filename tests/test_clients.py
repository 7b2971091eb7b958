"""Real clients read what calsync writes: todoman and khal (a vdir), Mozilla's ical.js (files).

calsync syncs the bundled samples, as the README's `make demo` does, to a .ics file and to a vdir,
as tasks and as events; then:

- todoman (`todo list`, `todo show`, `todo --porcelain list`) lists the 14 follow-ups of the task
  vdir with the due dates calsync wrote;
- khal (`khal list`, `khal printics`) shows the events of the event vdir (and file) at their times;
- ical.js, the parser inside Thunderbird (tests/js/parse.mjs, on Node.js), reads the files and
  one item of each vdir as icalendar does: the same UIDs, summaries, drafts, and the same UTC
  instants for every time, computed from the file's own VTIMEZONEs; and it reads each VTIMEZONE
  as the IANA zone it names, hour by hour, for every year it covers.

The clients run in a local time zone the samples do not use (America/New_York), so every time
they show has been converted from the item's zone. None of them may print a warning.

Node.js and npm are needed: without them these tests fail (CI must prove the ical.js part), unless
CALSYNC_SKIP_NODE=1 is set, which skips the ical.js tests. The ical.js version is pinned in
tests/js/package-lock.json; `npm ci` runs here once when tests/js/node_modules lacks it.
"""

from __future__ import annotations

import bisect
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import ROOT, SAMPLES
from icalendar import Calendar, Component

NOW = "2026-11-20T18:00:00Z"
CONFIG = SAMPLES / "config.toml"
CALENDAR = SAMPLES / "calendar.ics"
JS = ROOT / "tests" / "js"
BIN = Path(sys.executable).parent
VIEWER = "America/New_York"  # the clients' local zone: neither of the samples' zones
VIEWER_ZONE = ZoneInfo(VIEWER)
SHOWN = "%Y-%m-%d %H:%M"  # date_format + time_format below, and khal's datetime formats

# Sample interviews: Bluefin (1 interviewer), Contoso (1), Northwind panel (2) and final round (1).
THANK_YOUS = {
    "Send thank-you to Marco Bianchi — Bluefin Analytics",
    "Send thank-you to Rachel Okafor — Contoso",
    "Send thank-you to Dana Kowalski — Northwind Robotics",
    "Send thank-you to Priya Natarajan — Northwind Robotics",
    "Send thank-you to Tomasz Lindqvist — Northwind Robotics",
}


@dataclass(frozen=True)
class Written:
    tasks_file: Path  # --as todo -o tasks.ics
    events_file: Path  # --as event -o events.ics
    tasks_dir: Path  # --as todo -o lists/followups/ (todoman's path = "lists/*")
    events_dir: Path  # --as event -o calendars/followups/
    base: Path


def calsync(base: Path, source: Path, now: str, kind: str, target: Path, name: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CALSYNC_")}
    env |= {
        "CALSYNC_HOME": str(base / "state" / name),
        "XDG_CONFIG_HOME": str(base / "xdg-config"),
        "TZ": "Europe/Berlin",
    }
    target_arg = f"{target}/" if not target.suffix else str(target)
    args = ["-c", str(CONFIG), "sync", str(source), "--now", now, "--as", kind, "-o", target_arg]
    done = subprocess.run(
        [sys.executable, "-m", "calsync", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Written:
    base = tmp_path_factory.mktemp("clients")
    out = Written(
        tasks_file=base / "tasks.ics",
        events_file=base / "events.ics",
        tasks_dir=base / "lists" / "followups",
        events_dir=base / "calendars" / "followups",
        base=base,
    )
    for kind, target in (
        ("todo", out.tasks_file),
        ("event", out.events_file),
        ("todo", out.tasks_dir),
        ("event", out.events_dir),
    ):
        calsync(base, CALENDAR, NOW, kind, target, target.name)
    return out


def items_in(path: Path) -> list[Component]:
    """The VTODOs and VEVENTs of a file, or of every .ics of a directory, as icalendar reads."""
    files = sorted(path.glob("*.ics")) if path.is_dir() else [path]
    return [
        component
        for file in files
        for component in Calendar.from_ical(file.read_bytes()).walk()
        if component.name in ("VTODO", "VEVENT")
    ]


def shown(moment: datetime) -> str:
    return moment.astimezone(VIEWER_ZONE).strftime(SHOWN)


def client_env(base: Path) -> dict[str, str]:
    """A user with nothing of their own: no home config, caches in the tmp dir, New York time."""
    home = base / "home"
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "TZ": VIEWER,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
    }


def client(name: str, *args: str, base: Path) -> subprocess.CompletedProcess:
    program = BIN / name
    if not program.exists():
        pytest.fail(f"{program} is missing: install the test extras, pip install -e '.[test]'")
    done = subprocess.run(
        [str(program), *args],
        env=client_env(base),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, (done.stdout, done.stderr)
    # Parser warnings about our files ("could not parse", "skipping", unknown time zones) go to
    # stderr: there must be none.
    assert done.stderr == "", done.stderr
    return done


# -- todoman: the task vdir -------------------------------------------------------------------


@pytest.fixture(scope="module")
def todoman(written) -> Path:
    config = written.base / "todoman.py"
    config.write_text(
        f"path = {str(written.tasks_dir.parent / '*')!r}\n"
        'date_format = "%Y-%m-%d"\n'
        'time_format = "%H:%M"\n'
        f"cache_path = {str(written.base / 'todoman-cache.sqlite3')!r}\n"
        'color = "never"\n',
        encoding="utf-8",
    )
    return config


def test_todo_list_shows_every_follow_up_with_its_due_date(written, todoman):
    todos = items_in(written.tasks_dir)
    assert len(todos) == 14
    expected = {str(t["SUMMARY"]): shown(t["DUE"].dt) for t in todos}
    assert expected.keys() >= THANK_YOUS

    lines = client("todo", "--config", str(todoman), "list", base=written.base).stdout.splitlines()

    assert len(lines) == 14, lines
    for summary, due in expected.items():
        # "[ ] 7 !!! 2026-11-14 12:45 Send thank-you to Rachel Okafor — Contoso  [calsync, ...]"
        matching = [line for line in lines if f" {due} {summary} " in line]
        assert len(matching) == 1, (summary, due, lines)
    # The thank-yous are the urgent ones (PRIORITY 1): todoman shows them as "!!!".
    for line in lines:
        assert (" !!! " in line) == any(f" {s} " in line for s in THANK_YOUS), line


def test_todoman_reads_every_field_calsync_writes(written, todoman):
    done = client("todo", "--config", str(todoman), "--porcelain", "list", base=written.base)
    listed = {todo["summary"]: todo for todo in json.loads(done.stdout)}

    todos = items_in(written.tasks_dir)
    assert listed.keys() == {str(t["SUMMARY"]) for t in todos}
    for todo in todos:
        seen = listed[str(todo["SUMMARY"])]
        assert seen["start"] == int(todo["DTSTART"].dt.timestamp())
        assert seen["due"] == int(todo["DUE"].dt.timestamp())
        assert seen["priority"] == int(todo["PRIORITY"])
        assert sorted(seen["categories"]) == sorted(str(c) for c in todo["CATEGORIES"].cats)
        assert seen["description"] == str(todo["DESCRIPTION"])
        assert (seen["completed"], seen["percent"], seen["list"]) == (False, 0, "followups")


def test_todo_show_prints_the_draft(written, todoman):
    done = client("todo", "--config", str(todoman), "--porcelain", "list", base=written.base)
    (dana,) = [t for t in json.loads(done.stdout) if "Dana Kowalski" in t["summary"]]
    (item,) = [t for t in items_in(written.tasks_dir) if "Dana Kowalski" in str(t["SUMMARY"])]

    shown_todo = client(
        "todo", "--config", str(todoman), "show", str(dana["id"]), base=written.base
    ).stdout

    assert f"{shown(item['DUE'].dt)} {item['SUMMARY']}" in shown_todo
    assert str(item["DESCRIPTION"]).strip() in shown_todo


# -- khal: the event vdir ---------------------------------------------------------------------

KHAL_FORMAT = "{uid}\t{start-long}\t{end-long}\t{title}\t{status}\t{alarm-symbol}"


@pytest.fixture(scope="module")
def khal(written) -> Path:
    config = written.base / "khal.conf"
    config.write_text(
        "[calendars]\n"
        "[[followups]]\n"
        f"path = {written.events_dir}\n"
        "type = calendar\n"
        "[locale]\n"
        f"local_timezone = {VIEWER}\n"
        f"default_timezone = {VIEWER}\n"
        "timeformat = %H:%M\n"
        "dateformat = %Y-%m-%d\n"
        "longdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\n"
        "longdatetimeformat = %Y-%m-%d %H:%M\n"
        "[sqlite]\n"
        f"path = {written.base / 'khal.db'}\n",
        encoding="utf-8",
    )
    return config


def khal_rows(stdout: str) -> dict[str, tuple[str, ...]]:
    rows = [line.split("\t") for line in stdout.splitlines() if "\t" in line]
    return {uid: tuple(field.strip() for field in rest) for uid, *rest in rows}


def expected_events(path: Path) -> dict[str, tuple[str, ...]]:
    return {
        str(e["UID"]): (
            shown(e["DTSTART"].dt),
            shown(e["DTEND"].dt),
            str(e["SUMMARY"]),
            str(e["STATUS"]),
            "⏰",  # khal read the VALARM
        )
        for e in items_in(path)
    }


def test_khal_list_shows_every_follow_up_at_its_time(written, khal):
    expected = expected_events(written.events_dir)
    assert len(expected) == 14
    assert {row[2] for row in expected.values()} >= THANK_YOUS

    done = client(
        "khal",
        "-c",
        str(khal),
        "list",
        "--once",
        "--day-format",
        "",
        "--format",
        KHAL_FORMAT,
        "2026-11-01",
        "2027-01-31",
        base=written.base,
    )

    assert khal_rows(done.stdout) == expected


def test_khal_printics_reads_the_event_file(written, khal):
    done = client(
        "khal",
        "-c",
        str(khal),
        "printics",
        "--format",
        KHAL_FORMAT,
        str(written.events_file),
        base=written.base,
    )

    assert done.stdout.startswith(f"14 events found in {written.events_file}\n")
    assert khal_rows(done.stdout) == expected_events(written.events_file)


# -- Mozilla ical.js (Thunderbird's parser), on Node.js ---------------------------------------


def locked_icaljs() -> str:
    lock = json.loads((JS / "package-lock.json").read_text(encoding="utf-8"))
    return lock["packages"]["node_modules/ical.js"]["version"]


def installed_icaljs() -> str | None:
    manifest = JS / "node_modules" / "ical.js" / "package.json"
    if not manifest.exists():
        return None
    return json.loads(manifest.read_text(encoding="utf-8"))["version"]


@pytest.fixture(scope="session")
def icaljs():
    """parse(*paths, offsets=(from_year, to_year)) -> what tests/js/parse.mjs prints, per file."""
    if os.environ.get("CALSYNC_SKIP_NODE") == "1":
        pytest.skip("CALSYNC_SKIP_NODE=1: the ical.js tests are skipped on request")
    node, npm = shutil.which("node"), shutil.which("npm")
    if not (node and npm):
        pytest.fail(
            f"Node.js and npm are needed for the ical.js tests (node: {node}, npm: {npm});"
            " install them, or set CALSYNC_SKIP_NODE=1 to skip these tests on purpose"
        )
    if installed_icaljs() != locked_icaljs():
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"],
            cwd=JS,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, f"npm ci in {JS} failed:\n{done.stdout}\n{done.stderr}"
        assert installed_icaljs() == locked_icaljs()

    def parse(*paths: Path, offsets: tuple[int, int] | None = None) -> dict:
        span = ["--offsets", str(offsets[0]), str(offsets[1])] if offsets else []
        done = subprocess.run(
            [node, str(JS / "parse.mjs"), *span, *map(str, paths)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert done.stderr == "", done.stderr
        result = json.loads(done.stdout)
        assert result["icaljs"] == locked_icaljs()
        return {Path(path): summary for path, summary in result["files"].items()}

    return parse


def utc(moment: datetime | date) -> str:
    assert isinstance(moment, datetime) and moment.tzinfo is not None, moment
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def as_icalendar_reads(component: Component) -> dict:
    """The fields parse.mjs prints, as icalendar reads them (its times: the IANA zone by name)."""

    def when(name: str) -> dict | None:
        prop = component.get(name)
        if prop is None:
            return None
        return {"tzid": prop.params.get("TZID"), "utc": utc(prop.dt)}

    def text(name: str) -> str | None:
        value = component.get(name)
        return None if value is None else str(value)

    categories = component.get("CATEGORIES")
    description = text("DESCRIPTION")
    return {
        "type": component.name.lower(),
        "uid": text("UID"),
        "summary": text("SUMMARY"),
        "description": description,
        "description_length": None if description is None else len(description),
        "status": text("STATUS"),
        "priority": None if component.get("PRIORITY") is None else int(component["PRIORITY"]),
        "transp": text("TRANSP"),
        "categories": [] if categories is None else [str(c) for c in categories.cats],
        "related_to": text("RELATED-TO"),
        "x_calsync_kind": text("X-CALSYNC-KIND"),
        "dtstamp": when("DTSTAMP"),
        "dtstart": when("DTSTART"),
        "due": when("DUE"),
        "dtend": when("DTEND"),
        "alarms": [
            {
                "action": str(alarm["ACTION"]),
                "trigger_seconds": int(alarm["TRIGGER"].dt.total_seconds()),
                "related": alarm["TRIGGER"].params.get("RELATED"),
            }
            for alarm in component.walk("VALARM")
        ],
    }


def as_icaljs_reads(item: dict) -> dict:
    """parse.mjs's item, cut to what as_icalendar_reads gives; each time's zone is checked."""
    times = {}
    for name in ("dtstamp", "dtstart", "due", "dtend"):
        when = item[name]
        if when is not None:
            # A TZID that ical.js could not find among the file's VTIMEZONEs reads as "floating".
            assert when["zone"] == (when["tzid"] or "UTC"), (item["uid"], name, when)
            assert not when["is_date"], (item["uid"], name, when)
            when = {"tzid": when["tzid"], "utc": when["utc"]}
        times[name] = when
    alarms = [{k: a[k] for k in ("action", "trigger_seconds", "related")} for a in item["alarms"]]
    return {**item, **times, "alarms": alarms}


def vdir_item(directory: Path, summary: str) -> Path:
    (path,) = [p for p in directory.glob("*.ics") if summary in str(items_in(p)[0]["SUMMARY"])]
    return path


def test_icaljs_reads_what_icalendar_reads(written, icaljs):
    files = [
        written.tasks_file,
        written.events_file,
        vdir_item(written.tasks_dir, "Rachel Okafor"),  # America/Los_Angeles
        vdir_item(written.events_dir, "Dana Kowalski"),  # Europe/Berlin
    ]

    read = icaljs(*files)

    for path in files:
        calendar = Calendar.from_ical(path.read_bytes())
        seen = read[path]
        assert (seen["prodid"], seen["version"]) == (str(calendar["PRODID"]), "2.0")
        expected = [as_icalendar_reads(c) for c in items_in(path)]
        assert [as_icaljs_reads(item) for item in seen["items"]] == expected, path
        assert len(expected) == (
            1 if path.parent in (written.tasks_dir, written.events_dir) else 14
        )
        # Every zone used has its VTIMEZONE, and ical.js builds a zone of that name from it.
        used = {i[n]["tzid"] for i in expected for n in ("dtstart", "due", "dtend") if i[n]}
        assert used - {None} == seen["timezones"].keys()
        for tzid, zone in seen["timezones"].items():
            assert zone["resolved"] == tzid


def covered_years(path: Path) -> tuple[int, int]:
    """The years a file's VTIMEZONEs give onsets for (DTSTART and RDATE of each observance)."""
    years = set()
    for observance in Calendar.from_ical(path.read_bytes()).walk():
        if observance.name not in ("STANDARD", "DAYLIGHT"):
            continue
        years.add(observance["DTSTART"].dt.year)
        rdates = observance.get("RDATE", [])
        for rdate in rdates if isinstance(rdates, list) else [rdates]:
            years.update(d.dt.year for d in rdate.dts)
    return min(years), max(years)


def offset_mismatches(tzid: str, changes: list, years: tuple[int, int]) -> list[str]:
    """The spans of local time whose UTC offset per ical.js (its list of changes) is not the IANA
    zone's, one line each.

    Hours that fall in a gap or an overlap of the zone (a spring-forward or fall-back hour) are
    not compared: a wall-clock time there has no single answer."""
    zone = ZoneInfo(tzid)
    starts = [local for local, _ in changes]
    spans: list[list] = []  # [first hour, last hour, ical.js's offset, the zone's]
    hour = datetime(years[0], 1, 1)
    while hour < datetime(years[1] + 1, 1, 1):
        early, late = hour.replace(tzinfo=zone), hour.replace(tzinfo=zone, fold=1)
        if early.utcoffset() == late.utcoffset():
            index = bisect.bisect_right(starts, hour.isoformat()) - 1
            theirs = changes[index][1] if index >= 0 else None
            ours = int(early.utcoffset().total_seconds())
            if theirs == ours:
                pass
            elif (
                spans
                and spans[-1][1] == hour - timedelta(hours=1)
                and spans[-1][2:]
                == [
                    theirs,
                    ours,
                ]
            ):
                spans[-1][1] = hour
            else:
                spans.append([hour, hour, theirs, ours])
        hour += timedelta(hours=1)

    def offset(seconds: int | None) -> str:
        return "none" if seconds is None else f"{seconds / 3600:+g} h"

    return [
        f"{tzid} {first:%Y-%m-%d %H:%M} to {last:%Y-%m-%d %H:%M} local: ical.js reads UTC"
        f"{offset(theirs)}, the zone is UTC{offset(ours)}"
        for first, last, theirs, ours in spans
    ]


def test_icaljs_reads_every_vtimezone_as_the_zone_it_names(written, icaljs):
    # Each VTIMEZONE covers years beyond the follow-ups' (a file keeps it for later items), and a
    # client must read the whole of it right: every unambiguous local hour of every year it
    # covers has the IANA zone's UTC offset.
    files = [written.tasks_file, vdir_item(written.events_dir, "Dana Kowalski")]
    first, last = zip(*map(covered_years, files), strict=True)
    years = (min(first), max(last))

    read = icaljs(*files, offsets=years)

    wrong = []
    for path in files:
        for tzid, zone in read[path]["timezones"].items():
            wrong += [f"{path.name}: {w}" for w in offset_mismatches(tzid, zone["offsets"], years)]
    assert not wrong, "ical.js misreads these spans of local time:\n" + "\n".join(wrong)


ACROSS_NEW_YEAR = """\
BEGIN:VCALENDAR
PRODID:-//calsync tests//across new year//EN
VERSION:2.0
BEGIN:VEVENT
UID:winter-round@example.org
DTSTAMP:20261201T090000Z
DTSTART;TZID=Europe/Berlin:20261215T100000
DTEND;TZID=Europe/Berlin:20261215T110000
SUMMARY:Interview with Acme — Backend Engineer
ORGANIZER;CN=Sam Lee:mailto:sam.lee@acme.example
ATTENDEE;CN=Sam Lee;PARTSTAT=ACCEPTED:mailto:sam.lee@acme.example
ATTENDEE;CN=Alex Rivera;PARTSTAT=ACCEPTED:mailto:alex.rivera@example.org
END:VEVENT
BEGIN:VEVENT
UID:spring-round@example.org
DTSTAMP:20261201T090000Z
DTSTART;TZID=Europe/Berlin:20270330T100000
DTEND;TZID=Europe/Berlin:20270330T110000
SUMMARY:Interview with Globex — Data Engineer
ORGANIZER;CN=Kim Park:mailto:kim.park@globex.example
ATTENDEE;CN=Kim Park;PARTSTAT=ACCEPTED:mailto:kim.park@globex.example
ATTENDEE;CN=Alex Rivera;PARTSTAT=ACCEPTED:mailto:alex.rivera@example.org
END:VEVENT
END:VCALENDAR
"""


def test_icaljs_reads_follow_ups_of_next_year_at_their_times(tmp_path, icaljs):
    # One run in January: follow-ups of a December interview and of one after the clocks go
    # forward in March, in one file. Every time must be the instant calsync meant.
    source = tmp_path / "calendar.ics"
    source.write_text(ACROSS_NEW_YEAR.replace("\n", "\r\n"), encoding="utf-8", newline="")
    target = tmp_path / "followups.ics"
    calsync(tmp_path, source, "2027-01-05T12:00:00Z", "todo", target, "across")
    expected = [as_icalendar_reads(c) for c in items_in(target)]
    assert {i["dtstart"]["utc"][:4] for i in expected} == {"2026", "2027"}

    read = icaljs(target)

    wrong = [
        f"{theirs['summary']}: {name} {theirs[name]['utc']}, meant {ours[name]['utc']}"
        for theirs, ours in zip(read[target]["items"], expected, strict=True)
        for name in ("dtstart", "due")
        if theirs[name]["utc"] != ours[name]["utc"]
    ]
    assert not wrong, "ical.js reads these times wrong:\n" + "\n".join(wrong)
