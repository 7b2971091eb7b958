"""Where each application stands: its follow-ups in the target and their states (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from calsync import ical, identity
from calsync.reconcile import Stored

STATES = ("pending", "due", "overdue", "done", "cancelled", "edited", "deleted")
ORDER = {"thank-you": 0, "phone-call": 1, "next-steps": 2, "final-nudge": 3}


@dataclass(frozen=True)
class FollowUpState:
    uid: str
    kind: str
    summary: str
    start: datetime | None
    due: datetime | None
    state: str

    @property
    def short_id(self) -> str:
        return identity.short_id(self.uid)


@dataclass(frozen=True)
class ApplicationState:
    key: str
    company: str | None
    role: str | None
    latest_round: datetime | None  # when the latest round ended (a thank-you's start)
    replied: str | None
    followups: tuple[FollowUpState, ...]


def state_of(item, now: datetime) -> str:
    status = str(item.get("STATUS", "")).upper()
    if status == "CANCELLED":
        return "cancelled"
    if ical.is_done(item):
        return "done"
    if ical.is_edited(item):
        return "edited"
    start, due = _moment(item.get("DTSTART")), _moment(item.get("DUE") or item.get("DTEND"))
    if due is not None and due < now:
        return "overdue"
    if start is not None and start <= now:
        return "due"
    return "pending"


def applications(
    stored: list[Stored],
    written: dict[str, dict],
    known: dict[str, dict],
    replied: dict[str, str],
    now: datetime,
) -> list[ApplicationState]:
    """One entry per application, from the target's items plus the ledger's deleted ones."""
    rows: dict[str, list[FollowUpState]] = {}
    present = set()
    for current in stored:
        item = current.item
        if not ical.is_owned(item):
            continue
        present.add(current.uid)
        key = str(item.get("X-CALSYNC-APPLICATION", ""))
        rows.setdefault(key, []).append(
            FollowUpState(
                current.uid,
                str(item.get("X-CALSYNC-KIND", "")),
                str(item.get("SUMMARY", "")),
                _moment(item.get("DTSTART")),
                _moment(item.get("DUE") or item.get("DTEND")),
                state_of(item, now),
            )
        )
    for uid, record in written.items():
        if uid in present:
            continue
        due = datetime.fromisoformat(record["due"]) if record.get("due") else None
        rows.setdefault(record.get("application", ""), []).append(
            FollowUpState(
                uid, record.get("kind", ""), record.get("summary", ""), None, due, "deleted"
            )
        )
    result = []
    for key, followups in rows.items():
        followups.sort(key=lambda f: (_sortable(f.due), ORDER.get(f.kind, 9), f.uid))
        ends = [f.start for f in followups if f.kind == "thank-you" and f.start]
        info = known.get(key, {})
        result.append(
            ApplicationState(
                key,
                info.get("company"),
                info.get("role"),
                max(ends, default=None),
                replied.get(key),
                tuple(followups),
            )
        )
    result.sort(key=lambda a: (_sortable(a.latest_round), a.key))
    return result


def _moment(prop) -> datetime | None:
    if prop is None:
        return None
    value = prop.dt
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return None


def _sortable(moment: datetime | None) -> datetime:
    return moment or datetime.max.replace(tzinfo=UTC)
