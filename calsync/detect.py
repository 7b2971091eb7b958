"""Calendars -> interviews: merge sources, expand recurrences, keep what is an interview (pure)."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

import x_wr_timezone
from dateutil.rrule import rrulestr
from icalendar import Calendar, Event, vDDDTypes, vRecur
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from calsync import extract, invite
from calsync.config import Config
from calsync.invite.facts import Attendee, Invite, Setup, Verdict
from calsync.model import Interview, Notice
from calsync.sources.ics import SourceCalendar

ALL_DAY_END = time(17)  # an all-day interview is taken to end at the close of its last day
TIME_PROPS = ("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID")
# The most occurrences of one recurring event calsync expands, counted from its first one to the
# end of the planning window: weekly for 19 years, or daily for two and a half, fits, and nobody
# sits in more interviews than that. A runaway rule (FREQ=SECONDLY without an end: ten million
# occurrences in the window) hits it at once and is skipped with a warning, instead of taking
# minutes and gigabytes; expanding a thousand takes milliseconds.
MAX_OCCURRENCES = 1000


@dataclass(frozen=True)
class Judged:
    """A candidate (its title holds a keyword) and what the verdict made of it."""

    where: str  # names the event in messages
    uid: str
    verdict: Verdict


@dataclass(frozen=True)
class Detected:
    interviews: tuple[Interview, ...]
    notices: tuple[Notice, ...]
    events_seen: int  # VEVENTs read from all sources, after merging
    judged: tuple[Judged, ...] = ()  # every candidate occurrence in the window, and why


def detect(
    sources: Iterable[SourceCalendar], config: Config, now: datetime, default_zone: tzinfo
) -> Detected:
    """Every interview occurrence that ends inside [now - lookback, now + horizon]."""
    notices: list[Notice] = []
    sources = list(sources)
    merged = _merge(sources, notices)
    window_start = now - timedelta(days=config.detect.lookback_days)
    window_end = now + timedelta(days=config.detect.horizon_days)
    keywords = extract.keyword_pattern(config.detect.keywords)

    origins: dict[str, str] = {}
    series: set[str] = set()  # UIDs with a recurrence rule or overrides
    matching: set[str] = set()  # UIDs of which any component (master or override) is an interview
    for (uid, rid), (event, origin) in sorted(merged.items(), key=lambda kv: kv[0]):
        origins[uid] = origin
        if rid or "RRULE" in event or "RDATE" in event:
            series.add(uid)
        if _is_candidate(event, keywords):
            matching.add(uid)
    # Expand a little wider than the window: the window is about where interviews *end*.
    expand_from, expand_to = window_start - timedelta(days=2), window_end + timedelta(days=1)
    # A series is expanded with all its overrides, so that an occurrence moved and retitled
    # away from "interview" replaces its original; each occurrence is then judged by itself.
    # One series at a time: one that cannot be expanded is skipped with a notice, not the run.
    grouped: dict[str, list[tuple[Event, str]]] = {}
    for (uid, _rid), (event, origin) in sorted(merged.items(), key=lambda kv: kv[0]):
        if uid in matching:
            grouped.setdefault(uid, []).append((event, origin))
            if tzid := _unknown_tzid(event):
                message = f"unknown time zone {tzid!r}; using {default_zone}"
                notices.append(Notice(_where(event, origin), message))

    me = set(config.me.emails) or _guess_own_addresses(
        [event for (uid, _), (event, _) in merged.items() if uid in matching], notices
    )
    setup = setup_for(config, default_zone, me)
    interviews = []
    judged: list[Judged] = []
    for uid, components in grouped.items():
        occurrences = _expand(components, expand_from, expand_to, default_zone, notices)
        for occurrence in occurrences:
            if not _is_candidate(occurrence, keywords):
                continue
            try:
                interview = _interview(
                    occurrence,
                    origins.get(uid, ""),
                    uid in series,
                    config,
                    default_zone,
                    setup,
                    judged,
                    (window_start, window_end),
                )
            except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
                where = _where(occurrence, origins.get(uid, ""))
                notices.append(Notice(where, f"skipped: {_reason(exc)}"))
                continue
            if interview is not None:
                interviews.append(interview)
    interviews.sort(key=lambda i: (i.end, i.uid, i.recurrence_id or ""))
    # A prefiltered source parsed only its candidates: the others count as read, unmerged.
    unparsed = sum(
        s.events - sum(len(c.walk("VEVENT")) for c in s.calendars)
        for s in sources
        if s.events is not None
    )
    return Detected(tuple(interviews), tuple(notices), len(merged) + unparsed, tuple(judged))


SERIES_PROPS = ("RRULE", "RDATE", "EXDATE", "RECURRENCE-ID")


def _expand(
    components: list[tuple[Event, str]],
    start: datetime,
    end: datetime,
    default_zone: tzinfo,
    notices: list[Notice],
) -> list[Event]:
    """The occurrences of one UID (a single event, or a series with its overrides) that touch
    [start, end]; none, with a notice, when it cannot be expanded or repeats too often."""
    if len(components) == 1 and not any(p in components[0][0] for p in SERIES_PROPS):
        # A single event is its own occurrence: recurring-ical-events (about 50 ms to import)
        # is loaded only for a series. The window is checked where the interview is read.
        return [components[0][0]]
    import recurring_ical_events

    calendar = Calendar()  # events carry their zones as tzinfo: no VTIMEZONE needed here
    for event, origin in components:
        if "RRULE" in event:
            try:
                event = _bounded_rules(event, end, default_zone)
            except _TooMany as exc:
                notices.append(Notice(_where(event, origin), f"skipped: {_reason(exc)}"))
                return []
            except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
                notices.append(
                    Notice(_where(event, origin), f"skipped: bad RRULE ({_reason(exc)})")
                )
                return []
        calendar.add_component(event)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # dateutil's deprecation notes on odd rules
            occurrences = recurring_ical_events.of(calendar).between(start, end)
        return _own_recurrence_ids(occurrences, [event for event, _origin in components])
    except Exception as exc:  # the library raises many types on odd series
        event, origin = components[0]
        notices.append(Notice(_where(event, origin), f"skipped: cannot expand it ({_reason(exc)})"))
        return []


def _own_recurrence_ids(occurrences: list[Event], components: list[Event]) -> list[Event]:
    """The occurrences, each with its own RECURRENCE-ID: its start in the series, before an
    override moved it (RFC 5545). recurring-ical-events copies a RANGE=THISANDFUTURE override's
    RECURRENCE-ID onto every later occurrence it moves, and an identity made from that repeats.
    The library moves each by the override's shift (its DTSTART minus its RECURRENCE-ID):
    shifting back gives the start the series' rule gave it."""
    shifts = {}
    for component in components:
        rid = component.get("RECURRENCE-ID")
        if rid is not None and str(rid.params.get("RANGE", "")).upper() == "THISANDFUTURE":
            moved, original = _comparable(component.decoded("DTSTART"), rid.dt)
            shifts[rid.to_ical()] = moved - original
    if not shifts:
        return occurrences
    for occurrence in occurrences:
        rid = occurrence.get("RECURRENCE-ID")
        shift = shifts.get(rid.to_ical()) if rid is not None and "RANGE" in rid.params else None
        if shift is not None:
            occurrence["RECURRENCE-ID"] = vDDDTypes(occurrence.decoded("DTSTART") - shift)
    return occurrences


