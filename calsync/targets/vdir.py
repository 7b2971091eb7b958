"""A directory as a target: one `.ics` per item, the vdir layout khal and todoman read.

Each file is replaced only while it is the one the snapshot read; when an app saved it
meanwhile, it is read again and its action decided again (`reconcile.redo`, as the CalDAV target
does on 412): a task the user completed meanwhile stays completed. A new file is created only
where none is (link(), which never replaces), and never for a UID an item of the user's holds.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from icalendar import Calendar

from calsync import ical, reconcile
from calsync.errors import TargetError
from calsync.model import Notice
from calsync.reconcile import Action, Stored
from calsync.targets import (
    Changed,
    Seen,
    not_ours,
    read_file,
    refuse_read_only,
    remove_leftovers,
    uids_in,
    write_atomic,
)

IN_A_DIRECTORY = "a directory target holds only regular files: move it out, or choose another -o"


class VdirTarget:
    former_labels: tuple[str, ...] = ()

    def __init__(self, path: Path):
        self.path = path
        self.label = str(path.resolve())
        self.exclusive = True  # one run at a time: see calsync.lock
        self.persistent = True
        self.notices: list[Notice] = []
        self._seen: dict[str, Seen] = {}  # file name -> the file as the snapshot read it
        self._theirs: dict[str, str] = {}  # UID -> file name, of the items that are not ours

    def exists(self) -> bool:
        return self.path.is_dir()

    def snapshot(self) -> list[Stored]:
        self._seen, self._theirs = {}, {}
        if not self.path.exists():
            return []
        stored = []
        for file in sorted(self.path.glob("*.ics")):
            try:
                data, self._seen[file.name] = read_file(file, IN_A_DIRECTORY)
            except OSError:
                continue  # gone meanwhile, or unreadable: not ours to judge, left untouched
            stored += self._items(file.name, data)
        return stored

    def _items(self, name: str, data: bytes) -> list[Stored]:
        """calsync's items in one file; the UIDs of the others are noted."""
        try:
            raw = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return []
        if "X-CALSYNC-KIND" not in raw.upper():
            for uid in uids_in(raw):
                self._theirs.setdefault(uid, name)
            return []
        try:
            calendar = Calendar.from_ical(raw.encode("utf-8"))
        except ValueError:
            return []
        return [
            Stored(str(item.get("UID", "")), item, raw, name)
            for item in calendar.subcomponents
            if item.name in ("VTODO", "VEVENT") and ical.is_owned(item)
        ]

    def apply(self, actions: list[Action]) -> list[Action]:
        self.notices = []
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise TargetError(
                f"{self.path}: cannot create the directory ({exc.strerror})"
            ) from None
        for action in actions:  # before anything is written
            if action.writes and action.stored is not None:
                refuse_read_only(self.path / action.stored.key)
        try:
            remove_leftovers(self.path)  # from a run that was killed
        except OSError as exc:
            raise TargetError(f"{self.path}: cannot write ({exc.strerror})") from None
        return [self._write(action) if action.writes else action for action in actions]

    def _write(self, action: Action) -> Action:
        for _ in range(3):  # as read, and again after each of two saves by someone else
            if action.stored is None and action.uid in self._theirs:
                return not_ours(action, str(self.path / self._theirs[action.uid]), self.notices)
            name = action.stored.key if action.stored else file_name(action.uid)
            replacing = self._seen.get(name) if action.stored else None
            data = ical.calendar([action.item]).to_ical()
            try:
                write_atomic(self.path / name, data, replacing=replacing)
                return action
            except Changed:
                action = self._again(action, name)
                if not action.writes:
                    return action
            except OSError as exc:
                raise TargetError(f"{self.path / name}: cannot write ({exc.strerror})") from None
        self._notice(name, "kept changing while calsync wrote it; the next run tries again")
        return replace(action, verb="kept", reason="changing meanwhile")

    def _again(self, action: Action, name: str) -> Action:
        """`action` decided again against the file as it is now."""
        file = self.path / name
        try:
            data, self._seen[name] = read_file(file, IN_A_DIRECTORY)
        except FileNotFoundError:
            self._seen.pop(name, None)
            if action.stored is None:
                return action  # there and gone again: create it
            self._notice(name, "deleted meanwhile; left deleted")
            return replace(action, verb="kept", reason="deleted meanwhile")
        except OSError as exc:
            raise TargetError(f"{file}: cannot read ({exc.strerror})") from None
        mine = [s for s in self._items(name, data) if s.uid == action.uid]
        if not mine:
            self._notice(
                name,
                f"is in the way of follow-up {action.uid} and is not calsync's; left alone, so "
                "that follow-up is not written",
            )
            return replace(action, verb="kept", reason="not calsync's", item=_any_item(data))
        again = reconcile.redo(action, mine[0])
        if again.verb == "kept" and again.reason == "edited by you":
            self._notice(name, "changed meanwhile (edited by you); kept")
        return again

    def _notice(self, name: str, message: str) -> None:
        self.notices.append(Notice(str(self.path / name), message))


def _any_item(data: bytes):
    """The file's first task or event, as what the target holds there (not calsync's)."""
    from icalendar import Todo

    try:
        calendar = Calendar.from_ical(data)
    except ValueError:
        return Todo()
    return next((c for c in calendar.subcomponents if c.name in ("VTODO", "VEVENT")), Todo())


def file_name(uid: str) -> str:
    """A safe file name for a UID (vdir: the name is free, the UID inside is what counts)."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", uid)[:200] + ".ics"
