"""A single `.ics` file as a target: what calsync does not own is written back byte for byte.

The file is replaced only while it is the one the snapshot read (a calendar app may save it
meanwhile: then `Changed`, and the run reads it again and decides again), and only when a
follow-up calsync would create does not take the UID of an item of the user's.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from calsync import ical
from calsync.errors import TargetError
from calsync.model import Notice
from calsync.reconcile import Action, Stored
from calsync.targets import (
    Seen,
    not_ours,
    read_file,
    refuse_read_only,
    remove_leftovers,
    uids_in,
    write_atomic,
)


class IcsFileTarget:
    former_labels: tuple[str, ...] = ()

    def __init__(self, path: Path):
        self.path = path
        self.label = str(path.resolve())
        self.exclusive = True  # one run at a time: see calsync.lock
        self.persistent = True
        self.notices: list[Notice] = []
        self._header: list[str] = []
        self._blocks: list[ical.Block] = []
        self._seen: Seen | None = None  # the file as read; None: there was none
        self._copies: set[str] = set()  # blocks: calsync's own items there a second time

    def exists(self) -> bool:
        return self.path.exists()

    def snapshot(self) -> list[Stored]:
        self._header, self._blocks, self._seen, self._copies = [], [], None, set()
        self.notices = []
        try:
            data, seen = read_file(self.path)
        except FileNotFoundError:
            where = Path(os.path.realpath(self.path)).parent  # a link's: where it points
            if not where.is_dir():
                raise TargetError(f"{self.path}: directory {where} does not exist") from None
            return []
        except OSError as exc:
            raise TargetError(f"{self.path}: cannot read the target ({exc})") from None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
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
        self._seen = seen
        return self._one_per_uid(stored)

    def _one_per_uid(self, stored: list[Stored]) -> list[Stored]:
        """One item per UID. An older calsync (a series moved THISANDFUTURE) could write one
        follow-up several times: the copy you completed or edited is the one kept (else the
        first), and the other copies, untouched since calsync wrote them, go with the next
        write. A second copy you changed too stays, and is reported."""
        by_uid: dict[str, list[Stored]] = {}
        for item in stored:
            by_uid.setdefault(item.uid, []).append(item)
        kept = []
        for uid, copies in by_uid.items():
            touched = [c for c in copies if ical.is_done(c.item) or ical.is_edited(c.item)]
            chosen = (touched or copies)[0]
            kept.append(chosen)
            extra = [c for c in copies if c is not chosen]
            if not extra:
                continue
            mine = [c for c in extra if c not in touched]
            self._copies |= {c.key for c in mine}
            if mine:
                self.notices.append(
                    Notice(
                        str(self.path),
                        f"{len(copies)} copies of one follow-up ({uid}), left by an older "
                        f"calsync; {len(mine)} untouched removed",
                    )
                )
            if len(mine) < len(extra):
                self.notices.append(
                    Notice(str(self.path), f"follow-up {uid} is there twice, both changed by "
                           "you; both left as they are")
                )  # fmt: skip
        order = {id(s): n for n, s in enumerate(stored)}
        return sorted(kept, key=lambda s: order[id(s)])

    def apply(self, actions: list[Action]) -> list[Action]:
        actions = self._not_over_the_users(actions)
        if self._seen is not None and not self._copies and not any(a.writes for a in actions):
            return actions  # nothing changes: the file keeps its bytes, inode and mtime
        refuse_read_only(self.path)
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
            if str(number) not in by_block and str(number) not in self._copies:
                parts.append(block.text)  # not ours: exactly as it was
        for action in actions:  # ours, in plan order; a follow-up the user deleted stays out
            if action.writes:
                parts.append(ical.to_text(action.item))
            elif action.stored is not None:
                parts.append(action.stored.raw)
        parts.append("END:VCALENDAR\r\n")
        real = Path(os.path.realpath(self.path))
        try:
            remove_leftovers(real.parent, real.name)  # from a run that was killed
            write_atomic(self.path, "".join(parts).encode("utf-8"), replacing=self._seen)
        except OSError as exc:
            raise TargetError(f"{self.path}: cannot write ({exc.strerror or exc})") from None
        return actions

    def _not_over_the_users(self, actions: list[Action]) -> list[Action]:
        """A create whose UID an item of the user's carries (a follow-up an app saved as its
        own, the ledger gone) is not written: one UID, one item."""
        creates = {a.uid for a in actions if a.verb == "create"}
        if not creates:
            return actions
        theirs = {}
        for block in self._blocks:
            if not block.owned and block.name != "VTIMEZONE":
                for uid in uids_in(block.text) & creates:
                    theirs.setdefault(uid, block)
        return [
            not_ours(a, str(self.path), self.notices, _parsed(theirs[a.uid]))
            if a.verb == "create" and a.uid in theirs
            else a
            for a in actions
        ]


def _parsed(block: ical.Block):
    try:
        return ical.parse_block(block)
    except ValueError:
        return None


def _beyond_an_empty_calendar(text: str) -> bool:
    """Whether the file holds more than BEGIN:VCALENDAR, END:VCALENDAR and blank space."""
    rest = re.sub(r"(?i)(begin|end):vcalendar", "", text)
    return bool(rest.strip())
