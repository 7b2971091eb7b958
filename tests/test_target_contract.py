"""The target contract (SPEC §7): one suite every target passes, run through `calsync.sync.run`.

`TargetContract` holds the cases; each target joins with a subclass that supplies a `harness`:
the target plus a pair of hands that edit its stored text as a user would (see harness.py).
The memory, `.ics` file and directory targets join below; the CalDAV target joins on Radicale
and Xandikos in test_caldav_target.py (`CaldavHarness`: the user's edits go straight to the
server, `fingerprint()` = every href with its ETag and the writes calsync sent).

Every case starts from a small generated calendar (two applications: Acme in Europe/Berlin with a
panel of two, Globex in UTC with one interviewer) and a fixed `now`; the first run writes 9 items.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from harness import (
    AFTER_ROUND,
    BERLIN,
    FOREIGN,
    NOW,
    FileHarness,
    MemoryHarness,
    Round,
    VdirHarness,
    complete,
    owned,
    run,
    set_property,
    write_calendar,
)

from calsync import ical, sync
from calsync.model import Person

DANA = Person("Dana Kowalski", "dana@acme.example")
PRIYA = Person("Priya Natarajan", "priya@acme.example")
MARCO = Person("Marco Rossi", "marco@globex.example")
ACME = Round(
    "acme-tech-1@jobs.example",
    "Acme",
    "Data Engineer",
    datetime(2026, 11, 17, 14, tzinfo=BERLIN),
    (DANA, PRIYA),
)
GLOBEX = Round(
    "globex-screen@jobs.example",
    "Globex",
    "Analyst",
    datetime(2026, 11, 18, 15, tzinfo=UTC),
    (MARCO,),
    minutes=30,
)
ACME_FINAL = Round(
    "acme-final@jobs.example",
    "Acme",
    "Data Engineer",
    datetime(2026, 11, 26, 10, tzinfo=BERLIN),
    (PRIYA,),
)
ALL = ACME.followup_uids() | GLOBEX.followup_uids()  # 5 + 4
DANA_THANKS = ACME.followup_uid("thank-you", DANA)
ACME_NEXT_STEPS = ACME.followup_uid("next-steps")
MOVED = datetime(2026, 11, 19, 10, tzinfo=BERLIN)  # Tuesday 14:00 -> Thursday 10:00


class World:
    """One target and the interview calendar it is kept in step with."""

    def __init__(self, harness, tmp_path: Path):
        self.harness = harness
        self.calendar = tmp_path / "calendar.ics"
        self.sources = [write_calendar(self.calendar, [ACME, GLOBEX])]
        self.tmp_path = tmp_path

    def sync(self, now: datetime = NOW, **options) -> sync.Report:
        return run(self.harness, self.sources, now, **options)

    def calendar_holds(self, *rounds: Round) -> None:
        write_calendar(self.calendar, list(rounds))

    def invite_update(self, interview: Round) -> None:
        """An updated invite arrives as its own file, beside the old one: SEQUENCE decides."""
        self.sources.append(
            write_calendar(self.tmp_path / f"update-{len(self.sources)}.ics", [interview])
        )

    def user_changes(self, uid: str, *lines: str) -> str:
        text = self.harness.item(uid)
        for line in lines:
            text = set_property(text, line)
        self.harness.put(uid, text)
        return text


def verbs(report: sync.Report) -> dict[str, str]:
    return {a.uid: a.verb for a in report.actions}


def writes(report: sync.Report) -> list[str]:
    return [a.uid for a in report.actions if a.writes]


def status(item) -> str:
    return str(item.get("STATUS"))


def stable(world: World) -> sync.Report:
    """Run again: nothing may be written, and the stored text must be exactly as it was."""
    before = world.harness.fingerprint()
    report = world.sync()
    assert writes(report) == []
    assert world.harness.fingerprint() == before
    return report


class TargetContract:
    @pytest.fixture
    def harness(self, tmp_path):
        raise NotImplementedError("a target joins by supplying its harness")

    @pytest.fixture
    def world(self, harness, tmp_path) -> World:
        return World(harness, tmp_path)

    # create

    def test_first_run_creates_every_follow_up_once(self, world):
        report = world.sync()
        assert report.counts["create"] == 9 and len(report.actions) == 9
        items = owned(world.harness)
        assert set(items) == ALL
        for uid, item in items.items():
            assert item.name == "VTODO" and status(item) == "NEEDS-ACTION"
            assert str(item["X-CALSYNC-HASH"]) == ical.owned_hash(item), uid
            assert "ATTENDEE" not in item and "ORGANIZER" not in item
        thanks = items[DANA_THANKS]
        assert thanks.decoded("DTSTART") == ACME.end  # in the interview's own zone
        assert thanks["DTSTART"].params["TZID"] == "Europe/Berlin"
        assert str(thanks["RELATED-TO"]) == ACME.uid
        assert str(thanks["X-CALSYNC-APPLICATION"]) == "acme/data-engineer"
        marco = items[GLOBEX.followup_uid("thank-you", MARCO)]
        assert marco.decoded("DUE") == GLOBEX.end + timedelta(hours=24)

    def test_events_instead_of_tasks_follow_the_same_rules(self, world):
        world.sync(as_="event")
        assert {c.name for c in owned(world.harness).values()} == {"VEVENT"}
        world.invite_update(ACME.moved(MOVED))
        assert sorted(verbs(world.sync(as_="event")).values()).count("update") == 5
        world.calendar_holds(GLOBEX)
        world.sources = [world.calendar]
        report = world.sync(as_="event")
        assert sorted(writes(report)) == sorted(ACME.followup_uids())
        items = owned(world.harness)
        assert {status(items[u]) for u in ACME.followup_uids()} == {"CANCELLED"}
        assert items[DANA_THANKS].decoded("DTEND") == MOVED + timedelta(hours=25)

    # update

    def test_rescheduled_interview_moves_its_pending_items_under_the_same_uids(self, world):
        world.sync()
        before = owned(world.harness)
        world.invite_update(ACME.moved(MOVED))
        report = world.sync()
        assert report.counts == dict(create=0, update=5, cancel=0, unchanged=4, kept=0, deleted=0)
        assert sorted(writes(report)) == sorted(ACME.followup_uids())
        after = owned(world.harness)
        assert set(after) == ALL  # same UIDs, nothing new, nothing twice
        thanks = after[DANA_THANKS]
        assert thanks.decoded("DTSTART") == MOVED + timedelta(hours=1)
        assert thanks.decoded("DUE") == MOVED + timedelta(hours=25)
        assert "Thursday, 19 November" in str(thanks["DESCRIPTION"])
        for kind in AFTER_ROUND:
            uid = ACME.followup_uid(kind)
            assert after[uid].decoded("DTSTART") > before[uid].decoded("DTSTART"), kind
        for uid in GLOBEX.followup_uids():
            assert after[uid].to_ical() == before[uid].to_ical()
        stable(world)

    def test_an_older_invite_does_not_undo_a_reschedule(self, world):
        world.calendar_holds(ACME.moved(MOVED), GLOBEX)
        world.sync()
        world.invite_update(ACME)  # the original invite, SEQUENCE 0, read after the update
        stable(world)

    def test_users_own_fields_on_an_item_survive_an_update(self, world):
        world.sync()
        world.user_changes(
            DANA_THANKS, "PRIORITY:9", "LOCATION:Café Einstein", "CATEGORIES:calsync,thank-you,me"
        )
        world.invite_update(ACME.moved(MOVED))
        assert verbs(world.sync())[DANA_THANKS] == "update"
        thanks = owned(world.harness)[DANA_THANKS]
        assert (int(thanks["PRIORITY"]), str(thanks["LOCATION"])) == (9, "Café Einstein")
        assert "me" in thanks["CATEGORIES"].cats
        assert thanks.decoded("DUE") == MOVED + timedelta(hours=25)
        stable(world)

    # cancel

    @pytest.mark.parametrize("how", ["cancelled", "removed", "superseded"])
    def test_follow_ups_no_longer_planned_are_cancelled_never_deleted(self, world, how):
        world.sync()
        if how == "cancelled":
            world.calendar_holds(ACME.cancel(), GLOBEX)
            gone = ACME.followup_uids()
        elif how == "removed":
            world.calendar_holds(GLOBEX)
            gone = ACME.followup_uids()
        else:  # a later round with Acme: the after-round items move to follow it
            world.calendar_holds(ACME, GLOBEX, ACME_FINAL)
            gone = ACME.followup_uids(AFTER_ROUND)
        report = world.sync()
        assert {u for u, v in verbs(report).items() if v == "cancel"} == gone
        items = owned(world.harness)
        assert set(items) >= ALL  # nothing deleted
        for uid in ALL:
            assert status(items[uid]) == ("CANCELLED" if uid in gone else "NEEDS-ACTION")
            assert not ical.is_edited(items[uid])
        if how == "superseded":
            assert set(items) == ALL | ACME_FINAL.followup_uids()
            assert report.counts["create"] == 4
        else:
            assert set(items) == ALL and report.counts["create"] == 0
        again = stable(world)
        assert {u for u, v in verbs(again).items() if v == "kept"} == gone

    # kept: edited by the user

    @pytest.mark.parametrize(
        "change",
        [
            ("SUMMARY:Email Dana tonight",),
            ("DUE;TZID=Europe/Berlin:20261120T090000",),
            ("DESCRIPTION:my own draft, thanks",),
            ("STATUS:IN-PROCESS", "PERCENT-COMPLETE:40"),
        ],
        ids=["summary", "due", "description", "in-process"],
    )
    def test_item_the_user_edited_is_kept_exactly_as_they_left_it(self, world, change):
        world.sync()
        edited = world.user_changes(DANA_THANKS, *change)
        report = world.sync()
        assert verbs(report)[DANA_THANKS] == "kept"
        (action,) = [a for a in report.actions if a.uid == DANA_THANKS]
        assert action.reason == "edited by you"
        assert world.harness.item(DANA_THANKS) == edited
        world.invite_update(ACME.moved(MOVED))
        report = world.sync()
        assert verbs(report)[DANA_THANKS] == "kept"
        assert verbs(report)[ACME.followup_uid("thank-you", PRIYA)] == "update"
        assert world.harness.item(DANA_THANKS) == edited
        world.calendar_holds(GLOBEX)
        world.sources = [world.calendar]
        report = world.sync()
        assert verbs(report)[DANA_THANKS] == "kept"  # not even cancelled
        assert world.harness.item(DANA_THANKS) == edited
        stable(world)

    # completed

    @pytest.mark.parametrize("how", ["status", "percent", "both"])
    def test_completed_item_is_never_touched_again(self, world, how):
        world.sync()
        done = {}
        for uid in (DANA_THANKS, ACME_NEXT_STEPS):
            done[uid] = complete(world.harness.item(uid), how)
            world.harness.put(uid, done[uid])
        world.invite_update(ACME.moved(MOVED))
        report = world.sync()
        assert {verbs(report)[u] for u in done} == {"kept"}
        assert sorted(writes(report)) == sorted(ACME.followup_uids() - set(done))
        world.calendar_holds(GLOBEX)
        world.sources = [world.calendar]
        report = world.sync()
        assert {verbs(report)[u] for u in done} == {"kept"}
        assert sync.record_reply(world.harness.target(), "Acme", date(2026, 11, 24))[1] == []
        for uid, text in done.items():
            assert world.harness.item(uid) == text
        stable(world)

    # deleted

    def test_follow_up_the_user_deleted_stays_deleted(self, world):
        world.sync()
        for uid in (DANA_THANKS, ACME_NEXT_STEPS):
            world.harness.delete(uid)
        report = world.sync()
        assert report.counts["deleted"] == 2 and report.counts["create"] == 0
        assert {verbs(report)[u] for u in (DANA_THANKS, ACME_NEXT_STEPS)} == {"deleted"}
        assert set(owned(world.harness)) == ALL - {DANA_THANKS, ACME_NEXT_STEPS}
        world.invite_update(ACME.moved(MOVED))  # even when the interview moves
        report = world.sync()
        assert report.counts["deleted"] == 2 and report.counts["update"] == 3
        assert set(owned(world.harness)) == ALL - {DANA_THANKS, ACME_NEXT_STEPS}
        stable(world)
        world.calendar_holds(GLOBEX)  # and when it is cancelled: nothing to cancel
        world.sources = [world.calendar]
        report = world.sync()
        assert report.counts["cancel"] == 3
        assert set(owned(world.harness)) == ALL - {DANA_THANKS, ACME_NEXT_STEPS}

    # idempotent

    def test_running_again_writes_nothing(self, world):
        world.sync()
        report = stable(world)
        assert report.counts["unchanged"] == 9
        stable(world)

    def test_a_later_run_with_nothing_new_writes_nothing(self, world):
        world.sync()
        before = world.harness.fingerprint()
        report = world.sync(now=NOW + timedelta(hours=3))
        assert writes(report) == [] and world.harness.fingerprint() == before

    def test_running_again_after_every_kind_of_change_writes_nothing(self, world):
        world.sync()
        world.user_changes(DANA_THANKS, "SUMMARY:Email Dana tonight")
        world.harness.put(ACME_NEXT_STEPS, complete(world.harness.item(ACME_NEXT_STEPS)))
        world.harness.delete(GLOBEX.followup_uid("thank-you", MARCO))
        world.calendar_holds(ACME.moved(MOVED), GLOBEX.cancel(), ACME_FINAL)
        first = world.sync()
        assert writes(first)
        stable(world)
        sync.record_reply(world.harness.target(), "Acme", date(2026, 11, 27))
        world.sync()
        stable(world)

    # foreign

    def test_the_users_own_items_are_never_touched(self, tmp_path, harness):
        harness.add_foreign(FOREIGN)
        world = World(harness, tmp_path)
        before = harness.foreign()
        world.sync()
        assert harness.foreign() == before
        assert {str(c["UID"]) for c in harness.components()} == ALL | {
            "dentist-2026@example.org",
            "groceries@example.org",
        }
        world.invite_update(ACME.moved(MOVED))
        world.sync()
        world.calendar_holds(GLOBEX)
        world.sources = [world.calendar]
        world.sync()
        sync.record_reply(harness.target(), "Globex", date(2026, 11, 24))
        world.sync()
        assert harness.foreign() == before
        stable(world)

    # replied

    def test_a_reply_cancels_the_pending_after_round_items_and_they_stay_out(self, world):
        world.sync()
        world.harness.put(ACME_NEXT_STEPS, complete(world.harness.item(ACME_NEXT_STEPS)))
        done = world.harness.item(ACME_NEXT_STEPS)
        replies, actions = sync.record_reply(world.harness.target(), "acme", date(2026, 11, 24))
        assert [r.key for r in replies] == ["acme/data-engineer"]
        replied = {ACME.followup_uid("phone-call"), ACME.followup_uid("final-nudge")}
        assert {a.uid for a in actions} == replied and {a.verb for a in actions} == {"cancel"}
        items = owned(world.harness)
        assert {status(items[u]) for u in replied} == {"CANCELLED"}
        assert world.harness.item(ACME_NEXT_STEPS) == done
        report = world.sync()
        assert report.counts["create"] == 0 and writes(report) == []
        world.invite_update(ACME.moved(MOVED))  # the rest keeps in step; the replied stay out
        world.calendar_holds(ACME, GLOBEX, ACME_FINAL)
        report = world.sync()
        created = {u for u, v in verbs(report).items() if v == "create"}
        assert created == ACME_FINAL.followup_uids(["thank-you"])  # thank-yous only
        items = owned(world.harness)
        assert {status(items[u]) for u in replied} == {"CANCELLED"}
        assert world.harness.item(ACME_NEXT_STEPS) == done
        assert {status(items[u]) for u in GLOBEX.followup_uids()} == {"NEEDS-ACTION"}
        stable(world)


class TestMemoryTarget(TargetContract):
    @pytest.fixture
    def harness(self):
        return MemoryHarness()


class TestIcsFileTarget(TargetContract):
    @pytest.fixture
    def harness(self, tmp_path):
        return FileHarness(tmp_path / "followups.ics")


class TestVdirTarget(TargetContract):
    @pytest.fixture
    def harness(self, tmp_path):
        return VdirHarness(tmp_path / "tasks")
