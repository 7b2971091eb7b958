"""One sync run: gather (sources, target snapshot), compute (detect, plan, decide), commit."""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from calsync import contacts, detect, drafts, ical, ledger, lock, plan, reconcile, status
from calsync.config import Config, Endpoint
from calsync.errors import CalsyncError, InputError, UsageError
from calsync.model import Notice
from calsync.notices import heard
from calsync.reconcile import Action, Stored
from calsync.sources import feed, ics
from calsync.targets import Changed, Target

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Report:
    actions: list[Action]
    notices: tuple[Notice, ...]
    interviews: int
    events: int
    dry_run: bool
    judged: tuple[detect.Judged, ...] = ()  # each candidate event, interview or not, and why

    @property
    def counts(self) -> dict[str, int]:
        return reconcile.counts(self.actions)


def run(
    sources: list[str],
    target: Target,
    config: Config,
    now: datetime,
    *,
    as_: str | None = None,
    dry_run: bool = False,
    allow_empty: bool = False,
    progress: Progress | None = None,
) -> Report:
    """Read every source first (a bad one stops the run before the target is touched).

    `progress(stage, done, total)` hears of each source read ("reading") and, for targets that
    write item by item (CalDAV), of each write ("writing")."""
    zone = default_zone(config)
    found: list[Notice] = []
    tell = progress or (lambda stage, done, total: None)
    keep = ics.prefilter(config.detect.keywords)  # parse only what could be an interview
    read = {}
    for number, spec in enumerate(sources, 1):
        tell("reading", number - 1, len(sources))
        with heard(_source_key(spec), found):  # a library's warnings are notices, as -q expects
            read[_source_key(spec)] = _read(spec, config, now, found, keep)
    tell("reading", len(sources), len(sources))
    if hasattr(target, "progress"):
        target.progress = lambda done, total: tell("writing", done, total)
    # An event one source parsed may have copies or overrides another cut (see ics.share).
    sources = ics.share([c for cals in read.values() for c in cals])
    detected = detect.detect(sources, config, now, zone)
    interviews = detected.interviews
    if config.contacts is not None:
        interviews = contacts.enrich(interviews, contacts.load(config.contacts, found))
    as_ = _component(target, as_ or config.output.as_)
    templates = drafts.load_templates(config.template_dir)
    # Writing to stdout, or writing nothing, needs no lock: only a run that writes a target does.
    guard = nullcontext() if dry_run or not target.exclusive else lock.held(target.label)
    late: list[Notice] = []  # what the libraries warned about while reading and writing the target
    with guard, heard(target.label, late):
        book, notices = _ledger(target, (*found, *detected.notices))
        aged = book.ended_before(now - timedelta(days=config.detect.lookback_days))
        _refuse_vanished_sources(read, book, aged, allow_empty)
        followups = plan.plan(interviews, config, templates, replied=set(book.replied))
        unseen = _unseen(read, book, detected)

        def decide() -> list[Action]:
            decided = reconcile.decide(
                followups,
                target.snapshot(),
                as_=as_,
                alarms=config.output.alarms,
                now=now,
                keep_before=now - timedelta(days=config.detect.lookback_days),
                written_before=set(book.written),
                aged=aged,
            )
            return _hold(decided, unseen)

        actions = decide()
        if not dry_run:
            if target.persistent:
                ledger.prepare()  # a $CALSYNC_HOME that cannot take it stops the run here
            try:
                actions = _apply(target, actions, decide)
            except CalsyncError as exc:
                # A server that failed mid-run: what reached it is remembered, the rest is
                # planned again next run (each write is whole, none is half-done).
                if target.persistent and getattr(exc, "completed", None):
                    _remember(book, exc.completed, detected, read, unseen)
                    ledger.save(book)
                raise
            if target.persistent:
                _remember(book, actions, detected, read, unseen)
                ledger.save(book)
        notices = (*notices, *getattr(target, "notices", ()))
    notices = (*notices, *late)
    return Report(
        actions,
        notices,
        len(detected.interviews),
        detected.events_seen,
        dry_run,
        detected.judged,
    )


ATTEMPTS = 3  # a file saved by someone else between calsync's read and its write, twice over


def _apply(target: Target, actions: list[Action], decide: Callable[[], list[Action]]):
    """target.apply(actions); when the target file changed since its snapshot (a calendar app
    saved it: targets.Changed), read it again and decide again, rather than write over it."""
    for _ in range(ATTEMPTS - 1):
        try:
            return target.apply(actions)
        except Changed:
            actions = decide()
    return target.apply(actions)


