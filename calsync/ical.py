"""FollowUp <-> VTODO/VEVENT: building, owned-field merge, hashing, raw component blocks (pure)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Component, Event, Timezone, Todo, vText

from calsync import __version__
from calsync.model import FollowUp

PRODID = f"-//calsync//calsync {__version__}//EN"
# The fields calsync owns on its items; everything else belongs to the user (or their client).
OWNED = (
    "SUMMARY",
    "DESCRIPTION",
    "DTSTART",
    "DUE",
    "DTEND",
    "STATUS",
    "X-CALSYNC-KIND",
    "X-CALSYNC-SOURCE",
    "X-CALSYNC-APPLICATION",
)
PRIORITY = {"thank-you": 1, "phone-call": 5, "next-steps": 5, "final-nudge": 5}
DONE = ("COMPLETED", "CANCELLED")


def build(followup: FollowUp, as_: str, alarms: bool, stamp: datetime) -> Component:
    """A new VTODO (or VEVENT) for `followup`. Never ATTENDEE or ORGANIZER: servers mail them."""
    item = Todo() if as_ == "todo" else Event()
    item.add("UID", followup.uid)
    item.add("DTSTAMP", stamp.astimezone(UTC).replace(microsecond=0))
    item.add("CATEGORIES", list(followup.categories))
    item.add("RELATED-TO", followup.interview.uid)
    if as_ == "todo":
        item.add("PRIORITY", PRIORITY[followup.kind])
    else:
        item.add("TRANSP", "TRANSPARENT")
    item.add("STATUS", "NEEDS-ACTION" if as_ == "todo" else "CONFIRMED")
    set_owned(item, followup)
    if alarms:
        alarm = Alarm()
        alarm.add("ACTION", "DISPLAY")
        alarm.add("DESCRIPTION", followup.summary)
        alarm.add("TRIGGER", timedelta(0), parameters={"RELATED": "START"})
        item.add_component(alarm)
    stamp_hash(item)
    return item


def set_owned(item: Component, followup: FollowUp) -> None:
    """Write the fields calsync owns from `followup`, leaving every other property as it is.

    STATUS is left alone: calsync sets it when it creates an item and when it cancels one.
    """
    for name in ("SUMMARY", "DESCRIPTION", "DTSTART", "DUE", "DTEND") + X_PROPS:
        item.pop(name, None)
    item.add("SUMMARY", followup.summary)
    item.add("DESCRIPTION", followup.description)
    item.add("DTSTART", _when(followup.start))
    item.add("DUE" if item.name == "VTODO" else "DTEND", _when(followup.due))
    # vText, not str: a plain str is written unescaped and vobject splits it at commas. VALUE=TEXT:
    # without it icalendar reads an X- property back still escaped (`uid\;RECURRENCE-ID=…`).
    text = {"VALUE": "TEXT"}
    item.add("X-CALSYNC-KIND", vText(followup.kind), parameters=text)
    item.add("X-CALSYNC-SOURCE", vText(followup.interview.source_id), parameters=text)
    item.add("X-CALSYNC-APPLICATION", vText(followup.application), parameters=text)
    _mark_personalize(item, "personalize" in followup.categories)


def _mark_personalize(item: Component, wanted: bool) -> None:
    """`personalize` is on an item exactly while its draft holds a placeholder; every other
    category, the user's own among them, stays as it is, in its order."""
    held = _categories(item)
    if ("personalize" in held) == wanted:
        return
    kept = [c for c in held if c != "personalize"] + (["personalize"] if wanted else [])
    item.pop("CATEGORIES", None)
    if kept:
        item.add("CATEGORIES", kept)


def _categories(item: Component) -> list[str]:
    value = item.get("CATEGORIES")
    props = value if isinstance(value, list) else [value] if value is not None else []
    return [str(c) for prop in props for c in getattr(prop, "cats", [prop])]


X_PROPS = ("X-CALSYNC-KIND", "X-CALSYNC-SOURCE", "X-CALSYNC-APPLICATION", "X-CALSYNC-HASH")


def owned_hash(item: Component) -> str:
    """Digest of the owned fields as they stand now (DTSTAMP and the user's fields excluded)."""
    digest = hashlib.sha256()
    for name in OWNED:
        for prop in _props(item, name):
            params = ";".join(f"{k}={v}" for k, v in sorted(prop.params.items()) if k == "TZID")
            digest.update(f"{name};{params}:".encode() + prop.to_ical() + b"\n")
    return digest.hexdigest()[:32]


def stamp_hash(item: Component) -> None:
    item.pop("X-CALSYNC-HASH", None)
    item.add("X-CALSYNC-HASH", vText(owned_hash(item)))


def is_owned(item: Component) -> bool:
    return "X-CALSYNC-KIND" in item


def is_done(item: Component) -> bool:
    """Completed, cancelled or 100 % done: calsync never touches it again."""
    status = str(item.get("STATUS", "")).upper()
    try:
        percent = int(item.get("PERCENT-COMPLETE", 0))
    except (TypeError, ValueError):
        percent = 0
    return status in DONE or percent >= 100 or "COMPLETED" in item


