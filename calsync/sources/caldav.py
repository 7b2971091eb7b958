"""A CalDAV calendar as a source: the events inside the planning window, in one REPORT."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from calsync import dav
from calsync.config import Config, Endpoint
from calsync.errors import InputError
from calsync.model import Notice
from calsync.sources.ics import SourceCalendar, parse


def read(endpoint: Endpoint, config: Config, now: datetime, notices: list[Notice]):
    """The calendar's events that overlap [now - lookback, now + horizon] (a day's margin each
    side, since detection judges by end time and zone); recurring series come whole and are
    expanded by detection like a file's. An object the server holds but that does not parse is
    skipped with a notice, and listed as unreadable (with its UID when one can be made out):
    its interviews are unseen this run, not gone, so nothing of theirs may be cancelled."""
    calendar = dav.connect(endpoint, InputError)
    start = now - timedelta(days=config.detect.lookback_days + 1)
    end = now + timedelta(days=config.detect.horizon_days + 1)
    resources = calendar.query("VEVENT", start, end)
    found = []
    for resource in resources:
        try:
            found.append(parse(resource.text.encode("utf-8"), resource.href))
        except InputError as exc:
            reason = str(exc).removeprefix(f"{resource.href}: ")
            notices.append(
                Notice(
                    resource.href,
                    f"could not be read ({reason}); the follow-ups of its interview are left "
                    "as they are until it can be",
                )
            )
            unreadable = SourceCalendar(resource.href, (), events=0, unreadable=(_uid(resource),))
            found.append(unreadable)
    return found


def _uid(resource: dav.Resource) -> str:
    """The UID line of an object that does not parse, if it has one."""
    text = re.sub(r"\r?\n[ \t]", "", resource.text)
    line = re.search(r"(?im)^UID(?:;[^:\r\n]*)?:[ \t]*(.*?)[ \t]*\r?$", text)
    return line[1] if line else ""
