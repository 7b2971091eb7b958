"""Stateful property test of sync (STYLE practice 11, after vdirsyncer's SyncMachine).

Interviews move, get cancelled and gain later rounds; the user edits, completes and deletes
follow-ups in the target; the employer replies; calsync syncs in between. After every sync:
running again writes nothing, no UID is there twice, no change the user made is undone, nothing
calsync wrote disappears unless the user deleted it, and the user's own items are untouched.
"""

from __future__ import annotations

import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import vobject
from harness import (
    AFTER_ROUND,
    BERLIN,
    CONFIG,
    FOREIGN,
    NEW_YORK,
    NOW,
    FileHarness,
    MemoryHarness,
    Round,
    complete,
    owned,
    run,
    set_property,
    write_calendar,
)
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, precondition, rule, run_state_machine_as_test

from calsync import sync
from calsync.model import Person

SETTINGS = settings(max_examples=25, stateful_step_count=12, deadline=None)
PEOPLE = {
    "Acme": (
        Person("Dana Kowalski", "dana@acme.example"),
        Person("Priya Natarajan", "priya@acme.example"),
        Person("Lena Hoffmann", "lena@acme.example"),
    ),
    "Globex": (
        Person("Marco Rossi", "marco@globex.example"),
        Person("Ana Lima", "ana.lima@globex.example"),
    ),
}
ZONE = {"Acme": BERLIN, "Globex": NEW_YORK}
ROLE = {"Acme": "Data Engineer", "Globex": "Analyst"}
USER_EDITS = (
    "SUMMARY:Email them tonight",
    "DUE:20261204T090000Z",
    "DESCRIPTION:my own draft",
    "DTSTART;TZID=Europe/Berlin:20261201T080000",
)


