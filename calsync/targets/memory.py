"""An in-memory target: the reference the target contract suite holds the others to."""

from __future__ import annotations

import itertools

from icalendar import Component

from calsync import ical
from calsync.reconcile import Action, Stored

_numbers = itertools.count(1)


class MemoryTarget:
    """Items by UID, each kept as its text (as a server or a file would hold it)."""

    former_labels: tuple[str, ...] = ()

    exclusive = False
    persistent = True

    def __init__(self, items: dict[str, str] | None = None):
        self.items: dict[str, str] = dict(items or {})
        self.label = f"memory:{next(_numbers)}"
        self.writes = 0

    def exists(self) -> bool:
        return True

    def snapshot(self) -> list[Stored]:
        stored = []
        for uid, text in self.items.items():
            try:
                item = Component.from_ical(text.encode("utf-8"))
            except ValueError:
                continue  # unreadable: the user's, left as it is (as the other targets do)
            stored.append(Stored(uid, item, text, uid))
        return stored

    def apply(self, actions: list[Action]) -> list[Action]:
        for action in actions:
            if action.writes:
                self.items[action.uid] = ical.to_text(action.item)
                self.writes += 1
        return actions
