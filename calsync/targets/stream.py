"""Standard output as a target: the follow-ups as one calendar, nothing read back."""

from __future__ import annotations

from calsync import ical
from calsync.reconcile import Action, Stored


class StreamTarget:
    former_labels: tuple[str, ...] = ()
    label = "<stdout>"
    exclusive = False  # nothing is read back, so two runs cannot undo each other
    persistent = False

    def __init__(self, stream):
        self.stream = stream

    def exists(self) -> bool:
        return False

    def snapshot(self) -> list[Stored]:
        return []

    def apply(self, actions: list[Action]) -> list[Action]:
        calendar = ical.calendar([a.item for a in actions])
        self.stream.write(calendar.to_ical())
        self.stream.flush()
        return actions