class SyncMachine(RuleBasedStateMachine):
    make_harness = None  # set per target: a folder -> a harness
    base: Path  # the test's tmp_path

    def __init__(self):
        super().__init__()
        folder = Path(tempfile.mkdtemp(dir=self.base))  # a fresh target (and ledger) per run
        self.harness = type(self).make_harness(folder)
        self.harness.add_foreign(FOREIGN)
        self.foreign = self.harness.foreign()
        self.calendar = folder / "calendar.ics"
        self.rounds: dict[str, Round] = {}  # in the calendar, cancelled ones included
        self.numbers = {"Acme": 0, "Globex": 0}
        self._new_round("Acme", datetime(2026, 11, 17, 14), PEOPLE["Acme"][:1])
        self._new_round("Globex", datetime(2026, 11, 18, 11), PEOPLE["Globex"][:1])
        self.touched: dict[str, str] = {}  # edited or completed by the user: their exact text
        self.deleted: set[str] = set()
        self.seen: set[str] = set()  # every owned UID calsync has had in the target
        self.replied: set[str] = set()
        self.known: set[str] = set()  # applications calsync has written for
        self.synced = False

    def _new_round(self, company: str, start: datetime, people) -> None:
        self.numbers[company] += 1
        uid = f"{company.lower()}-round-{self.numbers[company]}@jobs.example"
        start = start.replace(tzinfo=ZONE[company])
        self.rounds[uid] = Round(uid, company, ROLE[company], start, tuple(people))

    def _active(self) -> list[str]:
        return sorted(uid for uid, r in self.rounds.items() if not r.cancelled)

    def _untouched(self) -> list[str]:
        return sorted(set(owned(self.harness)) - set(self.touched))

    # The calendar changes.

    @precondition(lambda self: self._active())
    @rule(data=st.data(), days=st.integers(-3, 6), hour=st.sampled_from([8, 11, 15, 17]))
    def reschedule(self, data, days, hour):
        uid = data.draw(st.sampled_from(self._active()))
        old = self.rounds[uid]
        self.rounds[uid] = old.moved(old.start.replace(hour=hour) + timedelta(days=days))

    @precondition(lambda self: self._active())
    @rule(data=st.data(), remove=st.booleans())
    def cancel(self, data, remove):
        uid = data.draw(st.sampled_from(self._active()))
        if remove:
            del self.rounds[uid]
        else:
            self.rounds[uid] = self.rounds[uid].cancel()

    @rule(
        company=st.sampled_from(sorted(PEOPLE)),
        days=st.integers(1, 9),
        data=st.data(),
    )
    def add_round(self, company, days, data):
        people = data.draw(
            st.lists(st.sampled_from(PEOPLE[company]), min_size=1, max_size=3, unique=True)
        )
        rounds = [r.start for r in self.rounds.values() if r.company == company]
        latest = max(rounds, default=datetime(2026, 11, 16, 10, tzinfo=ZONE[company]))
        self._new_round(company, (latest + timedelta(days=days)).replace(tzinfo=None), people)

    # The user, in the target.

    @precondition(lambda self: self.synced)
    @rule(data=st.data(), line=st.sampled_from(USER_EDITS))
    def user_edits(self, data, line):
        uids = self._untouched()
        if uids:
            uid = data.draw(st.sampled_from(uids))
            self.touched[uid] = set_property(self.harness.item(uid), line)
            self.harness.put(uid, self.touched[uid])

    @precondition(lambda self: self.synced)
    @rule(data=st.data(), how=st.sampled_from(["status", "percent", "both"]))
    def user_completes(self, data, how):
        uids = self._untouched()
        if uids:
            uid = data.draw(st.sampled_from(uids))
            self.touched[uid] = complete(self.harness.item(uid), how)
            self.harness.put(uid, self.touched[uid])

    @precondition(lambda self: self.synced)
    @rule(data=st.data())
    def user_deletes(self, data):
        uids = sorted(owned(self.harness))
        if uids:
            uid = data.draw(st.sampled_from(uids))
            self.harness.delete(uid)
            self.touched.pop(uid, None)
            self.deleted.add(uid)

    @precondition(lambda self: self.known)
    @rule(data=st.data())
    def employer_replies(self, data):
        application = data.draw(st.sampled_from(sorted(self.known)))
        replies, _ = sync.record_reply(self.harness.target(), application, date(2026, 11, 21))
        self.replied.update(r.key for r in replies)
        self.check_target()

    # calsync.

    @rule()
    def sync(self):
        write_calendar(self.calendar, list(self.rounds.values()))
        report = run(self.harness, [self.calendar])
        self.synced = True
        self.known |= {str(a.item["X-CALSYNC-APPLICATION"]) for a in report.actions}
        self.seen |= {a.uid for a in report.actions if a.verb in ("create", "update", "cancel")}
        self.check_target()
        before = self.harness.fingerprint()
        again = run(self.harness, [self.calendar])
        assert [a for a in again.actions if a.writes] == [], "a second run wrote"
        assert self.harness.fingerprint() == before, "a second run changed the target"
        self.check_plan_is_in_the_target(again)

    def _history(self, uid: str) -> bool:
        """Before the planning window: left as it is, planned or not (SPEC §3)."""
        start = owned(self.harness)[uid].decoded("DTSTART")
        return start < NOW - timedelta(days=CONFIG.detect.lookback_days)

    def check_target(self):
        items = owned(self.harness)  # asserts that no UID is there twice
        if isinstance(self.harness, FileHarness):
            vobject.readOne(self.harness.text())  # the other common parser reads it too
        for uid, text in self.touched.items():
            assert self.harness.item(uid) == text, f"the user's change to {uid} was undone"
        assert not self.deleted & set(items), "a deleted follow-up came back"
        assert self.seen - self.deleted <= set(items), "calsync deleted a follow-up"
        assert self.harness.foreign() == self.foreign, "the user's own items changed"
        pending = [
            (str(item["X-CALSYNC-APPLICATION"]), str(item["X-CALSYNC-KIND"]))
            for uid, item in items.items()
            if uid not in self.touched and str(item["STATUS"]) == "NEEDS-ACTION"
        ]
        after_round = [p for p in pending if p[1] in AFTER_ROUND]
        assert len(after_round) == len(set(after_round)), "two pending calls or nudges"
        assert not {key for key, _ in after_round} & self.replied, "pushy after a reply"

    def check_plan_is_in_the_target(self, report: sync.Report):
        """What is planned is there, or the user took it over; what is not is cancelled."""
        items = owned(self.harness)
        planned = {a.uid for a in report.actions if a.followup is not None}
        for action in report.actions:
            uid = action.uid
            if action.verb == "deleted":
                assert uid in self.deleted
            elif action.verb == "kept" and uid not in self.touched and not self._history(uid):
                assert str(items[uid]["STATUS"]) == "CANCELLED", (uid, action.reason)
            else:
                assert action.verb in ("unchanged", "kept"), (uid, action.verb)
        for uid, item in items.items():
            if uid not in planned and uid not in self.touched and not self._history(uid):
                assert str(item["STATUS"]) == "CANCELLED", f"{uid} is pending but not planned"


def memory(folder: Path) -> MemoryHarness:
    return MemoryHarness()


def ics_file(folder: Path) -> FileHarness:
    return FileHarness(folder / "followups.ics")


@pytest.mark.parametrize("make_harness", [memory, ics_file], ids=["memory", "ics-file"])
def test_sync_machine(make_harness, tmp_path):
    machine = type(
        f"SyncMachine_{make_harness.__name__}",
        (SyncMachine,),
        {"make_harness": staticmethod(make_harness), "base": tmp_path},
    )
    run_state_machine_as_test(machine, settings=SETTINGS)
