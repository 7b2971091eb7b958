"""Reading `.ics` files, directories of them and stdin into parsed calendars."""

from __future__ import annotations

import bisect
import codecs
import functools
import itertools
import os
import re
import stat
import sys
import zoneinfo
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from icalendar import Calendar, Component
from icalendar.parser import Contentline
from icalendar.timezone import tzp

from calsync.errors import InputError
from calsync.model import Notice
from calsync.notices import heard

# Past this, a calendar export is almost surely not one. Ten years of a busy calendar (100,000
# events) is about 85 MB; only the interviews in it are parsed (see _scan).
MAX_BYTES = 256 * 1024 * 1024
TITLES = ("SUMMARY", "CATEGORIES")  # the lines detection reads to tell an interview
MAX_DEPTH = 8  # VCALENDAR > VEVENT > VALARM is three; deeper nesting is damage (or an attack)


@dataclass(frozen=True)
class SourceCalendar:
    origin: str  # the path (or "<stdin>") named in messages
    calendars: tuple[Calendar, ...]  # with a prefilter: only the candidate events
    notices: tuple[Notice, ...] = ()  # parts of the file that were skipped, each named
    events: int | None = None  # VEVENTs in the file, candidates or not (None: count them)
    # With a prefilter: this source read again, parsing also the events it cut whose UID key
    # (see uid_key) is in the set given; None when it cut none of those. See share().
    widen: Callable[[set[str]], SourceCalendar | None] | None = field(
        default=None, compare=False, repr=False
    )
    # UIDs of what the source holds but could not read ("" when not even its UID): their
    # interviews are not missing, only unseen, and their follow-ups are left as they are.
    unreadable: tuple[str, ...] = ()

    @property
    def event_count(self) -> int:
        if self.events is not None:
            return self.events
        return sum(len(c.walk("VEVENT")) for c in self.calendars)


@dataclass(frozen=True)
class Prefilter:
    """What makes a VEVENT worth parsing (see prefilter()): a keyword in its title lines."""

    text: re.Pattern  # for the careful path: searched in each decoded title line
    # For the fast path, searched in title lines as bytes (see _title_bytes): each keyword's
    # pattern, with bytes it cannot match without (the pattern is not run where they are not).
    raw: tuple[tuple[bytes, re.Pattern], ...]

    def search(self, line: str) -> bool:
        return self.text.search(line) is not None


# Between a keyword's words the detector accepts any run of whitespace (\s+ in Python's re):
# in the raw text that is blanks, escaped newlines, and Unicode spaces in UTF-8 (or Latin-1).
_SPACE = r"(?:\s|\\[nN])+"
_RAW_SPACE = (
    rb"(?:[ \t\r\n\x0b\x0c\x1c-\x1f]|\\n|\xc2?[\x85\xa0]|\xe1\x9a\x80"
    rb"|\xe2\x80[\x80-\x8a\xa8\xa9\xaf]|\xe2\x81\x9f|\xe3\x80\x80)+"
)
# The only characters Python's re.IGNORECASE takes for ASCII letters (checked over all of
# Unicode): Turkish İ and ı for i, long ſ for s, the Kelvin sign for k. _title_bytes spells
# them as their ASCII letter, so the raw pattern can be plain lower-case bytes.
_TWINS = ((b"\xc4\xb0", b"i"), (b"\xc4\xb1", b"i"), (b"\xc5\xbf", b"s"), (b"\xe2\x84\xaa", b"k"))


def prefilter(keywords: tuple[str, ...]) -> Prefilter:
    """What makes a VEVENT worth parsing: a keyword in its SUMMARY or CATEGORIES lines (the
    text detection reads), in any case, its words apart by any blanks or escaped newlines,
    commas and semicolons escaped or not. A superset of what detection accepts (whole words,
    and only in the values): a candidate may turn out not to be an interview, but no
    interview is ever missed. Most events of a big calendar are never parsed."""
    texts, raws = [], {}
    for keyword in keywords:
        words = keyword.split()
        if words:
            texts.append(_SPACE.join(_escaped(w) for w in words))
            raw = _RAW_SPACE.join(b"".join(_raw_char(c) for c in w) for w in words)
            raws[raw] = _anchor(words)
    if not texts:
        return Prefilter(re.compile("(?!)"), ())
    return Prefilter(
        re.compile("|".join(sorted(texts, key=len, reverse=True)), re.IGNORECASE),
        tuple((anchor, re.compile(raw)) for raw, anchor in raws.items()),
    )