def is_edited(item: Component) -> bool:
    """The user changed an owned field since calsync wrote it."""
    return str(item.get("X-CALSYNC-HASH", "")) != owned_hash(item)


def cancel(item: Component) -> None:
    item.pop("STATUS", None)
    item.add("STATUS", "CANCELLED")
    stamp_hash(item)


def calendar(items: list[Component], timezones: list[Component] = ()) -> Calendar:
    """A VCALENDAR holding `items`, with a VTIMEZONE for every zone they use."""
    cal = Calendar()
    cal.add("PRODID", PRODID)
    cal.add("VERSION", "2.0")
    cal.add("CALSCALE", "GREGORIAN")
    for timezone in list(timezones) + zones_for(items, {str(t.get("TZID")) for t in timezones}):
        cal.add_component(timezone)
    for item in items:
        cal.add_component(item)
    return cal


def zones_for(items: list[Component], present: set[str]) -> list[Component]:
    """VTIMEZONEs for the zones `items` use and `present` lacks.

    They cover ten years past the last item: a target file keeps its VTIMEZONE for later items.
    """
    used: dict[str, list[date]] = {}
    for item in items:
        for name in ("DTSTART", "DUE", "DTEND"):
            prop = item.get(name)
            tzid = prop.params.get("TZID") if prop is not None else None
            if tzid and tzid not in present:
                used.setdefault(str(tzid), []).append(prop.dt.date())
    zones = []
    for tzid in sorted(used):
        first, last = min(used[tzid]), max(used[tzid])
        zone = Timezone.from_tzid(
            tzid, first_date=date(first.year - 1, 1, 1), last_date=date(last.year + 10, 1, 1)
        )
        zones.append(_one_rdate_per_line(zone))
    return zones


def _one_rdate_per_line(zone: Component) -> Component:
    """Each onset on an RDATE line of its own, DTSTART's among them.

    icalendar writes later onsets as one comma-separated RDATE; Mozilla's ical.js (Thunderbird)
    then takes only the first value of each line and ignores DTSTART, and reads every other
    year as standard time: an hour off for half of each year. One value per line reads the same
    in every parser.
    """
    for observance in zone.subcomponents:
        rdates = observance.get("RDATE")
        if rdates is None:
            continue
        onsets = [observance["DTSTART"].dt]
        for rdate in rdates if isinstance(rdates, list) else [rdates]:
            onsets += [d.dt for d in rdate.dts if d.dt not in onsets]
        del observance["RDATE"]
        for onset in onsets:
            observance.add("RDATE", onset)
    return zone


def _when(moment: datetime) -> datetime:
    """In its IANA zone when it has one (with a VTIMEZONE added), else in UTC."""
    if isinstance(moment.tzinfo, ZoneInfo) and moment.tzinfo.key != "UTC":
        return moment
    return moment.astimezone(UTC)


def _props(item: Component, name: str) -> list:
    value = item.get(name)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


# Raw text: the file target keeps what it does not own byte for byte, so it splits the file
# into its top-level component blocks instead of re-serialising them.

BEGIN = re.compile(r"^BEGIN:(?P<name>[A-Za-z0-9-]+)\s*$", re.IGNORECASE)
END = re.compile(r"^END:(?P<name>[A-Za-z0-9-]+)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Block:
    name: str  # VEVENT, VTODO, VTIMEZONE, ...
    text: str  # the exact lines, line ends included

    @property
    def owned(self) -> bool:
        return bool(re.search(r"^X-CALSYNC-KIND[;:]", self.text, re.MULTILINE | re.IGNORECASE))


def split(text: str) -> tuple[list[str], list[Block]]:
    """A calendar file's own property lines and its top-level component blocks, in order."""
    header: list[str] = []
    blocks: list[Block] = []
    depth = 0
    current: list[str] = []
    name = ""
    for line in _lines(text):
        bare = line.rstrip("\r\n")
        if depth == 0:
            begin = BEGIN.match(bare)
            if begin and begin["name"].upper() == "VCALENDAR":
                depth = 1
            continue
        if depth == 1:
            begin = BEGIN.match(bare)
            if begin:
                depth, name, current = 2, begin["name"].upper(), [line]
            elif not END.match(bare):
                header.append(line)
            continue
        current.append(line)
        if BEGIN.match(bare):
            depth += 1
        elif END.match(bare):
            depth -= 1
            if depth == 1:
                blocks.append(Block(name, "".join(current)))
    return header, blocks


def _lines(text: str):
    """The lines with their ends: CRLF, LF or a lone CR. Not str.splitlines(), which also breaks
    at U+2028, U+0085 or a form feed inside a value: an invite's "\u2028END:VTODO" would end
    an item early."""
    for line in _LINE.finditer(text):
        yield line.group()


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def clone(item: Component) -> Component:
    """A deep copy, subcomponents (alarms) included; icalendar's copy() drops them."""
    return Component.from_ical(item.to_ical())


def parse_block(block: Block) -> Component:
    return Component.from_ical(block.text.encode("utf-8"))


def to_text(component: Component) -> str:
    return component.to_ical().decode("utf-8")
