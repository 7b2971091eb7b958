"""Planned follow-ups + what the target holds -> actions (pure). SPEC §7, for file targets."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from icalendar import Component

from calsync import ical
from calsync.model import FollowUp

VERBS = ("create", "update", "cancel", "unchanged", "kept", "deleted")


@dataclass(frozen=True)
class Stored:
    """One calendar item as a target holds it."""

    uid: str
    item: Component
    raw: str  # its exact text, written back untouched unless calsync changes it
    key: str  # where it lives in the target (a file name, a block number)


@dataclass(frozen=True)
class Action:
    verb: str  # one of VERBS
    uid: str
    item: Component  # what the target holds afterwards
    reason: str
    followup: FollowUp | None = None
    stored: Stored | None = None

    @property
    def writes(self) -> bool:
        return self.verb in ("create", "update", "cancel")


def decide(
    followups: list[FollowUp],
    stored: list[Stored],
    *,
    as_: str,
    alarms: bool,
    now: datetime,
    keep_before: datetime,
    written_before: frozenset[str] | set[str] = frozenset(),
    aged: frozenset[str] | set[str] = frozenset(),
) -> list[Action]:
    """What to do with each planned follow-up, and with each owned item no longer planned.

    Items the user edited, completed or cancelled are kept as they are. An owned item no longer
    planned is cancelled, never deleted, unless it starts before `keep_before` (the planning
    window), or its interview (X-CALSYNC-SOURCE) is in `aged`, the interviews that ended before
    the window, and its application has nothing planned now: that is history moving on, not a
    cancellation. A planned follow-up that is absent but was `written_before` (the ledger) was
    deleted by the user and is not created again.
    """
    held = {s.uid: s for s in stored if ical.is_owned(s.item)}
    actions: list[Action] = []
    planned: set[str] = set()
    for followup in followups:
        planned.add(followup.uid)
        fresh = ical.build(followup, as_, alarms, now)
        current = held.get(followup.uid)
        if current is None:
            if followup.uid in written_before:
                actions.append(Action("deleted", followup.uid, fresh, "deleted by you", followup))
            else:
                actions.append(Action("create", followup.uid, fresh, "planned", followup))
            continue
        frozen = _frozen(current.item)
        if frozen:
            actions.append(Action("kept", followup.uid, current.item, frozen, followup, current))
        elif ical.owned_hash(fresh) == ical.owned_hash(current.item):
            actions.append(
                Action("unchanged", followup.uid, current.item, "up to date", followup, current)
            )
        else:
            item = ical.clone(current.item)
            ical.set_owned(item, followup)
            ical.stamp_hash(item)
            actions.append(
                Action(
                    "update",
                    followup.uid,
                    item,
                    _what_moved(current.item, fresh),
                    followup,
                    current,
                )
            )
    applications = {f.application for f in followups}
    for current in stored:
        if current.uid in planned or current.uid not in held:
            continue
        frozen = _frozen(current.item)
        start = current.item.get("DTSTART")
        old = start is not None and _as_datetime(start.dt) < keep_before
        past = (
            str(current.item.get("X-CALSYNC-SOURCE", "")) in aged
            and str(current.item.get("X-CALSYNC-APPLICATION", "")) not in applications
        )
        if frozen or old or past:
            reason = frozen or ("before the planning window" if old else "its interview is past")
            actions.append(Action("kept", current.uid, current.item, reason, None, current))
            continue
        item = ical.clone(current.item)
        ical.cancel(item)
        actions.append(Action("cancel", current.uid, item, "no longer planned", None, current))
    return actions


def counts(actions: list[Action]) -> dict[str, int]:
    return {verb: sum(a.verb == verb for a in actions) for verb in VERBS}


def _frozen(item: Component) -> str | None:
    if ical.is_done(item):
        return "done or cancelled"
    if ical.is_edited(item):
        return "edited by you"
    return None


def _what_moved(old: Component, new: Component) -> str:
    changed = [
        n
        for n in ("DTSTART", "DUE", "DTEND", "SUMMARY", "DESCRIPTION")
        if _ical(old, n) != _ical(new, n)
    ]
    return "changed: " + ", ".join(n.lower() for n in changed) if changed else "changed"


def _ical(item: Component, name: str) -> bytes | None:
    prop = item.get(name)
    return prop.to_ical() if prop is not None else None


def _as_datetime(value) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


AFTER_ROUND = ("phone-call", "next-steps", "final-nudge")


def cancel_after_reply(stored: list[Stored], applications: set[str]) -> list[Action]:
    """The employer answered: cancel the pending phone-call, next-steps and final-nudge."""
    actions = []
    for current in stored:
        item = current.item
        if not ical.is_owned(item) or str(item.get("X-CALSYNC-APPLICATION")) not in applications:
            continue
        if str(item.get("X-CALSYNC-KIND")) not in AFTER_ROUND or _frozen(item):
            continue
        cancelled = ical.clone(item)
        ical.cancel(cancelled)
        actions.append(
            Action("cancel", current.uid, cancelled, "the employer replied", None, current)
        )
    return actions


def redo(action: Action, current: Stored) -> Action:
    """`action` decided again against the item as the target holds it now (after a 412).

    Ours and untouched since calsync wrote it: the same change, made on the current item (so a
    client's own additions survive), or "unchanged" when it already says what we would write.
    Edited, done or cancelled by the user: theirs wins ("kept"). Not ours: "kept", untouched.
    """
    item = current.item
    if not ical.is_owned(item):
        return replace(action, verb="kept", item=item, reason="not calsync's", stored=current)
    frozen = _frozen(item)
    if frozen:
        return replace(action, verb="kept", item=item, reason=frozen, stored=current)
    if ical.owned_hash(item) == ical.owned_hash(action.item):
        return replace(action, verb="unchanged", item=item, reason="up to date", stored=current)
    changed = ical.clone(item)
    if action.followup is not None and action.verb != "cancel":
        ical.set_owned(changed, action.followup)
        ical.stamp_hash(changed)
    else:
        ical.cancel(changed)
    verb = "update" if action.verb == "create" else action.verb
    return replace(action, verb=verb, item=changed, stored=current)