def _anchor(words: list[str]) -> bytes:
    """The longest run of a keyword that its raw text must hold as it is, lower-cased: ASCII,
    in one word, without the commas, semicolons and backslashes that may be escaped."""
    runs = (r for w in words for r in re.split(r"[^\x00-\x7f]|[,;\\]", w.lower()))
    return max(runs, key=len).encode("ascii")


def _escaped(word: str) -> str:
    """A keyword's word as its raw text may spell it: `\\,` for a comma, `\\\\` for `\\`."""
    return "".join(r"\\?" + re.escape(c) if c in ",;\\" else re.escape(c) for c in word)


def _raw_char(char: str) -> bytes:
    """One character of a keyword as a pattern over lower-cased, twin-free raw bytes: an ASCII
    character as itself; any other as any one character not in ASCII (in UTF-8 or a one-byte
    code page), or as the ASCII letter Python's re takes it for (ı: i)."""
    if char.isascii():
        low = re.escape(char.lower().encode())
        return rb"\\?" + low if char in ",;\\" else low
    twins = [a for a in "iks" if re.fullmatch(re.escape(char), a, re.IGNORECASE)]
    return b"(?:[\x80-\xff]{1,4}" + b"".join(b"|" + a.encode() for a in twins) + b")"


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
            info = os.fstat(handle.fileno())
            if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_BYTES:
                return handle.read()  # one buffer of the file's size: a peak of 1x, not 2x
            return _read_capped(handle)  # a pipe, or too big (parse says so)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def parse(
    data: bytes, origin: str, keep: Prefilter | None = None, also: frozenset[str] = frozenset()
) -> SourceCalendar:
    """Bytes -> calendars; raise InputError naming `origin` (and the line) when it is not
    iCalendar.

    A component that icalendar cannot read (a VTODO with a bad date, a VALARM with a bad
    trigger) or a calendar property line that does not parse is skipped with a notice naming
    it; the rest is used. With `keep` (see prefilter()), only the VEVENTs it finds in their
    title lines, with every VEVENT that shares a UID with one of them (a series' overrides),
    those whose UID key is in `also`, and the VTIMEZONEs they may need are parsed: the whole
    file is checked and counted, but its cost follows the interviews, not the calendar.
    """
    if len(data) > MAX_BYTES:
        raise InputError(f"{origin}: larger than {MAX_BYTES // 2**20} MB; split the export")
    if keep is None:
        return _careful(data, origin, None)[0]
    reduced = _scan(data, keep, also)
    if reduced is not None:
        small, events, renumber, cut = reduced
        source = _careful(small, origin, renumber, reduced=True)[0]
    else:
        source, cut = _careful(data, origin, None, keep, also)
        events = source.events

    def widen(kept: set[str]) -> SourceCalendar | None:
        more = cut() & kept
        return parse(data, origin, keep, also | more) if more else None

    return SourceCalendar(origin, source.calendars, source.notices, events, widen)


def share(sources: list[SourceCalendar]) -> list[SourceCalendar]:
    """The sources of one run, each also parsing the events it cut that share a UID with an
    event another source parsed: a rescheduled copy of an invitation in a second file, or an
    override of a series, then counts as the full parse would count it."""
    if len(sources) < 2:
        return sources
    kept = {
        uid_key(str(event["UID"]))
        for source in sources
        for calendar in source.calendars
        for event in calendar.walk("VEVENT")
        if "UID" in event
    }
    return [(source.widen(kept) if source.widen else None) or source for source in sources]


def uid_key(uid: str) -> str:
    """A UID, raw or as icalendar reads it, as a key that never tells apart two UIDs icalendar
    takes for one: escapes, blanks around it and case do not count."""
    return uid.replace("\\", "").replace("\n", "n").strip().lower()