def _read(spec, config: Config, now: datetime, notices: list[Notice], keep: ics.Prefilter):
    """One SOURCE: a path, `-` or a feed URL (str), or a configured / caldav+ URL entry
    (Endpoint). A feed is read whole, like a file, and detected the same way."""
    if isinstance(spec, Endpoint):
        if spec.feed is not None:
            options = {"timeout": spec.timeout, "ca_file": spec.ca_file, "keep": keep}
            return feed.read(spec.feed, notices, **options)
        if spec.url is None:
            return ics.read(spec.path, keep)
        from calsync.sources import caldav

        return caldav.read(spec, config, now, notices)
    if feed.is_feed(spec):
        return feed.read(spec, notices, keep=keep)
    return ics.read(spec, keep)


def _component(target: Target, wanted: str | None) -> str:
    """todo or event: --as, else [output] as, else the target's own choice (CalDAV: auto)."""
    resolve = getattr(target, "resolve_as", None)
    if resolve is None:
        return "todo" if wanted in (None, "auto") else wanted
    if wanted is not None:
        target.as_ = wanted
    return resolve()


def _source_key(spec) -> str:
    """What the ledger files a SOURCE's interviews under. A feed by its host and a hash of its
    URL: the ledger is no place for the secret address in clear."""
    if isinstance(spec, Endpoint):
        if spec.feed is not None:
            return feed.label(spec.feed)
        return spec.url or str(Path(spec.path).resolve())
    if feed.is_feed(spec):
        return feed.label(spec)
    return spec if spec == "-" else str(Path(spec).resolve())


def _ledger(target: Target, notices: tuple[Notice, ...]) -> tuple[ledger.Ledger, tuple]:
    """The target's ledger; a fresh one when the target itself is gone (the user starts over)."""
    if not target.persistent:
        book = ledger.Ledger(Path(), target.label)
    else:
        book = ledger.load(target.label, target.former_labels)
        if book.written and not target.exists():
            gone = "the target is gone: starting afresh (follow-ups you deleted may come back)"
            notices = (*notices, Notice(target.label, gone))
            book.written.clear()
    return book, notices


def _refuse_vanished_sources(
    read: dict, book: ledger.Ledger, aged: set[str], allow_empty: bool
) -> None:
    """A source that held interviews still inside the window last run and now has no events:
    stop, cancel nothing. (Interviews that have since aged out of the window are not missed: a
    CalDAV source is only asked for the window.)"""
    if allow_empty:
        return
    for key, calendars in read.items():
        events = sum(source.event_count for source in calendars)
        known = [sid for sid in book.interviews_from(key) if sid not in aged]
        if events == 0 and known:
            raise InputError(
                f"{key}: has no events now, but held {len(known)} interview(s) last run; "
                "nothing was cancelled. If the calendar really is empty, run again with "
                "--allow-empty"
            )


def _unseen(read: dict, book: ledger.Ledger, detected) -> set[str]:
    """The applications (keys) with an interview that a source holds but could not read this
    run. It is not gone, only unseen: its application's follow-ups stay exactly as they are
    (nothing created, moved or cancelled) until it can be read. An object without even a
    readable UID stands for every interview of its source that is not seen now."""
    seen = {i.uid for i in detected.interviews}
    uids: set[str] = set()
    for key, calendars in read.items():
        for source in calendars:
            for uid in source.unreadable:
                if uid:
                    uids.add(uid)
                else:
                    earlier = {sid.split(";RECURRENCE-ID=")[0] for sid in book.interviews_from(key)}
                    uids |= earlier - seen
    return {
        key
        for key, info in book.applications.items()
        if uids.intersection(info.get("interviews", ()))
    }


def _hold(actions: list[Action], unseen: set[str]) -> list[Action]:
    """Writes for an application with an unseen interview (see _unseen) left for a later run:
    an update or a cancellation is kept as the target holds it, a create is not made."""
    if not unseen:
        return actions
    held = []
    for action in actions:
        application = str(action.item.get("X-CALSYNC-APPLICATION", ""))
        if not action.writes or application not in unseen:
            held.append(action)
        elif action.stored is not None:
            reason = "an interview of its application could not be read this run"
            held.append(replace(action, verb="kept", item=action.stored.item, reason=reason))
    return held


