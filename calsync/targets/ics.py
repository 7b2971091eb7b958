"""A single `.ics` file as a target: what calsync does not own is written back byte for byte."""

from __future__ import annotations

import re
from pathlib import Path

from calsync import ical
from calsync.errors import TargetError
from calsync.reconcile import Action, Stored
from calsync.targets import remove_leftovers, write_atomic


class IcsFileTarget:
    former_labels: tuple[str, ...] = ()

    def __init__(self, path: Path):
        self.path = path
        self.label = str(path.resolve())
        self.exclusive = True  # one run at a time: see calsync.lock
        self.persistent = True
        self._header: list[str] = []
        self._blocks: list[ical.Block] = []

    def exists(self) -> bool:
        return self.path.exists()

    def snapshot(self) -> list[Stored]:
        if not self.path.exists():
            if not self.path.parent.is_dir():
                raise TargetError(f"{self.path}: directory {self.path.parent} does not exist")
            return []
        try:
            text = self.path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise TargetError(f"{self.path}: cannot read the target ({exc})") from None
        if text.strip() and "BEGIN:VCALENDAR" not in text.upper():
            raise TargetError(
                f"{self.path}: exists and is not an iCalendar file; refusing to overwrite it "
                "(choose another -o TARGET)"
            )
        self._header, self._blocks = ical.split(text)
        if not self._header and not self._blocks and _beyond_an_empty_calendar(text):
            raise TargetError(
                f"{self.path}: cannot make out its calendar (no BEGIN:VCALENDAR line); "
                "refusing to overwrite it (choose another -o TARGET)"
            )
        stored = []
        for number, block in enumerate(self._blocks):
            if not block.owned:
                continue
            try:
                item = ical.parse_block(block)
            except ValueError:
                continue  # unreadable: treated as the user's and written back untouched
            stored.append(Stored(str(item.get("UID", "")), item, block.text, str(number)))
        return stored

    def apply(self, actions: list[Action]) -> list[Action]:
        if self.path.exists() and not any(a.writes for a in actions):
            return actions  # nothing changes: the file keeps its bytes, inode and mtime
        by_block = {a.stored.key: a for a in actions if a.stored is not None}
        header = self._header or [
            line + "\r\n" for line in (f"PRODID:{ical.PRODID}", "VERSION:2.0", "CALSCALE:GREGORIAN")
        ]
        present = {
            str(ical.parse_block(b).get("TZID")) for b in self._blocks if b.name == "VTIMEZONE"
        }
        written = [a.item for a in actions if a.writes]
        parts = ["BEGIN:VCALENDAR\r\n", *header]
        parts += [b.text for b in self._blocks if b.name == "VTIMEZONE"]
        parts += [ical.to_text(z) for z in ical.zones_for(written, present)]
        for number, block in enumerate(self._blocks):
            if block.name == "VTIMEZONE":
                continue
            if str(number) not in by_block:  # not ours: exactly as it was
                parts.append(block.text)
        for action in actions:  # ours, in plan order; a follow-up the user deleted stays out
            if action.writes:
                parts.append(ical.to_text(action.item))
            elif action.stored is not None:
                parts.append(action.stored.raw)
        parts.append("END:VCALENDAR\r\n")
        try:
            remove_leftovers(self.path.parent, self.path.name)  # from a run that was killed
            write_atomic(self.path, "".join(parts).encode("utf-8"))
        except OSError as exc:
            raise TargetError(f"{self.path}: cannot write ({exc.strerror or exc})") from None
        return actions


def _beyond_an_empty_calendar(text: str) -> bool:
    """Whether the file holds more than BEGIN:VCALENDAR, END:VCALENDAR and blank space."""
    rest = re.sub(r"(?i)(begin|end):vcalendar", "", text)
    return bool(rest.strip())