def _careful(
    data: bytes,
    origin: str,
    renumber,
    keep: Prefilter | None = None,
    also: frozenset[str] = frozenset(),
    *,
    reduced: bool = False,
) -> tuple[SourceCalendar, Callable[[], frozenset[str]]]:
    """The source, and the UID keys of the events `keep` left out. `reduced`: the data is what
    _scan left of a file, its events already chosen."""
    lines, numbers = _decoded_lines(data, origin)
    if renumber is not None:
        numbers = _Renumbered(numbers, renumber)
    notices: list[Notice] = []
    structure = _structure(lines, numbers, origin, notices)
    events = None  # without a prefilter the parsed calendars hold every event: count those
    cut: set[str] = set()
    if keep is not None:
        events = sum(name == "VEVENT" for c in structure for name, _s, _e in c.blocks)
        for calendar in structure:
            calendar.blocks = _candidates(calendar.blocks, lines, keep, also, cut)
    if keep is not None or reduced:
        # Only events are read from a prefiltered source, and time zones only for them: a
        # calendar left without events (most files of a directory) parses its header alone.
        for calendar in structure:
            zones = any(name == "VEVENT" for name, _s, _e in calendar.blocks)
            calendar.blocks = [
                b for b in calendar.blocks if b[0] == "VEVENT" or (zones and b[0] == "VTIMEZONE")
            ]
    with heard(origin, notices):  # icalendar's guesses at time zones, as notices
        calendars = tuple(
            _parse_calendar(calendar, lines, numbers, origin, notices) for calendar in structure
        )
    return SourceCalendar(origin, calendars, tuple(notices), events), lambda: frozenset(cut)


# The fast path: a file is scanned as bytes, once, without a Python object per line. Each
# top-level VEVENT's span, its title lines (SUMMARY, CATEGORIES) and its UID are found; the
# title lines alone are searched for keywords. The events that are not candidates are cut out,
# and the careful parser above reads the small file that is left, with a map back to the
# original line numbers for its messages. Anything unusual (UTF-16, BEGIN and END that do not
# pair up or are spelled oddly, classic Mac line ends) goes the careful way, which reports it.


def _cut_short(*names: str) -> bytes:
    """A pattern for any start of these names, folded onto the next line there ("SUMM", fold,
    "ARY:"): the scan would not know the line, so the careful way reads the file."""
    nested = [
        b"".join(b"(?:" + c.encode() for c in name[1:]) + b")?" * (len(name) - 1) for name in names
    ]
    starts = b"|".join(name[0].encode() + rest for name, rest in zip(names, nested, strict=True))
    return b"(?i:" + starts + rb")\r?\n(?:\r?\n)*[ \t]"


_FOLDED = rb"(?:\n(?:\r?\n)*[ \t][^\n]*)*"  # continuation lines, across blank ones as icalendar
# Blanks icalendar strips from a property's name that do not fold the line: a stray CR, and
# Python's other whitespace, in UTF-8 or Windows-1252.
_LEADING_BLANK = (
    rb"(?:[\r\x0b\x0c\x1c-\x1f\x85\xa0]|\xc2[\x85\xa0]|\xe1\x9a\x80"
    rb"|\xe2\x80[\x80-\x8a\xa8\xa9\xaf]|\xe2\x81\x9f|\xe3\x80\x80)"
)
_SCAN = re.compile(
    rb"\n(?=[BEbeSsCcUu\r\x0b\x0c\x1c-\x1f\x85\xa0\xc2\xe1-\xe3])(?:"  # most lines fail here
    # 1, 2: a component starts or ends (its line not folded on)
    rb"(BEGIN|END):([A-Za-z0-9-]+)\r?(?=\n|\Z)(?!\n(?:\r?\n)*[ \t])"
    # any other spelling of one: the careful way reads it as icalendar does, and says so
    rb"|(?i:begin|end)(?![A-Za-z0-9-])"
    # 3: a title line's parameters and value, folds and all
    rb"|(?i:" + "|".join(TITLES).encode() + rb")[;:]([^\n]*" + _FOLDED + rb")"
    # 4, 5: a UID line's ";" or ":", and the rest
    rb"|(?i:uid)([;:])([^\n]*" + _FOLDED + rb")"
    # one of these names folded before it ends: the careful way too
    rb"|"
    + _cut_short("BEGIN", "END", *TITLES, "UID")
    # a name after a blank that is no fold (see _mark): the careful way too
    + rb"|"
    + _LEADING_BLANK
    + rb"+[A-Za-z]"
    rb")"
)
_MARK, _TITLE, _UID = 2, 3, 5  # what a match is, by the last group it holds
_FOLD = re.compile(rb"(?:\r?\n)+[ \t]")
_PARAMS = re.compile(rb'(?:[^":]|"[^"]*")*:')  # a property's parameters, which may quote a colon