def _comparable(*times):
    """Dates and times as recurring-ical-events compares them: all dates stay dates; else a
    date is midnight, and a floating time takes the zone of one that has a zone."""
    if not any(isinstance(t, datetime) for t in times):
        return times
    zone = next((t.tzinfo for t in times if isinstance(t, datetime) and t.tzinfo), None)
    result = []
    for t in times:
        t = t if isinstance(t, datetime) else datetime(t.year, t.month, t.day)
        if t.tzinfo is None and zone is not None:
            t = t.replace(tzinfo=zone)
        elif zone is None:
            t = t.replace(tzinfo=None)
        result.append(t)
    return result


class _TooMany(ValueError):
    pass


def _bounded_rules(event: Event, limit: datetime, default_zone: tzinfo) -> Event:
    """The event, minus any RRULE that can never occur; _TooMany when its rules repeat more
    than MAX_OCCURRENCES times from its start to `limit`.

    dateutil looks for the next occurrence of a rule until the year 9999: one that matches no
    date at all (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30) costs seconds each time it is asked. The
    Gregorian calendar repeats every 400 years, so the rule is first tried from its start moved
    into the last 400 years before 9999: no occurrence there means none ever.
    """
    first = event.decoded("DTSTART")
    zone = first.tzinfo if isinstance(first, datetime) else None
    naive = first if isinstance(first, datetime) else datetime.combine(first, time())
    naive = naive.replace(tzinfo=None)
    naive_limit = limit.astimezone(zone or default_zone).replace(tzinfo=None)
    shifted = naive.replace(year=naive.year + max(0, (9599 - naive.year) // 400) * 400)
    kept, count = [], 0
    for rule in _list(event.get("RRULE")):
        endless = vRecur({k: v for k, v in rule.items() if k not in ("COUNT", "UNTIL")})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # dateutil's deprecation notes on odd rules
            if next(iter(rrulestr(endless.to_ical().decode(), dtstart=shifted)), None) is None:
                continue  # it never occurs: DTSTART is the only occurrence
            occurrences = rrulestr(rule.to_ical().decode(), dtstart=naive, ignoretz=True)
            for when in itertools.islice(occurrences, MAX_OCCURRENCES + 1):
                if when > naive_limit:
                    break
                count += 1
        kept.append(rule)
    for rdates in _list(event.get("RDATE")):
        count += len(rdates.dts)
    if count > MAX_OCCURRENCES:
        freq = "/".join(str(f) for r in kept for f in r.get("FREQ", []))
        raise _TooMany(
            f"repeats more than {MAX_OCCURRENCES} times by {limit:%Y-%m-%d} (FREQ={freq}); "
            "calsync expands at most that many occurrences of one event. Give the series an "
            "end (UNTIL or COUNT) if it is really a run of interviews"
        )
    if len(kept) == len(_list(event.get("RRULE"))):
        return event
    bounded = event.copy()
    bounded.pop("RRULE")
    for rule in kept:
        bounded.add("RRULE", rule)
    return bounded


def _guess_own_addresses(events: list[Event], notices: list[Notice]) -> set[str]:
    """Without [me] emails: the addresses invited to interviews with two or more employers.

    An interviewer meets candidates for one employer; only the candidate sits in interviews
    with several. Addresses sharing a display name with one found that way count too.
    """
    from calsync.invite import company, people  # what an address is: only when guessing

    employers: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for event in events:
        attendees = _list(event.get("ATTENDEE"))
        addresses = [_email(a) for a in attendees] + [_email(event.get("ORGANIZER"))]
        domains = {a.rpartition("@")[2] for a in addresses if a and not people.is_robot(a)}
        domains = {d for d in domains if company.is_corporate(d, Setup())}
        for attendee in attendees:
            email = _email(attendee)
            cutype = str(attendee.params.get("CUTYPE", "INDIVIDUAL")).upper()
            if not email or cutype not in ("INDIVIDUAL", "UNKNOWN") or people.is_robot(email):
                continue
            names[email] = " ".join(str(attendee.params.get("CN", "")).split()).casefold()
            employers.setdefault(email, set()).update(domains - {email.rpartition("@")[2]})
    me = {email for email, seen in employers.items() if len(seen) >= 2}
    my_names = {names[e] for e in me if names.get(e)}
    me |= {e for e, n in names.items() if n and n in my_names}
    if me:
        notices.append(
            Notice("config", f"[me] emails not set; taking {', '.join(sorted(me))} to be you")
        )
    return me


UTC_ONLY = "X-CALSYNC-UTC-ONLY"  # in memory only: source events are never written back


def _utc_only(calendar: Calendar) -> set[str]:
    """UIDs whose times the calendar gives in UTC, which Google's X-WR-TIMEZONE then turns
    into the calendar owner's zone: the user's, which says nothing of the employer."""
    if "X-WR-TIMEZONE" not in calendar:
        return set()
    found = set()
    for event in calendar.walk("VEVENT"):
        try:
            moment = event["DTSTART"].dt
        except Exception:  # noqa: BLE001 - missing or unreadable: _broken() reports it later
            continue
        utc = isinstance(moment, datetime) and moment.utcoffset() == timedelta(0)
        if utc and str(getattr(moment.tzinfo, "key", moment.tzinfo)) in ("UTC", "Etc/UTC"):
            found.add(str(event.get("UID", "")))
    return found


def _merge(sources: Iterable[SourceCalendar], notices: list[Notice]):
    """One event per (UID, RECURRENCE-ID): the higher SEQUENCE wins, then the later DTSTAMP."""
    merged: dict[tuple[str, str], tuple[Event, str]] = {}
    for source in sources:
        notices.extend(source.notices)
        for calendar in source.calendars:
            cancel = str(calendar.get("METHOD", "")).upper() == "CANCEL"
            utc_only = _utc_only(calendar)
            try:
                calendar = x_wr_timezone.to_standard(calendar)
            except Exception as exc:  # an X-WR-TIMEZONE no zone database knows, or odd times
                zone = _text(calendar.get("X-WR-TIMEZONE", ""))[:60]
                message = f"X-WR-TIMEZONE {zone!r} ignored ({_reason(exc)})"
                notices.append(Notice(source.origin, message))
            for event in calendar.walk("VEVENT"):  # nested ones too, each an event of its own
                # ...and not part of the one around it, whose expansion would walk its rules.
                event.subcomponents = [c for c in event.subcomponents if c.name == "VALARM"]
                _first_of_repeated(event)
                _without_empty_rules(event)
                problem = _broken(event)
                if problem:
                    notices.append(Notice(_where(event, source.origin), f"skipped: {problem}"))
                    continue
                if "UID" not in event:
                    event["UID"] = _derived_uid(event)
                elif _text(event["UID"]) != str(event["UID"]):
                    event["UID"] = _text(event["UID"])  # it is written back in RELATED-TO
                if cancel:
                    event["STATUS"] = "CANCELLED"
                if str(event["UID"]) in utc_only:
                    event[UTC_ONLY] = "TRUE"  # its zone is the calendar's X-WR-TIMEZONE only
                key = (str(event["UID"]), _recurrence_key(event))
                held = merged.get(key)
                if held is None or _rank(event) > _rank(held[0]):
                    merged[key] = (event, source.origin)
    return merged


# Properties an event has at most once (RFC 5545). A repeated one is a list in icalendar; for
# those that say when the event is, that makes it ambiguous (skipped), the others keep the first.
ONCE_IN_TIME = ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID")
ONCE = ("UID", "SUMMARY", "DESCRIPTION", "SEQUENCE", "DTSTAMP", "LAST-MODIFIED", "STATUS")
ONCE += ("ORGANIZER", "LOCATION", "CLASS", "TRANSP", "PRIORITY", "URL", "CREATED")


def _first_of_repeated(event: Event) -> None:
    for name in ONCE:
        value = event.get(name)
        if isinstance(value, list):
            event.pop(name)
            event[name] = value[0]


def _without_empty_rules(event: Event) -> None:
    """An empty `RRULE:` line is no rule (a holiday feed writes one on every event): the event
    is a single one. dateutil refuses to read it, and the event was lost."""
    rules = _list(event.get("RRULE"))
    if all(rules):
        return
    event.pop("RRULE")
    for rule in rules:
        if rule:
            event.add("RRULE", rule)


def _broken(event: Event) -> str | None:
    if "DTSTART" not in event:
        return "no DTSTART"
    for name in ONCE_IN_TIME:
        if isinstance(event.get(name), list):
            return f"{name} appears {len(event[name])} times"
    for name, message in getattr(event, "errors", []):
        if name in TIME_PROPS:
            return f"bad {name} ({_reason(message)})"
    try:
        for name in TIME_PROPS:
            if name in event and name not in ("RDATE", "EXDATE"):
                event.decoded(name)
                # A value icalendar could not read decodes to its text, and raises only here;
                # its `errors` list is gone once x-wr-timezone has copied the event.
                getattr(event[name], "dt", None)
    except (ValueError, TypeError, KeyError) as exc:
        return f"bad time ({_reason(exc)})"
    return None


def _rank(event: Event) -> tuple[int, str]:
    try:
        sequence = int(event.get("SEQUENCE", 0))
    except (TypeError, ValueError):
        sequence = 0
    stamp = event.get("DTSTAMP") or event.get("LAST-MODIFIED")
    return sequence, stamp.to_ical().decode() if stamp is not None else ""


def _recurrence_key(event: Event) -> str:
    """Which occurrence an override replaces: the same instant is one key however it is written
    (in UTC, or in a zone), so that two copies of one override merge instead of both counting."""
    rid = event.get("RECURRENCE-ID")
    if rid is None:
        return ""
    value = rid.dt
    if isinstance(value, datetime) and value.tzinfo is not None:
        return _utc_id(value, value.tzinfo)
    return rid.to_ical().decode()


def _derived_uid(event: Event) -> str:
    """A stable identity for an event without UID: a digest of what makes it this event."""
    parts = [event.get(name) for name in ("DTSTART", "SUMMARY", "ORGANIZER")]
    text = "|".join(p.to_ical().decode() if hasattr(p, "to_ical") else str(p) for p in parts)
    return "calsync-derived-" + hashlib.sha256(text.encode()).hexdigest()[:24]


def _is_candidate(event: Event, keywords: re.Pattern) -> bool:
    """Whether the verdict (invite/verdict.py) should judge it: its title or categories hold a
    keyword. calsync's own follow-ups (the target read back as a source) never are."""
    if "X-CALSYNC-KIND" in event:
        return False
    return bool(keywords.search(_title(event)))


def _title(event: Event) -> str:
    categories = event.get("CATEGORIES")
    cats = []
    for cat in categories if isinstance(categories, list) else [categories] if categories else []:
        cats.extend(str(c) for c in getattr(cat, "cats", [cat]))
    return " · ".join([str(event.get("SUMMARY", ""))] + cats)


def _categories(event: Event) -> set[str]:
    categories = event.get("CATEGORIES")
    out: set[str] = set()
    for cat in categories if isinstance(categories, list) else [categories] if categories else []:
        out.update(str(c).strip().casefold() for c in getattr(cat, "cats", [cat]))
    return out


def _where(event: Event, origin: str) -> str:
    summary = " ".join(_text(event.get("SUMMARY", "")).split()) or _text(event.get("UID", "?"))
    return f'{origin or "input"}: event "{summary[:60]}"'


def _interview(
    event: Event,
    origin: str,
    series: bool,
    config: Config,
    default_zone: tzinfo,
    setup: Setup,
    judged: list[Judged],
    window: tuple[datetime, datetime],
) -> Interview | None:
    """One expanded occurrence -> Interview, or None when it is cancelled, declined, outside
    the window, or not the user's interview (the verdict, with its reasons, goes to
    `judged`)."""
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return None
    attendees = _list(event.get("ATTENDEE"))
    for attendee in attendees:
        declined = str(attendee.params.get("PARTSTAT", "")).upper() == "DECLINED"
        if declined and _email(attendee) in setup.me:
            return None

    start, end = _times(event, default_zone)
    if not window[0] <= end <= window[1]:
        return None
    zoned = _zoned(event)
    calendar_zone = getattr(start.tzinfo, "key", None)
    if UTC_ONLY in event and calendar_zone:
        # The calendar's X-WR-TIMEZONE is where its owner, the user, lives: the last resort
        # for the employer's zone, before the system's.
        setup = replace(setup, home_zone=calendar_zone)
    reading = invite.read(_invite(event, start, end, zoned), setup)
    summary = " ".join(_text(event.get("SUMMARY", "")).split())
    judged.append(Judged(_where(event, origin), str(event["UID"]), reading.verdict))
    if not reading.verdict.interview:
        return None
    zone = reading.zone
    own = getattr(start.tzinfo, "key", None)
    if zoned and own is None:
        zone = None  # its own zone, a VTIMEZONE with no IANA name (Outlook's customized zones)
    if zone is not None and zone.value != own:
        # Times only in UTC, and all-day dates, say nothing of the employer: the call window
        # and the day names follow the zone the invite's evidence gives (place.employer_zone).
        # An instant is converted; an all-day onsite runs 09:00-17:00 on the employer's clock.
        all_day = not isinstance(event["DTSTART"].dt, datetime)
        with contextlib.suppress(KeyError, ValueError, OSError):
            employer = ZoneInfo(zone.value)
            if all_day:
                start, end = (t.replace(tzinfo=employer) for t in (start, end))
            else:
                start, end = (t.astimezone(employer) for t in (start, end))
    # recurring-ical-events puts a RECURRENCE-ID on every occurrence, single events included.
    rid = event.get("RECURRENCE-ID")
    recurrence_id = _utc_id(rid.dt, default_zone) if rid is not None and series else None
    return Interview(
        uid=str(event["UID"]),
        recurrence_id=recurrence_id,
        summary=summary,
        start=start,
        end=end,
        company=reading.company.value if reading.company else None,
        role=reading.role.value if reading.role else None,
        interviewers=reading.interviewers,
        contact=reading.contact,
        notes=reading.notes,
        links=reading.links,
        timeline=reading.decision,
        phone=reading.phones[0] if reading.phones else None,
        replied=config.detect.replied_category.casefold() in _categories(event),
        origin=origin,
        language=reading.language,
        zone_name=zone.value if zone else None,
        # The invite's own zone needs no why; one read from its evidence says where from.
        zone_why="" if zone is None or (zoned and zone.value == own) else zone.why,
        mailboxes=reading.mailboxes,
        phones=reading.phones,
    )


def _invite(event: Event, start: datetime, end: datetime, zoned: bool) -> Invite:
    """The occurrence as the reading layer takes it: its text and people as plain data."""
    people = []
    for address in _list(event.get("ATTENDEE")):
        people.append(_attendee(address, organizer=False))
    if "ORGANIZER" in event:
        people.append(_attendee(event["ORGANIZER"], organizer=True))
    categories = tuple(sorted(_categories(event)))
    return Invite(
        summary=" ".join(_text(event.get("SUMMARY", "")).split()),
        description=_text(event.get("DESCRIPTION", "")),
        location=" ".join(_text(event.get("LOCATION", "")).split()),
        categories=categories,
        attendees=tuple(people),
        start=start,
        end=end,
        zoned=zoned,
        all_day=not isinstance(event["DTSTART"].dt, datetime),
        url=_text(event.get("URL", "")).strip(),
    )


def _attendee(address, organizer: bool) -> Attendee:
    params = getattr(address, "params", {})

    def param(name: str) -> str | None:
        value = params.get(name)
        return str(value).upper() if value else None

    name = " ".join(_text(params.get("CN", "")).strip().strip('"').split()) or None
    return Attendee(
        email=_email(address) or None,
        name=name,
        role=param("ROLE"),
        cutype=param("CUTYPE"),
        partstat=param("PARTSTAT"),
        organizer=organizer,
    )


def _zoned(event: Event) -> bool:
    """Whether the event gave its own zone: a TZID (or Google's X-WR-TIMEZONE, applied by then),
    or a floating time, which is the user's own. A time in UTC says nothing of the employer,
    nor does an all-day date: the invite's evidence decides (place.employer_zone)."""
    start = event["DTSTART"].dt
    if not isinstance(start, datetime) or UTC_ONLY in event:
        return False
    if start.tzinfo is None:
        return True
    return start.utcoffset() != timedelta(0) or str(start.tzinfo) not in ("UTC", "Etc/UTC", "GMT")


def setup_for(config: Config, default_zone: tzinfo, me: set[str]) -> Setup:
    """The part of the config the reading layer takes."""
    cadence = config.cadence
    return Setup(
        me=frozenset(me),
        employer_domains=frozenset(config.me.employer_domains),
        keywords=config.detect.keywords,
        exclusions=config.detect.exclusions,
        workdays=cadence.workdays,
        holidays=frozenset(cadence.holidays),
        home_zone=str(default_zone),
    )


def _times(event: Event, default_zone: tzinfo):
    start_prop = event["DTSTART"]
    start = start_prop.dt
    end_prop = event.get("DTEND")
    if end_prop is not None:
        end = end_prop.dt
    elif "DURATION" in event:
        end = start + event["DURATION"].dt
    else:
        end = start if isinstance(start, datetime) else start + timedelta(days=1)
    if not isinstance(start, datetime):  # all-day
        zone = default_zone
        last_day = (end - timedelta(days=1)) if end > start else start
        return (
            datetime.combine(start, time(9), zone),
            datetime.combine(last_day, ALL_DAY_END, zone),
        )
    zone = _zone(start, start_prop.params.get("TZID"), default_zone)
    if zone.utcoffset(start.replace(tzinfo=None)) == timedelta(0) and zone.tzname(None) == "UTC":
        zone = default_zone  # UTC says nothing about the employer's zone; use the user's
    # An aware time is an instant: convert it. Only a floating time takes the zone as it reads.
    start = start.replace(tzinfo=zone) if start.tzinfo is None else start.astimezone(zone)
    if isinstance(end, datetime):
        end = end.replace(tzinfo=zone) if end.tzinfo is None else end.astimezone(zone)
    else:
        end = datetime.combine(end, time(0), zone)
    return start, max(start, end)


def _zone(start: datetime, tzid: str | None, default_zone: tzinfo) -> tzinfo:
    """The IANA zone for a start time: a VTIMEZONE with a Windows or IANA name mapped by name.

    Floating times (and TZIDs nobody could resolve, reported by `_unknown_tzid`) use the
    default zone.
    """
    if isinstance(start.tzinfo, ZoneInfo):
        return start.tzinfo
    if tzid:
        for name in (WINDOWS_TO_OLSON.get(str(tzid)), str(tzid)):
            if not name:
                continue
            try:
                return ZoneInfo(name)
            except (KeyError, ValueError, OSError):
                continue
    if start.tzinfo is not None:
        return start.tzinfo  # a custom VTIMEZONE we cannot name: follow-ups go out in UTC
    return default_zone


def _unknown_tzid(event: Event) -> str | None:
    """A DTSTART TZID that names no zone icalendar knows and no VTIMEZONE defines.

    icalendar resolves IANA names, Windows names and VTIMEZONEs itself; what it cannot resolve
    stays floating. Asked before expansion: occurrences no longer carry the TZID parameter.
    """
    start = event.get("DTSTART")
    tzid = getattr(start, "params", {}).get("TZID")
    if tzid and isinstance(start.dt, datetime) and start.dt.tzinfo is None:
        return str(tzid)
    return None


def _utc_id(value, default_zone: tzinfo) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=default_zone)
        return value.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")
    if isinstance(value, date):
        return value.strftime("%Y%m%d")
    return str(value)


def _reason(problem) -> str:
    """An exception's message as one line of a warning."""
    return (" ".join(str(problem).split()) or type(problem).__name__)[:200]


def _text(value) -> str:
    """Invite text as data: line ends as LF, and no control characters, which iCalendar cannot
    escape and strict readers refuse a whole file for."""
    return _CONTROL.sub("", str(value).replace("\r\n", "\n").replace("\r", "\n"))


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _email(address) -> str:
    text = _text(address or "").strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    return text.strip().casefold() if "@" in text else ""


def _list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]
