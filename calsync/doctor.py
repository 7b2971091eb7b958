"""`calsync doctor`: can each source be read and the target be written? One line each."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from calsync import dav
from calsync.config import Endpoint
from calsync.errors import CalsyncError, InputError, TargetError
from calsync.sources import feed
from calsync.targets.caldav import COMPONENTS


@dataclass(frozen=True)
class Check:
    ok: bool
    role: str  # source | target
    where: str  # the entry's name or URL / path
    detail: str  # what works, or what fails and how to fix it


def check(role: str, entry: Endpoint | str, as_: str | None = None) -> Check:
    """Reachable, authenticated, a calendar, takes what calsync reads or writes, writable."""
    if isinstance(entry, str):
        return _feed(role, entry, entry) if feed.is_feed(entry) else _path(role, entry)
    if entry.feed is not None:
        return _feed(role, entry.name or feed.label(entry.feed), entry.feed, entry)
    where = entry.name or entry.label
    if entry.url is None:
        return _path(role, entry.path or "", where)
    try:
        calendar = dav.connect(entry, InputError if role == "source" else TargetError)
        info = calendar.info()
    except CalsyncError as exc:
        return Check(False, role, where, str(exc))
    if not info.is_calendar:
        message = f"{entry.url}: not a calendar; check the URL (copy the calendar's own URL)"
        return Check(False, role, where, message)
    name = f'calendar "{info.name}"' if info.name else "calendar found"
    login = f"logged in as {entry.username}" if entry.username else "no login asked"
    takes = info.components or frozenset(COMPONENTS.values())
    if role == "source":
        if "VEVENT" not in takes:
            return Check(False, role, where, f"{name} holds no events; give the events calendar")
        return Check(True, role, where, f"reachable, {login}, {name}, holds events")
    wanted = as_ or entry.as_ or "auto"
    if wanted == "auto":
        kinds = [k for k in ("todo", "event") if COMPONENTS[k] in takes]
        if not kinds:
            return Check(False, role, where, f"{name} takes neither tasks nor events")
        chosen = f"writes {COMPONENTS[kinds[0]]} (--as auto chose {kinds[0]})"
    elif COMPONENTS[wanted] not in takes:
        return Check(False, role, where, f"{name} takes no {COMPONENTS[wanted]}; use --as auto")
    else:
        chosen = f"writes {COMPONENTS[wanted]}"
    if info.writable is False:
        return Check(
            False, role, where, f"{name} is read-only for this account; share it with write access"
        )
    writable = "writable" if info.writable else "writable (not reported by the server)"
    return Check(True, role, where, f"reachable, {login}, {name}, {chosen}, {writable}")


def _feed(role: str, where: str, url: str, entry: Endpoint | None = None) -> Check:
    """A published calendar: fetched (or found unchanged) and parsed. Named by its host and a
    hash, never by its address, which is a secret."""
    if where == url:
        where = feed.label(url)
    if role != "source":
        return Check(False, role, where, "a published calendar can only be read; give a target")
    options = {"timeout": entry.timeout, "ca_file": entry.ca_file} if entry else {}
    try:
        calendars = feed.read(url, [], **options)
    except CalsyncError as exc:
        return Check(False, role, where, str(exc))
    events = sum(len(c.walk("VEVENT")) for source in calendars for c in source.calendars)
    return Check(True, role, where, f"reachable, a calendar with {events} events")


def _path(role: str, spec: str, where: str | None = None) -> Check:
    where = where or spec
    path = Path(spec)
    if spec == "-":
        return Check(True, role, where, "standard input" if role == "source" else "stdout")
    if role == "source":
        if not path.exists():
            return Check(False, role, where, f"{path} does not exist")
        if not os.access(path, os.R_OK):
            return Check(False, role, where, f"{path} is not readable by you")
        return Check(True, role, where, "readable")
    folder = path if path.is_dir() else path.parent
    if not folder.is_dir():
        return Check(False, role, where, f"directory {folder} does not exist; create it")
    if not os.access(folder, os.W_OK):
        return Check(False, role, where, f"directory {folder} is not writable by you")
    return Check(True, role, where, "writable")