def _scan(data: bytes, keep: Prefilter, also: frozenset[str] = frozenset()):
    """(the file without its non-candidate VEVENTs, how many VEVENTs it had, a function from a
    line number in the first to the same line's number in the file, one that gives the UID
    keys of the events cut), or None when the file must go the careful way."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\n" not in data:
        return None
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    head = _SCAN.match(b"\n" + data[bom:4096])  # the first line has no line end before it
    stack: list[bytes] = []
    bounds: list[int] = []  # each top-level VEVENT's first byte, and the byte after its end
    uids: list[bytes] = []  # each one's first UID value, raw (b"": none)
    titles: list[bytes] = []
    owners: list[int] = []  # the event each title line is in
    inside = False  # on a line of a top-level VEVENT's own, not of its alarms
    for mark in itertools.chain([head] if head else [], _SCAN.finditer(data)):
        kind = mark.lastindex  # groups are fetched one by one: 40,000 matches in 10,000 events
        if kind == _TITLE:
            if inside:
                titles.append(mark[_TITLE])
                owners.append(len(uids) - 1)
        elif kind == _UID:
            if inside and not uids[-1]:
                rest = mark[_UID]
                params = _PARAMS.match(rest) if mark[4] == b";" else None
                uids[-1] = rest[params.end() :] if params else rest
        elif kind == _MARK:
            name = mark[2].upper()
            if mark[1] == b"BEGIN":
                stack.append(name)
                inside = len(stack) == 2 and name == b"VEVENT"
                if inside:
                    bounds.append(mark.start() + 1)
                    uids.append(b"")
                elif (
                    len(stack) > MAX_DEPTH
                    or (len(stack) == 1 and name != b"VCALENDAR")
                    or name == b"VEVENT"  # inside another component: detection reads it too
                ):
                    return None
            else:
                if not stack or stack.pop() != name:
                    return None
                if len(stack) == 1 and name == b"VEVENT":
                    bounds.append(mark.end() + 1)
                inside = len(stack) == 2 and stack[1] == b"VEVENT"
        else:
            return None
    if stack:
        return None
    keys = _uid_keys(uids)
    wanted = {keys[owners[n]] for n in _title_hits(titles, keep)}
    chosen = [key in wanted for key in keys]
    if also:
        chosen = [c or _text_key(key) in also for c, key in zip(chosen, keys, strict=True)]
    reduced, events, renumber = _without(data, bounds, chosen)

    def cut() -> frozenset[str]:  # asked only when a run has several sources (see share)
        return frozenset(_text_key(k) for k, c in zip(keys, chosen, strict=True) if not c)

    return reduced, events, renumber, cut


def _title_hits(titles: list[bytes], keep: Prefilter) -> list[int]:
    """The indexes of the title lines the keyword pattern finds, all searched at once."""
    text = b"\x00".join(titles)  # no pattern matches a NUL: a keyword never spans two titles
    if text.count(b"\x00") != len(titles) - 1:  # a title with a NUL of its own: one by one
        searched = [_title_bytes(title) for title in titles]
        return [n for n, text in enumerate(searched) if any(r.search(text) for _, r in keep.raw)]
    text = _title_bytes(text)
    found = sorted(
        {hit.start() for anchor, raw in keep.raw if anchor in text for hit in raw.finditer(text)}
    )
    hits, at, line = [], 0, 0
    for start in found:
        line += text.count(b"\x00", at, start)
        at = start
        hits.append(line)
    return hits


def _title_bytes(raw: bytes) -> bytes:
    """Raw title text as the raw keyword pattern reads it: unfolded, ASCII lower-cased, each
    twin (see _TWINS) spelled as its ASCII letter."""
    text = _FOLD.sub(b"", raw) if b"\n" in raw else raw
    text = text.lower()
    for twin, letter in _TWINS:
        text = text.replace(twin, letter)
    return text


def _uid_keys(uids: list[bytes]) -> list[bytes]:
    """Each raw UID value as a key that never tells apart two UIDs icalendar takes for one:
    unfolded, without escapes or blanks around it. All at once, as for the titles."""
    text = b"\x00".join(uids)
    if text.count(b"\x00") != len(uids) - 1:  # a UID with a NUL: one by one
        return [_FOLD.sub(b"", uid).replace(b"\\", b"").strip().lower() for uid in uids]
    text = _FOLD.sub(b"", text) if b"\n" in text else text
    return [key.strip() for key in text.replace(b"\\", b"").lower().split(b"\x00")]


def _text_key(key: bytes) -> str:
    """A key of _uid_keys as uid_key gives it, decoded as its line is (see _decoded)."""
    return uid_key(_decoded(key))


class _Renumbered(Sequence[int]):
    """The reduced file's line numbers, each turned into the file's own when it is read."""

    def __init__(self, numbers: list[int], renumber: Callable[[int], int]):
        self._numbers, self._renumber = numbers, renumber

    def __len__(self) -> int:
        return len(self._numbers)

    def __getitem__(self, index):
        return self._renumber(self._numbers[index])


def _without(data: bytes, bounds: list[int], chosen: list[bool]):
    """The file without the events not chosen (cut a run of neighbours at a time), their
    number, and the line renumbering (see _scan)."""
    pieces: list[bytes] = []
    starts = [0]  # the reduced file's line after each cut
    runs: list[tuple[int, int]] = []  # the bytes of each cut
    done = kept_lines = n = 0
    while n < len(chosen):
        if chosen[n]:
            n += 1
            continue
        start, end = bounds[2 * n], bounds[2 * n + 1]
        while n + 1 < len(chosen) and not chosen[n + 1] and bounds[2 * n + 2] == end:
            n += 1
            end = bounds[2 * n + 1]
        n += 1
        pieces.append(data[done:start])
        kept_lines += data.count(b"\n", done, start)
        starts.append(kept_lines + 1)
        runs.append((start, end))
        done = end
    pieces.append(data[done:])

    @functools.cache
    def dropped() -> list[int]:  # counted only when a message names a line: most runs, never
        return list(itertools.accumulate((data.count(b"\n", a, b) for a, b in runs), initial=0))

    def renumber(line: int) -> int:
        return line + dropped()[bisect.bisect_right(starts, line) - 1]

    return b"".join(pieces), len(chosen), renumber


def _candidates(
    blocks, lines: list[str], keep: Prefilter, also: frozenset[str], cut: set[str]
) -> list[tuple[str, int, int]]:
    """The VTIMEZONEs, the VEVENTs `keep` finds, every VEVENT sharing a UID with one, and those
    whose UID key is in `also`; the UID keys of the others are added to `cut`."""
    wanted: set[str] = set()
    events: list[tuple[tuple[str, int, int], str]] = []
    for block in blocks:
        name, start, end = block
        if name != "VEVENT":
            continue
        body = range(start + 1, end)
        uid = next((_value(lines[i]) for i in body if _named(lines[i], "UID")), "")
        events.append((block, uid))
        titles = (lines[i] for i in body if _named(lines[i], *TITLES))
        if any(keep.search(line) for line in titles):
            wanted.add(uid)
    chosen = {block for block, uid in events if uid in wanted or uid_key(uid) in also}
    cut.update(uid_key(uid) for block, uid in events if block not in chosen)
    return [b for b in blocks if b[0] == "VTIMEZONE" or b in chosen]


def _named(line: str, *names: str) -> bool:
    """Whether a content line is one of these properties (`NAME:` or `NAME;`), in any case."""
    if line[:1].isspace():  # read as icalendar reads it (see _mark)
        line = line.lstrip()
    return any(
        line[len(n) : len(n) + 1] in (":", ";") and line[: len(n)].upper() == n for n in names
    )


def _value(line: str) -> str:
    """A property line's value: after its name and parameters, which may quote a colon."""
    head = _NAME_AND_PARAMS.match(line)
    return line[head.end() :].strip() if head else ""


