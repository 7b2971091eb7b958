"""`calsync init` and `calsync config --show`: a starter config, and the effective one as TOML."""

from __future__ import annotations

import json
import os
import pwd
import re
import subprocess
from dataclasses import fields

from calsync.config import WEEKDAYS, Config, Endpoint
from calsync.sources import feed

MASK = "********"


def inferred() -> dict[str, str]:
    """What a first config can say without asking: name and address from git, else the
    account's full name; the system's time zone."""
    found: dict[str, str] = {}
    for key, name in (("user.name", "name"), ("user.email", "email")):
        try:
            value = subprocess.run(
                ["git", "config", "--global", key], capture_output=True, text=True, timeout=5
            ).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            value = ""
        if value:
            found[name] = value
    if "name" not in found:
        try:
            gecos = pwd.getpwuid(os.getuid()).pw_gecos.split(",")[0].strip()
        except (KeyError, OSError):
            gecos = ""
        if gecos:
            found["name"] = gecos
    from calsync.sync import default_zone

    zone = str(default_zone(Config()))
    if zone not in ("UTC", "Etc/UTC", "Etc/Universal", "Universal", "Zulu"):
        found["timezone"] = zone
    return found


def starter(known: dict[str, str]) -> str:
    """A commented config: what is known filled in, everything else shown commented out."""

    def line(key: str, example: str) -> str:
        return f"{key} = {_toml(known[key])}" if key in known else f"# {key} = {_toml(example)}"

    emails = (
        f"emails = {_toml([known['email']])}"
        if "email" in known
        else '# emails = ["you@example.org"]'
    )
    return f"""# calsync configuration: every key is optional; delete a line to get the default.
# The README lists every key; `calsync config --show` prints what is in effect.

[me]
# Signs the drafts.
{line("name", "Your Name")}
# Every address you are invited at: you are never taken for an interviewer.
{emails}
# One sentence of your qualifications, for the thank-you notes; your phone number.
# pitch = "Eight years of building payment backends in Go and Python."
# phone = "+1 555 0100"
# The time zone for all-day and floating times.
{line("timezone", "Europe/Berlin")}

# Where the interviews are: one [[source]] per calendar (a file, or a CalDAV calendar).
# [[source]]
# name = "work"
# url = "https://cloud.example.org/remote.php/dav/calendars/you/personal/"
# username = "you"
# password_command = "pass show cloud.example.org"

# Where the follow-ups go when `calsync sync` has no -o.
# [target]
# name = "tasks"
# path = "~/followups.ics"         # or url = "https://…/calendars/you/tasks/" with a login
# as = "auto"                      # todo, event, or auto (CalDAV: what the calendar takes)

[cadence]
# thank_you_hours = 24
# call_window = "10:00-16:00"
# holidays = ["2026-12-25"]
"""


def effective(config: Config) -> str:
    """The configuration in effect, defaults included, as TOML; passwords masked."""
    cadence = config.cadence
    sections: list[str] = [f"# from {config.path or 'built-in defaults (no config file)'}"]
    sections.append(_table("me", {f.name: getattr(config.me, f.name) for f in fields(config.me)}))
    sections.append(
        _table("detect", {f.name: getattr(config.detect, f.name) for f in fields(config.detect)})
    )
    values = {f.name: getattr(cadence, f.name) for f in fields(cadence)}
    start, end = cadence.call_window
    values["call_window"] = f"{start:%H:%M}-{end:%H:%M}"
    values["workdays"] = [WEEKDAYS[d] for d in cadence.workdays]
    values["holidays"] = [d.isoformat() for d in cadence.holidays] + list(cadence.holiday_regions)
    del values["holiday_regions"]
    sections.append(_table("cadence", values))
    sections.append(_table("output", {"as": config.output.as_, "alarms": config.output.alarms}))
    if config.contacts is not None:
        sections.append(_table("contacts", {"path": str(config.contacts)}))
    for entry in config.sources:
        sections.append(_table("[source]", _entry(entry)))
    if config.target is not None:
        sections.append(_table("target", _entry(config.target)))
    return "\n\n".join(sections) + "\n"


def _entry(entry: Endpoint) -> dict:
    values = {
        f.name: getattr(entry, f.name)
        for f in fields(entry)
        if f.name not in ("where", "as_", "password")
    }
    if entry.password:
        values["password"] = MASK
    if entry.feed:  # the address is a password too: its host and a hash, as messages name it
        values["feed"] = feed.label(entry.feed)
    if entry.as_:
        values["as"] = entry.as_
    return values


def _table(name: str, values: dict) -> str:
    lines = [f"[{name}]"]
    for key, value in values.items():
        key = key.removesuffix("_") if key == "as_" else key
        if value is None or value == ():
            lines.append(f"# {key}: not set")
        else:
            lines.append(f"{key} = {_toml(value)}")
    return "\n".join(lines)


def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    # A JSON string is a TOML basic string; DEL and the C1 controls (which json leaves as
    # they are) escaped too: TOML refuses a raw DEL, and a terminal obeys a raw C1.
    text = json.dumps(str(value), ensure_ascii=False)
    return re.sub(r"[\x7f-\x9f]", lambda m: f"\\u{ord(m[0]):04x}", text)
