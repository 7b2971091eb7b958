"""Reading `.ics` files, directories of them and stdin into parsed calendars."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from icalendar import Calendar

from calsync.errors import InputError

MAX_BYTES = 64 * 1024 * 1024  # a calendar export past this is almost surely not one


@dataclass(frozen=True)
class SourceCalendar:
    origin: str  # the path (or "<stdin>") named in messages
    calendars: tuple[Calendar, ...]


def read(spec: str) -> list[SourceCalendar]:
    """Read one SOURCE argument: a file, a directory of `.ics` files, or `-` for stdin."""
    if spec == "-":
        return [parse(sys.stdin.buffer.read(MAX_BYTES + 1), "<stdin>")]
    path = Path(spec)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".ics" and p.is_file())
        if not files:
            raise InputError(f"{path}: no .ics files in this directory")
        return [parse(_read_bytes(p), str(p)) for p in files]
    return [parse(_read_bytes(path), str(path))]


def _read_bytes(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def decode(data: bytes, origin: str) -> str:
    """UTF-8 (with or without BOM); else Windows-1252, which is what Outlook writes."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse(data: bytes, origin: str) -> SourceCalendar:
    """Bytes -> calendars; raise InputError naming `origin` when it is not iCalendar."""
    if len(data) > MAX_BYTES:
        raise InputError(f"{origin}: larger than {MAX_BYTES // 2**20} MB; split the export")
    text = decode(data, origin)
    if not text.strip():
        raise InputError(f"{origin}: the file is empty; export the calendar again")
    if not text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        raise InputError(
            f"{origin}: not an iCalendar file (it does not start with BEGIN:VCALENDAR)"
        )
    if "END:VCALENDAR" not in text.upper():
        raise InputError(f"{origin}: truncated (no END:VCALENDAR); export the calendar again")
    try:
        # bytes, never str: a one-line str is taken for a file path (NOTES.md)
        calendars = Calendar.from_ical(text.encode("utf-8"), multiple=True)
    except (ValueError, IndexError, KeyError) as exc:
        raise InputError(f"{origin}: not valid iCalendar ({_first_line(exc)})") from None
    if not calendars:
        raise InputError(f"{origin}: no VCALENDAR in the file")
    return SourceCalendar(origin, tuple(calendars))


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
