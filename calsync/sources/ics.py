"""Reading `.ics` files, directories of them and stdin into parsed calendars."""

from __future__ import annotations

import bisect
import codecs
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from icalendar import Calendar, Component
from icalendar.parser import Contentline
from icalendar.timezone import tzp

from calsync.errors import InputError
from calsync.model import Notice

# Past this, a calendar export is almost surely not one. Ten years of a busy calendar (100,000
# events) is about 85 MB; only the interviews in it are parsed (see _scan).
MAX_BYTES = 256 * 1024 * 1024
MAX_DEPTH = 8  # VCALENDAR > VEVENT > VALARM is three; deeper nesting is damage (or an attack)


@dataclass(frozen=True)
class SourceCalendar:
    origin: str  # the path (or "<stdin>") named in messages
    calendars: tuple[Calendar, ...]  # with a prefilter: only the candidate events
    notices: tuple[Notice, ...] = ()  # parts of the file that were skipped, each named
    events: int | None = None  # VEVENTs in the file, candidates or not (None: count them)

    @property
    def event_count(self) -> int:
        if self.events is not None:
            return self.events
        return sum(len(c.walk("VEVENT")) for c in self.calendars)


@dataclass(frozen=True)
class Prefilter:
    """What makes a VEVENT worth parsing (see prefilter()); every text it is given is
    casefolded first."""

    pattern: re.Pattern  # any keyword phrase, casefolded
    anchors: tuple[str, ...] | None  # each phrase's first word; None: the pattern alone

    def search(self, low: str) -> bool:
        return self.pattern.search(low) is not None

    def hits(self, low: str) -> Iterator[int]:
        """Where a phrase starts in `low`: its first word found with str.find (faster than one
        regex over the text), the phrase matched there."""
        if self.anchors is None:
            yield from (hit.start() for hit in self.pattern.finditer(low))
            return
        for anchor in self.anchors:
            at = low.find(anchor)
            while at >= 0:
                if self.pattern.match(low, at):
                    yield at
                at = low.find(anchor, at + 1)


def prefilter(keywords: tuple[str, ...]) -> Prefilter:
    """What makes a VEVENT worth parsing: a keyword anywhere in its raw, unfolded text, in any
    case, its words apart by any blanks or escaped newlines, commas and semicolons escaped or
    not. A superset of what detection accepts (a keyword in the title or the categories, whole
    words): a candidate may turn out not to be an interview, but no interview is ever missed.
    Most events of a big calendar hold none and are never parsed."""
    phrases, firsts = [], []
    for keyword in keywords:
        words = keyword.casefold().split()
        if words:
            escaped = [re.escape(w).replace(",", r"\\?,").replace(";", r"\\?;") for w in words]
            phrases.append(r"(?:[ \t]|\\[nN])+".join(escaped))
            firsts.append(words[0])
    if not phrases:
        return Prefilter(re.compile(r"(?!)"), ())
    pattern = re.compile("|".join(sorted(phrases, key=len, reverse=True)))
    # A first word with a comma, semicolon or backslash is spelled otherwise in the raw text.
    plain = not any(c in w for w in firsts for c in ",;\\")
    return Prefilter(pattern, tuple(sorted(set(firsts))) if plain else None)


def read(spec: str, keep: Prefilter | None = None) -> list[SourceCalendar]:
    """Read one SOURCE argument: a file, a directory of `.ics` files, or `-` for stdin.

    A directory is read whole or not at all: a file in it that is not iCalendar stops the run,
    since planning without it would cancel the follow-ups of the interviews it holds.
    """
    if spec == "-":
        return [parse(_read_capped(sys.stdin.buffer), "<stdin>", keep)]
    path = Path(spec)
    if path.is_dir():
        try:
            files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".ics" and p.is_file())
        except OSError as exc:
            raise InputError(f"{path}: cannot read the directory ({exc.strerror or exc})") from None
        if not files:
            raise InputError(f"{path}: no .ics files in this directory")
        return [parse(_read_bytes(p), str(p), keep) for p in files]
    return [parse(_read_bytes(path), str(path), keep)]