def _remember(
    book: ledger.Ledger, actions: list[Action], detected, read: dict, unseen: set[str]
) -> None:
    for action in actions:
        if action.verb == "deleted" or not ical.is_owned(action.item):
            continue  # not there, or its place is taken by something not calsync's (CalDAV 412)
        item = action.item
        due = item.get("DUE") or item.get("DTEND")
        book.written[action.uid] = {
            "kind": str(item.get("X-CALSYNC-KIND", "")),
            "application": str(item.get("X-CALSYNC-APPLICATION", "")),
            "summary": str(item.get("SUMMARY", "")),
            "due": due.dt.isoformat() if due is not None else None,
        }
    for interview in detected.interviews:
        book.ends[interview.source_id] = interview.end.isoformat()
    for application in plan.applications(detected.interviews):
        uids = {i.uid for i in application.interviews}
        if application.key in unseen:  # the unseen interview is still one of its rounds
            uids |= set(book.applications.get(application.key, {}).get("interviews", ()))
        book.applications[application.key] = {
            "company": application.company,
            "role": application.role,
            "interviews": sorted(uids),
        }
    for key, calendars in read.items():
        origins = {source.origin for source in calendars}
        found = {i.source_id for i in detected.interviews if i.origin in origins}
        if any(source.unreadable for source in calendars):
            found |= set(book.interviews_from(key))  # unseen is not gone
        book.sources[key] = sorted(found)


def read_status(target: Target, now: datetime) -> list[status.ApplicationState]:
    """`calsync status`: the target's follow-ups and the ledger's deleted ones, by application."""
    book = ledger.load(target.label, target.former_labels)
    return status.applications(
        target.snapshot(), book.written, book.applications, book.replied, now
    )


def find_followup(target: Target, ident: str):
    """The owned item whose UID is `ident` or starts with it; a usage error if none or several."""
    owned = [s for s in target.snapshot() if ical.is_owned(s.item)]
    exact = [s for s in owned if s.uid == ident]
    found = exact or [s for s in owned if ident and s.uid.startswith(ident)]
    if not found:
        raise UsageError(f"{target.label}: no follow-up with id {ident!r} (see calsync status)")
    if len(found) > 1:
        width = max(8, len(ident) + 2)  # enough of each id to tell them apart
        shown = [
            f"{c.uid[:width]} {c.item.get('X-CALSYNC-KIND', '')} {_title(c.item)!r}"
            for c in sorted(found, key=lambda c: c.uid)[:4]
        ]
        more = f" and {len(found) - 4} more" if len(found) > 4 else ""
        raise UsageError(
            f"{ident!r} matches {len(found)} follow-ups ({'; '.join(shown)}{more}); "
            "give more of the id"
        )
    return found[0].item


def _title(item) -> str:
    return str(item.get("SUMMARY", ""))[:40]


@dataclass(frozen=True)
class Reply:
    key: str
    name: str  # "Contoso (Product Manager)", as a message names the application
    before: str | None  # the date recorded earlier, if any


def record_reply(target: Target, application: str, on: date) -> tuple[list[Reply], list[Action]]:
    """`calsync replied`: remember the answer and cancel what would now be pushy."""
    with nullcontext() if not target.exclusive else lock.held(target.label):
        book = ledger.load(target.label, target.former_labels)
        stored = target.snapshot()
        keys = _matching_applications(application, book, stored)
        replies = []
        for key in keys:
            info = book.applications.get(key, {})
            name = info.get("company") or key
            if info.get("role"):
                name += f" ({info['role']})"
            replies.append(Reply(key, name, book.replied.get(key)))
            book.replied[key] = on.isoformat()
        ledger.prepare()
        actions = _apply(
            target,
            reconcile.cancel_after_reply(stored, set(keys)),
            lambda: reconcile.cancel_after_reply(target.snapshot(), set(keys)),
        )
        actions = [a for a in actions if a.verb == "cancel"]  # what was cancelled after all
        ledger.save(book)
    return replies, actions


def _matching_applications(wanted: str, book: ledger.Ledger, stored: list[Stored]) -> list[str]:
    """APPLICATION: its key, its company (case-insensitive), or one of its interview UIDs."""
    known = dict(book.applications)
    for current in stored:
        key = str(current.item.get("X-CALSYNC-APPLICATION", ""))
        if key and key not in known:
            known[key] = {"interviews": [str(current.item.get("RELATED-TO", ""))]}
    needle = wanted.strip().casefold()
    keys = sorted(
        key
        for key, info in known.items()
        if needle in (key.casefold(), str(info.get("company") or "").casefold())
        or wanted.strip() in info.get("interviews", [])
    )
    if not keys:
        names = ", ".join(sorted(known)) or "none yet: run calsync sync first"
        raise UsageError(f"no application {wanted!r} in {book.target} (known: {names})")
    return keys


def default_zone(config: Config) -> tzinfo:
    """For floating and all-day times: [me] timezone, else the system's zone, else UTC."""
    for name in (config.me.timezone, os.environ.get("TZ", "").lstrip(":"), _system_zone_name()):
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def _system_zone_name() -> str | None:
    try:
        target = str(Path("/etc/localtime").resolve())
    except OSError:
        return None
    marker = "zoneinfo/"
    return target.split(marker, 1)[1] if marker in target else None
