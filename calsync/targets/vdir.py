"""A directory as a target: one `.ics` per item, the vdir layout khal and todoman read."""

from __future__ import annotations

import re
from pathlib import Path

from icalendar import Calendar

from calsync import ical
from calsync.errors import TargetError
from calsync.reconcile import Action, Stored
from calsync.targets import remove_leftovers, write_atomic


class VdirTarget:
    former_labels: tuple[str, ...] = ()

    def __init__(self, path: Path):
        self.path = path
        self.label = str(path.resolve())
        self.exclusive = True  # one run at a time: see calsync.lock
        self.persistent = True

    def exists(self) -> bool:
        return self.path.is_dir()

    def snapshot(self) -> list[Stored]:
        if not self.path.exists():
            return []
        stored = []
        for file in sorted(self.path.glob("*.ics")):
            try:
                raw = file.read_bytes().decode("utf-8-sig")
            except (OSError, UnicodeDecodeError):
                continue  # not ours to judge: left untouched
            if "X-CALSYNC-KIND" not in raw.upper():
                continue
            try:
                calendar = Calendar.from_ical(raw.encode("utf-8"))
            except ValueError:
                continue
            for item in calendar.subcomponents:
                if item.name in ("VTODO", "VEVENT") and ical.is_owned(item):
                    stored.append(Stored(str(item.get("UID", "")), item, raw, file.name))
        return stored

    def apply(self, actions: list[Action]) -> list[Action]:
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise TargetError(
                f"{self.path}: cannot create the directory ({exc.strerror})"
            ) from None
        try:
            remove_leftovers(self.path)  # from a run that was killed
        except OSError as exc:
            raise TargetError(f"{self.path}: cannot write ({exc.strerror})") from None
        for action in actions:
            if not action.writes:
                continue
            name = action.stored.key if action.stored else file_name(action.uid)
            data = ical.calendar([action.item]).to_ical()
            try:
                write_atomic(self.path / name, data)
            except OSError as exc:
                raise TargetError(f"{self.path / name}: cannot write ({exc.strerror})") from None
        return actions


def file_name(uid: str) -> str:
    """A safe file name for a UID (vdir: the name is free, the UID inside is what counts)."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", uid)[:200] + ".ics"