def _read_capped(handle) -> bytes:
    """Up to MAX_BYTES + 1 bytes, in pieces: read(MAX_BYTES + 1) would allocate all of it at
    once, whatever the file's size (256 MB of memory for every run)."""
    pieces, size = [], 0
    while size <= MAX_BYTES and (piece := handle.read(min(1 << 24, MAX_BYTES + 1 - size))):
        pieces.append(piece)
        size += len(piece)
    return b"".join(pieces) if len(pieces) != 1 else pieces[0]


def _read_bytes(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return _read_capped(handle)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def parse(data: bytes, origin: str, keep: Prefilter | None = None) -> SourceCalendar:
    """Bytes -> calendars; raise InputError naming `origin` (and the line) when it is not
    iCalendar.

    A component that icalendar cannot read (a VTODO with a bad date, a VALARM with a bad
    trigger) or a calendar property line that does not parse is skipped with a notice naming
    it; the rest is used. With `keep` (see prefilter()), only the VEVENTs it finds in their raw
    text, with every VEVENT that shares a UID with one of them (a series' overrides), and the
    VTIMEZONEs are parsed: the whole file is checked and counted, but its cost follows the
    interviews, not the calendar.
    """
    if len(data) > MAX_BYTES:
        raise InputError(f"{origin}: larger than {MAX_BYTES // 2**20} MB; split the export")
    if keep is not None and (reduced := _scan(data, keep)) is not None:
        data, events, renumber = reduced
        source = _careful(data, origin, renumber)
        return SourceCalendar(origin, source.calendars, source.notices, events)
    return _careful(data, origin, None, keep)


def _careful(data: bytes, origin: str, renumber, keep: Prefilter | None = None):
    lines, numbers = _decoded_lines(data, origin)
    if renumber is not None:
        numbers = [renumber(n) for n in numbers]
    notices: list[Notice] = []
    structure = _structure(lines, numbers, origin)
    events = None  # without a prefilter the parsed calendars hold every event: count those
    if keep is not None:
        events = sum(name == "VEVENT" for c in structure for name, _s, _e in c.blocks)
        for calendar in structure:
            calendar.blocks = _candidates(calendar.blocks, lines, keep)
    calendars = tuple(
        _parse_calendar(calendar, lines, numbers, origin, notices) for calendar in structure
    )
    return SourceCalendar(origin, calendars, tuple(notices), events)


# The fast path: a well-formed UTF-8 file is scanned as bytes, without a Python object per line
# or per event. Its VEVENTs are unfolded and casefolded in batches and searched for keywords;
# those that are not candidates are cut out, and the careful parser above reads the small file
# that is left, with a map back to the original line numbers for its messages. Anything unusual
# (another encoding, BEGIN and END that do not pair up, odd spellings of them) goes the careful
# way, which reports it.

_MARKS = re.compile(rb"^(BEGIN|END):([A-Za-z0-9-]+)\r?$", re.MULTILINE)
_ANY_MARK = re.compile(rb"^(?:BEGIN|END)(?![A-Za-z0-9-])", re.MULTILINE | re.IGNORECASE)
_FOLD = re.compile(rb"\r?\n[ \t]")


def _scan(data: bytes, keep: Prefilter):
    """(the file without its non-candidate VEVENTs, how many VEVENTs it had, a function from a
    line number in the first to the same line's number in the file), or None when the file
    must go the careful way."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\n" not in data:
        return None
    marks = list(_MARKS.finditer(data))
    if len(marks) != len(_ANY_MARK.findall(data)) or not marks:
        return None  # "begin:vevent", "BEGIN;X=1:VEVENT", "BEGIN:VEVENT ": the careful way
    stack: list[bytes] = []
    events: list[tuple[int, int]] = []
    opened = 0
    for mark in marks:
        verb, name = mark[1], mark[2].upper()
        if verb == b"BEGIN":
            stack.append(name)
            if name == b"VEVENT" and len(stack) == 2:
                opened = mark.start()
            elif len(stack) > MAX_DEPTH or (len(stack) == 1 and name != b"VCALENDAR"):
                return None
        else:
            if not stack or stack.pop() != name:
                return None
            if name == b"VEVENT" and len(stack) == 1:
                events.append((opened, mark.end()))
    if stack:
        return None
    found = _wanted(data, events, keep)
    if found is None:
        return None
    wanted, uids = found
    pieces: list[bytes] = []
    done = kept_lines = dropped = 0
    shifts: list[tuple[int, int]] = [(0, 0)]  # (from this line of the reduced file, add this)
    for (start, end), uid in zip(events, uids, strict=True):
        if uid in wanted:
            continue
        end += 1 if data[end : end + 1] == b"\n" else 0  # the block's own last line end
        pieces.append(data[done:start])
        kept_lines += data.count(b"\n", done, start)
        dropped += data.count(b"\n", start, end)
        shifts.append((kept_lines + 1, dropped))
        done = end
    pieces.append(data[done:])
    starts = [line for line, _ in shifts]

    def renumber(line: int) -> int:
        return line + shifts[bisect.bisect_right(starts, line) - 1][1]

    return b"".join(pieces), len(events), renumber


BATCH = 1 << 20  # bytes of events unfolded and casefolded at a time: memory stays ~1x the file
_EVENT = re.compile(r"^begin:vevent\r?$", re.MULTILINE)
_UID_LINE = re.compile(r"^uid[;:][^\n]*", re.MULTILINE)


def _wanted(
    data: bytes, events: list[tuple[int, int]], keep: Prefilter
) -> tuple[set[str], list[str]] | None:
    """The UIDs of the candidate events, and every event's UID in order; None for text that is
    not UTF-8 or that casefolding reshapes. Events are read in batches: each is
    unfolded, decoded and casefolded whole, searched once, and dropped."""
    wanted: set[str] = set()
    uids: list[str] = []
    first = 0
    while first < len(events):
        last = first
        while last + 1 < len(events) and events[last + 1][1] - events[first][0] < BATCH:
            last += 1
        chunk = _FOLD.sub(b"", data[events[first][0] : events[last][1]])
        if chunk.isascii():  # most batches: bytes.lower() is exact for ASCII, and ten times faster
            low = chunk.lower().decode("ascii")
        else:
            try:
                text = chunk.decode("utf-8")
            except UnicodeDecodeError:
                return None  # Windows-1252: the careful way decodes it
            low = text.casefold()
            if len(low) != len(text):
                return None  # "ß" and friends: offsets would not line up
        starts = [m.start() for m in _EVENT.finditer(low)]
        if len(starts) != last - first + 1:
            return None
        found = [""] * len(starts)
        for line in _UID_LINE.finditer(low):
            at = bisect.bisect_right(starts, line.start()) - 1
            if at >= 0 and not found[at]:
                found[at] = line[0].split(":", 1)[-1].strip() or "-"
        uids += found
        for at in keep.hits(low):
            wanted.add(found[bisect.bisect_right(starts, at) - 1])
        first = last + 1
    return wanted, uids


def _candidates(blocks, lines: list[str], keep: Prefilter) -> list[tuple[str, int, int]]:
    """The VTIMEZONEs, the VEVENTs `keep` finds, and every VEVENT sharing a UID with one."""
    wanted: set[str] = set()
    events: list[tuple[tuple[str, int, int], str]] = []
    for block in blocks:
        name, start, end = block
        if name != "VEVENT":
            continue
        uid = next((_value(lines[i]) for i in range(start, end + 1) if _is_uid(lines[i])), "")
        events.append((block, uid))
        if any(keep.search(lines[i].casefold()) for i in range(start + 1, end)):
            wanted.add(uid)
    chosen = {block for block, uid in events if uid in wanted}
    return [b for b in blocks if b[0] == "VTIMEZONE" or b in chosen]


def _is_uid(line: str) -> bool:
    return line[:4].upper() in ("UID:", "UID;")


def _value(line: str) -> str:
    return line.partition(":")[2].strip()


@dataclass
class _Calendar:
    """One VCALENDAR as line indexes: its own property lines, and its components' spans."""

    header: list[int] = field(default_factory=list)
    blocks: list[tuple[str, int, int]] = field(default_factory=list)  # (name, first, last line)


def _decoded_lines(data: bytes, origin: str) -> tuple[list[str], list[int]]:
    """The logical (unfolded) lines, and the physical line number each starts on.

    UTF-16 when it starts with its BOM (Windows tools write it); else UTF-8, with or without
    BOM; else Windows-1252, which is what Outlook writes. Folded lines are joined on the bytes,
    before decoding: clients fold at 75 octets, which may fall inside a multi-byte character.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise InputError(f"{origin}: starts like UTF-16 but is not valid UTF-16") from None
    if b"\n" not in data:
        data = data.replace(b"\r", b"\n")  # classic Mac line ends
    parts: list[list[bytes]] = []
    numbers: list[int] = []
    for number, line in enumerate(data.split(b"\n"), 1):
        if line.endswith(b"\r"):
            line = line[:-1]
        if line[:1] in (b" ", b"\t") and parts:
            # A fold; icalendar also folds across blank lines in between, and so do we.
            while len(parts) > 1 and parts[-1] == [b""]:
                parts.pop()
                numbers.pop()
            parts[-1].append(line[1:])
        else:
            parts.append([line])
            numbers.append(number)
    joined = b"\n".join(b"".join(p) for p in parts)
    if joined.startswith(codecs.BOM_UTF8):
        joined = joined[len(codecs.BOM_UTF8) :]
    try:
        text = joined.decode("utf-8")
    except UnicodeDecodeError:
        text = joined.decode("cp1252", errors="replace")
    return text.split("\n"), numbers


def _structure(lines: list[str], numbers: list[int], origin: str) -> list[_Calendar]:
    """Each VCALENDAR's header lines and top-level components; InputError, with the line,
    where BEGIN and END do not pair up or text stands outside a VCALENDAR."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise InputError(f"{origin}: the file is empty; export the calendar again")
    if lines[first].strip().upper() != "BEGIN:VCALENDAR":
        raise InputError(
            f"{origin}: line {numbers[first]}: not an iCalendar file "
            "(it does not start with BEGIN:VCALENDAR)"
        )
    calendars: list[_Calendar] = []
    stack: list[tuple[str, int]] = []
    for index, line in enumerate(lines):
        mark = _mark(line)
        where = f"{origin}: line {numbers[index]}"
        if mark is None:
            if not stack:
                if line.strip(" \t\r\x00\x1a"):
                    raise InputError(f"{where}: text outside BEGIN:VCALENDAR … END:VCALENDAR")
            elif len(stack) == 1 and line.strip():
                calendars[-1].header.append(index)
            continue
        verb, name = mark
        lines[index] = f"{verb}:{name}"  # icalendar takes "BEGIN:VEVENT " for another component
        name = _shown(name)
        if verb == "BEGIN":
            if not stack and name != "VCALENDAR":
                raise InputError(f"{where}: BEGIN:{name} outside BEGIN:VCALENDAR … END:VCALENDAR")
            if len(stack) >= MAX_DEPTH:
                raise InputError(f"{where}: components nested more than {MAX_DEPTH} deep")
            if not stack:
                calendars.append(_Calendar())
            stack.append((name, index))
            continue
        if not stack:
            raise InputError(f"{where}: END:{name} without a BEGIN:{name}")
        opened, start = stack.pop()
        if name != opened:
            raise InputError(
                f"{where}: END:{name} where END:{opened} was expected "
                f"(BEGIN:{opened} is on line {numbers[start]}); the file is damaged"
            )
        if len(stack) == 1:
            calendars[-1].blocks.append((name, start, index))
    if stack:
        opened, start = stack[-1]
        raise InputError(
            f"{origin}: line {numbers[start]}: BEGIN:{opened} is never closed (no END:{opened}): "
            "the file is truncated; export the calendar again"
        )
    return calendars


def _shown(name: str) -> str:
    """A component name as a message may show it: one line, not a page."""
    shown = "".join(c if c.isprintable() else "?" for c in name[:40])
    return shown + "…" if len(name) > 40 else shown


def _mark(line: str) -> tuple[str, str] | None:
    """("BEGIN" or "END", the component name) when the line is one, read as icalendar does."""
    if line[:5].upper() != "BEGIN" and line[:3].upper() != "END":
        return None
    try:
        name, _params, value = Contentline(line).parts()
    except ValueError:
        return None
    name = name.upper()
    return (name, value.strip().upper()) if name in ("BEGIN", "END") else None


def _parse_calendar(
    calendar: _Calendar, lines: list[str], numbers: list[int], origin: str, notices: list
) -> Calendar:
    def ical(indexes) -> bytes:
        # bytes, never str: a one-line str is taken for a file path (NOTES.md)
        return "".join(lines[i] + "\r\n" for i in indexes).encode("utf-8")

    def wrapped(indexes) -> bytes:
        return b"BEGIN:VCALENDAR\r\n" + ical(indexes) + b"END:VCALENDAR\r\n"

    spans = [range(start, end + 1) for _name, start, end in calendar.blocks]
    _forget_custom_zones()
    try:
        return Calendar.from_ical(wrapped([*calendar.header, *(i for s in spans for i in s)]))
    except Exception:  # icalendar raises many types on bad input; find the part below
        pass
    # Component by component, skipping what fails. VTIMEZONEs first: events name them by
    # TZID, and a file may define them last.
    _forget_custom_zones()
    header = []
    for index in calendar.header:
        try:
            Calendar.from_ical(wrapped([index]))
        except Exception:
            notices.append(Notice(f"{origin}: line {numbers[index]}", "not a property; ignored"))
        else:
            header.append(index)
    try:
        result = Calendar.from_ical(wrapped(header))
    except Exception as exc:
        raise InputError(f"{origin}: not valid iCalendar ({_first_line(exc)})") from None
    order = sorted(range(len(spans)), key=lambda n: calendar.blocks[n][0] != "VTIMEZONE")
    parsed: dict[int, Component] = {}
    for n in order:
        try:
            parsed[n] = Component.from_ical(ical(spans[n]))
        except Exception as exc:
            name = calendar.blocks[n][0]
            if name in ("VEVENT", "VTIMEZONE"):  # calsync reads nothing else: no need to say
                where = _describe(name, spans[n], lines, numbers, origin)
                notices.append(Notice(where, f"skipped: {_first_line(exc)}"))
    for n in sorted(parsed):
        result.add_component(parsed[n])
    return result


def _describe(name: str, span: range, lines: list[str], numbers: list[int], origin: str) -> str:
    """'cal.ics: line 12: event "Interview with Acme"': what a notice says it skipped."""
    where = f"{origin}: line {numbers[span[0]]}"
    summary = next((lines[i] for i in span if lines[i][:8].upper() in ("SUMMARY:", "SUMMARY;")), "")
    summary = summary.partition(":")[2].strip()[:60]
    if name != "VEVENT":
        return f"{where}: {name}"
    return f'{where}: event "{summary}"' if summary else f"{where}: event"


def _forget_custom_zones() -> None:
    """icalendar keeps the first custom VTIMEZONE it reads per TZID for the whole process
    (NOTES.md): two files with a "Customized Time Zone" of different rules would bleed into
    each other. Each VCALENDAR is read with an empty cache; IANA zones are found again."""
    tzp.use_default()


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