_NAME_AND_PARAMS = re.compile(_PARAMS.pattern.decode("ascii"))


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
        return joined.decode("utf-8").split("\n"), numbers
    except UnicodeDecodeError:
        return [_decoded(line) for line in joined.split(b"\n")], numbers


def _decoded(line: bytes) -> str:
    """One line: UTF-8, else Windows-1252. Line by line, so that one stray byte does not turn
    every accent of the file into mojibake, and a line reads the same in the whole file as in
    the fast path's reduced one."""
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1252", errors="replace")


# What calsync reads of a calendar. A damaged one of these stops the run: planning without the
# event, or with a zone cut short, could cancel or move an interview's follow-ups. Any other
# component (a task, a journal entry) is skipped with a warning, as icalendar reads past it.
READ = ("VEVENT", "VTIMEZONE")


def _structure(
    lines: list[str], numbers: Sequence[int], origin: str, notices: list[Notice]
) -> list[_Calendar]:
    """Each VCALENDAR's header lines and top-level components. InputError, with the line, where
    the file is not iCalendar: text before BEGIN:VCALENDAR, BEGIN and END that do not pair up in
    an event or a time zone, a component never closed. What the libraries read past is skipped
    with a notice: text after END:VCALENDAR, a task whose END line names another component."""
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
    damaged: dict[int, str] = {}  # a top-level component's first line -> what is wrong in it
    trailer: tuple[int, str] | None = None  # text after END:VCALENDAR: its first line, its text

    def where() -> str:  # the line being read, for a message (renumbered only then)
        return f"{origin}: line {numbers[index]}"

    def ignore_trailer() -> None:
        nonlocal trailer
        if trailer is not None:
            at, text = trailer
            shown = _shown(" ".join(text.split()))
            message = f'text after END:VCALENDAR ignored ("{shown}")'
            notices.append(Notice(f"{origin}: line {numbers[at]}", message))
            trailer = None

    for index, line in enumerate(lines):
        mark = _mark(line)
        if mark is None:
            if not stack:
                if trailer is None and line.strip(" \t\r\x00\x1a"):
                    trailer = (index, line)  # before the first calendar: refused above
            elif len(stack) == 1 and line.strip():
                calendars[-1].header.append(index)
            continue
        verb, name = mark
        lines[index] = f"{verb}:{name}"  # icalendar takes "BEGIN:VEVENT " for another component
        name = _shown(name)
        if not stack:
            ignore_trailer()
        if verb == "BEGIN":
            if not stack and name != "VCALENDAR":
                raise InputError(f"{where()}: BEGIN:{name} outside BEGIN:VCALENDAR … END:VCALENDAR")
            if len(stack) >= MAX_DEPTH:
                raise InputError(f"{where()}: components nested more than {MAX_DEPTH} deep")
            if not stack:
                calendars.append(_Calendar())
            stack.append((name, index))
            continue
        if not stack:
            raise InputError(f"{where()}: END:{name} without a BEGIN:{name}")
        opened, start = stack.pop()
        if name != opened:
            top, top_start = stack[1] if len(stack) > 1 else (opened, start)
            if not stack and _glued(name, opened):
                # "END:VCALENDAR<!DOCTYPE html>": a page written after the calendar, without
                # a line end between them
                trailer = (index, line[line.upper().index(opened) + len(opened) :])
            elif stack and top not in READ:  # icalendar's way: END closes what is open
                inner = (
                    f" (BEGIN:{opened} is on line {numbers[start]})" if start != top_start else ""
                )
                wrong = f"END:{name} on line {numbers[index]} where END:{opened} was expected"
                damaged.setdefault(top_start, wrong + inner)
            else:
                raise InputError(
                    f"{where()}: END:{name} where END:{opened} was expected "
                    f"(BEGIN:{opened} is on line {numbers[start]}); the file is damaged"
                )
        if len(stack) == 1:
            if start not in damaged:
                calendars[-1].blocks.append((opened, start, index))
                continue
            span = range(start, index + 1)
            if any(lines[i] == "BEGIN:VEVENT" for i in span):  # an event inside: never lose it
                raise InputError(
                    f"{origin}: line {numbers[start]}: {damaged[start]}; the file is damaged"
                )
            described = _describe(opened, span, lines, numbers, origin)
            notices.append(Notice(described, f"skipped: {damaged[start]}"))
    if stack:
        opened, start = stack[-1]
        raise InputError(
            f"{origin}: line {numbers[start]}: BEGIN:{opened} is never closed (no END:{opened}): "
            "the file is truncated; export the calendar again"
        )
    ignore_trailer()
    return calendars


