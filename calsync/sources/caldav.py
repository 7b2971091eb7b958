"""A CalDAV calendar as a source: the events inside the planning window, in one REPORT."""

from __future__ import annotations

from datetime import datetime, timedelta

from calsync import dav
from calsync.config import Config, Endpoint
from calsync.errors import InputError
from calsync.model import Notice
from calsync.sources.ics import parse


def read(endpoint: Endpoint, config: Config, now: datetime, notices: list[Notice]):
    """The calendar's events that overlap [now - lookback, now + horizon] (a day's margin each
    side, since detection judges by end time and zone); recurring series come whole and are
    expanded by detection like a file's. An object the server holds but that does not parse is
    skipped with a notice."""
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
            notices.append(Notice(resource.href, f"skipped, {reason}"))
    return found
