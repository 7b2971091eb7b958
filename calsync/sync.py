"""One sync run: gather (sources, target snapshot), compute (detect, plan, decide), commit."""

from __future__ import annotations

import os
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from calsync import detect, drafts, lock, plan, reconcile
from calsync.config import Config
from calsync.model import Notice
from calsync.reconcile import Action
from calsync.sources import ics
from calsync.targets import Target


@dataclass(frozen=True)
class Report:
    actions: list[Action]
    notices: tuple[Notice, ...]
    interviews: int
    events: int
    dry_run: bool

    @property
    def counts(self) -> dict[str, int]:
        return reconcile.counts(self.actions)


def run(
    sources: list[str],
    target: Target,
    config: Config,
    now: datetime,
    *,
    as_: str | None = None,
    dry_run: bool = False,
) -> Report:
    """Read every source first (a bad one stops the run before the target is touched)."""
    zone = default_zone(config)
    calendars = [calendar for spec in sources for calendar in ics.read(spec)]
    detected = detect.detect(calendars, config, now, zone)
    templates = drafts.load_templates(config.template_dir)
    followups = plan.plan(detected.interviews, config, templates)
    # Writing to stdout, or writing nothing, needs no lock: only a run that writes a target does.
    guard = nullcontext() if dry_run or not target.exclusive else lock.held(target.label)
    with guard:
        return _reconcile(target, detected, followups, config, now, as_, dry_run)


def _reconcile(target, detected, followups, config, now, as_, dry_run) -> Report:
    """Under the lock: read the target back, decide, write."""
    stored = target.snapshot()
    actions = reconcile.decide(
        followups,
        stored,
        as_=as_ or config.output.as_,
        alarms=config.output.alarms,
        now=now,
        keep_before=now - timedelta(days=config.detect.lookback_days),
    )
    if not dry_run:
        target.apply(actions)
    return Report(
        actions, detected.notices, len(detected.interviews), detected.events_seen, dry_run
    )


def default_zone(config: Config) -> tzinfo:
    """For floating and all-day times: [me] timezone, else the system's zone, else UTC."""
    for name in (config.me.timezone, os.environ.get("TZ", "").lstrip(":"), _system_zone_name()):
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def _system_zone_name() -> str | None:
    try:
        target = str(Path("/etc/localtime").resolve())
    except OSError:
        return None
    marker = "zoneinfo/"
    return target.split(marker, 1)[1] if marker in target else None