def _glued(name: str, opened: str) -> bool:
    """Whether END's name is `opened` with text after it that no component name could hold."""
    return name.startswith(opened) and not re.match(r"[A-Za-z0-9-]", name[len(opened) :])


def _shown(name: str) -> str:
    """A component name as a message may show it: one line, not a page."""
    if len(name) <= 40 and name.isprintable():
        return name
    shown = "".join(c if c.isprintable() else "?" for c in name[:40])
    return shown + "…" if len(name) > 40 else shown


_PLAIN_MARK = re.compile(r"(BEGIN|END):([A-Za-z0-9-]+)", re.IGNORECASE)


def _mark(line: str) -> tuple[str, str] | None:
    """("BEGIN" or "END", the component name) when the line is one, read as icalendar does."""
    if line[:1].isspace():  # a blank before the name: icalendar reads past it (a stray CR)
        line = line.lstrip()
    if line[:5].upper() != "BEGIN" and line[:3].upper() != "END":
        return None
    if plain := _PLAIN_MARK.fullmatch(line):  # nearly all of them: no need to ask icalendar
        return plain[1].upper(), plain[2].upper()
    try:
        name, _params, value = Contentline(line).parts()
    except ValueError:
        return None
    name = name.upper()
    return (name, value.strip().upper()) if name in ("BEGIN", "END") else None


def _parse_calendar(
    calendar: _Calendar, lines: list[str], numbers: Sequence[int], origin: str, notices: list
) -> Calendar:
    def ical(indexes) -> bytes:
        # bytes, never str: a one-line str is taken for a file path (NOTES.md)
        return "".join(lines[i] + "\r\n" for i in indexes).encode("utf-8")

    def wrapped(indexes) -> bytes:
        return b"BEGIN:VCALENDAR\r\n" + ical(indexes) + b"END:VCALENDAR\r\n"

    kept = []
    for block in calendar.blocks:
        name, start, end = block
        if _runaway_zone(block, lines):
            where = _describe(name, range(start, end + 1), lines, numbers, origin)
            notices.append(Notice(where, f"skipped: {RUNAWAY_ZONE}"))
        elif not _names_an_iana_zone(block, lines):
            kept.append(block)
    calendar.blocks = kept
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


def _names_an_iana_zone(block: tuple[str, int, int], lines: list[str]) -> bool:
    """A VTIMEZONE whose TZID is a zone of the system's database. icalendar ignores such a
    block for its own copy of the zone (tests/test_corpus.py pins that), so it is not parsed:
    parsing one makes icalendar list every zone on disk first, ~10 ms of every run."""
    name, start, end = block
    if name != "VTIMEZONE":
        return False
    tzid = next((_value(lines[i]) for i in range(start + 1, end) if _named(lines[i], "TZID")), "")
    return _iana_zone(tzid)


# A time zone changes its offset once or twice a year. A rule that repeats it every second (or
# day, or week) since 1601, as damage or an attack can, makes every time in that zone walk all
# those changes: the run hangs and its memory grows until the system kills it.
RUNAWAY_ZONE = "its rules change the offset more often than monthly; a time zone never does"
_FINE_FREQ = re.compile(r"(?i)^RRULE[;:](?:.*[;:])?FREQ=(SECONDLY|MINUTELY|HOURLY|DAILY|WEEKLY)\b")


def _runaway_zone(block: tuple[str, int, int], lines: list[str]) -> bool:
    name, start, end = block
    return name == "VTIMEZONE" and any(_FINE_FREQ.match(lines[i]) for i in range(start, end))


@functools.cache
def _iana_zone(tzid: str) -> bool:
    """Whether zoneinfo.available_timezones() holds `tzid`, without listing them all."""
    if not tzid or tzid == "posixrules" or tzid.startswith(("right/", "posix/")):
        return False  # loadable, but not listed as zones
    try:
        zoneinfo.ZoneInfo(tzid)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def _describe(name: str, span: range, lines: list[str], numbers: Sequence[int], origin: str) -> str:
    """'cal.ics: line 12: event "Interview with Acme"': what a notice says it skipped."""
    where = f"{origin}: line {numbers[span[0]]}"
    summary = next((lines[i] for i in span if _named(lines[i], "SUMMARY")), "")
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
